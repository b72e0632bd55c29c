"""The committed SDL is the contract: it must match what the code exports."""

from __future__ import annotations

from schema.build import SDL_PATH, export_sdl


def test_committed_schema_matches_the_code() -> None:
    assert SDL_PATH.read_text() == export_sdl(), (
        "schema/schema.graphql is out of date: run `make schema` and commit it"
    )


def test_contract_names_from_api_md_are_present() -> None:
    sdl = export_sdl()
    for name in [
        "type ActiveNumber implements Node",
        "activeNumbers(",
        "activeNumber(",
        "viewer: Account!",
        "node(id: ID!): Node",
        "monthlyCost: Money!",
        "totalCount: Int!",
        "inboundCallerIdPreservation: IdPreservation!",
        "inboundMps: Int!",
        "enum NumberLifecycle",
    ]:
        assert name in sdl, name

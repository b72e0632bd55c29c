"""Trusted documents: ``numbers-gateway documents register`` stores their hashes, and with
GATEWAY_TRUSTED_DOCUMENTS_ONLY nothing else runs (403 TRUSTED_DOCUMENT_REQUIRED), however it
is sent, except GraphiQL's own requests while GraphiQL is enabled."""

from __future__ import annotations

import asyncio
from pathlib import Path

import orjson
from sqlalchemy import select
from typer.testing import CliRunner, Result

from gateway.cli import cli
from resolvers.core.tables import persisted_documents
from tests.persisted.support import VIEWER, code_of, hash_of, send
from tests.protection.support import gateway_with
from tests.support.client import Gateway
from tests.support.numbers import sign_in

OTHER = "{ viewer { sid friendlyName } }"


def database_url_of(gateway: Gateway) -> str:
    return gateway.engine.url.render_as_string(hide_password=False)


async def register(database_url: str, *files: Path) -> Result:
    """The real command, in a thread (it runs its own event loop)."""
    arguments = ["documents", "register", "--database", database_url, "--json"]
    arguments += [str(file) for file in files]
    return await asyncio.to_thread(CliRunner().invoke, cli, arguments)


async def test_register_prints_and_stores_each_files_hash(gateway: Gateway, tmp_path: Path) -> None:
    file = tmp_path / "Me.graphql"
    file.write_text(VIEWER)
    result = await register(database_url_of(gateway), file)
    assert result.exit_code == 0, result.output
    assert orjson.loads(result.stdout) == {str(file): hash_of(VIEWER)}
    async with gateway.engine.connect() as conn:
        rows = (await conn.execute(select(persisted_documents))).all()
    assert [(row.sha256, row.document, row.trusted) for row in rows] == [
        (hash_of(VIEWER), VIEWER, True)
    ]


async def test_register_refuses_a_document_that_does_not_validate(
    gateway: Gateway, tmp_path: Path
) -> None:
    good, bad = tmp_path / "good.graphql", tmp_path / "bad.graphql"
    good.write_text(VIEWER)
    bad.write_text("{ viewer { noSuchField } }")
    result = await register(database_url_of(gateway), good, bad)
    assert result.exit_code == 1
    assert "bad.graphql" in result.output
    assert "noSuchField" in result.output
    async with gateway.engine.connect() as conn:
        assert (await conn.execute(select(persisted_documents))).all() == []


async def test_only_trusted_documents_run(gateway: Gateway, tmp_path: Path) -> None:
    file = tmp_path / "Me.graphql"
    file.write_text(VIEWER)
    assert (await register(database_url_of(gateway), file)).exit_code == 0
    caller = await sign_in(gateway)
    settings: dict[str, object] = {"trusted_documents_only": True, "graphiql": False}
    async with gateway_with(database_url_of(gateway), settings=settings) as strict:
        strict.auth = gateway.auth
        by_hash = await send(strict, "GET", sha256=hash_of(VIEWER))
        by_text = await send(strict, "POST", query=VIEWER)
        other_text = await send(strict, "POST", query=OTHER)
        other_registration = await send(strict, "POST", query=OTHER, sha256=hash_of(OTHER))
        unknown_hash = await send(strict, "POST", sha256=hash_of(OTHER))
        posing = await send(strict, "POST", query=OTHER, headers={"X-Gateway-Client": "graphiql"})
    for response in (by_hash, by_text):
        assert response.status_code == 200, response.text
        assert response.json()["data"] == {"viewer": {"sid": caller.sid}}
    for response in (other_text, other_registration, unknown_hash, posing):
        assert response.status_code == 403, response.text
        assert code_of(response) == "TRUSTED_DOCUMENT_REQUIRED"
        assert "numbers-gateway documents register" in response.json()["errors"][0]["message"]
    async with gateway.engine.connect() as conn:
        hashes = (await conn.execute(select(persisted_documents.c.sha256))).scalars().all()
    assert hashes == [hash_of(VIEWER)]  # the refused registration stored nothing


async def test_graphiql_runs_any_document_while_it_is_enabled(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    settings: dict[str, object] = {"trusted_documents_only": True, "graphiql": True}
    async with gateway_with(database_url_of(gateway), settings=settings) as development:
        development.auth = gateway.auth
        from_graphiql = await send(
            development, "POST", query=OTHER, headers={"X-Gateway-Client": "graphiql"}
        )
        from_an_app = await send(development, "POST", query=OTHER)
    assert from_graphiql.status_code == 200, from_graphiql.text
    assert from_graphiql.json()["data"]["viewer"]["sid"] == caller.sid
    assert from_an_app.status_code == 403

"""HTTP caching of GET queries: ETag and ``Cache-Control: private, no-cache``, 304 with no body
for ``If-None-Match``, a tag that follows the answer and the account, ``Vary`` right."""

from __future__ import annotations

import httpx
from sqlalchemy import update

from resolvers.core.tables import accounts
from tests.persisted.support import VIEWER, hash_of, send
from tests.support.client import Gateway
from tests.support.numbers import sign_in

NAMED = "{ viewer { sid friendlyName } }"
NEW = "application/graphql-response+json"


async def get(gateway: Gateway, query: str, **headers: str) -> httpx.Response:
    all_headers = {"Authorization": gateway.auth or "", **headers}
    return await gateway.http.get("/graphql", params={"query": query}, headers=all_headers)


async def test_a_get_query_is_tagged_and_revalidates_with_304(gateway: Gateway) -> None:
    await sign_in(gateway)
    first = await get(gateway, NAMED)
    assert first.status_code == 200, first.text
    tag = first.headers["etag"]
    assert first.headers["cache-control"] == "private, no-cache"
    assert first.headers["vary"] == "Authorization, Accept"
    again = await get(gateway, NAMED, **{"If-None-Match": tag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == tag
    assert again.headers["vary"] == "Authorization, Accept"
    assert again.headers["cache-control"] == "private, no-cache"


async def test_the_tag_changes_when_the_answer_does(gateway: Gateway) -> None:
    caller = await sign_in(gateway)
    tag = (await get(gateway, NAMED)).headers["etag"]
    async with gateway.engine.begin() as conn:
        await conn.execute(
            update(accounts).where(accounts.c.sid == caller.sid).values(friendly_name="Renamed")
        )
    changed = await get(gateway, NAMED, **{"If-None-Match": tag})
    assert changed.status_code == 200
    assert changed.json()["data"]["viewer"]["friendlyName"] == "Renamed"
    assert changed.headers["etag"] != tag


async def test_two_accounts_never_share_a_tag(gateway: Gateway) -> None:
    await sign_in(gateway)
    first = await get(gateway, "{ __typename }")
    await sign_in(gateway)
    second = await get(gateway, "{ __typename }", **{"If-None-Match": first.headers["etag"]})
    assert first.json() == second.json()  # the same answer …
    assert second.status_code == 200  # … is not the other account's to revalidate
    assert second.headers["etag"] != first.headers["etag"]


async def test_each_media_type_has_its_own_tag(gateway: Gateway) -> None:
    await sign_in(gateway)
    legacy = await get(gateway, NAMED)
    new = await get(gateway, NAMED, Accept=NEW, **{"If-None-Match": legacy.headers["etag"]})
    assert new.status_code == 200
    assert new.headers["content-type"].startswith(NEW)
    assert new.headers["etag"] != legacy.headers["etag"]


async def test_a_persisted_get_query_revalidates_too(gateway: Gateway) -> None:
    await sign_in(gateway)
    await send(gateway, "POST", query=VIEWER, sha256=hash_of(VIEWER))
    first = await send(gateway, "GET", sha256=hash_of(VIEWER))
    assert first.status_code == 200, first.text
    again = await send(
        gateway, "GET", sha256=hash_of(VIEWER), headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304
    assert again.content == b""


async def test_posts_and_refused_mutations_over_get_are_not_tagged(gateway: Gateway) -> None:
    await sign_in(gateway)
    posted = await gateway.post(NAMED)
    assert posted.status_code == 200
    assert "etag" not in posted.headers
    assert posted.headers["vary"] == "Authorization, Accept"
    mutation = 'mutation { releasePhoneNumber(input: { sid: "PN0" }) { userErrors { code } } }'
    refused = await get(gateway, mutation, **{"If-None-Match": "*"})
    assert refused.status_code == 405
    assert "etag" not in refused.headers

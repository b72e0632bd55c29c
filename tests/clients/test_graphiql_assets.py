"""The GraphiQL page and its vendored files, as served: local URLs only, right types, caching."""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from gateway.app import create_app
from gateway.settings import Settings

ASSET_URL = re.compile(r'(?:src|href)="([^"]+)"')
STATIC_DIR = Path(__file__).parents[2] / "gateway" / "graphiql" / "static"


def app_client(tmp_path: Path, *, graphiql: bool) -> httpx.AsyncClient:
    """No lifespan: neither the page nor its files touch the database."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'unused.db'}", graphiql=graphiql)
    transport = httpx.ASGITransport(app=create_app(settings))
    return httpx.AsyncClient(transport=transport, base_url="http://gateway")


@pytest.fixture
async def http(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with app_client(tmp_path, graphiql=True) as client:
        yield client


async def page_asset_urls(http: httpx.AsyncClient) -> list[str]:
    page = await http.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    return ASSET_URL.findall(page.text)


async def test_the_page_loads_nothing_but_the_gateways_own_files(
    http: httpx.AsyncClient,
) -> None:
    page = await http.get("/graphql", headers={"Accept": "text/html"})
    urls = await page_asset_urls(http)
    assert page.headers["content-type"].startswith("text/html")
    assert "connect-src 'self'" in page.headers["content-security-policy"]
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["cache-control"] == "no-cache"
    assert "unpkg" not in page.text
    assert "cdn" not in page.text.lower()
    assert [url for url in urls if not url.startswith(("/graphiql/static/", "data:"))] == []
    names = {url.split("/")[-1].split("?")[0] for url in urls}
    assert {"graphiql.min.js", "graphiql.min.css", "react.production.min.js"} <= names


async def test_each_file_is_served_with_its_type_and_cached_as_immutable(
    http: httpx.AsyncClient,
) -> None:
    for url in await page_asset_urls(http):
        if url.startswith("data:"):
            continue
        response = await http.get(url, headers={"Accept-Encoding": "identity"})
        name = url.split("/")[-1].split("?")[0]
        expected_type = "text/css" if name.endswith(".css") else "text/javascript"
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith(expected_type), url
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.content == (STATIC_DIR / name).read_bytes()


async def test_compressed_revalidated_and_unversioned_requests(
    http: httpx.AsyncClient,
) -> None:
    url = next(u for u in await page_asset_urls(http) if "graphiql.min.js" in u)
    raw = await http.get(url, headers={"Accept-Encoding": "identity"})
    zipped = await http.get(url, headers={"Accept-Encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert int(zipped.headers["content-length"]) < len(raw.content) / 2
    assert zipped.content == raw.content  # httpx decodes it

    again = await http.get(url, headers={"If-None-Match": raw.headers["etag"]})
    assert again.status_code == 304
    assert again.content == b""

    unversioned = await http.get(url.split("?")[0])
    assert unversioned.status_code == 200
    assert unversioned.headers["cache-control"] == "no-cache"


async def test_only_the_listed_files_are_served(http: httpx.AsyncClient) -> None:
    for name in ("NOTICE", "..%2Fpage.py", "missing.js", "graphiql.min.js.map"):
        response = await http.get(f"/graphiql/static/{name}")
        assert response.status_code == 404, name


async def test_no_page_and_no_files_when_graphiql_is_switched_off(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'off.db'}", graphiql=False)
    app = create_app(settings)
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw") as client,
    ):
        page = await client.get("/graphql", headers={"Accept": "text/html"})
        asset = await client.get("/graphiql/static/graphiql.min.js")
    assert page.status_code == 401  # an operation without credentials, not the page
    assert asset.status_code == 404


def test_the_vendored_files_match_their_notice() -> None:
    """NOTICE records each third-party file's digest: a silently swapped file fails here."""
    notice = (STATIC_DIR / "NOTICE").read_text()
    found = re.findall(r"^([0-9a-f]{64})  (\S+)$", notice, flags=re.MULTILINE)
    digests = {name: digest for digest, name in found}
    assert set(digests) == {
        "graphiql.min.js",
        "graphiql.min.css",
        "react.production.min.js",
        "react-dom.production.min.js",
    }
    for name, digest in digests.items():
        assert hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest() == digest, name

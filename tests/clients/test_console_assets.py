"""The console's page and files as served: local URLs only, every module it imports served,
its documents' hashes in the page, and those documents trusted once the page was served."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from gateway.console.assets import FILES
from tests.persisted.support import code_of, send
from tests.persisted.test_trusted_documents import database_url_of
from tests.protection.support import gateway_with
from tests.support.client import Gateway
from tests.support.numbers import sign_in

CONSOLE = Path(__file__).parents[2] / "gateway" / "console"
ASSET_URL = re.compile(r'(?:src|href)="([^"]+)"')
IMPORTED = re.compile(r'from "\./([^"]+)"')
DOCUMENTS_BLOCK = re.compile(
    r'<script type="application/json" id="console-documents">(.*?)</script>'
)
STRICT = {"trusted_documents_only": True, "graphiql": False}


def file_hashes() -> dict[str, str]:
    folder = CONSOLE / "documents"
    return {
        path.stem: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in folder.glob("*.graphql")
    }


async def test_the_page_loads_only_the_gateways_own_files(gateway: Gateway) -> None:
    async with gateway_with(database_url_of(gateway), settings=STRICT) as strict:
        page = await strict.http.get("/console")
        urls = ASSET_URL.findall(page.text)
        served = [await strict.http.get(url) for url in urls if not url.startswith("data:")]
    policy = page.headers["content-security-policy"]
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in policy
    assert "connect-src 'self'" in policy
    assert [u for u in urls if not u.startswith(("/console/static/", "data:"))] == []
    assert {u.split("/")[-1].split("?")[0] for u in urls} >= {"console.js", "console.css"}
    for response in served:
        assert response.status_code == 200
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"


async def test_every_module_the_console_imports_is_served(gateway: Gateway) -> None:
    names = {"console.js"}
    for path in (CONSOLE / "static").glob("*.js"):
        names |= set(IMPORTED.findall(path.read_text()))
    assert names <= set(FILES)
    async with gateway_with(database_url_of(gateway)) as app:
        for name in sorted(names):
            response = await app.http.get(f"/console/static/{name}")
            assert response.status_code == 200, name
            assert response.headers["content-type"].startswith("text/javascript"), name
            assert response.headers["cache-control"] == "no-cache"  # unversioned import
            assert response.content == (CONSOLE / "static" / name).read_bytes()
        missing = await app.http.get("/console/static/NOTICE")
    assert missing.status_code == 404


async def test_the_page_carries_each_documents_hash(gateway: Gateway) -> None:
    async with gateway_with(database_url_of(gateway)) as app:
        page = await app.http.get("/console")
    [block] = DOCUMENTS_BLOCK.findall(page.text)
    assert json.loads(block) == file_hashes()
    assert {"SearchNumbers", "BuyNumber", "OwnedNumbers", "NumberEvents"} <= set(file_hashes())


async def test_serving_the_page_makes_its_documents_trusted(gateway: Gateway) -> None:
    """With trusted documents only, the console's hashes run once a process served the page."""
    caller = await sign_in(gateway)
    viewer_hash = file_hashes()["Viewer"]
    async with gateway_with(database_url_of(gateway), settings=STRICT) as strict:
        strict.auth = gateway.auth
        before = await send(strict, "POST", sha256=viewer_hash)
        assert (await strict.http.get("/console")).status_code == 200
        after = await send(strict, "POST", sha256=viewer_hash)
    assert before.status_code == 403
    assert code_of(before) == "TRUSTED_DOCUMENT_REQUIRED"
    assert after.status_code == 200, after.text
    assert after.json()["data"]["viewer"]["sid"] == caller.sid


async def test_no_console_when_it_is_switched_off(gateway: Gateway) -> None:
    async with gateway_with(database_url_of(gateway), console=False) as app:
        page = await app.http.get("/console")
        asset = await app.http.get("/console/static/console.js")
    assert page.status_code == 404
    assert asset.status_code == 404


def test_the_notice_names_every_served_file() -> None:
    notice = (CONSOLE / "static" / "NOTICE").read_text()
    for name in FILES:
        assert name in notice, name

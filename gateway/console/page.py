"""``GET /console``: ``page.html`` with the assets' versioned URLs and the documents' hashes.

The page is small and always revalidated. Its Content-Security-Policy allows scripts, styles
and connections to this origin only (and no inline script: the document hashes travel in a
JSON data block, which is never executed).
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from string import Template

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from gateway.console.assets import CONSOLE_ASSETS
from gateway.console.documents import document_hashes, register_console_documents
from gateway.static_assets import same_origin_page_headers
from gateway.unavailable import unavailable_response
from resolvers.core.unavailable import is_unavailable

PAGE_HEADERS = same_origin_page_headers()


@functools.cache
def console_html() -> str:
    template = resources.files("gateway.console").joinpath("page.html").read_text("utf-8")
    assets = CONSOLE_ASSETS.assets
    hashes = json.dumps(document_hashes(), sort_keys=True)
    return Template(template).substitute(
        console_css=assets["console.css"].url,
        console_js=assets["console.js"].url,
        documents_json=hashes.replace("<", "\\u003c"),  # raw text: never a </script>
    )


async def console_page(request: Request) -> Response:
    """The page; the first one a process serves registers the documents as trusted."""
    try:
        await register_console_documents(request.app.state, request.app.state.clock)
    except Exception as error:
        if not is_unavailable(error):
            raise
        return unavailable_response("application/json")
    return HTMLResponse(console_html(), headers=PAGE_HEADERS)

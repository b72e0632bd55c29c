"""The GraphiQL page: ``page.html`` with the vendored assets' versioned URLs filled in.

The page is small and always revalidated; its Content-Security-Policy allows scripts, styles
and connections to this origin only, so a page that reached for a CDN would fail loudly.
"""

from __future__ import annotations

import functools
from importlib import resources
from string import Template

from starlette.responses import HTMLResponse

from gateway.graphiql.assets import static_assets
from gateway.static_assets import same_origin_page_headers

PAGE_HEADERS = same_origin_page_headers(
    "style-src 'self' 'unsafe-inline'",  # GraphiQL positions its panes with style attributes
    "font-src 'self' data:",
)


@functools.cache
def graphiql_html() -> str:
    template = resources.files("gateway.graphiql").joinpath("page.html").read_text("utf-8")
    assets = static_assets()
    return Template(template).substitute(
        react_js=assets["react.production.min.js"].url,
        react_dom_js=assets["react-dom.production.min.js"].url,
        graphiql_js=assets["graphiql.min.js"].url,
        graphiql_css=assets["graphiql.min.css"].url,
        gateway_js=assets["gateway-graphiql.js"].url,
        gateway_css=assets["gateway-graphiql.css"].url,
    )


def graphiql_response() -> HTMLResponse:
    return HTMLResponse(graphiql_html(), headers=PAGE_HEADERS)

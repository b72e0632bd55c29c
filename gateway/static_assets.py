"""Vendored static files served by the gateway itself (GraphiQL's, the console's).

Each file is read once per process, on first use, and kept with its gzip form and a content
digest. Page URLs carry the digest (``?v=…``): a request naming the current digest may be cached
for a year, as immutable; any other gets ``no-cache`` and revalidates with the ETag. Only the
files listed are served (the name is a dictionary key, never a path).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
from dataclasses import dataclass
from importlib import resources

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
CONTENT_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}


@dataclass(frozen=True)
class Asset:
    prefix: str
    name: str
    body: bytes
    gzipped: bytes
    content_type: str
    digest: str

    @property
    def url(self) -> str:
        return f"{self.prefix}/{self.name}?v={self.digest}"

    @property
    def etag(self) -> str:
        return f'"{self.digest}"'


@dataclass(frozen=True)
class AssetFolder:
    """The listed files of ``package``'s ``static`` folder, served under ``prefix``."""

    package: str
    prefix: str
    files: tuple[str, ...]

    @functools.cached_property
    def assets(self) -> dict[str, Asset]:
        folder = resources.files(self.package).joinpath("static")
        return {name: self._asset(name, folder.joinpath(name).read_bytes()) for name in self.files}

    def _asset(self, name: str, body: bytes) -> Asset:
        suffix = name[name.rindex(".") :]
        return Asset(
            prefix=self.prefix,
            name=name,
            body=body,
            gzipped=gzip.compress(body, compresslevel=9, mtime=0),
            content_type=CONTENT_TYPES[suffix],
            digest=hashlib.sha256(body).hexdigest()[:16],
        )

    def route(self) -> Route:
        return Route(f"{self.prefix}/{{name}}", self.endpoint, methods=["GET"])

    async def endpoint(self, request: Request) -> Response:
        """``GET {prefix}/{name}``: one vendored file, compressed when the client accepts."""
        asset = self.assets.get(request.path_params["name"])
        if asset is None:
            return PlainTextResponse("not found", status_code=404)
        headers = {
            "Cache-Control": IMMUTABLE
            if request.query_params.get("v") == asset.digest
            else REVALIDATE,
            "ETag": asset.etag,
            "Vary": "Accept-Encoding",
            "X-Content-Type-Options": "nosniff",
        }
        if asset.etag in request.headers.get("if-none-match", ""):
            return Response(status_code=304, headers=headers)
        body = asset.body
        if "gzip" in request.headers.get("accept-encoding", ""):
            body = asset.gzipped
            headers["Content-Encoding"] = "gzip"
        return Response(body, media_type=asset.content_type, headers=headers)


def same_origin_page_headers(*extra_sources: str) -> dict[str, str]:
    """The headers of a page served with vendored assets: always revalidated, and a
    Content-Security-Policy that lets scripts, styles, images and connections (fetch and the
    graphql-transport-ws websocket to /graphql) reach this origin only, so that a page that
    reached for a CDN fails loudly. ``extra_sources`` widen it (e.g. ``"font-src 'self'"``)."""
    policy = (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
    widened = {source.split()[0]: source for source in extra_sources}
    directives = [widened.pop(d.split()[0], d) for d in policy] + list(widened.values())
    return {
        "Cache-Control": "no-cache",
        "Content-Security-Policy": "; ".join(directives),
        "X-Content-Type-Options": "nosniff",
    }

"""HTTP Basic authentication with ``AccountSid:AuthToken``, as Twilio's own API does."""

from __future__ import annotations

import base64
import binascii

from sqlalchemy.ext.asyncio import AsyncEngine

from gateway.auth_cache import AuthCache
from resolvers.core.request_connection import RequestConnection
from resolvers.core.visibility import Viewer, authenticate

REALM = 'Basic realm="numbers-gateway", charset="UTF-8"'


def basic_auth_header(account_sid: str, token: str) -> str:
    """The ``Authorization`` header value a client sends."""
    return "Basic " + base64.b64encode(f"{account_sid}:{token}".encode()).decode()


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    """(account sid, token) from an ``Authorization: Basic …`` header, or None."""
    if not header:
        return None
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded:
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    sid, separator, token = decoded.partition(":")
    return (sid, token) if separator else None


async def viewer_for(
    connection: RequestConnection, header: str | None, cache: AuthCache | None = None
) -> Viewer | None:
    """The account the header authenticates: from ``cache`` when it remembers these
    credentials, else read (and remembered): on the request's own connection, or on a SQLite
    file in one go without one (``RequestConnection.read_once``)."""
    credentials = basic_credentials(header)
    if credentials is None:
        return None
    if cache is not None and (known := cache.get(*credentials)) is not None:
        return known
    account_sid, token = credentials
    viewer = await connection.read_once(lambda conn: authenticate(conn, account_sid, token))
    if cache is not None and viewer is not None:
        cache.put(*credentials, viewer)
    return viewer


async def viewer_alone(
    engine: AsyncEngine, header: str | None, cache: AuthCache | None = None
) -> Viewer | None:
    """``viewer_for`` on a connection of its own (a WebSocket, a REST call)."""
    connection = RequestConnection(engine)
    try:
        return await viewer_for(connection, header, cache)
    finally:
        await connection.close()

"""HTTP Basic authentication with ``AccountSid:AuthToken``, as Twilio's own API does."""

from __future__ import annotations

import base64
import binascii

from sqlalchemy.ext.asyncio import AsyncEngine

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


async def viewer_for(connection: RequestConnection, header: str | None) -> Viewer | None:
    """The account the header authenticates, read on the request's own connection."""
    credentials = basic_credentials(header)
    if credentials is None:
        return None
    async with connection.use() as conn:
        return await authenticate(conn, *credentials)


async def viewer_alone(engine: AsyncEngine, header: str | None) -> Viewer | None:
    """``viewer_for`` on a connection of its own (a WebSocket, a REST call)."""
    connection = RequestConnection(engine)
    try:
        return await viewer_for(connection, header)
    finally:
        await connection.close()

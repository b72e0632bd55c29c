"""Protection of the GraphQL endpoint: document limits, query cost, per-account rate limiting,
the request body limit and CORS (README, "Limits and security")."""

from __future__ import annotations

from gateway.protection.guard import Admission, Protection

__all__ = ["Admission", "Protection"]

"""Auth tokens are stored hashed and compared in constant time.

Tokens are 128 random bits, so a single SHA-256 is enough to make a stolen table useless;
a slow password hash would only add latency to every request.
"""

from __future__ import annotations

import hashlib
import hmac


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_token(token), stored_hash)

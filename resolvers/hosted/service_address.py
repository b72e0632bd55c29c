"""A hosted number's service address: where the line is installed, so never a PO box.

A carrier serves a landline at a place; a post-office box receives mail only. The order's
address (named, or by default the account's oldest) is refused when its street is a PO box
[18018], in any of the usual spellings: "PO Box 12", "P.O. Box", "P O Box", "POB 12",
"Post Office Box", "Postal Box", a street that is only "Box 12", and the Canadian French
"Case postale" and "Boîte postale".
"""

from __future__ import annotations

import re
from typing import Any

from resolvers.core.errors import GatewayError

_PO_BOX = re.compile(
    r"\bp ?o ?box\b"
    r"|\bp ?o ?b ?#? ?\d"
    r"|\bpost(?:al)? office box\b"
    r"|\bpostal box\b"
    r"|\bcase postale\b"
    r"|\bbo[iî]te postale\b"
    r"|^box ?#? ?\d"
)


def is_po_box(street: str) -> bool:
    """Whether ``street`` names a post-office box rather than a place."""
    plain = " ".join(street.lower().replace(".", " ").split())
    return _PO_BOX.search(plain) is not None


def refuse_po_box(address: Any, field: list[str]) -> None:
    """Refuse ``address`` (an addresses row) as a hosted number's service address when its
    street is a PO box."""
    if is_po_box(address.street):
        raise GatewayError(
            f"address {address.sid} is a PO box ({address.street!r}); a hosted number needs "
            "the physical address where the line is served",
            field=field,
            code="HOSTED_ADDRESS_PO_BOX",
        )

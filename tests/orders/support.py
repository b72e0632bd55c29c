"""The createNumberOrder document with its full payload, for the order tests and the
every-mutation scene."""

from __future__ import annotations

from tests.support.provisioning import USER_ERRORS

ORDER = f"""
mutation($input: CreateNumberOrderInput!) {{
  createNumberOrder(input: $input) {{
    purchasedCount refusedCount
    numbers {{
      position requested status phoneNumber activeNumberSid transactionSid code message
    }}
    {USER_ERRORS}
  }}
}}
"""

"""What each field does: look-ahead SQL reads, use-cases, domain rules and table definitions.

This package never imports ``gateway`` or ``strawberry``: it works on plain values over an
explicit SQLAlchemy connection.
"""

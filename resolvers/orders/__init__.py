"""Bulk number orders: many purchases in one transaction, all or nothing or partial."""

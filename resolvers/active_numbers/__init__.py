"""The ActiveNumber read model: its shape, filters, ordering and queries."""

"""Events: the outbox every state change writes to, and what reads it (webhooks, streams)."""

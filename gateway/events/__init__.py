"""Events in the running gateway: the per-process event broker that feeds ``numberEvents``
subscriptions (fed by PostgreSQL LISTEN/NOTIFY, Redis pub/sub, or polling on SQLite), the
WebSocket endpoint, and the optional in-process webhook delivery loop."""

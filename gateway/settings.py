"""Settings: one frozen object read from ``GATEWAY_*`` environment variables."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./numbers.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", frozen=True, extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    log_level: str = "info"
    graphiql: bool = True
    console: bool = True  # the reference console at /console (persisted queries only)
    migrate_on_start: bool = True
    seed_demo_on_start: bool = False
    sqlite_busy_timeout_ms: int = 15000
    # SQLite: GraphQL requests a process serves at once (the rest wait their turn before
    # signing in); each holds a connection, its thread and its rows (gateway.request_slots).
    # 0: no bound (4 cut peak memory on pages of 500 but small pages' throughput by ~1/3)
    sqlite_concurrent_requests: int = 0
    pool_size: int = 10
    # how long a process trusts a successful sign-in without asking the database (README
    # "Authentication": the staleness bound of closing an account); 0: ask every time
    auth_cache_seconds: float = 2.0
    # -- background jobs (README "Jobs") --
    jobs_interval_seconds: float = 60.0
    jobs_in_process: bool = True  # serve runs every job pass itself (off: a separate jobs serve)
    jobs_in_process_interval_seconds: float = 10.0
    jobs_batch_size: int = 500
    jobs_renewal_accounts_per_claim: int = 20
    reclaim_grace_days: float = 14.0
    reclaim_batch_size: int = 500
    fraud_window_hours: float = 24.0
    fraud_flag_threshold: int = 5
    fraud_suspend_threshold: int = 10
    aging_days: float = 60.0
    webhook_max_attempts: int = 8
    webhook_first_retry_seconds: float = 30.0
    # -- limits and security (README "Limits and security") --
    max_query_depth: int = 12
    max_query_aliases: int = 30
    max_query_tokens: int = 2000
    max_query_cost: int = 10000
    rate_limit_enabled: bool = True
    rate_limit_capacity: int = 10000
    rate_limit_restore_rate: float = 500.0
    redis_url: str | None = None
    rate_limit_redis_prefix: str = "numbers-gateway:rate:"
    max_body_bytes: int = 1_048_576
    introspection: bool = True
    cors_origins: str = ""
    allow_private_webhooks: bool = False
    webhook_allowed_hosts: str = ""
    # -- persisted queries (README "Persisted queries and trusted documents") --
    persisted_queries_max: int = 10_000  # automatic persisted queries kept; oldest evicted
    trusted_documents_only: bool = False
    # -- events and webhooks (README "Events and webhooks") --
    webhook_secret: str = ""  # HMAC-SHA256 key of X-Gateway-Signature; empty: unsigned
    webhook_delivery_interval: float = 0.0  # seconds between in-process delivery passes; 0: off
    events_poll_interval: float = 0.25  # SQLite: how often subscriptions poll the outbox

    @property
    def async_database_url(self) -> str:
        """The URL with an async driver, so ``postgresql://…`` works as users write it."""
        return to_async_url(self.database_url)

    @property
    def cors_origin_list(self) -> list[str]:
        return comma_list(self.cors_origins)

    @property
    def webhook_allowed_host_list(self) -> list[str]:
        return comma_list(self.webhook_allowed_hosts)


def comma_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def to_async_url(url: str) -> str:
    for plain, async_form in (
        ("postgresql://", "postgresql+asyncpg://"),
        ("postgres://", "postgresql+asyncpg://"),
        ("sqlite://", "sqlite+aiosqlite://"),
    ):
        if url.startswith(plain):
            return async_form + url[len(plain) :]
    return url

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
    migrate_on_start: bool = True
    seed_demo_on_start: bool = False
    sqlite_busy_timeout_ms: int = 15000
    pool_size: int = 10

    @property
    def async_database_url(self) -> str:
        """The URL with an async driver, so ``postgresql://…`` works as users write it."""
        return to_async_url(self.database_url)


def to_async_url(url: str) -> str:
    for plain, async_form in (
        ("postgresql://", "postgresql+asyncpg://"),
        ("postgres://", "postgresql+asyncpg://"),
        ("sqlite://", "sqlite+aiosqlite://"),
    ):
        if url.startswith(plain):
            return async_form + url[len(plain) :]
    return url

"""Debian's Chromium driven by Playwright (used only as a driver: no browser download).

``playwright install`` is never run: the browser is the system's ``chromium`` (Debian package
``chromium``; ``make unit`` installs it when it is missing). Its absence fails the browser tests
with the way to fix it; it never skips them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

CHROMIUM_ENV = "GATEWAY_TEST_CHROMIUM"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})


def chromium_executable() -> str:
    path = os.environ.get(CHROMIUM_ENV) or shutil.which("chromium")
    if not path or not os.access(path, os.X_OK):
        pytest.fail(
            f"Chromium is required for the browser tests and was not found ({path}): `make unit`"
            " installs Debian's package (apt-get install chromium), or set"
            f" {CHROMIUM_ENV} to a Chromium binary"
        )
    return path


@contextmanager
def headless_chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(), headless=True)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class OfflinePage:
    """A page whose requests may reach loopback only; everything else is aborted and noted."""

    page: Page
    requested: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        url = route.request.url
        self.requested.append(url)
        host = urlsplit(url).hostname or ""
        if host in LOOPBACK_HOSTS or url.startswith("data:"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


def offline_page(context: BrowserContext) -> OfflinePage:
    page = context.new_page()
    offline = OfflinePage(page)
    context.route("**/*", offline.route)
    page.on(
        "console",
        lambda message: (
            offline.console_errors.append(message.text) if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: offline.console_errors.append(str(error)))
    return offline

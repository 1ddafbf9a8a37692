"""The live page in Debian's headless Chromium, driven by Playwright (never a downloaded browser).

``live_page`` builds the page from the committed bundle once per session; ``open_page(path)``
opens a built page from ``file://`` in a fresh tab of one shared browser and fails the test on
any request other than the page's own file, and on any script error.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline import live
from tests.pipeline.headless import OPTIONAL, chromium

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1920, "height": 1080}


@pytest.fixture(scope="session")
def live_page(tmp_path_factory) -> Path:
    return live.build(tmp_path_factory.mktemp("live"), None, "dark")


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    path = chromium()  # fails (or skips, when browser tests are optional) without chromium
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get(OPTIONAL) == "1":
            pytest.skip(f"playwright is not installed and {OPTIONAL}=1 makes browser tests optional")
        pytest.fail("playwright is not installed: run make setup (it is in the test extra)")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(str(tmp_path_factory.mktemp("chromium-profile")),
                                                       executable_path=path, headless=True, args=ARGS,
                                                       viewport=VIEWPORT)
        yield context
        context.close()


@pytest.fixture
def open_page(browser_context):
    pages = []

    def opener(path: Path):
        page = browser_context.new_page()
        url = path.resolve().as_uri()
        page.requests, page.errors = [], []
        page.on("request", lambda request: page.requests.append(request.url))
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        page.goto(url)
        page.wait_for_selector("body[data-ready=true]", timeout=15000)
        page.own_url = url
        pages.append(page)
        return page

    yield opener
    for page in pages:
        others = [u for u in page.requests if u != page.own_url]
        errors = list(page.errors)
        page.close()
        assert not others, f"the page made network requests: {others[:5]}"
        assert not errors, f"script errors: {errors[:3]}"

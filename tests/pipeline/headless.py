"""Headless Chromium for the pages' browser tests (the gallery, the lecture notes).

Debian's chromium, installed by tools/install-test-deps.sh. A missing chromium fails the test,
unless NETCORE_BROWSER_TESTS_OPTIONAL=1 says browser tests may be skipped on this machine.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from pipeline import browser

OPTIONAL = "NETCORE_BROWSER_TESTS_OPTIONAL"


def chromium() -> str:
    found = browser.find_chromium()
    if found:
        return found
    if os.environ.get(OPTIONAL) == "1":
        pytest.skip(f"chromium is not installed and {OPTIONAL}=1 makes browser tests optional "
                    f"({browser.INSTALL_HINT})")
    pytest.fail(f"chromium is not installed: run tools/install-test-deps.sh (or set {OPTIONAL}=1 to skip)")


def run_chromium(browser_path: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    proc = browser.run_headless(browser_path, *args, profile=profile)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def page_counts(browser_path: str, profile: Path, page: Path) -> dict[str, str]:
    """What the page's own counter wrote on <body> once loaded (``images-loaded``,
    ``posters-total``, ``resources-remote`` …), from the DOM Chromium dumps."""
    dom = run_chromium(browser_path, profile, "--dump-dom", page.resolve().as_uri()).stdout
    body = re.search(r"<body([^>]*)>", dom)
    assert body, dom[:500]
    return dict(re.findall(r'data-([a-z-]+)="(\d+)"', body.group(1)))

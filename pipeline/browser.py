"""Headless Chromium, for printing the lecture notes to PDF and for the pages' browser tests.

Debian's own ``chromium`` (installed by tools/install-test-deps.sh), run with a throw-away
profile so that nothing of the user's browser is read or written, and with nothing that would
reach the network on its own (no background updates, no extensions).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

NAMES = ("chromium", "chromium-browser")
INSTALL_HINT = "install it with tools/install-test-deps.sh"
# Time the page gets to load its images and run its script (virtual: no real waiting once idle).
LOAD_BUDGET_MS = 8000


class BrowserMissing(RuntimeError):
    pass


def find_chromium() -> str | None:
    return next((found for found in map(shutil.which, NAMES) if found), None)


def require_chromium(needed_for: str) -> str:
    found = find_chromium()
    if not found:
        raise BrowserMissing(f"chromium is not installed, and {needed_for} needs it: {INSTALL_HINT}")
    return found


def run_headless(browser: str, *args: str, profile: Path | None = None,
                 timeout: float = 120) -> subprocess.CompletedProcess:
    """One headless run (``--screenshot=…``, ``--dump-dom``, ``--print-to-pdf=…`` and the URL in
    ``args``); its own profile folder, a temporary one unless given."""
    with tempfile.TemporaryDirectory(prefix="netcore-chromium-") as scratch:
        cmd = [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               "--no-first-run", "--disable-extensions", "--disable-background-networking",
               f"--user-data-dir={profile or scratch}", f"--virtual-time-budget={LOAD_BUDGET_MS}", *args]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)


def print_pdf(page: Path, pdf: Path, browser: str) -> Path:
    """``page`` (a local HTML file) printed to ``pdf``, without the browser's date/URL header and footer."""
    tmp = pdf.with_name(f".{pdf.name}.tmp")
    proc = run_headless(browser, f"--print-to-pdf={tmp}", "--no-pdf-header-footer", page.resolve().as_uri())
    if proc.returncode != 0 or not tmp.is_file() or tmp.stat().st_size == 0:
        tmp.unlink(missing_ok=True)
        last = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"chromium could not print {page.name} (exit {proc.returncode}: {last})")
    tmp.replace(pdf)
    return pdf

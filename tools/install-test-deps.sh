#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the test suite needs beyond rendering: a headless
# browser for the gallery page's test (tests/pipeline/test_gallery.py opens renders/index.html from
# file:// and takes a screenshot) and for printing the lecture notes to PDF, and poppler's tools
# to read the PDF back (tests/pipeline/test_notes.py). Idempotent: when everything is present it
# only checks.
set -euo pipefail

# chromium: Debian's own build (no browser download at test time); it runs headless with
# --headless=new. fonts-dejavu-core: the page's text must render in the screenshot, and a
# --no-install-recommends chromium brings no font of its own. poppler-utils: pdftotext, pdfinfo
# and pdftoppm, to check the notes' PDF page by page.
packages=(chromium fonts-dejavu-core poppler-utils)

exec bash "$(dirname "$0")/apt-install.sh" test-deps "${packages[@]}"

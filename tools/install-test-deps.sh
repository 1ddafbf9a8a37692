#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the test suite needs beyond rendering: a headless
# browser for the gallery page's test (tests/test_gallery.py opens renders/index.html from
# file:// and takes a screenshot). Idempotent: when everything is present it only checks.
set -euo pipefail

# chromium: Debian's own build (no browser download at test time); it runs headless with
# --headless=new. fonts-dejavu-core: the page's text must render in the screenshot, and a
# --no-install-recommends chromium brings no font of its own.
packages=(chromium fonts-dejavu-core)

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "test-deps: not a Debian/Ubuntu system; install these yourself: ${packages[*]}" >&2
    exit 0
fi

missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "test-deps: test packages present"
    exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
echo "test-deps: installing test packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

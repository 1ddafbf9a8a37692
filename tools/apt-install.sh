#!/usr/bin/env bash
# Usage: apt-install.sh LABEL PACKAGE...
# Installs the Debian/Ubuntu packages that are missing (apt-get --no-install-recommends, through
# sudo when not root). Idempotent: when everything is installed it only checks and says so.
set -euo pipefail

label="$1"
shift
packages=("$@")

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "$label: not a Debian/Ubuntu system; install these yourself: ${packages[*]}" >&2
    exit 0
fi

missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "$label: packages present"
    exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
echo "$label: installing packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

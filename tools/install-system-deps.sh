#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages ManimCE and LaTeX need, skipping what is present.
# Idempotent: when everything is installed it only checks and says so.
set -euo pipefail

packages=(build-essential python3-dev pkg-config libcairo2-dev libpango1.0-dev fonts-dejavu-core
          texlive-latex-base texlive-latex-extra dvisvgm)
# A Debian python3 without ensurepip cannot create the virtual environment.
python="${PYTHON:-python3}"
if ! "$python" -c "import ensurepip, venv" >/dev/null 2>&1; then
    packages+=(python3-venv)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "setup: not a Debian/Ubuntu system; install these yourself: ${packages[*]}" >&2
    exit 0
fi

missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "setup: system packages present"
    exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
echo "setup: installing system packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"

#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages ManimCE and LaTeX need, skipping what is present.
# Idempotent (tools/apt-install.sh): when everything is installed it only checks and says so.
set -euo pipefail

packages=(build-essential python3-dev pkg-config libcairo2-dev libpango1.0-dev fonts-dejavu-core
          texlive-latex-base texlive-latex-extra dvisvgm
          sox)  # manim-voiceover imports the sox wrapper, which looks for the program at import
# A Debian python3 without ensurepip cannot create the virtual environment.
python="${PYTHON:-python3}"
if ! "$python" -c "import ensurepip, venv" >/dev/null 2>&1; then
    packages+=(python3-venv)
fi

exec bash "$(dirname "$0")/apt-install.sh" setup "${packages[@]}"

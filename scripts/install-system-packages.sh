#!/usr/bin/env bash
# Installs the Debian packages listed in scripts/system-packages.txt (Chromium for the
# browser tests, Tesseract with the Thai model for OCR, LibreOffice and a Thai font for
# PDFs, poppler-utils for pdftotext). Needs root or sudo; without either it says what is
# missing and goes on: the features that need a package say so in Thai when used.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mapfile -t wanted < <(grep -vE '^\s*(#|$)' "$here/system-packages.txt")
missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && { echo "system packages: all present"; exit 0; }
echo "system packages to install: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo"; else
  echo "WARNING: cannot install (${missing[*]}) without root; run: sudo apt-get install ${missing[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" \
  || { echo "WARNING: apt-get could not install ${missing[*]}" >&2; exit 0; }

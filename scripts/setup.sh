#!/usr/bin/env bash
# Installs what dispatch-desk needs to build, test and run on Debian/Ubuntu (UOS and Kylin are
# Debian-based): a C compiler for bundled C code, and Rust if it is missing.
set -euo pipefail

SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"

# poppler-utils: pdftotext, pdffonts and pdfinfo read the PDF brief back in tests/brief.rs;
# libreoffice-calc opens the reporting form in tests/form.rs.
packages=(build-essential pkg-config ca-certificates curl fonts-noto-cjk poppler-utils libreoffice-calc libgl1 libegl1 libxkbcommon-x11-0)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! command -v cargo >/dev/null 2>&1; then
  if [[ -x "$HOME/.cargo/bin/cargo" ]]; then
    echo "Rust is installed in ~/.cargo/bin: run '. \"\$HOME/.cargo/env\"' or open a new shell."
  else
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
  fi
fi

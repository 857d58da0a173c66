#!/usr/bin/env bash
# Builds the release binary and the .deb for UOS, Kylin, Debian and Ubuntu:
# target/debian/dispatch-desk_<version>-1_<arch>.deb (install: sudo apt install ./that.deb).
# Needs Rust (scripts/setup.sh) and cargo-deb, installed here if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v cargo-deb >/dev/null 2>&1; then
  cargo install cargo-deb --locked
fi
# dpkg-shlibdeps (dpkg-dev) turns the binary's libraries into Depends ($auto).
if ! command -v dpkg-shlibdeps >/dev/null 2>&1; then
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends dpkg-dev
fi
cargo build --release --locked
cargo deb --no-build --locked
ls -1t target/debian/dispatch-desk_*.deb | head -1

#!/usr/bin/env bash
# Installs the .deb that scripts/package.sh built on this machine (as root, with apt, as a
# user would), checks it from /usr/bin and the desktop's point of view, then removes it.
# Usage: bash scripts/test-package.sh [path/to/dispatch-desk_….deb]
set -euo pipefail
cd "$(dirname "$0")/.."
deb=${1:-$(ls -1t target/debian/dispatch-desk_*.deb | head -1)}
[[ -f $deb ]] || { echo "no .deb: run scripts/package.sh first"; exit 1; }
[[ $(id -u) -eq 0 ]] || { echo "run as root: it installs the package"; exit 1; }
fixtures=../shared/fixtures
command -v desktop-file-validate >/dev/null 2>&1 || {
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends desktop-file-utils
}
if dpkg -s dispatch-desk >/dev/null 2>&1; then
  echo "dispatch-desk is already installed here; not touching it"; exit 1
fi
fail() { echo "FAILED: $*"; apt-get remove -y -q dispatch-desk >/dev/null 2>&1 || true; exit 1; }

DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "./$deb" >/dev/null
passed=0
check() { echo "ok: $1"; passed=$((passed + 1)); }

[[ $(command -v dispatch-desk) == /usr/bin/dispatch-desk ]] || fail "not at /usr/bin/dispatch-desk"
check "/usr/bin/dispatch-desk"

desktop=/usr/share/applications/dispatch-desk.desktop
desktop-file-validate "$desktop" || fail "desktop entry does not validate"
grep -qx 'Name=月调度' "$desktop" && grep -qx 'Exec=dispatch-desk %F' "$desktop" \
  && grep -qx 'Categories=Office;' "$desktop" \
  && grep -q '^MimeType=.*application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;' "$desktop" \
  || fail "desktop entry: name, Exec, category or spreadsheet types missing"
check "desktop entry 月调度 validates, opens spreadsheets with %F"

for s in 16 24 32 48 64 128 256; do
  [[ -s /usr/share/icons/hicolor/${s}x${s}/apps/dispatch-desk.png ]] || fail "icon ${s}x${s} missing"
done
check "icons at the hicolor sizes"

depends=$(dpkg-query -W -f='${Depends}' dispatch-desk)
[[ $depends == *"fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei"* ]] || fail "no CJK font in Depends: $depends"
[[ $depends == *libgl1* && $depends == *libxkbcommon-x11-0* ]] || fail "no GL/xkb runtime in Depends: $depends"
recommends=$(dpkg-query -W -f='${Recommends}' dispatch-desk)
[[ $recommends == *"xdg-desktop-portal-gtk | zenity"* ]] || fail "no dialog backend in Recommends: $recommends"
check "Depends: a CJK font, GL and xkb; Recommends: a dialog backend"

version=$(/usr/bin/dispatch-desk --version) || fail "--version"
[[ $version == "dispatch-desk $(grep -m1 '^version' Cargo.toml | cut -d'"' -f2)"* ]] || fail "--version says: $version"
check "--version: $version"

out=$(cd /tmp && /usr/bin/dispatch-desk inspect "$OLDPWD/$fixtures/湘乡市月调度表2024年10月.xlsx") || fail "inspect"
[[ $(head -1 <<<"$out") == township,* ]] || fail "inspect header: $(head -1 <<<"$out")"
[[ $(tail -n +2 <<<"$out" | wc -l) -eq 22 ]] || fail "inspect: not 22 townships"
grep -q '^毛田镇,' <<<"$out" || fail "inspect: 毛田镇 missing"
check "inspect reads the county sheet from /usr/bin: 22 townships"

set +e
err=$(/usr/bin/dispatch-desk inspect "$fixtures/bad_非数字_2024年10月.xlsx" 2>&1 >/dev/null)
code=$?
set -e
[[ $code -eq 1 && $err == *"!Sheet!G17"* ]] || fail "a bad file: exit $code, $err"
check "a bad file is refused with its cell (exit 1)"

DEBIAN_FRONTEND=noninteractive apt-get remove -y -q dispatch-desk >/dev/null
[[ ! -e /usr/bin/dispatch-desk && ! -e $desktop ]] || fail "files left after removal"
check "removed cleanly"
echo "package: $passed passed, 0 failed"

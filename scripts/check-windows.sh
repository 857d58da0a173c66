#!/usr/bin/env bash
# Windows verified on this Linux machine: cross-builds dispatch-desk.exe (x86_64-pc-windows-gnu)
# and runs it under Wine beside the Linux build of the same source. Checks, each against Linux:
#   - `inspect` of every fixture in ../shared/fixtures: the same CSV on stdout, the same exit
#     code and the same problems on stderr (scripts/lib/compare.sh, shared with check-arm64.sh);
#   - the same files again under a Windows path with Chinese characters and spaces;
#   - `brief` as .docx and .pdf: the same text (document.xml; pdftotext), fonts embedded;
#   - a workbook that blows the reader's memory cap is refused through the reader process
#     (its Job Object), not read and not hung;
#   - `import`, `months`, `backup` and `restore` on a workspace under a Windows path;
#   - the window opens under Xvfb and draws the sample month (a screenshot).
# Wine 8 (Debian 12) lacks ProcessPrng, which Rust's std imports from bcryptprimitives.dll; a
# stand-in DLL is compiled here and put beside the .exe for these checks only (never shipped;
# Windows 10 and 11 have the real one).
#
#   bash scripts/check-windows.sh                    # the `cross` profile, as CI runs it
#   PROFILE=release bash scripts/check-windows.sh    # the release .exe (then scripts/windows-zip.sh)
#   SHOTS=docs/screenshots bash scripts/check-windows.sh   # keep the window and a PDF page
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
profile=${PROFILE:-cross}
triple=x86_64-pc-windows-gnu

source scripts/lib/compare.sh
install_packages gcc-mingw-w64-x86-64 wine wine64 xvfb xdotool imagemagick poppler-utils unzip
rustup target add "$triple" >/dev/null

dir=$profile; [[ $profile == dev ]] && dir=debug
# Compared with the dev build `cargo test` makes (the same source; only debug assertions differ).
cargo build --locked --bin dispatch-desk
cargo build --locked --profile "$profile" --bin dispatch-desk --target "$triple"
linux=$PWD/target/debug/dispatch-desk

work=$(mktemp -d)
xvfb=""
cleanup() {
  [[ -n $xvfb ]] && kill "$xvfb" 2>/dev/null
  wineserver -k 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# The program where a clerk unpacks it: a folder with Chinese characters and a space.
bin="$work/月调度 程序"
mkdir -p "$bin"
cp "target/$triple/$dir/dispatch-desk.exe" "$bin/"
cat > "$work/prng.c" <<'C'
#include <windows.h>
#define SystemFunction036 NTAPI SystemFunction036
#include <ntsecapi.h>
#undef SystemFunction036
/* Rust's std asks ProcessPrng for random bytes (HashMap keys); RtlGenRandom gives them. */
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    ULONG n = len > 0x40000000 ? 0x40000000 : (ULONG)len;
    if (!RtlGenRandom(data, n)) return FALSE;
    data += n;
    len -= n;
  }
  return TRUE;
}
C
printf 'LIBRARY bcryptprimitives\nEXPORTS\nProcessPrng\n' > "$work/prng.def"
x86_64-w64-mingw32-gcc -shared -O2 -o "$bin/bcryptprimitives.dll" "$work/prng.c" "$work/prng.def" -ladvapi32

export WINEPREFIX="$work/wine" WINEDEBUG=-all WINEDLLOVERRIDES="bcryptprimitives=n,b;mscoree,mshtml="
wineboot -i >/dev/null 2>&1 || true
# One wineserver for every run below: a client starting while the last one's server shuts
# down gets "wine client error" on its stderr.
wineserver -w
wineserver -p
exe="$bin/dispatch-desk.exe"
# Five minutes at most: a hang is a failure, not a stuck CI run.
win() { timeout 300 wine "$exe" "$@"; }
winpath() { winepath -w "$1" 2>/dev/null; }

reference_name=Linux candidate_name="Windows（Wine）"
reference() { "$linux" "$@"; }
candidate() { win "$@"; }

check_reading

echo "== Windows 路径（中文、空格）"
mkdir -p "$work/乡镇 报表"
cp ../shared/fixtures/湘乡市月调度表2024年10月.xlsx ../shared/fixtures/监测就业_202410_gbk.csv "$work/乡镇 报表/"
for f in "$work/乡镇 报表"/*; do
  "$linux" inspect "$f" >"$work/l.out"
  win inspect "$(winpath "$f")" >"$work/w.out"
  cmp -s "$work/l.out" "$work/w.out" || fail "inspect $(winpath "$f")"
done

echo "== 通报 .docx / .pdf"
fixture=../shared/fixtures/湘乡市月调度表2024年10月.xlsx
out="$work/通报 输出"
mkdir -p "$out"
for ext in docx pdf; do
  "$linux" brief "$fixture" --date 2024-10-28 --out "$out/linux.$ext" >/dev/null
  win brief "$fixture" --date 2024-10-28 --out "$(winpath "$out")\\十月 通报.$ext" >/dev/null
done
[[ -s "$out/十月 通报.pdf" && -s "$out/十月 通报.docx" ]] || fail "通报没有写出"
same_briefs "$out/linux" "$out/十月 通报"
fonts=$(pdffonts "$out/十月 通报.pdf" | tail -n +3)
[[ -n $fonts ]] || fail "PDF 没有嵌入字体"
while read -r row; do
  [[ $(grep -o yes <<<"$row" | wc -l) -ge 2 ]] || fail "字体未嵌入：$row"
done <<<"$fonts"

echo "== 工作区：import、months、backup、restore"
ws="$work/工作 区"
wws=$(winpath "$ws")
win --workspace "$wws" import "$(winpath "$work/乡镇 报表/湘乡市月调度表2024年10月.xlsx")" --month 2024-10 >/dev/null
# A new workspace starts with the sample months; the import makes October 正式数据.
win --workspace "$wws" months >"$work/months.txt"
official "$work/months.txt" || fail "months：$(cat "$work/months.txt")"
win --workspace "$wws" backup --out "$(winpath "$work")\\备份 十月.sqlite" >/dev/null
[[ -s "$work/备份 十月.sqlite" ]] || fail "backup 没有写出"
win --workspace "$wws" undo --month 2024-10 >/dev/null
win --workspace "$wws" months >"$work/months.txt"
official "$work/months.txt" && fail "undo 后 2024-10 仍是正式数据"
win --workspace "$wws" restore "$(winpath "$work")\\备份 十月.sqlite" >/dev/null
win --workspace "$wws" months >"$work/months.txt"
official "$work/months.txt" || fail "restore 后 2024-10 不是正式数据"
# The workspace as Linux reads it: the same month.
"$linux" --workspace "$ws" months >"$work/months.txt"
official "$work/months.txt" || fail "Linux 读不出 Windows 写的工作区"

echo "== 窗口（Xvfb）"
Xvfb :91 -screen 0 1366x768x24 >/dev/null 2>&1 &
xvfb=$!
sleep 1
DISPLAY=:91 wine "$exe" --workspace "$(winpath "$work/窗口 工作区")" >/dev/null 2>&1 &
app=$!
shot="$work/windows.png"
for _ in $(seq 1 60); do
  sleep 1
  DISPLAY=:91 xdotool search --name "月调度" >/dev/null 2>&1 && break
done
sleep 8
DISPLAY=:91 import -window root "$shot"
kill "$app" 2>/dev/null || true
spread=$(convert "$shot" -colorspace gray -format "%[fx:standard_deviation]" info:)
awk -v s="$spread" 'BEGIN { exit !(s > 0.05) }' || fail "窗口是空白的（灰度标准差 $spread）"
if [[ -n ${SHOTS:-} ]]; then
  mkdir -p "$SHOTS"
  cp "$shot" "$SHOTS/windows-window.png"
  pdftoppm -png -r 70 -f 1 -l 1 "$out/十月 通报.pdf" "$SHOTS/windows-brief"
  mv "$SHOTS/windows-brief-01.png" "$SHOTS/windows-brief-page1.png" 2>/dev/null \
    || mv "$SHOTS"/windows-brief-*1.png "$SHOTS/windows-brief-page1.png"
  echo "   截图：$SHOTS/windows-window.png、$SHOTS/windows-brief-page1.png"
fi

report

# The zip handed out: the checked release .exe and README (never the stand-in DLL).
if [[ $profile == release ]]; then
  version=$(cargo metadata --no-deps --format-version 1 | python3 -c 'import json,sys; print(next(p["version"] for p in json.load(sys.stdin)["packages"] if p["name"] == "dispatch-desk"))')
  zip="target/dispatch-desk-v$version-windows-x86_64.zip"
  mkdir -p "$work/zip/dispatch-desk"
  cp "target/$triple/release/dispatch-desk.exe" README.md "$work/zip/dispatch-desk/"
  rm -f "$zip"
  (cd "$work/zip" && python3 -m zipfile -c "$OLDPWD/$zip" dispatch-desk)
  echo "$zip"
fi

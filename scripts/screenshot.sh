#!/usr/bin/env bash
# Runs the app in a real window under Xvfb on a fresh workspace (the sample months) and saves
# screenshots of each view, both themes, the 督办 view and the in-app chooser to docs/screenshots/,
# then every slide of 演示模式 full screen at 1366×768 and 1920×1080 (a projector and a large
# screen) to docs/screenshots/slides/.
# Needs: xvfb, xdotool, imagemagick, fonts-noto-cjk, libgl1-mesa-dri, and openbox for the slides
# (full screen needs a window manager): apt install xvfb xdotool imagemagick openbox.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/screenshots
mkdir -p "$out"
cargo build --quiet
bin=target/debug/dispatch-desk
ws=$(mktemp -d)
export XDG_DATA_HOME="$ws/xdg"   # a fresh eframe state, not the user's
export DISPATCH_DESK_DIALOG=builtin   # the in-app file chooser, shot below
display=:77
Xvfb $display -screen 0 1600x1000x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$ws"' EXIT
export DISPLAY=$display
sleep 1
# A home folder with a few spreadsheets, for the in-app chooser's shot.
mkdir -p "$ws/home/乡镇报表"
cp assets/samples/*.xlsx "$ws/home/乡镇报表/"
HOME="$ws/home" "$bin" --workspace "$ws/workspace" &
app=$!
trap 'kill $app 2>/dev/null || true; kill $xvfb 2>/dev/null || true; rm -rf "$ws"' EXIT
win=""
for _ in $(seq 1 100); do
  win=$(xdotool search --class dispatch-desk 2>/dev/null | head -1 || true)
  [[ -n $win ]] && break
  sleep 0.2
done
[[ -n $win ]] || { echo "the window did not open"; exit 1; }
sleep 3
# The window may not be mapped yet when it is first found.
xdotool windowfocus "$win" 2>/dev/null || { sleep 3; xdotool windowfocus "$win"; }
# The pointer is parked in a corner while shooting so no hover tooltip hides anything.
shot() { xdotool mousemove 1590 990; sleep 1.5; import -window "$win" "$out/$1.png"; echo "$out/$1.png"; }
# No window manager under Xvfb: keyboard focus follows the pointer, so keep it on the window.
key() { xdotool mousemove 800 600; xdotool key --delay 200 "$@"; }
shot 1-overview
# The first-run offer answered (看示例数据), as a clerk trying the samples would.
xdotool mousemove --window "$win" 180 138 click 1; sleep 0.7
key ctrl+2; shot 2-progress
key ctrl+3; shot 3-duties
key ctrl+4; shot 4-trends
key ctrl+5; shot 5-data
key ctrl+6; shot 13-reporting
key ctrl+7; shot 12-followup
key ctrl+8; shot 14-villages
key ctrl+9; sleep 2; shot 16-brief
# The 市级领导联点 tooltip of 中沙镇 in 五大责任: its villages from the roster.
key ctrl+3; xdotool mousemove --window "$win" 145 349; sleep 1.5
import -window "$win" "$out/15-duties-villages-tooltip.png"; echo "$out/15-duties-villages-tooltip.png"
key ctrl+1 ctrl+t; shot 6-overview-dark
key ctrl+t
# Into the folder, then two files picked, with the mouse as a clerk would.
click() { xdotool mousemove --window "$win" "$1" "$2" click 1; sleep 0.7; }
key ctrl+o; sleep 1; click 340 359; click 400 359; click 400 395; shot 10-open-builtin
key Escape
kill $app; wait $app 2>/dev/null || true
kill $xvfb; wait $xvfb 2>/dev/null || true

# 演示模式 as the meeting PC's shortcut opens it (dispatch-desk --present), full screen under a
# window manager, each slide in turn; then the slide index (G) and the controls (mouse moved).
slides() {
  local size=$1 display=$2 dir="$out/slides"
  mkdir -p "$dir"
  rm -rf "$ws/workspace" "$ws/xdg"
  Xvfb "$display" -screen 0 "${size}x24" >/dev/null 2>&1 &
  local x=$!
  DISPLAY=$display openbox >/dev/null 2>&1 &
  local wm=$!
  sleep 1
  DISPLAY=$display "$bin" --workspace "$ws/workspace" --present &
  local a=$!
  trap 'kill $a $wm $x 2>/dev/null || true; rm -rf "$ws"' EXIT
  local w=""
  for _ in $(seq 1 100); do
    w=$(DISPLAY=$display xdotool search --class dispatch-desk 2>/dev/null | head -1 || true)
    [[ -n $w ]] && break
    sleep 0.2
  done
  [[ -n $w ]] || { echo "the window did not open at $size"; exit 1; }
  sleep 4
  DISPLAY=$display xdotool windowactivate "$w" 2>/dev/null || true
  # The sample October: 总体情况, 排名, 五大责任, 趋势, 需要加快进度, 上月问题整改, 3 × 点评.
  for n in 1 2 3 4 5 6 7 8 9; do
    sleep 1.5
    DISPLAY=$display import -window root "$dir/$size-0$n.png"
    echo "$dir/$size-0$n.png"
    DISPLAY=$display xdotool key Right
  done
  if [[ $size == 1366x768 ]]; then
    DISPLAY=$display xdotool key Home g; sleep 1.5
    DISPLAY=$display import -window root "$dir/$size-index.png"; echo "$dir/$size-index.png"
    DISPLAY=$display xdotool key Escape mousemove 700 400; sleep 1
    DISPLAY=$display import -window root "$dir/$size-controls.png"; echo "$dir/$size-controls.png"
  fi
  kill $a; wait $a 2>/dev/null || true
  kill $wm $x; wait $wm $x 2>/dev/null || true
  trap 'rm -rf "$ws"' EXIT
}
slides 1366x768 :78
slides 1920x1080 :79

# A county that neither ranks nor lights and issues the brief as a 文件 (红头, 发文字号, 抄送):
# its 乡镇进展 and 通报 views at 1366×768, the ranking slide, and the first and last pages of
# its PDF brief.
county() {
  local display=:80 w dir="$ws/county"
  mkdir -p "$dir"
  cp assets/templates/sample.toml "$dir/county.toml"
  printf '\n[ranking]\nrank = false\nlights = false\n\n[brief.document]\nmark = "{issuer}文件"\nnumber = "湘巩衔办〔{year}〕{number}号"\n\n[brief.imprint]\ncopy_to = "市委办公室，市人民政府办公室"\n' >> "$dir/county.toml"
  "$bin" --workspace "$dir/ws" template import "$dir/county.toml" >/dev/null
  for m in 8 9 10; do
    "$bin" --workspace "$dir/ws" import "assets/samples/示例月调度表2024年${m}月.xlsx" --month "2024-$(printf %02d $m)" >/dev/null
  done
  "$bin" --workspace "$dir/ws" brief --month 2024-10 --date 2024-10-28 --number 12 --out "$dir/通报.pdf" --force >/dev/null
  pdftoppm -png -r 70 -f 1 -l 1 "$dir/通报.pdf" "$dir/first"
  local last
  last=$(pdfinfo "$dir/通报.pdf" | awk '/^Pages:/{print $2}')
  pdftoppm -png -r 70 -f "$last" -l "$last" "$dir/通报.pdf" "$dir/last"
  convert "$dir"/first-*.png "$dir"/last-*.png +append "$out/19-brief-file-pages.png"; echo "$out/19-brief-file-pages.png"
  Xvfb $display -screen 0 1366x768x24 >/dev/null 2>&1 &
  local x=$!
  sleep 1
  DISPLAY=$display "$bin" --workspace "$dir/ws" &
  local a=$!
  trap 'kill $a $x 2>/dev/null || true; rm -rf "$ws"' EXIT
  for _ in $(seq 1 100); do
    w=$(DISPLAY=$display xdotool search --class dispatch-desk 2>/dev/null | head -1 || true)
    [[ -n $w ]] && break
    sleep 0.2
  done
  [[ -n $w ]] || { echo "the window did not open"; exit 1; }
  sleep 4
  DISPLAY=$display xdotool windowfocus "$w" 2>/dev/null || true
  local k
  k() { DISPLAY=$display xdotool mousemove 700 500 key --delay 200 "$@"; sleep 2; DISPLAY=$display xdotool mousemove 1360 760; sleep 1; }
  k ctrl+2; DISPLAY=$display import -window root "$out/17-unranked.png"; echo "$out/17-unranked.png"
  k ctrl+9; DISPLAY=$display import -window root "$out/18-brief-number.png"; echo "$out/18-brief-number.png"
  kill $a; wait $a 2>/dev/null || true
  kill $x; wait $x 2>/dev/null || true
  trap 'rm -rf "$ws"' EXIT
}
county

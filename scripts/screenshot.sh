#!/usr/bin/env bash
# Runs the app in a real window under Xvfb on a fresh workspace (the sample months) and saves
# screenshots of each view, both themes and the presentation mode to docs/screenshots/.
# Needs: xvfb, xdotool, imagemagick, fonts-noto-cjk, libgl1-mesa-dri (scripts/setup.sh --gui).
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
key ctrl+2; shot 2-progress
key ctrl+3; shot 3-duties
key ctrl+4; shot 4-trends
key ctrl+5; shot 5-data
key ctrl+1 ctrl+t; shot 6-overview-dark
key ctrl+t F5; shot 7-present-totals
key Right; shot 8-present-ranking
key Right; shot 9-present-duties
key Escape
# Into the folder, then two files picked, with the mouse as a clerk would.
click() { xdotool mousemove --window "$win" "$1" "$2" click 1; sleep 0.7; }
key ctrl+o; sleep 1; click 340 359; click 400 359; click 400 395; shot 10-open-builtin
key Escape

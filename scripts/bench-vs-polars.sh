#!/usr/bin/env bash
# The national-scale comparison, side by side in one run: generates the 38,000-unit sheet
# (7 MB, government layout) and its template, then times, whole process, with
# /usr/bin/time -v:
#   ours:   dispatch-desk inspect SHEET --template TEMPLATE   (reader process included)
#   polars: python3 -c 'import polars; polars.read_excel(SHEET, engine="calamine")'
# Each is run RUNS times (default 5), alternating; the medians and the ratios are printed.
# GNU time's peak is that of the largest single process (for ours the app or its reader,
# whichever is larger), so the peak of the whole process tree (app + reader at once) is
# also sampled, in separate runs so the sampling does not slow the timed ones.
# polars and fastexcel are installed with pip into target/bench-venv if missing.
# Run by hand (not in CI): bash scripts/bench-vs-polars.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
dir=target/bench-vs-polars
mkdir -p "$dir"

cargo build --release --quiet --bin dispatch-desk --example national_sheet
sheet="$dir/全国月调度表2024年10月.xlsx"
template="$dir/national.toml"
[[ -f $sheet && -f $template ]] || target/release/examples/national_sheet "$dir"

python=python3
if ! python3 -c 'import polars, fastexcel' 2>/dev/null; then
  venv=target/bench-venv
  [[ -x $venv/bin/python ]] || python3 -m venv "$venv"
  "$venv/bin/python" -c 'import polars, fastexcel' 2>/dev/null \
    || "$venv/bin/pip" install --quiet polars fastexcel
  python="$venv/bin/python"
fi

# Prints "seconds peak_kib" of one whole-process run.
measure() {
  local log
  log=$(mktemp)
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; rm -f "$log"; return 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
    /Maximum resident set size/ { kib = $2 }
    END { printf "%.3f %d\n", s, kib }' "$log"
  rm -f "$log"
}

ours=(target/release/dispatch-desk inspect "$sheet" --template "$template")
polars=("$python" -c "import polars; polars.read_excel('$sheet', engine='calamine')")

# A check that ours reads every unit before anything is timed.
rows=$("${ours[@]}" | wc -l)
[[ $rows -eq 38001 ]] || { echo "inspect printed $rows lines, expected 38001" >&2; exit 1; }

: >"$dir/ours.txt"
: >"$dir/polars.txt"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 0; i < runs; i++)); do
  measure "${ours[@]}" >>"$dir/ours.txt"
  measure "${polars[@]}" >>"$dir/polars.txt"
done
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"

# The largest sum of the resident sets of a command and its children, sampled each ms.
tree_peak() {
  "$python" - "$@" <<'PY'
import os, subprocess, sys, time
def rss(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
def tree(pid):
    pids = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                pids += [q for c in f.read().split() for q in tree(int(c))]
    except OSError:
        pass
    return pids
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
peak = 0
while p.poll() is None:
    peak = max(peak, sum(rss(q) for q in tree(p.pid)))
    time.sleep(0.001)
print(peak)
PY
}

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
t_ours=$(cut -d' ' -f1 "$dir/ours.txt" | median)
m_ours=$(cut -d' ' -f2 "$dir/ours.txt" | median)
t_pol=$(cut -d' ' -f1 "$dir/polars.txt" | median)
m_pol=$(cut -d' ' -f2 "$dir/polars.txt" | median)

tree_ours=$(for ((i = 0; i < 3; i++)); do tree_peak "${ours[@]}"; done | median)
tree_pol=$(for ((i = 0; i < 3; i++)); do tree_peak "${polars[@]}"; done | median)

mib() { awk -v k="$1" 'BEGIN { print k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { print a / b }'; }
printf '%-8s %8s %16s %18s\n' "" "time" "peak (time -v)" "peak (tree, sum)"
printf '%-8s %7.3fs %12.0f MiB %14.0f MiB\n' ours "$t_ours" "$(mib "$m_ours")" "$(mib "$tree_ours")"
printf '%-8s %7.3fs %12.0f MiB %14.0f MiB\n' polars "$t_pol" "$(mib "$m_pol")" "$(mib "$tree_pol")"
printf 'ratios: time %.2f× (target ≤ 0.70), memory %.2f× by time -v, %.2f× by tree sum (target ≤ 1.00)\n' \
  "$(ratio "$t_ours" "$t_pol")" "$(ratio "$m_ours" "$m_pol")" "$(ratio "$tree_ours" "$tree_pol")"
echo "(medians of $runs runs each; all runs in $dir/ours.txt and $dir/polars.txt)"

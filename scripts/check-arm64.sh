#!/usr/bin/env bash
# arm64 (鲲鹏, 飞腾 under 统信 UOS and 麒麟) verified on this x86_64 machine: cross-builds
# aarch64-unknown-linux-gnu with Debian's cross gcc, runs it under qemu-user (registered with
# binfmt_misc, so the reader process it starts for each workbook runs emulated too) beside
# the x86_64 build of the same source, and builds the arm64 .deb. Checks, each against x86_64:
#   - `inspect` of every fixture in ../shared/fixtures: the same stdout, stderr and exit code;
#   - a workbook that blows the reader's memory cap is refused, not read and not hung;
#   - `brief` as .docx and .pdf: the same text;
#   - `import`, `months`, `backup` and `restore` on a workspace;
#   - the .deb: Architecture arm64, the binary an aarch64 ELF.
# loongarch64 (龙芯) is not checked: Debian 12 has no loongarch64 cross gcc or libc to link
# against (its port is unofficial), so the binary cannot be linked here.
#
#   bash scripts/check-arm64.sh                  # the `cross` profile, as CI runs it
#   PROFILE=release bash scripts/check-arm64.sh  # the release build in the .deb handed out
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
profile=${PROFILE:-cross}
triple=aarch64-unknown-linux-gnu

source scripts/lib/compare.sh
install_packages gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user poppler-utils unzip dpkg-dev file
SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO="sudo"
rustup target add "$triple" >/dev/null

# aarch64 ELF files run under qemu-aarch64, children included.
binfmt=/proc/sys/fs/binfmt_misc
[[ -e $binfmt/register ]] || $SUDO mount -t binfmt_misc binfmt_misc "$binfmt"
if [[ ! -e $binfmt/qemu-aarch64 ]]; then
  printf '%s' ':qemu-aarch64:M::\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00:\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff:/usr/bin/qemu-aarch64:F' \
    | $SUDO tee "$binfmt/register" >/dev/null
fi
export QEMU_LD_PREFIX=/usr/aarch64-linux-gnu

export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CC_aarch64_unknown_linux_gnu=aarch64-linux-gnu-gcc
export AR_aarch64_unknown_linux_gnu=aarch64-linux-gnu-ar
dir=$profile; [[ $profile == dev ]] && dir=debug
# Compared with the dev build `cargo test` makes (the same source; only debug assertions differ).
cargo build --locked --bin dispatch-desk
cargo build --locked --profile "$profile" --bin dispatch-desk --target "$triple"
host=$PWD/target/debug/dispatch-desk
arm=$PWD/target/$triple/$dir/dispatch-desk
file "$arm" | grep -q "ARM aarch64" || { echo "不是 aarch64 程序：$(file "$arm")"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
reference_name=x86_64 candidate_name="arm64（qemu）"
reference() { "$host" "$@"; }
# Ten minutes at most each: a hang is a failure, not a stuck CI run.
candidate() { timeout 600 "$arm" "$@"; }

check_reading

echo "== 通报 .docx / .pdf"
fixture=../shared/fixtures/湘乡市月调度表2024年10月.xlsx
for ext in docx pdf; do
  "$host" brief "$fixture" --date 2024-10-28 --out "$work/x86.$ext" >/dev/null
  "$arm" brief "$fixture" --date 2024-10-28 --out "$work/arm.$ext" >/dev/null
done
same_briefs "$work/x86" "$work/arm"

echo "== 工作区：import、months、backup、restore"
ws="$work/工作 区"
"$arm" --workspace "$ws" import "$fixture" --month 2024-10 >/dev/null
"$arm" --workspace "$ws" months >"$work/months.txt"
official "$work/months.txt" || fail "months：$(cat "$work/months.txt")"
"$arm" --workspace "$ws" backup --out "$work/备份.sqlite" >/dev/null
"$arm" --workspace "$ws" undo --month 2024-10 >/dev/null
"$arm" --workspace "$ws" restore "$work/备份.sqlite" >/dev/null
"$arm" --workspace "$ws" months >"$work/months.txt"
official "$work/months.txt" || fail "restore 后 2024-10 不是正式数据"
"$host" --workspace "$ws" months >"$work/months.txt"
official "$work/months.txt" || fail "x86_64 读不出 arm64 写的工作区"

echo "== arm64 .deb"
if ! command -v cargo-deb >/dev/null 2>&1; then
  cargo install cargo-deb --locked
fi
# cargo-deb works out the arm64 libc for $auto (the window's libraries are listed by hand).
deb=$(cargo deb --no-build --locked --target "$triple" --profile "$profile" --no-strip | tail -1)
[[ -s $deb ]] || fail "没有生成 .deb"
[[ $(dpkg-deb -f "$deb" Architecture) == arm64 ]] || fail "$deb 的 Architecture 不是 arm64"
dpkg-deb -x "$deb" "$work/deb"
file "$work/deb/usr/bin/dispatch-desk" | grep -q "ARM aarch64" || fail ".deb 中的程序不是 aarch64"
echo "   $deb"

report

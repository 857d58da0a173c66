# What scripts/check-windows.sh and check-arm64.sh share, sourced by both: installing their
# Debian packages, counting failures, and running one command on the reference build and on
# the build being checked. The sourcing script defines `reference` and `candidate` (functions
# that run the two builds), names them in $reference_name and $candidate_name, and sets $work.

# Installs those of the Debian packages given that are missing.
install_packages() {
  local sudo="" p
  local missing=()
  [[ $(id -u) -eq 0 ]] || sudo="sudo"
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if ((${#missing[@]})); then
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

failures=0
fail() { echo "不一致：$*"; failures=$((failures + 1)); }

# same NAME ARGS...: the same stdout, stderr and exit code from both builds; the candidate's
# output stays in $work/c.out and $work/c.err.
same() {
  local name=$1; shift
  local rc cc
  set +e
  reference "$@" >"$work/r.out" 2>"$work/r.err"; rc=$?
  candidate "$@" >"$work/c.out" 2>"$work/c.err"; cc=$?
  set -e
  [[ $rc == "$cc" ]] || fail "$name：退出码 $reference_name $rc，$candidate_name $cc"
  cmp -s "$work/r.out" "$work/c.out" || { fail "$name：标准输出不同"; diff "$work/r.out" "$work/c.out" | head -5; }
  cmp -s "$work/r.err" "$work/c.err" || { fail "$name：错误输出不同"; diff "$work/r.err" "$work/c.err" | head -5; }
}

# `inspect` of every fixture (relative paths, so the messages can be compared), and the
# workbook that blows the reader's memory cap, refused for memory through the reader process.
check_reading() {
  local f n=0
  echo "== inspect：每个样例文件"
  for f in ../shared/fixtures/*.xlsx ../shared/fixtures/*.csv ../shared/fixtures/乡镇报送_202410; do
    same "inspect $f" inspect "$f"
    n=$((n + 1))
  done
  echo "   $n 个，与 $reference_name 相同"
  echo "== 读取进程的限制：超过内存上限的工作簿被拒收"
  same "inspect crafted_ods_repeat.ods" inspect tests/crafted/crafted_ods_repeat.ods
  grep -q "内存超过" "$work/c.err" || fail "内存上限：$(cat "$work/c.err")"
}

# The two briefs' texts the same (document.xml of the .docx, pdftotext of the .pdf), with the
# sample month's figures.
same_briefs() {
  local r=$1 c=$2
  cmp -s <(unzip -p "$r.docx" word/document.xml) <(unzip -p "$c.docx" word/document.xml) \
    || fail "通报 .docx 的正文不同"
  cmp -s <(pdftotext "$r.pdf" -) <(pdftotext "$c.pdf" -) || fail "通报 .pdf 的文字不同"
  pdftotext "$c.pdf" - | tr -d '[:space:]' | grep -q "全市共识别监测对象1804户4044人" \
    || fail "PDF 中没有示例月份的数字"
}

# A `months` listing where 2024-10 is the imported (正式) data, not the sample.
official() { grep -q $'^2024-10\t.*正式数据' "$1"; }

# The end: how many differences, exit 1 if any.
report() {
  if ((failures)); then
    echo "$candidate_name：$failures 处与 $reference_name 不同"
    exit 1
  fi
  echo "$candidate_name：与 $reference_name 一致"
}

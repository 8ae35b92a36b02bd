#!/usr/bin/env bash
# Whole-run benchmark: checks a generated corpus and compares with ripgrep.
#
#   scripts/bench.sh [--mb 200] [--entities 2000] [--dir /tmp/factlint-bench] [--runs 3]
#
# Generates the corpus with scripts/gen-corpus.py (once per size and rule
# count; delete the directory to regenerate), builds the release binary,
# then prints for each run: wall and CPU time, throughput, and peak memory
# (maximum resident set size from /usr/bin/time -v). It also times
# `rg -c -F -f names.txt` over the same files (a case-sensitive literal scan
# for every name, the cheapest search that reads the whole corpus), the
# `rules check` command, and a single draft article with the built-in rules.
# Figures on a shared machine vary from run to run: compare ratios taken in
# one invocation, and take the best of several runs.
set -euo pipefail

mb=200
entities=2000
dir=/tmp/factlint-bench
runs=3
while [ $# -gt 0 ]; do
    case "$1" in
        --mb) mb=$2; shift 2 ;;
        --entities) entities=$2; shift 2 ;;
        --dir) dir=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        *) echo "usage: $0 [--mb N] [--entities N] [--dir DIR] [--runs N]" >&2; exit 2 ;;
    esac
done

here=$(cd "$(dirname "$0")/.." && pwd)
data="$dir/${mb}mb-${entities}e"
bin="$here/target/release/factlint"

(cd "$here" && cargo build --release --quiet)
if [ ! -d "$data/corpus" ]; then
    python3 "$here/scripts/gen-corpus.py" "$data" --mb "$mb" --entities "$entities"
fi
bytes=$(du -sb "$data/corpus" | cut -f1)
files=$(find "$data/corpus" -type f | wc -l)
echo "corpus: $files files, $((bytes / 1048576)) MB, $entities synthetic organizations"

# Runs a command `runs` times; prints the best wall time, its CPU time and
# the peak memory of that run, and leaves the wall time in `wall`.
measure() {
    local label=$1; shift
    local best="" line report
    report=$(mktemp)
    for _ in $(seq "$runs"); do
        /usr/bin/time -v -o "$report" "$@" >/dev/null 2>&1 || true
        line=$(awk -F': ' '
            /Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = (n == 3) ? t[1] * 3600 + t[2] * 60 + t[3] : t[1] * 60 + t[2] }
            /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { m = $2 }
            END { printf "%.3f %.2f %d\n", w, u + s, m / 1024 }' "$report")
        if [ -z "$best" ] || awk -v a="$line" -v b="$best" 'BEGIN { split(a, x, " "); split(b, y, " "); exit !(x[1] < y[1]) }'; then
            best=$line
        fi
    done
    rm -f "$report"
    local cpu rss
    read -r wall cpu rss <<<"$best"
    printf '%-30s wall %7.3f s  cpu %7.2f s  %8.1f MB/s  peak %5d MB\n' \
        "$label" "$wall" "$cpu" "$(awk -v b="$bytes" -v w="$wall" 'BEGIN { print (w > 0) ? b / 1048576 / w : 0 }')" "$rss"
}

measure "rg -c -F -f names.txt" rg -c -F -f "$data/names.txt" "$data/corpus"
rg_wall=$wall
measure "factlint check --format json" "$bin" check "$data/corpus" --rules "$data/rules" --format json --exit-zero
awk -v f="$wall" -v r="$rg_wall" 'BEGIN { printf "ratio factlint / rg: %.2f\n", (r > 0) ? f / r : 0 }'

# The small commands, timed alone.
"$bin" rules check --rules "$data/rules" >/dev/null
start=$(date +%s%N); "$bin" rules check --rules "$data/rules" >/dev/null; end=$(date +%s%N)
echo "rules check: $(((end - start) / 1000000)) ms"
draft=$(mktemp --suffix=.md)
head -c 5000 "$(find "$data/corpus" -name '*.md' | sort | head -1)" >"$draft"
start=$(date +%s%N); "$bin" check "$draft" --exit-zero >/dev/null; end=$(date +%s%N)
echo "5 KB draft, built-in rules: $(((end - start) / 1000000)) ms"
rm -f "$draft"

# Bad input: one 100 MB file on a single line (sentences joined by spaces,
# taken from the corpus), and a directory of 100,000 empty files. Both must
# finish in bounded time and memory.
bad="$dir/bad"
if [ ! -f "$bad/single-line.txt" ]; then
    mkdir -p "$bad/empty"
    python3 - "$data/corpus" "$bad" <<'PY'
import os, sys
corpus, bad = sys.argv[1], sys.argv[2]
lines = []
for root, _, files in sorted(os.walk(corpus)):
    for name in sorted(files)[:50]:
        with open(os.path.join(root, name), encoding="utf-8") as f:
            text = f.read().split("---", 2)[-1]
        lines += [l.strip() for l in text.splitlines() if l.strip()]
    if len(lines) > 20000:
        break
chunk = " ".join(lines).encode("utf-8") + b" "
with open(os.path.join(bad, "single-line.txt"), "wb") as f:
    written = 0
    while written < 100 * 1024 * 1024:
        f.write(chunk)
        written += len(chunk)
for i in range(100000):
    open(os.path.join(bad, "empty", "e%06d.md" % i), "wb").close()
PY
fi
bytes=$(stat -c %s "$bad/single-line.txt")
measure "one 100 MB line (--lang en)" "$bin" check "$bad/single-line.txt" --rules "$data/rules" --lang en --format json --exit-zero
bytes=1
measure "100,000 empty files" "$bin" check "$bad/empty" --rules "$data/rules" --format json --exit-zero

#!/usr/bin/env bash
# The Django benchmarks on two checkouts, alternated (A, B, A, B) on one machine at one time, so
# that a change that must not change speed (a refactor) is compared under the same load.
#
#   git worktree add /tmp/before <commit> && (cd /tmp/before && make translations)
#   bench/compare_trees.sh /tmp/before . [rounds]
#
# Each run gets a fresh SQLite database in its own folder; the last line of each benchmark is
# printed after the tree's label. Results and their reading: docs/benchmarks.md.
set -u
before=$(cd "$1" && pwd)
after=$(cd "$2" && pwd)
rounds=${3:-2}
run() {
  local tree=$1 label=$2
  shift 2
  local folder
  folder=$(mktemp -d)
  (cd "$tree" && ALYANSA_DATA_DIR=$folder ALYANSA_ENV=development timeout 1200 \
    .venv/bin/python "$@" 2>/dev/null | tail -n 1 | sed "s|^|$label $1 |")
  rm -rf "$folder"
}
for _ in $(seq 1 "$rounds"); do
  for side in before after; do
    tree=$before
    [ "$side" = after ] && tree=$after
    echo "# $side, load $(cut -d' ' -f1 /proc/loadavg)"
    run "$tree" "$side" bench/statement_page.py --statements 10000 --requests 200
    run "$tree" "$side" bench/campaigns.py
    run "$tree" "$side" bench/program.py --runs 20 --reports 3
    run "$tree" "$side" bench/engagements.py --engagements 2000 --runs 20
    run "$tree" "$side" bench/live_vote.py --voters 500 --streams 200
  done
done

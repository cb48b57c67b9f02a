#!/bin/sh
# Runs the suite with the whole process tree's clock moved to another instant (Debian's faketime,
# libfaketime through LD_PRELOAD; the clock keeps running from there, so a run started at 23:55 on
# 31 December crosses midnight). Children inherit it: services, workers, Chromium; the tests'
# own redis-servers are started without it (test/support/real-clock-env.ts says why).
#
# Usage: npm run test:at -- <ISO instant with offset> [test|faults|all]
#   npm run test:at -- 2026-12-31T23:55:00+07:00          # npm test, then npm run test:faults
#   npm run test:at -- 2027-03-15T09:00:00+07:00 test     # npm test only
# Prints one summary line per command; the full output goes to .data/test-at/<instant>-<command>.log.
set -eu

instant=${1:-}
which=${2:-all}
[ -n "$instant" ] || { echo "usage: npm run test:at -- <ISO instant, e.g. 2026-12-31T23:55:00+07:00> [test|faults|all]" >&2; exit 2; }
command -v faketime >/dev/null || { echo "test:at: faketime is missing (apt-get install faketime)" >&2; exit 2; }
utc=$(date -u -d "$instant" '+%Y-%m-%d %H:%M:%S') || { echo "test:at: not an instant: $instant" >&2; exit 2; }

cd "$(dirname "$0")/.."
logs=.data/test-at
mkdir -p "$logs"
status=0

run() {
  log="$logs/$(echo "$instant" | tr ':+' '-p')-$1.log"
  printf 'test:at %s (UTC %s): npm run %s … ' "$instant" "$utc" "$1"
  if TZ=UTC faketime "$utc" npm run "$1" >"$log" 2>&1; then result=passed; else result=FAILED; status=1; fi
  passing=$(grep -Eo '[0-9]+ passing' "$log" | tail -1 || true)
  failing=$(grep -Eo '[0-9]+ failing' "$log" | tail -1 || true)
  pending=$(grep -Eo '[0-9]+ pending' "$log" | tail -1 || true)
  echo "$result: ${passing:-0 passing}${failing:+, $failing}${pending:+, $pending} (log: $log)"
}

case "$which" in
  test) run test ;;
  faults) run test:faults ;;
  all) run test; run test:faults ;;
  *) echo "test:at: the second argument is test, faults or all" >&2; exit 2 ;;
esac
exit $status

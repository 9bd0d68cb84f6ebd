#!/usr/bin/env bash
# CI: runs one Vitest command with TEST_REPORT set, keeps its output beside the report, and tells
# why it failed in a few lines (CI's tail is often all that is read).
#
# One rerun, and only one: when Vitest exits non-zero although its JSON report counts every test
# and every file passed, and its output names a failure of Vitest's own worker pool ("Worker exited
# unexpectedly", "Timeout terminating forks worker", "Timeout calling ..."). Vitest 4's forks pool
# reports such an error after the last test on loaded machines (vitest-dev/vitest#8766 and the
# reports around it); CI lost a green run to it once (6 December 2026: 525 of 525 passed, exit 1).
# The rerun runs every test again and its report replaces the first: nothing is counted twice and
# a test that fails still fails. Any other failure is reported as it is.
#
# Usage: TEST_REPORT=reports/x.json bash scripts/ci-vitest.sh <command...>
set -uo pipefail
report=${TEST_REPORT:?TEST_REPORT must name the JSON report}
log=${report%.json}.log

attempt() {
  rm -f "$report"
  "$@" 2>&1 | tee "$log"
  return "${PIPESTATUS[0]}"
}

# Exit 0 when the report counts every test and file passed and the log names a pool failure only.
pool_only() {
  node -e '
    const fs = require("fs")
    const [report, log] = process.argv.slice(1)
    if (!fs.existsSync(report)) process.exit(1)
    const r = JSON.parse(fs.readFileSync(report, "utf8"))
    const green = r.numTotalTests > 0 && r.numFailedTests === 0 && r.numFailedTestSuites === 0 &&
      r.numPassedTests + r.numPendingTests + r.numTodoTests === r.numTotalTests &&
      r.testResults.every((f) => f.status === "passed")
    const text = fs.readFileSync(log, "utf8")
    const pool = /\[vitest-pool\]|\[vitest-worker\]|Worker exited unexpectedly|Timeout terminating \w+ worker/.test(text)
    process.exit(green && pool ? 0 : 1)
  ' "$report" "$log"
}

# The lines that say why: Vitest's error blocks and failed files, at most 60 lines, also kept in
# $log.why for .ci/run to print again at its end.
why() {
  {
    echo "--- why it failed (from $log):"
    grep -n -E 'FAIL|Unhandled|Error:|Errors|vitest-pool|vitest-worker|Caused by|AssertionError|Timeout|exited' "$log" |
      grep -v '✓' | head -n 60
  } | tee "$1"
}

rm -f "$log.why" "$log.rerun"
attempt "$@"
rc=$?
[ "$rc" -eq 0 ] && exit 0
if pool_only; then
  why "$log.rerun"
  echo "--- every test passed but Vitest's worker pool failed (exit $rc): running the whole command once more" |
    tee -a "$log.rerun"
  attempt "$@"
  rc=$?
  [ "$rc" -eq 0 ] && exit 0
fi
why "$log.why"
exit "$rc"

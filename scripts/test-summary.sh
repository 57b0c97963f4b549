#!/usr/bin/env bash
# Prints the plain closing line "N passed, N failed" from an XCTest xUnit report, so the result
# of a parallel `swift test` run is stated in one line (parallel runs print only failures).
set -uo pipefail
report=$1
[[ -f "$report" ]] || { echo "no test report at $report"; exit 1; }
total=$(grep -o '<testcase ' "$report" | wc -l)
failed=$(grep -o '<failure' "$report" | wc -l)
echo "$((total - failed)) passed, ${failed} failed"

#!/usr/bin/env bash
# Leaf certificate mints per second on a cold cache (release build), for a CA with an EC P-256
# key and one with an RSA 2048 key; leaves always use tlspeek's per-process EC P-256 key.
#   Benchmarks/mint-rate.sh                       # 5,000 mints per CA kind
#   TLSPEEK_BENCH_MINTS=20000 Benchmarks/mint-rate.sh
# -enable-testing keeps the release build of every test target compilable (@testable imports).
set -euo pipefail
cd "$(dirname "$0")/.."
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! TLSPEEK_BENCH=1 TLSPEEK_BENCH_MINTS="${TLSPEEK_BENCH_MINTS:-5000}" \
    swift test -c release -Xswiftc -enable-testing \
    --filter 'CertificateAuthorityTests.MintRateBenchmark/testPrintMintsPerSecond' >"$log" 2>&1; then
    cat "$log"
    exit 1
fi
grep '^mint-rate:' "$log"

#!/bin/sh
# Fuzzes the host-pattern parser, the display-filter parser and the proxy front's request handling
# with seeded random mutations (Tests/ProxyTests/Fuzz). The normal test suite runs them ~3 s each.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [SEED]     e.g. scripts/fuzz.sh 60 42
# A failure prints the input; rerun with the same seed to reproduce it, then add it to the corpus.
set -eu
cd "$(dirname "$0")/.."
TLSPEEK_FUZZ_SECONDS="${1:-60}" TLSPEEK_FUZZ_SEED="${2:-$(date +%s)}" \
    exec swift test --disable-swift-testing --filter 'ProxyTests.FuzzTests'

#!/bin/sh
# Fuzzes the TLS handshake parser (Tests/TLSMessagesTests/HandshakeParserFuzzTests.swift), the
# host-pattern parser, the display-filter parser and the proxy front's request handling
# (Tests/ProxyTests/Fuzz) with seeded random mutations (Tests/TestSupport/Fuzz). The normal test
# suite runs them ~3 s each.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [SEED]     e.g. scripts/fuzz.sh 60 42
# Exits non-zero on a failure, which prints the input; rerun with the same seed to reproduce it,
# then add it to the corpus.
set -eu
cd "$(dirname "$0")/.."
seed="${2:-$(date +%s)}"
echo "fuzz.sh: ${1:-60} s per target, seed $seed"
TLSPEEK_FUZZ_SECONDS="${1:-60}" TLSPEEK_FUZZ_SEED="$seed" \
    exec swift test --disable-swift-testing \
        --filter '^(ProxyTests\.FuzzTests|TLSMessagesTests\.HandshakeParserFuzzTests)/'

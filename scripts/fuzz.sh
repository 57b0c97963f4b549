#!/bin/sh
# Coverage-guided fuzzing with libFuzzer. Builds the fuzzers of Fuzz/ (a package of its own, built
# with -sanitize=fuzzer,address in its own scratch folder Fuzz/.build, so the product's build never
# sees those flags), then runs each target for SECONDS_PER_TARGET (default 60):
#   handshake          TLS record messages (ClientHello and the rest of the handshake) for TLSMessages
#   host-pattern       --allow-hosts / --ignore-hosts patterns (HostPattern, HostFilter)
#   filter-expression  --filter display filters (FilterExpression)
#   front              the bytes a client sends to the proxy's front (an embedded client pipeline)
# The checks live in Sources/FuzzTargets; seeds in Fuzz/Corpus/<target>, dictionaries in
# Fuzz/Dictionaries. What libFuzzer learns is kept in Fuzz/.work/corpus/<target> for the next run.
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      e.g. scripts/fuzz.sh 60, scripts/fuzz.sh 300 front
# A crash (a trap, a sanitizer report, a violated invariant, a timeout, running out of memory) ends
# that target; the others still run. The input is left in Fuzz/.work/crashes/<target>/ and the
# command that reproduces it is printed; the script then exits 1. Once fixed, copy the input to
# Fuzz/Regressions/<target>/: `make test` replays it (FuzzTargetsTests).
set -eu
cd "$(dirname "$0")/.."
seconds="${1:-60}"
[ $# -gt 0 ] && shift
targets="${*:-handshake host-pattern filter-expression front}"

build_started=$(date +%s)
swift build --package-path Fuzz --scratch-path Fuzz/.build -c release \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
bin="$(swift build --package-path Fuzz --scratch-path Fuzz/.build -c release --show-bin-path)"
echo "fuzz.sh: built in $(( $(date +%s) - build_started )) s; $seconds s per target: $targets"

failed=""
for target in $targets; do
    corpus="Fuzz/.work/corpus/$target"
    crashes="Fuzz/.work/crashes/$target/"
    mkdir -p "$corpus" "$crashes"
    echo "fuzz.sh: $target"
    # New inputs go to the first folder, so the committed seeds stay as they are. Leak checking is
    # off (per input and at exit): the Swift runtime's and NIO's process-wide caches look like
    # leaks to LeakSanitizer.
    # The front target's RSS grows to ~1.5 GB in 60 s under ASan, hence the 3 GB limit.
    # Swift's own backtracer off: under ASan it faults reading memory and buries libFuzzer's report.
    if ! SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}" "$bin/fuzz-$target" "$corpus" "Fuzz/Corpus/$target" -dict="Fuzz/Dictionaries/$target.dict" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=3072 -max_len=4096 -detect_leaks=0 \
        -artifact_prefix="$crashes" -print_final_stats=1; then
        failed="$failed $target"
    fi
done

if [ -n "$failed" ]; then
    echo "fuzz.sh: FAILED:$failed"
    for target in $failed; do
        for input in Fuzz/.work/crashes/"$target"/*; do
            [ -e "$input" ] || continue
            echo "  reproduce: $bin/fuzz-$target $input"
            echo "  after the fix: cp $input Fuzz/Regressions/$target/ (make test replays it)"
        done
    done
    exit 1
fi
echo "fuzz.sh: no crash in $seconds s per target"

#!/usr/bin/env bash
# Load and leak check of the tlspeek binary (issue #6), on loopback only:
#
#   scripts/load-test.sh                      # builds release; 1,000 held connections, 100,000 requests
#   scripts/load-test.sh --quick              # 200 held connections, 2,000 requests (what the test suite runs)
#   scripts/load-test.sh --binary PATH --no-build --conns N --requests N --request-conns N
#
# It starts nginx as a TLS origin (Benchmarks/origin.sh, shared with Benchmarks/run.sh) and tlspeek
# with --log and --keylog, both on 127.0.0.1, then through the proxy (intercepted, verified TLS on
# both legs): (1) N connections opened and held at once, then one GET each; (2) the requests over
# many keep-alive connections, in two halves. Checks, each printed PASS/FAIL (exit 1 on a FAIL):
#   - zero failed requests;
#   - the proxy's open file descriptors (/proc/PID/fd) back to the baseline taken before the load;
#   - its RSS after the second half within 10 % of where it settled after the first half;
#   - after a clean stop (SIGTERM), the distinct client randoms in the key log equal the `tls`
#     records in --log (one handshake per leg each).
# Bounded in time (each phase has a timeout); every process it starts is stopped by its PID.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=1
TLSPEEK=$ROOT/.build/release/tlspeek
HOLD=1000
REQUESTS=100000
REQUEST_CONNS=500
PHASE_TIMEOUT=300
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) HOLD=200; REQUESTS=2000; REQUEST_CONNS=50; PHASE_TIMEOUT=60; shift ;;
    --binary) TLSPEEK=$(realpath "$2"); BUILD=0; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --conns) HOLD=$2; shift 2 ;;
    --requests) REQUESTS=$2; shift 2 ;;
    --request-conns) REQUEST_CONNS=$2; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

log() { printf '[load] %s\n' "$*" >&2; }
die() { printf '[load] error: %s\n' "$*" >&2; exit 1; }
for tool in nginx curl openssl python3; do command -v "$tool" >/dev/null || die "$tool missing (apt-get install nginx-light curl openssl python3)"; done
if [[ $BUILD -eq 1 ]]; then
  log "building tlspeek (release)"
  make -C "$ROOT" --no-print-directory release >&2
fi
[[ -x $TLSPEEK ]] || die "$TLSPEEK missing"

WORK=$(mktemp -d /tmp/tlspeek-load.XXXXXX)
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# shellcheck source=Benchmarks/origin.sh
source "$ROOT/Benchmarks/origin.sh"
start_origin 1

PROXY_PORT=$(free_port)
(cd "$WORK" && exec "$TLSPEEK" --listen "127.0.0.1:$PROXY_PORT" --certs "$WORK/tlspeek-certs" \
   --upstream-ca "$WORK/origin-ca.pem" --log "$WORK/flows.jsonl" --keylog "$WORK/keys.log" -q) >"$WORK/tlspeek.out" 2>&1 &
PROXY_PID=$!
PIDS+=("$PROXY_PID")
wait_port "$PROXY_PORT" "$PROXY_PID" 20 || { cat "$WORK/tlspeek.out" >&2; die "tlspeek did not start"; }
CA=$WORK/tlspeek-certs/ca.pem
curl -sS -o /dev/null --cacert "$CA" --proxy "http://127.0.0.1:$PROXY_PORT" "https://localhost:$ORIGIN_PORT/small" \
  || die "probe through tlspeek failed"
log "work dir $WORK; tlspeek PID $PROXY_PID on 127.0.0.1:$PROXY_PORT"

fds() { find "/proc/$PROXY_PID/fd" -mindepth 1 -maxdepth 1 | wc -l; }
rss_kb() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$PROXY_PID/status"; }
# Waits (up to 10 s) until the descriptor count is back at $1; prints the last count.
settled_fds() {
  local n
  for _ in $(seq 100); do n=$(fds); [[ $n -le $1 ]] && break; sleep 0.1; done
  echo "$n"
}
FAILED=0
check() { # name, condition (0 = pass), detail
  if [[ $2 -eq 0 ]]; then echo "PASS $1: $3"; else echo "FAIL $1: $3"; FAILED=1; fi
}
client() { timeout "$PHASE_TIMEOUT" python3 "$ROOT/scripts/load-client.py" "$@" --ca "$CA" \
  --proxy "127.0.0.1:$PROXY_PORT" --port "$ORIGIN_PORT" || true; }
field() { python3 -c 'import json, sys; print(json.loads(sys.stdin.read() or "{}").get(sys.argv[1], -1))' "$1"; }

sleep 0.3
BASE_FDS=$(fds)
log "baseline: $BASE_FDS descriptors, $(rss_kb) KiB RSS"

log "phase 1: $HOLD connections held open, then one request each"
HELD=$(client hold --n "$HOLD")
log "  $HELD"
HALF=$((REQUESTS / 2))
log "phase 2: $REQUESTS requests over $REQUEST_CONNS keep-alive connections, in two halves"
FIRST=$(client requests --total "$HALF" --conns "$REQUEST_CONNS")
log "  $FIRST"
FDS_FIRST=$(settled_fds "$BASE_FDS")
RSS_SETTLED=$(rss_kb)
SECOND=$(client requests --total "$((REQUESTS - HALF))" --conns "$REQUEST_CONNS")
log "  $SECOND"
FDS_END=$(settled_fds "$BASE_FDS")
RSS_END=$(rss_kb)

FAILURES=$(( $(field failures <<<"$HELD") + $(field failures <<<"$FIRST") + $(field failures <<<"$SECOND") ))
OK=$(( $(field ok <<<"$HELD") + $(field ok <<<"$FIRST") + $(field ok <<<"$SECOND") ))
check "failures" "$([[ $FAILURES -eq 0 && $OK -eq $((HOLD + REQUESTS)) ]]; echo $?)" \
  "$OK of $((HOLD + REQUESTS)) requests answered 200, $FAILURES failed"
check "descriptors" "$([[ $FDS_FIRST -le $BASE_FDS && $FDS_END -le $BASE_FDS ]]; echo $?)" \
  "baseline $BASE_FDS, after phase 1 + first half $FDS_FIRST, at the end $FDS_END"
check "rss" "$(python3 -c 'import sys; a, b = map(int, sys.argv[1:]); sys.exit(abs(b - a) > a * 0.10)' "$RSS_SETTLED" "$RSS_END"; echo $?)" \
  "settled after the first half $RSS_SETTLED KiB, after the second $RSS_END KiB (limit ±10 %)"

# A clean stop writes every record; key log lines are flushed per handshake.
kill -TERM "$PROXY_PID"
for _ in $(seq 100); do kill -0 "$PROXY_PID" 2>/dev/null || break; sleep 0.1; done
wait "$PROXY_PID" 2>/dev/null || true
RANDOMS=$(awk '{ print $2 }' "$WORK/keys.log" | sort -u | wc -l)
TLS_RECORDS=$(python3 -c 'import json, sys; print(sum(json.loads(l)["type"] == "tls" for l in open(sys.argv[1])))' "$WORK/flows.jsonl")
HANDSHAKES=$(( $(field handshakes <<<"$HELD") + $(field handshakes <<<"$FIRST") + $(field handshakes <<<"$SECOND") + 1 ))
check "keylog" "$([[ $RANDOMS -eq $TLS_RECORDS && $RANDOMS -ge $((2 * HANDSHAKES)) ]]; echo $?)" \
  "$RANDOMS distinct client randoms in the key log, $TLS_RECORDS tls records, $HANDSHAKES client handshakes made (x2 legs)"
echo "work dir: $WORK"
exit $FAILED

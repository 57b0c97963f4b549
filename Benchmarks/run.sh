#!/usr/bin/env bash
# tlspeek vs a direct connection, on loopback, for five kinds of work. One command:
#
#   Benchmarks/run.sh                 # or: make bench   (builds release first)
#   Benchmarks/run.sh --scenarios A,D --tlspeek-args '-q'
#   Benchmarks/run.sh --quick         # 3 s loads, 100 hosts, 256 MiB, 200 idle connections: a smoke run
#
# What it does (everything binds to and targets 127.0.0.1 only; every load is bounded in time or
# count; every process it starts is stopped by its PID when it ends, also on Ctrl-C):
#   1. installs what is missing with apt-get (nginx-light, hey, curl, openssl, python3) and builds
#      tlspeek in release mode (`make release`; --no-build skips it);
#   2. makes a work dir (default: a new /tmp/tlspeek-bench.XXXX, kept; --dir DIR to choose) with an
#      EC P-256 origin CA, an origin certificate for localhost, 127.0.0.1 and *.bench.test, a 100 B
#      /small and a sparse /big file, and starts nginx as the TLS origin on a free 127.0.0.1 port;
#   3. runs every scenario twice: `direct` (client -> origin) and `tlspeek` (client -> tlspeek on
#      127.0.0.1 -> origin, intercepted: the client trusts tlspeek's CA, tlspeek trusts the origin
#      CA via --upstream-ca). tlspeek is started fresh for every scenario (cold leaf cache, clean
#      RSS baseline) with --certs in the work dir (one CA for the whole run) and $TLSPEEK_ARGS
#      (default: none, i.e. the default console level, one line per exchange, to the log file;
#      --tlspeek-args -q measures with errors-only output);
#   4. prints a markdown table: direct, tlspeek, ratio tlspeek/direct, and tlspeek's cost
#      (CPU = utime+stime from /proc/PID/stat over the scenario; RSS from /proc/PID/status).
#
# Scenarios (knobs are environment variables):
#   A  keep-alive small requests: $A_CONC (50) TLS connections opened before the clock starts, each
#      sending GET /small (100 B) back to back for $A_SECONDS (8) s (Benchmarks/client.py load, two
#      processes; no connection is opened inside the window). tlspeek CPU µs per request.
#   B  a new TCP + CONNECT + full TLS handshake per request: hey -disable-keepalive -c $B_CONC (20)
#      for $B_SECONDS (8) s. tlspeek CPU ms per connection.
#   C  first-seen host names: $C_HOSTS (500) names h1..hN.bench.test, one CONNECT + TLS + GET each,
#      8 at a time (Benchmarks/client.py hosts): `cold` (one leaf mint per name), then `warm`
#      (the same names again, leaf-cache hits). The CONNECT goes to 127.0.0.1 and the name travels
#      in SNI and Host, so no DNS or /etc/hosts entries are needed. tlspeek CPU ms per new host.
#   D  one $D_MB (1024) MiB download with curl to /dev/null: MB/s (10^6 B/s) and tlspeek's peak RSS
#      (VmHWM, reset through /proc/PID/clear_refs at the start).
#   E  $E_CONNS (1000) intercepted connections (CONNECT + TLS + one keep-alive GET each) held idle
#      2 s (Benchmarks/client.py idle): KiB of tlspeek RSS per connection.
#
# hey (B only) is run with `-host localhost` (its TLS ServerName is the Host header; without it
# Debian's hey 0.1.4 sends SNI "localhost:PORT") and `-t $HEY_TIMEOUT` (10 s; a request that gets no
# answer counts as an error instead of stalling the run). hey is not used for A: with keep-alive
# its Go client dials extra connections when a worker's connection is not back in the idle pool
# yet and then cancels them (seen through tlspeek: ~2,000 half-opened CONNECTs in 2 s with 20
# workers), which the proxy pays for. A uses client.py with a fixed set of connections instead;
# it is Python, so `direct` A may be bounded by the client (it prints the client's ceiling).
# hey does not verify certificates; curl and client.py do.
#
# Numbers move with whatever else runs on the machine: the table prints the load average, and the
# CPU costs (µs/request, ms/connection, ms/host, s/GB, KiB/connection) are steadier than ratios.
set -euo pipefail

usage() { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SCENARIOS=A,B,C,D,E
BUILD=1
WORK=""
TLSPEEK_ARGS=${TLSPEEK_ARGS-}
A_SECONDS=${A_SECONDS:-8}; A_CONC=${A_CONC:-50}
B_SECONDS=${B_SECONDS:-8}; B_CONC=${B_CONC:-20}
C_HOSTS=${C_HOSTS:-500}; C_CONC=${C_CONC:-8}
D_MB=${D_MB:-1024}; D_MAX_SECONDS=${D_MAX_SECONDS:-120}
E_CONNS=${E_CONNS:-1000}
HEY_TIMEOUT=${HEY_TIMEOUT:-10}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scenarios) SCENARIOS=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --dir) WORK=$2; shift 2 ;;
    --tlspeek-args) TLSPEEK_ARGS=$2; shift 2 ;;
    --quick) A_SECONDS=3; B_SECONDS=3; C_HOSTS=100; D_MB=256; E_CONNS=200; shift ;;
    -h|--help) usage 0 ;;
    *) echo "unknown argument: $1" >&2; usage 2 ;;
  esac
done

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

# ---- 1. tools and build ---------------------------------------------------------------------
need=()
command -v nginx >/dev/null || need+=(nginx-light)
command -v hey >/dev/null || need+=(hey)
command -v curl >/dev/null || need+=(curl)
command -v openssl >/dev/null || need+=(openssl)
command -v python3 >/dev/null || need+=(python3)
if [[ ${#need[@]} -gt 0 ]]; then
  log "installing ${need[*]}"
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO=sudo
  $SUDO apt-get install -y --no-install-recommends "${need[@]}" >&2 || {
    $SUDO apt-get update >&2 && $SUDO apt-get install -y --no-install-recommends "${need[@]}" >&2; }
fi
python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || die "python3 >= 3.11 needed (asyncio start_tls)"
if [[ $BUILD -eq 1 ]]; then
  log "building tlspeek (release)"
  make -C "$ROOT" --no-print-directory release >&2
fi
TLSPEEK=$ROOT/.build/release/tlspeek
[[ -x $TLSPEEK ]] || die "$TLSPEEK missing (run without --no-build)"

# ---- 2. work dir, certificates, content, origin ------------------------------------------------
[[ -n $WORK ]] || WORK=$(mktemp -d /tmp/tlspeek-bench.XXXXXX)
mkdir -p "$WORK"/www "$WORK"/nginx
WORK=$(cd "$WORK" && pwd)
chmod 755 "$WORK" "$WORK/www"

# shellcheck source=Benchmarks/origin.sh
source "$ROOT/Benchmarks/origin.sh"
start_origin "$D_MB"
log "work dir $WORK, origin https://localhost:$ORIGIN_PORT (nginx PID $NGINX_PID)"

# ---- tlspeek lifecycle ------------------------------------------------------------------------
PROXY_PORT=""; PROXY_PID=""
start_tlspeek() { # $1 = scenario letter (for the log name)
  PROXY_PORT=$(free_port)
  # shellcheck disable=SC2086 # TLSPEEK_ARGS is a list of flags
  (cd "$WORK" && exec "$TLSPEEK" --listen "127.0.0.1:$PROXY_PORT" --certs "$WORK/tlspeek-certs" \
     --upstream-ca "$WORK/origin-ca.pem" $TLSPEEK_ARGS) >"$WORK/tlspeek-$1.log" 2>&1 &
  PROXY_PID=$!
  PIDS+=("$PROXY_PID")
  wait_port "$PROXY_PORT" "$PROXY_PID" 20 || { cat "$WORK/tlspeek-$1.log" >&2; die "tlspeek did not start"; }
  for _ in $(seq 100); do [[ -s $WORK/tlspeek-certs/ca.pem ]] && break; sleep 0.05; done
  curl -sS -o /dev/null --cacert "$WORK/tlspeek-certs/ca.pem" --proxy "http://127.0.0.1:$PROXY_PORT" \
    "https://localhost:$ORIGIN_PORT/small" || die "probe through tlspeek failed (see $WORK/tlspeek-$1.log)"
  sleep 0.3
}
stop_tlspeek() {
  kill -TERM "$PROXY_PID" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$PROXY_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$PROXY_PID" 2>/dev/null || true
  wait "$PROXY_PID" 2>/dev/null || true
  PROXY_PID=""
}
cpu_s() { awk -v clk="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%.3f\n", ($12 + $13) / clk }' "/proc/$1/stat"; }
status_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

# ---- scenarios ------------------------------------------------------------------------------------
declare -A R   # R[mode.key] = value
num() { python3 -c "import sys; print(sys.argv[1])" "$1"; }
calc() { python3 -c "from math import *; print($1)"; }

run_hey() { # mode, letter, extra hey flags...
  local mode=$1 letter=$2; shift 2
  local proxy=() out ok total cpu0 cpu1
  [[ $mode == tlspeek ]] && proxy=(-x "http://127.0.0.1:$PROXY_PORT")
  [[ $mode == tlspeek ]] && cpu0=$(cpu_s "$PROXY_PID")
  out=$(timeout 300 hey "$@" -t "$HEY_TIMEOUT" -host localhost "${proxy[@]}" "https://localhost:$ORIGIN_PORT/small" 2>&1) || true
  [[ $mode == tlspeek ]] && cpu1=$(cpu_s "$PROXY_PID")
  echo "$out" > "$WORK/hey-$mode-$letter.txt"
  ok=$(awk '$1 == "[200]" { print $2 }' <<<"$out"); ok=${ok:-0}
  total=$(awk '$1 == "Total:" { print $2; exit }' <<<"$out")
  R[$mode.$letter.ok]=$ok
  R[$mode.$letter.rps]=$(calc "round($ok / $total)")
  R[$mode.$letter.p50]=$(awk '$1 == "50%" { print $3 * 1000; exit }' <<<"$out")
  R[$mode.$letter.p99]=$(awk '$1 == "99%" { print $3 * 1000; exit }' <<<"$out")
  R[$mode.$letter.err]=$(awk '/^Error distribution:/ { e = 1; next } e && $1 ~ /^\[[0-9]+\]$/ { n += substr($1, 2, length($1) - 2) } END { print n + 0 }' <<<"$out")
  R[$mode.$letter.non200]=$(awk '/^Status code distribution:/ { s = 1; next } /^$/ { s = 0 } s && $1 != "[200]" { n += $2 } END { print n + 0 }' <<<"$out")
  if [[ $mode == tlspeek ]]; then R[$mode.$letter.cpu]=$(calc "$cpu1 - $cpu0"); fi
}

scenario_A() {
  local mode=$1 args=(load --port "$ORIGIN_PORT" --conns "$A_CONC" --seconds "$A_SECONDS") out
  if [[ $mode == tlspeek ]]; then
    args+=(--ca "$WORK/tlspeek-certs/ca.pem" --proxy "127.0.0.1:$PROXY_PORT" --pid "$PROXY_PID")
  else
    args+=(--ca "$WORK/origin-ca.pem")
  fi
  out=$(timeout $((A_SECONDS + 120)) python3 "$ROOT/Benchmarks/client.py" "${args[@]}") || true
  echo "$out" > "$WORK/client-$mode-A.json"
  eval "$(python3 -c '
import json, sys
o = json.loads(sys.stdin.read())
pairs = {"ok": o["ok"], "rps": o["rps"], "p50": o["p50_ms"], "p99": o["p99_ms"], "err": o["errors"],
         "non200": 0, "cpu": o["proxy_cpu_s"]}
for k, v in pairs.items():
    print("R[%s.A.%s]=%s" % (sys.argv[1], k, v))
' "$mode" <<<"$out")"
}
scenario_B() { run_hey "$1" B -z "${B_SECONDS}s" -c "$B_CONC" -disable-keepalive; }

scenario_C() {
  local mode=$1 args=(hosts --port "$ORIGIN_PORT" --n "$C_HOSTS" --concurrency "$C_CONC") out
  if [[ $mode == tlspeek ]]; then
    args+=(--ca "$WORK/tlspeek-certs/ca.pem" --proxy "127.0.0.1:$PROXY_PORT" --pid "$PROXY_PID")
  else
    args+=(--ca "$WORK/origin-ca.pem")
  fi
  out=$(python3 "$ROOT/Benchmarks/client.py" "${args[@]}") || true
  echo "$out" > "$WORK/client-$mode-C.jsonl"
  eval "$(python3 -c '
import json, sys
for line in sys.stdin:
    o = json.loads(line); p = o["pass"]
    for k in ("hosts_per_s", "errors", "distinct_leaves", "proxy_cpu_ms_per_host", "p50_ms"):
        print(f"R[{sys.argv[1]}.C.{p}.{k}]={o[k]}")
' "$mode" <<<"$out")"
}

scenario_D() {
  local mode=$1 proxy=() ca=$WORK/origin-ca.pem out cpu0 cpu1
  if [[ $mode == tlspeek ]]; then
    proxy=(--proxy "http://127.0.0.1:$PROXY_PORT"); ca=$WORK/tlspeek-certs/ca.pem
    echo 5 > "/proc/$PROXY_PID/clear_refs"
    cpu0=$(cpu_s "$PROXY_PID")
  fi
  out=$(curl -sS -o /dev/null --noproxy '' --cacert "$ca" --max-time "$D_MAX_SECONDS" "${proxy[@]}" \
    -w '%{http_code} %{size_download} %{time_total} %{time_starttransfer}' "https://localhost:$ORIGIN_PORT/big" 2>&1) || true
  read -r code size total ttfb <<<"$out"
  R[$mode.D.code]=$code
  R[$mode.D.mbs]=$(calc "round($size / $total / 1e6)")
  R[$mode.D.ttfb]=$ttfb
  R[$mode.D.complete]=$([[ $size == $((D_MB * 1048576)) ]] && echo yes || echo "no ($size B)")
  if [[ $mode == tlspeek ]]; then
    cpu1=$(cpu_s "$PROXY_PID")
    R[$mode.D.cpu]=$(calc "round(($cpu1 - $cpu0) / ($size / 1e9), 2)")
    R[$mode.D.hwm]=$(calc "round($(status_kb "$PROXY_PID" VmHWM) / 1024)")
  fi
}

scenario_E() {
  local mode=$1 args=(idle --port "$ORIGIN_PORT" --n "$E_CONNS") out
  [[ $mode == tlspeek ]] || return 0 # KiB/conn is a proxy figure; the direct run has nothing to weigh
  args+=(--ca "$WORK/tlspeek-certs/ca.pem" --proxy "127.0.0.1:$PROXY_PORT" --pid "$PROXY_PID")
  out=$(python3 "$ROOT/Benchmarks/client.py" "${args[@]}") || true
  echo "$out" > "$WORK/client-$mode-E.json"
  eval "$(python3 -c '
import json, sys
o = json.loads(sys.stdin.read())
for k in ("ok", "alive_after_hold", "kib_per_conn", "rss_before_kb", "open_wall_s"):
    print(f"R[tlspeek.E.{k}]={o[k]}")
' <<<"$out")"
}

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
IFS=, read -r -a letters <<<"$SCENARIOS"
for letter in "${letters[@]}"; do
  for mode in direct tlspeek; do
    R[$mode.$letter.load]=$(cut -d' ' -f1 /proc/loadavg)
    log "scenario $letter, $mode (load average ${R[$mode.$letter.load]})"
    if [[ $mode == tlspeek ]]; then
      start_tlspeek "$letter"
      R[tlspeek.idle_rss]=$(calc "round($(status_kb "$PROXY_PID" VmRSS) / 1024, 1)")
    fi
    "scenario_$letter" "$mode"
    if [[ $mode == tlspeek ]]; then
      kill -0 "$PROXY_PID" 2>/dev/null || log "tlspeek exited during scenario $letter: see $WORK/tlspeek-$letter.log"
      stop_tlspeek
    fi
  done
done

# ---- report -----------------------------------------------------------------------------------
g() { echo "${R[$1]:-n/a}"; }
ratio() { local a=${R[$1]:-} b=${R[$2]:-}; [[ -n $a && -n $b && $b != 0 ]] && calc "f'{$a / $b:.2f}x'" || echo n/a; }
per() { local a=${R[$1]:-} b=${R[$2]:-}; [[ -n $a && -n $b && $b != 0 ]] && calc "f'{$a * $3 / $b:,.${4:-0}f}'" || echo n/a; }
echo
echo "## tlspeek vs direct on loopback — $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, tlspeek args: '${TLSPEEK_ARGS}'"
echo
echo "| scenario | direct | tlspeek | ratio | tlspeek cost | load avg (direct/tlspeek) |"
echo "|---|---|---|---|---|---|"
for letter in "${letters[@]}"; do
  loads="$(g direct.$letter.load) / $(g tlspeek.$letter.load)"
  case $letter in
    A) echo "| A keep-alive small requests, req/s (p50 / p99 ms) | $(g direct.A.rps) ($(g direct.A.p50) / $(g direct.A.p99)) | $(g tlspeek.A.rps) ($(g tlspeek.A.p50) / $(g tlspeek.A.p99)) | $(ratio tlspeek.A.rps direct.A.rps) | $(per tlspeek.A.cpu tlspeek.A.ok 1000000) µs CPU/request; errors+non-200: $(g tlspeek.A.err)+$(g tlspeek.A.non200) | $loads |" ;;
    B) echo "| B new TLS connection per request, req/s (p50 ms) | $(g direct.B.rps) ($(g direct.B.p50)) | $(g tlspeek.B.rps) ($(g tlspeek.B.p50)) | $(ratio tlspeek.B.rps direct.B.rps) | $(per tlspeek.B.cpu tlspeek.B.ok 1000 2) ms CPU/connection; errors+non-200: $(g tlspeek.B.err)+$(g tlspeek.B.non200) | $loads |" ;;
    C) echo "| C first-seen hosts ($C_HOSTS), hosts/s cold (warm) | $(g direct.C.cold.hosts_per_s) ($(g direct.C.warm.hosts_per_s)) | $(g tlspeek.C.cold.hosts_per_s) ($(g tlspeek.C.warm.hosts_per_s)) | $(ratio tlspeek.C.cold.hosts_per_s direct.C.cold.hosts_per_s) | $(g tlspeek.C.cold.proxy_cpu_ms_per_host) ms CPU/new host (warm $(g tlspeek.C.warm.proxy_cpu_ms_per_host)); $(g tlspeek.C.cold.distinct_leaves) distinct leaves; errors $(g tlspeek.C.cold.errors)/$(g tlspeek.C.warm.errors) | $loads |" ;;
    D) echo "| D ${D_MB} MiB download, MB/s (TTFB s) | $(g direct.D.mbs) ($(g direct.D.ttfb)) | $(g tlspeek.D.mbs) ($(g tlspeek.D.ttfb)) | $(ratio tlspeek.D.mbs direct.D.mbs) | peak RSS $(g tlspeek.D.hwm) MiB; $(g tlspeek.D.cpu) s CPU/GB; complete: $(g tlspeek.D.complete) | $loads |" ;;
    E) echo "| E $E_CONNS idle intercepted connections, ok (alive after 2 s) | n/a | $(g tlspeek.E.ok) ($(g tlspeek.E.alive_after_hold)) | n/a | $(g tlspeek.E.kib_per_conn) KiB RSS/connection (from $(calc "round($(g tlspeek.E.rss_before_kb) / 1024, 1)") MiB) | $loads |" ;;
  esac
done
echo
echo "Raw output (hey, client.py, tlspeek logs): $WORK"

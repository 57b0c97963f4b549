#!/bin/sh
# Regenerates the handshake transcripts in this folder: real OpenSSL/curl handshakes on loopback,
# recorded by `openssl s_server -msg` (each message in hex, "<<<" received, ">>>" sent by the server).
# The transcripts are committed; this script only documents (and can repeat) how they were made.
# With file names as arguments it remakes only those (e.g. ./capture.sh s_client-tls12-rsa.txt).
set -eu
only="$*"
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

for name in server client; do
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj /CN=localhost \
        -keyout "$name.key" -out "$name.pem" -days 3650 2>/dev/null
done
# An RSA server key, for the ECDHE-RSA suites (the seed's walk: ServerKeyExchange signed with RSA).
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -keyout rsa.key -out rsa.pem -days 3650 2>/dev/null

# capture OUTPUT "S_SERVER FLAGS" CLIENT-COMMAND (with PORT in it) [SERVER-KEY-NAME, default server]
capture() {
    output=$1 server_flags=$2 client=$3 key=${4:-server}
    if [ -n "$only" ] && ! echo " $only " | grep -q " $output "; then return; fi
    openssl s_server -accept 127.0.0.1:0 -cert "$key.pem" -key "$key.key" -msg -www -naccept 1 \
        $server_flags >raw.txt 2>&1 &
    server=$!
    port=""
    while [ -z "$port" ]; do sleep 0.1; port=$(sed -n 's/^ACCEPT .*:\([0-9]*\)$/\1/p' raw.txt); done
    sh -c "$(echo "$client" | sed "s/PORT/$port/g")" >/dev/null 2>&1 </dev/null || true
    wait "$server" || true
    # Keep only the -msg lines: message headers and their hex dumps (not -www's statistics).
    grep -E '^(<<<|>>>) |^    [0-9a-f]{2}( [0-9a-f]{2})*$' raw.txt >"$here/$output"
}

request='printf "GET / HTTP/1.0\r\n\r\n"'

capture curl-tls13.txt "-alpn http/1.1" \
    "curl -sk --tlsv1.3 --resolve localhost:PORT:127.0.0.1 https://localhost:PORT/"
capture curl-untrusted-tls13.txt "" \
    "curl -s --tlsv1.3 --resolve localhost:PORT:127.0.0.1 https://localhost:PORT/"
capture s_client-tls12.txt "-alpn http/1.1" \
    "$request | openssl s_client -connect 127.0.0.1:PORT -tls1_2 -servername example.test -alpn http/1.1 -ign_eof"
capture s_client-tls12-mutual.txt "-Verify 1" \
    "$request | openssl s_client -connect 127.0.0.1:PORT -tls1_2 -servername mutual.test -cert client.pem -key client.key -ign_eof"
capture s_client-tls13-hrr-mutual.txt "-Verify 1 -groups secp384r1" \
    "$request | openssl s_client -connect 127.0.0.1:PORT -tls1_3 -servername retry.test -groups x25519:secp384r1 -cert client.pem -key client.key -ign_eof"
capture s_client-tls12-rsa.txt "-alpn http/1.1" \
    "$request | openssl s_client -connect 127.0.0.1:PORT -tls1_2 -servername rsa.test -alpn http/1.1 -ign_eof" rsa

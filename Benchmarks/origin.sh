# Shared by Benchmarks/run.sh and scripts/load-test.sh (sourced, not run): loopback helpers and
# the nginx TLS origin. The caller sets WORK (a directory) and defines log and die. Sourcing it
# starts the PID bookkeeping: append every process you start to PIDS; an EXIT trap stops them all.
#
#   free_port                     a free TCP port on 127.0.0.1
#   wait_port PORT PID SECONDS    until PORT accepts (false if PID died or time ran out)
#   start_origin BIG_MB           origin CA + certificate for localhost, 127.0.0.1 and *.bench.test in
#                                 $WORK (kept across runs), /small (100 B) and a sparse /big of BIG_MB
#                                 MiB, nginx on 127.0.0.1:$ORIGIN_PORT (PID $NGINX_PID), probed once

PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_port() { # port, pid, seconds
  local i
  for ((i = 0; i < $3 * 20; i++)); do
    kill -0 "$2" 2>/dev/null || return 1
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  return 1
}

start_origin() {
  mkdir -p "$WORK"/www "$WORK"/nginx
  chmod 755 "$WORK" "$WORK/www"
  if [[ ! -s $WORK/origin.pem ]]; then
    (
      cd "$WORK"
      openssl ecparam -name prime256v1 -genkey -noout -out origin-ca.key
      openssl req -x509 -new -key origin-ca.key -sha256 -days 30 -subj "/CN=tlspeek bench origin CA" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign" -out origin-ca.pem
      openssl ecparam -name prime256v1 -genkey -noout -out origin.key
      openssl req -new -key origin.key -subj "/CN=localhost" -out origin.csr
      printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
        "extendedKeyUsage=serverAuth" "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" \
        "subjectAltName=DNS:localhost,DNS:*.bench.test,IP:127.0.0.1" > origin.ext
      openssl x509 -req -in origin.csr -CA origin-ca.pem -CAkey origin-ca.key -CAcreateserial -days 30 \
        -sha256 -extfile origin.ext -out origin.pem 2>/dev/null
      rm -f origin.csr origin-ca.srl
      chmod 644 origin-ca.pem origin.pem
    )
  fi
  head -c 100 /dev/zero | tr '\0' 'x' > "$WORK/www/small.txt"
  rm -f "$WORK/www/big.bin"; truncate -s "${1}M" "$WORK/www/big.bin"
  chmod 644 "$WORK"/www/*

  ORIGIN_PORT=$(free_port)
  cat > "$WORK/nginx/nginx.conf" <<EOF
user root root;
worker_processes 2;
worker_rlimit_nofile 16384;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
daemon off;
events { worker_connections 8192; multi_accept on; }
http {
  access_log off; sendfile on; tcp_nopush on; tcp_nodelay on; server_tokens off;
  client_body_temp_path $WORK/nginx/body; proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi; uwsgi_temp_path $WORK/nginx/uwsgi; scgi_temp_path $WORK/nginx/scgi;
  keepalive_timeout 300s; keepalive_requests 1000000; gzip off; etag off;
  server {
    listen 127.0.0.1:$ORIGIN_PORT ssl backlog=4096;
    ssl_certificate $WORK/origin.pem; ssl_certificate_key $WORK/origin.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    root $WORK/www;
    location = /small { default_type text/plain; try_files /small.txt =404; }
    location = /big { default_type application/octet-stream; try_files /big.bin =404; }
  }
}
EOF
  [[ $(id -u) -eq 0 ]] || sed -i '/^user root root;/d' "$WORK/nginx/nginx.conf"
  nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" >"$WORK/nginx/stdout.log" 2>&1 &
  NGINX_PID=$!
  PIDS+=("$NGINX_PID")

  wait_port "$ORIGIN_PORT" "$NGINX_PID" 10 || { cat "$WORK/nginx/stdout.log" "$WORK/nginx/error.log" >&2; die "nginx did not start"; }
  curl -sS -o /dev/null --noproxy '*' --cacert "$WORK/origin-ca.pem" "https://localhost:$ORIGIN_PORT/small" \
    || die "origin probe failed"
}

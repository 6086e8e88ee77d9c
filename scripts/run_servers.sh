#!/usr/bin/env bash
# Several Streamlit server processes behind nginx (sticky sessions), sharing one result store; with RAY=1, a local
# Ray head with one worker trains for all of them (EXPLAINER_EXECUTOR=ray), so a configuration trains once.
#   make run-class SERVERS=3          # three web processes on :8501, in-process training in each
#   make run-cluster                  # Ray head + one worker, two web processes on :8501
# Environment: PORT (8501), SERVERS, RAY (0/1), RAY_CPUS (1), STREAMLIT_FLAGS (extra flags for every server).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PORT=${PORT:-8501}
SERVERS=${SERVERS:-2}
RAY=${RAY:-0}
RAY_CPUS=${RAY_CPUS:-1}
RAY_PORT=${RAY_PORT:-6380}
NGINX=$(command -v nginx || true)
if [ -z "$NGINX" ] && [ -x /usr/sbin/nginx ]; then NGINX=/usr/sbin/nginx; fi
if [ -z "$NGINX" ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "Installing Debian's nginx-light for the reverse proxy..."
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
  NGINX=/usr/sbin/nginx
fi
[ -n "$NGINX" ] || { echo "nginx is needed: sudo apt-get install nginx-light" >&2; exit 1; }

RUN_DIR=$(mktemp -d /tmp/explainer-servers.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ "$RAY" = 1 ]; then "$(dirname "$PY")/ray" stop --force >/dev/null 2>&1 || true; fi
  wait 2>/dev/null || true
  [ -n "${KEEP_LOGS:-}" ] || rm -rf "$RUN_DIR"
}
trap cleanup EXIT INT TERM

if [ "$RAY" = 1 ]; then
  "$PY" -c "import ray" 2>/dev/null || "$PY" -m pip install --quiet "ray>=2.40"
  # Ray's token authentication (on by default for local clusters since Ray 2.59): one token for this cluster,
  # given to the head and to every web process, rather than each reading ~/.ray/auth_token, which another
  # `ray start` on the machine may have replaced in between.
  export RAY_AUTH_MODE=token
  RAY_AUTH_TOKEN=${RAY_AUTH_TOKEN:-$("$PY" -c "import secrets; print(secrets.token_hex(32))")}
  export RAY_AUTH_TOKEN
  echo "Starting a local Ray head with $RAY_CPUS CPU worker slot(s) on :$RAY_PORT ..."
  "$(dirname "$PY")/ray" start --head --port="$RAY_PORT" --node-ip-address=127.0.0.1 --num-cpus="$RAY_CPUS" \
    --include-dashboard=false --disable-usage-stats >"$RUN_DIR/ray.log" 2>&1
  export EXPLAINER_EXECUTOR=ray EXPLAINER_RAY_ADDRESS="127.0.0.1:$RAY_PORT"
fi

# One cookie secret for every server: the XSRF token a page got from one server is valid on the others.
COOKIE_SECRET=$("$PY" -c "import secrets; print(secrets.token_hex(16))")
UPSTREAMS=""
for i in $(seq 1 "$SERVERS"); do
  port=$((PORT + 100 + i))
  STREAMLIT_SERVER_COOKIE_SECRET="$COOKIE_SECRET" "$PY" -m streamlit run streamlit_app.py --server.headless true \
    --server.port "$port" --server.address 127.0.0.1 ${STREAMLIT_FLAGS:-} \
    >"$RUN_DIR/server-$i.log" 2>&1 &
  PIDS+=($!)
  UPSTREAMS="$UPSTREAMS    server 127.0.0.1:$port;\n"
done

mkdir -p "$RUN_DIR/nginx"
# Sticky sessions: a session's page, WebSocket, uploads and media must reach the server that holds it. The first
# response gives the browser a random `explainer_server` cookie; the upstream is chosen by hashing it.
printf '%b' "worker_processes 1;
pid $RUN_DIR/nginx/nginx.pid;
error_log $RUN_DIR/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_max_body_size 6m;
  client_body_temp_path $RUN_DIR/nginx/body;
  proxy_temp_path $RUN_DIR/nginx/proxy;
  fastcgi_temp_path $RUN_DIR/nginx/fastcgi;
  uwsgi_temp_path $RUN_DIR/nginx/uwsgi;
  scgi_temp_path $RUN_DIR/nginx/scgi;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  map \$cookie_explainer_server \$sticky_key { default \$cookie_explainer_server; '' \$request_id; }
  upstream explainer {
    hash \$sticky_key consistent;
$UPSTREAMS  }
  server {
    listen $PORT;
    location / {
      proxy_pass http://explainer;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$host;
      proxy_read_timeout 86400s;
      proxy_buffering off;
      add_header Set-Cookie \"explainer_server=\$sticky_key; Path=/; SameSite=Lax\" always;
      add_header X-Explainer-Upstream \$upstream_addr always;  # which web process answered (the load test reports it)
    }
  }
}
" >"$RUN_DIR/nginx/nginx.conf"
"$NGINX" -p "$RUN_DIR/nginx" -c "$RUN_DIR/nginx/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
echo "Serving http://localhost:$PORT : $SERVERS server process(es) behind nginx${EXPLAINER_EXECUTOR:+, training on Ray}."
echo "Logs in $RUN_DIR (removed on exit). Ctrl-C stops everything."
wait -n "${PIDS[@]}"

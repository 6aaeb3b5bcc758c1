#!/usr/bin/env bash
# Measures Steward's own production surface: time to ready (first start with initdb, then a restart), memory,
# and the latency and throughput of /healthz, /readyz and /health under load. Loopback only.
#   bench/ops-surface.sh            needs: wrk, redis-server, curl (apt-get install wrk redis-server curl)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/java.sh"
steward_find_java
for tool in wrk redis-server curl; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool: apt-get install $tool" >&2; exit 1; }
done
"$root/steward" --version >/dev/null   # builds the jar if needed

work=$(mktemp -d)
port=18700; db_port=18701; redis_port=18702
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --daemonize yes --pidfile "$work/redis.pid" >/dev/null
pid=""
cleanup() {
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  kill -CONT "$(cat "$work/redis.pid")" 2>/dev/null || true
  kill "$(cat "$work/redis.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

start() {
  local began=$(date +%s%N)
  PORT=$port STEWARD_DATA_DIR="$work/data" EMBEDDED_DB_PORT=$db_port REDIS_URL="redis://127.0.0.1:$redis_port" \
    "$STEWARD_JAVA" -jar "$root/target/steward.jar" start > "$work/steward.log" 2>&1 &
  pid=$!
  until curl -fs "localhost:$port/readyz" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then echo "Steward did not start:" >&2; tail -n 3 "$work/steward.log" >&2; exit 1; fi
    sleep 0.05
  done
  elapsed=$(( ($(date +%s%N) - began) / 1000000 ))
}
stop() { kill -TERM "$pid"; wait "$pid" || true; pid=""; }

echo "java: $("$STEWARD_JAVA" -version 2>&1 | head -n 1); cores: $(nproc)"
start; echo "first start (initdb + migrations) to ready: $elapsed ms"
stop
start; echo "restart to ready:                          $elapsed ms"
echo "RSS after start:                           $(( $(ps -o rss= -p "$pid") / 1024 )) MB (java only; PostgreSQL separate)"

for path in /healthz /readyz /health; do
  curl -fs "localhost:$port$path" >/dev/null
  wrk -t2 -c32 -d10s --latency "http://127.0.0.1:$port$path" > "$work/wrk.txt"
  rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$work/wrk.txt"); p99=$(awk '$1=="99%" {print $2}' "$work/wrk.txt")
  printf '%-9s 32 connections, 10 s: %8s req/s  p50 %-8s p99 %s\n' "$path" "$rps" "$p50" "$p99"
done
echo "RSS after load:                            $(( $(ps -o rss= -p "$pid") / 1024 )) MB"

kill -STOP "$(cat "$work/redis.pid")"
began=$(date +%s%N)
code=$(curl -s -o /dev/null -w '%{http_code}' "localhost:$port/health")
echo "/health with Redis hung (SIGSTOP):         HTTP $code in $(( ($(date +%s%N) - began) / 1000000 )) ms (HEALTH_CHECK_TIMEOUT 1s)"
kill -CONT "$(cat "$work/redis.pid")"

began=$(date +%s%N)
kill -TERM "$pid"; status=0; wait "$pid" || status=$?; pid=""
echo "SIGTERM to exit:                           $(( ($(date +%s%N) - began) / 1000000 )) ms, exit status $status"

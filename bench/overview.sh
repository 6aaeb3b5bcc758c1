#!/usr/bin/env bash
# The overview page with 2,000 HTTP monitors: server render time (Server-Timing) one request at a time, and under wrk.
#   bench/overview.sh [--monitors 2000] [--services 200] [--requests 200] [--connections 10] [--wrk-seconds 30]
# Pages need a viewer: set STEWARD_TOKEN, or the script creates a token with 'steward token create'.
# Needs nginx-light, python3, wrk and curl:
#   apt-get install nginx-light python3 wrk curl
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/java.sh"
steward_find_java
for tool in nginx python3 wrk curl; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool: apt-get install nginx-light python3 wrk curl" >&2; exit 1; }
done
"$root/steward" --version >/dev/null   # builds the jar if needed
exec python3 "$root/bench/overview.py" --java "$STEWARD_JAVA" --jar "$root/target/steward.jar" "$@"

#!/usr/bin/env bash
# Probe engine at scale: catalogs of 1,000 / 5,000 / 10,000 HTTP monitors at 10 s against loopback targets.
#   bench/monitors.sh [--sizes 1000,5000,10000] [--window 60] [--warmup 40]
# Needs nginx-light (its echo module serves the slow target), python3 and curl:
#   apt-get install nginx-light python3 curl
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/java.sh"
steward_find_java
for tool in nginx python3 curl; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool: apt-get install nginx-light python3 curl" >&2; exit 1; }
done
"$root/steward" --version >/dev/null   # builds the jar if needed
exec python3 "$root/bench/monitors.py" --java "$STEWARD_JAVA" --jar "$root/target/steward.jar" "$@"

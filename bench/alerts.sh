#!/usr/bin/env bash
# Alert storm: 1,000 HTTP monitors fail at once; every trigger and resolve must reach a webhook receiver.
#   bench/alerts.sh [--monitors 1000] [--services 100] [--interval 5] [--timeout 120]
# Needs nginx-light, python3, psql and curl:
#   apt-get install nginx-light python3 postgresql-client curl
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/java.sh"
steward_find_java
for tool in nginx python3 psql curl; do
  command -v "$tool" >/dev/null || {
    echo "bench needs $tool: apt-get install nginx-light python3 postgresql-client curl" >&2; exit 1; }
done
"$root/steward" --version >/dev/null   # builds the jar if needed
exec python3 "$root/bench/alerts.py" --java "$STEWARD_JAVA" --jar "$root/target/steward.jar" "$@"

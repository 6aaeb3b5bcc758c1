#!/usr/bin/env bash
# Backups and drills against the raw tools on the same data, in the same run (issue 7's targets):
#   bench/backup.sh [--scale 50] [--dataset-scale 1] [--runs 2] [--only pgbench|shop] [--keep]
# pgbench at scale 50 and bench/dataset.sql (about 1 GB) on Steward's embedded PostgreSQL; takes 20-40 minutes
# on 2 cores. Run it on a quiet machine. Needs the PostgreSQL 15 client tools (pg_dump, pg_restore, pgbench, psql,
# createdb), zstd and python3:
#   apt-get install postgresql-client-15 zstd python3
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/scripts/java.sh"
steward_find_java
for tool in pg_dump pg_restore pgbench psql createdb dropdb zstd python3; do
  command -v "$tool" >/dev/null || { echo "bench needs $tool: apt-get install postgresql-client-15 zstd python3" >&2; exit 1; }
done
"$root/steward" --version >/dev/null   # builds the jar if needed
exec python3 "$root/bench/backup.py" --java "$STEWARD_JAVA" --jar "$root/target/steward.jar" "$@"

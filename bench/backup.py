"""Backup and drill benchmark: Steward against the raw tools on the same data, in the same run.

Two databases on Steward's embedded PostgreSQL 15: pgbench at scale 50 and bench/dataset.sql (about 1 GB of
customers, orders and events with text, JSON and indexes). For each run and database:
  raw backup     pg_dump -Fc -Z0 | zstd -3 > file                 (wall time, size)
  Steward backup POST /api/v1/backups/policies/<db>/run           (started -> complete, bytes stored)
  raw restore    pg_restore -j 2 into a fresh database, from the decompressed raw dump (and with zstd -d before it)
  Steward drill  POST /api/v1/backups/<id>/verify                 (the drill's restore time: read, checksum,
                                                                   decompress, pg_restore -j 2, not the checks)
Every timed step starts from a settled machine (a CHECKPOINT, then sync, so that the previous step's dirty pages are
not written back during this one), and the order alternates between runs (raw first in even runs, Steward first in
odd ones), so that neither side always follows the other's restore. The results are polled once a second; the times
come from Steward's own records, not from the polling.
Targets (issue 7): backup wall time <= 1.05x raw, size within 5 %, drill restore <= 1.10x raw pg_restore -j 2.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from monitors import start_steward, stop_steward  # noqa: E402


def sh(command, env=None, **kwargs):
    return subprocess.run(command, shell=True, check=True, env=env, **kwargs)


def api(port, token, method, path):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", method=method,
                                     headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"{}")


def token(java, jar, data, pg_port):
    env = dict(os.environ, STEWARD_DATA_DIR=data, EMBEDDED_DB_PORT=str(pg_port), LOG_LEVEL="WARN")
    made = subprocess.run([java, "-jar", jar, "token", "create", "--name", "bench-backup", "--role", "operator",
                           "--expires", "1d"], env=env, capture_output=True, text=True, timeout=120)
    if made.returncode != 0:
        raise SystemExit("could not create an API token:\n" + made.stderr)
    return made.stdout.strip().splitlines()[-1].strip()


def await_backup(port, auth, backup_id, statuses, timeout=3600):
    deadline = time.time() + timeout
    while time.time() < deadline:
        detail = api(port, auth, "GET", f"/api/v1/backups/{backup_id}")
        if detail["backup"]["status"] in statuses:
            return detail
        if detail["backup"]["status"] == "failed":
            raise SystemExit(f"backup {backup_id} failed: {detail['backup'].get('error')}")
        time.sleep(1)
    raise SystemExit(f"backup {backup_id} did not finish in {timeout} s")


def seconds_between(start, end):
    from datetime import datetime
    parse = lambda text: datetime.fromisoformat(text.replace("Z", "+00:00"))
    return (parse(end) - parse(start)).total_seconds()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--java", required=True)
    parser.add_argument("--jar", required=True)
    parser.add_argument("--port", type=int, default=18480)
    parser.add_argument("--scale", type=int, default=50, help="pgbench scale (default 50)")
    parser.add_argument("--dataset-scale", default="1", help="bench/dataset.sql scale (1 is about 1 GB)")
    parser.add_argument("--runs", type=int, default=2, help="runs of each measurement; the median is reported")
    parser.add_argument("--only", choices=["pgbench", "shop"], help="measure one of the two databases")
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    work = tempfile.mkdtemp(prefix="steward-bench-backup-")
    pg_port = args.port + 1
    pg = f"-h 127.0.0.1 -p {pg_port} -U postgres"
    store = os.path.join(work, "store")
    catalog = os.path.join(work, "steward.yml")
    with open(catalog, "w") as f:
        f.write("backups:\n")
        for db in ("pgbench", "shop"):
            f.write(f"  {db}:\n    source: postgres://postgres@127.0.0.1:{pg_port}/{db}\n"
                    f"    storage: {{ type: local, path: {store} }}\n    retention: {{ keepLast: 20 }}\n"
                    f"    drill: {{ schedule: \"0 0 1 1 *\" }}\n")
    steward = start_steward(args.java, args.jar, work, "backup", args.port, catalog, "512m")
    results = {}
    try:
        auth = token(args.java, args.jar, steward.data, pg_port)
        databases = [args.only] if args.only else ["pgbench", "shop"]
        print(f"building the data (pgbench scale {args.scale}, dataset scale {args.dataset_scale}) ...", flush=True)
        if "pgbench" in databases:
            sh(f"createdb {pg} pgbench && pgbench -i -q -s {args.scale} {pg} pgbench >/dev/null 2>&1")
        if "shop" in databases:
            sh(f"createdb {pg} shop && psql -q -v ON_ERROR_STOP=1 -v scale={args.dataset_scale} {pg} -d shop "
               f"-f {root}/bench/dataset.sql >/dev/null 2>&1")
        for db in databases:
            sh(f"psql -q {pg} -d {db} -c 'VACUUM ANALYZE'")
        sh(f"psql -q {pg} -d postgres -c CHECKPOINT")
        for db in databases:
            size = int(subprocess.check_output(
                f"psql -qtA {pg} -d {db} -c \"select pg_database_size('{db}')\"", shell=True).strip())
            raw_dump, raw_size, steward_dump, steward_size, raw_restore, raw_restore_zstd, drill = \
                [], [], [], [], [], [], []
            raw_file = os.path.join(work, f"{db}.dump.zst")
            plain = os.path.join(work, f"{db}.dump")
            def settle():
                sh(f"psql -q {pg} -d postgres -c CHECKPOINT && sync")

            def raw_backup():
                settle()
                started = time.monotonic()
                sh(f"pg_dump {pg} -Fc -Z0 {db} | zstd -3 -q -f -o {raw_file}")
                raw_dump.append(time.monotonic() - started)
                raw_size.append(os.path.getsize(raw_file))

            def steward_backup():
                settle()
                backup = api(args.port, auth, "POST", f"/api/v1/backups/policies/{db}/run")
                detail = await_backup(args.port, auth, backup["id"], ("complete", "verified"))
                steward_dump.append(seconds_between(detail["backup"]["startedAt"], detail["backup"]["finishedAt"]))
                steward_size.append(detail["backup"]["bytes"])
                return backup["id"]

            def raw_drill(run):
                started = time.monotonic()
                sh(f"zstd -d -q -f {raw_file} -o {plain}")
                unzstd = time.monotonic() - started
                sh(f"createdb {pg} raw_{db}_{run}")
                settle()
                started = time.monotonic()
                sh(f"pg_restore -j 2 --exit-on-error --no-owner {pg} -d raw_{db}_{run} {plain}")
                restore = time.monotonic() - started
                raw_restore.append(restore)
                raw_restore_zstd.append(restore + unzstd)
                sh(f"dropdb {pg} raw_{db}_{run}")
                os.remove(plain)

            def steward_drill(backup_id):
                settle()
                before = {d["id"] for d in api(args.port, auth, "GET", f"/api/v1/backups/{backup_id}")["drills"]}
                api(args.port, auth, "POST", f"/api/v1/backups/{backup_id}/verify")
                deadline = time.time() + 3600
                while time.time() < deadline:
                    drills = api(args.port, auth, "GET", f"/api/v1/backups/{backup_id}")["drills"]
                    done = [d for d in drills if d["id"] not in before and d["status"] != "running"]
                    if done:
                        if done[0]["status"] != "passed":
                            raise SystemExit(f"drill failed: {done[0].get('error')}")
                        drill.append(done[0]["restoreSeconds"])
                        return
                    time.sleep(1)
                raise SystemExit("the drill did not finish")

            for run in range(args.runs):
                if run % 2 == 0:
                    raw_backup()
                    backup_id = steward_backup()
                    raw_drill(run)
                    steward_drill(backup_id)
                else:
                    backup_id = steward_backup()
                    raw_backup()
                    steward_drill(backup_id)
                    raw_drill(run)
                print(f"  {db} run {run + 1}: backup raw {raw_dump[-1]:.2f} s, Steward {steward_dump[-1]:.2f} s;"
                      f" restore raw {raw_restore[-1]:.2f} s, Steward drill {drill[-1]:.2f} s", flush=True)
            m = statistics.median
            results[db] = {
                "database_mb": round(size / 1e6), "raw_dump_s": round(m(raw_dump), 2),
                "steward_backup_s": round(m(steward_dump), 2),
                "backup_ratio": round(m(steward_dump) / m(raw_dump), 3),
                "raw_mb": round(m(raw_size) / 1e6, 1), "steward_mb": round(m(steward_size) / 1e6, 1),
                "size_ratio": round(m(steward_size) / m(raw_size), 3),
                "raw_restore_j2_s": round(m(raw_restore), 2),
                "raw_unzstd_and_restore_s": round(m(raw_restore_zstd), 2),
                "steward_drill_restore_s": round(m(drill), 2),
                "drill_ratio": round(m(drill) / m(raw_restore), 3),
                "runs": args.runs,
            }
            print(json.dumps({db: results[db]}), flush=True)
    finally:
        stop_steward(steward)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print("work directory kept:", work)
    print()
    print(f"{'database':10} {'size':>8} {'raw dump':>9} {'Steward':>8} {'ratio':>6} {'raw MB':>7} {'Stw MB':>7}"
          f" {'ratio':>6} {'raw rst':>8} {'drill':>7} {'ratio':>6}")
    for db, r in results.items():
        print(f"{db:10} {r['database_mb']:>6}MB {r['raw_dump_s']:>8}s {r['steward_backup_s']:>7}s"
              f" {r['backup_ratio']:>6} {r['raw_mb']:>7} {r['steward_mb']:>7} {r['size_ratio']:>6}"
              f" {r['raw_restore_j2_s']:>7}s {r['steward_drill_restore_s']:>6}s {r['drill_ratio']:>6}")


if __name__ == "__main__":
    main()

-- Probe results, their hourly rollups and the current state of every monitor. docs/RESULTS.md explains the choices;
-- the figures below are for 10,000 monitors probed every 10 s (86.4 million results a day).

-- Monitors as stored results know them: `service/monitor` keys from the catalog, each given a small number so that a
-- result row carries 4 bytes instead of the key. Rows are never deleted: a monitor removed from the catalog keeps
-- its history until retention removes the results.
create table monitor (
    id         integer generated always as identity primary key,
    key        text        not null unique,
    created_at timestamptz not null default now()
);

-- The latency histogram's bucket for a latency in microseconds (0..863). Log-linear: below 64 µs one bucket per µs;
-- above, every power of two is split into 32 equal buckets, so a bucket is at most 1/32 of its lower bound wide.
-- o = the number of halvings (0 below 64 µs, 1 for 64..127, 2 for 128..255, ... 25 for 2^30..2^31-1);
-- bucket = 32 * o + (latency >> o). result.LatencyHistogram computes the same in Java; a test checks they agree.
create function steward_latency_bucket(latency_us integer) returns smallint
    language sql immutable strict parallel safe
    return (32 * width_bucket(latency_us, '{64,128,256,512,1024,2048,4096,8192,16384,32768,65536,131072,262144,524288,1048576,2097152,4194304,8388608,16777216,33554432,67108864,134217728,268435456,536870912,1073741824}'::integer[])
            + (latency_us >> width_bucket(latency_us, '{64,128,256,512,1024,2048,4096,8192,16384,32768,65536,131072,262144,524288,1048576,2097152,4194304,8388608,16777216,33554432,67108864,134217728,268435456,536870912,1073741824}'::integer[])))::smallint;

-- One row per probe result, in daily partitions (UTC days) named monitor_result_YYYYMMDD, created ahead and dropped
-- whole by retention (result.PartitionMaintenance). Rows that arrive for a day without a partition land in the
-- default partition and are moved when their day's partition is created.
-- Columns are ordered for alignment: 8-byte, then 4-, then 2-byte, then variable-length ones.
--   status: 0 up, 1 degraded, 2 down (ordered by severity, so the worst of several is max(status)).
--   latency_us / lateness_us: microseconds, clamped to the integer range (±35 minutes);
--     scheduled_at = started_at - lateness_us.
--   error_code: the ErrorCode's snake_case code, null when the probe reported none.
--   message: only for degraded and down results; an up result's message ("HTTP 200") is kept in monitor_state only.
--   failures: the conditions that did not hold, [{"condition", "success", "resolved"}], null when none.
create table monitor_result (
    started_at             timestamptz not null,
    certificate_expires_at timestamptz,
    monitor_id             integer     not null,
    latency_us             integer     not null,
    lateness_us            integer     not null,
    status                 smallint    not null,
    error_code             text,
    message                text,
    failures               jsonb
) partition by range (started_at);

create table monitor_result_default partition of monitor_result default;

create index monitor_result_monitor_started on monitor_result (monitor_id, started_at);
-- Rollups and partition moves read one hour or one day of all monitors; rows arrive in time order, so a BRIN index
-- (a few pages per day) finds them without scanning the whole day.
create index monitor_result_started_brin on monitor_result using brin (started_at);

-- One row per monitor and UTC hour: result counts by status, and the latencies of up and degraded results as a sparse
-- histogram (latency_buckets ascending, latency_counts[i] results in bucket latency_buckets[i]). Rebuilt from
-- monitor_result by result.Rollups (idempotent upserts); kept for ROLLUP_RETENTION.
create table monitor_rollup_hourly (
    monitor_id      integer     not null,
    hour            timestamptz not null,
    up              integer     not null,
    degraded        integer     not null,
    down            integer     not null,
    latency_sum_us  bigint      not null,
    latency_buckets smallint[]  not null,
    latency_counts  integer[]   not null,
    primary key (monitor_id, hour)
);

create index monitor_rollup_hourly_hour_brin on monitor_rollup_hourly using brin (hour);

-- Every hour before rolled_up_to has its rollup rows; statistics read raw results from there on.
create table monitor_rollup_watermark (
    singleton    boolean primary key default true check (singleton),
    rolled_up_to timestamptz
);

insert into monitor_rollup_watermark (rolled_up_to) values (null);

-- The latest result of every monitor and how long its status has lasted, updated with each batch of results, so that
-- the state of 10,000 monitors is one query. Updated about once per probe: the fill factor leaves room on each page so
-- the updates stay HOT (no index changes).
--   since: started_at of the first result of the current run of results with this status.
--   consecutive: how many results in a row had this status, this one included.
create table monitor_state (
    monitor_id             integer     primary key references monitor (id),
    status                 smallint    not null,
    since                  timestamptz not null,
    consecutive            integer     not null,
    last_started_at        timestamptz not null,
    last_latency_us        integer     not null,
    last_message           text        not null,
    last_error             text,
    certificate_expires_at timestamptz
) with (fillfactor = 50);

-- Heartbeat monitors (package heartbeat): the ping URL of each one, and the pings it received.
-- heartbeat: one row per monitor key ever configured as a heartbeat.
--   assigned_uuid:  the UUID Steward chose for its ping URL, used while the catalog names none; kept when the monitor
--                   is removed, so that no other monitor ever answers to it
--   missed_through: the expected run last reported as missed, and
--   start_reported: the start ping last reported as not finished, so that a restart does not report them again
-- (V7 is taken by backups.)
create table heartbeat (
    monitor         text        primary key,
    assigned_uuid   uuid        not null unique,
    created_at      timestamptz not null,
    missed_through  timestamptz,
    start_reported  timestamptz
);

-- The latest pings of each heartbeat monitor (Steward keeps its last 100), with the first 100,000 bytes of the body.
--   kind:        success | start | fail | log (an exit status is success when 0, else fail)
--   duration_ms: a finished run's time since its start ping, when there was one within 72 hours
--   truncated:   the body was longer than what is kept
create table heartbeat_ping (
    id           bigint generated always as identity primary key,
    monitor      text        not null,
    received_at  timestamptz not null,
    kind         text        not null check (kind in ('success', 'start', 'fail', 'log')),
    exit_status  smallint    check (exit_status between 0 and 255),
    duration_ms  bigint,
    body         bytea       not null,
    truncated    boolean     not null,
    client       text        not null,
    method       text        not null,
    user_agent   text,
    rid          uuid
);

create index heartbeat_ping_monitor on heartbeat_ping (monitor, id desc);

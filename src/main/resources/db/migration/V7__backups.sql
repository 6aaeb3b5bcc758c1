-- Backups and restore drills (package backup). A backup row is written when a run starts ('running') and becomes
-- 'complete' only after every stored object is complete, its checksum recorded and its manifest written next to it.
-- A run interrupted by a crash stays 'running' until the next start marks it 'failed' (or 'complete' when its
-- manifest did reach storage). Objects are never listed from this table alone: the manifest in storage is the truth,
-- and `steward backup import` rebuilds these rows from it.
--   kind:    scheduled | manual | safety (taken of a target before a guided restore) | imported
--   status:  running | complete | failed | verified (its last drill passed) | drill_failed | deleted (by retention)
--   scheduled_for: the cron slot a scheduled run belongs to; unique per policy, so two instances sharing this
--                  database never run the same slot twice
--   runner:  the Steward that runs it (host and data directory): at its next start, its own running rows are known
--            to be interrupted; another instance's are taken for interrupted once silent (alive_at) for 2 minutes
-- (V6 is taken by heartbeats.)
create table backup (
    id            text        primary key,
    policy        text        not null,
    kind          text        not null check (kind in ('scheduled', 'manual', 'safety', 'imported')),
    status        text        not null check (status in ('running', 'complete', 'failed', 'verified', 'drill_failed', 'deleted')),
    scheduled_for timestamptz,
    started_at    timestamptz not null,
    finished_at   timestamptz,
    alive_at      timestamptz not null,
    runner        text        not null,
    source        text        not null,
    bytes         bigint,
    sha256        text,
    manifest      jsonb,
    error         text,
    requested_by  text,
    unique (policy, scheduled_for)
);

create index backup_policy_started on backup (policy, started_at desc);

-- Where each backup's objects are: one row per storage destination of the policy.
create table backup_copy (
    backup_id   text    not null references backup (id),
    storage     text    not null,
    position    int     not null,
    status      text    not null check (status in ('running', 'complete', 'failed', 'deleted')),
    error       text,
    primary key (backup_id, position)
);

-- Restore drills: a backup restored into a scratch database and checked.
--   status: running | passed | failed
--   restore_seconds: the restore's wall time (RTO); backup_age_seconds: the backup's age when drilled (RPO)
create table backup_drill (
    id                 bigint generated always as identity primary key,
    backup_id          text        not null references backup (id),
    policy             text        not null,
    status             text        not null check (status in ('running', 'passed', 'failed')),
    started_at         timestamptz not null,
    finished_at        timestamptz,
    alive_at           timestamptz not null,
    runner             text        not null,
    scheduled_for      timestamptz,
    restore_seconds    double precision,
    backup_age_seconds double precision,
    checks             jsonb,
    error              text,
    requested_by       text,
    unique (policy, scheduled_for)
);

create index backup_drill_backup on backup_drill (backup_id, started_at desc);

-- Backup failures alert like everything else: through alerts, routes and incidents, with source 'backup'.
alter table alert drop constraint alert_source_check;
alter table alert add constraint alert_source_check
    check (source in ('monitor', 'rule', 'alertmanager', 'event', 'backup'));

-- One row per start of a Steward process against this database: which version ran, where, and when it stopped.
-- `steward db status` lists them; it tells an operator which versions have touched the schema before a rollback.
create table steward_run (
    id         bigint generated always as identity primary key,
    version    text        not null,
    host       text        not null,
    pid        bigint      not null,
    started_at timestamptz not null,
    stopped_at timestamptz
);

create index steward_run_started_at on steward_run (started_at desc);

-- Alerts, their transitions, the notification outbox, incidents and silences. docs/ALERTS.md explains the flow:
-- a result changes an alert's phase; the transition, its notifications and the incident's timeline entry are written
-- in one transaction; a dispatcher delivers the notifications from this outbox with retries.

-- One row per thing that can fire: a monitor's failure alert, one threshold rule of a monitor, or an alert received
-- from another tool. Rows are kept when the catalog drops the monitor, for the history.
--   key:      monitor:<service>/<monitor> | rule:<service>/<monitor>/<rule> | alertmanager:<fingerprint>
--             | event:<dedup_key> (PagerDuty-compatible intake)
--   phase:    ok | pending | firing
--   episode:  incremented each time the alert fires; notifications of one firing share it (idempotency, dedup keys)
--   suppressed: why the latest firing's notifications were held back (dependency | maintenance | silence), else null
--   state:    the evaluator's memory (recent outcomes, successes in a row, a rule's level and since when), so a restart
--             neither forgets pending failures nor fires twice
create table alert (
    id              bigint generated always as identity primary key,
    key             text        not null unique,
    source          text        not null check (source in ('monitor', 'rule', 'alertmanager', 'event')),
    service         text        not null,
    monitor         text,
    title           text        not null,
    phase           text        not null check (phase in ('ok', 'pending', 'firing')),
    severity        text        not null check (severity in ('critical', 'high', 'medium', 'low')),
    episode         integer     not null default 0,
    since           timestamptz not null,
    fired_at        timestamptz,
    resolved_at     timestamptz,
    acknowledged_at timestamptz,
    acknowledged_by text,
    last_message    text,
    last_error      text,
    suppressed      text,
    labels          jsonb,
    state           jsonb,
    incident_id     bigint,
    next_repeat_at  timestamptz,
    updated_at      timestamptz not null default now()
);

create index alert_active on alert (service) where phase <> 'ok';

-- Every phase change, with the result (or received payload) that caused it:
--   transition: pending | cleared | fired | resolved | escalated (a rule moved from warning to critical or back)
--   cause:      {"startedAt", "status", "latencyMs", "message", "error", "failures"} for probe results,
--               {"measure", "value", "level"} for rules, the received alert's labels and annotations for intake
create table alert_transition (
    id         bigint generated always as identity primary key,
    alert_id   bigint      not null references alert (id),
    at         timestamptz not null,
    transition text        not null,
    from_phase text        not null,
    to_phase   text        not null,
    severity   text        not null,
    cause      jsonb       not null
);

create index alert_transition_alert on alert_transition (alert_id, at);

-- Incidents: a firing alert at or above the catalog's incident severity opens one, or joins its service's open one.
create table incident (
    id              bigint generated always as identity primary key,
    service         text        not null,
    title           text        not null,
    severity        text        not null check (severity in ('critical', 'high', 'medium', 'low')),
    status          text        not null check (status in ('open', 'acknowledged', 'resolved')),
    opened_at       timestamptz not null,
    acknowledged_at timestamptz,
    acknowledged_by text,
    resolved_at     timestamptz,
    resolved_by     text,
    runbook         text,
    updated_at      timestamptz not null default now()
);

-- At most one unresolved incident per service: an alert joins it instead of opening another.
create unique index incident_one_unresolved_per_service on incident (service) where status <> 'resolved';
create index incident_opened on incident (opened_at desc);

-- The incident's timeline, append-only:
--   kind: opened | alert_fired | alert_resolved | notified | notification_failed | suppressed | acknowledged | note
--         | resolved | reopened | severity_raised
create table incident_event (
    id          bigint generated always as identity primary key,
    incident_id bigint      not null references incident (id),
    at          timestamptz not null,
    kind        text        not null,
    author      text,
    text        text        not null,
    data        jsonb
);

create index incident_event_incident on incident_event (incident_id, id);

-- The outbox: one row per message to one channel, written in the transaction of the transition that caused it and
-- delivered by the dispatcher (notify.Dispatcher). idempotency_key travels with every attempt so a receiver can drop
-- duplicates; an escalation step's row waits until its next_attempt_at and is cancelled if the alert is acknowledged or
-- resolved before then.
--   event:  trigger | repeat | acknowledge | resolve | test
--   status: pending | delivered | failed (gave up: refused, or give_up_at passed) | suppressed | cancelled
--   episode, step: the alert's firing this row belongs to, and the escalation step (0 = at once)
--   suppressed_reason: dependency | maintenance | silence | trigger_suppressed; last_error then says which and why
create table notification (
    id                bigint generated always as identity primary key,
    idempotency_key   text        not null unique,
    channel           text        not null,
    channel_type      text        not null,
    event             text        not null,
    alert_id          bigint references alert (id),
    episode           integer     not null default 0,
    step              integer     not null default 0,
    incident_id       bigint references incident (id),
    message           jsonb       not null,
    status            text        not null check (status in ('pending', 'delivered', 'failed', 'suppressed', 'cancelled')),
    suppressed_reason text,
    created_at        timestamptz not null,
    next_attempt_at   timestamptz not null,
    give_up_at        timestamptz not null,
    attempts          integer     not null default 0,
    last_error        text,
    delivered_at      timestamptz,
    updated_at        timestamptz not null default now()
);

create index notification_due on notification (next_attempt_at) where status = 'pending';
create index notification_alert on notification (alert_id, channel, id);
create index notification_created on notification (created_at desc);

-- Every delivery attempt: outcome delivered | retry | failed, the receiver's HTTP status (or SMTP reply) and the
-- first kilobyte of its answer.
create table notification_attempt (
    id              bigint generated always as identity primary key,
    notification_id bigint      not null references notification (id),
    at              timestamptz not null,
    duration_ms     integer     not null,
    outcome         text        not null,
    status_code     integer,
    answer          text,
    error           text
);

create index notification_attempt_notification on notification_attempt (notification_id, id);

-- Ad-hoc silences: while one matches an alert (every non-null matcher equal), its notifications are recorded as
-- suppressed. Expiring one early sets expired_at; rows are never deleted.
create table silence (
    id         bigint generated always as identity primary key,
    service    text,
    monitor    text,
    tag        text,
    severity   text,
    author     text        not null,
    reason     text        not null,
    starts_at  timestamptz not null,
    ends_at    timestamptz not null,
    created_at timestamptz not null,
    expired_at timestamptz,
    expired_by text,
    check (ends_at > starts_at)
);

create index silence_active on silence (ends_at) where expired_at is null;

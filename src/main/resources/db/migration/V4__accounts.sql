-- Accounts and access: users with roles, one-time links (first admin, password set), API tokens, the audit log.

create table app_user (
    id             bigserial primary key,
    email          text        not null,
    password_hash  text,                       -- null until the user sets one (or signs in with OpenID Connect only)
    role           text        not null check (role in ('admin', 'operator', 'viewer')),
    created_at     timestamptz not null default now(),
    created_by     text        not null,
    last_login_at  timestamptz,
    disabled_at    timestamptz
);
create unique index app_user_email on app_user (lower(email));

-- One-time links: 'setup' creates the first admin; 'password' lets a created user choose a password.
-- Only a SHA-256 of the link's secret is kept.
create table account_link (
    token_hash  text        primary key,
    purpose     text        not null check (purpose in ('setup', 'password')),
    user_id     bigint      references app_user (id) on delete cascade,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    used_at     timestamptz
);

-- API tokens for CI and scripts: shown once, only a SHA-256 kept; the prefix identifies a token in lists and logs.
create table api_token (
    id            bigserial primary key,
    name          text        not null,
    prefix        text        not null,
    token_hash    text        not null unique,
    role          text        not null check (role in ('admin', 'operator', 'viewer')),
    created_by    text        not null,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz,
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
create unique index api_token_active_name on api_token (name) where revoked_at is null;

-- Every mutating action, who did it, from where and how it ended. Append-only: the product never changes a row.
create table audit_event (
    id              bigserial primary key,
    at              timestamptz not null default now(),
    actor           text        not null,
    action          text        not null,
    target          text,
    source_address  text,
    outcome         text        not null check (outcome in ('success', 'failure', 'denied')),
    detail          text
);
create index audit_event_at on audit_event (at desc);
create index audit_event_actor on audit_event (actor, at desc);

create function audit_event_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the audit log is append-only: rows cannot be changed or deleted';
end
$$;
create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function audit_event_append_only();

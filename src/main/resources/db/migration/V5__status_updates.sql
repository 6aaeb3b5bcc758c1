-- Public updates on incidents: what operators tell the public on the status page (status.StatusUpdates). Append-only;
-- they never change the incident itself: posting "resolved" here does not resolve the incident in Steward.
--   status:  investigating | identified | monitoring | resolved (the vocabulary of hosted status pages)
--   author:  the signed-in user, or the author the request named
-- (V4 is taken by accounts.)
create table status_update (
    id          bigint generated always as identity primary key,
    incident_id bigint      not null references incident (id),
    status      text        not null check (status in ('investigating', 'identified', 'monitoring', 'resolved')),
    message     text        not null,
    author      text        not null,
    created_at  timestamptz not null
);

create index status_update_incident on status_update (incident_id, created_at);

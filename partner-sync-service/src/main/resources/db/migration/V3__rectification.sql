-- partner-sync-service V3: rectification orders (GDPR Art. 16 and 19). One row per (order, partner), one RECTIFY task
-- per partner object. Field codes only: the new values are fetched from request-service when a task runs, sent to the
-- partner and dropped; they are never stored here, not even hashed.

create table partner_rectification (
    id           uuid primary key,
    order_id     uuid         not null,
    request_id   uuid         not null,
    subject_id   varchar(200) not null,
    partner      varchar(20)  not null,
    -- Field codes of the order, comma-separated (first-name,last-name,email,phone).
    fields       varchar(200) not null,
    created_at   timestamptz  not null,
    constraint partner_rectification_once unique (order_id, partner)
);
create index partner_rectification_subject on partner_rectification (subject_id);

alter table partner_task add column partner_rectification_id uuid references partner_rectification (id);
-- Per field of a RECTIFY task: code, partner property and result (applied, not-applicable, not-applied), as JSON.
-- Codes and results only, never a value.
alter table partner_task add column field_results varchar(2000);
alter table partner_task add constraint partner_task_rectify_has_rectification
    check (kind <> 'RECTIFY' or partner_rectification_id is not null);
create index partner_task_partner_rectification on partner_task (partner_rectification_id)
    where partner_rectification_id is not null;

-- partner-sync-service V2: the erasure task becomes a generic partner task (kind ERASE or UNSUBSCRIBE; RECTIFY is
-- reserved), leased while a worker runs it, with dead-letter reasons and manual resolutions. Existing rows are kept:
-- they become ERASE tasks and FAILED becomes DEAD. Still no email, name or phone anywhere.

alter table erasure_task rename to partner_task;
alter table partner_task rename column status to state;
alter table partner_task drop constraint erasure_task_status;
update partner_task set state = 'DEAD' where state = 'FAILED';

alter table partner_task add column kind varchar(20);
update partner_task set kind = 'ERASE';
alter table partner_task alter column kind set not null;

-- Every task knows its subject; unsubscribe tasks have no partner_erasure.
alter table partner_task add column subject_id varchar(200);
update partner_task t set subject_id = e.subject_id from partner_erasure e where e.id = t.partner_erasure_id;
alter table partner_task alter column subject_id set not null;
alter table partner_task alter column partner_erasure_id drop not null;

-- What caused the task: the erasure order, the consent record or the restriction's request (ids only).
alter table partner_task add column trigger_type varchar(40);
alter table partner_task add column trigger_id varchar(100);
update partner_task t set trigger_type = 'erasure-ordered', trigger_id = e.order_id::text
    from partner_erasure e where e.id = t.partner_erasure_id;

-- Lease: a worker claims a task (IN_FLIGHT) until lease_until; an expired lease is claimed again.
alter table partner_task add column lease_until timestamptz;
alter table partner_task add column lease_token uuid;
-- Times the task was claimed, including claims that made no counted attempt (local rate limit, open circuit).
alter table partner_task add column claims integer not null default 0;
update partner_task set claims = attempts;

-- Last partner error, structured (the safe summary stays in last_error): HTTP status (0 = no answer) and code.
alter table partner_task add column last_error_status integer;
alter table partner_task add column last_error_code varchar(60);
-- Why a task is DEAD: partner-rejected, unauthorized, quota-exhausted, not-retryable, retries-exhausted, expired.
alter table partner_task add column dead_reason varchar(40);
update partner_task set dead_reason = 'retries-exhausted' where state = 'DEAD';

-- Operations: manual retries and resolutions (the note is free text without personal data, max 500).
alter table partner_task add column retried_at timestamptz;
alter table partner_task add column manual_retries integer not null default 0;
alter table partner_task add column resolution_note varchar(500);
alter table partner_task add column resolved_by varchar(200);
alter table partner_task add column resolved_at timestamptz;

alter table partner_task add constraint partner_task_state
    check (state in ('PENDING', 'IN_FLIGHT', 'DONE', 'DEAD', 'RESOLVED_MANUALLY'));
alter table partner_task add constraint partner_task_kind check (kind in ('ERASE', 'UNSUBSCRIBE', 'RECTIFY'));
alter table partner_task add constraint partner_task_erase_has_erasure
    check (kind <> 'ERASE' or partner_erasure_id is not null);
alter table partner_task add constraint partner_task_leased
    check (state <> 'IN_FLIGHT' or (lease_until is not null and lease_token is not null));

drop index erasure_task_due;
create index partner_task_due on partner_task (partner, next_attempt_at) where state = 'PENDING';
create index partner_task_lease on partner_task (partner, lease_until) where state = 'IN_FLIGHT';
create index partner_task_by_state on partner_task (state, partner, created_at);
alter index erasure_task_partner_erasure rename to partner_task_partner_erasure;

-- A confirmed (order, partner) is confirmed again when one of its tasks is retried or resolved by an operator.
alter table partner_erasure add column reconfirm boolean not null default false;
alter table partner_erasure add column confirmations integer not null default 0;
update partner_erasure set confirmations = 1 where confirmed_at is not null;

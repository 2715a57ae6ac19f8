-- Issue 13 (items 4 and 7): request-service's own records are kept no longer than the rules heldBy request-service in
-- retention-policy.yaml say; service.purge.RecordPurge deletes them on a schedule, one replica at a time.

-- When a closed request's body and identity-check note were deleted (rule request-bodies-after-closing): what it asked
-- is then gone, the proof stays.
alter table data_subject_request add column body_purged_at timestamptz;
create index data_subject_request_closed on data_subject_request (closed_at) where closed_at is not null;

-- An export whose document was deleted once its link expired (rule export-document-expired) has status EXPIRED.
create index export_job_ready on export_job (status) where status = 'READY';

create index email_filing_unverified on email_filing (expires_at) where status <> 'VERIFIED';

-- Post-mortem directives are no longer deleted when revoked: the row records when and how they ended (EXECUTED by an
-- heir's request that completed on them, or REVOKED) and by which request; the directive itself (details_ct) is
-- deleted by rule post-mortem-directives, the row by rule request-accountability.
alter table post_mortem_directive
    alter column details_ct drop not null,
    add column ended_at   timestamptz,
    add column end_reason varchar(20),
    add column ended_by   uuid references data_subject_request (id);

-- The audit trail stays append-only for the application, with one exception: the purge deletes a request's whole
-- chain with the request, at the end of the accountability period (rule request-accountability). It says so for its
-- own transaction only (set_config(..., true)); a partial deletion would still show, as the request row records the
-- chain's length and head.
create or replace function request_audit_append_only() returns trigger language plpgsql as
$$
begin
    if tg_op = 'DELETE' and current_setting('request_service.purge', true) = 'accountability-ended' then
        return old;
    end if;
    raise exception 'request_audit is append-only';
end
$$;

-- One row per purge run: when, why (SCHEDULE or ON_DEMAND, and by whom), the policy version, and how many records
-- each rule deleted (rule code -> record code -> count). No personal data.
create table request_purge_run (
    id             uuid         primary key,
    trigger        varchar(20)  not null,
    started_by     varchar(200) not null,
    started_at     timestamptz  not null,
    finished_at    timestamptz  not null,
    policy_version varchar(40)  not null,
    counts         text         not null
);
create index request_purge_run_latest on request_purge_run (started_at desc);

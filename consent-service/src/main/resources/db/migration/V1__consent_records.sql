-- The consent ledger (policy section 11, GDPR Art. 7(1)): one row per grant or withdrawal, never updated.
-- The current state of a purpose is its latest row. Only pseudonymous ids: no name, email or IP address.
create table consent_record (
    id              bigserial    primary key,
    subject_id      varchar(200) not null,
    purpose         varchar(60)  not null,
    granted         boolean      not null,
    recorded_at     timestamptz  not null,
    source          varchar(60)  not null,
    policy_version  varchar(20)  not null,
    -- Who recorded it: the subject themselves, or the platform backend's token subject.
    recorded_by     varchar(200) not null
);
create index consent_record_subject on consent_record (subject_id, purpose, id);

-- partner-sync-service. Only pseudonymous ids and partner object ids: no email, name or phone.

-- Which partner object holds which subject's data (the ledger; OpenAI objects cannot be found any other way).
create table processor_record (
    id             uuid         primary key,
    subject_id     varchar(200) not null,
    partner        varchar(20)  not null,
    object_type    varchar(40)  not null,
    object_id      varchar(200) not null,
    purpose        varchar(100) not null,
    created_at     timestamptz  not null,
    registered_at  timestamptz  not null,
    erased_at      timestamptz,
    erased_by_order uuid,
    constraint processor_record_object unique (partner, object_type, object_id)
);
create index processor_record_subject on processor_record (subject_id, partner);

-- One row per (erasure order, partner): tracks completion and carries what the confirmation needs.
create table partner_erasure (
    id             uuid         primary key,
    order_id       uuid         not null,
    request_id     uuid,
    subject_id     varchar(200) not null,
    partner        varchar(20)  not null,
    exemptions     text         not null,
    created_at     timestamptz  not null,
    confirmed_at   timestamptz,
    outcome        varchar(20),
    confirmation_event_id uuid,
    constraint partner_erasure_order_partner unique (order_id, partner)
);
create index partner_erasure_open on partner_erasure (created_at) where confirmed_at is null;

-- One durable task per (order, partner, object). The worker claims due rows with FOR UPDATE SKIP LOCKED.
create table erasure_task (
    id                 uuid         primary key,
    partner_erasure_id uuid         not null references partner_erasure (id),
    processor_record_id uuid        references processor_record (id),
    partner            varchar(20)  not null,
    object_type        varchar(40)  not null,
    object_id          varchar(200) not null,
    status             varchar(20)  not null,
    attempts           integer      not null default 0,
    created_at         timestamptz  not null,
    next_attempt_at    timestamptz  not null,
    last_attempt_at    timestamptz,
    completed_at       timestamptz,
    last_error         varchar(500),
    result             varchar(40),
    action             varchar(500),
    verification       varchar(500),
    constraint erasure_task_status check (status in ('PENDING', 'DONE', 'FAILED'))
);
create index erasure_task_due on erasure_task (next_attempt_at) where status = 'PENDING';
create index erasure_task_partner_erasure on erasure_task (partner_erasure_id);

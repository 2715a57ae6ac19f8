create table data_subject_request (
    id                uuid         primary key,
    subject_id        varchar(200) not null,
    type              varchar(40)  not null,
    channel           varchar(40)  not null,
    status            varchar(40)  not null,
    filed_at          timestamptz  not null,
    due_on            date         not null,
    erasure_order_id  uuid         unique,
    expected_systems  varchar(500),
    closed_at         timestamptz,
    version           bigint       not null default 0
);
create index data_subject_request_subject on data_subject_request (subject_id, type, status);
create index data_subject_request_status on data_subject_request (status, due_on);

-- Audit trail: every transition, when and by whom (subject ids and staff ids only).
create table request_transition (
    id          bigserial    primary key,
    request_id  uuid         not null references data_subject_request (id),
    from_status varchar(40),
    to_status   varchar(40)  not null,
    actor       varchar(200) not null,
    at          timestamptz  not null,
    note        varchar(500)
);
create index request_transition_request on request_transition (request_id, id);

-- One row per system that confirmed an erasure order; the receipt is built from these.
create table erasure_confirmation (
    order_id      uuid         not null,
    system        varchar(100) not null,
    request_id    uuid         not null references data_subject_request (id),
    outcome       varchar(40)  not null,
    evidence      text         not null,
    retained      text         not null,
    notices       text         not null,
    confirmed_at  timestamptz  not null,
    received_at   timestamptz  not null,
    primary key (order_id, system)
);

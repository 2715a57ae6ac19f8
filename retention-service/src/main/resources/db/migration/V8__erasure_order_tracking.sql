-- The erasure orders this service placed (retention expiry, whole or scoped) and each system's answer, tracked like a
-- request's erasure: the officer sees what went, what stays and which system is silent. Codes, counts and legal bases
-- only; the subject id is the pseudonymous one.
create table tracked_erasure_order (
    order_id          uuid          primary key,
    subject_id        varchar(200)  not null,
    expected_systems  text          not null,
    -- null for an order of everything; otherwise the purposes whose data goes and the ones kept
    scope_purposes    text,
    kept_purposes     text,
    ordered_at        timestamptz   not null,
    completed_at      timestamptz
);
create index tracked_erasure_order_subject on tracked_erasure_order (subject_id, ordered_at);
create index tracked_erasure_order_open on tracked_erasure_order (ordered_at) where completed_at is null;

-- One row per order and system: the latest answer (a FAILED one answered again later is replaced).
create table tracked_erasure_confirmation (
    order_id       uuid          not null,
    system         varchar(100)  not null,
    outcome        varchar(30)   not null,
    evidence_items integer       not null,
    -- JSON list of contracts' Exemption: what the system keeps, with the legal basis and the rule that ends it
    retained       text          not null,
    confirmed_at   timestamptz   not null,
    primary key (order_id, system)
);

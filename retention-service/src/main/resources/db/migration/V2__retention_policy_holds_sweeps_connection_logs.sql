-- Retention as code (policy sections 4 and 8): the inventory's clocks, legal holds, sweeps and the orders they
-- placed, anonymized statistics, connection logs. Pseudonymous subject ids and codes only, except the IP
-- addresses of connection_log (encrypted) and the privacy officer's hold reasons.

-- The clocks a rule can start from, how the entry was learned, and its expiry as the policy computes it
-- (kept current on every write and recomputed at startup when the policy or its parameters change).
alter table inventory_entry
    add column contract_end_at timestamptz,
    add column offer_end_at    timestamptz,
    add column withdrawn_at    timestamptz,
    add column source          varchar(40)  not null default 'api',
    add column expires_at      timestamptz;
alter table inventory_entry alter column data_categories set default '';
-- The sweep finds expired rows by expiry, then checks the subject's other rows by subject.
create index inventory_entry_expiry on inventory_entry (expires_at);
create index inventory_entry_subject_expiry on inventory_entry (subject_id, expires_at);

-- Which policy (version and resolved parameters) the stored expiries were computed with.
create table retention_policy_state (
    id              int          primary key,
    policy_version  varchar(60)  not null,
    fingerprint     varchar(64)  not null,
    applied_at      timestamptz  not null
);

-- Legal holds placed by the privacy officer: block expiry erasure; an erasure order keeps what they cover.
create table legal_hold (
    id            uuid          primary key,
    subject_id    varchar(200)  not null,
    all_purposes  boolean       not null,
    -- Comma-separated purpose codes, sorted; empty when all_purposes.
    purposes      varchar(1000) not null default '',
    reason        varchar(2000) not null,
    placed_by     varchar(200)  not null,
    placed_at     timestamptz   not null,
    held_until    timestamptz,
    lifted_at     timestamptz,
    lifted_by     varchar(200),
    constraint legal_hold_scope check (all_purposes or purposes <> '')
);
create index legal_hold_subject on legal_hold (subject_id);

-- Every sweep, dry runs included: when, what it ordered, counts by rule (JSON object), connection logs purged.
create table retention_sweep (
    id                      uuid          primary key,
    trigger                 varchar(20)   not null,
    dry_run                 boolean       not null,
    requested_by            varchar(200),
    started_at              timestamptz   not null,
    finished_at             timestamptz,
    evaluated_at            timestamptz   not null,
    subjects_ordered        bigint        not null default 0,
    counts_by_rule          text          not null default '{}',
    connection_logs_purged  bigint        not null default 0
);
create index retention_sweep_started on retention_sweep (started_at desc);

-- Erasure orders a sweep placed and that this service has not executed yet: a subject is ordered once.
-- Keyed by subject first: the sweep's anti-join and the erasure look orders up by subject, never by order id alone
-- (one index, not two: a sweep writes one row per ordered subject).
create table retention_order (
    subject_id  varchar(200)  not null,
    order_id    uuid          not null,
    sweep_id    uuid          not null references retention_sweep (id),
    rule        varchar(60)   not null,
    purpose     varchar(60)   not null,
    due_at      timestamptz   not null,
    ordered_at  timestamptz   not null,
    primary key (subject_id, order_id)
);

-- Anonymized aggregates kept for statistics when data is erased: subjects per month of collection and purpose.
-- No subject id, pseudonymous or not.
create table retention_statistic (
    month     date         not null,
    purpose   varchar(60)  not null,
    subjects  bigint       not null,
    primary key (month, purpose)
);

-- Connection data (policy section 8): the IP address encrypted (AES-256-GCM), purged one year after the connection.
create table connection_log (
    id            bigserial     primary key,
    subject_id    varchar(200)  not null,
    occurred_at   timestamptz   not null,
    ip_encrypted  varchar(300)  not null,
    kind          varchar(40)   not null,
    received_at   timestamptz   not null
);
create index connection_log_occurred on connection_log (occurred_at);
create index connection_log_subject on connection_log (subject_id);

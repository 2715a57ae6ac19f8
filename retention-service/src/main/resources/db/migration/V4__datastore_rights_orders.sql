-- Rectification and restriction orders waiting for a company datastore (README "Datastores": rights): one row per
-- order and datastore, run with retries and removed once its confirmation is in the outbox. No values: a
-- rectification's new values are fetched from request-service when the row runs and held in memory only.
create table datastore_rights_order (
    id               bigserial     primary key,
    order_id         uuid,
    request_id       uuid          not null,
    subject_id       varchar(200)  not null,
    datastore        varchar(100)  not null,
    kind             varchar(20)   not null,
    fields           varchar(200),
    received_at      timestamptz   not null,
    attempts         int           not null default 0,
    next_attempt_at  timestamptz   not null,
    last_error       varchar(500)
);
-- A redelivered order under another event id does not queue twice.
create unique index datastore_rights_order_once on datastore_rights_order (order_id, datastore, kind) where order_id is not null;
create index datastore_rights_order_due on datastore_rights_order (next_attempt_at);
-- One subject's orders on one datastore run in arrival order (a restriction before its lifting).
create index datastore_rights_order_subject on datastore_rights_order (subject_id, datastore, id);

-- Shared by every service (platform-support). Service migrations start at V1.

-- Transactional outbox: written in the same transaction as the state change, relayed to Kafka in order.
create table platform_outbox (
    position      bigserial    primary key,
    event_id      uuid         not null unique,
    topic         varchar(200) not null,
    record_key    varchar(200) not null,
    event_type    varchar(200) not null,
    event_source  varchar(200) not null,
    occurred_at   timestamptz  not null,
    payload       text         not null,
    published_at  timestamptz
);
create index platform_outbox_pending on platform_outbox (position) where published_at is null;

-- Idempotent consumer: one row per (consumer, event id), inserted in the transaction of the effect.
create table platform_inbox (
    consumer      varchar(100) not null,
    event_id      varchar(200) not null,
    event_type    varchar(200) not null,
    processed_at  timestamptz  not null,
    primary key (consumer, event_id)
);

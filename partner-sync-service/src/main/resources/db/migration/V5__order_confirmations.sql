-- partner-sync-service V5: rectification and restriction orders are confirmed per partner (order-confirmed), as
-- erasures are. Rows of orders planned before V5 stay unconfirmed (their requests completed when ordered).

alter table partner_rectification add column confirmed_at timestamptz;
alter table partner_rectification add column outcome varchar(20);
alter table partner_rectification add column confirmation_event_id uuid;
alter table partner_rectification add column confirmations integer not null default 0;
alter table partner_rectification add column reconfirm boolean not null default false;

-- One row per (restriction order, partner): a restriction-changed event with an orderId that names the partner.
-- Changes without an orderId (older producers) get no row: they are applied, not confirmed.
create table partner_restriction (
    id                    uuid primary key,
    order_id              uuid         not null,
    request_id            uuid         not null,
    subject_id            varchar(200) not null,
    partner               varchar(20)  not null,
    kind                  varchar(20)  not null,
    created_at            timestamptz  not null,
    confirmed_at          timestamptz,
    outcome               varchar(20),
    confirmation_event_id uuid,
    confirmations         integer      not null default 0,
    reconfirm             boolean      not null default false,
    constraint partner_restriction_once unique (order_id, partner),
    constraint partner_restriction_kind check (kind in ('RESTRICTION', 'RESTRICTION_LIFT'))
);
create index partner_restriction_subject on partner_restriction (subject_id);

alter table partner_task add column partner_restriction_id uuid references partner_restriction (id);
create index partner_task_partner_restriction on partner_task (partner_restriction_id)
    where partner_restriction_id is not null;

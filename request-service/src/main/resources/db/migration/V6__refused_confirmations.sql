-- Confirmations refused by the confirmation gate (service.ConfirmationGate): a system that is not registered, or a
-- principal that does not own the system it confirms for. Never applied to any request; listed for the privacy
-- officer. No payload is kept: what was claimed, by whom, on which channel, and why it was refused.
create table refused_confirmation (
    id           uuid         primary key,
    system       varchar(100) not null,   -- as claimed by the confirmation; may not be registered
    channel      varchar(200) not null,   -- erasure-confirmed, erasure-confirmed.<system>, http:/systems/<system>/...
    principal    varchar(200),            -- CloudEvents source, the system's own topic, or the OIDC client; null if none
    order_id     uuid         not null,
    subject_id   varchar(200) not null,   -- pseudonymous
    request_id   uuid,                    -- the request that placed the order, when this service placed it
    reason       varchar(40)  not null,   -- ConfirmationGate.Reason
    refused_at   timestamptz  not null
);
create index refused_confirmation_latest on refused_confirmation (refused_at desc);

-- Issue 12: rectification and restriction orders are confirmed per system, as erasures are. The request keeps the
-- id of its restriction order and of the order lifting it; expected_systems and ordered_at (V1, V2) now describe
-- whichever order the request's completion waits for (erasure, rectification or restriction).

alter table data_subject_request
    add column restriction_order_id  uuid unique,
    add column lift_order_id         uuid unique,
    add column lift_expected_systems varchar(500),  -- comma-separated system names, fixed when the lift went out
    add column lift_ordered_at       timestamptz;

-- One row per system that answered a rectification, restriction or lift order (its latest word).
create table order_confirmation (
    order_id      uuid         not null,
    system        varchar(100) not null,
    request_id    uuid         not null references data_subject_request (id),
    kind          varchar(40)  not null,
    outcome       varchar(40)  not null,
    evidence      text         not null,
    notices       text         not null,
    confirmed_at  timestamptz  not null,
    received_at   timestamptz  not null,
    primary key (order_id, system)
);
create index order_confirmation_request on order_confirmation (request_id);

-- The silence check looks at every confirmed order, not only erasures.
create index data_subject_request_awaiting on data_subject_request (ordered_at)
    where status = 'IN_PROGRESS' and expected_systems is not null and attention_since is null;

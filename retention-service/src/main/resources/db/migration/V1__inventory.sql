-- Inventory of personal data (policy sections 4 and 5): which categories of a subject's data the platform
-- holds for which purpose, since when, and when the subject was last active. Pseudonymous ids and codes only.
create table inventory_entry (
    id                bigserial    primary key,
    subject_id        varchar(200) not null,
    purpose           varchar(60)  not null,
    -- Comma-separated category codes, sorted (e.g. contact,identity).
    data_categories   varchar(300) not null,
    collected_at      timestamptz  not null,
    last_activity_at  timestamptz  not null,
    constraint inventory_entry_subject_purpose unique (subject_id, purpose),
    constraint inventory_entry_activity_after_collection check (last_activity_at >= collected_at)
);

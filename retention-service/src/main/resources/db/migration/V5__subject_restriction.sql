-- Subjects whose processing is restricted (GDPR Art. 18, restriction-changed): while a row exists the sweep never
-- orders the subject's expiry erasure, and the clocks say the expiry is suspended. One row per subject, removed when
-- the restriction is lifted. Pseudonymous ids only, no ground given by the subject.
create table subject_restriction (
    subject_id     varchar(200)  primary key,
    request_id     uuid          not null,
    order_id       uuid,
    restricted_at  timestamptz   not null,
    recorded_at    timestamptz   not null
);

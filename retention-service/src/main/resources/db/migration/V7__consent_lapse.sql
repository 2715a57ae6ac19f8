-- Consent lapses (policy §4, 4th criterion: marketing consent lasts until unsubscription or the end of an
-- inactivity period): the last contact of each inventory entry for which retention-service published
-- consent-lapsed, so that it is published once per last contact. A new contact (a new grant) starts a new period and
-- the entry lapses again after it. Goes with its entry (an erasure deletes the entry, and this row with it).
create table consent_lapse (
    entry_id         bigint       primary key references inventory_entry (id) on delete cascade,
    lapse_id         uuid         not null,
    last_contact_at  timestamptz  not null,
    lapsed_at        timestamptz  not null,
    reported_at      timestamptz  not null
);

-- partner-sync-service V8 (issue 15): a DEAD erasure task is resolved by hand by a privacy officer, with evidence: a
-- category from a fixed list (ResolutionCategory) and optionally a reference to where the proof is kept. Older
-- resolutions (by an operator, a note only) keep null here.
alter table partner_task
    add column resolution_category varchar(60),
    add column resolution_evidence_ref varchar(200);
alter table partner_task add constraint partner_task_resolution_category
    check (resolution_category is null or resolution_category in ('erased-in-partner-console', 'partner-confirmed-by-mail',
        'partner-confirmed-by-ticket', 'already-absent-at-partner', 'no-data-found'));

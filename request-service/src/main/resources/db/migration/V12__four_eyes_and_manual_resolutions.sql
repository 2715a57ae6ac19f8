-- Four eyes (issue 15): the first of the two officers' approvals an erasure filed on someone's behalf or an heir's
-- request needs (requests.four-eyes.enabled); the status stays FILED until the second.
alter table data_subject_request
    add column first_approved_by varchar(200),
    add column first_approved_at timestamptz;

-- A system's erasure confirmation whose objects a person resolved by hand (a partner task that failed): per object its
-- category, evidence reference, who and when, as JSON (codes and pseudonymous ids only). The receipt then says
-- "resolved by hand" with the category, never "erased".
alter table erasure_confirmation
    add column resolved_by_hand text;

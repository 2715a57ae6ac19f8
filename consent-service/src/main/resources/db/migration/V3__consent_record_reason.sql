-- Why a withdrawal happened when the subject did not ask for it: LAPSED = the inactivity period of policy §4
-- (4th criterion) ended (consent-lapsed from retention-service). Null for the subject's own choices.
alter table consent_record add column reason varchar(20);
alter table consent_record add constraint consent_record_reason check (reason is null or reason = 'LAPSED');

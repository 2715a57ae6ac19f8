-- partner-sync-service V6: the billing objects Stripe keeps after a customer's erasure (accounting records) are
-- recorded as processor records kept under a retention rule, and redacted by a scoped erasure once that rule ends.
alter table processor_record add column retained_under varchar(100);
alter table processor_record drop constraint processor_record_source;
alter table processor_record add constraint processor_record_source
    check (source in ('registered', 'email-lookup', 'kept-at-erasure'));

-- The purposes of a scoped erasure order (comma-separated); null for a whole erasure.
alter table partner_erasure add column scope_purposes varchar(1000);

alter table partner_task drop constraint partner_task_kind;
alter table partner_task add constraint partner_task_kind
    check (kind in ('ERASE', 'UNSUBSCRIBE', 'RECTIFY', 'LOOKUP', 'REDACT'));
alter table partner_task drop constraint partner_task_erase_has_erasure;
alter table partner_task add constraint partner_task_erase_has_erasure
    check (kind not in ('ERASE', 'LOOKUP', 'REDACT') or partner_erasure_id is not null);

-- partner-sync-service V4: optional lookup by email at erasure time (partner-sync.email-lookup.enabled). A LOOKUP task
-- searches a partner for the subject's address (read from the owning service at run time, never stored); the objects it
-- finds become processor records with source 'email-lookup', then ERASE tasks of the same order.

alter table processor_record add column source varchar(20) not null default 'registered';
alter table processor_record add constraint processor_record_source check (source in ('registered', 'email-lookup'));

alter table partner_task drop constraint partner_task_kind;
alter table partner_task add constraint partner_task_kind check (kind in ('ERASE', 'UNSUBSCRIBE', 'RECTIFY', 'LOOKUP'));
alter table partner_task drop constraint partner_task_erase_has_erasure;
alter table partner_task add constraint partner_task_erase_has_erasure
    check (kind not in ('ERASE', 'LOOKUP') or partner_erasure_id is not null);

-- partner-sync-service V9 (issue 16): the live instances of partner-sync, so that its replicas share each partner's
-- rate limit instead of each using all of it. Every instance refreshes its row every partners.instances.heartbeat
-- (seen_at by the database clock, so the pods' clocks do not matter) and deletes it at a clean shutdown; a row older
-- than partners.instances.expiry is a dead instance and is deleted by the next live one.
create table partner_sync_instance (
    instance_id varchar(100) primary key,
    seen_at     timestamptz  not null
);

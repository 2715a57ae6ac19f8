-- partner-sync-service V10 (issue 16): which instance holds a task's lease. A task IN_FLIGHT whose instance is no
-- longer live (its partner_sync_instance row expired: the pod was killed) is claimed again at once, instead of after
-- the whole lease (5 minutes by default). Null for a task leased before this version: its lease alone decides.
alter table partner_task add column leased_by varchar(100);

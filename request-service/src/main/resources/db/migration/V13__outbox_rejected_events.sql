-- Issue 16: an outbox event Kafka refuses for what it is (a record larger than a record may be, an invalid topic) is
-- set aside with when and why (the error's class and the record's size, never the payload), instead of holding back
-- every later event of the service (platform-support OutboxRelay). It stays until an operator re-queues it
-- (rejected_at = null) once the cause is fixed, or deletes it.
alter table platform_outbox add column rejected_at timestamptz, add column rejection varchar(300);

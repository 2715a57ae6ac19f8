-- Notifications to the person (issue 14, item 1). Each request has a language (fr by default, en), chosen at filing.
-- The person's address is kept only where no account datastore has it: given at filing (contactEmail) or verified by
-- the email channel; encrypted (AES-GCM, place <request id>/contact-email), and set to null once the request is
-- closed and every notification of it was sent or given up (or with the request, by the purge).
alter table data_subject_request add column language varchar(2) not null default 'fr';
alter table data_subject_request add column contact_email_ct text;
-- Art. 18(3): the person is told before a restriction is lifted; the lift order waits for that mail (or its timeout).
alter table data_subject_request add column lift_announced_at timestamptz;
alter table data_subject_request add constraint data_subject_request_language check (language in ('fr', 'en'));

-- An email filing keeps the address it will verify (encrypted, place <filing id>/email-filing-address) until the code
-- is verified (then it moves to the request) or the filing is purged.
alter table email_filing add column language varchar(2) not null default 'fr';
alter table email_filing add column email_ct text;

-- The durable queue of mails to the person: written in the transaction of the step that causes each one, sent by the
-- scheduled sender, which renders the body at send time. No body and no address here: ids, codes and times only.
create table notification (
    id              uuid primary key,
    request_id      uuid        not null references data_subject_request (id),
    kind            varchar(32) not null,
    language        varchar(2)  not null,
    status          varchar(16) not null,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    created_at      timestamptz not null,
    sent_at         timestamptz,
    last_error      varchar(64)
);
create index notification_request on notification (request_id);
create index notification_due on notification (next_attempt_at) where status = 'PENDING';

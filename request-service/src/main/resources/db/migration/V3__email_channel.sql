-- The email channel (people without an account): a filing waits here until its one-time code is verified;
-- only then does it become a data_subject_request (FILED, channel EMAIL) and request-filed is published.
-- The email address is not stored at all: it is used once to send the code. The code is stored as an
-- HMAC-SHA256 only.
create table email_filing (
    id          uuid primary key,
    subject_id  varchar(200) not null,   -- em_ + HMAC of the normalized address
    type        varchar(40)  not null,
    details_ct  text         not null,   -- the request body, AES-GCM (requests.encryption.key)
    code_hash   varchar(64)  not null,
    created_at  timestamptz  not null,
    expires_at  timestamptz  not null,
    attempts    integer      not null default 0,
    status      varchar(30)  not null,   -- AWAITING_VERIFICATION, VERIFIED, UNVERIFIED (attempts exhausted)
    request_id  uuid references data_subject_request (id)
);
create index email_filing_created on email_filing (created_at);

-- Fixed-window counters of the unauthenticated channel, shared by every replica. Buckets are keyed by
-- "email:<subject id>" or "ip:<HMAC of the address>": no address in clear.
create table request_rate_limit (
    bucket       varchar(120) not null,
    window_start timestamptz  not null,
    hits         integer      not null,
    primary key (bucket, window_start)
);
create index request_rate_limit_window on request_rate_limit (window_start);

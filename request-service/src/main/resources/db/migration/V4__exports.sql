-- Access and portability exports (GDPR Art. 15 and 20). A job is created when an ACCESS or PORTABILITY request
-- is approved; its slices (one per service) are fetched by a scheduled worker until every one is in, then the
-- document is assembled and stored encrypted. State lives here, so a restart resumes where it stopped.
create table export_job (
    request_id       uuid primary key references data_subject_request (id),
    subject_id       varchar(200) not null,
    kind             varchar(20)  not null,   -- ACCESS, PORTABILITY
    status           varchar(20)  not null,   -- PENDING, READY, CANCELLED (request withdrawn first)
    created_at       timestamptz  not null,
    ready_at         timestamptz,
    document_ct      text,                    -- the assembled JSON document, AES-GCM (requests.encryption.key)
    link_hash        varchar(64),             -- SHA-256 of the current download link token; the token is never stored
    link_expires_at  timestamptz,
    downloads        integer      not null default 0
);

-- One row per service slice. last_error is a code (UNAVAILABLE, HTTP_503, MALFORMED...), never personal data.
create table export_slice (
    request_id       uuid         not null references export_job (request_id),
    service          varchar(40)  not null,   -- consent-service, retention-service, partner-sync-service
    status           varchar(20)  not null,   -- MISSING, FAILED, RECEIVED
    attempts         integer      not null default 0,
    last_error       varchar(60),
    last_attempt_at  timestamptz,
    next_attempt_at  timestamptz  not null,
    payload_ct       text,                    -- the slice as received, AES-GCM, until the document is assembled
    primary key (request_id, service)
);
create index export_slice_due on export_slice (next_attempt_at) where status <> 'RECEIVED';

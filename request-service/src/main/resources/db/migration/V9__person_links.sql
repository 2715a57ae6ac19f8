-- The person's links (issue 14): each signed link to one request's status page and export, so that it can expire,
-- be revoked and be audited. The token itself is never stored (it is signed, not looked up by value).
create table person_link (
    id          uuid primary key,
    request_id  uuid        not null references data_subject_request (id),
    issued_at   timestamptz not null,
    expires_at  timestamptz not null,
    revoked_at  timestamptz,
    revoked_by  varchar(200),
    opened      integer     not null default 0
);
create index person_link_request on person_link (request_id);

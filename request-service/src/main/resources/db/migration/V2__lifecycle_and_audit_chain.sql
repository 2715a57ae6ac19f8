-- Issue 4: every right of policy §13 and §13.1, the full lifecycle, and a tamper-evident audit trail.
-- Columns holding personal data or free text ("*_ct") are AES-GCM ciphertexts written by the service
-- (requests.encryption.key), never plain text.

alter table data_subject_request
    add column filed_by              varchar(200),
    add column first_due_on          date,
    add column details_ct            text,          -- the request body of its type (values to rectify, heir...)
    add column identity_check        varchar(60),   -- how the privacy officer checked identity (code)
    add column identity_check_ct     text,          -- the officer's note on that check
    add column duplicate_of          uuid references data_subject_request (id),
    add column extended_months       smallint,
    add column extended_at           timestamptz,
    add column extended_by           varchar(200),
    add column extension_reason_ct   text,
    add column rejection_ground      varchar(60),
    add column rejection_text_ct     text,
    add column outcome_reasons_ct    text,          -- JSON array of reasons of a partial completion
    add column rectification_order_id uuid unique,
    add column ordered_at            timestamptz,   -- when the order of the approval went out
    add column attention_since       timestamptz,   -- an expected system stayed silent too long
    add column attention_reason      varchar(500),  -- system names only
    add column restricted            boolean not null default false,
    add column restriction_lifted_at timestamptz,
    add column restriction_lift_ct   text,
    add column audit_length          integer not null default 0,
    add column audit_head            varchar(64);

update data_subject_request set filed_by = subject_id, first_due_on = due_on;
update data_subject_request d set ordered_at = (
    select min(t.at) from request_transition t where t.request_id = d.id and t.to_status = 'IN_PROGRESS')
where erasure_order_id is not null;
alter table data_subject_request
    alter column filed_by set not null,
    alter column first_due_on set not null;

create index data_subject_request_due on data_subject_request (due_on) where status in ('FILED', 'IN_PROGRESS');
create index data_subject_request_attention on data_subject_request (attention_since) where attention_since is not null;
create index data_subject_request_filed on data_subject_request (subject_id, filed_at);

-- The audit trail: append-only, each entry chained to the previous one of its request by SHA-256.
alter table request_transition rename to request_audit;
alter index request_transition_request rename to request_audit_request;
alter table request_audit
    add column seq           integer,
    add column kind          varchar(40),
    add column previous_hash varchar(64),
    add column hash          varchar(64);

-- The canonical form of an entry, reproducible by anyone with SQL access: each field as
-- "<UTF-8 byte length>:<value>\n" ("~\n" for null), in this order: request id, seq, kind, from status,
-- to status, actor, time (UTC, microseconds), note, previous hash. hash = hex(SHA-256(canonical form)).
-- The service computes the same in Java (AuditTrail); the first entry's previous hash is 64 zeros.
create function request_audit_hash(request_id uuid, seq integer, kind text, from_status text, to_status text,
                                   actor text, at timestamptz, note text, previous_hash text)
    returns varchar(64) language sql immutable as
$$
select encode(sha256(convert_to(
    coalesce(octet_length(request_id::text)::text || ':' || request_id::text, '~') || E'\n' ||
    coalesce(octet_length(seq::text)::text || ':' || seq::text, '~') || E'\n' ||
    coalesce(octet_length(kind)::text || ':' || kind, '~') || E'\n' ||
    coalesce(octet_length(from_status)::text || ':' || from_status, '~') || E'\n' ||
    coalesce(octet_length(to_status)::text || ':' || to_status, '~') || E'\n' ||
    coalesce(octet_length(actor)::text || ':' || actor, '~') || E'\n' ||
    coalesce('27:' || to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), '~') || E'\n' ||
    coalesce(octet_length(note)::text || ':' || note, '~') || E'\n' ||
    coalesce(octet_length(previous_hash)::text || ':' || previous_hash, '~') || E'\n',
    'UTF8')), 'hex')
$$;

-- Chain the entries written before this version, in the order they were written.
do $$
declare
    entry record;
    current_request uuid;
    previous varchar(64);
    n integer;
    entry_kind varchar(40);
    entry_hash varchar(64);
begin
    for entry in select * from request_audit order by request_id, id loop
        if current_request is distinct from entry.request_id then
            current_request := entry.request_id;
            previous := repeat('0', 64);
            n := 0;
        end if;
        n := n + 1;
        entry_kind := case entry.to_status when 'FILED' then 'FILED' when 'IN_PROGRESS' then 'APPROVED' else entry.to_status end;
        entry_hash := request_audit_hash(entry.request_id, n, entry_kind, entry.from_status, entry.to_status,
                                         entry.actor, entry.at, entry.note, previous);
        update request_audit set seq = n, kind = entry_kind, previous_hash = previous, hash = entry_hash where id = entry.id;
        update data_subject_request set audit_length = n, audit_head = entry_hash where id = entry.request_id;
        previous := entry_hash;
    end loop;
end $$;

alter table request_audit
    alter column seq set not null,
    alter column kind set not null,
    alter column previous_hash set not null,
    alter column hash set not null,
    alter column note type varchar(1000);
-- One entry per position: two writers can never fork a request's chain.
alter table request_audit add constraint request_audit_position unique (request_id, seq);

-- Append-only for the application: an entry is never changed or removed. (Someone with the rights to
-- disable this can still edit rows; the hash chain is what makes that visible.)
create function request_audit_append_only() returns trigger language plpgsql as
$$
begin
    raise exception 'request_audit is append-only';
end
$$;
create trigger request_audit_append_only before update or delete on request_audit
    for each row execute function request_audit_append_only();

-- Post-mortem directives (policy §13.1, French law art. 85): one current set per subject.
create table post_mortem_directive (
    subject_id   varchar(200) primary key,
    directive    varchar(20)  not null,
    details_ct   text         not null,   -- designated person and instructions
    request_id   uuid         not null references data_subject_request (id),
    recorded_at  timestamptz  not null,
    version      bigint       not null default 0
);

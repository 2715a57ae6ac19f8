-- Issue 15 (item 3): the access journal of policy §10, the same table in every service (platform-support,
-- support.journal, writes and reads it). One entry per read of personal data in clear and per decision: who (the
-- token's sub and azp, or a person's link id), which subject or request, which data categories, when, through which
-- endpoint. Append-only (the trigger below) and hash-chained: hash = SHA-256(previous_hash, the entry's fields).
create table access_journal (
    position      bigserial    primary key,
    entry_id      uuid         not null unique,
    recorded_at   timestamptz  not null,
    actor_kind    varchar(20)  not null,
    actor         varchar(200) not null,
    client        varchar(200),
    action        varchar(20)  not null,
    decision      varchar(60),
    categories    varchar(500) not null,
    subject_id    varchar(200),
    request_id    varchar(100),
    endpoint      varchar(300),
    previous_hash char(64)     not null,
    hash          char(64)     not null
);
create index access_journal_subject on access_journal (subject_id, position);
create index access_journal_actor on access_journal (actor, position);
create index access_journal_recorded_at on access_journal (recorded_at);

-- What the purge removed: the chain's entries up to purged_through are gone, the first one left chains onto last_hash.
create table access_journal_anchor (
    id             smallint     primary key check (id = 1),
    purged_through bigint       not null,
    last_hash      char(64)     not null,
    purged_at      timestamptz,
    purged_entries bigint       not null
);
insert into access_journal_anchor (id, purged_through, last_hash, purged_entries)
values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0);

-- No entry is changed, and none deleted but those the anchor already covers (the purge moves the anchor first).
create function access_journal_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and old.position <= (select purged_through from access_journal_anchor where id = 1) then
        return old;
    end if;
    raise exception 'access_journal is append-only: % refused', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger access_journal_append_only before update or delete on access_journal
    for each row execute function access_journal_append_only();

create function access_journal_no_truncate() returns trigger language plpgsql as $$
begin
    raise exception 'access_journal is append-only: TRUNCATE refused' using errcode = 'insufficient_privilege';
end $$;
create trigger access_journal_no_truncate before truncate on access_journal
    for each statement execute function access_journal_no_truncate();

-- The anchor only moves forward, and stays.
create function access_journal_anchor_forward_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and new.id = old.id and new.purged_through >= old.purged_through
            and new.purged_entries >= old.purged_entries then
        return new;
    end if;
    raise exception 'access_journal_anchor only moves forward: % refused', tg_op using errcode = 'insufficient_privilege';
end $$;
create trigger access_journal_anchor_forward_only before update or delete on access_journal_anchor
    for each row execute function access_journal_anchor_forward_only();
create trigger access_journal_anchor_no_truncate before truncate on access_journal_anchor
    for each statement execute function access_journal_no_truncate();

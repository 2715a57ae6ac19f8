-- Issue 5: proof of the wording (notice catalogue), a current-state table for fast effective-state answers,
-- restrictions, one-click unsubscribe links and the suppression list. Only pseudonymous ids and keyed hashes.

-- The text shown for each purpose, per policy version. Rows are never changed: a new wording is a new
-- policy version. The SHA-256 of the UTF-8 text is stored with it and checked by the database.
create table consent_notice (
    purpose        varchar(60)  not null,
    policy_version varchar(20)  not null,
    language       varchar(5)   not null,
    title          varchar(200) not null,
    text           text         not null,
    text_sha256    char(64)     not null,
    published_on   date         not null,
    primary key (purpose, policy_version),
    constraint consent_notice_hash check (text_sha256 = encode(sha256(convert_to(text, 'UTF8')), 'hex'))
);

create function consent_notice_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'consent_notice is immutable: publish a new policy version instead';
end $$;
create trigger consent_notice_no_change before update or delete on consent_notice
    for each row execute function consent_notice_immutable();

insert into consent_notice (purpose, policy_version, language, title, text, text_sha256, published_on)
select purpose, '1.0', 'fr', title, text, encode(sha256(convert_to(text, 'UTF8')), 'hex'), date '2022-02-17'
from (values
    ('marketing-email', 'Prospection commerciale par email',
     'J''accepte de recevoir par email des sollicitations commerciales de CCSIT au sujet de ses Services. '
     || 'Je peux retirer mon consentement à tout moment, gratuitement et sans motif : depuis les paramètres '
     || 'de notification de la Plate-forme, par le lien de désinscription présent dans chaque email, ou par '
     || 'email à csm@seo-cocoon.com. En cas de retrait, CCSIT cesse d''envoyer des sollicitations commerciales '
     || '(Politique de protection des données v1.0, §11).'),
    ('partner-referral', 'Transmission de mes coordonnées par un Partenaire de CCSIT',
     'Je demande expressément que le Partenaire de CCSIT dont je suis client transmette à CCSIT mon nom, '
     || 'mon prénom, mon adresse email, mon numéro de téléphone et mes centres d''intérêt, afin que CCSIT me '
     || 'contacte au sujet de ses Services. Je peux retirer cette demande à tout moment depuis la Plate-forme '
     || 'ou par email à csm@seo-cocoon.com (Politique de protection des données v1.0, §6).'),
    ('commercial-statistics', 'Élaboration de statistiques commerciales',
     'CCSIT utilise mes Données Personnelles pour élaborer des statistiques commerciales, sur le fondement '
     || 'de son intérêt légitime. Je peux m''y opposer à tout moment depuis la Plate-forme ou par email à '
     || 'csm@seo-cocoon.com (Politique de protection des données v1.0, §5 et §13).')
) as notice(purpose, title, text);

-- The ledger gains the proof the issue asks for. GRANT, WITHDRAW or OBJECT; a withdrawal is an OBJECT when it
-- comes from an objection (GDPR Art. 21), which also refuses later partner-sourced grants.
alter table consent_record
    add column entry_id    uuid,
    add column action      varchar(10),
    add column actor_role  varchar(30),
    add column notice_hash char(64),
    add column partner     varchar(60),
    add column evidence    varchar(300),
    add column request_id  uuid;
update consent_record set entry_id = gen_random_uuid(),
                          action = case when granted then 'GRANT' else 'WITHDRAW' end,
                          actor_role = case when recorded_by = subject_id then 'data-subject' else 'platform' end,
                          notice_hash = (select n.text_sha256 from consent_notice n
                                         where n.purpose = consent_record.purpose
                                           and n.policy_version = consent_record.policy_version);
alter table consent_record
    alter column entry_id set not null,
    alter column action set not null,
    alter column actor_role set not null,
    add constraint consent_record_entry_id unique (entry_id);

-- Append-only: an entry is never changed. Erasure deletes a subject's entries (the subject asked for it).
create function consent_record_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'consent_record is append-only';
end $$;
create trigger consent_record_no_update before update on consent_record
    for each row execute function consent_record_append_only();

-- The current answer per subject and purpose, written in the transaction of each ledger entry: the
-- effective-state query reads one row by primary key instead of scanning the ledger.
create table consent_state (
    subject_id varchar(200) not null,
    purpose    varchar(60)  not null,
    granted    boolean      not null,
    objected   boolean      not null,
    entry_id   uuid         not null,
    source     varchar(60)  not null,
    changed_at timestamptz  not null,
    primary key (subject_id, purpose)
);
insert into consent_state (subject_id, purpose, granted, objected, entry_id, source, changed_at)
select distinct on (subject_id, purpose) subject_id, purpose, granted, false, entry_id, source, recorded_at
from consent_record order by subject_id, purpose, id desc;

-- Restrictions of processing (GDPR Art. 18) in force, one per restriction request: while a subject has one,
-- the effective state is "no". Lifting deletes the row of that request.
create table subject_restriction (
    subject_id varchar(200) not null,
    request_id uuid         not null,
    reason     varchar(40)  not null,
    since      timestamptz  not null,
    primary key (subject_id, request_id)
);

-- One-click unsubscribe links (RFC 8058). The token is the id plus an HMAC of it; the row makes it revocable.
create table unsubscribe_link (
    token_id      uuid         primary key,
    subject_id    varchar(200) not null,
    purpose       varchar(60)  not null,
    issued_at     timestamptz  not null,
    issued_by     varchar(200) not null,
    revoked_at    timestamptz,
    used_at       timestamptz,
    used_entry_id uuid
);
create index unsubscribe_link_subject on unsubscribe_link (subject_id, purpose);

-- Keyed hashes of a subject's email addresses, registered by the platform over authenticated HTTP; used only
-- to put the address on the suppression list when the subject is erased. The address itself is never stored.
create table subject_contact (
    subject_id    varchar(200) not null,
    email_hash    char(64)     not null,
    registered_at timestamptz  not null,
    primary key (subject_id, email_hash)
);

-- What survives the erasure of a subject who refused marketing: a keyed hash and a date, nothing else
-- (CNIL opposition-list practice), so that the contact is never re-imported from a partner or a list.
create table suppression_entry (
    key_hash      char(64)    primary key,
    kind          varchar(10) not null,
    suppressed_on date        not null
);

-- The platform's account database (example company datastore). Every table reaches the account, and so the
-- subject, along a real foreign key: order_lines -> orders -> accounts is three tables deep.

create table accounts (
    id                    bigserial primary key,
    subject_id            text not null unique,      -- the platform's subject id (the token's sub)
    email                 text not null,
    created_at            timestamptz not null default now(),
    processing_restricted boolean not null default false
);

create table profiles (
    account_id bigint primary key references accounts (id),
    first_name text,
    last_name  text,
    phone      text,
    birth_date date
);

create table postal_addresses (
    id          bigserial primary key,
    account_id  bigint not null references accounts (id),
    label       text not null,
    line1       text not null,
    line2       text,
    postal_code text not null,
    city        text not null,
    country     char(2) not null
);
create index postal_addresses_account on postal_addresses (account_id);

-- Billing fields are the invoice (French commercial code L123-22: kept 10 years); the delivery note is not.
create table orders (
    id              bigserial primary key,
    account_id      bigint not null references accounts (id),
    placed_at       timestamptz not null,
    invoice_number  text not null unique,
    amount_cents    bigint not null,
    currency        char(3) not null,
    billing_name    text not null,
    billing_address text not null,
    delivery_note   text
);
create index orders_account on orders (account_id);

create table order_lines (
    id               bigserial primary key,
    order_id         bigint not null references orders (id),
    product          text not null,
    quantity         integer not null,
    unit_price_cents bigint not null,
    personalization  text                              -- e.g. an engraved name
);
create index order_lines_order on order_lines (order_id);

create table login_history (
    id           bigserial primary key,
    account_id   bigint not null references accounts (id),
    logged_in_at timestamptz not null,
    ip_address   inet not null,
    user_agent   text
);
create index login_history_account on login_history (account_id);

create table support_tickets (
    id         bigserial primary key,
    account_id bigint not null references accounts (id),
    opened_at  timestamptz not null,
    status     text not null,
    subject    text,
    body       text                                    -- free text written by the customer
);
create index support_tickets_account on support_tickets (account_id);

create table marketing_preferences (
    account_id bigint primary key references accounts (id),
    newsletter boolean not null,
    sms        boolean not null,
    updated_at timestamptz not null
);

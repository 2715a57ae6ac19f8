-- Retention per purpose (issue 13, item 1): an expiry order may erase some purposes of a subject only (a scoped
-- erasure); an order stays recorded once executed while the subject still has entries, so the clocks show what went.
-- Purposes as comma-separated sorted codes, as legal_hold.purposes.
alter table retention_order
    -- null: the whole subject; otherwise the purposes whose data goes
    add column scope_purposes    varchar(1000),
    -- the subject's purposes kept (still running, or under a legal hold): why the rest stays
    add column kept_purposes     varchar(1000) not null default '',
    -- the systems that must erase (Register.planErasure, or every erase system for a whole order)
    add column expected_systems  varchar(1000) not null default '',
    -- when this service executed its own order (null: pending, the sweep does not order the subject again)
    add column executed_at       timestamptz;

-- Scoped orders per sweep, next to subjects_ordered (every order, scoped or whole).
alter table retention_sweep add column scoped_orders bigint not null default 0;

-- Entries kept through a whole erasure because an exemption of the order names their purpose's rule (e.g. billing,
-- accounting-ten-years, while Stripe and the account database keep invoices): the order, when, and what the
-- exemption keeps where. At their expiry the sweep orders the scoped erasure of those purposes.
alter table inventory_entry
    add column exempted_by_order     uuid,
    add column exempted_at           timestamptz,
    add column exemption_systems     varchar(1000),
    add column exemption_categories  varchar(1000);

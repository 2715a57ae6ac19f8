-- Seed data: a handful of subjects of the local run (fictitious people).
insert into accounts (subject_id, email, created_at) values
    ('user-alice', 'alice.martin@example.org', '2023-01-10T09:00:00Z'),
    ('user-bob', 'bob.durand@example.org', '2023-03-02T14:30:00Z'),
    ('user-chloe', 'chloe.bernard@example.org', '2024-06-21T08:15:00Z'),
    ('user-david', 'david.petit@example.org', '2024-11-05T19:45:00Z'),
    ('user-emma', 'emma.robert@example.org', '2025-02-14T11:00:00Z');

insert into profiles (account_id, first_name, last_name, phone, birth_date)
select id, initcap(split_part(split_part(email, '@', 1), '.', 1)), initcap(split_part(split_part(email, '@', 1), '.', 2)),
       '+33 6 12 34 56 0' || id, date '1980-01-01' + (id * 1000)::int
from accounts;

insert into postal_addresses (account_id, label, line1, postal_code, city, country)
select id, 'home', id || ' rue de la Paix', '7500' || id, 'Paris', 'FR' from accounts;

insert into orders (account_id, placed_at, invoice_number, amount_cents, currency, billing_name, billing_address, delivery_note)
select a.id, a.created_at + n * interval '30 days', 'INV-' || a.id || '-' || n, 1990 * n, 'EUR',
       p.first_name || ' ' || p.last_name, pa.line1 || ', ' || pa.postal_code || ' ' || pa.city,
       case when n = 1 then 'Leave with the concierge' end
from accounts a join profiles p on p.account_id = a.id join postal_addresses pa on pa.account_id = a.id,
     generate_series(1, 2) n;

insert into order_lines (order_id, product, quantity, unit_price_cents, personalization)
select o.id, 'Notebook', 1, o.amount_cents, 'For ' || split_part(o.billing_name, ' ', 1) from orders o;

insert into login_history (account_id, logged_in_at, ip_address, user_agent)
select id, created_at + interval '1 hour', ('192.0.2.' || id)::inet, 'Mozilla/5.0' from accounts;

insert into support_tickets (account_id, opened_at, status, subject, body)
select id, created_at + interval '2 days', 'closed', 'Delivery question',
       'Hello, this is ' || split_part(email, '.', 1) || ', where is my parcel?' from accounts;

insert into marketing_preferences (account_id, newsletter, sms, updated_at)
select id, id % 2 = 0, false, created_at from accounts;

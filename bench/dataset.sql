-- A realistic dataset for the backup benchmark: customers, orders and an event log with
-- natural-language text, JSON documents, numbers, timestamps, a foreign key and the indexes an
-- application keeps. About 1 GB (database size) at the default scale, 1.
--
--   createdb shop && psql -v ON_ERROR_STOP=1 -v scale=1 -d shop -f bench/dataset.sql
--
-- `scale` multiplies every row count (0.1 gives about 100 MB). The data comes from a fixed seed,
-- so every run builds the same rows. Text is made of real words, so it compresses like
-- application data does, not like random bytes or hex.

\if :{?scale}
\else
\set scale 1
\endif

SELECT setseed(0.42);

DROP TABLE IF EXISTS events, order_lines, orders, customers;

CREATE FUNCTION pg_temp.words() RETURNS text[] LANGUAGE sql IMMUTABLE AS $$
    SELECT string_to_array(
       'account address after again almost already always amount answer apple april area august '
    || 'backup balance basket before below better billing blue board book branch bring brown build '
    || 'cable calendar call cancel card care carry case cash change charge check city claim class '
    || 'clean clear client close cloud coffee color common company contact contract copy cost count '
    || 'country course cover credit customer damage data date day deal debit december delivery '
    || 'demand desk detail device discount document door down draft drive early east edge email '
    || 'empty engine entry error evening event every exchange expense export factory failed family '
    || 'february field file final first floor follow food form forward free friday friend front full '
    || 'garden gift glass good green group guest half hand happy heavy help high history holiday home '
    || 'hotel hour house import income invoice issue item january july june kitchen label large last '
    || 'late later leave left letter level light limit line list little local long machine march '
    || 'market match may meeting member message method middle minute missing model monday money month '
    || 'morning name network never new next night north note november number october offer office '
    || 'open order other owner package page paid paper parcel part payment pending people period phone '
    || 'place plan point policy price print problem product profile project quick rate reason receipt '
    || 'record red refund region reminder repair report request return review right river road room '
    || 'route saturday schedule second send september service share ship short size small sold south '
    || 'space special staff start state status station stock store street subject summer sunday '
    || 'supply support table team terms thanks thursday ticket time today total track transfer travel '
    || 'tuesday update user value vendor visit wallet warehouse water wednesday week west white window '
    || 'winter work world year yellow young zone', ' ')
$$;

-- A sentence of n words picked with random().
CREATE FUNCTION pg_temp.sentence(n int) RETURNS text LANGUAGE sql VOLATILE AS $$
    SELECT string_agg((pg_temp.words())[1 + floor(random() * cardinality(pg_temp.words()))::int], ' ')
      FROM generate_series(1, n)
$$;

CREATE TABLE customers (
    id          bigint PRIMARY KEY,
    email       text NOT NULL UNIQUE,
    name        text NOT NULL,
    country     char(2) NOT NULL,
    created_at  timestamptz NOT NULL,
    profile     jsonb NOT NULL
);

INSERT INTO customers
SELECT i,
       'customer' || i || '@' || (ARRAY['example.com', 'mail.example.org', 'shop.example.net'])[1 + i % 3],
       initcap(pg_temp.sentence(2)),
       (ARRAY['DE', 'FR', 'TR', 'US', 'GB', 'NL', 'ES', 'IT', 'PL', 'SE'])[1 + floor(random() * 10)::int],
       timestamptz '2020-01-01' + random() * interval '1800 days',
       jsonb_build_object(
           'newsletter', random() < 0.3,
           'language', (ARRAY['de', 'en', 'fr', 'tr'])[1 + floor(random() * 4)::int],
           'tags', to_jsonb(string_to_array(pg_temp.sentence(3), ' ')),
           'notes', pg_temp.sentence(8 + floor(random() * 12)::int))
  FROM generate_series(1, (250000 * :scale)::int) AS i;

CREATE TABLE orders (
    id           bigint PRIMARY KEY,
    customer_id  bigint NOT NULL REFERENCES customers,
    placed_at    timestamptz NOT NULL,
    status       text NOT NULL,
    total        numeric(12, 2) NOT NULL,
    shipping     jsonb NOT NULL
);

INSERT INTO orders
SELECT i,
       1 + floor(random() * (250000 * :scale))::bigint,
       timestamptz '2021-01-01' + random() * interval '1400 days',
       (ARRAY['pending', 'paid', 'shipped', 'delivered', 'returned', 'cancelled'])[1 + floor(random() * 6)::int],
       round((5 + random() * 495)::numeric, 2),
       jsonb_build_object(
           'street', initcap(pg_temp.sentence(2)) || ' ' || (1 + floor(random() * 200)::int),
           'city', initcap(pg_temp.sentence(1)),
           'carrier', (ARRAY['DHL', 'UPS', 'PTT', 'DPD'])[1 + floor(random() * 4)::int],
           'express', random() < 0.1)
  FROM generate_series(1, (1000000 * :scale)::int) AS i;

CREATE TABLE order_lines (
    order_id    bigint NOT NULL REFERENCES orders,
    line        int NOT NULL,
    sku         text NOT NULL,
    quantity    int NOT NULL,
    unit_price  numeric(10, 2) NOT NULL,
    PRIMARY KEY (order_id, line)
);

INSERT INTO order_lines
SELECT o, l,
       'SKU-' || lpad((floor(random() * 50000))::int::text, 6, '0'),
       1 + floor(random() * 5)::int,
       round((1 + random() * 199)::numeric, 2)
  FROM generate_series(1, (1000000 * :scale)::int) AS o,
       generate_series(1, 3) AS l;

CREATE TABLE events (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL,
    kind     text NOT NULL,
    subject  bigint,
    message  text NOT NULL
);

INSERT INTO events (at, kind, subject, message)
SELECT timestamptz '2024-01-01' + random() * interval '300 days',
       (ARRAY['login', 'order_placed', 'payment', 'email_sent', 'support', 'refund'])[1 + floor(random() * 6)::int],
       1 + floor(random() * (250000 * :scale))::bigint,
       pg_temp.sentence(10 + floor(random() * 20)::int)
  FROM generate_series(1, (1250000 * :scale)::int);

CREATE INDEX ON orders (customer_id);
CREATE INDEX ON orders (placed_at);
CREATE INDEX ON order_lines (sku);
CREATE INDEX ON events (at);
CREATE INDEX ON events (kind, at);
CREATE INDEX ON customers USING gin (profile jsonb_path_ops);

VACUUM ANALYZE;

SELECT pg_size_pretty(pg_database_size(current_database())) AS database_size;

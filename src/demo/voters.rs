//! The 2021 vote's voters and their votes, written straight into the database in a few
//! set-based statements: the server's clock (rightly) refuses a vote in 2021, and 20,000
//! registrations through the API would hash 20,000 passwords. What is written is what casting
//! would have written (a vote row with its evidence, for an account with a confirmed address),
//! nothing else: the synthetic voters are marked as such (`voterNNNNN@voters.demo.invalid`,
//! "Demo voter N", no password, so nobody signs in as one).
//!
//! The shape, drawn from hashes (the same every run): voters come over the month with the
//! launch on 1 March, quiet weekends, the newsletter of 15 March and the last ten days'
//! campaigns, busiest in the Geneva evening; half vote in one category, a tenth in six or more;
//! within a category each nominee gets 28 % fewer votes than the one before it in an order of
//! its own (how well it campaigned), so the five Champions stand clear. One night a single
//! network sends a burst of votes for one nominee from accounts registered minutes before.

use chrono::{DateTime, Utc};
use diesel::sql_types::{Integer, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

/// The synthetic voters (each votes in one category or more).
pub(super) const VOTERS: i32 = 20_000;
/// The votes of the night's burst.
pub(super) const BURST: i32 = 450;
/// The network the burst came from.
pub(super) const BURST_NETWORK: &str = "203.0.113.0/24";
/// The category of the nominee the burst was for.
pub(super) const BURST_CATEGORY: &str = "C4";
/// The burst's first vote (03:05 in Geneva, the night of 16–17 March).
pub(super) const BURST_FROM: &str = "2021-03-17T02:05:00Z";

/// Settings of this transaction and the draw it uses: a uniform number in (0, 1) from a
/// hash of the words given (STABLE, not IMMUTABLE, so that PostgreSQL inlines it).
const SETUP: [&str; 3] = [
    "SET LOCAL jit = off",
    "SET LOCAL work_mem = '64MB'",
    "CREATE OR REPLACE FUNCTION pg_temp.demo_u(what text, i bigint) RETURNS float8 LANGUAGE sql STABLE
       AS $$ SELECT (hashtext(what || ':' || i)::float8 + 2147483648.5) / 4294967296 $$",
];

/// The vote's nominees ($1: the vote), each with its place in its category's campaign order
/// and the lower bound of its share of the category's votes (the shares fall by 28 % a place).
const NOMINEES: &str = "
CREATE TEMP TABLE demo_nominee ON COMMIT DROP AS
WITH placed AS (
    SELECT e.category_id, c.code, e.nomination_id,
           row_number() OVER (PARTITION BY e.category_id ORDER BY hashtext('campaign:' || n.title), n.id) AS place
      FROM round_entries e JOIN nominations n ON n.id = e.nomination_id JOIN categories c ON c.id = e.category_id
     WHERE e.round_id = '{round}'
)
SELECT category_id, code, nomination_id, place,
       (sum(power(0.72::float8, place - 1)) OVER (PARTITION BY category_id ORDER BY place) - power(0.72::float8, place - 1))
       / sum(power(0.72::float8, place - 1)) OVER (PARTITION BY category_id) AS lo
  FROM placed";

/// The voters' table.
const VOTER_TABLE: &str = "
CREATE TEMP TABLE demo_voter (
    i integer PRIMARY KEY, id uuid NOT NULL, first_at timestamptz NOT NULL, categories integer NOT NULL,
    language text NOT NULL, network text NOT NULL, address_hash bytea NOT NULL, agent_hash bytea NOT NULL
) ON COMMIT DROP";

/// The voters ($1 opens, $2 closes, $3 how many): when each first voted (an hour drawn from
/// the month's shape, a moment in it), in how many categories, in which language, from where.
const VOTERS_SQL: &str = "
INSERT INTO demo_voter
WITH hour AS (
    SELECT h,
           (CASE extract(day FROM l)::int WHEN 1 THEN 2.6 WHEN 2 THEN 1.9 WHEN 3 THEN 1.4 WHEN 15 THEN 1.6 ELSE 1 END)
         * (CASE WHEN extract(isodow FROM l) >= 6 THEN 0.7 ELSE 1 END)
         * (1 + greatest(0, extract(day FROM l) - 21) * 0.14)
         * (CASE extract(day FROM l)::int WHEN 31 THEN 1.5 ELSE 1 END)
         * (ARRAY[0.40, 0.30, 0.25, 0.22, 0.25, 0.35, 0.50, 0.70, 0.90, 1.00, 1.05, 1.10,
                  1.00, 1.05, 1.10, 1.05, 1.00, 1.05, 1.15, 1.25, 1.30, 1.15, 0.90, 0.60])[extract(hour FROM l)::int + 1]
           ::float8 AS w
      FROM generate_series($1, $2 - interval '1 hour', interval '1 hour') AS h,
           LATERAL (SELECT h AT TIME ZONE 'Europe/Zurich' AS l) AS local
),
cdf AS (
    SELECT array_agg(h ORDER BY h) AS hs, array_agg(lo ORDER BY h) AS los
      FROM (SELECT h, (sum(w) OVER (ORDER BY h) - w) / sum(w) OVER () AS lo FROM hour) AS c
)
SELECT i, gen_random_uuid(),
       least(hs[width_bucket(pg_temp.demo_u('when', i), los)] + pg_temp.demo_u('minute', i) * interval '1 hour',
             $2 - interval '20 minutes'),
       CASE WHEN k < 0.50 THEN 1 WHEN k < 0.65 THEN 2 WHEN k < 0.75 THEN 3 WHEN k < 0.82 THEN 4
            WHEN k < 0.87 THEN 5 ELSE 6 + floor(pg_temp.demo_u('many', i) * 13)::int END,
       (ARRAY['en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'en', 'fr', 'fr', 'fr', 'es', 'es', 'es',
              'ar', 'ar', 'ru', 'zh', 'zh'])[1 + floor(pg_temp.demo_u('language', i) * 20)::int],
       -- a third from carrier-grade NAT networks (shared by many), the others from their own /64
       CASE WHEN pg_temp.demo_u('v4', i) < 0.3
            THEN format('100.%s.%s.0/24', 64 + floor(pg_temp.demo_u('net', i) * 8)::int,
                        floor(pg_temp.demo_u('subnet', i) * 256)::int)
            ELSE format('2001:db8:%s:%s::/64', to_hex(1 + floor(pg_temp.demo_u('net', i) * 65535)::int),
                        to_hex(1 + floor(pg_temp.demo_u('subnet', i) * 65535)::int))
       END,
       sha256(convert_to('demo voter address ' || i, 'UTF8')),
       sha256(convert_to('demo user agent ' || floor(pg_temp.demo_u('agent', i) * 12)::int, 'UTF8'))
  FROM generate_series(1, $3) AS i, cdf, LATERAL (SELECT pg_temp.demo_u('categories', i) AS k) AS draw";

/// The voters' accounts: each registered a few minutes before voting and confirmed the address
/// at once.
const ACCOUNTS_SQL: &str = "
INSERT INTO accounts (id, email, display_name, roles, created_at, updated_at, language, email_confirmed_at)
SELECT id, format('voter%s@voters.demo.invalid', lpad(i::text, 5, '0')), format('Demo voter %s', i),
       ARRAY['nominator'], registered, registered + confirmed, language, registered + confirmed
  FROM demo_voter,
       LATERAL (SELECT first_at - (3 + pg_temp.demo_u('registered', i) * 25) * interval '1 minute' AS registered,
                       (0.5 + pg_temp.demo_u('confirmed', i) * 2) * interval '1 minute' AS confirmed) AS t";

/// The votes ($1 the vote): each voter's categories (the more popular, the likelier), one
/// after the other within a minute, and in each the nominee its share's draw falls on.
const VOTES_SQL: &str = "
INSERT INTO votes (id, round_id, category_id, nomination_id, account_id, cast_at, network, address_hash, agent_hash)
WITH category AS (
    SELECT category_id, code, 0.6 + pg_temp.demo_u('popularity:' || code, 0) * 0.8 AS popularity,
           array_agg(nomination_id ORDER BY place) AS ids, array_agg(lo ORDER BY place) AS los
      FROM demo_nominee GROUP BY category_id, code
),
choice AS (
    SELECT v.i, c.category_id,
           row_number() OVER (PARTITION BY v.i
                              ORDER BY -ln(pg_temp.demo_u('category:' || c.code, v.i)) / c.popularity) AS nth
      FROM demo_voter v CROSS JOIN category c
)
SELECT gen_random_uuid(), $1, c.category_id, c.ids[width_bucket(pg_temp.demo_u('pick:' || c.code, v.i), c.los)],
       v.id, v.first_at + (ch.nth - 1) * interval '50 seconds' + pg_temp.demo_u('second:' || c.code, v.i) * interval '40 seconds',
       v.network, v.address_hash, v.agent_hash
  FROM choice ch JOIN demo_voter v ON v.i = ch.i JOIN category c ON c.category_id = ch.category_id
 WHERE ch.nth <= v.categories";

/// The burst: every six seconds or so a new account, registered a minute and a half before its
/// vote and confirmed within the minute, votes from the one network with one user agent for the
/// nominee just outside the Champions (sixth in its category's order). Voters ($1 the first vote,
/// $2 how many, $3 numbered after, $4 the network), their accounts ($1 numbered after), their
/// votes ($1 the vote, $2 numbered after, $3 the category).
const BURST_SQL: [&str; 3] = [
    "INSERT INTO demo_voter
     SELECT $3 + i, gen_random_uuid(), $1 + (i - 1) * interval '6 seconds' + pg_temp.demo_u('burst', i) * interval '3 seconds',
            1, 'en', $4, sha256(convert_to('demo burst address ' || (i % 23), 'UTF8')),
            sha256(convert_to('demo burst user agent', 'UTF8'))
       FROM generate_series(1, $2) AS i",
    "INSERT INTO accounts (id, email, display_name, roles, created_at, updated_at, language, email_confirmed_at)
     SELECT id, format('voter%s@voters.demo.invalid', lpad(i::text, 5, '0')), format('Demo voter %s', i),
            ARRAY['nominator'], first_at - interval '90 seconds', first_at - interval '40 seconds', language,
            first_at - interval '40 seconds'
       FROM demo_voter WHERE i > $1",
    "INSERT INTO votes (id, round_id, category_id, nomination_id, account_id, cast_at, network, address_hash, agent_hash)
     SELECT gen_random_uuid(), $1, n.category_id, n.nomination_id, v.id, v.first_at, v.network, v.address_hash, v.agent_hash
       FROM demo_voter v, demo_nominee n
      WHERE v.i > $2 AND n.code = $3
        AND n.place = (SELECT least(6, max(place)) FROM demo_nominee WHERE code = $3)",
];

/// Writes the voters and the votes of the vote `round` (open, its nominees entered), voting
/// from `opens` to `closes`, in one transaction. Returns how many votes were written.
pub(super) async fn cast_votes(
    conn: &mut AsyncPgConnection, round: Uuid, opens: DateTime<Utc>, closes: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let burst_from: DateTime<Utc> = super::utc(BURST_FROM);
    Ok(conn
        .transaction::<usize, diesel::result::Error, _>(async |conn| {
            for s in SETUP {
                diesel::sql_query(s).execute(conn).await?;
            }
            // the vote's id is ours, not anyone's input: written into the statement that makes
            // the table (a utility statement takes no parameters)
            diesel::sql_query(NOMINEES.replace("{round}", &round.to_string())).execute(conn).await?;
            diesel::sql_query(VOTER_TABLE).execute(conn).await?;
            diesel::sql_query(VOTERS_SQL)
                .bind::<Timestamptz, _>(opens)
                .bind::<Timestamptz, _>(closes)
                .bind::<Integer, _>(VOTERS)
                .execute(conn)
                .await?;
            diesel::sql_query("ANALYZE demo_voter").execute(conn).await?;
            diesel::sql_query(ACCOUNTS_SQL).execute(conn).await?;
            let mut votes = diesel::sql_query(VOTES_SQL).bind::<SqlUuid, _>(round).execute(conn).await?;
            let [voters, accounts, burst] = BURST_SQL;
            diesel::sql_query(voters)
                .bind::<Timestamptz, _>(burst_from)
                .bind::<Integer, _>(BURST)
                .bind::<Integer, _>(VOTERS)
                .bind::<Text, _>(BURST_NETWORK)
                .execute(conn)
                .await?;
            diesel::sql_query(accounts).bind::<Integer, _>(VOTERS).execute(conn).await?;
            votes += diesel::sql_query(burst)
                .bind::<SqlUuid, _>(round)
                .bind::<Integer, _>(VOTERS)
                .bind::<Text, _>(BURST_CATEGORY)
                .execute(conn)
                .await?;
            diesel::sql_query("DROP FUNCTION pg_temp.demo_u(text, bigint)").execute(conn).await?;
            Ok(votes)
        })
        .await?)
}

"""The public vote in `make bench` (bench.py runs these with its harness):

  P7 vote rush   confirmed voters POST /rounds/{id}/votes, the proof of work solved ahead of
                 time, under 64 connections       vs pgbench: the same one-row ~1 KB insert as P1,
                                                     and the service's own SQL for a vote
  P8 tally       POST /rounds/{id}/close of a vote of 2,000,000 votes over 18 categories × 20
                 nominees                         vs the same count (and its ranking, written) as
                                                     one SQL statement in psql
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import random
import time

import own_sql

# the server is started with this key (ALTCHA_HMAC_KEY): the benchmark makes and solves its
# challenges itself, ahead of time, so that P7 measures the server, not the voters' browsers
ALTCHA_KEY = "bench altcha key: not a secret, the benchmark's own"
ALTCHA_MAX_NUMBER = 1000
NOMINEES = 20
VOTE_ADVANCE = 5


def altcha_solution(rng: random.Random, expires: int) -> str:
    """A solved ALTCHA challenge (the protocol's SHA-256 variant): the salt carries its expiry,
    the challenge is SHA-256(salt + number), the signature the HMAC of the challenge."""
    salt = f"{rng.getrandbits(96):024x}?expires={expires}&"
    number = rng.randint(0, ALTCHA_MAX_NUMBER)
    challenge = hashlib.sha256(f"{salt}{number}".encode()).hexdigest()
    signature = hmac.new(ALTCHA_KEY.encode(), challenge.encode(), hashlib.sha256).hexdigest()
    payload = {"algorithm": "SHA-256", "challenge": challenge, "number": number, "salt": salt,
               "signature": signature}
    return base64.b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode()


def vote_edition(h, key: str) -> dict:
    """An edition whose Expert Group round has closed with 20 nominees per category going on,
    and its public vote (API: created and opened; voting open since an hour ago)."""
    j = h.judged_edition(key, 18 * NOMINEES, 3)
    # the Expert Group's choice, as its close would have written it (what the vote takes in)
    h.psql(f"UPDATE round_entries SET advanced = true WHERE round_id = '{j['round']}'")
    h.psql(f"UPDATE rounds SET status = 'closed', closed_at = now() WHERE id = '{j['round']}'")
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    vote = h.api("POST", f"/api/v1/editions/{j['year']}/rounds", {
        "kind": "public_vote", "name": "Public online vote", "advance_per_category": VOTE_ADVANCE,
        "opens_at": (now - dt.timedelta(hours=1)).isoformat(),
        "closes_at": (now + dt.timedelta(days=30)).isoformat()})
    h.api("POST", f"/api/v1/rounds/{vote['id']}/open")
    entries = int(h.psql(f"SELECT count(*) FROM round_entries WHERE round_id = '{vote['id']}'"))
    return {**j, "vote": vote["id"], "entries": entries}


def add_voters(h, prefix: str, count: int) -> None:
    """Confirmed accounts (the service's own hash of the bench password), as registration and
    the confirmation link leave them."""
    h.psql(f"""
        INSERT INTO accounts (id, email, display_name, password_hash, roles, email_confirmed_at)
        SELECT gen_random_uuid(), '{prefix}' || i || '@voters.example', 'Voter ' || i,
               (SELECT password_hash FROM accounts WHERE email = '{h.organizer}'), ARRAY['nominator'], now()
        FROM generate_series(1, {count}) i""")


def p7(h) -> None:
    v = vote_edition(h, "P7")
    runs = 1 + h.mode["reps"]  # the warm-up and each repetition get voters of their own
    per_run = h.mode["p7_voters"]
    log = h.log
    log(f"P7: {runs} × {per_run:,} confirmed voters with sessions; ballots and proofs of work")
    add_voters(h, "p7-voter-", runs * per_run)
    h.make_sessions("p7-voter-%")
    ballot = {}
    for line in h.psql(f"SELECT category_id, nomination_id FROM round_entries WHERE round_id = '{v['vote']}' "
                       f"ORDER BY category_id, nomination_id").split():
        cat, nom = line.split("|")
        ballot.setdefault(cat, []).append(nom)
    tokens = h.psql(f"""SELECT substring(email from 'p7-voter-([0-9]+)@')::int, {h.token_sql('email')}
                        FROM accounts WHERE email LIKE 'p7-voter-%'""", sep=" ").split("\n")
    token = dict((int(a), b) for a, b in (t.split() for t in tokens if t))
    rng = random.Random(2021)
    expires = int(time.time()) + 3 * 3600
    files = []
    t0 = time.perf_counter()
    for run in range(runs):
        lines = []
        for i in range(run * per_run + 1, (run + 1) * per_run + 1):
            # each voter in its own /24, as votes come from the whole world (X-Forwarded-For)
            address = f"10.{(i >> 8) & 255}.{i & 255}.{rng.randint(1, 254)}"
            for nominees in ballot.values():
                # a skewed vote, as a real one is: a few nominees draw most of it
                choice = nominees[min(len(nominees) - 1, int(len(nominees) * rng.random() ** 2))]
                lines.append(f"{token[i]} {v['vote']} {choice} {altcha_solution(rng, expires)} {address}")
        rng.shuffle(lines)
        path = h.tmp / f"votes-{run}.txt"
        path.write_text("\n".join(lines) + "\n")
        files.append(path)
    log(f"P7: {len(files) * per_run * len(ballot):,} votes ready in {time.perf_counter() - t0:.1f} s")
    # the own-SQL baseline's voters, whom the service's legs never use: half as many again as
    # theirs, each (voter, category) voted once, in turn
    add_voters(h, "p7-own-voter-", runs * per_run * 3 // 2)
    h.make_sessions("p7-own-voter-%")
    own = own_sql.attempt(h, "P7", lambda: own_sql.p7(h, v["vote"], "p7-own-voter-%",
                                                       lambda: altcha_solution(rng, expires)))
    h.maintenance()
    run = [0]

    def service(secs):
        path = files[min(run[0], len(files) - 1)]
        run[0] += 1
        return h.wrk("vote.lua", "/", secs, [path, h.cores, h.base])

    svc, base = h.interleaved("P7 vote rush", service, own_sql.baselines(h, own))
    r = h.summarise(svc, base, "pgbench 1-row ~1 KB insert, 64 conns", "tps")
    own_sql.summarise(h, "P7", r, base, own)
    r["votes_recorded"] = int(h.psql(f"SELECT count(*) FROM votes WHERE round_id = '{v['vote']}'"))
    r["size"] = {"categories": len(ballot), "nominees": v["entries"], "voters_per_run": per_run}
    h.results["P7"] = r


def tally_sql(round_id: str, write: bool) -> str:
    """The close's count, ranking and write as one SQL statement (write=False: the count and the
    ranking only, read)."""
    window = "(i.from_at IS NULL OR v.cast_at >= i.from_at) AND (i.to_at IS NULL OR v.cast_at < i.to_at)"
    invalid = f"""SELECT v.id, v.nomination_id
           FROM vote_invalidations i JOIN votes v ON v.round_id = i.round_id AND v.account_id = i.account_id
          WHERE i.round_id = '{round_id}' AND i.restored_at IS NULL AND (i.network IS NULL OR v.network = i.network) AND {window}
         UNION
         SELECT v.id, v.nomination_id
           FROM vote_invalidations i JOIN votes v ON v.round_id = i.round_id AND v.network = i.network
          WHERE i.round_id = '{round_id}' AND i.restored_at IS NULL AND i.account_id IS NULL AND {window}"""
    ranked = f"""WITH raw AS (SELECT nomination_id, count(*) AS n FROM votes WHERE round_id = '{round_id}' GROUP BY nomination_id),
        inv AS (SELECT nomination_id, count(*) AS n FROM ({invalid}) m GROUP BY nomination_id),
        c AS (
          SELECT e.nomination_id, e.category_id, coalesce(raw.n, 0) - coalesce(inv.n, 0) AS valid, coalesce(raw.n, 0) AS raw
            FROM round_entries e
            LEFT JOIN raw ON raw.nomination_id = e.nomination_id
            LEFT JOIN inv ON inv.nomination_id = e.nomination_id
           WHERE e.round_id = '{round_id}'),
        r AS (SELECT c.*, rank() OVER (PARTITION BY category_id ORDER BY valid DESC) AS rnk,
                     count(*) OVER (PARTITION BY category_id, valid) AS tie_n FROM c)"""
    if not write:
        return ranked + " SELECT count(*), sum(rnk), sum(valid), sum(raw) FROM r;\n"
    return ranked + f""" UPDATE round_entries t SET votes = r.valid, raw_votes = r.raw, rank = r.rnk,
            tied = r.tie_n > 1, advanced = r.rnk <= {VOTE_ADVANCE},
            tie_at_cutoff = r.rnk <= {VOTE_ADVANCE} AND r.rnk + r.tie_n - 1 > {VOTE_ADVANCE}
          FROM r WHERE t.round_id = '{round_id}' AND t.nomination_id = r.nomination_id;\n"""


def p8(h) -> None:
    v = vote_edition(h, "P8")
    rnd = v["vote"]
    total = h.mode["p8_votes"]
    voters = -(-total // 18) + 100
    log = h.log
    log(f"P8: {voters:,} voters and {total:,} votes (SQL)")
    t0 = time.perf_counter()
    add_voters(h, "p8-voter-", voters)
    h.psql(f"""
        WITH c AS (SELECT category_id, array_agg(nomination_id ORDER BY nomination_id) AS n
                     FROM round_entries WHERE round_id = '{rnd}' GROUP BY category_id),
             a AS (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM accounts WHERE email LIKE 'p8-voter-%')
        INSERT INTO votes (id, round_id, category_id, nomination_id, account_id, cast_at, network)
        SELECT gen_random_uuid(), '{rnd}', c.category_id,
               c.n[1 + floor(array_length(c.n, 1) * random() ^ 2)::int], a.id,
               now() - interval '59 minutes' + random() * interval '58 minutes',
               '10.' || ((a.rn >> 8) & 255) || '.' || (a.rn & 255) || '.0/24'
          FROM a CROSS JOIN c LIMIT {total}""")
    # an organiser's invalidation (a network that voted in a burst): the count checks validity
    h.api("POST", f"/api/v1/rounds/{rnd}/invalidations",
          {"network": "10.0.7.0/24", "reason": "A burst of votes from one network (benchmark)."})
    cast = int(h.psql(f"SELECT count(*) FROM votes WHERE round_id = '{rnd}'"))
    log(f"P8: {cast:,} votes loaded in {time.perf_counter() - t0:.1f} s")
    # the vote's window ends: closing is allowed from closes_at on
    h.psql(f"UPDATE rounds SET opens_at = now() - interval '2 hours', closes_at = now() - interval '1 second' "
           f"WHERE id = '{rnd}'")
    h.maintenance()

    log("P8: warm-up (one close, one SQL run)")
    h.reclose(rnd)
    h.timed_sql(tally_sql(rnd, True))
    closes, writes, reads = [], [], []
    for rep in range(h.mode["reps"]):
        closes.append(h.reclose(rnd))
        writes.append(h.timed_sql(tally_sql(rnd, True)))
        reads.append(h.timed_sql(tally_sql(rnd, False)))
        log(f"P8 #{rep + 1}: close {closes[-1]:.3f} s | SQL {writes[-1]:.3f} s (read-only {reads[-1]:.3f} s)")
    # the service's close and the statement agree (the statement ran last)
    check = h.psql(f"SELECT count(*) FILTER (WHERE advanced), sum(votes), sum(raw_votes) FROM round_entries "
                   f"WHERE round_id = '{rnd}'").strip()
    med = h.median
    close_s, sql_s = med(closes), med(writes)
    h.results["P8"] = {
        "scenario": "P8 tally",
        "unit": "s",
        "value_s": close_s,
        "baseline": "the same count, ranking and write as one SQL statement in psql",
        "baseline_value_s": sql_s,
        "ratio": close_s / sql_s if sql_s else None,
        "sql_read_only_s": med(reads),
        "reps": {"close_s": closes, "sql_s": writes, "sql_read_only_s": reads},
        "size": {"votes": cast, "categories": 18, "nominees": v["entries"], "voters": voters},
        "advanced_valid_raw": check,
    }


def targets(results: dict, add, fmt_ms, clean) -> None:
    r = results.get("P7")
    if r:
        add("P7", "≥ 0.5× pgbench insert", f"{r['ratio']:.2f}×", r["ratio"] >= 0.5 and clean(r))
        add("P7", "p99 ≤ 25 ms", fmt_ms(r["p99_ms"]), r["p99_ms"] <= 25)
    r = results.get("P8")
    if r:
        add("P8", "≤ 1.5× SQL", f"{r['ratio']:.2f}×", r["ratio"] <= 1.5)
        add("P8", "≤ 2 s", f"{r['value_s']:.2f} s", r["value_s"] <= 2)

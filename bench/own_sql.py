"""P1, P2 and P7's second baseline in `make bench`: pgbench running the service's own SQL for
the same requests (captured and turned into a script by bench/sql_capture.py), beside the one-row
insert, interleaved with the service over the same 64 connections.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import cpu
from sql_capture import Unavailable, actor_table, prepare


def nomination_body(category: str, marker: str) -> dict:
    """A complete nomination, as bench/lua/nominate.lua sends it (the marker in the organisation,
    which must be unique per category once submitted)."""
    return {"category": category, "related_action_lines": ["C2" if category == "C1" else "C1"],
            "title": "Mobile clinics for rural communities 1",
            "summary": " ".join(f"word{i % 37}" for i in range(1, 161)),
            "description": "Goals, timeframe, added value and results of the project.",
            "impact": "Forty thousand consultations a year.", "partnerships": "Ministry of Health",
            "challenges": "Connectivity.", "organization": f"bench-{marker}", "stakeholder_type": "civil_society",
            "country": "KE", "sdgs": [3, 10], "website": "https://clinics.example.org",
            "project_start": "2019-03-01", "project_status": "running", "contact_name": "Amina Otieno",
            "contact_email": "amina@clinics.example.org"}


def fresh_session(h, token: str) -> None:
    """Seen just now: the request does not refresh `last_seen_at` (at most once a minute)."""
    h.psql(f"UPDATE sessions SET last_seen_at = now() WHERE token_hash = sha256(convert_to('{token}', 'UTF8'))")


def warm(h, token: str) -> None:
    """The session seen just now (`fresh_session`), then one request before the captured ones,
    outside the capture: the process now knows the session, as it knows every session of the
    rush after its first request (the capture is then what a request costs in steady state, not
    the first one's reads)."""
    fresh_session(h, token)
    time.sleep(0.3)  # fresh_session's change reached the process's cache (and evicted the session)
    status, body, _ = h.http("GET", "/api/v1/me", cookie=token)
    if status != 200:
        raise Unavailable(f"own SQL capture: GET /api/v1/me answered {status} {body}")


def signed_in(h, email: str) -> str:
    """The session token of `email`'s account, warmed (see `warm`)."""
    token = h.psql(f"SELECT {h.token_sql(repr(email))}").strip()
    warm(h, token)
    return token


def expect(h, what: str, ok: tuple, method: str, path: str, body=None, token: str | None = None,
           headers: dict | None = None):
    """A request of the capture, whose answer must be one of `ok`: its body (Unavailable otherwise)."""
    status, answer, _ = h.http(method, path, body, cookie=token, headers=headers)
    if status not in ok:
        raise Unavailable(f"own SQL capture: {what} answered {status} {answer}")
    return answer


def p1(h, year: int, category: str) -> dict:
    """P1's own SQL: a nominator creates a nomination and submits it."""
    table = "bench_own_sql_p1"
    actors = actor_table(h, table, {"a": "accounts", "s": "sessions"},
                         "accounts a JOIN sessions s ON s.account_id = a.id WHERE a.email LIKE 'nominator-%'",
                         "hashtext(a.email)", 1_000_000)
    n = int(h.psql(f"SELECT count(*) FROM {table}"))
    token = {}

    def send(actor, marker):
        email = actor["a_email"]
        token[email] = signed_in(h, email)
        made = {}

        def create(org=marker):
            made["id"] = expect(h, "create", (201,), "POST", f"/api/v1/editions/{year}/nominations",
                                nomination_body(category, org), token[email])["id"]

        def submit():
            expect(h, "submit", (200,), "POST", f"/api/v1/nominations/{made['id']}/submit", token=token[email])

        # once before the capture, as in the rush: the process knows the edition's context and
        # the nominator's extension after their first creation
        create(f"{marker}w")
        submit()
        return [create, submit]

    return prepare(h, "P1", table, actors, n, send, ["create (POST …/nominations)", "submit (POST …/submit)"])


def p2(h, round_id: str, scores: dict) -> dict:
    """P2's own SQL: a judge saves a score sheet."""
    table = "bench_own_sql_p2"
    actors = actor_table(h, table, {"x": "assignments", "a": "accounts", "s": "sessions", "n": "nominations"},
                         "assignments x JOIN accounts a ON a.id = x.judge_id JOIN sessions s ON s.account_id = a.id "
                         f"JOIN nominations n ON n.id = x.nomination_id WHERE x.round_id = '{round_id}'",
                         "hashtext(x.nomination_id::text || x.judge_id::text)", 5000)
    n = int(h.psql(f"SELECT count(*) FROM {table}"))

    def send(actor, marker):
        token = signed_in(h, actor["a_email"])

        def save():
            expect(h, "score save", (200, 201), "PUT",
                   f"/api/v1/rounds/{round_id}/scores/{actor['x_nomination_id']}",
                   {"scores": scores, "comment": "Solid results, clear plan for replication."}, token)

        return [save]

    return prepare(h, "P2", table, actors, n, send, ["score save (PUT …/scores/{nomination})"])


def p7(h, round_id: str, voters: str, solve) -> dict:
    """P7's own SQL: a voter casts a vote. Each pgbench transaction is the next (voter, category)
    in turn, a vote not cast yet, among `voters` (an e-mail pattern of voters the service's legs
    do not use), each voter with a network of their own as the service's have; `solve()` gives
    a solved proof of work."""
    h.psql("DROP TABLE IF EXISTS bench_p7_ballots")
    # a nominee per voter and category, and each voter's address and network (the server keeps
    # the /24), in 11.0.0.0/8 where the service's voters are in 10.0.0.0/8
    h.psql(f"""
        CREATE TABLE bench_p7_ballots AS
        SELECT a.id AS account_id, c.category_id,
               c.nominees[1 + abs(hashtext(a.id::text || c.category_id::text)) % cardinality(c.nominees)]
                 AS nomination_id,
               '11.' || (a.n >> 8 & 255) || '.' || (a.n & 255) || '.7' AS address,
               '11.' || (a.n >> 8 & 255) || '.' || (a.n & 255) || '.0/24' AS network
          FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM accounts WHERE email LIKE '{voters}') a
         CROSS JOIN (SELECT category_id, array_agg(nomination_id ORDER BY nomination_id) AS nominees
                       FROM round_entries WHERE round_id = '{round_id}' GROUP BY category_id) c""")
    table = "bench_own_sql_p7"
    actors = actor_table(h, table, {"a": "accounts", "b": "bench_p7_ballots"},
                         "bench_p7_ballots b JOIN accounts a ON a.id = b.account_id",
                         "hashtext(b.account_id::text || b.category_id::text)", 2_000_000)
    n = int(h.psql(f"SELECT count(*) FROM {table}"))

    def send(actor, marker):
        token = signed_in(h, actor["a_email"])

        def cast():
            expect(h, "the vote", (201,), "POST", f"/api/v1/rounds/{round_id}/votes",
                   {"nomination_id": actor["b_nomination_id"], "altcha": solve()}, token,
                   headers={"X-Forwarded-For": actor["b_address"]})

        return [cast]

    return prepare(h, "P7", table, actors, n, send, ["vote (POST …/votes)"], in_turn=True)


def attempt(h, key: str, make) -> dict | None:
    """`make()` (p1, p2 or p7 above), or None with the reason in the notes."""
    try:
        return make()
    except Unavailable as e:
        h.log(f"{key}: own SQL baseline unavailable: {e}")
        h.notes.append(f"{key}: the own-SQL baseline is unavailable: {e}")
        h.state[f"{key}_own_sql_error"] = str(e)
        return None


def baselines(h, own: dict | None):
    """The baselines of P1, P2 and P7, one after the other: the one-row insert, then (when it was
    captured) the service's own SQL; as (baseline, warm-up) for Harness.interleaved."""

    def baseline(secs):
        b = h.pgbench(secs)
        if own:
            b["own_sql"] = run(h, own, secs, settled_s=h.settle())
            if b["own_sql"]["rps"] is not None:
                h.log(f"  own SQL: {b['own_sql']['rps']:.1f} requests/s ({b['own_sql']['tps']:.1f} tps) "
                      f"failed {b['own_sql']['errors']}")
        return b

    return baseline, baseline


def run(h, own: dict, secs: float, settled_s: float = 0.0) -> dict:
    try:
        r = h.pgbench(secs, script=own["script"], prepared=True)
    except RuntimeError as e:  # a client aborted (an error in the script): this leg has no figure
        h.log(f"  own SQL: pgbench failed: {e}")
        return {"rps": None, "tps": None, "p50_ms": None, "p99_ms": None, "errors": 1, "error": str(e)[-600:]}
    r["settled_s"] = round(settled_s, 1)
    r["tps"] = r["rps"]
    r["rps"] = r["tps"] * own["requests_per_transaction"]  # requests/s, as the service's are counted
    r["cpu_us"] = cpu.scaled(r.get("cpu_us"), own["requests_per_transaction"])
    return r


def summarise(h, key: str, result: dict, base: list[dict], own: dict | None) -> None:
    """Adds the own-SQL figures (from the baseline legs) to a scenario's result."""
    if own is None:
        result["own_sql"] = {"error": h.state.get(f"{key}_own_sql_error", "not captured")}
        return
    legs = []
    for b in base:
        if "own_sql" in b:
            legs.append(b["own_sql"])
            if b.get("drain_s") is not None:  # the baseline's drain is its own SQL's (the insert queues no mail)
                b["own_sql"]["drain_s"] = b["drain_s"]
    rps = h.median([x["rps"] for x in legs])
    result["own_sql"] = {
        "rps": rps, "tps": h.median([x["tps"] for x in legs]),
        "ratio": result["rps"] / rps if rps else None,
        "p50_ms": h.median([x["p50_ms"] for x in legs]), "p99_ms": h.median([x["p99_ms"] for x in legs]),
        "errors": sum(x.get("errors", 0) for x in legs),
        "requests_per_transaction": own["requests_per_transaction"],
        "statements_per_request": own["statements"], "values": own["values"],
        "reps": [{k: x.get(k) for k in ("rps", "tps", "p50_ms", "p99_ms", "errors", "error", "cpu_us", "settled_s",
                                      "drain_s")
                  if k in x}
                 for x in legs],
        "cpu_us": cpu.medians([x.get("cpu_us") for x in legs], h.median),
        "script": own["text"],
    }
    result["own_sql"]["with_mail"] = with_mail(h, result, legs)
    out = Path(h.args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"own-sql-{key}.pgbench").write_text(own["text"])


def with_mail(h, result: dict, legs: list[dict]) -> dict | None:
    """Each leg's rate with the mail its requests queued counted in: requests ÷ (the leg's
    seconds + the seconds until that mail was delivered after it, `drain_s`). The service's
    sender keeps up with its own legs (its requests hold the web workers, so PostgreSQL has CPU
    left for the sender's statements); while pgbench replays the same statements on 64
    connections the sender gets little of PostgreSQL and most receipts go after the leg, so the
    windowed rate of the replay leaves out work the service's rate includes."""
    secs = h.mode["secs"]
    svc = result.get("reps", {}).get("service", [])
    if not svc or any(s.get("drain_s") is None for s in svc) or any(x.get("drain_s") is None for x in legs):
        return None
    svc_rps = h.median([s["rps"] * secs / (secs + s["drain_s"]) for s in svc])
    own_rps = h.median([x["rps"] * secs / (secs + x["drain_s"]) for x in legs if x.get("rps")])
    return {"service_rps": svc_rps, "own_sql_rps": own_rps, "ratio": svc_rps / own_rps if own_rps else None,
            "service_drain_s": [s["drain_s"] for s in svc], "own_sql_drain_s": [x["drain_s"] for x in legs]}


def shorten(script: str, width: int = 60) -> str:
    """The script for the report: long constants cut to their first `width` characters."""
    return re.sub(r"E'((?:[^']|'')*)'",
                  lambda m: m.group(0) if len(m.group(1)) <= width
                  else f"E'{m.group(1)[:width]}…' /* {len(m.group(1)):,} chars */", script)


def report(key: str, r: dict) -> list[str]:
    """The report's section on a scenario's own SQL."""
    own = r.get("own_sql")
    if not own:
        return []
    if "error" in own:
        return [f"{key} own SQL: unavailable ({own['error']})", ""]
    counts = ", ".join(f"{k}: {v}" for k, v in own["statements_per_request"].items())
    lines = []
    w = own.get("with_mail")
    if w and w.get("ratio") and max(w["own_sql_drain_s"] + w["service_drain_s"]) >= 0.5:
        lines = [f"{key} with the mail each leg's requests queued counted in (requests ÷ the leg's seconds and "
                 f"the seconds until that mail was sent after it: service legs "
                 f"{', '.join(f'{d:g}' for d in w['service_drain_s'])} s, own SQL legs "
                 f"{', '.join(f'{d:g}' for d in w['own_sql_drain_s'])} s): service {w['service_rps']:,.1f} "
                 f"requests/s, its own SQL {w['own_sql_rps']:,.1f}: {w['ratio']:.2f}×.", ""]
    return lines + [f"{key} own SQL ({counts} statements; one pgbench transaction = "
            f"{own['requests_per_transaction']} request(s), run with -M prepared, one statement per round trip: "
            f"{own['tps']:,.1f} transactions/s, p50 {own['p50_ms']:.1f} ms, p99 {own['p99_ms']:.1f} ms per "
            f"transaction; parameters: {', '.join(f'{k} {v}' for k, v in own['values'].items())}):", "",
            "```sql", shorten(own["script"]).rstrip(), "```", ""]

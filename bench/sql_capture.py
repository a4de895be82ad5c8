"""Captures the SQL the service sends for a request, from the bench cluster's own log, and
turns it into a pgbench script (P1, P2 and P7's own-SQL baseline in `make bench`, bench/own_sql.py).

Before a scenario's warm-up, the bench cluster logs every statement (`log_statement = all`: the
extended protocol's `execute <name>: …` lines with their `parameters: $1 = …`, and the simple
protocol's BEGIN and COMMIT) while the bench sends a few requests of the scenario, one at a
time, as two different actors (two nominators, two judges). The statements each request sent
become a pgbench script, one pgbench transaction per request group (P1: a creation and the
submission of the nomination it created; P2: one score save), run with `-M prepared` (the service
prepares its statements too) over the same 64 connections, interleaved with the service. Nothing
about today's statements is written here: whatever the service sends is what pgbench runs.

A parameter keeps its captured value (a literal of the type PostgreSQL infers for it) unless it
differs between the two actors' captures. Then it is, in this order:
  - one of the actor's own values (account, session token hash, assignment, …): looked up by a
    primary-key subquery in a side table of every actor, for an actor drawn at random per
    transaction (so 64 clients do not queue on one account's row lock, as the service's do not),
    or, for what each actor does once (P7: a voter's vote in a category), the next actor in turn;
  - the run's marker the bench put in the request body: a number unique per transaction;
  - a new id the service made (a UUID): a new random UUID per transaction, the same in every
    statement that names it;
  - a timestamp: the captured one;
  - a byte string (a keyed hash of the voter's address): a hash unique per transaction;
  - anything else (a reference number): the part that differs becomes a number unique per
    transaction.
A dry run (2 clients × 3 transactions) checks that the script runs before it is measured; if it
does not, the baseline is reported as unavailable with pgbench's error, and the rest goes on.
Logging is turned off again before the warm-up: logging every statement costs.
"""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import time
from pathlib import Path

BIG = 9223372036854775806  # pgbench's random() range: int64 less one
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d")
STAMP = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d(?::\d\d)?)?")
LINE = re.compile(r"^\S+ \S+ \S+ \[(\d+)\] (\w+):  (.*)$")
LEADING_COMMENT = re.compile(r"^\s*/\*.*?\*/", re.S)
PARAM = re.compile(r"\$(\d+) = (NULL|'(?:[^']|'')*')(?:, |$)", re.S)
TRANSACTION = {"BEGIN", "COMMIT", "ROLLBACK"}
SENTINEL = "\x00"
INTEGERS = {"smallint": 32767, "integer": 2147483647}
CHOSEN_AMONG = 400  # the actors captured are chosen among the side table's first rows


class Unavailable(Exception):
    """The capture or its script did not work out: the baseline is reported missing."""


# ---------------------------------------------------------------------------------------------
# The server's own log


def log_path(h) -> Path:
    return h.pg_dir / "postgres.log"


def set_logging(h, on: bool) -> None:
    h.psql("ALTER SYSTEM SET log_statement = 'all'" if on else "ALTER SYSTEM RESET log_statement")
    h.psql("SELECT pg_reload_conf()")
    time.sleep(0.5)  # every backend reloads before its next command


def statements(h, start: int, end: int) -> list[dict]:
    """Statements logged between two offsets of the log: pid, text and parameters."""
    with open(log_path(h), "rb") as f:
        f.seek(start)
        text = f.read(end - start).decode(errors="replace")
    entries, cur = [], None
    for line in text.split("\n"):
        if line.startswith("\t") and cur is not None:
            cur[2] += "\n" + line[1:]
            continue
        m = LINE.match(line)
        cur = [int(m.group(1)), m.group(2), m.group(3)] if m else None
        if cur:
            entries.append(cur)
    out, last = [], {}
    for pid, level, msg in entries:
        if level == "LOG":
            m = re.match(r"(?:statement|execute [^:]*): (.*)$", msg, re.S)
            if m:
                # the service numbers a prepared statement's values in a leading comment
                # (db::prepared): it means nothing to the statement, and pgbench would take its
                # placeholders for parameters of its own
                sql = LEADING_COMMENT.sub("", m.group(1)).strip().rstrip(";")
                last[pid] = {"pid": pid, "text": sql, "params": {}}
                out.append(last[pid])
        elif level == "DETAIL" and msg.startswith("parameters: ") and pid in last:
            # the parameters of the same backend's last statement (other backends' lines may
            # come between)
            for n, v in PARAM.findall(msg[len("parameters: "):]):
                last[pid]["params"][int(n)] = None if v == "NULL" else v[1:-1].replace("''", "'")
    return out


def window(h, action) -> list[dict]:
    start = log_path(h).stat().st_size
    action()
    time.sleep(0.1)  # the last lines reach the log
    return statements(h, start, log_path(h).stat().st_size)


def background(h) -> tuple[set, set]:
    """What the server sends with no request in flight (the database watcher's SELECT 1, the
    mail sender's polls, the search indexer's passes): the watcher's pids, and the other
    statements' texts."""
    seen = window(h, lambda: time.sleep(2.5))
    by_pid: dict[int, set] = {}
    for s in seen:
        by_pid.setdefault(s["pid"], set()).add(s["text"])
    watcher = {pid for pid, texts in by_pid.items() if texts == {"SELECT 1"}}
    return watcher, {s["text"] for s in seen if s["pid"] not in watcher} - TRANSACTION


# ---------------------------------------------------------------------------------------------
# Capturing request groups


def own_statements(stmts: list[dict], noise: set) -> list[dict]:
    """The request's statements of a window. A pooled connection may serve the request and, in
    the same window, background work (the mail sender's batch, the search indexer's pass), so
    what is left out is that work, not the connection: each connection's statements are cut
    into units (a transaction from BEGIN to its end, or one statement in autocommit), and a unit
    with a background statement in it goes, as does the tail of a transaction begun before the
    window (everything of that connection up to an end without a BEGIN)."""
    units: dict[int, list[list[tuple[int, dict]]]] = {}
    for k, s in enumerate(stmts):
        pid_units = units.setdefault(s["pid"], [])
        word = s["text"].strip().split(" ", 1)[0].upper().rstrip(";")
        open_txn = pid_units and pid_units[-1] and pid_units[-1][0][1].get("open")
        if word in ("BEGIN", "START"):
            pid_units.append([(k, {**s, "open": True})])
        elif word in ("COMMIT", "ROLLBACK", "END"):
            if open_txn:
                pid_units[-1].append((k, s))
                pid_units[-1][0][1]["open"] = False
            else:
                pid_units.clear()  # the tail of a transaction begun before the window
        elif open_txn:
            pid_units[-1].append((k, s))
        else:
            pid_units.append([(k, s)])
    kept = sorted((k, s) for pid_units in units.values() for unit in pid_units
                  if not any(x["text"] in noise for _, x in unit) for k, s in unit)
    return [{key: v for key, v in s.items() if key != "open"} for _, s in kept]


def capture(h, actors: list[dict], send) -> list[list[list[dict]]]:
    """For two actors whose groups of requests sent the same statements: for each, a list of
    requests, each the list of its statements. `send(actor, marker)` runs one group and
    returns the list of its requests as callables run in turn."""
    watcher, noise = background(h)
    groups = []
    for attempt, actor in enumerate(actors):
        marker = f"ownsql{secrets.token_hex(5)}"
        requests = []
        for request in send(actor, marker):
            stmts = [s for s in window(h, request) if s["pid"] not in watcher]
            # what the server sends on its own (the search indexer's pass every second, on a
            # pooled connection) is left out
            requests.append(own_statements(stmts, noise))
            if not requests[-1]:
                seen = "; ".join(f"[{x['pid']}] {x['text'][:70]}" for x in stmts) or "nothing"
                h.log(f"own SQL: a request left no statement of its own; its window saw: {seen}")
        if any(not r for r in requests):
            # a request seen sending nothing was sent on a connection that also did background
            # work in its window (left out whole): no capture of what it costs
            h.log(f"own SQL: a request of group {attempt + 1} left no statement of its own; not kept")
        else:
            groups.append({"actor": actor, "marker": marker, "requests": requests})
        time.sleep(1.2)  # mail queued by the group is sent before the next one starts
        texts = [[[s["text"] for s in r] for r in g["requests"]] for g in groups]
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                if texts[i] == texts[j] and groups[i]["actor"]["i"] != groups[j]["actor"]["i"]:
                    return [groups[i], groups[j]]
        if attempt:
            h.log(f"own SQL: {attempt + 1} groups captured, {len(groups)} kept, no two alike yet")
    raise Unavailable("the captured requests never sent the same statements twice "
                      f"({len(groups)} groups of {len(actors)} attempts)")


def actor_table(h, name: str, tables: dict[str, str], from_sql: str, order_sql: str, limit: int) -> list[dict]:
    """A side table `name` of actors (i = 1..n) with every column of `tables` (alias: table) as
    alias_column; returns six of its rows, each as different from the others as can be (a value
    two captured actors share would be taken for a constant)."""
    cols = []
    for alias, table in tables.items():
        names = h.psql(f"SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                       f"AND table_name = '{table}' ORDER BY ordinal_position").split()
        cols += [f'{alias}."{c}" AS "{alias}_{c}"' for c in names]
    h.psql(f"DROP TABLE IF EXISTS {name}")
    h.psql(f"CREATE TABLE {name} AS SELECT row_number() OVER (ORDER BY {order_sql})::int AS i, {', '.join(cols)} "
           f"FROM {from_sql} ORDER BY {order_sql} LIMIT {limit}")
    h.psql(f"ALTER TABLE {name} ADD PRIMARY KEY (i)")
    h.psql(f"ANALYZE {name}")
    rows = [json.loads(x) for x in h.psql(f"SELECT row_to_json(t) FROM {name} t WHERE i <= {CHOSEN_AMONG} ORDER BY i")
            .splitlines()]
    rows = [{k: text(v) for k, v in r.items()} for r in rows]
    # the actors' identities: the ids and hashes that differ from one actor to another
    ids = [k for k in rows[0] if k != "i" and len({r[k] for r in rows}) > 1
           and all(r[k] is None or UUID.fullmatch(r[k]) or r[k].startswith("\\x") for r in rows)]
    chosen = [rows[0]]
    while len(chosen) < 6 and len(chosen) < len(rows):
        # the next one differs from every one chosen in as many identities as possible
        best = max((r for r in rows if r not in chosen),
                   key=lambda r: min(sum(r[k] != c[k] for k in ids) for c in chosen))
        chosen.append(best)
    return chosen


def text(v) -> str | None:
    """A JSON value as PostgreSQL prints it in the log."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "t" if v else "f"
    if isinstance(v, list):
        return "{" + ",".join(str(x) for x in v) + "}"
    if isinstance(v, dict):
        return json.dumps(v)
    return str(v)


# ---------------------------------------------------------------------------------------------
# The pgbench script


def literal(v: str) -> str:
    """A string constant pgbench passes through as it is: no `:name` for it to substitute."""
    return "E'" + v.replace("\\", "\\\\").replace("'", "''").replace(":", "\\x3a") + "'"


def param_types(h, sql: str) -> list[str] | None:
    """The types PostgreSQL infers for a statement's parameters (None: it cannot say)."""
    try:
        out = h.psql(f"PREPARE bench_own_sql AS {sql}; SELECT array_to_json(parameter_types::text[]) "
                     "FROM pg_prepared_statements WHERE name = 'bench_own_sql'")
        return json.loads(out.strip())
    except (RuntimeError, ValueError):
        return None


class Script:
    """Turns two actors' captures into one pgbench script."""

    def __init__(self, table: str, actors: int, a: dict, b: dict, in_turn: bool = False):
        self.table, self.actors, self.a, self.b = table, actors, a, b
        # in turn: each transaction the next actor (a sequence), for actions an actor takes once
        # (a vote per voter and category); otherwise an actor drawn at random
        self.in_turn = in_turn
        self.vars: list[str] = []   # \set lines
        self.fresh: dict[str, str] = {}  # a captured new uuid -> its expression
        self.made: list[str] = []  # the new uuids, made by one statement first
        self.kinds: dict[str, int] = {}
        # the actor's own values and the marker, longest first (a value inside another one)
        pairs = [(a["actor"][k], b["actor"][k], f"(SELECT \"{k}\" FROM {table} WHERE i = :actor)")
                 for k in a["actor"] if k != "i" and a["actor"][k] and b["actor"][k]
                 and a["actor"][k] != b["actor"][k] and len(a["actor"][k]) >= 6]
        pairs.append((a["marker"], b["marker"], "(:uniq)::text"))
        self.pairs = sorted(pairs, key=lambda p: -len(p[0]))

    def template(self, va: str, vb: str) -> tuple[str, str, list[str]]:
        """Both values with the known varying parts replaced by numbered sentinels."""
        exprs: list[str] = []
        for x, y, expr in self.pairs:
            if x in va and y in vb:
                exprs.append(expr)
                mark = f"{SENTINEL}{len(exprs) - 1}{SENTINEL}"
                va, vb = va.replace(x, mark), vb.replace(y, mark)
        if va != vb:
            ua, ub = UUID.findall(va), UUID.findall(vb)
            if ua and len(ua) == len(ub):
                for x, y in zip(ua, ub):
                    if x == y:
                        continue
                    exprs.append(self.new_uuid(x, y))
                    mark = f"{SENTINEL}{len(exprs) - 1}{SENTINEL}"
                    va, vb = va.replace(x, mark), vb.replace(y, mark)
        return va, vb, exprs

    def new_uuid(self, x: str, y: str) -> str:
        if x not in self.fresh:
            n = len(self.fresh) + 1
            self.vars += [f"\\set f{n}a random(0, {BIG})", f"\\set f{n}b random(0, {BIG})"]
            # time-ordered like the service's ids (UUID v7: the milliseconds first): the search
            # indexer reads the audit entries since its last pass by id, and random ids would
            # all look recent to it forever
            # made once per transaction (one SELECT … \gset), so that a later request of the same
            # transaction (the submission of what the creation made) names the same row
            self.made.append(
                "(lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, '0') || '7' || "
                f"substr(lpad(to_hex(:f{n}a::bigint), 16, '0'), 1, 3) || '8' || "
                f"substr(lpad(to_hex(:f{n}b::bigint), 16, '0'), 1, 15))::uuid AS f{n}")
            self.fresh[x] = self.fresh[y] = f"(:f{n})::uuid"
        return self.fresh[x]

    def value(self, va, vb, typ: str | None) -> str:
        cast = f"::{typ}" if typ else ""
        if va is None or vb is None or va == vb:
            self.kinds["same"] = self.kinds.get("same", 0) + 1
            return "NULL" + cast if va is None else literal(va) + cast
        ta, tb, exprs = self.template(va, vb)
        if ta != tb:
            # timestamps inside a value (a JSON document's) keep the captured ones
            sa, sb = STAMP.findall(ta), STAMP.findall(tb)
            if sa and len(sa) == len(sb):
                for x, y in zip(sa, sb):
                    tb = tb.replace(y, x, 1)
        if ta != tb and (j := self.json_leaves(ta, tb, exprs)) is not None:
            # a JSON document (an audit row, a nomination's columns): its differing strings get
            # a unique suffix each, its structure stays
            ta = tb = j
            self.kinds["unique in JSON"] = self.kinds.get("unique in JSON", 0) + 1
        if ta != tb:
            if TIMESTAMP.match(va) and TIMESTAMP.match(vb):
                self.kinds["timestamp kept"] = self.kinds.get("timestamp kept", 0) + 1
                return literal(va) + cast
            if typ in INTEGERS:
                self.kinds["unique number"] = self.kinds.get("unique number", 0) + 1
                return f"(:uniq::bigint % {INTEGERS[typ]}){cast}"
            if typ == "bytea":
                # a hash the service made of something per request (a vote's keyed hash of the
                # address): a hash of the same length unique per transaction
                self.kinds["unique hash"] = self.kinds.get("unique hash", 0) + 1
                return "sha256(convert_to((:uniq)::text, 'UTF8'))"
            p = 0
            while p < min(len(ta), len(tb)) and ta[p] == tb[p]:
                p += 1
            s = 0
            while s < min(len(ta), len(tb)) - p and ta[-1 - s] == tb[-1 - s]:
                s += 1
            exprs.append("(:uniq)::text")
            ta = ta[:p] + f"{SENTINEL}{len(exprs) - 1}{SENTINEL}" + ta[len(ta) - s:]
            self.kinds["unique part"] = self.kinds.get("unique part", 0) + 1
        elif not exprs:
            self.kinds["timestamp kept"] = self.kinds.get("timestamp kept", 0) + 1
            return literal(va) + cast
        else:
            self.kinds["per actor or new"] = self.kinds.get("per actor or new", 0) + 1
        parts = ta.split(SENTINEL)
        if len(parts) == 3 and parts[0] == parts[2] == "":
            return f"({exprs[int(parts[1])]}){cast}"
        pieces = [literal(x) if k % 2 == 0 else f"({exprs[int(x)]})::text"
                  for k, x in enumerate(parts) if k % 2 == 1 or x]
        return "(" + " || ".join(pieces) + f"){cast}"

    @staticmethod
    def json_leaves(ta: str, tb: str, exprs: list[str]) -> str | None:
        """`ta` with each string leaf that differs from `tb`'s followed by a unique number, or
        None when the two are not JSON documents of one shape."""
        try:
            ja, jb = json.loads(ta, strict=False), json.loads(tb, strict=False)
        except ValueError:
            return None
        if not isinstance(ja, (dict, list)):
            return None

        def walk(x, y):
            if isinstance(x, dict) and isinstance(y, dict) and x.keys() == y.keys():
                return {k: walk(x[k], y[k]) for k in x}
            if isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
                return [walk(p, q) for p, q in zip(x, y)]
            if x == y or not (isinstance(x, str) and isinstance(y, str)) or STAMP.fullmatch(x):
                return x
            exprs.append("(:uniq)::text")
            return x + f"{SENTINEL}{len(exprs) - 1}{SENTINEL}"
        return json.dumps(walk(ja, jb), ensure_ascii=False).replace("\\u0000", SENTINEL)

    def build(self, h, labels: list[str]) -> str:
        body = []
        for label, ra, rb in zip(labels, self.a["requests"], self.b["requests"]):
            body.append(f"-- {label}: {len(ra)} statements")
            for sa, sb in zip(ra, rb):
                sql = sa["text"]
                if sa["params"]:
                    types = param_types(h, sql) or []
                    values = {n: self.value(v, sb["params"].get(n), types[n - 1] if n <= len(types) else None)
                              for n, v in sa["params"].items()}
                    sql = re.sub(r"\$(\d+)\b", lambda m: values.get(int(m.group(1)), m.group(0)), sql)
                body.append(sql + ";")
        head = ["-- the service's own SQL, captured from the server's log (bench/own_sql.py)"]
        picks = list(self.made)
        if self.in_turn:
            picks.insert(0, f"(nextval('{self.table}_turn') - 1) % {self.actors} + 1 AS actor")
        else:
            head.append(f"\\set actor random(1, {self.actors})")
        head.append(f"\\set uniq random(0, {BIG})")
        made = [f"SELECT {', '.join(picks)} \\gset"] if picks else []
        return "\n".join(head + self.vars + made + body) + "\n"


def prepare(h, key: str, table: str, actors: list[dict], n_actors: int, send, labels: list[str],
            in_turn: bool = False) -> dict:
    """Captures `send`'s requests as two actors and writes the pgbench script; returns what the
    report shows of it (or raises Unavailable). `in_turn`: see Script."""
    set_logging(h, True)
    try:
        a, b = capture(h, actors, send)
    finally:
        set_logging(h, False)
    if in_turn:
        # past the actors the capture may have used (actor_table's first CHOSEN_AMONG)
        h.psql(f"DROP SEQUENCE IF EXISTS {table}_turn")
        h.psql(f"CREATE SEQUENCE {table}_turn START {CHOSEN_AMONG + 1}")
    script = Script(table, n_actors, a, b, in_turn)
    text_ = script.build(h, labels)
    path = h.tmp / f"own-sql-{key}.pgbench"
    path.write_text(text_)
    audited = int(h.psql("SELECT count(*) FROM audit_log"))
    out = subprocess.run([str(Path(h.pg_bin, "pgbench")), "-n", "-M", "prepared", "-h", "127.0.0.1", "-p",
                          str(h.pg_port), "-U", "postgres", "-c", "2", "-j", "1", "-t", "3", "-f", str(path), h.db],
                         capture_output=True, text=True)
    failed = re.search(r"number of failed transactions: (\d+)", out.stdout)
    if out.returncode != 0 or (failed and int(failed.group(1))):
        why = [x for x in out.stderr.splitlines() if "ERROR" in x or "DETAIL" in x] or out.stderr.splitlines()[-3:]
        raise Unavailable(f"the generated script does not run ({path.name}): {' '.join(why)[:600]}")
    # every captured request wrote its audit row: so must every replayed one (2 clients × 3
    # transactions), or the replay does less than the service (a write that matched no row)
    wrote = int(h.psql("SELECT count(*) FROM audit_log")) - audited
    if wrote < 2 * 3 * len(labels):
        raise Unavailable(f"the generated script writes less than the service ({path.name}): "
                          f"{wrote} audit rows for {2 * 3 * len(labels)} requests")
    counts = [len(r) for r in a["requests"]]
    h.log(f"{key}: own SQL captured: {', '.join(f'{lab} {c}' for lab, c in zip(labels, counts))} statements")
    return {"script": path, "requests_per_transaction": len(counts),
            "statements": dict(zip(labels, counts)), "values": script.kinds, "text": text_}

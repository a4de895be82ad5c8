#!/usr/bin/env python3
"""`make bench` / `make bench-smoke`: the deadline-night rush, measured against this machine's
own limits in the same run.

Starts a private PostgreSQL cluster (stock durability: fsync and synchronous_commit on) and the
release server, prepares the data (accounts and sessions are made up front, in SQL, so argon2 is
not part of the write scenarios), then runs each scenario with wrk (Lua scripts in bench/lua)
beside its baseline, interleaved repetition by repetition, and reports medians:

  P1 nomination rush   create + submit            vs pgbench: a one-row ~1 KB insert, and
                                                     pgbench running the service's own SQL
                                                     for the same requests (bench/own_sql.py)
  P2 scoring           judges PUT score sheets    vs the same two pgbench baselines
  P3 public winners    GET …/winners (published)  vs the server's own /healthz, and nginx
                                                     serving the same bytes (bench/static.py)
  P4 login storm       POST /auth/login           vs raw argon2id checks/s on as many threads
                                                     as the server hashes on (HASH_THREADS)
                       (+ P3's p99 from a paced probe while the storm runs vs without it)
  P5 results           POST /rounds/{id}/close    vs the same job as one SQL statement (psql)
  P6 memory            the server's peak RSS during P1 and P4 (and, for reference, at rest)
  P7 vote rush         POST /rounds/{id}/votes    vs the same pgbench insert, and its own SQL (bench/vote.py)
  P8 tally             close a vote of 2,000,000  vs the same count as one SQL statement (psql)
  P9 search            GET …/nominations?q= at    vs the previous code's statements (psql), with and
                       10,000 and 100,000            without the trigram index; + pgbench inserts with
                       nominations (bench/search.py) and without it

Writes target/bench/report.json and target/bench/report.md and prints the table. Only
standard-library Python; every process it starts is stopped by its PID on exit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import glob
import gzip
import json
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import cpu
import own_sql
import static
import search
import vote

ROOT = Path(__file__).resolve().parent.parent
LUA = ROOT / "bench" / "lua"
SQL = ROOT / "bench" / "sql"
PASSWORD = "violet anchors drift past midnight"
ORGANIZER = "organizer@bench.example"

MODES = {
    # warm-up and measured seconds, repetitions, data sizes. P7's voters vote once per category
    # (18 each), and a leg must not run out of them: a second vote is refused (409), and counts
    # as an error (smoke: 3 s at up to ~3,600 votes/s)
    "full": dict(warmup=5, secs=15, reps=3, nominators=10_000, p2_nominations=20_000, p2_judges=60,
                 p5_nominations=100_000, p5_judges=300, argon2_secs=10, probe_secs=15, login_accounts=2_000,
                 p7_voters=6_000, p8_votes=2_000_000, p9_sizes=(10_000, 100_000), p9_secs=10),
    "smoke": dict(warmup=1, secs=3, reps=1, nominators=1_000, p2_nominations=2_000, p2_judges=20,
                  p5_nominations=5_000, p5_judges=30, argon2_secs=2, probe_secs=3, login_accounts=200,
                  p7_voters=1_000, p8_votes=100_000, p9_sizes=(1_000, 5_000), p9_secs=2),
}
CONNECTIONS = 64
# what a browser sends: a server that compresses may use it (P3 and its baseline alike)
BROWSER_HEADERS = ("Accept-Encoding: gzip, deflate, br", "Accept: application/json")
PROBE_CONNECTIONS = 4
PROBE_PACE_MS = 10
CRITERIA = [
    {"key": "impact", "label": "Results achieved and impact generated", "weight": 2.0, "min": 0.0, "max": 10.0},
    {"key": "sustainability", "label": "Sustainability", "weight": 1.0, "min": 0.0, "max": 10.0},
    {"key": "replication", "label": "Potential for replication", "weight": 1.0, "min": 0.0, "max": 10.0},
    {"key": "partnerships", "label": "Development of partnerships", "weight": 1.0, "min": 0.0, "max": 10.0},
    {"key": "relevance", "label": "Relevance to the chosen action line", "weight": 1.0, "min": 0.0, "max": 10.0},
]
SCALE = (sum(c["weight"] * c["min"] for c in CRITERIA), sum(c["weight"] * c["max"] for c in CRITERIA))
ADVANCE = 5
# summaries of generated nominations are 160 words drawn from this, so they compress like prose
VOCABULARY = (
    "the project provides mobile health clinics and digital services to rural communities across "
    "the region with partners from government civil society and academia it trains local health "
    "workers in data collection connects clinics to national records improves access to care for "
    "women and children reduces travel time and cost supports sustainable development goals three "
    "five and ten uses open source software solar power and low bandwidth networks reached forty "
    "thousand people in two years plans replication in three neighbouring countries measured "
    "impact through surveys and independent evaluation promotes inclusion accessibility "
    "multilingual content capacity building e-government e-learning cybersecurity ethics "
    "media cultural diversity infrastructure enabling environment international cooperation"
)
YEARS = {"P1": 2095, "P2": 2096, "P5": 2097, "P7": 2098, "P8": 2099, "P9": 2094}


def log(msg: str) -> None:
    print(f"== {msg}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


# ---------------------------------------------------------------------------------------------
# The machine


def cpu_times():
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields[:8]), idle


def cpu_busy(seconds: float = 3.0) -> float:
    t0, i0 = cpu_times()
    time.sleep(seconds)
    t1, i1 = cpu_times()
    return 0.0 if t1 == t0 else 1.0 - (i1 - i0) / (t1 - t0)


def machine() -> dict:
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    return {
        "cores": os.cpu_count(),
        "cpu": model,
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "kernel": os.uname().release,
    }


def tool_version(cmd) -> str:
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
        return (out.stdout + out.stderr).strip().splitlines()[0]
    except Exception:  # noqa: BLE001 - informational only
        return "?"


# ---------------------------------------------------------------------------------------------
# Processes


class Harness:
    # for the scenarios in other modules (bench/vote.py)
    log = staticmethod(log)
    median = staticmethod(median)
    free_port = staticmethod(free_port)
    organizer = ORGANIZER

    def __init__(self, args):
        self.args = args
        self.mode = MODES[args.mode]
        self.cores = os.cpu_count() or 1
        self.tmp = Path(tempfile.mkdtemp(prefix="wsis-bench."))
        self.pg_dir = self.tmp / "pg"
        self.pg_port = free_port()
        self.db = "wsis_bench"
        self.db_url = f"postgres://postgres@127.0.0.1:{self.pg_port}/{self.db}"
        self.server = None
        self.server_log = None
        self.pg_started = False
        self.children: list[subprocess.Popen] = []
        self.web_port = free_port()
        self.base = f"http://127.0.0.1:{self.web_port}"
        self.nonce = secrets.token_hex(4)
        self.pg_bin = self.find_pg_bin()
        self.cookie = None
        self.results: dict[str, dict] = {}
        self.notes: list[str] = []
        self.state: dict = {}
        self.hash_threads = self.cores  # read from the server's log once it runs

    # --- lifecycle ---------------------------------------------------------------------------

    @staticmethod
    def find_pg_bin() -> str:
        if os.environ.get("PG_BIN") and Path(os.environ["PG_BIN"], "pgbench").exists():
            return os.environ["PG_BIN"]
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pgbench"),
                       key=lambda p: [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", p)])
        if not found:
            sys.exit("pgbench not found (install PostgreSQL: scripts/deps bench)")
        return str(Path(found[-1]).parent)

    def start_db(self) -> None:
        log(f"private PostgreSQL (stock durability) on port {self.pg_port}")
        subprocess.run([str(ROOT / "scripts" / "db"), "start", str(self.pg_dir), str(self.pg_port)], check=True)
        self.pg_started = True
        self.psql(f"CREATE DATABASE {self.db}", db="postgres")
        settings = self.psql("SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings "
                             "WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', "
                             "'max_connections', 'server_version')")
        self.state["postgres"] = settings.strip()
        log(f"PostgreSQL: {settings.strip()}")

    def start_server(self) -> None:
        env = dict(os.environ)
        env.update({
            "DATABASE_URL": self.db_url,
            "BIND": f"127.0.0.1:{self.web_port}",
            # the storm signs in thousands of times from one address: raise the throttles
            "LOGIN_MAX_FAILURES_PER_ACCOUNT": "1000000",
            "LOGIN_MAX_FAILURES_PER_ADDRESS": "1000000",
            # nominators are many; the per-nominator limit is still checked on every creation
            "MAX_NOMINATIONS_PER_NOMINATOR": "1000",
            # P7: the client address comes from X-Forwarded-For (a proxy in front, as in
            # production), the proofs of work are made by the benchmark with the server's key
            "TRUSTED_PROXIES": "127.0.0.1",
            "VOTE_LIMIT_PER_NETWORK_PER_HOUR": "1000000",
            "ALTCHA_HMAC_KEY": vote.ALTCHA_KEY,
            "ALTCHA_MAX_NUMBER": str(vote.ALTCHA_MAX_NUMBER),
            "RUST_LOG": os.environ.get("BENCH_RUST_LOG", os.environ.get("RUST_LOG", "info")),
            # the receipts the rush sends, written as files in this run's own directory (under
            # the developer's .data/mail they piled up run after run: 635,000 files in one
            # directory, each new one slower to create)
            "MAIL_DIR": str(self.tmp / "mail"),
        })
        for key in ("DB_POOL_SIZE", "WORKERS", "HASH_THREADS"):
            if os.environ.get(f"BENCH_{key}"):
                env[key] = os.environ[f"BENCH_{key}"]
        self.server_log = open(self.tmp / "server.log", "wb")
        self.server = subprocess.Popen([self.args.bin, "serve"], env=env, stdout=self.server_log,
                                       stderr=subprocess.STDOUT)
        for _ in range(300):
            try:
                with urllib.request.urlopen(self.base + "/readyz", timeout=1) as r:
                    if r.status == 200:
                        break
            except Exception:  # noqa: BLE001 - not up yet
                pass
            if self.server.poll() is not None:
                raise RuntimeError(f"the server exited: {self.tail_log()}")
            time.sleep(0.1)
        else:
            raise RuntimeError("the server did not become ready")
        found = re.search(r"hash_threads=(\d+)", self.tail_log(200))
        self.hash_threads = int(found.group(1)) if found else self.cores
        # what the server holds before its first request but the readiness checks (P6)
        self.state["rest_rss_mb"] = round(RssMonitor.field(self.server.pid, "VmRSS") / 1024, 1)
        log(f"server pid {self.server.pid} on {self.base} (RUST_LOG={env['RUST_LOG']}; "
            f"hashing threads: {self.hash_threads}; {self.state['rest_rss_mb']:g} MB resident)")

    def tail_log(self, n: int = 30) -> str:
        try:
            return "\n".join((self.tmp / "server.log").read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def cleanup(self) -> None:
        for p in self.children:
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(5)
                except subprocess.TimeoutExpired:
                    p.kill()
        if self.server and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(10)
            except subprocess.TimeoutExpired:
                self.server.kill()
        if self.server_log:
            self.server_log.close()
        if self.pg_started:
            subprocess.run([str(ROOT / "scripts" / "db"), "stop", str(self.pg_dir)], check=False)
        if not self.args.keep_tmp:
            subprocess.run(["rm", "-rf", str(self.tmp)], check=False)
        else:
            log(f"kept {self.tmp}")

    # --- database and HTTP helpers -----------------------------------------------------------

    def psql(self, sql: str, db: str | None = None, sep: str = "|") -> str:
        out = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres", "-d", db or self.db,
             "-v", "ON_ERROR_STOP=1", "-Atq", "-F", sep, "-c", sql],
            capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(f"psql failed: {out.stderr.strip()}\n{sql[:500]}")
        return out.stdout

    def psql_file(self, text: str) -> str:
        path = self.tmp / "query.sql"
        path.write_text(text)
        out = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres", "-d", self.db,
             "-v", "ON_ERROR_STOP=1", "-Atq", "-f", str(path)], capture_output=True, text=True)
        if out.returncode != 0:
            raise RuntimeError(f"psql failed: {out.stderr.strip()}")
        return out.stdout

    def http(self, method: str, path: str, body=None, cookie: str | None = None, timeout: float = 600,
             headers: dict | None = None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=headers or {})
        req.add_header("Origin", self.base)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if cookie or self.cookie:
            req.add_header("Cookie", f"wsis_session={cookie or self.cookie}")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                raw = r.read()
                return r.status, (json.loads(raw) if raw else None), r.headers
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = raw.decode(errors="replace")
            return e.code, parsed, e.headers

    def api(self, method: str, path: str, body=None, expect=(200, 201)):
        status, parsed, headers = self.http(method, path, body)
        if status not in expect:
            raise RuntimeError(f"{method} {path}: {status} {parsed}")
        return parsed

    def timed_sql(self, text: str) -> float:
        """Seconds psql's `\\timing` gives for the last statement of `text`."""
        out = self.psql_file("\\timing on\n" + text)
        return [float(x) for x in re.findall(r"Time: ([\d.]+) ms", out)][-1] / 1000

    def reclose(self, round_id: str) -> float:
        """Opens a closed round again behind the service's back and times its close (API)."""
        self.psql(f"UPDATE rounds SET status = 'open', closed_at = NULL WHERE id = '{round_id}'")
        t = time.perf_counter()
        self.api("POST", f"/api/v1/rounds/{round_id}/close")
        return time.perf_counter() - t

    def settle(self, limit_s: float = 600) -> float:
        """Waits until the mail sender has delivered every due message the scenarios before left
        behind (P1's receipts, from both its legs), then vacuums and checkpoints, so each leg
        starts on a quiet machine with none of the work the legs before it left; returns the
        seconds waited for the mail.

        The vacuum: autovacuum wakes once a minute, about one repetition's length (service,
        insert, own SQL), so it came to land in the same leg of every repetition, the service's,
        vacuuming there what the own-SQL replay before it had written (P1's third service leg
        was the slowest in 14 of 15 runs, its PostgreSQL CPU per request about a quarter higher)."""
        t = time.perf_counter()
        while time.perf_counter() - t < limit_s:
            due = int(self.psql("SELECT count(*) FROM outbox WHERE status = 'queued' "
                                "AND not_before <= now() AND next_attempt_at <= now()") or 0)
            if due == 0:
                break
            time.sleep(0.1)
        waited = time.perf_counter() - t
        self.maintenance()
        return waited

    def maintenance(self) -> None:
        """Statistics and a checkpoint after bulk loading (and between legs, see `settle`), so a
        scenario does not pay for them."""
        self.psql("VACUUM ANALYZE")
        self.psql("CHECKPOINT")

    # --- load tools --------------------------------------------------------------------------

    def wrk(self, script: str, path: str, secs: float, args=(), connections: int = CONNECTIONS,
            threads: int | None = None, env: dict | None = None, background: bool = False,
            headers=(), base: str | None = None, server_pid: int | None = None):
        """A wrk leg against the service (or, with `base` and `server_pid`, another server whose
        CPU the leg's split counts instead)."""
        cmd = ["wrk", "-t", str(threads or self.cores), "-c", str(connections), "-d", f"{secs:g}s",
               "--timeout", "60s", "--latency", "-s", script]
        for h in headers:
            cmd += ["-H", h]
        cmd.append((base or self.base) + path)
        if args:
            cmd += ["--", *[str(a) for a in args]]
        full_env = dict(os.environ)
        full_env.update(env or {})
        split = None if background else self.cpu_split(server_pid)  # a background load is not a leg
        proc = subprocess.Popen(cmd, cwd=LUA, env=full_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        self.children.append(proc)
        if background:
            return proc
        return self.wrk_result(proc, split)

    def cpu_split(self, server_pid: int | None = None) -> cpu.Split:
        return cpu.Split(server_pid or (self.server.pid if self.server else None), self.pg_dir)

    def wrk_result(self, proc, split: cpu.Split | None = None) -> dict:
        out, err = proc.communicate()
        if split:
            split.stop()
        self.children.remove(proc)
        line = next((x for x in out.splitlines() if x.startswith("WRKJSON ")), None)
        if proc.returncode != 0 or line is None:
            raise RuntimeError(f"wrk failed ({proc.returncode}): {err.strip()}\n{out[-2000:]}")
        r = json.loads(line[len("WRKJSON "):])
        secs = r["duration_us"] / 1e6
        errors = r["errors"]
        bad = sum(v for k, v in r["codes"].items() if not k.startswith("2"))
        return {
            "requests": r["requests"],
            "rps": r["requests"] / secs if secs else 0.0,
            "p50_ms": r["p50_us"] / 1000, "p90_ms": r["p90_us"] / 1000, "p99_ms": r["p99_us"] / 1000,
            "mean_ms": r["mean_us"] / 1000, "max_ms": r["max_us"] / 1000,
            "codes": r["codes"],
            "errors": errors["connect"] + errors["read"] + errors["write"] + errors["timeout"]
            + max(errors["status"], bad),
            # which kind, when any: a socket error (connect, read, write), a request slower than
            # wrk's timeout, or an answer that was not 2xx
            "error_kinds": {k: v for k, v in errors.items() if v},
            "bytes_per_request": r["bytes"] / r["requests"] if r["requests"] else 0,
            "cpu_us": split.done(r["requests"]) if split else None,
        }

    def pgbench(self, secs: float, script: Path | None = None, prepared: bool = False) -> dict:
        """The one-row insert (bench/sql/insert.pgbench), or `script` (bench/own_sql.py's)."""
        prefix = self.tmp / f"pgb{secs:g}-{time.monotonic_ns()}"
        cmd = [str(Path(self.pg_bin, "pgbench")), "-n", "-h", "127.0.0.1", "-p", str(self.pg_port), "-U",
               "postgres", "-c", str(CONNECTIONS), "-j", str(self.cores), "-T", f"{max(1, round(secs))}",
               "-M", "prepared" if prepared else "simple",
               "-f", str(script or SQL / "insert.pgbench"), "-l", "--log-prefix", str(prefix), self.db]
        split = self.cpu_split()
        out = subprocess.run(cmd, capture_output=True, text=True, cwd=self.tmp)
        if out.returncode != 0:
            raise RuntimeError(f"pgbench failed: {out.stderr.strip()}")
        split.stop(backends_gone=True)
        m = re.search(r"tps = ([\d.]+) \(without initial connection time\)", out.stdout)
        failed = re.search(r"number of failed transactions: (\d+)", out.stdout)
        lat = []
        for f in glob.glob(f"{prefix}*"):
            with open(f) as fh:
                for line in fh:
                    parts = line.split()
                    if len(parts) >= 3:
                        lat.append(int(parts[2]))
            os.unlink(f)
        lat.sort()
        # Leave nothing behind for the service's next repetition: no table to vacuum, no dirty
        # buffers, no pending checkpoint from ~1 GB of baseline inserts. (The own SQL's rows stay,
        # as the service's do.)
        if script is None:
            self.psql("TRUNCATE bench_insert")
        self.psql("CHECKPOINT")

        def pct(p):
            return lat[min(len(lat) - 1, int(len(lat) * p / 100))] / 1000 if lat else None

        return {"rps": float(m.group(1)) if m else 0.0, "p50_ms": pct(50), "p99_ms": pct(99),
                "requests": len(lat), "errors": int(failed.group(1)) if failed else 0,
                "cpu_us": split.done(len(lat))}

    def argon2_rate(self, secs: float, threads: int | None = None) -> dict:
        """Raw argon2id checks/s on `threads` threads (default: as many as the server hashes on)."""
        threads = threads or self.hash_threads
        out = subprocess.run([self.args.argon2, "--secs", str(secs), "--threads", str(threads)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        return {"rps": r["per_sec"], "hashes": r["hashes"], "params": r["params"], "threads": r["threads"]}

    # --- profiling (--perf) --------------------------------------------------------------------

    def perf_start(self, name: str):
        """With --perf: a system-wide `perf record -g` while the first repetition runs."""
        if not self.args.perf:
            return None
        key = name.split()[0]
        data = self.tmp / f"perf-{key}.data"
        proc = subprocess.Popen(["perf", "record", "-q", "-g", "-a", "-o", str(data)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.children.append(proc)
        return key, data, proc

    def perf_stop(self, perf) -> None:
        if perf is None:
            return
        key, data, proc = perf
        proc.send_signal(signal.SIGINT)
        proc.wait(60)
        self.children.remove(proc)
        out = Path(self.args.out)
        out.mkdir(parents=True, exist_ok=True)
        with open(out / f"perf-{key}.txt", "w") as f:
            for extra in (["--sort", "comm"], ["--no-children", "--sort", "comm,dso,sym"]):
                f.write(f"### perf report {' '.join(extra)}\n")
                f.flush()
                subprocess.run(["perf", "report", "-i", str(data), "--stdio", "-g", "none", "--percent-limit", "0.5",
                                *extra], stdout=f, stderr=subprocess.DEVNULL)
        log(f"{key}: profile in {out / f'perf-{key}.txt'}")

    # --- memory ------------------------------------------------------------------------------

    def memory_monitor(self):
        return RssMonitor(self.server.pid)

    # --- data --------------------------------------------------------------------------------

    def prepare_base(self) -> None:
        log("migrate, organiser, nominators and their sessions")
        env = dict(os.environ, DATABASE_URL=self.db_url, RUST_LOG="warn")
        subprocess.run([self.args.bin, "migrate"], env=env, check=True, stdout=subprocess.DEVNULL)
        subprocess.run([self.args.bin, "create-organizer", "--email", ORGANIZER, "--name", "Bench Organiser",
                        "--password-stdin"], env=env, input=PASSWORD + "\n", text=True, check=True,
                       stdout=subprocess.DEVNULL)
        self.start_server()
        status, _, headers = self.http("POST", "/api/v1/auth/login", {"email": ORGANIZER, "password": PASSWORD})
        if status != 200:
            raise RuntimeError(f"organiser login: {status}")
        self.cookie = re.search(r"wsis_session=([^;]+)", headers.get("Set-Cookie", "")).group(1)
        n = self.mode["nominators"]
        # Same password (and hash) as the organiser: the hash was made by the service itself.
        self.psql(f"""
            INSERT INTO accounts (id, email, display_name, organization, password_hash, roles)
            SELECT gen_random_uuid(), 'nominator-' || i || '@nom' || i || '.example', 'Nominator ' || i,
                   'Nominator organisation ' || i,
                   (SELECT password_hash FROM accounts WHERE email = '{ORGANIZER}'), ARRAY['nominator']
            FROM generate_series(1, {n}) i""")
        self.make_sessions("nominator-%")
        lines = self.psql(f"""
            SELECT substring(email from 'nominator-([0-9]+)@'), {self.token_sql('email')}
            FROM accounts WHERE email LIKE 'nominator-%' ORDER BY 1::int""", sep=" ")
        (self.tmp / "nominators.txt").write_text(lines)
        emails = self.psql(f"SELECT email FROM accounts WHERE email LIKE 'nominator-%' "
                           f"ORDER BY substring(email from 'nominator-([0-9]+)@')::int "
                           f"LIMIT {self.mode['login_accounts']}")
        (self.tmp / "logins.txt").write_text(emails)
        self.psql_file((SQL / "insert_table.sql").read_text())

    def token_sql(self, email_expr: str) -> str:
        return f"encode(sha256(convert_to('{self.nonce}:' || {email_expr}, 'UTF8')), 'hex')"

    def make_sessions(self, email_like: str) -> None:
        """Live sessions, last seen within the past minute (spread, so the once-a-minute refresh of
        `last_seen_at` runs at its steady rate from the first request on)."""
        self.psql(f"""
            INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at)
            SELECT sha256(convert_to({self.token_sql('email')}, 'UTF8')), id, now(),
                   now() - random() * interval '60 seconds', now() + interval '7 days'
            FROM accounts WHERE email LIKE '{email_like}'""")

    def create_edition(self, key: str, opens_days: int, deadline_days: int) -> dict:
        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        year = YEARS[key]
        return self.api("POST", "/api/v1/editions", {
            "year": year, "name": f"WSIS Prizes {year} (benchmark)", "timezone": "Europe/Zurich",
            "submission_opens_at": (now + dt.timedelta(days=opens_days)).isoformat(),
            "submission_deadline": (now + dt.timedelta(days=deadline_days)).isoformat(),
        })

    def judged_edition(self, key: str, nominations: int, judges: int) -> dict:
        """An edition whose call has closed, with `nominations` submitted nominations (SQL) and an
        open first round (API: create, panel, open with the automatic assignment)."""
        year = YEARS[key]
        log(f"{key}: edition {year} with {nominations:,} submitted nominations and {judges} judges")
        edition = self.create_edition(key, 1, 30)
        ed = edition["id"]
        t0 = time.perf_counter()
        self.psql(f"""
            WITH cats AS (SELECT array_agg(id ORDER BY number) AS ids FROM categories WHERE edition_id = '{ed}'),
                 owners AS (SELECT array_agg(id ORDER BY id) AS ids FROM accounts WHERE email LIKE 'nominator-%'),
                 vocab AS (SELECT regexp_split_to_array('{VOCABULARY}', ' ') AS w),
                 texts AS (SELECT array_agg(t) AS summaries FROM (
                     SELECT string_agg(vocab.w[1 + abs(hashtext(j || ':' || k)) % array_length(vocab.w, 1)], ' ') AS t
                     FROM vocab, generate_series(1, 997) j, generate_series(1, 160) k GROUP BY j) x)
            INSERT INTO nominations (id, edition_id, owner_id, reference, status, category_id, related_action_lines,
                title, summary, description, impact, partnerships, challenges, organization, stakeholder_type,
                country, sdgs, website, project_start, project_status, contact_name, contact_email, version,
                submitted_at, created_at, updated_at)
            SELECT gen_random_uuid(), '{ed}', owners.ids[1 + i % array_length(owners.ids, 1)],
                   'WSIS{year}-' || lpad(i::text, 6, '0'), 'submitted',
                   cats.ids[1 + i % array_length(cats.ids, 1)], ARRAY['C3'],
                   'Project ' || i || ': mobile clinics for rural communities',
                   texts.summaries[1 + i % array_length(texts.summaries, 1)],
                   'Goals, timeframe, added value and results of the project.',
                   'Forty thousand consultations a year.', 'Ministry of Health', 'Connectivity.',
                   'Organisation ' || i, 'civil_society', 'KE', ARRAY[3, 10],
                   'https://project' || i || '.example.org', DATE '2019-03-01', 'running',
                   'Contact ' || i, 'contact@project' || i || '.example.org', 2, now(), now(), now()
            FROM generate_series(1, {nominations}) i, cats, owners, texts""")
        prefix = f"{key.lower()}-judge-"
        self.psql(f"""
            INSERT INTO accounts (id, email, display_name, organization, password_hash, roles)
            SELECT gen_random_uuid(), '{prefix}' || i || '@jury' || i || '.example', 'Judge ' || i,
                   'Jury organisation {key} ' || i,
                   (SELECT password_hash FROM accounts WHERE email = '{ORGANIZER}'), ARRAY['judge']
            FROM generate_series(1, {judges}) i""")
        self.make_sessions(prefix + "%")
        # the call closed yesterday (the server's clock rules deadlines)
        self.psql(f"""UPDATE editions SET submission_opens_at = now() - interval '60 days',
                      submission_deadline = now() - interval '1 day', deadline_extended_to = NULL
                      WHERE id = '{ed}'""")
        loaded = time.perf_counter() - t0
        rnd = self.api("POST", f"/api/v1/editions/{year}/rounds", {
            "name": "Expert Group review", "criteria": CRITERIA, "judges_per_nomination": 3,
            "advance_per_category": ADVANCE, "seed": 2026})
        ids = self.psql(f"SELECT id FROM accounts WHERE email LIKE '{prefix}%' ORDER BY email").split()
        self.api("PUT", f"/api/v1/rounds/{rnd['id']}/panel", {"judges": [{"account_id": i} for i in ids]})
        t1 = time.perf_counter()
        opened = self.api("POST", f"/api/v1/rounds/{rnd['id']}/open")
        open_secs = time.perf_counter() - t1
        self.psql("ANALYZE")  # fresh statistics for the bulk statements that follow
        assignments = int(self.psql(f"SELECT count(*) FROM assignments WHERE round_id = '{rnd['id']}'"))
        log(f"{key}: loaded in {loaded:.1f} s; round opened in {open_secs:.2f} s with {assignments:,} assignments")
        if opened["assignment_report"]:
            log(f"{key}: assignment report: {opened['assignment_report']}")
        return {"edition": ed, "year": year, "round": rnd["id"], "open_secs": open_secs,
                "assignments": assignments, "judge_prefix": prefix}

    # --- scenarios ---------------------------------------------------------------------------

    def interleaved(self, name: str, service, baseline, warm_service=None, warm_baseline=None) -> tuple:
        if isinstance(baseline, tuple):  # (baseline, its warm-up)
            baseline, warm_baseline = baseline
        m = self.mode
        log(f"{name}: warm-up {m['warmup']} s")
        (warm_service or service)(m["warmup"])
        if warm_baseline is not None:
            warm_baseline(m["warmup"])
        svc, base = [], []
        for rep in range(m["reps"]):
            # each leg starts once the mail the legs before it queued is delivered: a backlog
            # would slow the next leg, whichever it is, with work it did not cause. That wait is
            # also the leg before's drain: how long the mail its requests queued took to go after
            # it (see own_sql.with_mail)
            waited = self.settle()
            if base:
                base[-1]["drain_s"] = round(waited, 2)
            perf = self.perf_start(name) if rep == 0 else None
            s = service(m["secs"])
            self.perf_stop(perf)
            s["settled_s"] = round(waited, 1)
            waited = self.settle()
            s["drain_s"] = round(waited, 2)
            b = baseline(m["secs"])
            b["settled_s"] = round(waited, 1)
            log(f"{name} #{rep + 1}: service {s['rps']:.1f}/s p50 {fmt_ms(s.get('p50_ms'))} "
                f"p99 {fmt_ms(s.get('p99_ms'))} errors {s.get('errors', 0)}{kinds(s)} | baseline {b['rps']:.1f}/s "
                f"(mail delivered first: {s['settled_s']:g} s, {b['settled_s']:g} s)")
            svc.append(s)
            base.append(b)
        base[-1]["drain_s"] = round(self.settle(), 2)
        return svc, base

    def p1(self) -> None:
        edition = self.create_edition("P1", -1, 30)
        year = edition["year"]
        cats = ",".join(c["code"] for c in self.api("GET", f"/api/v1/editions/{year}/categories"))
        own = own_sql.attempt(self, "P1", lambda: own_sql.p1(self, year, cats.split(",")[0]))
        self.maintenance()
        run = [0]

        def service(secs):
            run[0] += 1
            return self.wrk("nominate.lua", "/", secs, [self.tmp / "nominators.txt", self.cores, year, self.base,
                                                        cats, f"{self.nonce}r{run[0]}"])

        mon = self.memory_monitor()
        svc, base = self.interleaved("P1 nomination rush", service, own_sql.baselines(self, own))
        peak = mon.stop()
        counts = self.psql(f"SELECT status, count(*) FROM nominations n JOIN editions e ON e.id = n.edition_id "
                           f"WHERE e.year = {year} GROUP BY status ORDER BY status").split()
        self.results["P1"] = self.summarise(svc, base, "pgbench 1-row ~1 KB insert, 64 conns", "tps")
        self.results["P1"]["nominations"] = counts
        own_sql.summarise(self, "P1", self.results["P1"], base, own)
        self.state["p1_rss"] = peak

    def p2(self) -> None:
        j = self.judged_edition("P2", self.mode["p2_nominations"], self.mode["p2_judges"])
        self.state["p2"] = j
        lines = self.psql(f"""
            SELECT {self.token_sql('a.email')}, s.round_id, s.nomination_id
            FROM assignments s JOIN accounts a ON a.id = s.judge_id
            WHERE s.round_id = '{j['round']}' ORDER BY s.nomination_id, s.judge_id""", sep=" ")
        (self.tmp / "assignments.txt").write_text(lines)
        sheet = {c["key"]: 7 for c in CRITERIA}
        own = own_sql.attempt(self, "P2", lambda: own_sql.p2(self, j["round"], sheet))
        self.maintenance()

        def service(secs):
            return self.wrk("score.lua", "/", secs, [self.tmp / "assignments.txt", self.cores, self.base])

        svc, base = self.interleaved("P2 scoring", service, own_sql.baselines(self, own))
        self.results["P2"] = self.summarise(svc, base, "pgbench 1-row ~1 KB insert, 64 conns", "tps")
        own_sql.summarise(self, "P2", self.results["P2"], base, own)
        self.results["P2"]["scored"] = self.psql(
            f"SELECT count(*) FROM scores WHERE round_id = '{j['round']}'").strip()

    def publish(self) -> str:
        """Closes P2's round and publishes its edition: the winner list P3 reads."""
        if "p2" not in self.state:
            self.p2()
        j = self.state["p2"]
        self.api("POST", f"/api/v1/rounds/{j['round']}/close")
        self.api("POST", f"/api/v1/editions/{j['year']}/publish", {"champions": 5})
        path = f"/api/v1/editions/{j['year']}/winners"
        status, body, _ = self.http("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status} {body}")
        raw = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
        gz = len(gzip.compress(raw, 6))
        log(f"published {j['year']}: {len(body['categories'])} categories, {len(raw) / 1024:.0f} KB of JSON "
            f"({gz / 1024:.0f} KB gzipped)")
        self.state["winners"] = path
        self.state["winners_kb"] = round(len(raw) / 1024, 1)
        self.state["winners_gzip_kb"] = round(gz / 1024, 1)
        return path

    def p3(self) -> None:
        path = self.state.get("winners") or self.publish()

        def service(secs):
            return self.wrk("get.lua", path, secs, headers=BROWSER_HEADERS)

        nginx, static_rate, error = None, None, None
        try:
            nginx, static_rate = static.p3_baseline(self, path, BROWSER_HEADERS)
        except (RuntimeError, OSError) as e:
            error = str(e)
            log(f"P3: no nginx baseline: {error}")

        def baseline(secs):
            b = self.wrk("get.lua", "/healthz", secs, headers=BROWSER_HEADERS)
            if static_rate:
                b["nginx"] = static_rate(secs)
                log(f"  nginx: {b['nginx']['rps']:.1f}/s p99 {fmt_ms(b['nginx']['p99_ms'])}")
            return b

        svc, base = self.interleaved("P3 public winners", service, baseline, warm_baseline=baseline)
        if nginx:
            nginx.stop()
        self.results["P3"] = self.summarise(svc, base, "/healthz of the same server, 64 conns", "req/s")
        static.summarise(self, self.results["P3"], base, nginx, error)
        self.results["P3"]["response_kb"] = self.state.get("winners_kb")
        self.results["P3"]["response_gzip_kb"] = self.state.get("winners_gzip_kb")
        req = urllib.request.Request(self.base + path, headers=dict(h.split(": ", 1) for h in BROWSER_HEADERS))
        with urllib.request.urlopen(req, timeout=30) as r:
            self.results["P3"]["content_encoding"] = r.headers.get("Content-Encoding") or "identity"
            self.results["P3"]["bytes_on_the_wire_kb"] = round(len(r.read()) / 1024, 1)

    def p4(self) -> None:
        path = self.state.get("winners") or self.publish()
        m = self.mode
        logins = [self.tmp / "logins.txt", self.cores, PASSWORD]

        def service(secs):
            return self.wrk("login.lua", "/", secs, logins)

        def baseline(secs):
            return self.argon2_rate(min(secs, m["argon2_secs"]))

        mon = self.memory_monitor()
        svc, base = self.interleaved("P4 login storm", service, baseline)
        # P3 while the storm runs: a paced probe (PROBE_CONNECTIONS connections, one request per
        # PROBE_PACE_MS each) of the winner list, alone and then beside a full storm, the two
        # interleaved and repeated like the scenarios' legs (one 15 s pair of p99s, a few hundred
        # slowest requests, swung between 1.3x and 2.7x from run to run); medians
        probe_env = {"BENCH_PACE_MS": str(PROBE_PACE_MS)}
        alones, durings, storms = [], [], []
        for rep in range(m["reps"]):
            log(f"P4: P3 probe alone #{rep + 1}")
            alones.append(self.wrk("get.lua", path, m["probe_secs"], connections=PROBE_CONNECTIONS, threads=1,
                                   env=probe_env, headers=BROWSER_HEADERS))
            log(f"P4: P3 probe during the storm #{rep + 1}")
            storm = self.wrk("login.lua", "/", m["probe_secs"] + 2, logins, background=True)
            time.sleep(1)
            durings.append(self.wrk("get.lua", path, m["probe_secs"], connections=PROBE_CONNECTIONS, threads=1,
                                    env=probe_env, headers=BROWSER_HEADERS))
            storms.append(self.wrk_result(storm))
            log(f"P4: probe p99 {fmt_ms(alones[-1].get('p99_ms'))} alone, {fmt_ms(durings[-1].get('p99_ms'))} "
                f"in the storm ({storms[-1]['rps']:.1f} sign-ins/s)")
        alone, during, storm_r = (medians(x) for x in (alones, durings, storms))
        peak = mon.stop()
        r = self.summarise(svc, base, f"raw argon2id checks/s, {threads(self.hash_threads)} (the server's)", "/s")
        r["argon2_params"] = base[0].get("params")
        r["hash_threads"] = self.hash_threads
        r["cores"] = self.cores
        if self.hash_threads != self.cores:
            # what hashing on fewer threads than cores costs: the raw rate on one per core
            allc = self.argon2_rate(m["argon2_secs"], self.cores)
            r["argon2_all_cores"] = {"threads": self.cores, "rps": allc["rps"],
                                     "cost": 1 - r["baseline_value"] / allc["rps"] if allc["rps"] else None}
            log(f"P4: raw argon2id on {self.cores} threads {allc['rps']:.1f}/s, on {self.hash_threads} "
                f"{r['baseline_value']:.1f}/s")
        r["peak_rss_mb"] = peak
        r["probe"] = {"connections": PROBE_CONNECTIONS, "pace_ms": PROBE_PACE_MS,
                      "alone": alone, "during_storm": during, "storm_during_probe": storm_r}
        self.results["P4"] = r
        self.state["p4_rss"] = peak

    def p5(self) -> None:
        j = self.judged_edition("P5", self.mode["p5_nominations"], self.mode["p5_judges"])
        rnd = j["round"]
        log("P5: every judge scores every assignment (SQL)")
        keys = [c["key"] for c in CRITERIA]
        marks = ", ".join(f"least(10, greatest(0, round(merit + bias + (random() * 4 - 2))))::int AS {k}" for k in keys)
        total = " + ".join(f"{c['weight']} * {c['key']}" for c in CRITERIA)
        obj = ", ".join(f"'{k}', {k}" for k in keys)
        t0 = time.perf_counter()
        self.psql(f"""
            WITH m AS (SELECT nomination_id, random() * 6 + 2 AS merit FROM round_entries WHERE round_id = '{rnd}'),
                 b AS (SELECT judge_id, random() * 2 - 1 AS bias FROM round_panel WHERE round_id = '{rnd}'),
                 v AS (SELECT a.round_id, a.nomination_id, a.judge_id, {marks}
                       FROM assignments a JOIN m USING (nomination_id) JOIN b USING (judge_id)
                       WHERE a.round_id = '{rnd}')
            INSERT INTO scores (round_id, nomination_id, judge_id, criterion_scores, total, comment, created_at, updated_at)
            SELECT round_id, nomination_id, judge_id, jsonb_build_object({obj}), {total},
                   'Solid results, clear plan for replication.', now(), now()
            FROM v""")
        self.psql(f"UPDATE assignments SET status = 'scored' WHERE round_id = '{rnd}'")
        scores = int(self.psql(f"SELECT count(*) FROM scores WHERE round_id = '{rnd}'"))
        log(f"P5: {scores:,} score sheets in {time.perf_counter() - t0:.1f} s")
        self.maintenance()
        template = (SQL / "results.sql").read_text()

        def sql(final):
            return template.format(round=rnd, adv=ADVANCE, lo=SCALE[0], hi=SCALE[1], final=final.format(
                adv=ADVANCE, lo=SCALE[0], hi=SCALE[1])) + ";\n"

        write = sql("""UPDATE round_entries t SET mean = r.mean, spread = r.spread, std_dev = r.sd,
                score_count = r.cnt, calibrated = greatest({lo}, least({hi}, r.cal_mean)), uncertainty = r.unc,
                rank = r.rnk, tied = r.tie_n > 1, advanced = r.cnt > 0 AND r.rnk <= {adv},
                tie_at_cutoff = r.cnt > 0 AND r.rnk <= {adv} AND r.rnk + r.tie_n - 1 > {adv},
                indistinguishable_from_next = coalesce(r.k1 = r.next_k1
                    OR abs(r.cal_mean - r.next_cal) < sqrt(r.unc ^ 2 + r.next_unc ^ 2), false)
            FROM r WHERE t.round_id = '""" + rnd + "' AND t.nomination_id = r.nomination_id")
        read = sql("SELECT count(*), sum(rnk), sum(cal_mean) FROM r")

        log("P5: warm-up (one close, one SQL run)")
        self.reclose(rnd)
        self.timed_sql(write)
        closes, writes, reads = [], [], []
        for rep in range(self.mode["reps"]):
            perf = self.perf_start("P5 close") if rep == 0 else None
            closes.append(self.reclose(rnd))
            self.perf_stop(perf)
            writes.append(self.timed_sql(write))
            reads.append(self.timed_sql(read))
            log(f"P5 #{rep + 1}: close {closes[-1]:.3f} s | SQL {writes[-1]:.3f} s (read-only {reads[-1]:.3f} s)")
        check = self.psql(f"SELECT count(*) FILTER (WHERE advanced), count(*) FROM round_entries WHERE round_id = '{rnd}'")
        close_s, sql_s = median(closes), median(writes)
        self.results["P5"] = {
            "scenario": "P5 results",
            "unit": "s",
            "value_s": close_s,
            "baseline": "the same job as one SQL statement (calibrate, rank, write results) in psql",
            "baseline_value_s": sql_s,
            "ratio": close_s / sql_s if sql_s else None,
            "sql_read_only_s": median(reads),
            "reps": {"close_s": closes, "sql_s": writes, "sql_read_only_s": reads},
            "size": {"nominations": self.mode["p5_nominations"], "judges": self.mode["p5_judges"],
                     "scores": scores, "criteria": len(CRITERIA)},
            "open_s": j["open_secs"],
            "advanced_of_entries": check.strip(),
        }

    # --- results -----------------------------------------------------------------------------

    def summarise(self, svc, base, baseline_label, baseline_unit) -> dict:
        rps = median([s["rps"] for s in svc])
        brps = median([b["rps"] for b in base])
        errors = sum(s.get("errors", 0) for s in svc)
        requests = sum(s.get("requests", 0) for s in svc)
        codes: dict[str, int] = {}
        for s in svc:
            for k, v in s.get("codes", {}).items():
                codes[k] = codes.get(k, 0) + v
        return {
            "rps": rps,
            "p50_ms": median([s["p50_ms"] for s in svc]),
            "p99_ms": median([s["p99_ms"] for s in svc]),
            "baseline": baseline_label,
            "baseline_unit": baseline_unit,
            "baseline_value": brps,
            "baseline_p50_ms": median([b.get("p50_ms") for b in base]),
            "baseline_p99_ms": median([b.get("p99_ms") for b in base]),
            "ratio": rps / brps if brps else None,
            "requests": requests,
            "errors": errors,
            "codes": codes,
            "reps": {"service": [pick(s) for s in svc], "baseline": [pick(b) for b in base]},
            "cpu_us": cpu.medians([s.get("cpu_us") for s in svc], median),
            "baseline_cpu_us": cpu.medians([b.get("cpu_us") for b in base], median),
        }


def kinds(r: dict) -> str:
    """A leg's kinds of errors, for the log (empty when there were none)."""
    k = r.get("error_kinds")
    return f" ({', '.join(f'{n} {kind}' for kind, n in k.items())})" if k else ""


def pick(r: dict) -> dict:
    return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in r.items()
            if k in ("rps", "p50_ms", "p99_ms", "max_ms", "requests", "errors", "codes", "cpu_us", "settled_s", "drain_s")
            or (k == "error_kinds" and v)}


def medians(runs: list) -> dict:
    """The median of each of `pick`'s numbers over repetitions, and each repetition's p99."""
    out = {k: median([r[k] for r in runs]) for k in ("rps", "p50_ms", "p99_ms", "requests", "errors")
           if all(r.get(k) is not None for r in runs)}
    return pick(out) | {"p99_ms_each": [r.get("p99_ms") for r in runs]}


def pairs(n: int) -> str:
    return "one pair" if n == 1 else f"medians of {n} pairs"


def threads(n) -> str:
    return f"{n} thread" if n == 1 else f"{n} threads"


def fmt_ms(v) -> str:
    if v is None:
        return "–"
    return f"{v:.1f} ms" if v < 100 else f"{v:,.0f} ms"


class CpuAccount:
    """CPU time used on this machine by anything but the benchmark (the server, the PostgreSQL
    cluster, the load tools and this script), between two samples: other work skews the numbers
    even when the machine was idle at the start."""

    def __init__(self, harness: "Harness"):
        self.h = harness
        self.last = self.sample()

    def ours(self) -> int:
        t = os.times()
        return (round((t.user + t.system) * cpu.HZ) + cpu.own_children_ticks()
                + cpu.process_ticks(self.h.server.pid if self.h.server else None) + cpu.cluster_ticks(self.h.pg_dir))

    def sample(self):
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:9]]
        busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7]
        return sum(v), busy, self.ours()

    def foreign_pct(self) -> float:
        """Share of the machine's CPU used by other work since the last call."""
        now = self.sample()
        (t0, b0, o0), (t1, b1, o1) = self.last, now
        self.last = now
        return 0.0 if t1 == t0 else max(0.0, 100.0 * ((b1 - b0) - (o1 - o0)) / (t1 - t0))


class RssMonitor:
    """Peak resident memory of a process while a scenario runs: the kernel's high-water mark
    (reset at the start through /proc/PID/clear_refs) and a 50 ms sampler, whichever is higher."""

    def __init__(self, pid: int):
        self.pid = pid
        self.peak_kb = 0
        self.stop_flag = threading.Event()
        try:
            Path(f"/proc/{pid}/clear_refs").write_text("5")
        except OSError:
            pass
        self.start_kb = self.read("VmRSS")
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def read(self, field: str) -> int:
        return self.field(self.pid, field)

    @staticmethod
    def field(pid: int, field: str) -> int:
        """A field of /proc/PID/status in kB (VmRSS, VmHWM), 0 when unreadable."""
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    def run(self) -> None:
        while not self.stop_flag.is_set():
            self.peak_kb = max(self.peak_kb, self.read("VmRSS"))
            time.sleep(0.05)

    def stop(self) -> dict:
        self.stop_flag.set()
        self.thread.join()
        peak = max(self.peak_kb, self.read("VmHWM"))
        return {"peak_mb": round(peak / 1024, 1), "start_mb": round(self.start_kb / 1024, 1)}


# ---------------------------------------------------------------------------------------------
# Report


def targets(results: dict) -> dict:
    """Every target of the issue, as (label, value, passed)."""
    out: dict[str, list] = {}

    def add(key, label, value, ok):
        out.setdefault(key, []).append({"target": label, "value": value, "pass": bool(ok)})

    def clean(r):
        return r.get("errors", 0) <= 0.001 * max(1, r.get("requests", 1))

    def second(key, r, field, label, goal):
        """A target against a second baseline (own SQL, nginx), failed when it is missing."""
        b = r.get(field) or {}
        if b.get("ratio") is None:
            add(key, label, "unavailable", False)
        else:
            add(key, label, f"{b['ratio']:.2f}×", b["ratio"] >= goal and clean(r))

    r = results.get("P1")
    if r:
        add("P1", "≥ 0.5× pgbench insert", f"{r['ratio']:.2f}×", r["ratio"] >= 0.5 and clean(r))
        second("P1", r, "own_sql", "≥ 0.8× its own SQL", 0.8)
        add("P1", "p99 ≤ 25 ms", fmt_ms(r["p99_ms"]), r["p99_ms"] <= 25)
    r = results.get("P2")
    if r:
        add("P2", "≥ 0.5× pgbench insert", f"{r['ratio']:.2f}×", r["ratio"] >= 0.5 and clean(r))
        second("P2", r, "own_sql", "≥ 0.8× its own SQL", 0.8)
    r = results.get("P3")
    if r:
        add("P3", "≥ 0.8× /healthz", f"{r['ratio']:.2f}×", r["ratio"] >= 0.8 and clean(r))
        second("P3", r, "nginx", "≥ 1.0× nginx, same bytes", 1.0)
    r = results.get("P4")
    if r:
        add("P4", f"≥ 0.8× raw argon2id on {threads(r.get('hash_threads'))}", f"{r['ratio']:.2f}×",
            r["ratio"] >= 0.8 and clean(r))
        add("P4", "peak RSS ≤ 500 MB", f"{r['peak_rss_mb']['peak_mb']:.0f} MB", r["peak_rss_mb"]["peak_mb"] <= 500)
        alone, during = r["probe"]["alone"]["p99_ms"], r["probe"]["during_storm"]["p99_ms"]
        ratio = during / alone if alone else float("inf")
        add("P4", "P3 p99 in storm ≤ 2× without", f"{fmt_ms(during)} vs {fmt_ms(alone)} ({ratio:.1f}×)", ratio <= 2)
    r = results.get("P5")
    if r:
        add("P5", "≤ 1.5× SQL", f"{r['ratio']:.2f}×", r["ratio"] <= 1.5)
        add("P5", "≤ 2 s", f"{r['value_s']:.2f} s", r["value_s"] <= 2)
    vote.targets(results, add, fmt_ms, clean)
    search.targets(results, add)
    r = results.get("P6")
    if r and r.get("p1"):
        add("P6", "≤ 150 MB under P1", f"{r['p1']['peak_mb']:.0f} MB", r["p1"]["peak_mb"] <= 150)
    return out


def table_rows(results: dict, tg: dict) -> list[list[str]]:
    rows = []

    def marks(key):
        return "; ".join(f"{'PASS' if t['pass'] else 'FAIL'} {t['target']} ({t['value']})" for t in tg.get(key, []))

    names = {"P1": "P1 nomination rush (create + submit)", "P2": "P2 scoring (PUT score sheet)",
             "P3": "P3 public winners JSON", "P4": "P4 login storm (argon2id)",
             "P7": "P7 vote rush (POST vote, proof of work)"}
    for key in ("P1", "P2", "P3", "P4", "P7"):
        r = results.get(key)
        if not r:
            continue
        base = f"{r['baseline']}: {r['baseline_value']:,.1f} {r['baseline_unit']}"
        ratio = f"{r['ratio']:.2f}×"
        for field, label in (("own_sql", "own SQL (pgbench -M prepared)"), ("nginx", "nginx, same bytes")):
            b = r.get(field)
            if b and b.get("ratio") is not None:
                base += f"; {label}: {b['rps']:,.1f} req/s"
                ratio += f"; {b['ratio']:.2f}×"
            elif b:
                base += f"; {label}: unavailable"
        if r.get("argon2_all_cores"):
            base += f" ({r['argon2_all_cores']['threads']} threads: {r['argon2_all_cores']['rps']:,.1f} /s)"
        err = f" ({r['errors']} errors)" if r.get("errors") else ""
        rows.append([names[key], f"{r['rps']:,.1f}{err}", fmt_ms(r["p50_ms"]), fmt_ms(r["p99_ms"]), base,
                     ratio, marks(key)])
    r = results.get("P5")
    if r:
        size = r["size"]
        rows.append([f"P5 close a round ({size['nominations']:,} nominations × 3 judges × {size['criteria']} criteria)",
                     "–", f"{r['value_s']:.2f} s", "–",
                     f"one SQL statement: {r['baseline_value_s']:.2f} s (read-only {r['sql_read_only_s']:.2f} s)",
                     f"{r['ratio']:.2f}×", marks("P5")])
    r = results.get("P8")
    if r:
        size = r["size"]
        rows.append([f"P8 close a vote ({size['votes']:,} votes, {size['nominees']} nominees)", "–",
                     f"{r['value_s']:.2f} s", "–",
                     f"one SQL statement: {r['baseline_value_s']:.2f} s (read-only {r['sql_read_only_s']:.2f} s)",
                     f"{r['ratio']:.2f}×", marks("P8")])
    row = search.table_row(results, marks, fmt_ms)
    if row:
        rows.append(row)
    r = results.get("P6")
    if r:
        parts = [f"at rest {r['at_rest_mb']:.0f} MB"] if r.get("at_rest_mb") else []
        if r.get("p1"):
            parts.append(f"P1 {r['p1']['peak_mb']:.0f} MB (from {r['p1']['start_mb']:.0f})")
        if r.get("p4"):
            parts.append(f"P4 {r['p4']['peak_mb']:.0f} MB (from {r['p4']['start_mb']:.0f})")
        rows.append(["P6 server peak RSS", "–", "–", "–", "; ".join(parts), "–", marks("P6")])
    return rows


def render(report: dict) -> str:
    rows = table_rows(report["results"], report["targets"])
    head = ["Scenario", "req/s", "p50", "p99", "Baseline (same run)", "Ratio", "Targets"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    m = report["machine"]
    out = [f"# make bench ({report['mode']}) — {report['started']}", "",
           f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB, Linux {m['kernel']}; "
           f"CPU busy before the run: {report['cpu_busy_before'] * 100:.0f} %; CPU used by other work while the "
           "scenarios ran: " + (", ".join(f"{k} {v:.0f} %" for k, v in report["other_cpu_pct_during"].items())
                                or "–") + ".",
           f"Commit {report['commit']}; PostgreSQL {report['postgres']}; {report['tools']}.",
           f"Each scenario: wrk, {CONNECTIONS} connections, {report['settings']['threads']} threads, "
           f"{report['settings']['warmup']} s warm-up, {report['settings']['reps']} × {report['settings']['secs']} s, "
           "medians; service and baseline repetitions interleaved.", ""]
    if report.get("warning"):
        out += [f"**WARNING: {report['warning']}**", ""]
    out += lines + [""]
    passed = sum(t["pass"] for ts in report["targets"].values() for t in ts)
    total = sum(len(ts) for ts in report["targets"].values())
    out.append(f"Targets met: {passed} of {total}.")
    p4 = report["results"].get("P4")
    if p4:
        pr = p4["probe"]
        out.append(f"P4 probe: GET winners over {pr['connections']} connections, one request per {pr['pace_ms']} ms "
                   f"each: p99 {fmt_ms(pr['alone']['p99_ms'])} alone, {fmt_ms(pr['during_storm']['p99_ms'])} during "
                   f"the storm (storm meanwhile {pr['storm_during_probe']['rps']:.1f} logins/s); "
                   f"{pairs(len(pr['alone'].get('p99_ms_each', [1])))}, p99 each: alone "
                   f"{', '.join(fmt_ms(v) for v in pr['alone'].get('p99_ms_each', []))}; in the storm "
                   f"{', '.join(fmt_ms(v) for v in pr['during_storm'].get('p99_ms_each', []))}.")
        allc = p4.get("argon2_all_cores")
        out.append(f"P4 hashing: {threads(p4.get('hash_threads'))} of {p4.get('cores', '?')} cores (HASH_THREADS); "
                   f"sign-ins {p4['rps']:.1f}/s; raw argon2id {p4['baseline_value']:.1f}/s on "
                   f"{threads(p4.get('hash_threads'))}" +
                   (f", {allc['rps']:.1f}/s on {threads(allc['threads'])} (one per core): hashing on "
                    f"{threads(p4.get('hash_threads'))} keeps {(1 - allc['cost']) * 100:.0f} % of the raw rate of "
                    "every core, the ceiling of sign-ins/s." if allc and allc.get("cost") is not None else "."))
    if "P3" in report["results"]:
        out += static.report(report["results"]["P3"], fmt_ms)
    out.append("")
    for key in ("P1", "P2", "P3", "P7"):
        if key in report["results"]:
            out += cpu.line(key, report["results"][key])
    out.append("")
    for key in ("P1", "P2", "P7"):
        if key in report["results"]:
            out += own_sql.report(key, report["results"][key])
    out += [
        "",
        "How to read it: P1–P3 ratio = the service's req/s ÷ the baseline's (P1 and P2: the pgbench insert, "
        "then pgbench running the service's own statements for the same requests; P3: /healthz, then nginx); "
        "P4 = sign-ins/s ÷ raw argon2id checks/s on the server's hashing threads; P5 and P8 = time to close ÷ "
        "time of the SQL statement (lower is better). P1 counts its two requests "
        "(create, submit) alike: each is one HTTP request and one transaction, as each pgbench insert is one. "
        "With 64 connections in a closed loop, latency ≈ 64 ÷ throughput, so a p99 of 25 ms needs about "
        "2,600 req/s or more.",
    ]
    for note in report.get("notes", []):
        out.append(note)
    return "\n".join(out) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", choices=sorted(MODES), default="full")
    ap.add_argument("--bin", required=True, help="the release wsis-prizes binary")
    ap.add_argument("--argon2", required=True, help="the argon2_rate bench binary")
    ap.add_argument("--out", default=str(ROOT / "target" / "bench"))
    ap.add_argument("--only", default="P1,P2,P3,P4,P5,P7,P8,P9", help="comma-separated scenarios (P6 comes with P1/P4)")
    ap.add_argument("--keep-tmp", action="store_true", help="keep the temporary directory (logs, cluster)")
    ap.add_argument("--perf", action="store_true",
                    help="profile the first repetition of each scenario (perf record -a -g; target/bench/perf-*.txt)")
    args = ap.parse_args()
    only = {s.strip().upper() for s in args.only.split(",")}

    mach = machine()
    log(f"machine: {mach['cores']} cores, {mach['cpu']}; checking the CPU is idle")
    busy = cpu_busy()
    warning = None
    if busy > 0.10:
        warning = (f"the CPU was {busy * 100:.0f} % busy before the benchmark started; "
                   "other work on this machine skews every number below")
        log(warning)
    load = os.getloadavg()[0]
    started = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()

    h = Harness(args)

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    t_start = time.monotonic()
    try:
        h.start_db()
        h.prepare_base()
        cpu = CpuAccount(h)
        foreign = {}
        for key, run in (("P1", h.p1), ("P2", h.p2), ("P3", h.p3), ("P4", h.p4), ("P5", h.p5),
                         ("P7", lambda: vote.p7(h)), ("P8", lambda: vote.p8(h)),
                         ("P9", lambda: search.p9(h, VOCABULARY))):
            if key in only:
                waited = h.settle()
                if waited > 1:
                    log(f"{key}: waited {waited:.0f} s for the mail sender to deliver the backlog")
                cpu.foreign_pct()
                run()
                foreign[key] = round(cpu.foreign_pct(), 1)
                h.results[key]["other_cpu_pct"] = foreign[key]
                h.results[key]["waited_for_mail_s"] = round(waited, 1)
                if foreign[key] > 5:
                    log(f"{key}: other work used {foreign[key]:.0f} % of the CPU meanwhile")
        if "p1_rss" in h.state or "p4_rss" in h.state:
            h.results["P6"] = {"scenario": "P6 memory", "p1": h.state.get("p1_rss"), "p4": h.state.get("p4_rss"),
                               "at_rest_mb": h.state.get("rest_rss_mb")}
        server_errors = len(re.findall(r"\b(ERROR|panicked)\b", h.tail_log(100_000)))
    except BaseException:
        log("failed; server log tail:\n" + h.tail_log())
        raise
    finally:
        h.cleanup()

    try:
        commit = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip() or "?"
    except OSError:
        commit = "?"
    tg = targets(h.results)
    busy_ones = {k: v for k, v in foreign.items() if v > 5}
    if busy_ones:
        during = ", ".join(f"{k} {v:.0f} %" for k, v in busy_ones.items())
        extra = f"other work on the machine used CPU while scenarios ran ({during} of the machine)"
        warning = f"{warning}; {extra}" if warning else extra
    report = {
        "mode": args.mode,
        "started": started,
        "elapsed_s": round(time.monotonic() - t_start),
        "machine": mach,
        "cpu_busy_before": round(busy, 3),
        "other_cpu_pct_during": foreign,
        "loadavg_before": round(load, 2),
        "warning": warning,
        "commit": commit,
        "postgres": h.state.get("postgres", "?"),
        "tools": f"{tool_version(['wrk', '--version'])}; {tool_version([str(Path(h.pg_bin, 'pgbench')), '--version'])}",
        "settings": {"connections": CONNECTIONS, "threads": h.cores, "warmup": h.mode["warmup"],
                     "secs": h.mode["secs"], "reps": h.mode["reps"]},
        "server_log_errors": server_errors,
        "results": h.results,
        "targets": tg,
        "notes": h.notes,
    }
    # one object per scenario with the table's fields, plus the details
    scenarios = []
    for key, row in zip([k for k in ("P1", "P2", "P3", "P4", "P7", "P5", "P8", "P9", "P6") if k in h.results],
                        table_rows(h.results, tg)):
        scenarios.append({
            "id": key, "scenario": row[0],
            "req_per_s": h.results[key].get("rps"),
            "p50_ms": h.results[key]["value_s"] * 1000 if key in ("P5", "P8") else h.results[key].get("p50_ms"),
            "p99_ms": h.results[key].get("p99_ms"),
            "baseline": row[4],
            "baseline_value": h.results[key].get("baseline_value", h.results[key].get("baseline_value_s")),
            "ratio": h.results[key].get("ratio"),
            "own_sql_ratio": (h.results[key].get("own_sql") or {}).get("ratio"),
            "nginx_ratio": (h.results[key].get("nginx") or {}).get("ratio"),
            "targets": tg.get(key, []),
            "pass": all(t["pass"] for t in tg.get(key, [])),
            "details": h.results[key],
        })
    report["scenarios"] = scenarios
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    md = render(report)
    (out / "report.md").write_text(md)
    print(md)
    log(f"written {out / 'report.json'} and {out / 'report.md'} ({report['elapsed_s']} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

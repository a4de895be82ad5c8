"""Where a leg's CPU time went: the server, the PostgreSQL cluster, the load tool.

Each wrk or pgbench leg is wrapped in a `Split`: CPU time of the server process (all its
threads), of the cluster (the postmaster, its live backends and the backends it has reaped) and
of this script's children (the load tool, counted once it has been waited for), divided by the
requests the leg made. The service's legs and its own SQL's legs can then be compared by what
each part spent per request, not only by requests per second.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

HZ = os.sysconf("SC_CLK_TCK")


def stat(pid: int):
    """A process's parent and its utime, stime, cutime, cstime in clock ticks (None if gone)."""
    try:
        rest = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(rest[1]), [int(x) for x in rest[11:15]]


def postmaster(pg_dir: Path) -> int | None:
    try:
        return int((pg_dir / "data" / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def family(pid: int | None) -> tuple[int, int]:
    """A process's CPU ticks (its own and its reaped children's, and each live child's) and how
    many processes it has: PostgreSQL's postmaster and backends, nginx's master and workers."""
    st = stat(pid) if pid else None
    if not st:
        return 0, 0
    total, processes = sum(st[1]), 1
    for d in os.listdir("/proc"):
        if d.isdigit():
            child = stat(int(d))
            if child and child[0] == pid:
                total += child[1][0] + child[1][1]
                processes += 1
    return total, processes


def cluster(pg_dir: Path) -> tuple[int, int]:
    """The cluster's CPU ticks and how many processes it has."""
    return family(postmaster(pg_dir))


def cluster_ticks(pg_dir: Path) -> int:
    return cluster(pg_dir)[0]


def process_ticks(pid: int | None) -> int:
    """A process's CPU ticks, its children's included."""
    return family(pid)[0]


def own_children_ticks() -> int:
    t = os.times()
    return round((t.children_user + t.children_system) * HZ)


class Split:
    """CPU time spent by the server, the cluster and the load tool between `__init__` and `done`."""

    def __init__(self, server_pid: int | None, pg_dir: Path):
        self.server_pid, self.pg_dir = server_pid, pg_dir
        self.processes = cluster(pg_dir)[1]
        self.start = self.sample()
        self.end: tuple[int, int, int] | None = None

    def sample(self) -> tuple[int, int, int]:
        return process_ticks(self.server_pid), cluster_ticks(self.pg_dir), own_children_ticks()

    def stop(self, backends_gone: bool = False) -> "Split":
        """Ends the leg (the requests can be counted later); with `backends_gone` (a load tool
        that connected to the cluster itself), once its backends have exited and been reaped (up
        to 5 s): a backend still exiting would carry its whole leg's CPU into the next leg."""
        deadline = time.monotonic() + 5
        while backends_gone and cluster(self.pg_dir)[1] > self.processes and time.monotonic() < deadline:
            time.sleep(0.02)
        self.end = self.sample()
        return self

    def done(self, requests: int) -> dict | None:
        """Microseconds of CPU per request for each part (None without requests)."""
        end = self.end or self.sample()
        if not requests:
            return None
        per = [(b - a) / HZ * 1e6 / requests for a, b in zip(self.start, end)]
        return {"server": round(per[0], 1), "postgres": round(per[1], 1), "load": round(per[2], 1)}


def scaled(cpu: dict | None, factor: float) -> dict | None:
    """Per-transaction figures as per-request ones (`factor` requests per transaction)."""
    if not cpu or not factor:
        return cpu
    return {k: round(v / factor, 1) for k, v in cpu.items()}


def medians(legs: list, median) -> dict | None:
    """The median of each part over the legs that have figures."""
    have = [x for x in legs if x]
    if not have:
        return None
    return {k: round(median([x[k] for x in have]), 1) for k in ("server", "postgres", "load")}


def line(key: str, r: dict) -> list[str]:
    """The report's line on where a scenario's CPU went, per request (medians of the legs)."""
    parts = []

    def show(label: str, cpu: dict | None, tool: str):
        if cpu:
            parts.append(f"{label}: server {cpu['server']:,.0f} µs, PostgreSQL {cpu['postgres']:,.0f} µs, "
                         f"{tool} {cpu['load']:,.0f} µs")

    show("service", r.get("cpu_us"), "wrk")
    if r.get("baseline_unit") == "tps":
        show("pgbench insert (per row)", r.get("baseline_cpu_us"), "pgbench")
    else:
        show("baseline", r.get("baseline_cpu_us"), "wrk")
    own = r.get("own_sql") or {}
    show("its own SQL", own.get("cpu_us"), "pgbench")
    if not parts:
        return []
    return [f"{key} CPU per request (medians of the legs; the server's includes its background work, "
            "such as the mail sender delivering receipts, in the baselines' legs too): " + "; ".join(parts) + "."]

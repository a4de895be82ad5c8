"""P3's second baseline in `make bench`: what an operator would put in front instead.

Debian's nginx (nginx-light) serves the winner list's gzip bytes, as the service sent them, as a
static file with the service's own headers (Content-Type, Content-Encoding, ETag, Cache-Control,
Vary and the rest), over the same 64 connections and the same wrk script as P3. It runs as the
current user on a free 127.0.0.1 port, with its configuration, pid file, logs and temporary
directories under the bench's temporary directory, one worker per core (the service's workers are
one per core too), access log off and keep-alive connections never closed by the server (the
service does not close them either).
"""

from __future__ import annotations

import getpass
import os
import shutil
import subprocess
import time
import urllib.request

import cpu

# headers nginx makes itself, or that belong to one connection or one answer
SKIP = {"date", "content-length", "connection", "keep-alive", "transfer-encoding", "server", "content-type"}


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def fetch(h, path: str, headers: tuple) -> tuple[bytes, list[tuple[str, str]], str]:
    """The bytes, the headers and the content type the service answers `path` with."""
    req = urllib.request.Request(h.base + path, headers=dict(x.split(": ", 1) for x in headers))
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.read(), list(r.headers.items()), r.headers.get("Content-Type", "application/octet-stream")


def quote(v: str) -> str:
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Nginx:
    """A private nginx serving one file at one path with fixed headers."""

    def __init__(self, h, path: str, headers: tuple):
        self.h = h
        binary = nginx_binary()
        if not binary:
            raise RuntimeError("nginx not found (scripts/deps bench installs nginx-light)")
        body, sent, ctype = fetch(h, path, headers)
        self.bytes = len(body)
        self.headers = [(k, v) for k, v in sent if k.lower() not in SKIP]
        self.content_type = ctype
        self.dir = h.tmp / "nginx"
        (self.dir / "www").mkdir(parents=True, exist_ok=True)
        (self.dir / "www" / "body").write_bytes(body)
        self.port = h.free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        adds = "\n".join(f"            add_header {k} {quote(v)} always;" for k, v in self.headers)
        # as root, the workers run as root too: nginx's default user could not read the bench's
        # private temporary directory
        user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
        conf = f"""{user}
worker_processes {h.cores};
pid {self.dir}/nginx.pid;
error_log {self.dir}/error.log warn;
daemon off;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    server_tokens off;
    sendfile on;
    tcp_nopush on;
    tcp_nodelay on;
    keepalive_timeout 300s;
    keepalive_requests 100000000;
    client_body_temp_path {self.dir}/client_body;
    proxy_temp_path {self.dir}/proxy;
    fastcgi_temp_path {self.dir}/fastcgi;
    uwsgi_temp_path {self.dir}/uwsgi;
    scgi_temp_path {self.dir}/scgi;
    server {{
        listen 127.0.0.1:{self.port};
        location = {path} {{
            types {{ }}
            default_type {quote(ctype)};
            alias {self.dir}/www/body;
            etag off;
            add_header Last-Modified "";
{adds}
        }}
    }}
}}
"""
        (self.dir / "nginx.conf").write_text(conf)
        self.proc = subprocess.Popen([binary, "-p", str(self.dir), "-e", str(self.dir / "error.log"),
                                      "-c", str(self.dir / "nginx.conf")],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        h.children.append(self.proc)
        self.version = subprocess.run([binary, "-v"], capture_output=True, text=True).stderr.strip()
        try:
            self.check(path, headers)
        except (RuntimeError, OSError):
            self.stop()
            raise

    def check(self, path: str, headers: tuple) -> None:
        """Waits until nginx answers with the service's bytes and headers."""
        for _ in range(100):
            if self.proc.poll() is not None:
                raise RuntimeError(f"nginx exited: {self.proc.stderr.read().decode(errors='replace')[-500:]}")
            try:
                req = urllib.request.Request(self.base + path, headers=dict(x.split(": ", 1) for x in headers))
                with urllib.request.urlopen(req, timeout=2) as r:
                    body, got = r.read(), {k.lower(): v for k, v in r.headers.items()}
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("nginx did not answer")
        want = {k.lower(): v for k, v in self.headers}
        want["content-type"] = self.content_type
        differ = {k: (v, got.get(k)) for k, v in want.items() if got.get(k) != v}
        if len(body) != self.bytes or differ:
            raise RuntimeError(f"nginx does not answer as the service does: {len(body)} bytes, {differ}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if self.proc in self.h.children:
            self.h.children.remove(self.proc)

    def describe(self) -> dict:
        return {"server": self.version, "bytes": self.bytes, "content_type": self.content_type,
                "headers": dict(self.headers), "workers": self.h.cores}


def p3_baseline(h, path: str, headers: tuple):
    """Starts nginx; returns it and the function measuring it as wrk measures P3."""
    nginx = Nginx(h, path, headers)
    h.log(f"P3: nginx on {nginx.base} serving the same {nginx.bytes:,} bytes with the service's headers")

    def measure(secs):
        return h.wrk("get.lua", path, secs, headers=headers, base=nginx.base, server_pid=nginx.proc.pid)

    return nginx, measure


def summarise(h, result: dict, base: list[dict], nginx: "Nginx | None", error: str | None) -> None:
    if nginx is None:
        result["nginx"] = {"error": error}
        return
    legs = [b["nginx"] for b in base if "nginx" in b]
    rps = h.median([x["rps"] for x in legs])
    result["nginx"] = {**nginx.describe(), "rps": rps, "ratio": result["rps"] / rps if rps else None,
                       "p50_ms": h.median([x["p50_ms"] for x in legs]),
                       "p99_ms": h.median([x["p99_ms"] for x in legs]),
                       "errors": sum(x.get("errors", 0) for x in legs),
                       "cpu_us": cpu.medians([x.get("cpu_us") for x in legs], h.median),
                       "reps": [{k: x.get(k) for k in ("rps", "p50_ms", "p99_ms", "errors")} for x in legs]}


def report(p3: dict, fmt_ms) -> list[str]:
    """The report's line on P3 beside nginx."""
    n = p3.get("nginx")
    if not n:
        return []
    if n.get("ratio") is None:
        return [f"P3 beside nginx: unavailable ({n.get('error')})."]
    return [f"P3 beside nginx: {n['server']} serving the same {n['bytes']:,} bytes as a static file with the "
            f"service's headers ({', '.join(n['headers'])}; Content-Type {n['content_type']}), {n['workers']} "
            f"workers: {n['rps']:,.1f} req/s, p99 {fmt_ms(n['p99_ms'])}; the service {p3['rps']:,.1f} req/s = "
            f"{n['ratio']:.2f}×." + cpu_line(n.get("cpu_us"), p3.get("cpu_us"))]


def cpu_line(nginx: dict | None, service: dict | None) -> str:
    if not nginx or not service:
        return ""
    return (f" CPU per request: nginx {nginx['server']:,.0f} µs (its workers), wrk {nginx['load']:,.0f} µs; "
            f"the service {service['server']:,.0f} µs, wrk {service['load']:,.0f} µs.")

# Shell functions shared by scripts/test and scripts/drills (sourced, not run).

# A free TCP port on 127.0.0.1.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# start_server BIN LOG RUST_LOG: serves BIN on a free port with DATABASE_URL from the
# environment, logging to LOG, and waits until /readyz answers (at most 30 s). Sets $server
# (its PID, for stop_server) and $web_port; fails with the log's tail if it never gets ready.
start_server() {
  local bin=$1 log=$2 level=$3
  web_port=$(free_port)
  BIND="127.0.0.1:$web_port" RUST_LOG=$level "$bin" serve >"$log" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do
    curl -fsS "http://127.0.0.1:$web_port/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$server" 2>/dev/null || break
    sleep 0.1
  done
  echo "the server did not get ready; its log:" >&2
  tail -30 "$log" >&2
  return 1
}

# Stops the server started by start_server (by its PID) and waits for it.
stop_server() {
  if [ -n "${server:-}" ]; then
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
  fi
}

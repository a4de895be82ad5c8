# The two commands: `make run` and `make test`.
.PHONY: run demo test drills build frontend api-types lint fmt bench-assignment bench-scoring bench bench-smoke

## Build everything and serve on http://127.0.0.1:8080 (private PostgreSQL under .data/ unless DATABASE_URL is set)
run:
	@scripts/run

## The same as run, after loading the demo: WSIS Prizes 2021 judged and published, and an open edition
demo:
	@DEMO=1 scripts/run

## Every test: Rust unit and API tests, frontend checks and unit tests, browser journeys with axe
test:
	@scripts/test

## The reliability drills' long variants: 20 kill -9 cycles under 16 writers, PostgreSQL stopped,
## crashed and hung for 5-10 s, 1,000 racing edits and 100 x 50 submits on two processes, then the API
## fuzzed with 500 examples per operation as 4 roles (about 20 minutes)
drills:
	@scripts/drills

## Build the UI and the server without running them
build: frontend
	cargo build --bin wsis-prizes

frontend:
	cd frontend && npm ci --no-audit --no-fund --loglevel=error && npm run build

## Regenerate frontend/src/lib/schema.d.ts (the frontend's API types) from the server's OpenAPI document
api-types:
	cargo build --bin wsis-prizes
	@scripts/api-types target/debug/wsis-prizes

lint:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cd frontend && npm run check

fmt:
	cargo fmt

## Time the automatic assignment on 10,000 nominations × 200 judges (release build)
bench-assignment:
	cargo bench --bench assignment

## A round's results in memory at P5's size (calibrate, rank, shortlist)
bench-scoring:
	cargo bench --bench scoring

## The deadline-night rush against this machine's own limits: release build, private PostgreSQL,
## wrk and pgbench; prints the table, writes target/bench/report.{json,md} (24-29 minutes on 2 cores after the build)
bench:
	@bench/run full

## Every bench scenario for a few seconds, to keep the harness working
bench-smoke:
	@bench/run smoke

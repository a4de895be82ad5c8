//! The machine's raw argon2id rate: how many password checks per second it can do on a given
//! number of threads (`--threads`; default one per core) and nothing else in the way (no HTTP, no
//! database, no async runtime). The baseline of the login storm in `make bench` (P4), which runs
//! it on as many threads as the server gives to hashing (`HASH_THREADS`), and once on one per
//! core to state what the smaller number costs.
//!
//! The hash checked is made by the service's own `PasswordHasher`, so its parameters are the
//! ones sign-in uses (argon2id m=19456 KiB, t=2, p=1, read back from the PHC string).
//!
//! Run with `cargo run --release --bin bench-argon2-rate -- [--secs N] [--threads N]`; prints one
//! JSON line `{"threads", "hashes", "secs", "per_sec", "params"}`. Each check is the call sign-in
//! makes (`verify_password` on the stored PHC string).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use argon2::password_hash::PasswordVerifier as _;
use wsis_prizes::auth::password::PasswordHasher;

const PASSWORD: &str = "violet anchors drift past midnight";

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1).cloned())
}

fn main() {
    let secs: f64 = arg("--secs").and_then(|s| s.parse().ok()).unwrap_or(10.0);
    let threads: usize = arg("--threads")
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));

    // The stored hash exactly as the service makes it.
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let phc = rt.block_on(PasswordHasher::new(1).hash(PASSWORD.to_owned())).expect("hash");
    let params = phc.split('$').nth(3).unwrap_or_default().to_owned();
    let phc = Arc::new(phc);

    let stop = Arc::new(AtomicBool::new(false));
    let count = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let workers: Vec<_> = (0..threads)
        .map(|_| {
            let (stop, count, phc) = (stop.clone(), count.clone(), phc.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let ok = argon2::Argon2::default().verify_password(PASSWORD.as_bytes(), phc.as_str());
                    assert!(ok.is_ok(), "the password must verify");
                    count.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs_f64(secs));
    stop.store(true, Ordering::Relaxed);
    for w in workers {
        w.join().expect("worker");
    }
    let elapsed = started.elapsed().as_secs_f64();
    let hashes = count.load(Ordering::Relaxed);
    println!(
        "{{\"threads\": {threads}, \"hashes\": {hashes}, \"secs\": {elapsed:.3}, \"per_sec\": {:.2}, \"params\": \"{params}\"}}",
        hashes as f64 / elapsed
    );
}

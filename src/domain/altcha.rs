//! ALTCHA proof of work (the classic protocol of `altcha-lib-rs` 0.3 and of the `altcha` 2.x
//! widget): a challenge is `{algorithm: "SHA-256", challenge, salt, signature, maxnumber}`, where
//! `challenge` is SHA-256(salt + a secret number up to `maxnumber`) and `signature` is its
//! HMAC-SHA-256 under the service's key; the salt carries `expires=<unix seconds>&`, so the
//! expiry is signed too. A solution is the base64 of `{algorithm, challenge, number, salt,
//! signature}` (the widget adds `took`). Checking one needs no storage; that each is accepted
//! only once is `services::altcha`'s part.

use altcha_lib_rs::algorithm::AltchaAlgorithm;
use altcha_lib_rs::{ChallengeOptions, Payload};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::reason::Reason;

/// How long a challenge may be solved and its solution sent.
pub const LIFETIME_MINUTES: i64 = 10;

/// The largest `maxnumber` the protocol's verifier accepts (`altcha-lib-rs`'s default).
pub const MAX_NUMBER_LIMIT: u64 = altcha_lib_rs::DEFAULT_MAX_NUMBER;

/// A challenge, as the widget takes it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Challenge {
    /// Always `SHA-256`.
    #[schema(example = "SHA-256")]
    pub algorithm: String,
    /// SHA-256 (hex) of `salt` followed by the secret number.
    pub challenge: String,
    /// Random hex, then `?expires=<unix seconds>&`.
    pub salt: String,
    /// HMAC-SHA-256 (hex) of `challenge` under the service's key.
    pub signature: String,
    /// The secret number is at most this.
    pub maxnumber: u64,
}

/// A solution that checked out: what spending it records.
#[derive(Debug, Clone, PartialEq)]
pub struct Solved {
    /// Its challenge's signature (one per challenge).
    pub signature: String,
    /// When its challenge expires.
    pub expires_at: DateTime<Utc>,
}

/// A new challenge signed with `key`, expiring `LIFETIME_MINUTES` after `now`.
pub fn challenge(key: &str, max_number: u64, now: DateTime<Utc>) -> anyhow::Result<Challenge> {
    let c = altcha_lib_rs::create_challenge(ChallengeOptions {
        algorithm: Some(AltchaAlgorithm::Sha256),
        max_number: Some(max_number.clamp(1, MAX_NUMBER_LIMIT)),
        hmac_key: key,
        expires: Some(now + Duration::minutes(LIFETIME_MINUTES)),
        ..Default::default()
    })
    .map_err(|e| anyhow::anyhow!("creating an ALTCHA challenge: {e}"))?;
    Ok(Challenge {
        algorithm: c.algorithm.to_string(),
        challenge: c.challenge,
        salt: c.salt,
        signature: c.signature,
        maxnumber: c.maxnumber,
    })
}

/// Checks a solution (`payload`, base64) against `key` at `now`: `AltchaInvalid` unless it is
/// the right number for a challenge signed with `key`; `AltchaExpired` once its challenge has
/// expired.
pub fn check(payload: &str, key: &str, now: DateTime<Utc>) -> Result<Solved, Reason> {
    let json = base64::engine::general_purpose::STANDARD
        .decode(payload.trim().as_bytes())
        .map_err(|_| Reason::AltchaInvalid)?;
    let p: Payload = serde_json::from_slice(&json).map_err(|_| Reason::AltchaInvalid)?;
    if !matches!(p.algorithm, AltchaAlgorithm::Sha256) {
        return Err(Reason::AltchaInvalid);
    }
    let expires_at = expires_of(&p.salt).ok_or(Reason::AltchaInvalid)?;
    // the expiry is read here by the service's clock; the signature covers it
    altcha_lib_rs::verify_solution(&p, key, false).map_err(|_| Reason::AltchaInvalid)?;
    if expires_at <= now {
        return Err(Reason::AltchaExpired);
    }
    Ok(Solved { signature: p.signature, expires_at })
}

/// The `expires` parameter of a salt (`…?expires=1715526540&`), only when closed by `&` as the
/// protocol writes it (otherwise digits of the number could be moved into it).
fn expires_of(salt: &str) -> Option<DateTime<Utc>> {
    let (_, params) = salt.split_once('?')?;
    if !params.ends_with('&') {
        return None;
    }
    let secs = params.split('&').find_map(|p| p.strip_prefix("expires="))?.parse::<i64>().ok()?;
    DateTime::from_timestamp(secs, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "a test key";

    fn now() -> DateTime<Utc> {
        "2021-03-10T12:00:00Z".parse().unwrap()
    }

    /// The base64 solution of `c`, found by the crate's solver.
    fn solve(c: &Challenge) -> String {
        let number = altcha_lib_rs::solve_challenge(
            &c.challenge,
            &c.salt,
            Some(AltchaAlgorithm::Sha256),
            Some(c.maxnumber),
            0,
        )
        .unwrap();
        encode(serde_json::json!({"algorithm": c.algorithm, "challenge": c.challenge, "number": number,
            "salt": c.salt, "signature": c.signature, "took": 12}))
    }

    fn encode(v: serde_json::Value) -> String {
        base64::engine::general_purpose::STANDARD.encode(v.to_string())
    }

    #[test]
    fn a_solved_challenge_checks_out_until_it_expires_ten_minutes_later() {
        let c = challenge(KEY, 500, now()).unwrap();
        assert_eq!((c.algorithm.as_str(), c.maxnumber), ("SHA-256", 500));
        let expires = now() + Duration::minutes(10);
        assert!(c.salt.ends_with(&format!("?expires={}&", expires.timestamp())), "{}", c.salt);
        let solved = check(&solve(&c), KEY, now() + Duration::minutes(9)).unwrap();
        assert_eq!(solved, Solved { signature: c.signature.clone(), expires_at: expires });
        assert_eq!(check(&solve(&c), KEY, expires), Err(Reason::AltchaExpired));
    }

    #[test]
    fn anything_but_the_right_number_for_a_challenge_signed_with_the_key_is_invalid() {
        let c = challenge(KEY, 500, now()).unwrap();
        let good: serde_json::Value =
            serde_json::from_slice(&base64::engine::general_purpose::STANDARD.decode(solve(&c)).unwrap())
                .unwrap();
        let with = |field: &str, value: serde_json::Value| {
            let mut v = good.clone();
            v[field] = value;
            encode(v)
        };
        let wrong_number = (good["number"].as_u64().unwrap() + 1) % 501;
        let later = format!("{}?expires={}&", &c.salt[..24], (now() + Duration::days(1)).timestamp());
        for bad in [
            String::new(),
            "not base64!".into(),
            base64::engine::general_purpose::STANDARD.encode("not json"),
            encode(serde_json::json!({"number": 1})),
            with("number", serde_json::json!(wrong_number)),
            with("number", serde_json::json!(-1)),
            with("signature", serde_json::json!("00".repeat(32))),
            with("algorithm", serde_json::json!("SHA-512")),
            with("algorithm", serde_json::json!("MD5")),
            with("salt", serde_json::json!(later)),
            with("salt", serde_json::json!(&c.salt[..24])),
        ] {
            assert_eq!(check(&bad, KEY, now()), Err(Reason::AltchaInvalid), "{bad}");
        }
        assert_eq!(check(&solve(&c), "another key", now()), Err(Reason::AltchaInvalid));
    }

    #[test]
    fn the_expiry_is_read_only_when_the_salt_closes_it_with_an_ampersand() {
        let at = |s: i64| DateTime::from_timestamp(s, 0);
        assert_eq!(expires_of("ab12?expires=1715526540&"), at(1715526540));
        assert_eq!(expires_of("ab12?x=1&expires=1715526540&"), at(1715526540));
        assert_eq!(expires_of("ab12?expires=1715526540"), None);
        assert_eq!(expires_of("ab12?expires=1715526540&7"), None);
        assert_eq!(expires_of("ab12?expires=soon&"), None);
        assert_eq!(expires_of("ab12"), None);
        assert_eq!(expires_of("ab12?&"), None);
    }
}

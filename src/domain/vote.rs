//! The public online vote: when a vote takes votes, when it may close, the tally that picks the
//! nominations going on (everyone tied at the cut-off goes on too), and each voter's own stable
//! order of the nominees. Pure rules; `services::vote` applies them.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain::round::RoundStatus;

crate::text_enum! {
    /// What a round is.
    pub enum RoundKind {
        /// Judges score the nominations assigned to them.
        Judged = "judged",
        /// The public votes, one vote per voter per category.
        PublicVote = "public_vote",
    }
}

/// Why a vote refuses: each a 409 with its own stable code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoteRefusal {
    /// Votes are taken only while the round is open and `opens_at` ≤ now < `closes_at`.
    NotOpen {
        /// When voting starts.
        opens_at: DateTime<Utc>,
        /// When voting ends.
        closes_at: DateTime<Utc>,
    },
    /// A vote closes only once its window has ended.
    StillOpen(DateTime<Utc>),
    /// One vote per voter per category, and it is final.
    AlreadyVoted,
}

impl VoteRefusal {
    /// The stable problem code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotOpen { .. } => "vote_not_open",
            Self::StillOpen(_) => "vote_still_open",
            Self::AlreadyVoted => "already_voted",
        }
    }

    /// What a person is told.
    pub fn message(&self) -> String {
        match self {
            Self::NotOpen { opens_at, closes_at } => {
                format!("votes are taken from {} until {}", opens_at.to_rfc3339(), closes_at.to_rfc3339())
            }
            Self::StillOpen(closes_at) => {
                format!("the vote is open until {}: it closes after that", closes_at.to_rfc3339())
            }
            Self::AlreadyVoted => "you have already voted in this category; a vote is final".into(),
        }
    }
}

/// A vote is taken when the round is open and `opens_at` ≤ `now` < `closes_at`.
pub fn may_cast(
    status: RoundStatus, opens_at: DateTime<Utc>, closes_at: DateTime<Utc>, now: DateTime<Utc>,
) -> Result<(), VoteRefusal> {
    if status == RoundStatus::Open && opens_at <= now && now < closes_at {
        Ok(())
    } else {
        Err(VoteRefusal::NotOpen { opens_at, closes_at })
    }
}

/// A vote closes once `closes_at` has come (the instant itself no longer takes votes).
pub fn may_close(closes_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), VoteRefusal> {
    if now >= closes_at { Ok(()) } else { Err(VoteRefusal::StillOpen(closes_at)) }
}

/// One nominee's count going into the tally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    /// The nomination.
    pub nomination: Uuid,
    /// Its category.
    pub category: Uuid,
    /// Valid votes (what ranks).
    pub valid: i64,
    /// Every vote cast for it.
    pub raw: i64,
}

/// One nominee's place after the tally.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tallied {
    /// The count.
    pub count: Count,
    /// 1 for the most valid votes in its category; equal counts share a rank (1, 2, 2, 4).
    pub rank: i32,
    /// Another nominee of the category has as many valid votes.
    pub tied: bool,
    /// Goes on to the next round: its rank is within `advance`.
    pub advanced: bool,
    /// Goes on only because it is tied with the last place that goes on.
    pub tie_at_cutoff: bool,
}

/// Ranks each category by valid votes: the `advance` with most votes go on, and everyone tied
/// with the last of them goes on too (flagged `tie_at_cutoff`). Within a category, the order of
/// equal counts is by nomination id, so the result does not depend on the input's order.
pub fn tally(counts: &[Count], advance: usize) -> Vec<Tallied> {
    let mut by_category: HashMap<Uuid, Vec<Count>> = HashMap::new();
    for c in counts {
        by_category.entry(c.category).or_default().push(*c);
    }
    let mut out = Vec::with_capacity(counts.len());
    let mut categories: Vec<_> = by_category.into_iter().collect();
    categories.sort_by_key(|(id, _)| *id);
    for (_, mut list) in categories {
        list.sort_by(|a, b| b.valid.cmp(&a.valid).then(a.nomination.cmp(&b.nomination)));
        // the count of the last place that goes on, when someone beyond the cut shares it
        let tie_at_cut = advance
            .checked_sub(1)
            .and_then(|last| list.get(last))
            .map(|c| c.valid)
            .filter(|v| list.iter().skip(advance).any(|o| o.valid == *v));
        let mut rank = 0;
        for (i, c) in list.iter().enumerate() {
            if i == 0 || list[i - 1].valid != c.valid {
                rank = i as i32 + 1;
            }
            let tied = list.iter().filter(|o| o.valid == c.valid).count() > 1;
            let advanced = (rank as usize) <= advance;
            let tie_at_cutoff = advanced && tie_at_cut == Some(c.valid);
            out.push(Tallied { count: *c, rank, tied, advanced, tie_at_cutoff });
        }
    }
    out
}

/// The order a voter sees a category's nominees in: shuffled per voter, and the same every time
/// for that voter (SHA-256 of the voter and the nominee, stable across releases and processes);
/// `voter` None (the public) gets the order of the round's own seed.
pub fn ballot_order(voter: Option<Uuid>, round_seed: i64, nominees: &mut [Uuid]) {
    use sha2::{Digest, Sha256};
    let key = |n: &Uuid| {
        let mut h = Sha256::new();
        match voter {
            Some(v) => h.update(v.as_bytes()),
            None => h.update(round_seed.to_be_bytes()),
        }
        h.update(n.as_bytes());
        let digest = h.finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        (u64::from_be_bytes(first), *n)
    };
    nominees.sort_by_cached_key(key);
}

/// The client network a vote keeps as evidence: the /24 of an IPv4 address, the /64 of an IPv6
/// one (an IPv4-mapped IPv6 address counts as IPv4).
pub fn network_of(ip: std::net::IpAddr) -> String {
    use std::net::IpAddr;
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, c, _] = v4.octets();
            format!("{a}.{b}.{c}.0/24")
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => network_of(IpAddr::V4(v4)),
            None => {
                let s = v6.segments();
                let net = std::net::Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0);
                format!("{net}/64")
            }
        },
    }
}

/// The network an organiser names to invalidate votes by: an address (its /24 or /64 is meant),
/// or a network written as votes keep it (`203.0.113.0/24`, `2001:db8:1:2::/64`). None when it
/// is neither.
pub fn parse_network(s: &str) -> Option<String> {
    let s = s.trim();
    let (addr, len) = match s.split_once('/') {
        Some((a, l)) => (a, Some(l.parse::<u8>().ok()?)),
        None => (s, None),
    };
    let ip: std::net::IpAddr = addr.parse().ok()?;
    let net = network_of(ip);
    let want = if net.ends_with("/24") { 24 } else { 64 };
    match len {
        Some(l) if l != want => None,
        _ => Some(net),
    }
}

/// HMAC-SHA-256 (RFC 2104) of `data` under `key`: the keyed hash a vote keeps of the client's
/// full address and of its user agent, so that votes from one address can be found without the
/// address being stored.
pub fn keyed_hash(key: &[u8], data: &[u8]) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    const BLOCK: usize = 64;
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| k.iter().map(|b| b ^ byte).collect::<Vec<u8>>();
    let inner = Sha256::new().chain_update(pad(0x36)).chain_update(data).finalize();
    Sha256::new().chain_update(pad(0x5c)).chain_update(inner).finalize().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn count(n: u128, category: u128, valid: i64) -> Count {
        Count { nomination: id(n), category: id(category), valid, raw: valid + 1 }
    }

    #[test]
    fn votes_are_taken_from_the_opening_instant_until_just_before_the_close() {
        let (opens, closes) = (utc("2021-03-01T00:00:00Z"), utc("2021-03-31T22:00:00Z"));
        assert!(may_cast(RoundStatus::Open, opens, closes, opens).is_ok());
        assert!(may_cast(RoundStatus::Open, opens, closes, utc("2021-03-31T21:59:59Z")).is_ok());
        for now in [utc("2021-02-28T23:59:59Z"), closes, utc("2021-04-01T00:00:00Z")] {
            let refusal = may_cast(RoundStatus::Open, opens, closes, now).unwrap_err();
            assert_eq!(refusal.code(), "vote_not_open");
        }
        for status in [RoundStatus::Draft, RoundStatus::Closed] {
            assert!(may_cast(status, opens, closes, utc("2021-03-15T12:00:00Z")).is_err());
        }
    }

    #[test]
    fn a_vote_closes_at_its_closing_instant_and_not_a_second_before() {
        let closes = utc("2021-03-31T22:00:00Z");
        let refusal = may_close(closes, utc("2021-03-31T21:59:59Z")).unwrap_err();
        assert_eq!(refusal.code(), "vote_still_open");
        assert!(refusal.message().contains("2021-03-31T22:00:00"));
        assert!(may_close(closes, closes).is_ok());
    }

    #[test]
    fn the_most_voted_go_on_and_ranks_are_shared_by_equal_counts() {
        let counts = [count(1, 100, 50), count(2, 100, 70), count(3, 100, 10), count(4, 100, 30)];
        let t = tally(&counts, 2);
        let by = |n: u128| t.iter().find(|x| x.count.nomination == id(n)).unwrap();
        assert_eq!((by(2).rank, by(1).rank, by(4).rank, by(3).rank), (1, 2, 3, 4));
        assert!(by(2).advanced && by(1).advanced && !by(4).advanced && !by(3).advanced);
        assert!(t.iter().all(|x| !x.tied && !x.tie_at_cutoff));
    }

    #[test]
    fn everyone_tied_at_the_cut_off_goes_on_and_is_flagged() {
        // 5 go on; places 5, 6 and 7 have 20 votes each
        let counts = [
            count(1, 9, 90),
            count(2, 9, 80),
            count(3, 9, 70),
            count(4, 9, 60),
            count(5, 9, 20),
            count(6, 9, 20),
            count(7, 9, 20),
            count(8, 9, 5),
        ];
        let t = tally(&counts, 5);
        let advanced: Vec<_> = t.iter().filter(|x| x.advanced).map(|x| x.count.nomination).collect();
        assert_eq!(advanced.len(), 7);
        for n in [5, 6, 7] {
            let x = t.iter().find(|x| x.count.nomination == id(n)).unwrap();
            assert_eq!(x.rank, 5);
            assert!(x.tied && x.advanced && x.tie_at_cutoff, "{x:?}");
        }
        for n in [1, 2, 3, 4] {
            let x = t.iter().find(|x| x.count.nomination == id(n)).unwrap();
            assert!(!x.tie_at_cutoff);
        }
        assert!(!t.iter().find(|x| x.count.nomination == id(8)).unwrap().advanced);
    }

    #[test]
    fn categories_are_ranked_apart_and_the_input_order_does_not_matter() {
        let a = [count(1, 1, 3), count(2, 1, 5), count(3, 2, 1), count(4, 2, 0)];
        let mut b = a;
        b.reverse();
        let key = |t: Vec<Tallied>| {
            let mut v: Vec<_> = t.into_iter().map(|x| (x.count.nomination, x.rank, x.advanced)).collect();
            v.sort();
            v
        };
        assert_eq!(key(tally(&a, 1)), key(tally(&b, 1)));
        let t = tally(&a, 1);
        let firsts: Vec<_> = t.iter().filter(|x| x.rank == 1).map(|x| x.count.nomination).collect();
        assert_eq!(firsts.len(), 2);
        assert!(firsts.contains(&id(2)) && firsts.contains(&id(3)));
    }

    #[test]
    fn nobody_voted_means_everyone_is_tied_first_and_goes_on() {
        let t = tally(&[count(1, 1, 0), count(2, 1, 0), count(3, 1, 0)], 1);
        assert!(t.iter().all(|x| x.rank == 1 && x.tied && x.advanced && x.tie_at_cutoff));
    }

    #[test]
    fn each_voter_sees_their_own_order_and_the_same_one_every_time() {
        let nominees: Vec<Uuid> = (1..=20).map(id).collect();
        let order = |voter: Option<Uuid>| {
            let mut v = nominees.clone();
            ballot_order(voter, 42, &mut v);
            v
        };
        let alice = Some(id(1000));
        assert_eq!(order(alice), order(alice));
        assert_ne!(order(alice), order(Some(id(1001))));
        assert_ne!(order(alice), nominees, "not the stored order");
        let mut sorted = order(alice);
        sorted.sort();
        assert_eq!(sorted, nominees, "the same nominees");
        assert_eq!(order(None), order(None));
    }

    #[test]
    fn kinds_read_back_from_their_stored_words() {
        for k in RoundKind::ALL {
            assert_eq!(RoundKind::parse(k.as_str()), Some(*k));
            assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
        }
    }
    #[test]
    fn the_evidence_keeps_the_slash_24_or_slash_64_network() {
        assert_eq!(network_of("203.0.113.77".parse().unwrap()), "203.0.113.0/24");
        assert_eq!(network_of("2001:db8:1:2:3:4:5:6".parse().unwrap()), "2001:db8:1:2::/64");
        assert_eq!(network_of("::ffff:198.51.100.9".parse().unwrap()), "198.51.100.0/24");
    }

    #[test]
    fn the_keyed_hash_is_hmac_sha256() {
        // RFC 4231, test case 2
        let mac = keyed_hash(b"Jefe", b"what do ya want for nothing?");
        let hex: String = mac.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assert_ne!(keyed_hash(b"another key", b"what do ya want for nothing?"), mac);
    }
    #[test]
    fn an_organiser_names_a_network_by_an_address_or_as_votes_keep_it() {
        assert_eq!(parse_network("203.0.113.77").as_deref(), Some("203.0.113.0/24"));
        assert_eq!(parse_network(" 203.0.113.0/24 ").as_deref(), Some("203.0.113.0/24"));
        assert_eq!(parse_network("2001:db8:1:2::/64").as_deref(), Some("2001:db8:1:2::/64"));
        assert_eq!(parse_network("2001:db8:1:2:aa::1").as_deref(), Some("2001:db8:1:2::/64"));
        for bad in ["203.0.113.0/16", "2001:db8::/48", "not a network", "", "300.1.1.1", "1.2.3.4/x"] {
            assert_eq!(parse_network(bad), None, "{bad}");
        }
    }
}

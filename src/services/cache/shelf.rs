//! One map of the process cache: values with the instant their read began, and the rule that
//! decides whether a read may still be kept (`Gate`).

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::RwLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Whether reads may be served from memory and kept there, and the count of evictions that
/// tells a read whether something changed while it ran.
#[derive(Debug, Default)]
pub struct Gate {
    /// Bumped by every eviction, before the entries go.
    generation: AtomicU64,
    /// Whether this process is listening for changes (nothing is kept or served otherwise).
    listening: AtomicBool,
}

/// Taken before a read from the database; the read is kept only if nothing was evicted and the
/// listener did not stop meanwhile.
#[derive(Debug, Clone, Copy)]
pub struct Ticket {
    generation: u64,
    /// When the read began: what it brings is at least this old.
    pub at: Instant,
}

impl Gate {
    /// A ticket for a read, or `None` when nothing may be kept (no listener).
    pub fn ticket(&self) -> Option<Ticket> {
        let generation = self.generation.load(Ordering::SeqCst);
        self.is_listening().then(|| Ticket { generation, at: Instant::now() })
    }

    /// Whether a read with this ticket may be kept now.
    pub fn admits(&self, ticket: Ticket) -> bool {
        self.is_listening() && self.generation.load(Ordering::SeqCst) == ticket.generation
    }

    /// Called before entries are evicted: reads in flight will not be kept.
    pub fn bump(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// Whether the listener is up.
    pub fn is_listening(&self) -> bool {
        self.listening.load(Ordering::SeqCst)
    }

    /// Records that the listener is up (after `LISTEN`) or down (before the cache is cleared).
    pub fn set_listening(&self, up: bool) {
        if !up {
            self.bump();
        }
        self.listening.store(up, Ordering::SeqCst);
    }
}

/// A value and when its read began.
#[derive(Debug, Clone)]
struct Kept<V> {
    value: V,
    read_at: Instant,
}

/// A map whose entries are served for `bound` after their read began, at most `capacity` of
/// them (past that the map starts afresh: keys come from requests).
#[derive(Debug)]
pub struct Shelf<K, V> {
    map: RwLock<HashMap<K, Kept<V>>>,
    capacity: usize,
}

impl<K: Eq + Hash, V: Clone> Shelf<K, V> {
    /// An empty shelf holding at most `capacity` entries.
    pub fn new(capacity: usize) -> Self {
        Self { map: RwLock::default(), capacity }
    }

    /// The value, if kept and read less than `bound` ago.
    pub fn get<Q: Eq + Hash + ?Sized>(&self, key: &Q, bound: Duration) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let map = self.map.read().expect("cache lock");
        map.get(key).filter(|k| k.read_at.elapsed() < bound).map(|k| k.value.clone())
    }

    /// Keeps a value read with `ticket`, unless the gate refuses it. The gate is asked under
    /// the map's lock, so an eviction (which bumps the gate first, then takes the lock) either
    /// refuses this value or removes it afterwards.
    pub fn put(&self, gate: &Gate, ticket: Option<Ticket>, key: K, value: V) -> bool {
        let Some(ticket) = ticket else { return false };
        let mut map = self.map.write().expect("cache lock");
        if !gate.admits(ticket) {
            return false;
        }
        if map.len() >= self.capacity && !map.contains_key(&key) {
            map.clear();
        }
        map.insert(key, Kept { value, read_at: ticket.at });
        true
    }

    /// Changes a kept value in place (its read time stays); nothing when it is not kept.
    pub fn update<Q: Eq + Hash + ?Sized>(&self, key: &Q, change: impl FnOnce(&mut V))
    where
        K: Borrow<Q>,
    {
        if let Some(k) = self.map.write().expect("cache lock").get_mut(key) {
            change(&mut k.value);
        }
    }

    /// Forgets one key.
    pub fn remove(&self, key: &K) {
        self.map.write().expect("cache lock").remove(key);
    }

    /// Forgets every entry the predicate names.
    pub fn remove_where(&self, doomed: impl Fn(&K, &V) -> bool) {
        self.map.write().expect("cache lock").retain(|k, v| !doomed(k, &v.value));
    }

    /// Forgets everything.
    pub fn clear(&self) {
        self.map.write().expect("cache lock").clear();
    }

    /// How many entries are kept.
    pub fn len(&self) -> usize {
        self.map.read().expect("cache lock").len()
    }

    /// Whether nothing is kept.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: Duration = Duration::from_secs(60);

    fn listening() -> Gate {
        let gate = Gate::default();
        gate.set_listening(true);
        gate
    }

    #[test]
    fn a_value_read_while_listening_is_kept_and_served() {
        let (gate, shelf) = (listening(), Shelf::new(10));
        assert!(shelf.put(&gate, gate.ticket(), 1, "one"));
        assert_eq!(shelf.get(&1, LONG), Some("one"));
    }

    #[test]
    fn nothing_is_kept_while_the_listener_is_down() {
        let (gate, shelf) = (Gate::default(), Shelf::<i32, &str>::new(10));
        assert!(gate.ticket().is_none());
        assert!(!shelf.put(&gate, gate.ticket(), 1, "one"));
        assert_eq!(shelf.get(&1, LONG), None);
    }

    #[test]
    fn a_read_that_began_before_an_eviction_is_not_kept() {
        let (gate, shelf) = (listening(), Shelf::new(10));
        let ticket = gate.ticket();
        gate.bump();
        assert!(!shelf.put(&gate, ticket, 1, "stale"));
        assert!(shelf.put(&gate, gate.ticket(), 1, "fresh"));
    }

    #[test]
    fn a_read_that_began_before_the_listener_stopped_is_not_kept() {
        let (gate, shelf) = (listening(), Shelf::new(10));
        let ticket = gate.ticket();
        gate.set_listening(false);
        gate.set_listening(true);
        assert!(!shelf.put(&gate, ticket, 1, "maybe stale"));
    }

    #[test]
    fn an_entry_older_than_the_bound_is_not_served() {
        let (gate, shelf) = (listening(), Shelf::new(10));
        let mut ticket = gate.ticket().unwrap();
        ticket.at -= Duration::from_millis(50);
        shelf.put(&gate, Some(ticket), 1, "old");
        assert_eq!(shelf.get(&1, Duration::from_millis(10)), None);
        assert_eq!(shelf.get(&1, LONG), Some("old"));
    }

    #[test]
    fn a_full_shelf_starts_afresh() {
        let (gate, shelf) = (listening(), Shelf::new(2));
        shelf.put(&gate, gate.ticket(), 1, "a");
        shelf.put(&gate, gate.ticket(), 2, "b");
        shelf.put(&gate, gate.ticket(), 3, "c");
        assert_eq!((shelf.len(), shelf.get(&3, LONG)), (1, Some("c")));
    }

    #[test]
    fn entries_can_be_removed_by_key_or_by_value() {
        let (gate, shelf) = (listening(), Shelf::new(10));
        for (k, v) in [(1, "x"), (2, "y"), (3, "x")] {
            shelf.put(&gate, gate.ticket(), k, v);
        }
        shelf.remove(&2);
        assert_eq!(shelf.get(&2, LONG), None);
        shelf.remove_where(|_, v| *v == "x");
        assert!(shelf.is_empty());
    }
}

//! What a process remembers between requests to spare a read, where the statement that uses it
//! checks it again: an entry may be stale or missing, never trusted. A write that uses one
//! guards it in its own statement (a round still open, a row still at the version remembered),
//! and when the guard fails it takes the careful path, which reads everything afresh.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// A bounded map from keys to shared values; when full it forgets everything (entries are
/// cheap to learn again, and a full map means the working set moved on).
#[derive(Debug)]
pub struct Remembered<K, V> {
    entries: Mutex<HashMap<K, Arc<V>>>,
    capacity: usize,
}

impl<K: Eq + Hash, V> Remembered<K, V> {
    /// An empty map holding at most `capacity` entries.
    pub fn new(capacity: usize) -> Self {
        Self { entries: Mutex::new(HashMap::new()), capacity: capacity.max(1) }
    }

    /// The value remembered for `key`.
    pub fn get(&self, key: &K) -> Option<Arc<V>> {
        self.entries.lock().ok()?.get(key).cloned()
    }

    /// Remembers `value` for `key`.
    pub fn put(&self, key: K, value: V) {
        if let Ok(mut map) = self.entries.lock() {
            if map.len() >= self.capacity {
                map.clear();
            }
            map.insert(key, Arc::new(value));
        }
    }

    /// Forgets `key`.
    pub fn forget(&self, key: &K) {
        if let Ok(mut map) = self.entries.lock() {
            map.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_map_forgets_everything_before_remembering_more() {
        let m = Remembered::new(2);
        m.put(1, "a");
        m.put(2, "b");
        assert_eq!(m.get(&1).as_deref(), Some(&"a"));
        m.put(3, "c");
        assert_eq!((m.get(&1), m.get(&2)), (None, None));
        assert_eq!(m.get(&3).as_deref(), Some(&"c"));
        m.forget(&3);
        assert_eq!(m.get(&3), None);
    }
}

//! One series of a scrape, stored compactly: its value and a shared
//! pointer to its identity (name and labels).
//!
//! A fleet holds the first scrape of every replica through the sampling
//! window, and replicas of one service expose the same series, so an
//! identity is interned once per process and each scrape holds 16 bytes
//! per series instead of its own name, label strings and map (about 500
//! bytes each: 200 KB per scrape of the server, 100 MB for a fleet of
//! 500). The table drops identities no series holds any more whenever it
//! has doubled since it last did, so a run that scrapes again and again
//! keeps only what it still uses.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A series' labels, sorted by name, each name once.
#[derive(Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Labels(Box<[(Box<str>, Box<str>)]>);

impl Labels {
    /// The value of label `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        let found = self.0.binary_search_by(|(label, _)| (**label).cmp(name)).ok()?;
        Some(&self.0[found].1)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Every label as (name, value), in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(name, value)| (&**name, &**value))
    }
}

/// What a series is, apart from its value.
#[derive(Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct SeriesKey {
    name: Box<str>,
    labels: Labels,
}

/// One series of an exposition: name, labels, value.
#[derive(Clone, PartialEq)]
pub struct Series {
    key: Arc<SeriesKey>,
    pub value: f64,
}

impl Series {
    /// The series `name{labels}` with `value`; a label given twice keeps
    /// its last value.
    pub fn new<N: AsRef<str>, V: AsRef<str>>(
        name: &str,
        labels: impl IntoIterator<Item = (N, V)>,
        value: f64,
    ) -> Series {
        let sorted: BTreeMap<Box<str>, Box<str>> =
            labels.into_iter().map(|(n, v)| (n.as_ref().into(), v.as_ref().into())).collect();
        let key = SeriesKey { name: name.into(), labels: Labels(sorted.into_iter().collect()) };
        Series { key: intern(key), value }
    }

    pub fn name(&self) -> &str {
        &self.key.name
    }

    pub fn labels(&self) -> &Labels {
        &self.key.labels
    }

    /// The value of label `name`.
    pub fn label(&self, name: &str) -> Option<&str> {
        self.key.labels.get(name)
    }
}

impl std::fmt::Debug for Series {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let labels: BTreeMap<&str, &str> = self.labels().iter().collect();
        f.debug_struct("Series")
            .field("name", &self.name())
            .field("labels", &labels)
            .field("value", &self.value)
            .finish()
    }
}

/// The form a series takes in a bundle: name, labels as a map, value.
#[derive(Serialize, Deserialize)]
struct Record<L> {
    name: String,
    #[serde(default)]
    labels: L,
    value: f64,
}

impl Serialize for Series {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let labels: BTreeMap<&str, &str> = self.labels().iter().collect();
        Record { name: self.name().to_owned(), labels, value: self.value }.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Series {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let record = Record::<BTreeMap<String, String>>::deserialize(deserializer)?;
        Ok(Series::new(&record.name, record.labels, record.value))
    }
}

/// Every identity some series holds, and the size at which to next drop
/// those none holds.
struct Table {
    keys: HashSet<Arc<SeriesKey>>,
    sweep_at: usize,
}

/// Below this many identities the table is not swept.
const SWEEP_FLOOR: usize = 4096;

static TABLE: Mutex<Option<Table>> = Mutex::new(None);

fn intern(key: SeriesKey) -> Arc<SeriesKey> {
    // A panic while the lock was held left a valid table: at worst one
    // identity short.
    let mut guard = TABLE.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let table = guard.get_or_insert_with(|| Table { keys: HashSet::new(), sweep_at: SWEEP_FLOOR });
    if let Some(found) = table.keys.get(&key) {
        return Arc::clone(found);
    }
    if table.keys.len() >= table.sweep_at {
        table.keys.retain(|held| Arc::strong_count(held) > 1);
        table.sweep_at = (table.keys.len() * 2).max(SWEEP_FLOOR);
    }
    let key = Arc::new(key);
    table.keys.insert(Arc::clone(&key));
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_series_shares_one_identity() {
        let a = Series::new("m_total", [("b", "2"), ("a", "1")], 1.0);
        let b = Series::new("m_total", [("a", "1"), ("b", "2")], 2.0);
        assert!(Arc::ptr_eq(&a.key, &b.key));
        assert_eq!(a.labels().iter().collect::<Vec<_>>(), [("a", "1"), ("b", "2")]);
        assert_eq!(a.label("b"), Some("2"));
        assert_eq!(a.label("c"), None);
        let other = Series::new("m_total", [("a", "1")], 1.0);
        assert!(!Arc::ptr_eq(&a.key, &other.key));
    }

    #[test]
    fn a_bundle_keeps_name_labels_and_value() {
        let series = Series::new("h_bucket", [("le", "0.5"), ("route", "/x")], 3.0);
        let json = serde_json::to_value(&series).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"name": "h_bucket", "labels": {"le": "0.5", "route": "/x"}, "value": 3.0})
        );
        let back: Series = serde_json::from_value(json).unwrap();
        assert_eq!(back, series);
        let bare: Series = serde_json::from_str(r#"{"name": "up", "value": 1}"#).unwrap();
        assert_eq!(bare.labels().iter().count(), 0);
    }

    #[test]
    fn identities_no_series_holds_are_swept() {
        let name = "sweep_test_series";
        for round in 0..3 {
            let held: Vec<Series> = (0..SWEEP_FLOOR)
                .map(|i| Series::new(name, [("i", i.to_string()), ("r", round.to_string())], 0.0))
                .collect();
            drop(held);
        }
        let guard = TABLE.lock().unwrap();
        let left = guard.as_ref().unwrap().keys.iter().filter(|k| &*k.name == name).count();
        // Each sweep drops every earlier round; at most the last two remain.
        assert!(left <= 2 * SWEEP_FLOOR, "{left} identities left");
    }
}

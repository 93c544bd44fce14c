//! The two cache tiers in front of storage.
//!
//! L1 is an in-process cache bounded by entry count and TTL. L2 is
//! Redis, shared by replicas. Both hold the rendered JSON body of an entry
//! with its version, so a hit is served without touching serde.
//!
//! L2 is optional and never on the critical path: every command has a
//! deadline, and after a failure the tier is marked down and skipped until a
//! background probe sees Redis answer again. Writes and deletes that could
//! not reach Redis while it was down are remembered and replayed as deletes
//! before the tier is used again, so a recovered Redis never serves a value
//! that storage has since replaced.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use prometheus::{IntCounter, IntCounterVec};
use redis::aio::ConnectionManager;

use super::storage::ConfigId;
use contract::metrics::{EvictionCause, Tier};

/// A cached entry: its version and the JSON body the API returns for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedValue {
    pub version: i64,
    pub body: Bytes,
}

/// Approximate heap cost of one L1 entry whose key's parts take
/// `key_bytes`, for `memory_usage_bytes`.
fn entry_cost(key_bytes: usize, value: &CachedValue) -> u64 {
    const OVERHEAD: usize = 128;
    (key_bytes + value.body.len() + OVERHEAD) as u64
}

/// How L1 holds a key: its three parts in one allocation, so that a
/// lookup compares against one block of memory rather than following
/// three pointers (the probe's key comparisons were the largest cost of a
/// hit), and an entry costs one allocation instead of three. It hashes as
/// the [`ConfigId`] it was made from, so lookups take a `&ConfigId`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct HeldKey {
    parts: Box<str>,
    namespace_end: usize,
    key_end: usize,
}

impl HeldKey {
    fn new(id: &ConfigId) -> Self {
        let parts = [id.namespace.as_str(), &id.key, &id.environment].concat().into_boxed_str();
        let namespace_end = id.namespace.len();
        HeldKey { parts, namespace_end, key_end: namespace_end + id.key.len() }
    }

    /// Namespace, key and environment.
    fn split(&self) -> (&str, &str, &str) {
        let (namespace, rest) = self.parts.split_at(self.namespace_end);
        let (key, environment) = rest.split_at(self.key_end - self.namespace_end);
        (namespace, key, environment)
    }
}

impl std::hash::Hash for HeldKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        // The field order and types of `ConfigId`'s derived `Hash`.
        let (namespace, key, environment) = self.split();
        namespace.hash(state);
        key.hash(state);
        environment.hash(state);
    }
}

impl quick_cache::Equivalent<HeldKey> for ConfigId {
    fn equivalent(&self, held: &HeldKey) -> bool {
        let parts = held.parts.as_bytes();
        parts.len() == self.namespace.len() + self.key.len() + self.environment.len()
            && held.namespace_end == self.namespace.len()
            && held.key_end == self.namespace.len() + self.key.len()
            && parts[..held.namespace_end] == *self.namespace.as_bytes()
            && parts[held.namespace_end..held.key_end] == *self.key.as_bytes()
            && parts[held.key_end..] == *self.environment.as_bytes()
    }
}

/// An L1 entry and when it expires.
#[derive(Debug, Clone)]
struct Held {
    value: Arc<CachedValue>,
    expires: Instant,
}

impl Held {
    fn expired(&self, now: Instant) -> bool {
        self.expires <= now
    }
}

/// What the cache does when it evicts an entry to make room: the bytes
/// it held are given back and the eviction counted, as expired when its
/// TTL had passed (an expired entry nobody read is evicted like any
/// other), else as size.
#[derive(Clone)]
struct Evictions {
    bytes: Arc<AtomicU64>,
    size: IntCounter,
    expired: IntCounter,
}

impl Evictions {
    /// `held` left the cache without being asked to: its bytes given back,
    /// counted as expired if its TTL had passed at `now`, else as size.
    fn evicted(&self, key: &HeldKey, held: &Held, now: Instant) {
        self.bytes.fetch_sub(entry_cost(key.parts.len(), &held.value), Ordering::Relaxed);
        if held.expired(now) { &self.expired } else { &self.size }.inc();
    }
}

impl quick_cache::Lifecycle<HeldKey, Held> for Evictions {
    type RequestState = ();

    fn begin_request(&self) {}

    fn on_evict(&self, (): &mut (), key: HeldKey, held: Held) {
        self.evicted(&key, &held, Instant::now());
    }
}

/// How many locks the writers of L1 are spread over.
const WRITE_STRIPES: usize = 64;

/// The in-process tier: quick_cache, bounded by entry count, with a TTL
/// checked on every read (an expired entry is a miss, and removed).
///
/// quick_cache rather than moka: a hit costs a hash and a shard's read
/// lock, where moka also records the read for its policy and its expiry
/// queues; the whole service read path on a hit measured 2-3 times
/// faster (`cargo bench --bench l1_cache`). The newest-version rule needs
/// a key's read, compare and store to be one step; writers of a key take
/// one of [`WRITE_STRIPES`] locks for it, readers take none.
pub struct L1Cache {
    cache: quick_cache::sync::Cache<
        HeldKey,
        Held,
        quick_cache::UnitWeighter,
        quick_cache::DefaultHashBuilder,
        Evictions,
    >,
    stripes: Box<[Mutex<()>]>,
    striping: std::hash::RandomState,
    evictions: Evictions,
    capacity: u64,
    ttl: Duration,
}

impl L1Cache {
    /// A cache of at most `capacity` entries, each living at most `ttl`.
    /// Evictions (size or expiry) are counted in `evictions{tier="l1",cause}`.
    pub fn new(capacity: u64, ttl: Duration, evictions: IntCounterVec) -> Self {
        let counter =
            |cause: EvictionCause| evictions.with_label_values(&[Tier::L1.label(), cause.label()]);
        let evictions = Evictions {
            bytes: Arc::new(AtomicU64::new(0)),
            size: counter(EvictionCause::Size),
            expired: counter(EvictionCause::Expired),
        };
        let cache = quick_cache::sync::Cache::with(
            usize::try_from(capacity).unwrap_or(usize::MAX),
            capacity,
            quick_cache::UnitWeighter,
            quick_cache::DefaultHashBuilder::default(),
            evictions.clone(),
        );
        L1Cache {
            cache,
            stripes: (0..WRITE_STRIPES).map(|_| Mutex::new(())).collect(),
            striping: std::hash::RandomState::new(),
            evictions,
            capacity,
            ttl,
        }
    }

    pub fn get(&self, id: &ConfigId) -> Option<Arc<CachedValue>> {
        self.get_at(id, Instant::now())
    }

    /// [`L1Cache::get`] at `now`, a moment the caller read: a read path
    /// that times itself reads the clock once for both.
    pub fn get_at(&self, id: &ConfigId, now: Instant) -> Option<Arc<CachedValue>> {
        let held = self.cache.get(id)?;
        if !held.expired(now) {
            return Some(held.value);
        }
        let _writing = self.lock(id);
        let now = Instant::now();
        if let Some((key, held)) = self.cache.remove_if(id, |held| held.expired(now)) {
            self.evictions.evicted(&key, &held, now);
        }
        None
    }

    /// Stores `value` unless the cache already holds a newer version, so a
    /// slow reader filling the cache cannot undo a concurrent write.
    pub fn offer(&self, id: &ConfigId, value: Arc<CachedValue>) {
        self.offer_if(id, value, || true);
    }

    /// [`L1Cache::offer`], when `still_valid` holds at the moment of the
    /// store: it runs under the key's write lock, so no
    /// [`L1Cache::remove`] of the key can slip between the check and the
    /// store.
    pub fn offer_if(
        &self,
        id: &ConfigId,
        value: Arc<CachedValue>,
        still_valid: impl FnOnce() -> bool,
    ) {
        let _writing = self.lock(id);
        let now = Instant::now();
        let current = self.cache.peek(id);
        let newer_held = current
            .as_ref()
            .is_some_and(|held| !held.expired(now) && held.value.version >= value.version);
        if newer_held || !still_valid() {
            return;
        }
        // Replaced by removing first: quick_cache hands a value replaced
        // by `insert` to the lifecycle as if evicted, which would count it
        // as an eviction and give its bytes back twice.
        if let Some((key, replaced)) = current.and_then(|_| self.cache.remove(id)) {
            self.give_back(&key, &replaced);
        }
        let key = HeldKey::new(id);
        self.evictions.bytes.fetch_add(entry_cost(key.parts.len(), &value), Ordering::Relaxed);
        self.cache.insert(key, Held { value, expires: now + self.ttl });
    }

    /// Drops `id`, under the key's write lock (see [`L1Cache::offer_if`]).
    pub fn remove(&self, id: &ConfigId) {
        let _writing = self.lock(id);
        if let Some((key, held)) = self.cache.remove(id) {
            self.give_back(&key, &held);
        }
    }

    /// Drops every entry.
    pub fn clear(&self) {
        let _writing: Vec<_> = self.stripes.iter().map(|stripe| lock(stripe)).collect();
        self.cache.clear();
        self.evictions.bytes.store(0, Ordering::Relaxed);
    }

    /// Entries held.
    pub fn entries(&self) -> u64 {
        self.cache.len() as u64
    }

    /// Approximate bytes held by keys and bodies.
    pub fn bytes(&self) -> u64 {
        self.evictions.bytes.load(Ordering::Relaxed)
    }

    pub fn capacity(&self) -> u64 {
        self.capacity
    }

    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// The write lock of `id`'s stripe.
    fn lock(&self, id: &ConfigId) -> std::sync::MutexGuard<'_, ()> {
        let stripe =
            std::hash::BuildHasher::hash_one(&self.striping, id) as usize % self.stripes.len();
        lock(&self.stripes[stripe])
    }

    fn give_back(&self, key: &HeldKey, held: &Held) {
        self.evictions.bytes.fetch_sub(entry_cost(key.parts.len(), &held.value), Ordering::Relaxed);
    }
}

/// A stripe's lock; one poisoned by a panic guards nothing but `()`.
fn lock(stripe: &Mutex<()>) -> std::sync::MutexGuard<'_, ()> {
    stripe.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Why an L2 operation gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum L2Error {
    #[error("L2 is marked down")]
    Down,
    #[error("Redis did not answer within {0:?}")]
    Timeout(Duration),
    #[error("Redis error: {0}")]
    Redis(#[from] redis::RedisError),
}

/// Most keys remembered for replay while Redis is down; past it the whole
/// key space of this service is purged on recovery instead.
const MAX_MISSED_KEYS: usize = 100_000;
const KEY_PREFIX: &str = "llmcfg:";
/// A deleted key's value in Redis: shorter than any encoded value (which
/// starts with 8 bytes of version), so it decodes as nothing.
const TOMBSTONE: &[u8] = b"gone";

/// Keys written while L2 was down, to delete before it serves again.
#[derive(Default)]
struct Missed {
    keys: HashSet<String>,
    overflowed: bool,
}

/// The Redis tier: a fixed set of multiplexed, self-reconnecting
/// connections used round-robin.
pub struct L2Cache {
    connections: Vec<ConnectionManager>,
    next: AtomicUsize,
    ttl_seconds: u64,
    /// How long a deleted key's tombstone keeps fills out.
    tombstone_ttl: Duration,
    timeout: Duration,
    up: AtomicBool,
    last_ping_micros: AtomicU64,
    missed: Mutex<Missed>,
}

impl L2Cache {
    /// Prepares `pool_size` lazy connections; nothing is dialled until the
    /// first command, so a down Redis does not stop the server from starting.
    /// A delete leaves a tombstone for `tombstone_ttl`, which must outlast
    /// any read begun before the delete (its storage deadline and Redis's).
    pub fn new(
        url: &str,
        pool_size: usize,
        timeout: Duration,
        ttl: Duration,
        tombstone_ttl: Duration,
    ) -> anyhow::Result<Self> {
        let client = redis::Client::open(url)?;
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_connection_timeout(Some(timeout))
            .set_response_timeout(Some(timeout))
            .set_number_of_retries(1)
            .set_max_delay(Duration::from_secs(1));
        let connections = (0..pool_size)
            .map(|_| ConnectionManager::new_lazy_with_config(client.clone(), config.clone()))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(L2Cache {
            connections,
            next: AtomicUsize::new(0),
            ttl_seconds: ttl.as_secs().max(1),
            tombstone_ttl,
            timeout,
            up: AtomicBool::new(false),
            last_ping_micros: AtomicU64::new(0),
            missed: Mutex::new(Missed::default()),
        })
    }

    fn key(id: &ConfigId) -> String {
        format!("{KEY_PREFIX}{}:{}:{}", id.environment, id.namespace, id.key)
    }

    fn connection(&self) -> ConnectionManager {
        let index = self.next.fetch_add(1, Ordering::Relaxed) % self.connections.len();
        self.connections[index].clone()
    }

    pub fn is_up(&self) -> bool {
        self.up.load(Ordering::Acquire)
    }

    pub fn pool_size(&self) -> usize {
        self.connections.len()
    }

    /// Round trip of the last successful probe.
    pub fn last_ping(&self) -> Duration {
        Duration::from_micros(self.last_ping_micros.load(Ordering::Relaxed))
    }

    /// Runs one command under the deadline; a failure marks the tier down.
    async fn run<T: redis::FromRedisValue>(&self, command: &redis::Cmd) -> Result<T, L2Error> {
        if !self.is_up() {
            return Err(L2Error::Down);
        }
        let mut connection = self.connection();
        let outcome =
            match tokio::time::timeout(self.timeout, command.query_async(&mut connection)).await {
                Ok(Ok(value)) => return Ok(value),
                Ok(Err(error)) => L2Error::Redis(error),
                Err(_) => L2Error::Timeout(self.timeout),
            };
        self.mark_down(&outcome);
        Err(outcome)
    }

    fn mark_down(&self, reason: &L2Error) {
        if self.up.swap(false, Ordering::AcqRel) {
            tracing::error!(error = %reason, "L2 cache marked down; serving from L1 and storage");
        }
    }

    pub async fn get(&self, id: &ConfigId) -> Result<Option<CachedValue>, L2Error> {
        let raw: Option<Vec<u8>> = self.run(redis::cmd("GET").arg(Self::key(id))).await?;
        Ok(raw.and_then(|raw| decode(&raw)))
    }

    /// Fills L2 after a storage read; never overwrites a value a writer put.
    pub async fn fill(&self, id: &ConfigId, value: &CachedValue) {
        let command = redis::cmd("SET")
            .arg(Self::key(id))
            .arg(encode(value))
            .arg("EX")
            .arg(self.ttl_seconds)
            .arg("NX")
            .to_owned();
        let _: Result<Option<String>, _> = self.run(&command).await;
    }

    /// Stores the value a write just committed; `false` when Redis did
    /// not take it (the key is then remembered for replay).
    pub async fn store(&self, id: &ConfigId, value: &CachedValue) -> bool {
        let command = redis::cmd("SET")
            .arg(Self::key(id))
            .arg(encode(value))
            .arg("EX")
            .arg(self.ttl_seconds)
            .to_owned();
        self.taken(id, self.run::<()>(&command).await)
    }

    /// Replaces a deleted value with a tombstone, which reads take for a
    /// miss and which keeps out the fill of a read that began before the
    /// delete (`SET NX` finds the key taken) until it expires. `false` as
    /// for [`L2Cache::store`].
    pub async fn remove(&self, id: &ConfigId) -> bool {
        let command = redis::cmd("SET")
            .arg(Self::key(id))
            .arg(TOMBSTONE)
            .arg("PX")
            .arg(self.tombstone_ttl.as_millis().max(1) as u64)
            .to_owned();
        self.taken(id, self.run::<()>(&command).await)
    }

    /// Whether Redis took a change of `id`; a missed one is remembered.
    fn taken(&self, id: &ConfigId, outcome: Result<(), L2Error>) -> bool {
        if outcome.is_err() {
            self.remember_missed(id);
        }
        outcome.is_ok()
    }

    /// Has every key of this service purged from Redis before it is used
    /// again: storage holds a mark that an earlier run missed changes.
    pub fn purge_before_use(&self) {
        self.missed.lock().expect("missed-keys lock").overflowed = true;
    }

    fn remember_missed(&self, id: &ConfigId) {
        let mut missed = self.missed.lock().expect("missed-keys lock");
        if missed.keys.len() < MAX_MISSED_KEYS {
            missed.keys.insert(Self::key(id));
        } else {
            missed.overflowed = true;
        }
    }

    /// Pings Redis; on success replays missed deletes and marks the tier up.
    pub async fn probe(&self) -> Result<Duration, L2Error> {
        let mut connection = self.connection();
        let started = Instant::now();
        let ping = redis::cmd("PING");
        match tokio::time::timeout(self.timeout, ping.query_async::<String>(&mut connection)).await
        {
            Ok(Ok(_)) => {}
            Ok(Err(error)) => return Err(self.probe_failed(L2Error::Redis(error))),
            Err(_) => return Err(self.probe_failed(L2Error::Timeout(self.timeout))),
        }
        let round_trip = started.elapsed();
        self.last_ping_micros.store(round_trip.as_micros() as u64, Ordering::Relaxed);
        if !self.is_up() {
            if let Err(error) = self.replay_missed(&mut connection).await {
                return Err(self.probe_failed(L2Error::Redis(error)));
            }
            self.up.store(true, Ordering::Release);
            // Writers that saw the tier down just before it came up.
            if let Err(error) = self.replay_missed(&mut connection).await {
                return Err(self.probe_failed(L2Error::Redis(error)));
            }
            tracing::info!(latency_ms = round_trip.as_secs_f64() * 1e3, "L2 cache is up");
        }
        Ok(round_trip)
    }

    fn probe_failed(&self, error: L2Error) -> L2Error {
        self.mark_down(&error);
        error
    }

    async fn replay_missed(&self, connection: &mut ConnectionManager) -> redis::RedisResult<()> {
        let missed = std::mem::take(&mut *self.missed.lock().expect("missed-keys lock"));
        let outcome = if missed.overflowed {
            purge_prefix(connection).await
        } else if missed.keys.is_empty() {
            Ok(())
        } else {
            redis::cmd("DEL")
                .arg(missed.keys.iter().collect::<Vec<_>>())
                .query_async(connection)
                .await
        };
        if outcome.is_err() {
            let mut current = self.missed.lock().expect("missed-keys lock");
            current.keys.extend(missed.keys);
            current.overflowed |= missed.overflowed;
        }
        outcome
    }

    /// Probes Redis every `interval` for as long as the server runs.
    pub fn spawn_probe(self: &Arc<Self>, interval: Duration) {
        let cache = Arc::clone(self);
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(interval);
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticker.tick().await;
                let _ = cache.probe().await;
            }
        });
    }
}

async fn purge_prefix(connection: &mut ConnectionManager) -> redis::RedisResult<()> {
    let mut cursor: u64 = 0;
    loop {
        let (next, keys): (u64, Vec<String>) = redis::cmd("SCAN")
            .arg(cursor)
            .arg("MATCH")
            .arg(format!("{KEY_PREFIX}*"))
            .arg("COUNT")
            .arg(1000)
            .query_async(connection)
            .await?;
        if !keys.is_empty() {
            redis::cmd("DEL").arg(keys).query_async::<()>(connection).await?;
        }
        if next == 0 {
            return Ok(());
        }
        cursor = next;
    }
}

/// L2 value layout: the version as 8 big-endian bytes, then the body.
fn encode(value: &CachedValue) -> Vec<u8> {
    let mut raw = Vec::with_capacity(8 + value.body.len());
    raw.extend_from_slice(&value.version.to_be_bytes());
    raw.extend_from_slice(&value.body);
    raw
}

fn decode(raw: &[u8]) -> Option<CachedValue> {
    let (version, body) = raw.split_first_chunk::<8>()?;
    Some(CachedValue { version: i64::from_be_bytes(*version), body: Bytes::copy_from_slice(body) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::Metrics;

    fn id(key: &str) -> ConfigId {
        ConfigId { namespace: "ns".into(), key: key.into(), environment: "production".into() }
    }

    fn value(version: i64) -> Arc<CachedValue> {
        Arc::new(CachedValue { version, body: Bytes::from(format!("{{\"version\":{version}}}")) })
    }

    #[test]
    fn a_held_key_hashes_as_its_id_and_keeps_the_parts_apart() {
        let parts = |namespace: &str, key: &str| ConfigId {
            namespace: namespace.into(),
            key: key.into(),
            environment: "production".into(),
        };
        let hasher = quick_cache::DefaultHashBuilder::default();
        let id = parts("ab", "c");
        let held = HeldKey::new(&id);
        assert_eq!(hasher.hash_one(&held), hasher.hash_one(&id));
        assert!(quick_cache::Equivalent::equivalent(&id, &held));
        assert!(!quick_cache::Equivalent::equivalent(&parts("a", "bc"), &held));

        let l1 = L1Cache::new(10, Duration::from_secs(60), Metrics::new().cache_evictions);
        l1.offer(&id, value(1));
        l1.offer(&parts("a", "bc"), value(2));
        assert_eq!(l1.get(&id).unwrap().version, 1);
        assert_eq!(l1.get(&parts("a", "bc")).unwrap().version, 2);
        assert!(l1.get(&parts("abc", "")).is_none());
    }

    #[test]
    fn older_versions_never_replace_newer_ones() {
        let l1 = L1Cache::new(10, Duration::from_secs(60), Metrics::new().cache_evictions);
        l1.offer(&id("a"), value(2));
        l1.offer(&id("a"), value(1));
        assert_eq!(l1.get(&id("a")).unwrap().version, 2);
        l1.offer(&id("a"), value(3));
        assert_eq!(l1.get(&id("a")).unwrap().version, 3);
    }

    #[test]
    fn size_evictions_are_counted() {
        let metrics = Metrics::new();
        let l1 = L1Cache::new(5, Duration::from_secs(60), metrics.cache_evictions.clone());
        for n in 0..50 {
            l1.offer(&id(&format!("k{n}")), value(1));
        }
        assert!(l1.entries() <= 5);
        let evicted = metrics.cache_evictions.with_label_values(&["l1", "size"]).get();
        assert!(evicted >= 45, "evicted {evicted}");
        assert!(l1.bytes() < 5 * 400, "bytes {}", l1.bytes());
    }

    #[test]
    fn bytes_follow_what_is_held() {
        let metrics = Metrics::new();
        let l1 = L1Cache::new(200_000, Duration::from_secs(60), metrics.cache_evictions.clone());
        let ids: Vec<ConfigId> = (0..120_000).map(|n| id(&format!("k{n}"))).collect();
        std::thread::scope(|threads| {
            for part in ids.chunks(30_000) {
                let l1 = &l1;
                threads.spawn(move || part.iter().for_each(|id| l1.offer(id, value(1))));
            }
        });
        let held: u64 = ids
            .iter()
            .filter_map(|id| {
                Some(entry_cost(HeldKey::new(id).parts.len(), &l1.cache.peek(id)?.value))
            })
            .sum();
        let evicted = metrics.cache_evictions.with_label_values(&["l1", "size"]).get();
        assert_eq!(l1.bytes(), held, "{} entries, {evicted} evicted", l1.entries());
    }

    #[test]
    fn a_replaced_entry_is_neither_evicted_nor_given_back_twice() {
        let metrics = Metrics::new();
        let l1 = L1Cache::new(100, Duration::from_secs(60), metrics.cache_evictions.clone());
        for version in 1..=5 {
            l1.offer(&id("a"), value(version));
        }
        assert_eq!(l1.get(&id("a")).unwrap().version, 5);
        assert_eq!(l1.bytes(), entry_cost(HeldKey::new(&id("a")).parts.len(), &value(5)));
        assert_eq!(metrics.cache_evictions.with_label_values(&["l1", "size"]).get(), 0);
    }

    #[test]
    fn l2_encoding_round_trips() {
        let original = value(42);
        assert_eq!(decode(&encode(&original)), Some((*original).clone()));
        assert_eq!(decode(b"short"), None);
    }
}

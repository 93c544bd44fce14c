//! Config operations over the cache tiers and storage, with their metrics.
//!
//! Reads go L1 → L2 → storage and fill the tiers they missed on the way
//! back. Writes commit to storage first, then put the new value in both
//! tiers (or drop it, for a delete). L1 answers only while [`Coherence`]
//! trusts it, and a fill that raced a change is dropped. Every step is
//! measured in the metric families of the contract.

use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use prometheus::{Histogram, HistogramVec, IntCounter};

use super::cache::{CachedValue, L1Cache, L2Cache};
use super::coherence::{Change, Coherence};
use super::l1_reads::L1Reads;
use super::metrics::Metrics;
use super::storage::{ConfigEntry, ConfigId, Storage, StorageError};
use contract::metrics::{
    Component, ConfigOperation, ErrorKind, Pool, ReadSource as Source, StorageOperation, Tier,
};

/// Why an operation failed, from the caller's side.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("no such config")]
    NotFound,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

/// The config service: storage plus the optional cache tiers.
pub struct ConfigService {
    storage: Storage,
    l1: Option<Arc<L1Cache>>,
    l2: Option<Arc<L2Cache>>,
    coherence: Arc<Coherence>,
    metrics: Arc<Metrics>,
    reads: ReadSeries,
}

/// The series of one cache tier.
struct TierSeries {
    lookup: Histogram,
    hits: IntCounter,
    misses: IntCounter,
}

impl TierSeries {
    fn new(metrics: &Metrics, tier: Tier) -> Self {
        let tier = tier.label();
        TierSeries {
            lookup: metrics.cache_duration.with_label_values(&[tier]),
            hits: metrics.cache_hits.with_label_values(&[tier]),
            misses: metrics.cache_misses.with_label_values(&[tier]),
        }
    }

    fn count(&self, hit: bool) {
        if hit { &self.hits } else { &self.misses }.inc();
    }
}

/// The read path's series, resolved once so that an L1 hit pays for no
/// label lookups.
struct ReadSeries {
    gets: IntCounter,
    /// Present when L1 is on; it also times the reads L1 answers.
    l1: Option<Arc<L1Reads>>,
    /// Present for L2 when it is on, so a disabled tier exports no series.
    l2: Option<TierSeries>,
    /// `config_operation_duration_seconds{operation="get"}` of the reads
    /// L2 (when on) and storage answer.
    l2_reads: Option<Histogram>,
    storage_reads: Histogram,
    /// `storage_operation_duration_seconds{operation="read"}`.
    storage: Histogram,
}

impl ReadSeries {
    fn new(metrics: &Metrics, backend: &str, l1: bool, l2: bool) -> Self {
        let get = ConfigOperation::Get.label();
        let reads =
            |source: Source| metrics.operation_duration.with_label_values(&[get, source.label()]);
        ReadSeries {
            gets: metrics.operations.with_label_values(&[get]),
            l1: l1.then(|| metrics.l1_reads()),
            l2: l2.then(|| TierSeries::new(metrics, Tier::L2)),
            l2_reads: l2.then(|| reads(Source::L2)),
            storage_reads: reads(Source::Storage),
            storage: metrics
                .storage_duration
                .with_label_values(&[StorageOperation::Read.label(), backend]),
        }
    }
}

fn seconds_since(started: Instant) -> f64 {
    started.elapsed().as_secs_f64()
}

/// Observes the seconds since `started` in `histogram{labels}`.
fn observe(histogram: &HistogramVec, labels: &[&str], started: Instant) {
    histogram.with_label_values(labels).observe(seconds_since(started));
}

fn render(entry: &ConfigEntry) -> Arc<CachedValue> {
    let body = serde_json::to_vec(entry).expect("a config entry always serialises");
    Arc::new(CachedValue { version: entry.version, body: Bytes::from(body) })
}

impl ConfigService {
    pub fn new(
        storage: Storage,
        l1: Option<Arc<L1Cache>>,
        l2: Option<Arc<L2Cache>>,
        coherence: Arc<Coherence>,
        metrics: Arc<Metrics>,
    ) -> Self {
        let reads =
            ReadSeries::new(&metrics, storage.backend().label(), l1.is_some(), l2.is_some());
        ConfigService { storage, l1, l2, coherence, metrics, reads }
    }

    pub fn coherence(&self) -> &Arc<Coherence> {
        &self.coherence
    }

    pub fn storage(&self) -> &Storage {
        &self.storage
    }

    pub fn l1(&self) -> Option<&L1Cache> {
        self.l1.as_deref()
    }

    pub fn l2(&self) -> Option<&L2Cache> {
        self.l2.as_deref()
    }

    pub fn l2_handle(&self) -> Option<&Arc<L2Cache>> {
        self.l2.as_ref()
    }

    fn count(&self, operation: ConfigOperation) {
        self.metrics.operations.with_label_values(&[operation.label()]).inc();
    }

    /// Awaits a storage call begun at `started`, counted in flight meanwhile.
    async fn in_storage<T>(&self, started: Instant, call: impl Future<Output = T>) -> T {
        let _in_flight = self.metrics.storage_in_flight.enter(started);
        call.await
    }

    /// Observes a storage statement begun at `started`.
    fn observe_storage(&self, operation: StorageOperation, started: Instant) {
        let labels = [operation.label(), self.storage.backend().label()];
        observe(&self.metrics.storage_duration, &labels, started);
    }

    /// Observes a whole write, delete or list, which storage always answers.
    fn observe_operation(&self, operation: ConfigOperation, started: Instant) {
        let labels = [operation.label(), Source::Storage.label()];
        observe(&self.metrics.operation_duration, &labels, started);
    }

    /// Counts a failed operation and passes the error on.
    fn failed(&self, operation: ConfigOperation, error: StorageError) -> ServiceError {
        let kind = match error {
            StorageError::Unavailable(_) => ErrorKind::Unavailable,
            StorageError::Failed(_) => ErrorKind::Storage,
        };
        self.metrics.errors.with_label_values(&[operation.label(), kind.label()]).inc();
        ServiceError::Storage(error)
    }

    /// Reads one value through the tiers.
    pub async fn get(&self, id: &ConfigId) -> Result<(Arc<CachedValue>, Source), ServiceError> {
        let started = Instant::now();
        self.reads.gets.inc();
        if let Some(value) = self.l1_hit(id, started) {
            return Ok((value, Source::L1));
        }
        // Boxed: the tiers below L1 make a future of kilobytes, which every
        // read would otherwise carry and copy, hits included.
        let answer = Box::pin(self.below_l1(id)).await;
        let reads = match answer {
            Ok((_, Source::L2)) => self.reads.l2_reads.as_ref(),
            _ => Some(&self.reads.storage_reads),
        };
        if let Some(reads) = reads {
            reads.observe(seconds_since(started));
        }
        answer
    }

    /// The L1 answer to a read begun at `started`, when L1 holds the key
    /// and may answer. A hit reads the clock once more, for both its
    /// lookup's and the whole read's duration (nothing else happened in
    /// between), and is observed once for both ([`L1Reads`]).
    fn l1_hit(&self, id: &ConfigId, started: Instant) -> Option<Arc<CachedValue>> {
        let (l1, reads) = (self.l1.as_ref()?, self.reads.l1.as_ref()?);
        if !self.coherence.l1_trusted_at(started) {
            return None;
        }
        let found = l1.get_at(id, started);
        let took = started.elapsed();
        if found.is_some() {
            reads.hit(took)
        } else {
            reads.miss(took)
        }
        found
    }

    /// L2, else storage, for a read L1 did not answer.
    async fn below_l1(&self, id: &ConfigId) -> Result<(Arc<CachedValue>, Source), ServiceError> {
        // What L2 or storage answer may fill L1 only if no change of the
        // key raced the read.
        let ticket = self.coherence.ticket();
        let fill_l1 = |value: &Arc<CachedValue>| {
            if let Some(l1) = &self.l1 {
                l1.offer_if(id, Arc::clone(value), || self.coherence.may_fill(id, ticket));
            }
        };
        if let (Some(l2), Some(series)) = (self.l2.as_ref().filter(|l2| l2.is_up()), &self.reads.l2)
        {
            let started = Instant::now();
            let found = l2.get(id).await;
            series.lookup.observe(seconds_since(started));
            // A tier that failed to answer is neither a hit nor a miss; a
            // copy older than a change this replica knows of is a miss.
            if let Ok(found) = found {
                let found = found.filter(|value| self.coherence.accepts(id, value.version));
                series.count(found.is_some());
                if let Some(value) = found {
                    let value = Arc::new(value);
                    fill_l1(&value);
                    return Ok((value, Source::L2));
                }
            }
        }
        let started = Instant::now();
        let read = self.in_storage(started, self.storage.get(id)).await;
        self.reads.storage.observe(seconds_since(started));
        let entry = read
            .map_err(|e| self.failed(ConfigOperation::Get, e))?
            .ok_or(ServiceError::NotFound)?;
        let value = render(&entry);
        fill_l1(&value);
        if let Some(l2) = &self.l2 {
            l2.fill(id, &value).await;
        }
        Ok((value, Source::Storage))
    }

    /// Writes one value: storage first, then both tiers.
    pub async fn put(
        &self,
        id: &ConfigId,
        value: &serde_json::Value,
    ) -> Result<Arc<CachedValue>, ServiceError> {
        let started = Instant::now();
        self.count(ConfigOperation::Put);
        let written = self.in_storage(started, self.storage.put(id, value)).await;
        self.observe_storage(StorageOperation::Write, started);
        let entry = written.map_err(|e| self.failed(ConfigOperation::Put, e))?;
        self.coherence.record_own_change(id, Change::Written { version: entry.version });
        let value = render(&entry);
        if let Some(l1) = &self.l1 {
            l1.offer(id, Arc::clone(&value));
        }
        if let Some(l2) = &self.l2
            && !l2.store(id, &value).await
        {
            self.l2_missed().await;
        }
        self.observe_operation(ConfigOperation::Put, started);
        Ok(value)
    }

    /// Redis missed a committed change: marked in storage before the
    /// change is acknowledged, so that a restart purges Redis rather than
    /// serve what it missed ([`Storage::mark_l2_stale`]).
    async fn l2_missed(&self) {
        if let Err(error) = self.storage.mark_l2_stale().await {
            tracing::error!(%error, "cannot record that Redis missed a change");
        }
    }

    /// Deletes one value from storage and both tiers.
    pub async fn delete(&self, id: &ConfigId) -> Result<(), ServiceError> {
        let started = Instant::now();
        self.count(ConfigOperation::Delete);
        let deleted = self.in_storage(started, self.storage.delete(id)).await;
        self.observe_storage(StorageOperation::Write, started);
        let existed = deleted.map_err(|e| self.failed(ConfigOperation::Delete, e))?;
        self.coherence.record_own_change(id, Change::Deleted);
        if let Some(l1) = &self.l1 {
            l1.remove(id);
        }
        if let Some(l2) = &self.l2
            && !l2.remove(id).await
        {
            self.l2_missed().await;
        }
        self.observe_operation(ConfigOperation::Delete, started);
        if existed { Ok(()) } else { Err(ServiceError::NotFound) }
    }

    /// Lists a namespace straight from storage.
    pub async fn list(
        &self,
        namespace: &str,
        environment: &str,
    ) -> Result<Vec<ConfigEntry>, ServiceError> {
        let started = Instant::now();
        self.count(ConfigOperation::List);
        let listed = self.in_storage(started, self.storage.list(namespace, environment)).await;
        self.observe_storage(StorageOperation::List, started);
        let entries = listed.map_err(|e| self.failed(ConfigOperation::List, e))?;
        self.observe_operation(ConfigOperation::List, started);
        Ok(entries)
    }

    /// Brings the gauges (cache sizes, pools, memory) up to date; called on
    /// every scrape so they are never stale.
    pub fn refresh_gauges(&self) {
        let m = &self.metrics;
        let pool = self.storage.pool_status();
        let storage = [Pool::Storage.label()];
        m.pool_size.with_label_values(&storage).set(pool.size as i64);
        m.pool_idle.with_label_values(&storage).set(pool.idle as i64);
        m.pool_waiting.with_label_values(&storage).set(pool.waiting as i64);
        if let Some(l1) = &self.l1 {
            m.cache_size.with_label_values(&[Tier::L1.label()]).set(l1.entries() as i64);
            m.memory.with_label_values(&[Component::L1Cache.label()]).set(l1.bytes() as i64);
        }
        if let Some(channel) = self.coherence.channel_view() {
            let backend = [self.storage.backend().label()];
            m.coherence_fence_age.with_label_values(&backend).set(channel.fence_age.as_secs_f64());
            m.coherence_trusted.with_label_values(&backend).set(i64::from(channel.trusted));
            m.invalidation_age
                .with_label_values(&backend)
                .set(channel.last_received_age.as_secs_f64());
        }
        if let Some(l2) = &self.l2 {
            let size = l2.pool_size() as i64;
            let redis = [Pool::Redis.label()];
            m.pool_size.with_label_values(&redis).set(size);
            // Multiplexed connections never make a caller queue.
            m.pool_idle.with_label_values(&redis).set(if l2.is_up() { size } else { 0 });
            m.pool_waiting.with_label_values(&redis).set(0);
        }
    }
}

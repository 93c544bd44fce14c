//! L1 hit cost: the L1 tier alone, the whole service read path on an L1
//! hit (metrics included), and a plain `HashMap` lookup as the baseline of
//! the same run; and what a request pays to be counted in flight. Run with
//! `cargo bench --bench l1_cache`.

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use server::cache::{CachedValue, L1Cache};
use server::coherence::Coherence;
use server::config::ServerConfig;
use server::in_flight::InFlight;
use server::metrics::Metrics;
use server::service::ConfigService;
use server::storage::{ConfigId, Storage};

const KEYS: usize = 10_000;

fn ids() -> Vec<ConfigId> {
    (0..KEYS)
        .map(|n| ConfigId {
            namespace: "bench".into(),
            key: format!("key-{n}"),
            environment: "production".into(),
        })
        .collect()
}

fn value(n: usize) -> Arc<CachedValue> {
    Arc::new(CachedValue { version: 1, body: Bytes::from(format!("{{\"value\":{n}}}")) })
}

fn l1_hits(c: &mut Criterion) {
    let ids = ids();
    let mut group = c.benchmark_group("l1_hit");
    group.throughput(Throughput::Elements(1));

    let map: HashMap<ConfigId, Arc<CachedValue>> =
        ids.iter().enumerate().map(|(n, id)| (id.clone(), value(n))).collect();
    let mut next = 0;
    group.bench_function("baseline_hashmap", |b| {
        b.iter(|| {
            next = (next + 7919) % KEYS;
            black_box(map.get(&ids[next]).cloned())
        })
    });

    let l1 =
        L1Cache::new(KEYS as u64 * 2, Duration::from_secs(3600), Metrics::new().cache_evictions);
    for (n, id) in ids.iter().enumerate() {
        l1.offer(id, value(n));
    }
    group.bench_function("l1_tier", |b| {
        b.iter(|| {
            next = (next + 7919) % KEYS;
            black_box(l1.get(&ids[next]))
        })
    });

    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let vars =
        HashMap::from([("LLMCFG_DATA_DIR".to_owned(), dir.path().to_str().unwrap().to_owned())]);
    let config = ServerConfig::from_vars(&vars).unwrap();
    let metrics = Arc::new(Metrics::new());
    let l1 = Arc::new(L1Cache::new(
        KEYS as u64 * 2,
        Duration::from_secs(3600),
        metrics.cache_evictions.clone(),
    ));
    for (n, id) in ids.iter().enumerate() {
        l1.offer(id, value(n));
    }
    let coherence = Arc::new(Coherence::single(Some(Arc::clone(&l1)), config.storage_timeout));
    let storage = runtime.block_on(Storage::open(&config, coherence.origin())).unwrap();
    let service = ConfigService::new(storage, Some(l1), None, coherence, metrics);
    group.bench_function("service_read_path", |b| {
        b.to_async(&runtime).iter(|| {
            next = (next + 7919) % KEYS;
            let id = &ids[next];
            let service = &service;
            async move { black_box(service.get(id).await.unwrap()) }
        })
    });
    group.finish();
}

/// Entering and leaving the in-flight registry, as every request does,
/// with a few other calls under way.
fn in_flight(c: &mut Criterion) {
    let registry = InFlight::new(1024);
    let _others: Vec<_> = (0..8).map(|_| registry.enter(Instant::now())).collect();
    let started = Instant::now();
    c.bench_function("in_flight/enter_leave", |b| {
        b.iter(|| drop(black_box(registry.enter(started))))
    });
}

criterion_group!(benches, l1_hits, in_flight);
criterion_main!(benches);

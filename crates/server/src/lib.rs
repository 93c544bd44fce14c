//! `llm-config-server`: the LLM Config Manager the runbook describes, made
//! real so the doctor has something true to diagnose.
//!
//! A config key/value API with an in-process L1 cache, an optional Redis L2,
//! embedded SQLite or PostgreSQL storage, and Prometheus metrics on a
//! second listener. [`run`] serves until SIGTERM or SIGINT, then stops
//! accepting, lets in-flight requests finish and returns.

pub mod api;
pub mod cache;
pub mod coherence;
pub mod config;
pub mod connections;
pub mod health;
pub mod in_flight;
pub mod l1_reads;
pub mod logging;
pub mod metrics;
pub mod middleware;
pub mod profile;
pub mod service;
pub mod storage;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower_http::compression::{CompressionLayer, CompressionLevel};

use cache::{L1Cache, L2Cache};
use coherence::Coherence;
use config::{ServerConfig, StorageBackend};
use metrics::{KnownSeries, Metrics};
use middleware::RateLimiter;
use service::ConfigService;
use storage::Storage;

/// How often the L2 probe pings Redis.
const L2_PROBE_INTERVAL: Duration = Duration::from_secs(1);
/// How long in-flight requests get to finish after a stop signal.
const DRAIN_DEADLINE: Duration = Duration::from_secs(30);

/// Everything a handler needs, shared by both listeners.
pub struct AppState {
    pub config: ServerConfig,
    pub service: ConfigService,
    pub metrics: Arc<Metrics>,
    pub rate_limiter: Option<Arc<RateLimiter>>,
    /// Where the change listener connects, when replicas share PostgreSQL
    /// and L1 is on.
    change_source: Option<(tokio_postgres::Config, tokio_postgres_rustls::MakeRustlsConnect)>,
    pub started: Instant,
    /// Held while a CPU profile is taken.
    pub profiling: tokio::sync::Mutex<()>,
    /// Held while a heap profile is written.
    pub heap_profiling: tokio::sync::Mutex<()>,
    /// The generation of the storage mark that Redis missed changes, as
    /// found at start.
    l2_stale: Option<i64>,
}

impl AppState {
    /// Opens storage and the cache tiers the configuration enables.
    pub async fn build(config: ServerConfig) -> anyhow::Result<Arc<AppState>> {
        let metrics = Arc::new(Metrics::new());
        let l1 = config.l1_enabled.then(|| {
            Arc::new(L1Cache::new(
                config.l1_capacity,
                config.l1_ttl,
                metrics.cache_evictions.clone(),
            ))
        });
        // Replicas share PostgreSQL; SQLite is one replica's file.
        let change_source = match (&config.storage, &l1) {
            (StorageBackend::Postgres { url }, Some(_)) => {
                let (variable, url) = match &config.coherence_database_url {
                    Some(listener) => ("COHERENCE_DATABASE_URL", listener),
                    None => ("DATABASE_URL", url),
                };
                Some(storage::client_config(variable, url, config.coherence_bound)?)
            }
            _ => None,
        };
        let coherence = Arc::new(match change_source {
            Some(_) => Coherence::over_channel(
                l1.clone(),
                config.storage_timeout,
                config.coherence_bound,
                &metrics,
            ),
            None => Coherence::single(l1.clone(), config.storage_timeout),
        });
        let storage = Storage::open(&config, coherence.origin()).await?;
        let l2 = match (&config.redis_url, config.l2_enabled) {
            (Some(url), true) => {
                // A tombstone outlasts any read begun before its delete.
                let tombstone = config.storage_timeout + config.redis_timeout * 2;
                let l2 = L2Cache::new(
                    url,
                    config.redis_pool_size,
                    config.redis_timeout,
                    config.l2_ttl,
                    tombstone + Duration::from_secs(1),
                )
                .with_context(|| format!("REDIS_URL {} is not usable", config::scrub_url(url)))?;
                Some(Arc::new(l2))
            }
            _ => None,
        };
        // Redis missed changes before this start: purged before it serves,
        // the mark cleared once it has been (`spawn_background`).
        let l2_stale = match &l2 {
            Some(l2) => {
                let generation = storage.l2_stale().await.context("cannot read the L2 mark")?;
                if generation.is_some() {
                    l2.purge_before_use();
                    tracing::warn!(
                        "Redis missed changes before this start; its keys are purged first"
                    );
                }
                generation
            }
            None => None,
        };
        let rate_limiter =
            config.rate_limit().and_then(|(rps, burst)| RateLimiter::new(rps, burst)).map(Arc::new);
        metrics.create_known_series(KnownSeries {
            routes: api::SERVED_ROUTES,
            l1: l1.is_some(),
            l2: l2.is_some(),
            backend: storage.backend(),
            change_channel: change_source.is_some(),
        });
        let service = ConfigService::new(storage, l1, l2, coherence, Arc::clone(&metrics));
        Ok(Arc::new(AppState {
            config,
            service,
            metrics,
            rate_limiter,
            change_source,
            started: Instant::now(),
            profiling: tokio::sync::Mutex::new(()),
            heap_profiling: tokio::sync::Mutex::new(()),
            l2_stale,
        }))
    }

    /// Starts the background tasks: the change listener, the L2 probe,
    /// the clearing of the L2 mark and the rate limiter's cleanup.
    fn spawn_background(self: &Arc<Self>) {
        if let (Some(generation), Some(l2)) = (self.l2_stale, self.service.l2_handle()) {
            let (state, l2) = (Arc::clone(self), Arc::clone(l2));
            tokio::spawn(async move {
                // The tier comes up only after its purge has succeeded.
                while !l2.is_up() {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                if let Err(error) = state.service.storage().clear_l2_stale(generation).await {
                    tracing::warn!(%error, "cannot clear the L2 mark; the next start purges again");
                }
            });
        }
        if let Some((pg_config, tls)) = &self.change_source {
            self.service.coherence().spawn_listener(
                pg_config.clone(),
                tls.clone(),
                self.config.coherence_heartbeat,
                self.config.coherence_bound,
            );
        }
        if let Some(l2) = &self.service.l2_handle() {
            l2.spawn_probe(L2_PROBE_INTERVAL);
        }
        if let Some(limiter) = &self.rate_limiter {
            limiter.spawn_cleanup();
        }
    }
}

/// The API listener's router with all its layers.
pub fn api_router(state: Arc<AppState>) -> Router {
    // Without a limit the layer is left out, not run to do nothing: each
    // layer costs every request a boxed future and a clone of the routes.
    let config_routes = match &state.rate_limiter {
        Some(_) => api::config_routes().route_layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            middleware::rate_limit,
        )),
        None => api::config_routes(),
    };
    let routes = api::with_fallback(config_routes.merge(api::service_routes()));
    let router =
        routes.layer(axum::middleware::from_fn_with_state(Arc::clone(&state), middleware::observe));
    let router = if state.config.compression {
        router.layer(
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(state.config.compression_level as i32)),
        )
    } else {
        router
    };
    router.with_state(state)
}

/// Addresses the listeners are bound to (useful with port 0).
#[derive(Debug, Clone, Copy)]
pub struct BoundAddrs {
    pub api: SocketAddr,
    pub metrics: SocketAddr,
}

/// Binds both listeners, serves until `shutdown` resolves, then drains.
pub async fn serve(
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()> + Send + 'static,
    on_bound: impl FnOnce(BoundAddrs),
) -> anyhow::Result<()> {
    let api_listener = TcpListener::bind(state.config.api_addr)
        .await
        .with_context(|| format!("cannot listen on API_ADDR {}", state.config.api_addr))?;
    let metrics_listener = TcpListener::bind(state.config.metrics_addr)
        .await
        .with_context(|| format!("cannot listen on METRICS_ADDR {}", state.config.metrics_addr))?;
    on_bound(BoundAddrs {
        api: api_listener.local_addr()?,
        metrics: metrics_listener.local_addr()?,
    });
    state.spawn_background();

    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::spawn(async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    });
    let stopped = |mut rx: watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|stop| *stop).await;
    };
    let limits = state.config.connections;
    let metrics = Arc::clone(&state.metrics);
    let api = connections::serve(
        api_listener,
        api_router(Arc::clone(&state)),
        limits,
        Arc::clone(&metrics),
        stop_rx.clone(),
    );
    let metrics_port = connections::serve(
        metrics_listener,
        api::metrics_router(Arc::clone(&state)),
        limits,
        metrics,
        stop_rx.clone(),
    );
    let servers = async { tokio::join!(api, metrics_port) };
    tokio::pin!(servers);
    let drain_deadline = async {
        stopped(stop_rx).await;
        tokio::time::sleep(DRAIN_DEADLINE).await;
    };
    tokio::select! {
        _ = &mut servers => {}
        () = drain_deadline => tracing::warn!("in-flight requests did not finish within {DRAIN_DEADLINE:?}; exiting"),
    }
    Ok(())
}

/// Resolves on SIGTERM or SIGINT.
pub async fn stop_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = match tokio::signal::unix::signal(
            tokio::signal::unix::SignalKind::terminate(),
        ) {
            Ok(signal) => signal,
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM; only SIGINT stops the server");
                let _ = interrupt.await;
                return;
            }
        };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}

/// Runs the server as the binary does: builds the runtime with
/// `SERVER_WORKERS` threads, serves until a stop signal.
pub fn run(config: ServerConfig) -> anyhow::Result<()> {
    run_until(config, stop_signal)
}

/// Like [`run`], but serves until the future `stop()` makes resolves.
pub fn run_until<F>(config: ServerConfig, stop: impl FnOnce() -> F) -> anyhow::Result<()>
where
    F: Future<Output = ()> + Send + 'static,
{
    let _logs = logging::init(&config.log_filter, config.log_dir.as_deref())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(config.workers)
        .thread_name("llmcfg-worker")
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let outcome = runtime.block_on(async {
        let state = AppState::build(config).await?;
        let storage = state.service.storage().backend().label();
        serve(state, stop(), |addrs| {
            tracing::info!(api_addr = %addrs.api, metrics_addr = %addrs.metrics, storage, "listening");
        })
        .await?;
        tracing::info!("stopped");
        anyhow::Ok(())
    });
    if let Err(error) = &outcome {
        tracing::error!(error = format!("{error:#}"), "server stopped on an error");
    }
    runtime.shutdown_timeout(Duration::from_secs(1));
    outcome
}

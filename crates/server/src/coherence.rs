//! Keeping the L1 caches of several replicas coherent, and every L1 safe
//! from fills that race a change.
//!
//! **The channel.** Replicas share PostgreSQL; each keeps its own L1. Every
//! write and delete on PostgreSQL carries a `pg_notify` on
//! [`CHANNEL`] in the same statement, so the announcement commits exactly
//! when the change does: no change is acknowledged unannounced. Each
//! replica LISTENs on a connection of its own and drops the announced key
//! from its L1. Redis pub/sub was the alternative; it is not used because
//! its PUBLISH would follow the commit and can fail after the client was
//! answered, because L2 is optional while PostgreSQL is what replicas
//! necessarily share, and because LISTEN needs no new dependency. SQLite is
//! a file on one host: a single replica, with no channel.
//!
//! **The bound.** Every heartbeat the listener sends a fence (`SELECT 1`).
//! PostgreSQL delivers each notification committed before a query starts
//! ahead of that query's answer, so once a fence sent at `s` is answered,
//! every change committed before `s` has been applied here. L1 answers
//! only while the latest answered fence was sent within the trust bound
//! (`CACHE_COHERENCE_BOUND_MS`); past it, reads skip L1, so no answer is
//! staler than the bound, and `/health` says the channel is down. Once a
//! lost connection is back and LISTENing, L1 is cleared (what was missed is
//! unknown) and trusted again after the next fence.
//!
//! **Fills.** A read that fetched a value from storage before a concurrent
//! change (here or on another replica) must not put it in L1 afterwards.
//! Every change bumps a generation and records it for its key; a fill that
//! began at an earlier generation than its key's latest change, or than
//! the latest full clear, is dropped. The check runs under L1's per-key
//! lock ([`L1Cache::offer_if`]), so it cannot interleave with a removal.
//!
//! **L2.** The writer updates Redis after its commit, so for a moment
//! Redis may still hold the copy a change replaced while the announcement
//! has already arrived elsewhere. A remembered change therefore also says
//! which copies are too old: an L2 copy below the announced version, or any
//! copy of a deleted key, is taken for a miss while the change is
//! remembered (longer than the writer's Redis update can take).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use prometheus::IntCounter;
use serde::{Deserialize, Serialize};
use tokio_postgres::AsyncMessage;

use super::cache::L1Cache;
use super::metrics::Metrics;
use super::storage::ConfigId;
use contract::metrics::Backend;

/// The PostgreSQL notification channel of config changes.
pub const CHANNEL: &str = "llmcfg_config_changes";

/// How long a change is remembered for the fill check: longer than any
/// storage read can take (each is bounded by the storage timeout).
const REMEMBER_EXTRA: Duration = Duration::from_secs(1);
/// Past this many remembered changes the oldest are pruned, and if that is
/// not enough, every fill begun before now is refused instead.
const MAX_REMEMBERED: usize = 100_000;
/// The fewest remembered changes at which expired ones are swept.
const MIN_SWEEP: usize = 1024;
/// Pause between reconnection attempts of the listener.
const RECONNECT_PAUSE: Duration = Duration::from_millis(200);

/// One announced change, as `pg_notify` sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Announcement {
    /// The replica that made the change ([`Coherence::origin`]).
    pub origin: String,
    pub namespace: String,
    pub key: String,
    pub environment: String,
    /// The version written; none for a delete.
    pub version: Option<i64>,
}

/// What a change left in storage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Written { version: i64 },
    Deleted,
}

/// A change kept for the fill and L2 checks.
#[derive(Debug, Clone, Copy)]
struct Remembered {
    generation: u64,
    at: Instant,
    change: Change,
}

/// The changes of about the last `remember_for`, by key. Expired ones are
/// swept whenever the map has doubled since the previous sweep, so it holds
/// a few windows' worth of changes, not an entry for every key ever
/// written (at 100,000 distinct keys that was 17 MB of a 86 MB server).
#[derive(Debug)]
struct RecentChanges {
    by_key: HashMap<ConfigId, Remembered>,
    sweep_at: usize,
}

impl RecentChanges {
    fn new() -> RecentChanges {
        RecentChanges { by_key: HashMap::new(), sweep_at: MIN_SWEEP }
    }

    fn get(&self, id: &ConfigId) -> Option<&Remembered> {
        self.by_key.get(id)
    }

    /// Drops the changes older than `remember_for`; `false` when even the
    /// recent ones number [`MAX_REMEMBERED`] or more, and all were dropped.
    fn sweep(&mut self, now: Instant, remember_for: Duration) -> bool {
        self.by_key.retain(|_, latest| now.duration_since(latest.at) < remember_for);
        let kept = self.by_key.len() < MAX_REMEMBERED;
        if !kept {
            self.by_key.clear();
        }
        let live = self.by_key.len();
        self.by_key.shrink_to(live * 2);
        self.sweep_at = (live * 2).clamp(MIN_SWEEP, MAX_REMEMBERED);
        kept
    }
}

/// Taken before a storage read; says whether its value may still fill L1.
#[derive(Debug, Clone, Copy)]
pub struct FillTicket(u64);

/// The coherence state of one replica.
pub struct Coherence {
    origin: String,
    l1: Option<Arc<L1Cache>>,
    generation: AtomicU64,
    /// The generation of the latest full clear of L1.
    cleared_at: AtomicU64,
    remembered: Mutex<RecentChanges>,
    remember_for: Duration,
    /// `None` on a single replica (no channel): L1 is always trusted.
    channel: Option<ChannelState>,
}

/// What the listener keeps for the trust bound, `/health` and the metrics.
struct ChannelState {
    bound: Duration,
    started: Instant,
    /// When the latest answered fence was sent, in µs since `started`;
    /// 0 before the first.
    fence_sent_micros: AtomicU64,
    /// When the latest announcement from another replica arrived, in µs
    /// since `started`; 0 before the first.
    received_micros: AtomicU64,
    subscribed: AtomicBool,
    published: IntCounter,
    received: IntCounter,
    resubscriptions: IntCounter,
}

/// What `/health` and the metrics say of the channel.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelView {
    /// Whether L1 may answer now.
    pub trusted: bool,
    /// Since the latest answered fence was sent, or since the start when
    /// none was.
    pub fence_age: Duration,
    /// Since the latest announcement from another replica, or since the
    /// start when none came.
    pub last_received_age: Duration,
    pub bound: Duration,
}

impl Coherence {
    /// Coherence for a single replica: fills are checked, there is no
    /// channel.
    pub fn single(l1: Option<Arc<L1Cache>>, storage_timeout: Duration) -> Coherence {
        Coherence {
            origin: origin_id(),
            l1,
            generation: AtomicU64::new(1),
            cleared_at: AtomicU64::new(0),
            remembered: Mutex::new(RecentChanges::new()),
            remember_for: storage_timeout + REMEMBER_EXTRA,
            channel: None,
        }
    }

    /// Coherence through the PostgreSQL channel: L1 is trusted only within
    /// `bound` of the latest answered fence.
    pub fn over_channel(
        l1: Option<Arc<L1Cache>>,
        storage_timeout: Duration,
        bound: Duration,
        metrics: &Metrics,
    ) -> Coherence {
        let backend = [Backend::Postgres.label()];
        Coherence {
            channel: Some(ChannelState {
                bound,
                started: Instant::now(),
                fence_sent_micros: AtomicU64::new(0),
                received_micros: AtomicU64::new(0),
                subscribed: AtomicBool::new(false),
                published: metrics.invalidations_published.with_label_values(&backend),
                received: metrics.invalidations_received.with_label_values(&backend),
                resubscriptions: metrics.coherence_resubscriptions.with_label_values(&backend),
            }),
            ..Coherence::single(l1, storage_timeout)
        }
    }

    /// This replica's name in its announcements.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Whether L1 may answer a read now.
    pub fn l1_trusted(&self) -> bool {
        self.l1_trusted_at(Instant::now())
    }

    /// Whether L1 may answer a read at `now`, a moment the caller read.
    pub fn l1_trusted_at(&self, now: Instant) -> bool {
        self.channel.as_ref().is_none_or(|channel| channel.trusted_at(now))
    }

    /// To take before a storage read whose value may fill L1.
    pub fn ticket(&self) -> FillTicket {
        FillTicket(self.generation.load(Ordering::Acquire))
    }

    /// Whether a value read under `ticket` may still fill L1 for `id`.
    pub fn may_fill(&self, id: &ConfigId, ticket: FillTicket) -> bool {
        if self.cleared_at.load(Ordering::Acquire) > ticket.0 {
            return false;
        }
        let remembered = self.remembered.lock().expect("coherence lock");
        remembered.get(id).is_none_or(|change| change.generation <= ticket.0)
    }

    /// Whether an L2 copy of `id` at `version` is no older than the latest
    /// change of the key still remembered here.
    pub fn accepts(&self, id: &ConfigId, version: i64) -> bool {
        let remembered = self.remembered.lock().expect("coherence lock");
        remembered.get(id).is_none_or(|latest| {
            latest.at.elapsed() >= self.remember_for
                || matches!(latest.change, Change::Written { version: newest } if version >= newest)
        })
    }

    /// Records a change of `id` (made here or announced): fills begun
    /// before it are refused from now on, and older L2 copies for a while.
    fn record_change(&self, id: &ConfigId, change: Change) {
        let generation = self.generation.fetch_add(1, Ordering::AcqRel) + 1;
        let now = Instant::now();
        let mut remembered = self.remembered.lock().expect("coherence lock");
        if remembered.by_key.len() >= remembered.sweep_at
            && !remembered.sweep(now, self.remember_for)
        {
            self.cleared_at.fetch_max(generation, Ordering::AcqRel);
        }
        remembered.by_key.insert(id.clone(), Remembered { generation, at: now, change });
    }

    /// Records a change this replica committed; with a channel, the change
    /// was announced in the same statement.
    pub fn record_own_change(&self, id: &ConfigId, change: Change) {
        self.record_change(id, change);
        if let Some(channel) = &self.channel {
            channel.published.inc();
        }
    }

    /// Applies a change announced by another replica: L1 drops the key.
    fn apply(&self, payload: &str) {
        let Some(channel) = &self.channel else { return };
        let announcement = match serde_json::from_str::<Announcement>(payload) {
            Ok(announcement) => announcement,
            Err(error) => {
                // Not ours to parse: trust nothing that may have changed.
                tracing::warn!(%error, payload, "unreadable change announcement; clearing L1");
                self.clear_l1();
                return;
            }
        };
        if announcement.origin == self.origin {
            return;
        }
        let id = ConfigId {
            namespace: announcement.namespace,
            key: announcement.key,
            environment: announcement.environment,
        };
        let change = match announcement.version {
            Some(version) => Change::Written { version },
            None => Change::Deleted,
        };
        self.record_change(&id, change);
        if let Some(l1) = &self.l1 {
            l1.remove(&id);
        }
        channel.received.inc();
        channel.received_micros.store(channel.micros_now().max(1), Ordering::Release);
    }

    /// Drops every L1 entry and refuses every fill begun before now.
    fn clear_l1(&self) {
        let generation = self.generation.fetch_add(1, Ordering::AcqRel) + 1;
        self.cleared_at.fetch_max(generation, Ordering::AcqRel);
        if let Some(l1) = &self.l1 {
            l1.clear();
        }
    }

    /// The channel's state, `None` on a single replica.
    pub fn channel_view(&self) -> Option<ChannelView> {
        let channel = self.channel.as_ref()?;
        let now = channel.micros_now();
        let age = |micros: u64| Duration::from_micros(now.saturating_sub(micros));
        let fence = channel.fence_sent_micros.load(Ordering::Acquire);
        let received = channel.received_micros.load(Ordering::Acquire);
        Some(ChannelView {
            trusted: channel.trusted_at(Instant::now()),
            fence_age: age(fence),
            last_received_age: age(received),
            bound: channel.bound,
        })
    }

    /// Listens on the channel for as long as the process runs, reconnecting
    /// after any failure. `heartbeat` spaces the fences; `deadline` bounds
    /// connecting and each fence.
    pub fn spawn_listener(
        self: &Arc<Self>,
        pg_config: tokio_postgres::Config,
        tls: tokio_postgres_rustls::MakeRustlsConnect,
        heartbeat: Duration,
        deadline: Duration,
    ) {
        let coherence = Arc::clone(self);
        tokio::spawn(async move {
            let mut sessions = 0u64;
            loop {
                let outcome =
                    coherence.listen_once(&pg_config, &tls, heartbeat, deadline, sessions).await;
                sessions += 1;
                if let Some(channel) = &coherence.channel
                    && channel.subscribed.swap(false, Ordering::AcqRel)
                {
                    tracing::error!(
                        error = outcome.err().unwrap_or_default(),
                        "lost the config change channel; L1 is bypassed past the trust bound"
                    );
                }
                tokio::time::sleep(RECONNECT_PAUSE).await;
            }
        });
    }

    /// One connection's life: connect, LISTEN, clear L1, then apply
    /// announcements and send fences until something fails.
    async fn listen_once(
        &self,
        pg_config: &tokio_postgres::Config,
        tls: &tokio_postgres_rustls::MakeRustlsConnect,
        heartbeat: Duration,
        deadline: Duration,
        earlier_sessions: u64,
    ) -> Result<(), String> {
        let Some(channel) = &self.channel else { return Ok(()) };
        let (client, mut connection) =
            within(deadline, "connect", pg_config.connect(tls.clone())).await?;
        // The connection is driven here; its notifications come through a
        // queue, in the order the server sent them.
        let (sender, mut announcements) = tokio::sync::mpsc::unbounded_channel();
        let mut driver = tokio::spawn(async move {
            let mut messages = futures_util::stream::poll_fn(|cx| connection.poll_message(cx));
            while let Some(message) = messages.next().await {
                match message {
                    Ok(AsyncMessage::Notification(notice)) => {
                        if sender.send(notice.payload().to_owned()).is_err() {
                            break;
                        }
                    }
                    Ok(_) => {}
                    Err(error) => return error.to_string(),
                }
            }
            "the connection closed".to_owned()
        });
        let _stop_driver = AbortOnDrop(driver.abort_handle());
        within(deadline, "LISTEN", client.batch_execute(&format!("LISTEN {CHANNEL}"))).await?;
        // What was announced while nobody listened is unknown.
        self.clear_l1();
        channel.subscribed.store(true, Ordering::Release);
        if earlier_sessions > 0 {
            channel.resubscriptions.inc();
            tracing::info!("resubscribed to the config change channel; L1 cleared");
        }
        let mut ticks = tokio::time::interval(heartbeat);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                announcement = announcements.recv() => match announcement {
                    Some(payload) => self.apply(&payload),
                    // The driver ended: say why.
                    None => return Err((&mut driver).await.unwrap_or_else(|e| e.to_string())),
                },
                _ = ticks.tick() => {
                    let sent = channel.micros_now().max(1);
                    within(deadline, "fence", client.simple_query("SELECT 1")).await?;
                    // Announcements that came ahead of the answer are queued
                    // by now: apply them before vouching for L1.
                    while let Ok(payload) = announcements.try_recv() {
                        self.apply(&payload);
                    }
                    channel.fence_sent_micros.store(sent, Ordering::Release);
                }
            }
        }
    }
}

impl ChannelState {
    fn micros_now(&self) -> u64 {
        self.micros_at(Instant::now())
    }

    fn micros_at(&self, at: Instant) -> u64 {
        at.saturating_duration_since(self.started).as_micros() as u64
    }

    fn trusted_at(&self, now: Instant) -> bool {
        let fence = self.fence_sent_micros.load(Ordering::Acquire);
        fence > 0 && self.micros_at(now).saturating_sub(fence) <= self.bound.as_micros() as u64
    }
}

/// `call` under `deadline`, its failure said with `what`.
async fn within<T>(
    deadline: Duration,
    what: &str,
    call: impl Future<Output = Result<T, tokio_postgres::Error>>,
) -> Result<T, String> {
    match tokio::time::timeout(deadline, call).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(format!("{what}: {error}")),
        Err(_) => Err(format!("{what}: no answer within {deadline:?}")),
    }
}

/// Aborts a task when dropped.
struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A name for this replica that no other is likely to share: the host,
/// the process id and the start time.
fn origin_id() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|name| name.trim().to_owned())
        .unwrap_or_default();
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos());
    format!("{host}/{}/{started:x}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(key: &str) -> ConfigId {
        ConfigId { namespace: "app".into(), key: key.into(), environment: "production".into() }
    }

    #[test]
    fn a_fill_begun_before_a_change_of_its_key_is_refused() {
        let coherence = Coherence::single(None, Duration::from_secs(5));
        let before = coherence.ticket();
        coherence.record_own_change(&id("a"), Change::Written { version: 2 });
        assert!(!coherence.may_fill(&id("a"), before), "read before the change");
        assert!(coherence.may_fill(&id("b"), before), "another key is unaffected");
        assert!(coherence.may_fill(&id("a"), coherence.ticket()), "read after the change");
    }

    #[test]
    fn a_clear_refuses_every_earlier_fill() {
        let coherence = Coherence::single(None, Duration::from_secs(5));
        let before = coherence.ticket();
        coherence.clear_l1();
        assert!(!coherence.may_fill(&id("b"), before));
        assert!(coherence.may_fill(&id("b"), coherence.ticket()));
    }

    #[test]
    fn a_single_replica_always_trusts_l1_and_has_no_channel() {
        let coherence = Coherence::single(None, Duration::from_secs(5));
        assert!(coherence.l1_trusted());
        assert_eq!(coherence.channel_view(), None);
    }

    #[test]
    fn a_channel_trusts_l1_only_within_the_bound_of_the_last_fence() {
        let metrics = Metrics::new();
        let bound = Duration::from_millis(50);
        let coherence = Coherence::over_channel(None, Duration::from_secs(5), bound, &metrics);
        assert!(!coherence.l1_trusted(), "no fence yet");
        let channel = coherence.channel.as_ref().unwrap();
        channel.fence_sent_micros.store(channel.micros_now().max(1), Ordering::Release);
        assert!(coherence.l1_trusted());
        std::thread::sleep(bound * 2);
        assert!(!coherence.l1_trusted(), "the fence is older than the bound");
        assert!(!coherence.channel_view().unwrap().trusted);
    }

    #[test]
    fn announcements_from_others_drop_the_key_and_own_ones_are_ignored() {
        let metrics = Metrics::new();
        let l1 =
            Arc::new(L1Cache::new(100, Duration::from_secs(60), metrics.cache_evictions.clone()));
        let coherence = Coherence::over_channel(
            Some(Arc::clone(&l1)),
            Duration::from_secs(5),
            Duration::from_secs(1),
            &metrics,
        );
        let value =
            Arc::new(super::super::cache::CachedValue { version: 1, body: Default::default() });
        let announce = |origin: &str| {
            serde_json::to_string(&Announcement {
                origin: origin.into(),
                namespace: "app".into(),
                key: "a".into(),
                environment: "production".into(),
                version: Some(3),
            })
            .unwrap()
        };
        l1.offer(&id("a"), Arc::clone(&value));
        coherence.apply(&announce(coherence.origin()));
        assert!(l1.get(&id("a")).is_some(), "our own change is already in L1");
        let before = coherence.ticket();
        coherence.apply(&announce("another-replica"));
        assert!(l1.get(&id("a")).is_none());
        assert!(!coherence.may_fill(&id("a"), before));
        assert!(!coherence.accepts(&id("a"), 2), "an L2 copy older than the announced version");
        assert!(coherence.accepts(&id("a"), 3));
        let received = metrics.invalidations_received.with_label_values(&["postgres"]);
        assert_eq!(received.get(), 1);
        coherence.apply("not json");
        assert!(!coherence.may_fill(&id("b"), before), "an unreadable announcement clears all");
    }

    #[test]
    fn a_deleted_key_refuses_every_l2_copy_while_remembered() {
        let coherence = Coherence::single(None, Duration::from_millis(10));
        coherence.record_own_change(&id("a"), Change::Deleted);
        assert!(!coherence.accepts(&id("a"), 7));
        assert!(coherence.accepts(&id("b"), 1));
        // Past the storage deadline and a second, the writer has long
        // replaced or tombstoned its L2 copy.
        let remembered = coherence.remembered.lock().unwrap().get(&id("a")).copied().unwrap();
        assert!(remembered.at.elapsed() < coherence.remember_for);
    }

    #[test]
    fn expired_changes_are_swept_as_the_map_doubles_and_recent_ones_kept() {
        let coherence = Coherence::single(None, Duration::from_millis(10));
        let ticket = coherence.ticket();
        for n in 0..3 * MIN_SWEEP {
            coherence.record_own_change(&id(&format!("old-{n}")), Change::Deleted);
        }
        // Age them past the window.
        let long_ago = Instant::now() - coherence.remember_for * 2;
        for latest in coherence.remembered.lock().unwrap().by_key.values_mut() {
            latest.at = long_ago;
        }
        for n in 0..2 * MIN_SWEEP {
            coherence.record_own_change(&id(&format!("new-{n}")), Change::Deleted);
        }
        let remembered = coherence.remembered.lock().unwrap();
        assert!(remembered.by_key.len() <= 2 * MIN_SWEEP, "{}", remembered.by_key.len());
        assert!(remembered.get(&id("new-0")).is_some(), "recent changes stay");
        drop(remembered);
        assert!(!coherence.may_fill(&id("new-0"), ticket), "and still refuse older fills");
        assert_eq!(coherence.cleared_at.load(Ordering::Acquire), 0, "no full clear needed");
    }
}

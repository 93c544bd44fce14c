//! The faults `demo --fault` induces on the bundled server: each is a real
//! condition (a setting, a traffic pattern, another process contending
//! for the SQLite file), never a delay or an error added to the server's
//! code, with the section that diagnoses it and the cause the doctor is
//! expected to rank first.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use clap::ValueEnum;

use diagnosis::checks::Section;

/// `--fault`: a fault to induce, or `list` to name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FaultName {
    /// Name the faults and what each induces
    List,
    /// CACHE_L1_SIZE far below the hot set: evictions, reads going to storage
    L1TooSmall,
    /// A restart over existing data, then reads spread over every key
    ColdCache,
    /// Another process holds the SQLite write lock in bursts; writers take the small pool and reads wait for it
    SlowStorage,
    /// Another process holds the SQLite write lock past the storage deadline: writes fail with 503
    ErrorBurst,
    /// One client sends far more than RATE_LIMIT_RPS allows: HTTP 429s
    RateLimited,
}

/// The traffic of one phase: `clients` loops, each pausing `pace` between
/// requests when given, reading the first `hot_keys` keys `hot_percent` of
/// the time, any key `cold_percent`, writing `write_percent`, and reading
/// a key that does not exist the rest.
#[derive(Debug, Clone, Copy)]
pub struct Mix {
    pub clients: u64,
    pub pace: Option<Duration>,
    pub hot_keys: u64,
    pub hot_percent: u64,
    pub cold_percent: u64,
    pub write_percent: u64,
}

impl Mix {
    /// Read-mostly: 80% hot reads over 30 keys, 15% colder, 4% writes, 1%
    /// misses.
    pub const READ_MOSTLY: Mix = Mix {
        clients: 8,
        pace: None,
        hot_keys: 30,
        hot_percent: 80,
        cold_percent: 15,
        write_percent: 4,
    };

    /// The same mix, lighter: it keeps a sampling window's rates real
    /// without loading the machine the doctor measures.
    pub const LIGHT: Mix =
        Mix { clients: 2, pace: Some(Duration::from_millis(10)), ..Self::READ_MOSTLY };
}

/// Another process holding the SQLite write lock (`BEGIN IMMEDIATE`) for
/// `held`, letting go for `released`, over and over: a bulk import or a
/// long migration. WAL lets readers through; writers wait for the lock.
#[derive(Debug, Clone, Copy)]
pub struct LockBursts {
    pub held: Duration,
    pub released: Duration,
}

/// Everything about one demo run that a fault changes.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// What the fault does, in a sentence; `None` for the healthy demo.
    pub fault: Option<(FaultName, &'static str)>,
    /// Extra settings of the server.
    pub server_env: Vec<(&'static str, &'static str)>,
    /// Keys written before anything else.
    pub keys: u64,
    /// Restart the server after writing the keys (an empty L1).
    pub restart: bool,
    /// Traffic for `--workload` before the diagnosis, if any.
    pub warm_up: Option<Mix>,
    /// Traffic while the doctor diagnoses.
    pub during: Mix,
    /// Whether the traffic comes from a client address of its own
    /// (127.0.0.2), apart from the doctor's probes.
    pub own_client_address: bool,
    pub lock: Option<LockBursts>,
    pub section: Section,
    /// The cause the doctor should rank first.
    pub expected_cause: Option<&'static str>,
}

impl Scenario {
    /// The healthy demo: a warm, read-mostly service.
    pub fn healthy() -> Scenario {
        Scenario {
            fault: None,
            server_env: Vec::new(),
            keys: 300,
            restart: false,
            warm_up: Some(Mix::READ_MOSTLY),
            during: Mix::LIGHT,
            own_client_address: false,
            lock: None,
            section: Section::Quick,
            expected_cause: None,
        }
    }

    /// The scenario of `fault`; `None` for `list`.
    pub fn of(fault: FaultName) -> Option<Scenario> {
        let healthy = Scenario::healthy();
        let about = |text| Some((fault, text));
        Some(match fault {
            FaultName::List => return None,
            FaultName::L1TooSmall => Scenario {
                fault: about("CACHE_L1_SIZE=10 under a hot set of 30 keys and 300 keys in all"),
                server_env: vec![("CACHE_L1_SIZE", "10")],
                section: Section::Cache,
                expected_cause: Some("l1-too-small"),
                ..healthy
            },
            FaultName::ColdCache => Scenario {
                fault: about(
                    "3000 keys written, the server restarted, then reads spread evenly over them",
                ),
                keys: 3000,
                restart: true,
                warm_up: None,
                during: Mix {
                    clients: 4,
                    pace: Some(Duration::from_millis(2)),
                    hot_keys: 3000,
                    hot_percent: 100,
                    cold_percent: 0,
                    write_percent: 0,
                },
                expected_cause: Some("cold-cache"),
                ..healthy
            },
            FaultName::SlowStorage => Scenario {
                fault: about(
                    "another process holds the SQLite write lock 600 ms at a time; writers \
                     wait on a pool of 2 connections and reads, with L1 off, wait for them",
                ),
                server_env: vec![("CACHE_L1_ENABLED", "false"), ("DATABASE_POOL_SIZE", "2")],
                during: Mix {
                    clients: 6,
                    pace: Some(Duration::from_millis(5)),
                    write_percent: 20,
                    cold_percent: 0,
                    ..Mix::READ_MOSTLY
                },
                lock: Some(LockBursts {
                    held: Duration::from_millis(600),
                    released: Duration::from_millis(50),
                }),
                section: Section::Latency,
                expected_cause: Some("slow-storage"),
                ..healthy
            },
            FaultName::ErrorBurst => Scenario {
                fault: about(
                    "another process holds the SQLite write lock 2 s at a time, past the \
                     server's 250 ms storage deadline (STORAGE_TIMEOUT_MS): writes fail",
                ),
                server_env: vec![("STORAGE_TIMEOUT_MS", "250")],
                during: Mix {
                    clients: 4,
                    pace: Some(Duration::from_millis(5)),
                    write_percent: 30,
                    cold_percent: 0,
                    ..Mix::READ_MOSTLY
                },
                lock: Some(LockBursts {
                    held: Duration::from_secs(2),
                    released: Duration::from_millis(50),
                }),
                expected_cause: Some("storage-failing"),
                ..healthy
            },
            FaultName::RateLimited => Scenario {
                fault: about(
                    "RATE_LIMIT_RPS=100 (burst 50, the runbook's values) and one client \
                     sending about 400 requests a second",
                ),
                server_env: vec![("RATE_LIMIT_RPS", "100"), ("RATE_LIMIT_BURST", "50")],
                keys: 30,
                warm_up: Some(Mix {
                    clients: 2,
                    pace: Some(Duration::from_millis(5)),
                    ..Mix::READ_MOSTLY
                }),
                during: Mix {
                    clients: 2,
                    pace: Some(Duration::from_millis(5)),
                    ..Mix::READ_MOSTLY
                },
                own_client_address: true,
                expected_cause: Some("rate-limited"),
                ..healthy
            },
        })
    }
}

/// What `--fault list` prints: each fault, its section and expected cause.
pub fn list() -> String {
    let mut out = String::new();
    for fault in FaultName::value_variants() {
        let (Some(scenario), Some(name)) = (Scenario::of(*fault), fault.to_possible_value()) else {
            continue;
        };
        let about = scenario.fault.map_or("", |(_, about)| about);
        out.push_str(&format!(
            "{:<14} {about}\n{:<14} diagnosed with `{}`; expected top cause: {}\n",
            name.get_name(),
            "",
            scenario.section.name(),
            scenario.expected_cause.unwrap_or("none"),
        ));
    }
    out
}

/// Holds the SQLite write lock of the database in `data_dir` in bursts
/// until `stop` is set, on the blocking pool (rusqlite is synchronous).
pub fn hold_lock(
    data_dir: &Path,
    bursts: LockBursts,
    stop: Arc<AtomicBool>,
) -> tokio::task::JoinHandle<Result<(), String>> {
    let path = data_dir.join(contract::files::DATA_FILE);
    tokio::task::spawn_blocking(move || {
        let conn = rusqlite::Connection::open(&path)
            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        conn.busy_timeout(Duration::from_secs(5)).map_err(|e| e.to_string())?;
        while !stop.load(Ordering::Relaxed) {
            conn.execute_batch("BEGIN IMMEDIATE")
                .map_err(|e| format!("cannot take the write lock: {e}"))?;
            std::thread::sleep(bursts.held);
            conn.execute_batch("ROLLBACK").map_err(|e| e.to_string())?;
            std::thread::sleep(bursts.released);
        }
        Ok(())
    })
}

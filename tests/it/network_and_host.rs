//! The network and host sources against real things: listeners and closed
//! ports on loopback, the system resolver, a real `llm-config-server`
//! holding keep-alive connections, and directories of aged files.

use std::fs::File;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use diagnosis::checks::Source;
use diagnosis::evidence::host::{HostEvidence, Limit};
use diagnosis::evidence::network::DependencyRoundTrip;
use diagnosis::runbook::Runbook;
use llmcfg_doctor::plan::{RuntimeChoice, Settings};
use llmcfg_doctor::sources::host::{self, HostTarget};
use llmcfg_doctor::sources::network::{self, Endpoint, NetworkTarget};

use crate::support::{Server, data_dir, free_port, path_str, service_url};

const DAY: Duration = Duration::from_secs(24 * 60 * 60);

fn target(endpoints: Vec<Endpoint>) -> NetworkTarget {
    NetworkTarget {
        endpoints,
        not_probed: Vec::new(),
        connects: 5,
        spacing: Duration::from_millis(5),
        attempt_timeout: Duration::from_millis(500),
        window: Duration::from_millis(100),
        finish_by: Instant::now() + Duration::from_secs(10),
    }
}

fn endpoint(dependency: &str, host: &str, port: u16) -> Endpoint {
    Endpoint { dependency: dependency.into(), host: host.into(), port }
}

fn round_trip<'a>(trips: &'a [DependencyRoundTrip], dependency: &str) -> &'a DependencyRoundTrip {
    trips.iter().find(|t| t.dependency == dependency).unwrap_or_else(|| panic!("{dependency}"))
}

#[tokio::test]
async fn round_trips_to_a_listener_a_closed_port_and_by_name() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let open = listener.local_addr().unwrap().port();
    let closed = free_port();
    let target = target(vec![
        endpoint("open", "127.0.0.1", open),
        endpoint("closed", "127.0.0.1", closed),
        endpoint("by-name", "localhost", open),
        endpoint("no-such-name", "no-such-host.invalid", open),
    ]);
    let evidence = network::collect(&target, &Err(unavailable())).await;

    let reached = round_trip(&evidence.dependencies, "open");
    assert_eq!(reached.dns, None, "an IP address needs no lookup");
    let connects = &reached.connects;
    assert_eq!((connects.attempts, connects.succeeded, connects.lost), (5, 5, 0));
    let (min, avg, max) =
        (connects.min_ms.unwrap(), connects.avg_ms.unwrap(), connects.max_ms.unwrap());
    assert!(0.0 < min && min <= avg && avg <= max && max < 500.0, "{connects:?}");
    assert_eq!(connects.address.as_deref(), Some(format!("127.0.0.1:{open}").as_str()));

    let refused = &round_trip(&evidence.dependencies, "closed").connects;
    assert_eq!((refused.attempts, refused.succeeded, refused.lost), (5, 0, 5));
    assert_eq!((refused.timed_out, refused.avg_ms), (0, None));
    assert!(refused.last_error.as_deref().unwrap().contains("refused"), "{refused:?}");

    let named = round_trip(&evidence.dependencies, "by-name");
    let dns = named.dns.as_ref().expect("a name is looked up");
    assert_eq!(dns.error, None);
    assert!(dns.addresses.iter().any(|a| a == "127.0.0.1"), "{dns:?}");
    assert!(dns.elapsed_ms >= 0.0 && dns.elapsed_ms < 1000.0);
    assert_eq!(named.connects.succeeded, 5);

    let unresolved = round_trip(&evidence.dependencies, "no-such-name");
    let failure = unresolved.dns.as_ref().unwrap();
    assert!(failure.error.is_some() && failure.addresses.is_empty(), "{failure:?}");
    assert_eq!(unresolved.connects.attempts, 0);

    // Without the service's pid, the counters are the doctor's own.
    let tcp = evidence.tcp.unwrap();
    assert_eq!(tcp.source, "/proc/net/snmp");
    assert!(tcp.window_seconds >= 0.1);
    assert!(evidence.connections.is_err());
    assert!(evidence.interfaces.unwrap().iter().any(|i| i.name == "lo"));
}

#[tokio::test]
async fn unanswered_connects_time_out_and_stop_at_the_deadline() {
    // A listener whose accept queue is full drops further SYNs unanswered.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let address = listener.local_addr().unwrap();
    let queued: Vec<TcpStream> = (0..4)
        .filter_map(|_| TcpStream::connect_timeout(&address, Duration::from_millis(200)).ok())
        .collect();
    let mut target = target(vec![endpoint("full", "127.0.0.1", address.port())]);
    target.connects = 100;
    target.finish_by = Instant::now() + Duration::from_millis(400);
    let started = Instant::now();
    let evidence = network::collect(&target, &Err(unavailable())).await;
    // Without the deadline, 100 unanswered connects would take many seconds.
    assert!(started.elapsed() < Duration::from_millis(1500), "{:?}", started.elapsed());
    let connects = &evidence.dependencies[0].connects;
    assert!(connects.attempts > 0 && connects.attempts < 100, "{connects:?}");
    assert_eq!((connects.succeeded, connects.timed_out), (0, connects.attempts), "{connects:?}");
    drop((queued, listener));
}

#[tokio::test]
async fn connections_of_a_real_server_holding_keep_alive_clients() {
    let (data, logs) = (data_dir(), data_dir());
    let server = Server::start(&[("LLMCFG_DATA_DIR", path_str(data.path()))]);
    let clients: Vec<TcpStream> = (0..3).map(|_| keep_alive_client(&server)).collect();

    let plan = Settings {
        api_url: Some(server.url("/")),
        metrics_url: Some(format!("http://{}/metrics", server.metrics)),
        runtime: Some(RuntimeChoice::Process),
        pid: Some(server.pid()),
        data_dir: Some(data.path().to_owned()),
        log_dir: Some(logs.path().to_owned()),
        timeout: Some("3s".into()),
        ..Settings::default()
    }
    .resolve()
    .unwrap();
    net::install_crypto_provider();
    let started = Instant::now();
    let evidence = llmcfg_doctor::sources::collect(&plan, &[Source::Network, Source::Host]).await;
    let elapsed = started.elapsed();
    // Bounded by the run's deadline (a quiet machine takes about one
    // sampling window; a busy one may take longer, never past the deadline).
    assert!(elapsed < plan.timeout + Duration::from_millis(500), "collect took {elapsed:?}");

    let network = evidence.network.expect("collected").expect("no source error");
    let connections = network.connections.unwrap();
    assert_eq!(connections.pid, server.pid());
    assert!(connections.established >= clients.len() as u64, "{connections:?}");
    assert!(connections.by_state["LISTEN"] >= 2, "the API and metrics listeners");
    assert_eq!(connections.by_state["ESTABLISHED"], connections.established);
    let tcp = network.tcp.unwrap();
    assert_eq!(tcp.source, format!("/proc/{}/net/snmp", server.pid()));
    assert!(tcp.current_established >= clients.len() as u64);
    for dependency in ["api", "metrics"] {
        let connects = &round_trip(&network.dependencies, dependency).connects;
        assert_eq!((connects.attempts, connects.lost), (network::DEFAULT_CONNECTS, 0));
    }

    let host = evidence.host.expect("collected").expect("no source error");
    let service = host.tasks.service.unwrap();
    assert_eq!(service.pid, server.pid());
    assert!(service.max_processes.is_some());
    assert!(host.tasks.threads_max.unwrap() > 0 && host.tasks.pid_max.unwrap() > 0);
    assert!(host.memory.unwrap().total_bytes > 0);
    drop(clients);
}

#[tokio::test]
async fn database_as_libpq_keywords_and_redis_as_a_url() {
    let test = "database_as_libpq_keywords_and_redis_as_a_url";
    let Some(database) = service_url("LLMCFG_TEST_DATABASE_URL", test) else { return };
    let Some(redis) = service_url("LLMCFG_TEST_REDIS_URL", test) else { return };
    let url = url::Url::parse(&database).unwrap();
    let keywords = format!(
        "host={} port={} user={} password='not used' dbname=postgres",
        url.host_str().unwrap(),
        url.port().unwrap(),
        url.username()
    );
    let plan =
        Settings { database_url: Some(keywords), redis_url: Some(redis), ..Settings::default() }
            .resolve()
            .unwrap();
    let mut target = NetworkTarget::from_plan(&plan, Instant::now() + Duration::from_secs(5));
    target.window = Duration::from_millis(50);
    let evidence = network::collect(&target, &Err(unavailable())).await;
    assert!(evidence.not_probed.is_empty(), "{:?}", evidence.not_probed);
    for dependency in ["database", "redis"] {
        let trip = round_trip(&evidence.dependencies, dependency);
        assert_eq!((trip.connects.attempts, trip.connects.lost), (10, 0), "{trip:?}");
    }
}

/// A connection that has had one answered request and stays open.
fn keep_alive_client(server: &Server) -> TcpStream {
    let mut stream = TcpStream::connect(server.api).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "GET /health HTTP/1.1\r\nHost: test\r\nConnection: keep-alive\r\n\r\n").unwrap();
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).unwrap();
    assert!(head.starts_with(b"HTTP/1.1 "), "{head:?}");
    stream
}

/// Writes `bytes` to `path` and sets its modification time `age` ago.
fn aged_file(path: &Path, bytes: usize, age: Duration) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let file = File::create(path).unwrap();
    file.set_len(bytes as u64).unwrap();
    file.set_modified(SystemTime::now() - age).unwrap();
}

/// The embedded runbook's ages, in days.
fn days(days: f64) -> Duration {
    Duration::from_secs_f64(days * 24.0 * 3600.0)
}

fn host_target(data: &Path, logs: &Path) -> HostTarget {
    let housekeeping = Runbook::embedded().housekeeping;
    HostTarget {
        data_dir: data.to_owned(),
        log_dir: logs.to_owned(),
        data_dir_given: true,
        log_dir_given: true,
        log_max_age: days(housekeeping.log_max_age_days),
        backup_max_age: days(housekeeping.backup_max_age_days),
        window: Duration::from_millis(200),
        finish_by: Instant::now() + Duration::from_secs(10),
    }
}

#[tokio::test]
async fn old_logs_and_backups_and_the_disks_under_them() {
    let (data, logs, elsewhere) = (data_dir(), data_dir(), data_dir());
    let logs = logs.path();
    aged_file(&logs.join("llm-config-server.2026-01-01.log"), 1000, 40 * DAY);
    aged_file(&logs.join("server.log.1"), 200, 45 * DAY);
    aged_file(&logs.join("archive/server.log.2.gz"), 30, 60 * DAY);
    aged_file(&logs.join("llm-config-server.log"), 5000, Duration::ZERO);
    aged_file(&logs.join("notes.txt"), 10, 400 * DAY);
    // Not followed: a link to a directory of old logs elsewhere.
    aged_file(&elsewhere.path().join("other.log"), 10, 400 * DAY);
    std::os::unix::fs::symlink(elsewhere.path(), logs.join("linked")).unwrap();
    let backups = data.path().join("backups");
    aged_file(&backups.join("2025-01-01.tar.gz"), 4096, 100 * DAY);
    aged_file(&backups.join("nightly/2025-02-01.tar.gz"), 1024, 95 * DAY);
    aged_file(&backups.join("recent.tar.gz"), 64, 10 * DAY);

    let found: HostEvidence =
        host::collect(&host_target(data.path(), logs), &Err(unavailable())).await;

    let old_logs = &found.old_logs;
    assert!(old_logs.exists && old_logs.error.is_none());
    assert_eq!((old_logs.files, old_logs.old_count, old_logs.old_bytes), (4, 3, 1230));
    assert!((old_logs.oldest_age_days.unwrap() - 60.0).abs() < 0.1, "{old_logs:?}");
    let ages: Vec<u64> = old_logs.oldest.iter().map(|f| f.age_days.round() as u64).collect();
    assert_eq!(ages, [60, 45, 40]);
    assert!(old_logs.oldest[0].path.ends_with("archive/server.log.2.gz"));

    let old_backups = &found.old_backups;
    assert_eq!((old_backups.files, old_backups.old_count, old_backups.old_bytes), (3, 2, 5120));
    assert_eq!(old_backups.max_age_days, 90.0);

    let disk = &found.data_dir;
    assert!(disk.exists);
    let space = disk.space.clone().unwrap().unwrap();
    assert!(space.total_bytes > 0 && space.used_bytes <= space.total_bytes);
    let io = disk.io.clone().unwrap().unwrap();
    assert!(io.window_seconds >= 0.2 && (0.0..=100.0).contains(&io.utilization_percent));
    assert!(found.tasks.service.is_err());
    assert!(matches!(found.tasks.threads_max, Some(n) if n > 0));
}

#[tokio::test]
async fn missing_directories_are_data() {
    let root = data_dir();
    let (data, logs) = (root.path().join("no-data"), root.path().join("no-logs"));
    let found = host::collect(&host_target(&data, &logs), &Err(unavailable())).await;
    for disk in [&found.data_dir, &found.log_dir] {
        assert!(!disk.exists && disk.space.is_none() && disk.io.is_none(), "{disk:?}");
    }
    for files in [&found.old_logs, &found.old_backups] {
        assert!(!files.exists && files.files == 0 && files.error.is_none(), "{files:?}");
    }
}

#[tokio::test]
async fn the_service_limits_come_from_its_process() {
    let data = data_dir();
    let server = Server::start(&[("LLMCFG_DATA_DIR", path_str(data.path()))]);
    let found = host::collect(&host_target(data.path(), data.path()), &Ok(server.pid())).await;
    let service = found.tasks.service.unwrap();
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", server.pid())).unwrap();
    let soft = limits.lines().find(|l| l.starts_with("Max processes")).unwrap();
    let expected = match soft.split_whitespace().nth(2).unwrap() {
        "unlimited" => Limit::Unlimited,
        n => Limit::Limited(n.parse().unwrap()),
    };
    assert_eq!(service.max_processes, Some(expected));
}

fn unavailable() -> diagnosis::evidence::SourceError {
    diagnosis::evidence::SourceError::Unavailable("no service process in this test".into())
}

//! The doctor against endpoints that lie: bodies and replies that never
//! end or announce gigabytes, impossible metric values, escape sequences
//! in scraped labels, and secrets in every argument that can carry one.
//! Each run must end within its `--timeout` plus half a second, with its
//! peak resident memory under 64 MiB, and say what it refused.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::doctor_quick::doctor;
use crate::support;

/// Peak RSS a run against a hostile endpoint may reach.
const MAX_PEAK_KIB: u64 = 64 * 1024;
/// How long past its `--timeout` a run may take.
const GRACE: Duration = Duration::from_millis(500);

/// What one run of the doctor did.
struct Run {
    stdout: String,
    stderr: String,
    elapsed: Duration,
    peak_kib: u64,
}

/// Runs `command`, sampling its peak resident set (`VmHWM`) until it ends.
fn measure(mut command: Command) -> Run {
    let started = Instant::now();
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0;
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let readers = (
        std::thread::spawn(move || {
            let mut text = String::new();
            stdout.read_to_string(&mut text).map(|_| text).unwrap_or_default()
        }),
        std::thread::spawn(move || {
            let mut text = String::new();
            stderr.read_to_string(&mut text).map(|_| text).unwrap_or_default()
        }),
    );
    loop {
        if let Ok(text) = std::fs::read_to_string(&status)
            && let Some(kib) = text
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        {
            peak_kib = peak_kib.max(kib);
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "the doctor hung");
        std::thread::sleep(Duration::from_millis(10));
    }
    Run {
        stdout: readers.0.join().unwrap(),
        stderr: readers.1.join().unwrap(),
        elapsed: started.elapsed(),
        peak_kib,
    }
}

/// A loopback server that answers every connection with `answer`, after
/// reading what the client sends first (up to a blank line for HTTP).
fn serve(answer: impl Fn(&mut TcpStream) + Send + Sync + 'static) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let answer = std::sync::Arc::new(answer);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let answer = std::sync::Arc::clone(&answer);
            std::thread::spawn(move || {
                let mut stream = stream;
                let _ = stream.set_read_timeout(Some(Duration::from_millis(300)));
                let mut first = [0; 4096];
                let _ = stream.read(&mut first);
                answer(&mut stream);
            });
        }
    });
    port
}

/// Writes `chunk` until the peer goes away or a minute has passed.
fn stream_forever(stream: &mut TcpStream, chunk: &[u8]) {
    let until = Instant::now() + Duration::from_secs(60);
    while Instant::now() < until && stream.write_all(chunk).is_ok() {}
}

/// A metrics endpoint: HTTP head `head`, then `chunk` forever.
fn endless_metrics(head: &'static str) -> u16 {
    let line = b"cache_hits_total{tier=\"l1\"} 1\n".repeat(1024);
    serve(move |stream| {
        if stream.write_all(head.as_bytes()).is_ok() {
            stream_forever(stream, &line);
        }
    })
}

fn quick_against(metrics_port: u16, timeout: &str) -> Command {
    let mut command = section_against("quick", metrics_port, timeout);
    command.args(["--format", "json"]);
    command
}

fn section_against(section: &str, metrics_port: u16, timeout: &str) -> Command {
    let mut command = doctor();
    command.args([
        section,
        "--api-url",
        "http://127.0.0.1:9",
        "--metrics-url",
        &format!("http://127.0.0.1:{metrics_port}/metrics"),
        "--runtime",
        "process",
        "--process",
        "no-such-process-here",
        "--timeout",
        timeout,
    ]);
    command
}

fn assert_bounded(run: &Run, timeout: Duration) {
    // The figures of docs/robustness.md (`--nocapture` shows them).
    eprintln!("peak RSS {} KiB, {:?} for a {timeout:?} deadline", run.peak_kib, run.elapsed);
    assert!(run.peak_kib <= MAX_PEAK_KIB, "peak RSS {} KiB; stderr: {}", run.peak_kib, run.stderr);
    assert!(run.elapsed <= timeout + GRACE, "took {:?} for a {timeout:?} deadline", run.elapsed);
}

#[test]
fn a_metrics_body_that_never_ends_is_cut_off_at_the_limit() {
    let port = endless_metrics("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\n");
    let run = measure(quick_against(port, "3s"));
    assert_bounded(&run, Duration::from_secs(3));
    let report = crate::schemas::doctor_json(run.stdout.as_bytes());
    let target = support::finding(&report, "quick.metrics-target");
    assert_eq!(target["status"], "UNKNOWN", "{target}");
    assert!(run.stdout.contains("runs past the 8 MiB the doctor reads"), "{}", run.stdout);
}

#[test]
fn a_declared_length_of_gigabytes_is_refused_before_reading() {
    let port = endless_metrics("HTTP/1.1 200 OK\r\ncontent-length: 2000000000\r\n\r\n");
    let run = measure(quick_against(port, "3s"));
    assert_bounded(&run, Duration::from_secs(3));
    assert!(run.stdout.contains("declares 2000000000 bytes"), "{}", run.stdout);
}

/// A million series, as a metrics page far larger than any real one.
#[test]
fn a_huge_exposition_is_refused_within_the_deadline() {
    let mut page = String::from("HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\n");
    for n in 0..1_000_000 {
        page.push_str(&format!("cache_hits_total{{tier=\"l1\",n=\"{n}\"}} 1\n"));
    }
    let page = std::sync::Arc::new(page);
    let port = serve(move |stream| {
        let _ = stream.write_all(page.as_bytes());
    });
    let run = measure(quick_against(port, "3s"));
    assert_bounded(&run, Duration::from_secs(3));
    assert!(run.stdout.contains("8 MiB"), "{}", run.stdout);
}

/// `section` with the doctor's own probe of a dependency at `url`.
fn probing(section: &str, flag: &str, url: &str) -> Command {
    let mut command = section_against(section, 9, "3s");
    command.args([flag, url, "--format", "json"]);
    command
}

#[test]
fn a_redis_reply_of_gigabytes_is_cut_off_at_the_budget() {
    let port = serve(|stream| {
        if stream.write_all(b"$2000000000\r\n").is_ok() {
            stream_forever(stream, &[b'x'; 64 << 10]);
        }
    });
    let run = measure(probing("cache", "--redis-url", &format!("redis://127.0.0.1:{port}")));
    assert_bounded(&run, Duration::from_secs(3));
    assert!(run.stdout.contains("16 MiB a probe reads"), "{}", run.stdout);
}

#[test]
fn a_postgres_message_of_gigabytes_is_cut_off_at_the_budget() {
    let port = serve(|stream| {
        // An ErrorResponse announcing 2 GB, then bytes without end.
        let mut head = vec![b'E'];
        head.extend_from_slice(&2_000_000_000u32.to_be_bytes());
        if stream.write_all(&head).is_ok() {
            stream_forever(stream, &[b'x'; 64 << 10]);
        }
    });
    let run = measure(probing(
        "db",
        "--database-url",
        &format!("postgres://u@127.0.0.1:{port}/db?sslmode=disable"),
    ));
    assert_bounded(&run, Duration::from_secs(3));
    assert!(run.stdout.contains("16 MiB a probe reads"), "{}", run.stdout);
}

/// An exposition with `value` for the L1 hit counter, served as text.
fn metrics_with(body: String) -> u16 {
    serve(move |stream| {
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body.as_bytes());
    })
}

#[test]
fn impossible_values_are_refused_as_evidence_with_the_reason() {
    for (value, reason) in [("NaN", "is NaN"), ("+Inf", "is infinite"), ("-5", "below zero")] {
        let body = format!(
            "# TYPE config_operations_total counter\n\
             config_operations_total{{operation=\"get\"}} 10\n\
             # TYPE cache_hits_total counter\n\
             cache_hits_total{{tier=\"l1\"}} {value}\n\
             # TYPE cache_misses_total counter\n\
             cache_misses_total{{tier=\"l1\"}} 3\n"
        );
        let run = measure(quick_against(metrics_with(body), "2s"));
        let report = crate::schemas::doctor_json(run.stdout.as_bytes());
        let hits = support::finding(&report, "quick.cache-hit-rate");
        assert_eq!(hits["status"], "UNKNOWN", "{value}: {hits}");
        assert!(run.stdout.contains(reason), "{value}: {}", run.stdout);
        assert!(!run.stdout.contains("CACHE_L1_SIZE"), "{value}: advice from nonsense");
    }
}

#[test]
fn scraped_escape_sequences_never_reach_the_terminal() {
    let hostile = ["\u{1b}]0;owned\u{7}", "\u{1b}[31mred", "\u{202e}desrever"];
    let scrapes = std::sync::atomic::AtomicU64::new(1);
    // Requests on every hostile route, more at each scrape, so that the
    // routes show among the window's latencies.
    let port = serve(move |stream| {
        let n = scrapes.fetch_add(1, std::sync::atomic::Ordering::Relaxed) * 100;
        let mut body = String::from(
            "# TYPE config_operations_total counter\nconfig_operations_total{operation=\"get\"} 1\n\
             # TYPE http_request_duration_seconds histogram\n",
        );
        for route in hostile {
            let route = route.replace('\\', "\\\\").replace('"', "\\\"");
            let series = format!("method=\"GET\",route=\"{route}\"");
            for le in ["0.5", "+Inf"] {
                body.push_str(&format!(
                    "http_request_duration_seconds_bucket{{{series},le=\"{le}\"}} {n}\n"
                ));
            }
            body.push_str(&format!("http_request_duration_seconds_sum{{{series}}} {}\n", n / 10));
            body.push_str(&format!("http_request_duration_seconds_count{{{series}}} {n}\n"));
            body.push_str(&format!("http_requests_total{{{series},status=\"200\"}} {n}\n"));
        }
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body.as_bytes());
    });
    for format in ["table", "markdown", "nagios", "json", "junit"] {
        let mut command = section_against("latency", port, "3s");
        command.args(["--format", format]);
        let run = measure(command);
        if format == "table" {
            assert!(run.stdout.contains("desrever"), "the routes are not shown: {}", run.stdout);
        }
        for shown in [&run.stdout, &run.stderr] {
            assert!(!shown.contains('\u{1b}'), "{format}: an escape reached the output: {shown}");
            assert!(!shown.contains('\u{202e}'), "{format}: a bidi override reached it: {shown}");
            assert!(!shown.contains('\u{7}'), "{format}: a bell reached it: {shown}");
        }
    }
}

#[test]
fn no_secret_reaches_any_output_or_error() {
    let secrets = ["S3cretPw", "R3disPw", "S3cretKv", "S3cret Pw2", "S3cretQry", "ApiPw55"];
    let database_urls = [
        "postgres://adv_user:S3cretPw@127.0.0.1:notaport/adv_db",
        "host=127.0.0.1 port=9 password = S3cretKv",
        "host=127.0.0.1 port=9 password='S3cret Pw2'",
        "postgres://u@127.0.0.1:9/db?password=S3cretQry",
    ];
    let mut runs: Vec<Vec<String>> = Vec::new();
    for url in database_urls {
        for format in ["table", "json", "markdown", "nagios", "junit", "prometheus"] {
            runs.push(
                ["db", "--database-url", url, "--format", format].map(str::to_owned).to_vec(),
            );
        }
        runs.push(
            ["collect", "--section", "db", "--database-url", url].map(str::to_owned).to_vec(),
        );
    }
    runs.push(
        ["cache", "--redis-url", "redis://:R3disPw@127.0.0.1:99999"].map(str::to_owned).to_vec(),
    );
    runs.push(
        ["quick", "--api-url", "http://admin:ApiPw55@127.0.0.1:badport"]
            .map(str::to_owned)
            .to_vec(),
    );
    runs.push(
        ["quick", "--metrics-url", "http://admin:ApiPw55@127.0.0.1:9/metrics?token=ApiPw55"]
            .map(str::to_owned)
            .to_vec(),
    );
    for args in runs {
        let mut command = doctor();
        command.args(&args).args([
            "--runtime",
            "process",
            "--process",
            "no-such-process-here",
            "--timeout",
            "1s",
        ]);
        let run = measure(command);
        for secret in secrets {
            assert!(
                !run.stdout.contains(secret) && !run.stderr.contains(secret),
                "{args:?} showed {secret}:\n{}\n{}",
                run.stdout,
                run.stderr
            );
        }
    }
}

//! The checks, and the causes they point at, judged from recorded
//! evidence (a real healthy run, `fixtures/evidence/quick-healthy.json`)
//! and from variants of it that each change one thing, snapshotted with
//! insta.

use llmcfg_doctor::catalogue::{Query, RANGE};
use llmcfg_doctor::checks::{self, Section, Source};
use llmcfg_doctor::evidence::prometheus::{
    PrometheusEvidence, QueryAnswer, QueryResult, QuerySample,
};
use llmcfg_doctor::evidence::{Evidence, Series, SourceError};
use llmcfg_doctor::report::{Report, Status};
use llmcfg_doctor::runbook::Runbook;

fn healthy() -> Evidence {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/evidence/quick-healthy.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn judge(evidence: &Evidence, sections: &[Section]) -> Report {
    let runbook = Runbook::embedded();
    let findings: Vec<_> = checks::all()
        .filter(|check| sections.contains(&check.section))
        // As the CLI does: checks that look only at Redis run when it was probed.
        .filter(|check| {
            !matches!(check.needs, [Source::Redis] | [Source::RedisBigKeys])
                || evidence.redis.is_some()
        })
        .map(|check| check.run(evidence, &runbook))
        .collect();
    let causes = llmcfg_doctor::causes::rank(&findings, evidence, &runbook);
    Report::new("quick", "http://fixture:8080/".into(), chrono::Utc::now(), 1234, findings)
        .with_causes(causes)
}

const EVERY_SECTION: &[Section] =
    &[Section::Cpu, Section::Memory, Section::Cache, Section::Resources];

macro_rules! snapshot {
    ($name:expr, $evidence:expr, $sections:expr) => {
        insta::assert_json_snapshot!($name, judge(&$evidence, $sections), {
            ".started_at" => "[started_at]",
            ".duration_ms" => "[duration_ms]",
        });
    };
    ($name:expr, $evidence:expr) => {
        snapshot!($name, $evidence, &[Section::Quick])
    };
}

#[test]
fn healthy_run() {
    snapshot!("quick-healthy", healthy());
}

#[test]
fn a_healthy_service_has_no_cause() {
    let every_section: Vec<Section> = Section::ALL.into_iter().collect();
    let report = judge(&healthy(), &every_section);
    let faults =
        report.findings.iter().filter(|f| matches!(f.status, Status::Warning | Status::Critical));
    assert_eq!(faults.count(), 0);
    assert_eq!(report.causes, [], "{:#?}", report.causes);
}

#[test]
fn degraded_service_with_hot_cpu_and_tight_memory() {
    let mut evidence = healthy();
    let health = evidence.health.as_mut().unwrap().as_mut().unwrap();
    let body = health.body.as_mut().unwrap();
    body["status"] = "degraded".into();
    body["checks"]["cache"]["l2"]["status"] = "down".into();
    health.total_ms = 180.0;
    let runtime = evidence.runtime.as_mut().unwrap().as_mut().unwrap();
    runtime.cpu.as_mut().unwrap().percent_of_available = 91.0;
    let memory = runtime.memory.as_mut().unwrap();
    memory.limit_bytes = memory.used_bytes * 10 / 7;
    snapshot!("quick-degraded", evidence);
}

#[test]
fn errors_and_a_cold_cache() {
    let mut evidence = healthy();
    let window = evidence.metrics.as_mut().unwrap().as_mut().unwrap();
    let second = window.second.as_mut().unwrap();
    let operations =
        second.series.iter().find(|s| s.name == "config_operations_total").unwrap().value;
    second.series.push(Series {
        name: "config_errors_total".into(),
        labels: [
            ("operation".to_owned(), "get".to_owned()),
            ("kind".to_owned(), "unavailable".to_owned()),
        ]
        .into(),
        value: (operations * 0.05).ceil(),
    });
    for series in &mut second.series {
        if series.name == "cache_misses_total" {
            series.value += 1000.0;
        }
    }
    let runtime = evidence.runtime.as_mut().unwrap().as_mut().unwrap();
    let logs = runtime.logs.as_mut().unwrap().as_mut().unwrap();
    logs.errors = 2;
    logs.recent_errors =
        vec![r#"{"level":"ERROR","message":"request failed","status":503}"#.into()];
    snapshot!("quick-errors-cold-cache", evidence);
}

#[test]
fn every_source_down() {
    let evidence = Evidence {
        collected_at: None,
        metrics: Some(Err(SourceError::Unavailable(
            "http://h:9090/metrics: connection refused".into(),
        ))),
        health: Some(Err(SourceError::TimedOut(
            "/health gave no answer within the 5000ms deadline".into(),
        ))),
        runtime: Some(Err(SourceError::Unavailable(
            "no process named llm-config-server runs on this host".into(),
        ))),
        ..Evidence::default()
    };
    snapshot!("quick-sources-down", evidence);
}

#[test]
fn every_section_from_the_healthy_run() {
    snapshot!("all-healthy", healthy(), EVERY_SECTION);
}

#[test]
fn every_section_with_an_evicting_cache_and_slow_requests() {
    let mut evidence = healthy();
    let window = evidence.metrics.as_mut().unwrap().as_mut().unwrap();
    let second = window.second.as_mut().unwrap();
    second.series.push(Series {
        name: "cache_evictions_total".into(),
        labels: [("tier".to_owned(), "l1".to_owned()), ("cause".to_owned(), "size".to_owned())]
            .into(),
        value: 40.0,
    });
    let runtime = evidence.runtime.as_mut().unwrap().as_mut().unwrap();
    let logs = runtime.logs.as_mut().unwrap().as_mut().unwrap();
    logs.slowest = vec![llmcfg_doctor::evidence::SlowLine {
        duration_ms: 850.0,
        line: r#"{"level":"INFO","route":"/api/v1/configs/{namespace}/{key}","duration_ms":850.0}"#
            .into(),
    }];
    let process = runtime.process.as_mut().unwrap();
    process.open_fds = Some(900);
    process.fd_limit = Some(1024);
    snapshot!("all-evicting-slow", evidence, EVERY_SECTION);
}

/// Prometheus evidence answering the two request-rate queries.
fn prometheus_rates(last_minute: f64, five_minutes: f64) -> PrometheusEvidence {
    let data = |value| QueryAnswer::Data {
        samples: vec![QuerySample { labels: Default::default(), value }],
    };
    let results =
        [(Query::HttpRequestRateLastMinute, last_minute), (Query::HttpRequestRate, five_minutes)]
            .into_iter()
            .map(|(query, value)| {
                let result = QueryResult { promql: query.promql(RANGE), answer: Ok(data(value)) };
                (query.key(), result)
            })
            .collect();
    PrometheusEvidence {
        url: "http://prometheus:9091/".into(),
        evaluated_at: chrono::DateTime::from_timestamp(1_800_000_000, 0).unwrap(),
        window_seconds: 300.0,
        results,
    }
}

#[test]
fn rising_traffic_with_a_busy_cpu_is_a_warning() {
    let runbook = Runbook::embedded();
    let request_rate = checks::all().find(|check| check.code == "cpu.request-rate").unwrap();
    let mut evidence = healthy();
    evidence.prometheus = Some(Ok(prometheus_rates(150.0, 100.0)));
    let calm = request_rate.run(&evidence, &runbook);
    assert_eq!(calm.status, Status::Ok, "{}", calm.summary);
    assert!(
        calm.summary.contains("rising: 150/s over the last minute against 100/s over five"),
        "{}",
        calm.summary
    );
    let runtime = evidence.runtime.as_mut().unwrap().as_mut().unwrap();
    runtime.cpu.as_mut().unwrap().percent_of_available = 65.0;
    let busy = request_rate.run(&evidence, &runbook);
    assert_eq!(busy.status, Status::Warning, "{}", busy.summary);
    evidence.prometheus = Some(Ok(prometheus_rates(100.0, 100.0)));
    assert_eq!(request_rate.run(&evidence, &runbook).status, Status::Ok);
}

#[test]
fn requests_refused_by_the_rate_limit_point_at_it() {
    let mut evidence = healthy();
    let window = evidence.metrics.as_mut().unwrap().as_mut().unwrap();
    let second = window.second.as_mut().unwrap();
    // A series new in the window counts from zero: 50 requests refused.
    second.series.push(Series {
        name: "http_requests_total".into(),
        labels: [
            ("method".to_owned(), "GET".to_owned()),
            ("route".to_owned(), "/api/v1/configs/{namespace}/{key}".to_owned()),
            ("status".to_owned(), "429".to_owned()),
        ]
        .into(),
        value: 50.0,
    });
    let report = judge(&evidence, &[Section::Quick]);
    let causes: Vec<&str> = report.causes.iter().map(|c| c.cause.as_str()).collect();
    assert_eq!(causes, ["rate-limited"], "{:#?}", report.causes);
    let refused = &report.causes[0].supported_by[0];
    assert_eq!(refused.code, "rate-limited-percent");
    assert!(refused.value.unwrap() > 1.0, "{refused:?}");
    assert!(refused.text.contains(" over "), "names its window: {}", refused.text);
}

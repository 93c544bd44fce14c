//! Rates and quantiles two ways, against real processes: a private
//! Prometheus scraping the real server every second, and two scrapes of
//! the server's `/metrics` over the same period, under the same steady
//! traffic. Also how the Prometheus client tells no data, Prometheus
//! errors and network failures apart.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::Utc;
use diagnosis::analysis::quantile::{HistogramDelta, histogram_delta};
use diagnosis::catalogue::{self, HTTP_REQUEST_DURATION, Operation, Quantile, Query, RANGE};
use diagnosis::checks::rates::{self, Method};
use diagnosis::evidence::prometheus::{PrometheusEvidence, QueryAnswer};
use diagnosis::evidence::{Evidence, SourceError};
use llmcfg_doctor::sources::prometheus;
use llmcfg_doctor::sources::{http, metrics};
use serde_json::json;
use url::Url;

use crate::support::{
    PrometheusServer, RedisServer, Server, client, data_dir, free_port, path_str,
};

/// The period both methods measure.
const WINDOW: Duration = Duration::from_secs(12);

/// How far the two rates may differ, relative to the scrape-delta rate.
/// Prometheus counts the increase between its first and last scrape inside
/// the range and extrapolates it to the range's edges; the scrape deltas
/// count exactly between two scrapes of their own. Under steady traffic
/// the two differ by how much the traffic varied in the up to 1 s at each
/// edge that only one of them saw.
const RATE_TOLERANCE: f64 = 0.15;

/// How far apart, in quantile points, the two quantiles may be: the value
/// Prometheus gives for P95 must be a P92-P98 of the scrape-delta
/// histogram. Both interpolate the same buckets the same way, so with the
/// same observations they would agree to the last bit; they differ only
/// by the observations of the up to 1 s at each edge of the window that
/// one method counted and the other did not (Prometheus scrapes on its own
/// clock). A tolerance in rank rather than in seconds holds for a narrow
/// bucket as well as for a wide one. Those edges are up to 2 s of 12, so
/// when the latencies drift during the run (a busy machine) the ranks can
/// move by a few percent; 0.08 allows that and still fails a quantile
/// taken from the wrong bucket or the wrong series.
const RANK_TOLERANCE: f64 = 0.08;

/// How far the mean durations of the slowest operations may differ,
/// relative to the scrape-delta mean: a mean has no buckets to absorb an
/// outlier, and one slow write at an edge of the window moves it.
const MEAN_TOLERANCE: f64 = 0.5;

const TEST: &str = "prometheus_and_scrape_deltas_agree";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prometheus_and_scrape_deltas_agree_under_steady_traffic() {
    let Some(redis) = RedisServer::start(TEST) else { return };
    let data = data_dir();
    // L1 holds 16 entries: the 8 hot keys stay, the 200 others come from L2.
    let server = Server::start(&[
        ("LLMCFG_DATA_DIR", path_str(data.path())),
        ("REDIS_URL", &redis.url()),
        ("CACHE_L1_SIZE", "16"),
    ]);
    let Some(prometheus_server) = PrometheusServer::start(TEST, &[server.metrics]) else { return };
    prometheus_server.ready().await;
    net::install_crypto_provider();
    let base = Url::parse(&prometheus_server.url()).unwrap();
    let doctor_client = http::client(Duration::from_secs(5));

    let http_client = client();
    for n in 0..COLD_KEYS {
        let put = http_client.put(server.config_url("app", &format!("k{n}")));
        assert!(put.json(&json!({"value": n})).send().await.unwrap().status().is_success());
    }
    let stop = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..3)
        .map(|worker| tokio::spawn(drive(server.url(""), Arc::clone(&stop), worker)))
        .collect();
    // Prometheus scrapes the server, and has a few scrapes of the traffic.
    crate::support::eventually(
        Duration::from_secs(30),
        "Prometheus scraping the server",
        async || {
            let up = prometheus::query(&doctor_client, &base, "up", Utc::now()).await;
            up.is_ok_and(|answer| answer.single_value() == Some(1.0))
        },
    )
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;

    let metrics_url = Url::parse(&format!("http://{}/metrics", server.metrics)).unwrap();
    let deadline = Instant::now() + WINDOW + Duration::from_secs(10);
    let window = metrics::scrape_window(&doctor_client, &metrics_url, WINDOW, deadline, None, None)
        .await
        .unwrap();
    let second = window.second.as_ref().expect("the second scrape fits the deadline");
    let span = (second.scraped_at - window.first.scraped_at).to_std().unwrap();
    let answers = prometheus::query_catalogue(
        &doctor_client,
        &base,
        span,
        second.scraped_at,
        Instant::now() + Duration::from_secs(10),
    )
    .await
    .unwrap();
    stop.store(true, Ordering::Relaxed);
    let mut rounds = 0;
    for worker in workers {
        rounds += worker.await.unwrap();
    }
    eprintln!("{rounds} rounds of traffic; windows of {span:?}");
    every_query_was_answered(&answers);

    let by_scrapes = Evidence { metrics: Some(Ok(window.clone())), ..Evidence::default() };
    let by_prometheus = Evidence { prometheus: Some(Ok(answers)), ..Evidence::default() };
    for operation in Operation::ALL {
        let deltas = rates::operation_stats(&by_scrapes, operation).unwrap();
        let promql = rates::operation_stats(&by_prometheus, operation).unwrap();
        assert_eq!(deltas.provenance.method, Method::ScrapeDeltas);
        assert_eq!(promql.provenance.method, Method::Prometheus);
        let histogram = histogram_delta(&window, &operation.histogram()).unwrap();
        let what = operation.name();
        eprintln!(
            "{what:>13}: {:>7.1}/s vs {:>7.1}/s; {}",
            deltas.rate,
            promql.rate,
            Quantile::ALL
                .map(|q| format!(
                    "{} {:.6}s vs {:.6}s",
                    q.name(),
                    deltas.quantiles.get(q).unwrap_or(f64::NAN),
                    promql.quantiles.get(q).unwrap_or(f64::NAN)
                ))
                .join(", ")
        );
        assert!(histogram.count >= 200.0, "{what}: only {} observations", histogram.count);
        assert_rates_agree(what, deltas.rate, promql.rate);
        for q in Quantile::ALL {
            assert_eq!(deltas.quantiles.get(q), histogram.quantile(q.fraction()));
            let value = promql.quantiles.get(q).expect("Prometheus has a quantile");
            assert_within_ranks(&format!("{what} {}", q.name()), &histogram, q, value);
        }
    }

    let deltas = rates::http_stats(&by_scrapes).unwrap();
    let promql = rates::http_stats(&by_prometheus).unwrap();
    assert_eq!(
        (deltas.provenance.method, promql.provenance.method),
        (Method::ScrapeDeltas, Method::Prometheus)
    );
    assert_rates_agree("http requests", deltas.request_rate, promql.request_rate);
    let requests = histogram_delta(&window, &HTTP_REQUEST_DURATION).unwrap();
    for q in Quantile::ALL {
        assert_within_ranks(
            &format!("http {}", q.name()),
            &requests,
            q,
            promql.quantiles.get(q).unwrap(),
        );
    }
    assert_eq!(
        deltas.by_route.keys().collect::<Vec<_>>(),
        promql.by_route.keys().collect::<Vec<_>>(),
        "the same routes had traffic"
    );
    let (ratio_by_deltas, ratio_by_prometheus) =
        (deltas.server_error_ratio.unwrap(), promql.server_error_ratio.unwrap());
    assert!(
        (ratio_by_deltas - ratio_by_prometheus).abs() <= 0.01,
        "{ratio_by_deltas} vs {ratio_by_prometheus}"
    );

    let deltas = rates::slowest_operations(&by_scrapes).unwrap();
    let promql = rates::slowest_operations(&by_prometheus).unwrap();
    let pairs = |slowest: &rates::SlowestOperations| {
        let mut pairs: Vec<(String, String)> =
            slowest.slowest.iter().map(|m| (m.operation.clone(), m.source.clone())).collect();
        pairs.sort();
        pairs
    };
    // get from l1, l2 and storage, and put: four pairs, so the top five
    // hold all of them whatever their order.
    assert_eq!(pairs(&deltas).len(), 4, "{deltas:?}");
    assert_eq!(pairs(&deltas), pairs(&promql));
    for mean in &promql.slowest {
        let other = deltas
            .slowest
            .iter()
            .find(|m| m.operation == mean.operation && m.source == mean.source)
            .unwrap();
        let difference = (mean.mean_seconds - other.mean_seconds).abs() / other.mean_seconds;
        assert!(difference <= MEAN_TOLERANCE, "{mean:?} vs {other:?}");
    }
}

/// Keys written before the traffic; the first [`HOT_KEYS`] are read often
/// enough to stay in L1.
const COLD_KEYS: usize = 200;
const HOT_KEYS: usize = 8;

/// Steady traffic until `stop`. Each round reads a hot key (an L1 hit), a
/// key of the larger set (mostly an L1 miss and an L2 hit), a key that does
/// not exist (L1 and L2 misses, a storage read, a 404), and every fourth
/// round writes one; then pauses a millisecond. Returns the rounds done.
async fn drive(api: String, stop: Arc<AtomicBool>, worker: usize) -> u64 {
    let http = client();
    let url = |key: String| format!("{api}/api/v1/configs/app/{key}");
    let mut round: u64 = 0;
    while !stop.load(Ordering::Relaxed) {
        let n = round as usize * 3 + worker;
        let reads = [
            format!("k{}", n % HOT_KEYS),
            format!("k{}", HOT_KEYS + n % (COLD_KEYS - HOT_KEYS)),
            format!("missing-{worker}-{round}"),
        ];
        for key in reads {
            http.get(url(key)).send().await.unwrap();
        }
        if round.is_multiple_of(4) {
            let write = http.put(url(format!("w{}", n % 50))).json(&json!({"value": round}));
            write.send().await.unwrap();
        }
        round += 1;
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    round
}

/// Every query of the catalogue got an answer from Prometheus, data or no
/// data: none was refused, which also proves the catalogue's PromQL valid.
fn every_query_was_answered(answers: &PrometheusEvidence) {
    assert_eq!(answers.results.len(), catalogue::catalogue(RANGE).len());
    for (key, result) in &answers.results {
        match &result.answer {
            Ok(QueryAnswer::Data { .. } | QueryAnswer::NoData) => {}
            other => panic!("{key} ({}) answered {other:?}", result.promql),
        }
    }
    let up = answers.answer(Query::ServiceScraped).unwrap().as_ref().unwrap();
    let QueryAnswer::Data { samples } = up else { panic!("up: {up:?}") };
    assert_eq!(samples.len(), 1, "{samples:?}");
    assert_eq!((samples[0].labels["job"].as_str(), samples[0].value), ("llm-config-manager", 1.0));
}

fn assert_rates_agree(what: &str, by_deltas: f64, by_prometheus: f64) {
    let difference = (by_prometheus - by_deltas).abs() / by_deltas;
    assert!(
        difference <= RATE_TOLERANCE,
        "{what}: {by_prometheus}/s by Prometheus vs {by_deltas}/s by scrape deltas"
    );
}

/// `value` lies between the `q ± RANK_TOLERANCE` quantiles of `histogram`.
fn assert_within_ranks(what: &str, histogram: &HistogramDelta, q: Quantile, value: f64) {
    let low = histogram.quantile((q.fraction() - RANK_TOLERANCE).max(0.0)).unwrap();
    let high = histogram.quantile((q.fraction() + RANK_TOLERANCE).min(1.0)).unwrap();
    assert!(
        low * (1.0 - 1e-9) <= value && value <= high * (1.0 + 1e-9),
        "{what}: {value}s by Prometheus is outside [{low}s, {high}s], the scrape deltas' \
         quantiles {RANK_TOLERANCE} either side ({:?})",
        histogram.buckets
    );
}

#[tokio::test]
async fn no_data_prometheus_errors_and_network_failures_are_told_apart() {
    let test = "no_data_prometheus_errors_and_network_failures_are_told_apart";
    let Some(prometheus_server) = PrometheusServer::start(test, &[]) else { return };
    prometheus_server.ready().await;
    net::install_crypto_provider();
    let doctor_client = http::client(Duration::from_secs(5));
    let base = Url::parse(&prometheus_server.url()).unwrap();
    let now = Utc::now();
    let ask = async |promql: &str| prometheus::query(&doctor_client, &base, promql, now).await;

    // A series nobody exports: no data, where zero would be a measurement.
    assert_eq!(ask("sum(rate(llmcfg_never_exported_total[1m]))").await, Ok(QueryAnswer::NoData));
    assert_eq!(ask("0 / 0").await, Ok(QueryAnswer::NoData), "NaN is no data");
    assert_eq!(ask("vector(0)").await.unwrap().single_value(), Some(0.0), "zero is data");

    let Ok(QueryAnswer::Error { error_type, error }) = ask("sum(rate(").await else {
        panic!("a syntax error is Prometheus's answer");
    };
    assert_eq!(error_type, "bad_data");
    assert!(error.contains("parse error"), "{error}");

    let closed = Url::parse(&format!("http://127.0.0.1:{}", free_port())).unwrap();
    let refused = prometheus::query(&doctor_client, &closed, "up", now).await;
    assert!(matches!(refused, Err(SourceError::Unavailable(_))), "{refused:?}");

    let deadline = Instant::now() + Duration::from_secs(10);
    let nothing_answers =
        prometheus::query_catalogue(&doctor_client, &closed, RANGE, now, deadline).await;
    assert!(matches!(nothing_answers, Err(SourceError::Unavailable(_))), "{nothing_answers:?}");

    // A Prometheus that scrapes nothing answers every query with no data,
    // and the checks look elsewhere.
    let empty =
        prometheus::query_catalogue(&doctor_client, &base, RANGE, now, deadline).await.unwrap();
    for (key, result) in &empty.results {
        assert_eq!(result.answer, Ok(QueryAnswer::NoData), "{key}: {}", result.promql);
    }
    let evidence = Evidence { prometheus: Some(Ok(empty)), ..Evidence::default() };
    let reason = rates::operation_stats(&evidence, Operation::L1Hit).unwrap_err();
    assert_eq!(
        reason,
        "Prometheus: no data for l1-hit.rate; scrape deltas: the metrics were not scraped"
    );
}

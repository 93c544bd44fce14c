//! The runbook's baseline table: P50/P95/P99 and the rate of its six
//! operations, measured over a window (through Prometheus, else from two
//! scrapes) and judged cell by cell: over the figure WARNING, over twice the
//! figure CRITICAL. Rates are shown beside the runbook's throughput; a
//! passive doctor cannot measure capacity, so they are informational.

use super::common;
use super::rates;
use super::{Check, Section, Source, Verdict, round2};
use crate::catalogue::{Operation, Quantile};
use crate::evidence::Evidence;
use crate::report::Status;
use crate::runbook::{OperationBaseline, Runbook};
use crate::threshold::{Band, Direction, trim_float};
use crate::threshold::{Threshold, Unit};
use contract::metrics::Tier;

const NEEDS: &[Source] = &[Source::Metrics, Source::Prometheus];

macro_rules! baseline_checks {
    ($($op:ident $name:literal $title:literal;)*) => {
        pub static CHECKS: &[&Check] = &[
            $(
                &Check {
                    code: concat!("baseline.", $name, ".p50"),
                    section: Section::Baseline,
                    title: concat!($title, " P50"),
                    needs: NEEDS,
                    band: None,
                    judge: |evidence, runbook| cell(evidence, runbook, Operation::$op, Quantile::P50),
                },
                &Check {
                    code: concat!("baseline.", $name, ".p95"),
                    section: Section::Baseline,
                    title: concat!($title, " P95"),
                    needs: NEEDS,
                    band: None,
                    judge: |evidence, runbook| cell(evidence, runbook, Operation::$op, Quantile::P95),
                },
                &Check {
                    code: concat!("baseline.", $name, ".p99"),
                    section: Section::Baseline,
                    title: concat!($title, " P99"),
                    needs: NEEDS,
                    band: None,
                    judge: |evidence, runbook| cell(evidence, runbook, Operation::$op, Quantile::P99),
                },
                &Check {
                    code: concat!("baseline.", $name, ".rate"),
                    section: Section::Baseline,
                    title: concat!($title, " rate"),
                    needs: NEEDS,
                    band: None,
                    judge: |evidence, runbook| rate(evidence, runbook, Operation::$op),
                },
            )*
        ];
    };
}

baseline_checks! {
    L1Hit "l1-hit" "L1 hit";
    L2Hit "l2-hit" "L2 hit";
    StorageRead "storage-read" "Storage read";
    StorageWrite "storage-write" "Storage write";
    ApiCached "api-cached" "API cached";
    ApiUncached "api-uncached" "API uncached";
}

/// The runbook's row for an operation.
pub fn row(runbook: &Runbook, operation: Operation) -> &OperationBaseline {
    let b = &runbook.baseline;
    match operation {
        Operation::L1Hit => &b.l1_hit,
        Operation::L2Hit => &b.l2_hit,
        Operation::StorageRead => &b.storage_read,
        Operation::StorageWrite => &b.storage_write,
        Operation::ApiCached => &b.api_cached,
        Operation::ApiUncached => &b.api_uncached,
    }
}

/// The runbook's figure for one cell, in ms.
pub fn figure(runbook: &Runbook, operation: Operation, quantile: Quantile) -> f64 {
    let row = row(runbook, operation);
    match quantile {
        Quantile::P50 => row.p50_ms,
        Quantile::P95 => row.p95_ms,
        Quantile::P99 => row.p99_ms,
    }
}

/// Judges a latency in ms against a figure: over it WARNING, over twice
/// it CRITICAL.
pub fn against_figure(value_ms: f64, figure_ms: f64) -> (Status, Threshold) {
    let band = Band { warning: figure_ms, critical: figure_ms * 2.0 };
    let status = match super::judge_band(value_ms, &band, Direction::HigherIsWorse) {
        // Exactly at the figure is within it.
        Status::Warning if value_ms <= figure_ms => Status::Ok,
        other => other,
    };
    (status, Threshold::band(&band, Direction::HigherIsWorse, Unit::Milliseconds))
}

/// OK for the operations of a cache tier the service runs without: there
/// is no latency to hold against the runbook's figure.
fn tier_not_enabled(evidence: &Evidence, operation: Operation) -> Option<Verdict> {
    let tier = match operation {
        Operation::L1Hit => Tier::L1,
        Operation::L2Hit => Tier::L2,
        _ => return None,
    };
    let window = common::metrics(evidence).ok()?;
    let name = tier.label().to_uppercase();
    (!common::tier_enabled(window, tier))
        .then(|| Verdict::new(Status::Ok, format!("{name} is not enabled"), window.url.clone()))
}

fn cell(
    evidence: &Evidence,
    runbook: &Runbook,
    operation: Operation,
    quantile: Quantile,
) -> Verdict {
    if let Some(verdict) = tier_not_enabled(evidence, operation) {
        return verdict;
    }
    let stats = match rates::operation_stats(evidence, operation) {
        Ok(stats) => stats,
        Err(reason) => return Verdict::not_measured(reason, "metrics"),
    };
    let source = stats.provenance.to_string();
    let Some(seconds) = stats.quantiles.get(quantile) else {
        return common::nothing_observed(operation.name(), &stats.provenance, runbook);
    };
    let value_ms = seconds * 1e3;
    let figure_ms = figure(runbook, operation, quantile);
    let (status, threshold) = against_figure(value_ms, figure_ms);
    Verdict::new(
        status,
        format!(
            "{} {} ms against the runbook's {} ms",
            quantile.name().to_uppercase(),
            trim_float(round2(value_ms)),
            trim_float(figure_ms)
        ),
        source,
    )
    .measured(round2(value_ms), Unit::Milliseconds)
    .threshold(threshold)
}

fn rate(evidence: &Evidence, runbook: &Runbook, operation: Operation) -> Verdict {
    if let Some(verdict) = tier_not_enabled(evidence, operation) {
        return verdict;
    }
    let stats = match rates::operation_stats(evidence, operation) {
        Ok(stats) => stats,
        Err(reason) => return Verdict::not_measured(reason, "metrics"),
    };
    let capacity = row(runbook, operation).throughput_per_s;
    Verdict::new(
        Status::Ok,
        format!(
            "{}/s observed; the runbook's capacity is {}+/s",
            trim_float(round2(stats.rate)),
            trim_float(capacity)
        ),
        stats.provenance.to_string(),
    )
    .measured(round2(stats.rate), Unit::PerSecond)
}

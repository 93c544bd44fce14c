//! Parser for what a service serves on its Prometheus `/metrics` endpoint:
//! the Prometheus text exposition format 0.0.4 and the OpenMetrics 1.0 text
//! format, with a small query API for diagnostics (look up a family, iterate
//! or sum its samples under label filters, rebuild histograms and summaries
//! per series).
//!
//! # Cost
//!
//! Parsing allocates per family, not per line: names, label sets and HELP
//! texts are borrowed from the input (a HELP text holding escapes is the one
//! exception). A sample keeps its label set as the raw text between `{` and
//! `}`, checked while parsing and decoded (escapes resolved, without
//! allocating unless a value holds escapes) only when read through
//! [`Labels`]. [`Exposition::into_owned`] detaches a result from its input.
//!
//! # What is accepted
//!
//! * `# HELP`, `# TYPE`, `# UNIT` and `# EOF` lines, HELP escapes (`\\`,
//!   `\n`, `\"`), label value escapes (`\\`, `\"`, `\n`), label values
//!   holding any text (`,`, `=`, `}`, `#`, spaces, unicode), `:` in metric
//!   and label names, empty label sets `{}` and a trailing comma in a label
//!   set.
//! * Values as floats, integers, exponent forms, `+Inf`, `-Inf` and `NaN`;
//!   an optional timestamp, milliseconds in 0.0.4 and seconds in OpenMetrics,
//!   kept as seconds ([`Sample::timestamp`]).
//! * OpenMetrics exemplars (`# {trace_id="…"} 1.0 1234.5` after the value or
//!   timestamp): skipped, like everything after a `#` that follows the value.
//! * Samples are grouped into [`MetricFamily`]s by the `# TYPE` they belong
//!   to, including the suffixed samples of a type (`_bucket`, `_sum`,
//!   `_count`, `_created`, `_total`, `_gsum`, `_gcount`, `_info`; see
//!   [`MetricType`]). A sample that matches no declared family forms a
//!   [`MetricType::Untyped`] family of its own name.
//!
//! # Leniency
//!
//! Beyond the two specifications this parser accepts blank lines, CRLF line
//! endings, leading whitespace and any run of spaces or tabs between tokens
//! (also around `{`, `=`, `,` and `}`), unknown escape sequences (kept
//! verbatim), float timestamps in 0.0.4, exemplars in 0.0.4, and samples of
//! one family split across the exposition (merged into that family).
//! Comment lines other than `HELP`, `TYPE`, `UNIT` and `EOF` are ignored.
//!
//! Everything else is a [`ParseError`] carrying the 1-based line number: a
//! malformed sample line (bad metric name, bad label syntax, unterminated
//! label value, duplicate label name, missing or invalid value, invalid
//! timestamp, trailing text), a malformed `HELP`/`TYPE`/`UNIT` line, an
//! unknown metric type, a second `HELP`/`TYPE`/`UNIT` for one family, a
//! `TYPE` after that family's samples, text after `# EOF`, and — only when
//! OpenMetrics is requested explicitly with [`Exposition::parse_as`] — a
//! missing `# EOF` (a truncated response). The parser never panics.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Deserialize, Serialize, Serializer};

/// Which text format an exposition is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Prometheus text format 0.0.4 (`text/plain; version=0.0.4`):
    /// timestamps in integer milliseconds.
    Text,
    /// OpenMetrics 1.0 text format (`application/openmetrics-text`):
    /// timestamps in seconds, `# EOF` required at the end.
    OpenMetrics,
}

impl Format {
    /// The format named by an HTTP `Content-Type` header value:
    /// [`Format::OpenMetrics`] for `application/openmetrics-text` (any
    /// parameters, any case), [`Format::Text`] for anything else.
    pub fn from_content_type(content_type: &str) -> Format {
        let media_type = content_type.split(';').next().unwrap_or("").trim();
        if media_type.eq_ignore_ascii_case("application/openmetrics-text") {
            Format::OpenMetrics
        } else {
            Format::Text
        }
    }

    /// Guesses the format of a body: [`Format::OpenMetrics`] if its last
    /// non-blank line is `# EOF` (which OpenMetrics requires), else
    /// [`Format::Text`].
    fn detect(input: &str) -> Format {
        let trimmed = input.trim_end_matches([' ', '\t', '\r', '\n']);
        match trimmed.strip_suffix("# EOF") {
            Some(rest) if rest.is_empty() || rest.ends_with('\n') => Format::OpenMetrics,
            _ => Format::Text,
        }
    }
}

/// The type of a metric family, from its `# TYPE` line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MetricType {
    /// `counter`: samples named as the family or with `_total`, plus
    /// `_created`.
    Counter,
    /// `gauge`: samples named as the family.
    Gauge,
    /// `histogram`: `_bucket` samples with an `le` label, `_sum`, `_count`,
    /// `_created`.
    Histogram,
    /// `gaugehistogram` (OpenMetrics): `_bucket` with `le`, `_gsum`,
    /// `_gcount`.
    GaugeHistogram,
    /// `summary`: samples named as the family with a `quantile` label,
    /// `_sum`, `_count`, `_created`.
    Summary,
    /// `info` (OpenMetrics): samples named with `_info`.
    Info,
    /// `stateset` (OpenMetrics): samples named as the family, one label per
    /// state.
    StateSet,
    /// `untyped` (0.0.4), `unknown` (OpenMetrics), or no `# TYPE` line.
    Untyped,
}

impl MetricType {
    fn from_token(token: &str) -> Option<MetricType> {
        Some(match token {
            "counter" => MetricType::Counter,
            "gauge" => MetricType::Gauge,
            "histogram" => MetricType::Histogram,
            "gaugehistogram" => MetricType::GaugeHistogram,
            "summary" => MetricType::Summary,
            "info" => MetricType::Info,
            "stateset" => MetricType::StateSet,
            "untyped" | "unknown" => MetricType::Untyped,
            _ => return None,
        })
    }

    /// Whether a sample named `<family><suffix>` belongs to a family of this
    /// type (a sample named exactly as the family always does).
    fn accepts_suffix(self, suffix: &str) -> bool {
        match self {
            MetricType::Counter => matches!(suffix, "_total" | "_created"),
            MetricType::Histogram => matches!(suffix, "_bucket" | "_sum" | "_count" | "_created"),
            MetricType::GaugeHistogram => matches!(suffix, "_bucket" | "_gsum" | "_gcount"),
            MetricType::Summary => matches!(suffix, "_sum" | "_count" | "_created"),
            MetricType::Info => suffix == "_info",
            MetricType::Gauge | MetricType::StateSet | MetricType::Untyped => false,
        }
    }
}

/// Every suffix that [`MetricType::accepts_suffix`] accepts for some type.
const SAMPLE_SUFFIXES: [&str; 8] =
    ["_total", "_created", "_bucket", "_sum", "_count", "_gsum", "_gcount", "_info"];

impl fmt::Display for MetricType {
    /// Writes the type as spelled on a `# TYPE` line (`untyped` for
    /// [`MetricType::Untyped`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MetricType::Counter => "counter",
            MetricType::Gauge => "gauge",
            MetricType::Histogram => "histogram",
            MetricType::GaugeHistogram => "gaugehistogram",
            MetricType::Summary => "summary",
            MetricType::Info => "info",
            MetricType::StateSet => "stateset",
            MetricType::Untyped => "untyped",
        })
    }
}

/// One `name="value"` pair of a label set, value unescaped.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Label<'a> {
    /// The label name.
    pub name: Cow<'a, str>,
    /// The label value, with escapes resolved.
    pub value: Cow<'a, str>,
}

/// The label set of a [`Sample`], decoded on demand from the exposition
/// text (which the parser has already checked). Equality compares the
/// decoded labels in order; it serializes as a sequence of [`Label`]s.
#[derive(Clone, Copy)]
pub struct Labels<'s> {
    /// The text between `{` and `}`, or empty.
    raw: &'s str,
}

impl<'s> Labels<'s> {
    /// The labels in written order.
    pub fn iter(&self) -> LabelIter<'s> {
        LabelIter { raw: self.raw, at: 0 }
    }

    /// The value of the label `name`, if present (borrowed unless it holds
    /// escapes).
    pub fn get(&self, name: &str) -> Option<Cow<'s, str>> {
        let mut labels = self.iter();
        while let Some((label_name, raw_value, escaped)) = labels.next_raw() {
            if label_name == name {
                return Some(decode(raw_value, escaped));
            }
        }
        None
    }

    /// Whether the set has no label.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

impl<'s> IntoIterator for Labels<'s> {
    type Item = Label<'s>;
    type IntoIter = LabelIter<'s>;

    fn into_iter(self) -> LabelIter<'s> {
        self.iter()
    }
}

impl PartialEq for Labels<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl fmt::Debug for Labels<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter().map(|label| (label.name, label.value))).finish()
    }
}

impl Serialize for Labels<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// Iterator over the [`Label`]s of a [`Labels`] set.
#[derive(Debug, Clone)]
pub struct LabelIter<'s> {
    raw: &'s str,
    at: usize,
}

impl<'s> LabelIter<'s> {
    /// The next label's name, raw (still escaped) value and whether that
    /// value holds escapes.
    fn next_raw(&mut self) -> Option<(&'s str, &'s str, bool)> {
        let bytes = self.raw.as_bytes();
        let name_start = skip_blanks(bytes, self.at);
        let name_end = label_name_end(bytes, name_start);
        let equals = skip_blanks(bytes, name_end);
        let quote = skip_blanks(bytes, equals + 1);
        self.at = bytes.len();
        if name_end == name_start
            || bytes.get(equals) != Some(&b'=')
            || bytes.get(quote) != Some(&b'"')
        {
            return None;
        }
        let (closing, escaped) = closing_quote(bytes, quote + 1)?;
        let after = skip_blanks(bytes, closing + 1);
        if bytes.get(after) == Some(&b',') {
            self.at = after + 1;
        }
        Some((self.raw.get(name_start..name_end)?, self.raw.get(quote + 1..closing)?, escaped))
    }
}

impl<'s> Iterator for LabelIter<'s> {
    type Item = Label<'s>;

    fn next(&mut self) -> Option<Label<'s>> {
        let (name, raw_value, escaped) = self.next_raw()?;
        Some(Label { name: Cow::Borrowed(name), value: decode(raw_value, escaped) })
    }
}

/// A raw label value, unescaped if `escaped`.
fn decode(raw_value: &str, escaped: bool) -> Cow<'_, str> {
    if escaped { unescape(raw_value) } else { Cow::Borrowed(raw_value) }
}

/// One sample line, borrowed from its [`MetricFamily`]: a sample name, its
/// labels, a value and an optional timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Sample<'s> {
    /// The sample name as written, e.g. `http_request_duration_seconds_bucket`.
    pub name: &'s str,
    /// The labels in written order.
    pub labels: Labels<'s>,
    /// The value (may be `±Inf` or `NaN`).
    pub value: f64,
    /// The timestamp in seconds since the Unix epoch, if the line had one
    /// (0.0.4 milliseconds are divided by 1000).
    pub timestamp: Option<f64>,
}

impl<'s> Sample<'s> {
    /// The value of the label `name`, if the sample has it.
    pub fn label(&self, name: &str) -> Option<Cow<'s, str>> {
        self.labels.get(name)
    }

    /// Whether every `(name, value)` pair of `filter` equals this sample's
    /// label; as in PromQL, an empty value also matches an absent label.
    pub fn matches(&self, filter: &[(&str, &str)]) -> bool {
        filter.iter().all(|&(name, value)| self.label(name).as_deref().unwrap_or("") == value)
    }
}

/// A sample as stored in its family.
#[derive(Debug, Clone, PartialEq)]
struct StoredSample<'a> {
    name: Cow<'a, str>,
    /// The checked text between `{` and `}`, escapes unresolved.
    labels: Cow<'a, str>,
    value: f64,
    timestamp: Option<f64>,
}

/// All samples of one metric: its name, type, HELP, UNIT and samples.
/// Serializes as `{name, metric_type, help, unit, samples}`.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricFamily<'a> {
    /// The family name (from `# TYPE`, `# HELP` or `# UNIT`, or the sample
    /// name of an undeclared family).
    pub name: Cow<'a, str>,
    /// The declared type; [`MetricType::Untyped`] without a `# TYPE` line.
    pub metric_type: MetricType,
    /// The `# HELP` text, unescaped.
    pub help: Option<Cow<'a, str>>,
    /// The `# UNIT` (OpenMetrics).
    pub unit: Option<Cow<'a, str>>,
    samples: Vec<StoredSample<'a>>,
}

impl<'a> MetricFamily<'a> {
    fn new(name: &'a str) -> Self {
        MetricFamily {
            name: Cow::Borrowed(name),
            metric_type: MetricType::Untyped,
            help: None,
            unit: None,
            samples: Vec::new(),
        }
    }

    /// The samples in exposition order.
    pub fn samples(&self) -> impl ExactSizeIterator<Item = Sample<'_>> {
        self.samples.iter().map(|stored| Sample {
            name: &stored.name,
            labels: Labels { raw: &stored.labels },
            value: stored.value,
            timestamp: stored.timestamp,
        })
    }

    /// Whether a sample named `name` belongs to this family.
    fn accepts(&self, name: &str) -> bool {
        match name.strip_prefix(&*self.name) {
            Some("") => true,
            Some(suffix) => self.metric_type.accepts_suffix(suffix),
            None => false,
        }
    }

    /// Whether `name` names this counter's value samples: the family name
    /// without `_total`, with or without `_total`.
    fn is_counter_value_name(&self, name: &str) -> bool {
        let base = self.name.strip_suffix("_total").unwrap_or(&self.name);
        matches!(name.strip_prefix(base), Some("" | "_total"))
    }

    /// The samples named `sample_name`; for a counter, the family name with
    /// and without `_total` select the same (value) samples.
    fn samples_named<'s>(&'s self, sample_name: &'s str) -> impl Iterator<Item = Sample<'s>> {
        let counter_value =
            self.metric_type == MetricType::Counter && self.is_counter_value_name(sample_name);
        self.samples().filter(move |sample| {
            if counter_value {
                self.is_counter_value_name(sample.name)
            } else {
                sample.name == sample_name
            }
        })
    }

    /// The samples named as this family plus one of `suffixes`, each with
    /// the position of its suffix in `suffixes`.
    fn samples_by_suffix<'s>(
        &'s self,
        suffixes: &'s [&str],
    ) -> impl Iterator<Item = (usize, Sample<'s>)> {
        self.samples().filter_map(move |sample| {
            let suffix = sample.name.strip_prefix(&*self.name)?;
            let position = suffixes.iter().position(|&s| s == suffix)?;
            Some((position, sample))
        })
    }

    /// The per-series histograms of a [`MetricType::Histogram`] or
    /// [`MetricType::GaugeHistogram`] family, in order of first appearance
    /// (empty for other types). A series is a label set without `le`;
    /// `_bucket` samples whose `le` is missing or not a number are left out.
    pub fn histograms(&self) -> Vec<Histogram<'_>> {
        if !matches!(self.metric_type, MetricType::Histogram | MetricType::GaugeHistogram) {
            return Vec::new();
        }
        const SUFFIXES: [&str; 6] = ["_bucket", "_sum", "_gsum", "_count", "_gcount", "_created"];
        let mut series = SeriesIndex::new("le");
        let mut out: Vec<Histogram<'_>> = Vec::new();
        for (suffix, sample) in self.samples_by_suffix(&SUFFIXES) {
            let upper_bound = sample.label("le").as_deref().and_then(parse_f64);
            if suffix == 0 && upper_bound.is_none() {
                continue;
            }
            let i = series.find_or_insert(sample.labels, &mut out, |labels| Histogram {
                labels,
                buckets: Vec::new(),
                sum: None,
                count: None,
                created: None,
            });
            let histogram = &mut out[i];
            match (suffix, upper_bound) {
                (0, Some(upper_bound)) => histogram.buckets.push((upper_bound, sample.value)),
                (1 | 2, _) => histogram.sum = Some(sample.value),
                (3 | 4, _) => histogram.count = Some(sample.value),
                _ => histogram.created = Some(sample.value),
            }
        }
        for histogram in &mut out {
            histogram.buckets.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        out
    }

    /// The per-series summaries of a [`MetricType::Summary`] family, in
    /// order of first appearance (empty for other types). A series is a
    /// label set without `quantile`; quantile samples whose `quantile` is
    /// missing or not a number are left out.
    pub fn summaries(&self) -> Vec<Summary<'_>> {
        if self.metric_type != MetricType::Summary {
            return Vec::new();
        }
        const SUFFIXES: [&str; 4] = ["", "_sum", "_count", "_created"];
        let mut series = SeriesIndex::new("quantile");
        let mut out: Vec<Summary<'_>> = Vec::new();
        for (suffix, sample) in self.samples_by_suffix(&SUFFIXES) {
            let quantile = sample.label("quantile").as_deref().and_then(parse_f64);
            if suffix == 0 && quantile.is_none() {
                continue;
            }
            let i = series.find_or_insert(sample.labels, &mut out, |labels| Summary {
                labels,
                quantiles: Vec::new(),
                sum: None,
                count: None,
                created: None,
            });
            let summary = &mut out[i];
            match (suffix, quantile) {
                (0, Some(quantile)) => summary.quantiles.push((quantile, sample.value)),
                (1, _) => summary.sum = Some(sample.value),
                (2, _) => summary.count = Some(sample.value),
                _ => summary.created = Some(sample.value),
            }
        }
        for summary in &mut out {
            summary.quantiles.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        out
    }

    fn into_owned(self) -> MetricFamily<'static> {
        MetricFamily {
            name: owned(self.name),
            metric_type: self.metric_type,
            help: self.help.map(owned),
            unit: self.unit.map(owned),
            samples: self
                .samples
                .into_iter()
                .map(|stored| StoredSample {
                    name: owned(stored.name),
                    labels: owned(stored.labels),
                    value: stored.value,
                    timestamp: stored.timestamp,
                })
                .collect(),
        }
    }
}

impl Serialize for MetricFamily<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut family = serializer.serialize_struct("MetricFamily", 5)?;
        family.serialize_field("name", &self.name)?;
        family.serialize_field("metric_type", &self.metric_type)?;
        family.serialize_field("help", &self.help)?;
        family.serialize_field("unit", &self.unit)?;
        family.serialize_field("samples", &SampleList(self))?;
        family.end()
    }
}

/// Serializes the samples of a family as a sequence.
struct SampleList<'f, 'a>(&'f MetricFamily<'a>);

impl Serialize for SampleList<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.samples.len()))?;
        for sample in self.0.samples() {
            seq.serialize_element(&sample)?;
        }
        seq.end()
    }
}

fn owned(text: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(text.into_owned())
}

/// Maps a series (label set minus one label, order-insensitive) to its
/// position in an output vector.
struct SeriesIndex<'s> {
    without: &'static str,
    positions: HashMap<Vec<Label<'s>>, usize>,
}

impl<'s> SeriesIndex<'s> {
    fn new(without: &'static str) -> Self {
        SeriesIndex { without, positions: HashMap::new() }
    }

    /// The position in `out` of the series of a sample with `labels`,
    /// pushing `make(series labels)` for a new series.
    fn find_or_insert<T>(
        &mut self,
        labels: Labels<'s>,
        out: &mut Vec<T>,
        make: impl FnOnce(Vec<Label<'s>>) -> T,
    ) -> usize {
        let without = self.without;
        let series: Vec<Label<'s>> = labels.iter().filter(|label| label.name != without).collect();
        let mut key = series.clone();
        key.sort_unstable();
        *self.positions.entry(key).or_insert_with(|| {
            out.push(make(series));
            out.len() - 1
        })
    }
}

/// One histogram series: labels without `le`, cumulative buckets, sum and
/// count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Histogram<'a> {
    /// The series labels (all but `le`).
    pub labels: Vec<Label<'a>>,
    /// `(upper_bound, cumulative_count)` sorted by upper bound; the last one
    /// is `+Inf` in a complete histogram.
    pub buckets: Vec<(f64, f64)>,
    /// The `_sum` (`_gsum` for a gauge histogram) sample, if present.
    pub sum: Option<f64>,
    /// The `_count` (`_gcount` for a gauge histogram) sample, if present.
    pub count: Option<f64>,
    /// The `_created` sample (seconds since the epoch), if present.
    pub created: Option<f64>,
}

impl Histogram<'_> {
    /// Estimates the `q`-quantile (`0 ≤ q ≤ 1`) from the buckets as PromQL's
    /// `histogram_quantile` does (see [`crate::analysis::quantile::histogram_quantile`]).
    /// `None` when `q` is outside `[0, 1]` or Prometheus would answer NaN:
    /// the buckets do not end with `+Inf`, there is no finite bucket, or
    /// there are no observations.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if !(0.0..=1.0).contains(&q) {
            return None;
        }
        crate::analysis::quantile::histogram_quantile(q, &self.buckets)
    }
}

/// One summary series: labels without `quantile`, quantiles, sum and count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary<'a> {
    /// The series labels (all but `quantile`).
    pub labels: Vec<Label<'a>>,
    /// `(quantile, value)` sorted by quantile.
    pub quantiles: Vec<(f64, f64)>,
    /// The `_sum` sample, if present.
    pub sum: Option<f64>,
    /// The `_count` sample, if present.
    pub count: Option<f64>,
    /// The `_created` sample (seconds since the epoch), if present.
    pub created: Option<f64>,
}

/// A parsed exposition: its metric families in order of first appearance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Exposition<'a> {
    format: Format,
    families: Vec<MetricFamily<'a>>,
}

impl<'a> Exposition<'a> {
    /// Parses `input`, taken as OpenMetrics if its last non-blank line is
    /// `# EOF`, else as 0.0.4 text. Use [`Exposition::parse_as`] when the
    /// `Content-Type` is known.
    pub fn parse(input: &'a str) -> Result<Self, ParseError> {
        Self::parse_as(input, Format::detect(input))
    }

    /// Parses `input` in the given format (which decides the timestamp unit
    /// and whether `# EOF` is required).
    pub fn parse_as(input: &'a str, format: Format) -> Result<Self, ParseError> {
        let mut parser = Parser {
            format,
            families: Vec::new(),
            declared: Vec::new(),
            index: HashMap::new(),
            current: None,
            last_name: "",
            last_family: 0,
            label_names: Vec::new(),
        };
        let mut line_no = 0;
        let mut eof = false;
        for line in input.split('\n') {
            line_no += 1;
            let line = line.strip_suffix('\r').unwrap_or(line);
            let start = skip_blanks(line.as_bytes(), 0);
            if start == line.len() {
                continue;
            }
            let result = if eof {
                Err("text after # EOF".into())
            } else if line.as_bytes()[start] == b'#' {
                parser.comment(line, start + 1).map(|is_eof| eof = is_eof)
            } else {
                parser.sample(line, start)
            };
            result.map_err(|reason| ParseError { line: line_no, reason })?;
        }
        if format == Format::OpenMetrics && !eof {
            return Err(ParseError {
                line: line_no,
                reason: "missing # EOF (truncated OpenMetrics exposition)".into(),
            });
        }
        Ok(Exposition { format, families: parser.families })
    }

    /// The format the exposition was parsed as.
    pub fn format(&self) -> Format {
        self.format
    }

    /// All metric families in order of first appearance.
    pub fn families(&self) -> &[MetricFamily<'a>] {
        &self.families
    }

    /// The family named `name`, or else the family a sample named `name`
    /// belongs to (`foo_bucket` finds histogram `foo`, `foo_total` finds the
    /// OpenMetrics counter `foo`), or else the counter named `name_total`
    /// (0.0.4 style). So a counter is found by either spelling in both
    /// formats.
    pub fn family(&self, name: &str) -> Option<&MetricFamily<'a>> {
        self.families
            .iter()
            .find(|family| family.name == name)
            .or_else(|| {
                self.families.iter().find(|family| {
                    name.strip_prefix(&*family.name)
                        .is_some_and(|suffix| family.metric_type.accepts_suffix(suffix))
                })
            })
            .or_else(|| {
                self.families.iter().find(|family| {
                    family.metric_type == MetricType::Counter
                        && family.name.strip_suffix("_total") == Some(name)
                })
            })
    }

    /// The samples named `sample_name` (e.g. `foo_bucket`, `foo_sum`) of
    /// the family [`Exposition::family`] finds for it. For a counter the
    /// names with and without `_total` select the same samples, so
    /// `http_requests_total` works on 0.0.4 and OpenMetrics alike.
    pub fn samples<'s>(&'s self, sample_name: &'s str) -> impl Iterator<Item = Sample<'s>> {
        self.family(sample_name)
            .into_iter()
            .flat_map(move |family| family.samples_named(sample_name))
    }

    /// The sum of the values of the samples named `sample_name` (see
    /// [`Exposition::samples`]) whose labels match `filter` (see
    /// [`Sample::matches`]): `Some(0.0)` when the family exists but no
    /// series matches, `None` when no family holds such samples.
    pub fn sum(&self, sample_name: &str, filter: &[(&str, &str)]) -> Option<f64> {
        let family = self.family(sample_name)?;
        Some(
            family
                .samples_named(sample_name)
                .filter(|sample| sample.matches(filter))
                .fold(0.0, |sum, sample| sum + sample.value),
        )
    }

    /// Copies every borrowed string so the result outlives the input.
    pub fn into_owned(self) -> Exposition<'static> {
        Exposition {
            format: self.format,
            families: self.families.into_iter().map(MetricFamily::into_owned).collect(),
        }
    }
}

/// Why an exposition could not be parsed, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The 1-based line number.
    pub line: usize,
    /// A short reason on one line.
    pub reason: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

impl std::error::Error for ParseError {}

/// Which family fields are declared, for duplicate detection.
#[derive(Default, Clone, Copy)]
struct Declared {
    help: bool,
    metric_type: bool,
    unit: bool,
}

struct Parser<'a> {
    format: Format,
    families: Vec<MetricFamily<'a>>,
    /// Parallel to `families`.
    declared: Vec<Declared>,
    /// Family name to position in `families`.
    index: HashMap<&'a str, usize>,
    /// The family of the previous line, tried first for the next sample.
    current: Option<usize>,
    /// The name and family of the previous sample line (empty name after a
    /// descriptor line): the next line usually repeats them.
    last_name: &'a str,
    last_family: usize,
    /// Reused buffer of the label names of the sample being parsed.
    label_names: Vec<&'a str>,
}

type Reason = String;

impl<'a> Parser<'a> {
    fn family_named(&mut self, name: &'a str) -> usize {
        let i = *self.index.entry(name).or_insert_with(|| {
            self.families.push(MetricFamily::new(name));
            self.declared.push(Declared::default());
            self.families.len() - 1
        });
        self.current = Some(i);
        i
    }

    /// The family a sample named `name` belongs to, created untyped if none.
    fn family_of_sample(&mut self, name: &'a str) -> usize {
        if let Some(i) = self.current
            && self.families[i].accepts(name)
        {
            return i;
        }
        if !self.index.contains_key(name) {
            for suffix in SAMPLE_SUFFIXES {
                if let Some(base) = name.strip_suffix(suffix)
                    && let Some(&i) = self.index.get(base)
                    && self.families[i].metric_type.accepts_suffix(suffix)
                {
                    self.current = Some(i);
                    return i;
                }
            }
        }
        self.family_named(name)
    }

    /// Handles a line starting with `#`; `at` is just past the `#`. Returns
    /// whether the line was `# EOF`.
    fn comment(&mut self, line: &'a str, at: usize) -> Result<bool, Reason> {
        let bytes = line.as_bytes();
        let keyword_start = skip_blanks(bytes, at);
        let keyword_end = token_end(bytes, keyword_start);
        let keyword = &line[keyword_start..keyword_end];
        let rest = skip_blanks(bytes, keyword_end);
        match keyword {
            "EOF" => return Ok(rest == bytes.len()),
            "HELP" | "TYPE" | "UNIT" => {}
            _ => return Ok(false),
        }
        let name_end = metric_name_end(bytes, rest);
        if name_end == rest {
            return Err(format!("missing metric name after {keyword}"));
        }
        if name_end < bytes.len() && !is_blank(bytes[name_end]) {
            return Err(format!("invalid metric name after {keyword}"));
        }
        let name = &line[rest..name_end];
        self.last_name = "";
        let text_start = skip_blanks(bytes, name_end);
        let text = line[text_start..].trim_end_matches([' ', '\t']);
        let i = self.family_named(name);
        let declared = &mut self.declared[i];
        let family = &mut self.families[i];
        match keyword {
            "HELP" => {
                if declared.help {
                    return Err(format!("second HELP for {name}"));
                }
                declared.help = true;
                family.help = Some(unescape(text));
            }
            "TYPE" => {
                if declared.metric_type {
                    return Err(format!("second TYPE for {name}"));
                }
                if !family.samples.is_empty() {
                    return Err(format!("TYPE for {name} after its samples"));
                }
                family.metric_type = MetricType::from_token(text)
                    .ok_or_else(|| format!("unknown metric type {:?}", snippet(text)))?;
                declared.metric_type = true;
            }
            _ => {
                if declared.unit {
                    return Err(format!("second UNIT for {name}"));
                }
                if token_end(text.as_bytes(), 0) != text.len() {
                    return Err(format!("invalid unit {:?}", snippet(text)));
                }
                declared.unit = true;
                family.unit = (!text.is_empty()).then_some(Cow::Borrowed(text));
            }
        }
        Ok(false)
    }

    /// Parses a sample line whose first non-blank byte is at `start`.
    fn sample(&mut self, line: &'a str, start: usize) -> Result<(), Reason> {
        let bytes = line.as_bytes();
        let last = self.last_name;
        let repeats_last = !last.is_empty()
            && line[start..].starts_with(last)
            && !bytes.get(start + last.len()).is_some_and(|&b| NAME_CONTINUE[usize::from(b)]);
        let name_end =
            if repeats_last { start + last.len() } else { metric_name_end(bytes, start) };
        if name_end == start {
            return Err(format!("invalid metric name at {:?}", snippet(&line[start..])));
        }
        let name = &line[start..name_end];
        // A malformed line fails the whole parse, so the family may be
        // resolved (or created) before the rest of the line is checked.
        let family_index =
            if repeats_last { self.last_family } else { self.family_of_sample(name) };
        self.last_name = name;
        self.last_family = family_index;

        let mut i = skip_blanks(bytes, name_end);
        let mut labels = "";
        if bytes.get(i) == Some(&b'{') {
            let end = label_set(line, i + 1, &mut self.label_names)?;
            labels = &line[i + 1..end - 1];
            i = skip_blanks(bytes, end);
        } else if i == name_end && i < bytes.len() {
            return Err(format!("invalid character in metric name {:?}", snippet(&line[start..])));
        }

        let value_end = token_end(bytes, i);
        if value_end == i {
            return Err("missing value".into());
        }
        let value = parse_f64(&line[i..value_end])
            .ok_or_else(|| format!("invalid value {:?}", snippet(&line[i..value_end])))?;

        i = skip_blanks(bytes, value_end);
        let mut timestamp = None;
        if i < bytes.len() && bytes[i] != b'#' {
            let ts_end = token_end(bytes, i);
            let token = &line[i..ts_end];
            timestamp = Some(
                parse_timestamp(token, self.format)
                    .ok_or_else(|| format!("invalid timestamp {:?}", snippet(token)))?,
            );
            i = skip_blanks(bytes, ts_end);
            if i < bytes.len() && bytes[i] != b'#' {
                return Err(format!("unexpected text after timestamp: {:?}", snippet(&line[i..])));
            }
        }
        // Anything left starts with `#`: an exemplar, skipped.

        self.families[family_index].samples.push(StoredSample {
            name: Cow::Borrowed(name),
            labels: Cow::Borrowed(labels),
            value,
            timestamp,
        });
        Ok(())
    }
}

/// Checks a label set from just past `{`, collecting its label names in
/// `names` to reject duplicates; returns the index just past `}`.
fn label_set<'a>(line: &'a str, mut i: usize, names: &mut Vec<&'a str>) -> Result<usize, Reason> {
    let bytes = line.as_bytes();
    names.clear();
    loop {
        i = skip_blanks(bytes, i);
        match bytes.get(i) {
            Some(b'}') => return Ok(i + 1),
            None => return Err("unterminated label set".into()),
            _ => {}
        }
        let name_end = label_name_end(bytes, i);
        if name_end == i {
            return Err(format!("invalid label name at {:?}", snippet(&line[i..])));
        }
        let name = &line[i..name_end];
        i = skip_blanks(bytes, name_end);
        if bytes.get(i) != Some(&b'=') {
            return Err(format!("expected '=' after label name {name}"));
        }
        i = skip_blanks(bytes, i + 1);
        if bytes.get(i) != Some(&b'"') {
            return Err(format!("expected '\"' to open the value of label {name}"));
        }
        let (quote, _) = closing_quote(bytes, i + 1)
            .ok_or_else(|| format!("unterminated value of label {name}"))?;
        if names.contains(&name) {
            return Err(format!("duplicate label name {name}"));
        }
        names.push(name);
        i = skip_blanks(bytes, quote + 1);
        match bytes.get(i) {
            Some(b',') => i += 1,
            Some(b'}') => return Ok(i + 1),
            _ => {
                return Err(format!("expected ',' or '}}' after the value of label {name}"));
            }
        }
    }
}

/// The index of the quote closing a label value that starts at `i` (just
/// past the opening quote), and whether the value holds escapes; `None` if
/// the line ends first.
fn closing_quote(bytes: &[u8], mut i: usize) -> Option<(usize, bool)> {
    let mut escaped = false;
    loop {
        i = find_quote_or_backslash(bytes, i)?;
        if bytes[i] == b'"' {
            return Some((i, escaped));
        }
        escaped = true;
        i += 2;
    }
}

/// The index of the first `"` or `\` at or after `i`, eight bytes at a time.
fn find_quote_or_backslash(bytes: &[u8], mut i: usize) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    while let Some(chunk) = bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
        let word = u64::from_le_bytes(*chunk);
        let quote = word ^ (ONES * u64::from(b'"'));
        let backslash = word ^ (ONES * u64::from(b'\\'));
        // High bit set in each byte that is zero, i.e. that matched; bits
        // above the first match may be spurious, the lowest one is exact.
        let found = ((quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash))
            & HIGHS;
        if found != 0 {
            return Some(i + (found.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let tail = bytes.get(i..)?;
    tail.iter().position(|&b| b == b'"' || b == b'\\').map(|offset| i + offset)
}

/// `text` with the escapes `\\`, `\n` and `\"` resolved; other escapes are
/// kept verbatim. Used for label values and HELP text.
fn unescape(text: &str) -> Cow<'_, str> {
    if !text.contains('\\') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.clone().next() {
            Some('n') => out.push('\n'),
            Some('\\') => out.push('\\'),
            Some('"') => out.push('"'),
            _ => {
                out.push('\\');
                continue;
            }
        }
        chars.next();
    }
    Cow::Owned(out)
}

/// At most 40 characters of `text`, for error reasons.
fn snippet(text: &str) -> &str {
    match text.char_indices().nth(40) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

/// A lookup table of the bytes `[a-zA-Z_:]`, plus digits unless `first`.
const fn name_table(first: bool) -> [bool; 256] {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] =
            c.is_ascii_alphabetic() || c == b'_' || c == b':' || (!first && c.is_ascii_digit());
        b += 1;
    }
    table
}

/// `[a-zA-Z_:]`, the first byte of a metric or (leniently) label name.
static NAME_START: [bool; 256] = name_table(true);
/// `[a-zA-Z0-9_:]`, the other bytes of metric and (leniently) label names.
static NAME_CONTINUE: [bool; 256] = name_table(false);

fn metric_name_end(bytes: &[u8], start: usize) -> usize {
    match bytes.get(start) {
        Some(&b) if NAME_START[usize::from(b)] => name_continue_end(bytes, start + 1),
        _ => start,
    }
}

/// Label names follow `[a-zA-Z_][a-zA-Z0-9_]*`, leniently also with `:`.
fn label_name_end(bytes: &[u8], start: usize) -> usize {
    metric_name_end(bytes, start)
}

fn name_continue_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && NAME_CONTINUE[usize::from(bytes[i])] {
        i += 1;
    }
    i
}

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn skip_blanks(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && is_blank(bytes[i]) {
        i += 1;
    }
    i
}

/// The end of the token starting at `i`: the next blank or the line end.
fn token_end(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && !is_blank(bytes[i]) {
        i += 1;
    }
    i
}

/// Parses a sample value: decimal and exponent forms, `Inf`/`Infinity` and
/// `NaN` in any case, all with an optional sign (Go's hexadecimal and
/// underscore forms are not accepted).
fn parse_f64(text: &str) -> Option<f64> {
    parse_small_int(text).or_else(|| text.parse().ok())
}

/// An integer of at most 15 digits with an optional sign (so exactly
/// representable), the common case, without the general float parser.
fn parse_small_int(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    let (negative, digits) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        Some(b'+') => (false, &bytes[1..]),
        _ => (false, bytes),
    };
    if digits.is_empty() || digits.len() > 15 {
        return None;
    }
    let mut value: i64 = 0;
    for &b in digits {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        value = value * 10 + i64::from(digit);
    }
    let value = value as f64;
    Some(if negative { -value } else { value })
}

/// A timestamp in seconds: 0.0.4 writes milliseconds, OpenMetrics seconds.
fn parse_timestamp(text: &str, format: Format) -> Option<f64> {
    let value = match text.parse::<i64>() {
        Ok(int) => int as f64,
        Err(_) => text.parse::<f64>().ok().filter(|v| v.is_finite())?,
    };
    Some(match format {
        Format::Text => value / 1000.0,
        Format::OpenMetrics => value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(input: &str) -> Exposition<'_> {
        Exposition::parse(input).unwrap_or_else(|e| panic!("{e}"))
    }

    fn error(input: &str) -> ParseError {
        Exposition::parse(input).expect_err("expected a parse error")
    }

    #[test]
    fn values_and_timestamps() {
        let exp = parse("a 1\nb -2.5e-3\nc +Inf\nd -Inf\ne NaN\nf 1E6 1395066363000\n");
        let value = |name: &str| exp.samples(name).next().map(|s| s.value);
        assert_eq!(value("a"), Some(1.0));
        assert_eq!(value("b"), Some(-0.0025));
        assert_eq!(value("c"), Some(f64::INFINITY));
        assert_eq!(value("d"), Some(f64::NEG_INFINITY));
        assert!(value("e").is_some_and(f64::is_nan));
        assert_eq!(value("f"), Some(1e6));
        assert_eq!(value("g"), None);
        assert_eq!(exp.samples("f").next().unwrap().timestamp, Some(1395066363.0));
    }

    #[test]
    fn crlf_and_negative_zero() {
        let exp = parse("# TYPE a gauge\r\na{x=\"y\"} -0\r\n\r\nb 2\r\n");
        let a = exp.samples("a").next().unwrap();
        assert_eq!(a.label("x").as_deref(), Some("y"));
        assert!(a.value == 0.0 && a.value.is_sign_negative());
        assert_eq!(exp.sum("b", &[]), Some(2.0));
    }

    #[test]
    fn rejects_hex_values() {
        assert_eq!(error("a 0x10\n").line, 1);
    }

    #[test]
    fn labels_with_escapes_and_punctuation() {
        let exp = parse(concat!(
            "m:x{a=\"x,y=z}\",b=\"q\\\"uo\\\\te\\nnl\", c:d = \"ü ß\" ,} 3\n",
            "m:x{} 4\n",
        ));
        let family = exp.family("m:x").unwrap();
        assert_eq!(family.metric_type, MetricType::Untyped);
        let samples: Vec<_> = family.samples().collect();
        assert_eq!(samples[0].label("a").as_deref(), Some("x,y=z}"));
        assert_eq!(samples[0].label("b").as_deref(), Some("q\"uo\\te\nnl"));
        assert_eq!(samples[0].label("c:d").as_deref(), Some("ü ß"));
        let labels: Vec<_> = samples[0].labels.iter().collect();
        assert_eq!(labels.len(), 3);
        assert!(matches!(labels[0].value, Cow::Borrowed(_)));
        assert!(matches!(labels[1].value, Cow::Owned(_)));
        assert!(samples[1].labels.is_empty());
    }

    #[test]
    fn unknown_escapes_are_kept() {
        let exp = parse("m{a=\"x\\ty\\\\\"} 1\n");
        let sample = exp.samples("m").next().unwrap();
        assert_eq!(sample.label("a").as_deref(), Some("x\\ty\\"));
    }

    #[test]
    fn errors_carry_line_numbers() {
        assert_eq!(error("a 1\n\nb{x=\"1} 2\n").line, 3);
        assert_eq!(error("a 1\nb{x=1} 2\n").line, 2);
        assert_eq!(error("a\n").reason, "missing value");
        assert_eq!(error("a{x=\"1\",x=\"2\"} 1\n").line, 1);
        assert_eq!(error("a 1 2 3\n").line, 1);
        assert_eq!(error("# TYPE a foo\n").line, 1);
        assert_eq!(error("# TYPE a gauge\n# TYPE a gauge\n").line, 2);
        assert_eq!(error("a 1\n# TYPE a gauge\n").line, 2);
        assert_eq!(error("# HELP a x\n# HELP a y\n").line, 2);
        assert_eq!(error("a 1\n# EOF\nb 2\n").line, 3);
        assert_eq!(error("a-b 1\n").line, 1);
        assert_eq!(error("{a=\"b\"} 1\n").line, 1);
        let e = Exposition::parse_as("a 1\n", Format::OpenMetrics).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(!e.to_string().contains('\n'));
    }

    #[test]
    fn descriptors() {
        let exp = parse(concat!(
            "# HELP h Help with \\\\ and \\n.\n",
            "# TYPE h histogram\n",
            "# UNIT h seconds\n",
            "# a plain comment\n",
            "h_bucket{le=\"1\"} 1\n",
        ));
        let family = exp.family("h").unwrap();
        assert_eq!(family.help.as_deref(), Some("Help with \\ and \n."));
        assert_eq!(family.unit.as_deref(), Some("seconds"));
        assert_eq!(family.metric_type, MetricType::Histogram);
    }

    #[test]
    fn exemplars_are_skipped() {
        let exp = Exposition::parse(concat!(
            "# TYPE h histogram\n",
            "h_bucket{le=\"0.5\"} 2 # {trace_id=\"a#b\"} 0.3 1.5\n",
            "h_bucket{le=\"+Inf\"} 3 1.25 # {trace_id=\"c\"} 9\n",
            "# EOF\n",
        ))
        .unwrap();
        assert_eq!(exp.format(), Format::OpenMetrics);
        let samples: Vec<_> = exp.samples("h_bucket").collect();
        assert_eq!(samples[0].value, 2.0);
        assert_eq!(samples[0].timestamp, None);
        assert_eq!(samples[1].timestamp, Some(1.25));
    }

    #[test]
    fn histogram_quantile() {
        let histogram = Histogram {
            labels: Vec::new(),
            buckets: vec![(0.1, 10.0), (0.5, 50.0), (1.0, 90.0), (f64::INFINITY, 100.0)],
            sum: Some(40.0),
            count: Some(100.0),
            created: None,
        };
        let close = |q: f64, expected: f64| {
            histogram.quantile(q).is_some_and(|v| (v - expected).abs() < 1e-12)
        };
        assert!(close(0.05, 0.05));
        assert!(close(0.3, 0.3));
        assert!(close(0.7, 0.75));
        assert_eq!(histogram.quantile(0.95), Some(1.0));
        assert_eq!(histogram.quantile(1.5), None);
        let empty = Histogram { buckets: vec![(1.0, 0.0), (f64::INFINITY, 0.0)], ..histogram };
        assert_eq!(empty.quantile(0.5), None);
    }

    #[test]
    fn content_type() {
        assert_eq!(
            Format::from_content_type("application/openmetrics-text; version=1.0.0"),
            Format::OpenMetrics
        );
        assert_eq!(Format::from_content_type("text/plain; version=0.0.4"), Format::Text);
    }
}

//! What `llm-config-server` and `llmcfg-doctor` must agree on, written
//! once: the metric families and their label values ([`metrics`]), the
//! `/health` document ([`health`]), the structured log fields
//! ([`logs`]) and the names of the files the server writes ([`files`]).
//!
//! The server builds its registry, its health answer and its log lines
//! from these definitions; the doctor reads them back through the same
//! definitions. Renaming a family, a label value or a health field is then
//! one edit that both programs follow, or a compile error, never a silent
//! mismatch found in production.
//!
//! This crate depends on serde alone and on nothing of ours: it is the
//! bottom of the workspace's dependency graph.

pub mod files;
pub mod health;
pub mod logs;
pub mod metrics;

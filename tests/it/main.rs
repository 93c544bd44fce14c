//! Integration tests: one binary, each module against real processes and
//! services (the server binary, PostgreSQL, Redis) over real sockets.
//!
//! Service URLs come from the environment that `scripts/test` prepares.
//! Without them a service test is skipped with a message, unless `CI` or
//! `LLMCFG_REQUIRE_SERVICES` is set, in which case it fails.

mod check_snapshots;
mod cli;
mod compose_stack;
mod deploy;
mod docker_runtime;
mod doctor_db;
mod doctor_fleet;
mod doctor_quick;
mod doctor_ratios;
mod doctor_redis;
mod doctor_sections;
mod doctor_wait;
mod exposition;
mod history;
mod hostile;
mod kubernetes_runtime;
mod layering;
mod network_and_host;
mod output_formats;
mod profiles;
mod prometheus_rates;
mod scenarios;
mod schemas;
mod server_api;
mod server_cache;
mod server_coherence;
mod server_durability;
mod server_limits;
mod server_metrics;
mod server_ops;
mod server_properties;
mod support;
mod systemd_runtime;
mod watch;

//! llmcfg-doctor: diagnose the LLM Config Manager against its performance
//! runbook, and `llm-config-server`, the service it diagnoses.

pub mod server;

//! The LLM Config Manager server; all logic lives in `llmcfg_doctor::server`.

use std::process::ExitCode;

use llmcfg_doctor::server::{self, config::ServerConfig};

fn main() -> ExitCode {
    let outcome = ServerConfig::from_env().and_then(server::run);
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("llm-config-server: {error:#}");
            ExitCode::from(2)
        }
    }
}

//! The `llmcfg-doctor` command; all logic lives in `llmcfg_doctor::cli`.

use std::process::ExitCode;

fn main() -> ExitCode {
    net::install_crypto_provider();
    llmcfg_doctor::cli::main()
}

//! The LLM Config Manager server; all logic lives in its library, `server`.

use std::process::ExitCode;

use server::{self, config::ServerConfig};

/// jemalloc, so that `/debug/pprof/heap` can dump the live heap.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read at its start: heap profiling on, one sample
/// per 512 KiB allocated on average (2^19 bytes), and no profile written
/// unless asked for. Each sample unwinds the stack: under `wrk` on the
/// cached GET that is about 3% of the server's CPU (perf), the price of a
/// heap profile that covers every allocation since start.
#[allow(non_upper_case_globals)]
#[unsafe(export_name = "_rjem_malloc_conf")]
pub static malloc_conf: &[u8] = b"prof:true,prof_active:true,lg_prof_sample:19\0";

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

//! `llmcfg-doctor fleet [SECTION]`: the replicas named with `--replica` or
//! found through the runtime, diagnosed as a fleet ([`crate::fleet`]).

use clap::Args;

use super::Outcome;
use crate::fleet::{self, FleetRequest};
use crate::plan::Plan;
use diagnosis::checks::Section;

#[derive(Debug, Args)]
pub struct FleetArgs {
    /// The section to run on each replica
    #[arg(value_enum, default_value = "quick")]
    pub section: Section,
    /// A replica's API URL, with its metrics URL after `=` when it is not
    /// the API's host on --metrics-url's port and path (repeatable);
    /// without any, the replicas are the runtime's pods or containers
    #[arg(long = "replica", value_name = "API_URL[=METRICS_URL]")]
    pub replicas: Vec<String>,
    /// A key to read from every replica, to find versions that differ
    /// (repeatable)
    #[arg(long = "key", value_name = "NAMESPACE/KEY")]
    pub keys: Vec<String>,
    /// Also read up to 20 keys of this namespace, as the first replica
    /// lists them
    #[arg(long, value_name = "NAMESPACE")]
    pub sample_namespace: Option<String>,
    /// The environment of the keys read
    #[arg(long, default_value = "production", value_name = "ENV")]
    pub env: String,
    /// How many requests to the replicas are in flight at once (the
    /// sampling window between two scrapes holds none)
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u16).range(1..))]
    pub concurrency: u16,
}

pub async fn exec(args: &FleetArgs, plan: Plan) -> Result<Outcome, String> {
    let replicas = if args.replicas.is_empty() {
        fleet::discover(&plan).await?
    } else {
        args.replicas
            .iter()
            .map(|raw| fleet::parse_replica(raw, &plan))
            .collect::<Result<_, _>>()?
    };
    let request = FleetRequest {
        section: args.section,
        keys: args.keys.clone(),
        sample_namespace: args.sample_namespace.clone(),
        env: args.env.clone(),
        concurrency: args.concurrency,
    };
    fleet::diagnose(&request, &replicas, &plan).await.map(Outcome::Report)
}

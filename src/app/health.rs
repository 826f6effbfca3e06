//! `kiwiops health`: probes a running bot's `/healthz`, for a container's HEALTHCHECK.

use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use crate::config;
use crate::http::probe;

#[derive(Debug, Clone, clap::Args)]
pub struct HealthArgs {
    /// The URL to probe (default: /healthz on http.listen, on loopback if it binds every interface).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// Seconds to wait for the whole answer, connecting included.
    #[arg(long, value_name = "SECONDS", default_value_t = 3)]
    pub timeout: u64,
}

/// Exit 0 when `/healthz` answers 2xx, 1 otherwise, never anything else: Docker reserves other
/// exit codes of a health check. One line says why, on stdout or stderr.
pub async fn run_health(file: Option<&Path>, args: HealthArgs) -> ExitCode {
    let url = match args.url {
        Some(url) => url,
        None => match config::load(file) {
            Ok(loaded) => probe::healthz_url(loaded.config.http_listen()),
            Err(e) => {
                eprintln!("unhealthy: configuration: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    match probe::probe(&url, Duration::from_secs(args.timeout)).await {
        Ok(body) => {
            println!("{body}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("unhealthy: {e}");
            ExitCode::FAILURE
        }
    }
}

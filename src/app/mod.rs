//! Wiring of the binary's subcommands: each one loads what it needs and runs until it is done or stopped.

mod api;
mod check;
mod console;
mod health;
mod logging;
mod run;
mod watch;

use std::path::Path;
use std::process::ExitCode;

pub use api::{run_api, ApiArgs};
pub use check::run_check;
pub use console::{add_demo_servers, run_console, run_demo, ConsoleArgs, Demo, DEMO_OWNER};
pub use health::{run_health, HealthArgs};
pub use run::{run_bot, serve_until_stopped, warn_about_config};
pub use watch::{run_watch, WatchArgs};

use crate::config::{self, Config, ConfigError, LogFormat};
use crate::simulator::{SimOptions, Simulator, DEMO_VPSES};

/// How `run` and `console` treat the database file.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct StoreArgs {
    /// Start a new store in a database file that exists but is empty (0 bytes, or no kiwiops
    /// tables). Without it such a file is refused: it is more often a truncated copy than a new
    /// start. A path where no file exists gets a new store either way.
    #[arg(long)]
    pub init: bool,
}

impl StoreArgs {
    pub fn if_empty(self) -> crate::store::IfEmpty {
        if self.init {
            crate::store::IfEmpty::Initialise
        } else {
            crate::store::IfEmpty::Refuse
        }
    }
}

/// What can stop a subcommand before it does its work. The text is what the operator reads.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("configuration: {0}")]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Usage(String),
    #[error("store: {0}")]
    Store(#[from] crate::store::StoreError),
    #[error("master key: {0}")]
    Seal(#[from] crate::store::SealError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Loads the configuration and starts logging to stderr (stdout carries the subcommands' output).
pub fn load_config(file: Option<&Path>) -> Result<config::Loaded, ConfigError> {
    let loaded = config::load(file)?;
    init_tracing(&loaded.config);
    Ok(loaded)
}

fn init_tracing(config: &Config) {
    use std::io::IsTerminal;
    use tracing_subscriber::filter::Targets;
    use tracing_subscriber::prelude::*;
    // `RUST_LOG` when it reads as a filter, else the config's (checked when it was loaded).
    let filter = std::env::var("RUST_LOG")
        .ok()
        .and_then(|f| f.parse::<Targets>().ok())
        .or_else(|| config.log.filter.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(tracing::Level::INFO));
    let fmt = tracing_subscriber::fmt::layer()
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    let fmt = match config.log.format {
        LogFormat::Json => fmt.json().boxed(),
        LogFormat::Text => fmt.boxed(),
    };
    // try_init: a second call (tests, or a subcommand that reloads) keeps the first subscriber.
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with(logging::secret_safe())
        .with(fmt)
        .try_init();
}

/// The engine's settings from the config; every change to a path's default level or gate is logged.
pub fn engine_settings(config: &Config) -> crate::engine::EngineSettings {
    let settings = crate::engine::EngineSettings::from_config(config);
    for change in settings.policy.changes() {
        tracing::info!(change = %change, "policy differs from the risk defaults");
    }
    settings
}

/// `kiwiops simulator`: serves the fake KiwiVM with the demo VPSes until Ctrl-C or SIGTERM.
///
/// The first line on stdout is the base URL, so scripts and tests can read it.
pub async fn run_simulator(port: u16) -> Result<ExitCode, AppError> {
    let sim = Simulator::start(SimOptions {
        port,
        ..SimOptions::demo()
    })
    .await?;
    println!("{}", sim.base_url());
    for vps in DEMO_VPSES.iter() {
        // These are the simulator's own made-up keys, printed so a person can try `kiwiops api`.
        println!(
            "demo VPS: KIWIVM_VEID={} KIWIVM_API_KEY={} ({})",
            vps.veid, vps.api_key, vps.hostname
        );
    }
    println!(
        "try: KIWIOPS__KIWIVM__BASE_URL={} KIWIVM_VEID={} KIWIVM_API_KEY={} kiwiops api getServiceInfo",
        sim.base_url(),
        DEMO_VPSES[0].veid,
        DEMO_VPSES[0].api_key
    );
    tracing::info!(base_url = %sim.base_url(), "simulator listening");
    shutdown_signal().await;
    sim.stop().await;
    Ok(ExitCode::SUCCESS)
}

/// Resolves on Ctrl-C, or SIGTERM on unix (what `docker stop` sends).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::warn!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
    tracing::info!("stopping");
}

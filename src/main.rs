//! The kiwiops binary: parses the command line and hands over to `kiwiops::app`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use kiwiops::app::{self, ApiArgs, ConsoleArgs, HealthArgs, StoreArgs, WatchArgs};

#[derive(Parser)]
#[command(
    name = "kiwiops",
    version,
    about = "Discord chat-ops for BandwagonHost KiwiVM VPSes"
)]
struct Cli {
    /// A config file to read instead of config/local.toml (after the built-in defaults).
    #[arg(long, global = true, env = "KIWIOPS_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The Discord bot (needs DISCORD_TOKEN and KIWIOPS_MASTER_KEY).
    Run(StoreArgs),
    /// Slash commands from a terminal, against the configured store and KiwiVM.
    Console {
        #[command(flatten)]
        console: ConsoleArgs,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// A simulated KiwiVM, a temporary store with two demo VPSes, and the console as their owner.
    Demo(ConsoleArgs),
    /// Serve the fake KiwiVM API on 127.0.0.1 and print its base URL.
    Simulator {
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 0)]
        port: u16,
    },
    /// Make one raw KiwiVM call and print the decoded reply as JSON.
    Api(ApiArgs),
    /// The watcher without Discord: every alert message, edit and resolution printed as the console prints.
    Watch(WatchArgs),
    /// Load and validate the config, quick-check and open the store, and report what is wrong and what it holds.
    Check,
    /// Probe a running bot's /healthz (for a container's HEALTHCHECK): exit 0 if healthy, else 1.
    Health(HealthArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The bot and the simulator serve many at once. Every other subcommand serves one person at
    // a terminal: on one thread, a console command goes from line to answer without a hand-off
    // between threads, which halves its wall time (issue 11, `cargo bench --bench console`).
    let mut builder = match cli.command {
        Command::Run(_) | Command::Simulator { .. } => tokio::runtime::Builder::new_multi_thread(),
        _ => tokio::runtime::Builder::new_current_thread(),
    };
    let runtime = match builder.enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let config = cli.config.as_deref();
    let result = runtime.block_on(async {
        match cli.command {
            Command::Check => Ok(app::run_check(config).await),
            Command::Health(args) => Ok(app::run_health(config, args).await),
            Command::Simulator { port } => {
                app::load_config(config)?;
                app::run_simulator(port).await
            }
            Command::Run(store) => {
                let loaded = app::load_config(config)?;
                app::warn_about_config(&loaded);
                app::run_bot(&loaded.config, store.if_empty()).await
            }
            Command::Console { console, store } => {
                let loaded = app::load_config(config)?;
                app::run_console(&loaded.config, console, store.if_empty()).await
            }
            Command::Demo(args) => {
                let loaded = app::load_config(config)?;
                app::run_demo(&loaded.config, args).await
            }
            Command::Api(args) => {
                let loaded = app::load_config(config)?;
                app::run_api(&loaded.config, args).await
            }
            Command::Watch(args) => {
                let loaded = app::load_config(config)?;
                app::run_watch(&loaded.config, args).await
            }
        }
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

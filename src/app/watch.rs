//! `kiwiops watch`: the watcher without Discord. Every alert it posts, rewrites or resolves prints
//! as the console prints messages (text, or one JSON line with `target` and `ref`); `--once` makes
//! one round over every server and exits, for cron.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use tokio_util::sync::CancellationToken;

use super::{shutdown_signal, AppError, StoreArgs};
use crate::config::Config;
use crate::console::{Console, CONSOLE_CHANNEL};
use crate::domain::UserId;
use crate::engine::{Actor, Engine};
use crate::kiwivm::Client;
use crate::store::{MasterKeys, Store};
use crate::watcher::{self, WatchSettings, Watcher};

#[derive(Debug, Clone, clap::Args)]
pub struct WatchArgs {
    /// One round over every server, then exit 0.
    #[arg(long)]
    pub once: bool,
    /// Print each message as one line of JSON in Discord's message shape.
    #[arg(long)]
    pub json: bool,
    /// Where attachments (null-route logs, digest charts) are written.
    #[arg(long, value_name = "DIR", default_value = "kiwiops-out")]
    pub out: PathBuf,
    #[command(flatten)]
    pub store: StoreArgs,
}

pub async fn run_watch(config: &Config, args: WatchArgs) -> Result<ExitCode, AppError> {
    let store = Store::open_with(
        &config.database.path,
        MasterKeys::from_env()?,
        args.store.if_empty(),
    )
    .await?;
    let client = Client::new(&config.kiwivm.base_url)
        .map_err(|e| AppError::Usage(format!("kiwivm.base_url: {e}")))?;
    let engine = Engine::new(store, client, super::engine_settings(config));
    let mut settings = WatchSettings::from_config(config);
    // Without Discord every alert prints; with no channel configured it "goes" to the console's.
    settings.default_channel = settings.default_channel.or(Some(CONSOLE_CHANNEL));
    let actor = Actor {
        user: config.owners().first().copied().unwrap_or(UserId(0)),
        roles: Vec::new(),
    };
    let mut console = Console::new(engine.clone(), actor, args.json, args.out)
        .with_locale(config.i18n.default_locale);
    let watcher = Watcher::new(engine.clone(), settings);
    if args.once {
        let report = watcher.tick().await;
        tracing::info!(?report, "one round done");
        print(&mut console);
        engine.close().await;
        return Ok(ExitCode::SUCCESS);
    }
    let stop = CancellationToken::new();
    let task = tokio::spawn(watcher::run_until_stopped(
        watcher,
        stop.clone().cancelled_owned(),
    ));
    let signal = shutdown_signal();
    tokio::pin!(signal);
    loop {
        tokio::select! {
            () = &mut signal => break,
            message = console.next_message(Duration::from_secs(60)) => {
                if let Some(line) = message {
                    println!("{line}");
                }
            }
        }
    }
    stop.cancel();
    if let Err(e) = task.await {
        tracing::warn!(error = %e, "the watcher ended with a panic");
    }
    print(&mut console);
    engine.close().await;
    Ok(ExitCode::SUCCESS)
}

fn print(console: &mut Console) {
    for line in console.drain() {
        println!("{line}");
    }
}

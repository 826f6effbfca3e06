//! `kiwiops console` against the configured store and KiwiVM, and `kiwiops demo` against a simulator.

use std::path::PathBuf;
use std::process::ExitCode;

use super::AppError;
use crate::config::Config;
use crate::console::{initial_actor, Console};
use crate::domain::UserId;
use crate::engine::{Actor, Engine, EngineSettings, JobTiming, Outcome, Request};
use crate::i18n::Locale;
use crate::kiwivm::Client;
use crate::simulator::{SimOptions, Simulator, DEMO_VPSES};
use crate::store::{IfEmpty, MasterKey, MasterKeys, Store};

/// Who speaks in the demo when the config names no owner.
pub const DEMO_OWNER: UserId = UserId(100_000_000_000_000_001);

#[derive(Debug, Clone, clap::Args)]
pub struct ConsoleArgs {
    /// Speak as this Discord user id (default: the first owner in the config).
    #[arg(long = "as", value_name = "USER_ID")]
    pub as_user: Option<u64>,
    /// A role the speaker holds (repeatable).
    #[arg(long = "role", value_name = "ROLE_ID")]
    pub roles: Vec<u64>,
    /// Print each reply as one line of JSON in Discord's message shape.
    #[arg(long)]
    pub json: bool,
    /// Where attachments (charts, screenshots, long output) are written.
    #[arg(long, value_name = "DIR", default_value = "kiwiops-out")]
    pub out: PathBuf,
    /// The language of the answers: en or zh-CN (the line `locale zh-CN` switches it later).
    #[arg(long, value_name = "LOCALE", default_value = "en")]
    pub locale: Locale,
}

fn client(base_url: &str) -> Result<Client, AppError> {
    Client::new(base_url).map_err(|e| AppError::Usage(format!("kiwivm.base_url: {e}")))
}

pub async fn run_console(
    config: &Config,
    args: ConsoleArgs,
    if_empty: IfEmpty,
) -> Result<ExitCode, AppError> {
    let owners = config.owners();
    let actor = initial_actor(args.as_user, &args.roles, &owners).map_err(AppError::Usage)?;
    let store = Store::open_with(&config.database.path, MasterKeys::from_env()?, if_empty).await?;
    let engine = Engine::new(
        store,
        client(&config.kiwivm.base_url)?,
        super::engine_settings(config),
    );
    let console = Console::new(engine.clone(), actor, args.json, args.out).with_locale(args.locale);
    run_with_sweeper(engine, console).await?;
    Ok(ExitCode::SUCCESS)
}

/// The console, with the sweeper beside it (expiry, orphaned jobs, progress to resume) until the
/// console ends.
async fn run_with_sweeper(engine: Engine, mut console: Console) -> std::io::Result<()> {
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let closing = engine.clone();
    let sweeper = tokio::spawn(crate::engine::sweep_until_stopped(engine, async move {
        let _ = stopped.await;
    }));
    let result = console.run_stdio().await;
    let _ = stop.send(());
    let _ = sweeper.await;
    // Writes the audit rows still queued behind the last answers.
    closing.close().await;
    result
}

/// What `kiwiops demo` runs on: a simulator with the demo VPSes, a throw-away store holding them
/// (added as their owner would), and an engine whose followers poll at the simulator's pace.
/// Dropping it ends the store's folder; stop the simulator with `Demo::stop`.
pub struct Demo {
    pub sim: Simulator,
    pub engine: Engine,
    pub owner: UserId,
    _dir: tempfile::TempDir,
}

impl Demo {
    pub async fn start(config: &Config) -> Result<Demo, AppError> {
        let sim = Simulator::start(SimOptions::demo()).await?;
        let dir = tempfile::tempdir()?;
        let store = Store::open(
            &dir.path().join("demo.db"),
            MasterKeys::single(MasterKey::generate()),
        )
        .await?;
        let owner = config.owners().first().copied().unwrap_or(DEMO_OWNER);
        let engine = Engine::new(
            store,
            client(&sim.base_url())?,
            EngineSettings {
                owners: vec![owner],
                // The simulator's long tasks last seconds, not minutes: follow them every second.
                timing: JobTiming {
                    poll_first: std::time::Duration::from_secs(1),
                    poll_max: std::time::Duration::from_secs(2),
                    ..JobTiming::default()
                },
                ..super::engine_settings(config)
            },
        );
        add_demo_servers(&engine, owner).await?;
        Ok(Demo {
            sim,
            engine,
            owner,
            _dir: dir,
        })
    }

    pub async fn stop(self) {
        self.sim.stop().await;
    }
}

/// A simulator, a throw-away store holding the two demo VPSes, and the console as their owner.
pub async fn run_demo(config: &Config, args: ConsoleArgs) -> Result<ExitCode, AppError> {
    let demo = Demo::start(config).await?;
    let actor = initial_actor(args.as_user, &args.roles, &[demo.owner]).map_err(AppError::Usage)?;
    if !args.json {
        println!("{}", banner(&demo.sim.base_url(), demo.owner, args.locale));
    }
    let console =
        Console::new(demo.engine.clone(), actor, args.json, args.out).with_locale(args.locale);
    run_with_sweeper(demo.engine.clone(), console).await?;
    demo.stop().await;
    Ok(ExitCode::SUCCESS)
}

/// Adds demo1 and demo2 the way a person would, so their keys are checked and sealed for real.
pub async fn add_demo_servers(engine: &Engine, owner: UserId) -> Result<(), AppError> {
    let actor = Actor {
        user: owner,
        roles: vec![],
    };
    for (i, vps) in DEMO_VPSES.iter().enumerate() {
        let options = vec![
            ("alias".to_string(), format!("demo{}", i + 1)),
            ("veid".to_string(), vps.veid.to_string()),
            ("api_key".to_string(), vps.api_key.to_string()),
        ];
        let answer = engine
            .handle(Request::new(actor.clone(), "server", Some("add"), options))
            .await;
        if !matches!(answer.outcome, Outcome::ServerAdded { .. }) {
            let said = crate::render::answer(&answer, Locale::En, engine.now());
            return Err(AppError::Usage(format!(
                "could not add the demo servers: {}",
                said.content
            )));
        }
    }
    Ok(())
}

fn banner(base_url: &str, owner: UserId, locale: Locale) -> String {
    crate::tr!(
        locale,
        "demo-banner",
        base_url = base_url,
        owner = owner.to_string()
    )
}

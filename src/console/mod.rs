//! Slash commands from a terminal: a line becomes the same request a Discord interaction becomes, and
//! every message the engine sends (the answer, posts, DMs, edits) is printed, as text or JSON.

pub mod parse;
mod print;

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

use crate::catalog::{self, Kind};
use crate::domain::{MessageRef, UserId};
use crate::engine::outbox::BoxFuture;
use crate::engine::{Actor, Answer, Engine, Outbox, OutboxError, Request};
use crate::i18n::Locale;
use crate::render::{units, Reply, Target};
use crate::tr;
use parse::{parse_line, Line, ParseError};

pub use print::{reply_json, reply_text};

/// The channel the console's own commands are typed in: where "the channel it was asked in" is.
pub const CONSOLE_CHANNEL: u64 = 1;

/// A terminal session: who is speaking, in which language, how messages print, where files go.
pub struct Console {
    engine: Engine,
    actor: Actor,
    json: bool,
    out_dir: PathBuf,
    written: usize,
    locale: Locale,
    /// Messages the engine sent elsewhere, waiting to be printed.
    sent: mpsc::UnboundedReceiver<Reply>,
}

/// What one console line came to: the engine's typed answer (a command or a press), or why the
/// line could not be read, and everything it printed. Tests check the first two, people read the last.
#[derive(Debug, Clone)]
pub struct Exchange {
    pub answer: Option<Answer>,
    pub unreadable: Option<ParseError>,
    /// The answer as printed, then whatever else the engine sent meanwhile.
    pub printed: String,
}

/// The console's outbox: every message goes to the terminal, posts get a `ref` to be edited by.
struct Printer {
    to_console: mpsc::UnboundedSender<Reply>,
    next_id: AtomicU64,
}

impl Outbox for Printer {
    fn send(&self, mut message: Reply) -> BoxFuture<'_, Result<Option<MessageRef>, OutboxError>> {
        let landed = match message.target {
            Some(Target::Channel(channel)) => Some(channel),
            Some(Target::Dm(user)) => Some(user.0),
            Some(Target::Edit(_)) | None => None,
        }
        .map(|channel| MessageRef {
            channel,
            message: self.next_id.fetch_add(1, Ordering::Relaxed),
        });
        message.reference = landed;
        let sent = self.to_console.send(message);
        Box::pin(async move {
            sent.map_err(|_| OutboxError::Failed("the console has closed".into()))?;
            Ok(landed)
        })
    }
}

impl Console {
    /// A console speaking as `actor`; from now on the engine's other messages print here.
    pub fn new(engine: Engine, actor: Actor, json: bool, out_dir: PathBuf) -> Console {
        let (tx, rx) = mpsc::unbounded_channel();
        // Message ids that stay unique when another console opens the same store later.
        let first_id = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| {
                u64::try_from(d.as_millis()).unwrap_or(u64::MAX >> 12) << 12
            });
        engine.attach(Arc::new(Printer {
            to_console: tx,
            next_id: AtomicU64::new(first_id),
        }));
        Console {
            engine,
            actor,
            json,
            out_dir,
            written: 0,
            locale: Locale::En,
            sent: rx,
        }
    }

    /// Answers (and prints notes) in `locale` from now on.
    pub fn with_locale(mut self, locale: Locale) -> Console {
        self.locale = locale;
        self
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Runs one line and returns what to print: its answer, then whatever else the engine sent
    /// meanwhile (nothing for a blank line).
    pub async fn line(&mut self, input: &str) -> String {
        self.exchange(input).await.printed
    }

    /// Runs one line like `line`, keeping the typed answer beside what it printed.
    pub async fn exchange(&mut self, input: &str) -> Exchange {
        let mut typed = Exchange {
            answer: None,
            unreadable: None,
            printed: String::new(),
        };
        let shown = self.answer(input, &mut typed).await;
        let mut out: Vec<String> = shown.into_iter().collect();
        while let Ok(message) = self.sent.try_recv() {
            out.push(self.show(message));
        }
        typed.printed = out.join("\n");
        typed
    }

    /// Every message the engine sent since the last line, as it prints (for `kiwiops watch`).
    pub fn drain(&mut self) -> Vec<String> {
        let mut out = Vec::new();
        while let Ok(message) = self.sent.try_recv() {
            out.push(self.show(message));
        }
        out
    }

    /// The next message the engine sends on its own (a background job's result), if one comes
    /// within `wait`.
    pub async fn next_message(&mut self, wait: Duration) -> Option<String> {
        let message = tokio::time::timeout(wait, self.sent.recv()).await.ok()??;
        Some(self.show(message))
    }

    async fn answer(&mut self, input: &str, typed: &mut Exchange) -> Option<String> {
        let l = self.locale;
        match parse_line(input) {
            Err(e) => {
                self.engine.audit_unreadable(&self.actor, e.word()).await;
                let shown = self.error(&parse_error(&e, input, l));
                typed.unreadable = Some(e);
                Some(shown)
            }
            Ok(Line::Empty) => None,
            Ok(Line::As { user, roles }) => {
                self.actor = Actor { user, roles };
                let roles: Vec<String> = self.actor.roles.iter().map(|r| r.to_string()).collect();
                Some(self.note(&tr!(
                    l,
                    "console-speaking-as",
                    user = user.to_string(),
                    roles = roles.join(", ")
                )))
            }
            Ok(Line::Locale(locale)) => {
                self.locale = locale;
                Some(self.note(&tr!(locale, "console-locale")))
            }
            Ok(Line::Click(custom_id)) => {
                let answer = self.engine.click(&self.actor, &custom_id).await;
                let reply = crate::render::answer(&answer, l, self.engine.now());
                typed.answer = Some(answer);
                Some(self.show(reply))
            }
            Ok(Line::Slash {
                command,
                subcommand,
                options,
            }) => {
                // Only an owner makes the console read a file: anyone else's command is refused
                // by the engine before it needs one.
                let owner = self.engine.settings().owners.contains(&self.actor.user);
                let files =
                    match owner.then(|| read_files(&command, subcommand.as_deref(), &options, l)) {
                        Some(Ok(files)) => files,
                        Some(Err(e)) => return Some(self.error(&e)),
                        None => HashMap::new(),
                    };
                let mut request =
                    Request::new(self.actor.clone(), &command, subcommand.as_deref(), options);
                request.files = files;
                request.locale = l;
                request.channel = Some(CONSOLE_CHANNEL);
                let answer = self.engine.handle(request).await;
                let reply = crate::render::answer(&answer, l, self.engine.now());
                typed.answer = Some(answer);
                Some(self.show(reply))
            }
        }
    }

    /// Reads lines until end of input or `exit`, printing each answer and every message the engine
    /// sends in between; prompts only on a terminal.
    pub async fn run<R, W>(&mut self, input: R, mut output: W) -> std::io::Result<()>
    where
        R: AsyncBufRead + Unpin,
        W: AsyncWrite + Unpin,
    {
        let interactive = std::io::stdin().is_terminal() && !self.json;
        let mut lines = input.lines();
        loop {
            if interactive {
                output.write_all(b"kiwiops> ").await?;
                output.flush().await?;
            }
            let line = tokio::select! {
                line = lines.next_line() => line?,
                Some(message) = self.sent.recv() => {
                    let text = self.show(message);
                    write_line(&mut output, &text).await?;
                    continue;
                }
            };
            let Some(line) = line else {
                break;
            };
            if matches!(line.trim(), "exit" | "quit") {
                break;
            }
            let text = self.line(&line).await;
            if !text.is_empty() {
                write_line(&mut output, &text).await?;
            }
        }
        Ok(())
    }

    /// Runs on the process's standard input and output.
    pub async fn run_stdio(&mut self) -> std::io::Result<()> {
        let input = tokio::io::BufReader::new(tokio::io::stdin());
        self.run(input, tokio::io::stdout()).await
    }

    /// Writes attachments to the output folder, names them in the message, and formats it.
    fn show(&mut self, mut reply: Reply) -> String {
        for attachment in &mut reply.attachments {
            self.written += 1;
            let path = self
                .out_dir
                .join(format!("{:04}-{}", self.written, attachment.name));
            let saved = std::fs::create_dir_all(&self.out_dir)
                .and_then(|()| std::fs::write(&path, &attachment.bytes));
            attachment.name = match saved {
                Ok(()) => path.display().to_string(),
                Err(e) => tr!(
                    self.locale,
                    "console-cannot-write",
                    name = &attachment.name,
                    path = path.display().to_string(),
                    error = e.to_string()
                ),
            };
        }
        if self.json {
            reply_json(&reply)
        } else {
            reply_text(&reply, self.locale, self.engine.now())
        }
    }

    fn error(&self, message: &str) -> String {
        self.show_plain(&tr!(self.locale, "console-error", message = message))
    }

    fn note(&self, message: &str) -> String {
        self.show_plain(message)
    }

    fn show_plain(&self, message: &str) -> String {
        if self.json {
            reply_json(&Reply::text(message).ephemeral())
        } else {
            message.to_string()
        }
    }
}

async fn write_line<W: AsyncWrite + Unpin>(output: &mut W, text: &str) -> std::io::Result<()> {
    output.write_all(text.as_bytes()).await?;
    output.write_all(b"\n").await?;
    output.flush().await
}

/// A line that could not be split, in words; never echoes the line (it may hold a secret).
fn parse_error(e: &ParseError, input: &str, l: Locale) -> String {
    match e {
        ParseError::NotACommand => tr!(l, "parse-not-a-command"),
        ParseError::MissingCommandName => tr!(l, "parse-missing-command-name"),
        ParseError::UnclosedQuote => tr!(l, "parse-unclosed-quote"),
        ParseError::NotAnOption { position } => match example_option(input, l) {
            Some(example) => tr!(
                l,
                "parse-not-an-option-for",
                position = *position,
                example = example
            ),
            None => tr!(l, "parse-not-an-option", position = *position),
        },
        ParseError::EmptyOptionName { position } => {
            tr!(l, "parse-empty-option-name", position = *position)
        }
        ParseError::MissingUser => tr!(l, "parse-missing-user"),
        ParseError::NotAnId { position } => tr!(l, "parse-not-an-id", position = *position),
        ParseError::MissingCustomId => tr!(l, "parse-missing-custom-id"),
        ParseError::UnknownLocale => tr!(l, "parse-unknown-locale"),
    }
}

/// For `/vps info demo1`: the first option that command takes, written the right way
/// (`server:demo1`), so the hint fits the command typed.
fn example_option(input: &str, l: Locale) -> Option<String> {
    let mut words = input.trim().trim_start_matches('/').split_whitespace();
    let command = words.next()?;
    let second = words.next();
    let (sub, value) = match catalog::find(command, second) {
        Some(sub) => (sub, words.next()),
        None => (catalog::find(command, None)?, second),
    };
    let option = sub
        .options
        .iter()
        .find(|o| o.required)
        .or(sub.options.first())?;
    let value = value
        .filter(|v| !v.contains(':') && v.chars().count() <= 32)
        .map_or_else(|| option.placeholder(l), str::to_string);
    Some(format!("{}:{value}", option.name))
}

/// Reads the files that Attachment options name (console paths), keyed by option name.
fn read_files(
    command: &str,
    subcommand: Option<&str>,
    options: &[(String, String)],
    l: Locale,
) -> Result<HashMap<String, Vec<u8>>, String> {
    let Some(sub) = catalog::find(command, subcommand) else {
        return Ok(HashMap::new());
    };
    let mut files = HashMap::new();
    for (name, value) in options {
        if sub.option(name).is_some_and(|o| o.kind == Kind::Attachment) {
            files.insert(name.clone(), read_bounded(value, l)?);
        }
    }
    Ok(files)
}

/// At most `MAX_FILE` bytes of the file at `path`: a larger file (or `/dev/zero`) is a clear
/// error, never an out-of-memory kill.
fn read_bounded(path: &str, l: Locale) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let cannot =
        |e: std::io::Error| tr!(l, "console-cannot-read", path = path, error = e.to_string());
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::new();
    file.take(crate::engine::MAX_FILE as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() > crate::engine::MAX_FILE {
        return Err(tr!(
            l,
            "console-file-too-large",
            path = path,
            limit = units::bytes(crate::engine::MAX_FILE as u64)
        ));
    }
    Ok(bytes)
}

/// The actor a console starts as: `--as` and `--role`, or else the first owner of the config.
pub fn initial_actor(
    as_user: Option<u64>,
    roles: &[u64],
    owners: &[UserId],
) -> Result<Actor, String> {
    let user = match (as_user, owners.first()) {
        (Some(u), _) => UserId(u),
        (None, Some(owner)) => *owner,
        (None, None) => return Err(tr!(Locale::En, "console-no-one")),
    };
    Ok(Actor {
        user,
        roles: roles.iter().copied().map(crate::domain::RoleId).collect(),
    })
}

//! Slash commands from a terminal: reading a line into the same requests Discord interactions become.

pub mod parse;
mod print;

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;

use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncWrite, AsyncWriteExt};

use crate::catalog::{self, Kind};
use crate::domain::UserId;
use crate::engine::{Actor, Engine, Request};
use crate::render::Reply;
use parse::{parse_line, Line};

pub use print::{reply_json, reply_text};

/// A terminal session: who is speaking, how replies print, where attachments go.
pub struct Console {
    engine: Engine,
    actor: Actor,
    json: bool,
    out_dir: PathBuf,
    written: usize,
}

impl Console {
    pub fn new(engine: Engine, actor: Actor, json: bool, out_dir: PathBuf) -> Console {
        Console {
            engine,
            actor,
            json,
            out_dir,
            written: 0,
        }
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Runs one line and returns what to print (nothing for a blank line).
    pub async fn line(&mut self, input: &str) -> String {
        match parse_line(input) {
            Err(e) => self.error(&e.to_string()),
            Ok(Line::Empty) => String::new(),
            Ok(Line::As { user, roles }) => {
                self.actor = Actor { user, roles };
                let roles: Vec<String> = self.actor.roles.iter().map(|r| r.to_string()).collect();
                self.note(&format!(
                    "now speaking as user {user} with roles [{}]",
                    roles.join(", ")
                ))
            }
            Ok(Line::Click(custom_id)) => {
                let reply = self.engine.click(&self.actor, &custom_id).await;
                self.show(reply)
            }
            Ok(Line::Slash {
                command,
                subcommand,
                options,
            }) => {
                let files = match read_files(&command, subcommand.as_deref(), &options) {
                    Ok(files) => files,
                    Err(e) => return self.error(&e),
                };
                let mut request =
                    Request::new(self.actor.clone(), &command, subcommand.as_deref(), options);
                request.files = files;
                let reply = self.engine.handle(request).await;
                self.show(reply)
            }
        }
    }

    /// Reads lines until end of input or `exit`, printing each reply; prompts only on a terminal.
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
            let Some(line) = lines.next_line().await? else {
                break;
            };
            if matches!(line.trim(), "exit" | "quit") {
                break;
            }
            let text = self.line(&line).await;
            if !text.is_empty() {
                output.write_all(text.as_bytes()).await?;
                output.write_all(b"\n").await?;
                output.flush().await?;
            }
        }
        Ok(())
    }

    /// Runs on the process's standard input and output.
    pub async fn run_stdio(&mut self) -> std::io::Result<()> {
        let input = tokio::io::BufReader::new(tokio::io::stdin());
        self.run(input, tokio::io::stdout()).await
    }

    /// Writes attachments to the output folder, names them in the reply, and formats it.
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
                Err(e) => format!(
                    "{} (could not be written to {}: {e})",
                    attachment.name,
                    path.display()
                ),
            };
        }
        if self.json {
            reply_json(&reply)
        } else {
            reply_text(&reply)
        }
    }

    fn error(&self, message: &str) -> String {
        self.show_plain(&format!("error: {message}"))
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

/// Reads the files that Attachment options name (console paths), keyed by option name.
fn read_files(
    command: &str,
    subcommand: Option<&str>,
    options: &[(String, String)],
) -> Result<HashMap<String, Vec<u8>>, String> {
    let Some(sub) = catalog::find(command, subcommand) else {
        return Ok(HashMap::new());
    };
    let mut files = HashMap::new();
    for (name, value) in options {
        if sub.option(name).is_some_and(|o| o.kind == Kind::Attachment) {
            let bytes = std::fs::read(value).map_err(|e| format!("cannot read {value}: {e}"))?;
            files.insert(name.clone(), bytes);
        }
    }
    Ok(files)
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
        (None, None) => {
            return Err(
                "no one to speak as: pass --as USER_ID or set access.owners in the config".into(),
            )
        }
    };
    Ok(Actor {
        user,
        roles: roles.iter().copied().map(crate::domain::RoleId).collect(),
    })
}

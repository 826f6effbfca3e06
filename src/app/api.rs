//! `kiwiops api`: one raw KiwiVM call from the command line, its decoded reply as JSON on stdout.

use std::process::ExitCode;

use secrecy::SecretString;

use super::AppError;
use crate::config::Config;
use crate::domain::{ServerAlias, Veid};
use crate::kiwivm::{self, Client, Credentials, KiwiError, CALLS};
use crate::store::{MasterKeys, Store};

#[derive(Debug, clap::Args)]
pub struct ApiArgs {
    /// The API path, e.g. getServiceInfo or snapshot/create.
    #[arg(required_unless_present = "list")]
    pub path: Option<String>,
    /// Parameters as name=value, with the API's own names (newHostname=web1.example.com).
    #[arg(value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// Print every path with its risk class instead of calling one.
    #[arg(long)]
    pub list: bool,
    /// Use this stored server's VEID and key instead of KIWIVM_VEID and KIWIVM_API_KEY.
    #[arg(long, value_name = "ALIAS")]
    pub server: Option<String>,
}

pub async fn run_api(config: &Config, args: ApiArgs) -> Result<ExitCode, AppError> {
    if args.list {
        print_list();
        return Ok(ExitCode::SUCCESS);
    }
    let path = args.path.as_deref().unwrap_or_default();
    let call = kiwivm::call(path).ok_or_else(|| {
        AppError::Usage(format!(
            "unknown path `{path}`; `kiwiops api --list` shows all {}",
            CALLS.len()
        ))
    })?;
    let params = parse_params(&args.params)?;
    let creds = credentials(config, args.server.as_deref()).await?;
    let client = Client::new(&config.kiwivm.base_url)
        .map_err(|e| AppError::Usage(format!("kiwivm.base_url: {e}")))?;
    let borrowed: Vec<(&str, &str)> = params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    match client.call_reply(&creds, call.path, &borrowed).await {
        Ok(reply) => {
            let json = reply
                .to_json()
                .map_err(|e| AppError::Usage(format!("cannot print the reply: {e}")))?;
            let text = serde_json::to_string_pretty(&json)
                .map_err(|e| AppError::Usage(format!("cannot print the reply: {e}")))?;
            println!("{text}");
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{}", error_line(&e));
            Ok(ExitCode::FAILURE)
        }
    }
}

/// `error CODE: MESSAGE` for the API's own errors, `error: …` otherwise; always one line. A lock
/// adds its task and progress once: `error 788888: VE is currently locked, … (Reinstalling OS; 45% done, …)`.
pub fn error_line(e: &KiwiError) -> String {
    let line = match (e.code(), e.provider_message()) {
        (Some(code), Some(message)) => {
            let mut line = format!("error {code}: {message}");
            if let KiwiError::Locked { task, progress, .. } = e {
                let detail: Vec<String> = task
                    .iter()
                    .map(|t| t.trim().to_owned())
                    .chain(progress.as_ref().map(|p| p.to_string()))
                    .filter(|d| !d.is_empty())
                    .collect();
                if !detail.is_empty() {
                    line.push_str(&format!(" ({})", detail.join("; ")));
                }
            }
            line
        }
        _ => format!("error: {e}"),
    };
    // KiwiVM's texts may hold line breaks; scripts read one line per error.
    line.replace(['\r', '\n'], " ")
}

fn print_list() {
    let width = CALLS.iter().map(|c| c.path.len()).max().unwrap_or(0);
    for call in CALLS {
        let params: Vec<String> = call
            .params
            .iter()
            .map(|p| {
                if p.required {
                    p.name.to_string()
                } else {
                    format!("[{}]", p.name)
                }
            })
            .collect();
        let mut notes = Vec::new();
        if call.deprecated {
            notes.push("deprecated");
        }
        if call.secret_reply {
            notes.push("secret reply");
        }
        if call.slow {
            notes.push("slow");
        }
        let notes = if notes.is_empty() {
            String::new()
        } else {
            format!("  ({})", notes.join(", "))
        };
        println!(
            "{:width$}  {:11}  {}{}",
            call.path,
            call.risk.as_str(),
            params.join(" "),
            notes,
            width = width
        );
    }
}

fn parse_params(raw: &[String]) -> Result<Vec<(String, String)>, AppError> {
    raw.iter()
        .map(|p| match p.split_once('=') {
            Some((k, v)) if !k.is_empty() => Ok((k.to_string(), v.to_string())),
            _ => Err(AppError::Usage(format!(
                "parameter `{p}` is not NAME=VALUE"
            ))),
        })
        .collect()
}

async fn credentials(config: &Config, server: Option<&str>) -> Result<Credentials, AppError> {
    if let Some(alias) = server {
        let alias = ServerAlias::parse(alias).map_err(|e| AppError::Usage(e.to_string()))?;
        let keys = MasterKeys::from_env()?;
        let store = Store::open(&config.database.path, keys).await?;
        let (veid, api_key) = store.credentials(&alias).await?;
        store.close().await;
        return Ok(Credentials { veid, api_key });
    }
    let veid = std::env::var("KIWIVM_VEID").map_err(|_| {
        AppError::Usage("set KIWIVM_VEID and KIWIVM_API_KEY, or pass --server ALIAS".into())
    })?;
    let veid: Veid = veid
        .parse()
        .map_err(|_| AppError::Usage(format!("KIWIVM_VEID `{veid}` is not a number")))?;
    let api_key = std::env::var("KIWIVM_API_KEY")
        .map_err(|_| AppError::Usage("set KIWIVM_API_KEY (the VPS's API key)".into()))?;
    // Users paste keys with stray spaces; the key never leaves this SecretString again.
    let api_key = SecretString::from(api_key.trim().to_string());
    Ok(Credentials { veid, api_key })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kiwivm::{interpret_reply, LockProgress};

    const LOCKED: &str = r#"{"error":788888,"message":"VE is currently locked, try again in a few minutes","additionalErrorInfo":"Reinstalling OS","additionalLockingInfo":{"last_status_update_s_ago":"3","completed_percent":45,"friendly_progress_message":"Copying files (2\/5)"}}"#;

    #[test]
    fn a_lock_error_line_prints_the_message_once_with_the_task_and_the_progress() {
        let err = interpret_reply("getLiveServiceInfo", 200, None, LOCKED.as_bytes()).unwrap_err();
        let line = error_line(&err);
        let message = "VE is currently locked, try again in a few minutes";
        assert!(line.starts_with("error 788888: "), "{line}");
        assert_eq!(line.matches(message).count(), 1, "{line}");
        assert_eq!(line.matches("Reinstalling OS").count(), 1, "{line}");
        let progress = err.lock_progress().map(LockProgress::to_string).unwrap();
        assert_eq!(line.matches(progress.as_str()).count(), 1, "{line}");
        assert_eq!(line.lines().count(), 1, "{line}");
    }

    #[test]
    fn a_bare_lock_error_line_is_the_message_alone() {
        let body = br#"{"error":"788888","message":"VE is currently locked"}"#;
        let err = interpret_reply("start", 200, None, body).unwrap_err();
        assert_eq!(error_line(&err), "error 788888: VE is currently locked");
    }

    #[test]
    fn a_provider_message_with_line_breaks_still_prints_one_line() {
        let body = br#"{"error":700001,"message":"Missing\nparameter"}"#;
        let err = interpret_reply("start", 200, None, body).unwrap_err();
        assert_eq!(error_line(&err).lines().count(), 1);
    }
}

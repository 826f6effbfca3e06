//! `basicShell/cd`, `basicShell/exec` and `shellScript/exec`: commands run inside the (fake) VPS.

use super::calls::Ctx;
use super::reply::{ApiError, Fields};
use super::shell;
use super::state::{random_token, Power};

/// A stopped VPS runs nothing. The code is not an exit status (those stop at 255), so a caller can
/// tell the two apart.
fn require_running(ctx: &Ctx<'_>) -> Result<(), ApiError> {
    if ctx.vps.power == Power::Running {
        Ok(())
    } else {
        Err(ApiError::rejected("The VPS is not running"))
    }
}

pub(super) fn cd(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    require_running(ctx)?;
    let current = ctx.require("currentDir")?;
    let new = ctx.require("newDir")?;
    let pwd = shell::change_dir(current, new).map_err(|e| ApiError::new(1, e))?;
    let mut f = Fields::new();
    f.insert("pwd".into(), pwd.into());
    Ok(f)
}

/// `error` is the exit status and `message` the console output, on success and failure alike.
pub(super) fn exec(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    require_running(ctx)?;
    let command = ctx.require("command")?;
    let out = shell::run(command, &ctx.vps.hostname);
    let first_word = command.split_whitespace().next().unwrap_or_default();
    ctx.audit(
        "shell_exec",
        format!(
            "Shell command run ({first_word}), exit status {}",
            out.status
        ),
    );
    if out.status != 0 {
        return Err(ApiError::new(out.status, out.text));
    }
    let mut f = Fields::new();
    f.insert("message".into(), out.text.into());
    Ok(f)
}

/// Runs in the background on the real API: only the log file's name comes back.
pub(super) fn script(ctx: &mut Ctx<'_>) -> Result<Fields, ApiError> {
    require_running(ctx)?;
    if ctx.require("script")?.trim().is_empty() {
        return Err(ApiError::rejected("The script is empty"));
    }
    let log = format!(
        "/root/shellScript_{}_{}.log",
        ctx.unix,
        random_token(6).to_lowercase()
    );
    ctx.audit("shell_script", format!("Shell script started, log {log}"));
    let mut f = Fields::new();
    f.insert("log".into(), log.into());
    Ok(f)
}

//! Inside the VPS: operating system, SSH keys, root password and the basic shell.

use secrecy::SecretString;
use serde::{Deserialize, Deserializer, Serialize};

use super::reveal;
use crate::kiwivm::lenient;

/// `getAvailableOS`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AvailableOs {
    #[serde(deserialize_with = "lenient::text")]
    pub installed: Option<String>,
    /// Names such as `debian-12-x86_64`, for `reinstallOS`.
    #[serde(deserialize_with = "lenient::strings")]
    pub templates: Option<Vec<String>>,
}

fn secret<'de, D: Deserializer<'de>>(d: D) -> Result<Option<SecretString>, D::Error> {
    Ok(lenient::text(d)?.map(SecretString::from))
}

/// `reinstallOS`: a secret reply (the new root password), for the requester's eyes only.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Reinstalled {
    #[serde(
        rename = "rootPassword",
        deserialize_with = "secret",
        serialize_with = "reveal"
    )]
    pub root_password: Option<SecretString>,
    #[serde(rename = "sshPort", deserialize_with = "lenient::number")]
    pub ssh_port: Option<u16>,
    /// The keys written to `/root/.ssh/authorized_keys`.
    #[serde(rename = "sshKeys", deserialize_with = "lenient::text_or_lines")]
    pub ssh_keys: Option<String>,
    #[serde(rename = "sshKeysBrief", deserialize_with = "lenient::text_or_lines")]
    pub ssh_keys_brief: Option<String>,
    #[serde(rename = "notificationEmail", deserialize_with = "lenient::text")]
    pub notification_email: Option<String>,
}

/// `resetRootPassword`: a secret reply.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RootPassword {
    #[serde(deserialize_with = "secret", serialize_with = "reveal")]
    pub password: Option<SecretString>,
}

/// `getSshKeys`: the per-VM keys, the account's keys, the ones that win, and shortened forms for display.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SshKeys {
    #[serde(deserialize_with = "lenient::text_or_lines")]
    pub ssh_keys_veid: Option<String>,
    #[serde(deserialize_with = "lenient::text_or_lines")]
    pub ssh_keys_user: Option<String>,
    #[serde(deserialize_with = "lenient::text_or_lines")]
    pub ssh_keys_preferred: Option<String>,
    #[serde(deserialize_with = "lenient::text_or_lines")]
    pub shortened_ssh_keys_veid: Option<String>,
    #[serde(deserialize_with = "lenient::text_or_lines")]
    pub shortened_ssh_keys_user: Option<String>,
    #[serde(deserialize_with = "lenient::text_or_lines")]
    pub shortened_ssh_keys_preferred: Option<String>,
}

/// `basicShell/cd`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShellCd {
    #[serde(deserialize_with = "lenient::text")]
    pub pwd: Option<String>,
}

fn exit_status<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    Ok(lenient::number(d)?.unwrap_or(0))
}

fn output<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(lenient::text(d)?.unwrap_or_default())
}

/// `basicShell/exec`. On the wire `error` is the command's exit status and `message` its console
/// output; a non-zero status is data, not a failure of the call. The normalised names are
/// accepted back, so a printed reply decodes again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShellExec {
    #[serde(
        rename(serialize = "exit_status", deserialize = "error"),
        alias = "exit_status",
        deserialize_with = "exit_status"
    )]
    pub exit_status: i64,
    #[serde(
        rename(serialize = "output", deserialize = "message"),
        alias = "output",
        deserialize_with = "output"
    )]
    pub output: String,
}

impl ShellExec {
    pub fn succeeded(&self) -> bool {
        self.exit_status == 0
    }
}

/// `shellScript/exec`: the script runs in the background, writing to this log file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ShellScript {
    #[serde(deserialize_with = "lenient::text")]
    pub log: Option<String>,
}

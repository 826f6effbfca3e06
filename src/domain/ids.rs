//! Typed identifiers: a VPS id, a server alias, Discord users and roles.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A KiwiVM VPS id (`veid`), always numeric.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Veid(pub u64);

impl fmt::Display for Veid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for Veid {
    type Err = std::num::ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.trim().parse().map(Veid)
    }
}

/// A Discord user id (a snowflake).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub u64);

/// A Discord role id (a snowflake).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RoleId(pub u64);

impl fmt::Display for UserId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl fmt::Display for RoleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// A message the bot sent to a channel or a DM, so it can be edited later: after a restart, and after
/// the 15-minute interaction token is gone (edits then go through the channel with the bot token).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MessageRef {
    pub channel: u64,
    pub message: u64,
}

/// `CHANNEL/MESSAGE`, the way the console prints a message's `ref`.
impl fmt::Display for MessageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.channel, self.message)
    }
}

impl FromStr for MessageRef {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let (c, m) = s.split_once('/').ok_or(())?;
        Ok(MessageRef {
            channel: c.parse().map_err(drop)?,
            message: m.parse().map_err(drop)?,
        })
    }
}

/// The name a team gives one of its VPSes (`web1`), unique in a deployment.
///
/// Lowercase letters, digits, `-` and `_`, 1 to 32 characters, starting with a letter or digit:
/// it has to fit in a Discord option value, a custom id and a console line without quoting.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ServerAlias(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a valid server alias: use 1 to 32 lowercase letters, digits, `-` or `_`, starting with a letter or digit")]
pub struct AliasError(pub String);

impl ServerAlias {
    pub fn parse(raw: &str) -> Result<Self, AliasError> {
        let s = raw.trim().to_ascii_lowercase();
        let valid = !s.is_empty()
            && s.len() <= 32
            && s.starts_with(|c: char| c.is_ascii_alphanumeric())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if valid {
            Ok(ServerAlias(s))
        } else {
            Err(AliasError(raw.chars().take(40).collect()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `vps<veid>`: always valid (at most 23 characters), for a VPS that has no better name.
    pub fn for_veid(veid: Veid) -> ServerAlias {
        ServerAlias(format!("vps{}", veid.0))
    }
}

impl TryFrom<String> for ServerAlias {
    type Error = AliasError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        ServerAlias::parse(&s)
    }
}

impl From<ServerAlias> for String {
    fn from(a: ServerAlias) -> String {
        a.0
    }
}

impl fmt::Display for ServerAlias {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alias_is_trimmed_and_lowercased() {
        assert_eq!(ServerAlias::parse(" Web1 ").unwrap().as_str(), "web1");
    }

    #[test]
    fn an_alias_with_spaces_or_symbols_is_refused() {
        for bad in ["", "web 1", "-web", "web/1", "ü", &"a".repeat(33)] {
            assert!(ServerAlias::parse(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn a_veid_parses_with_stray_spaces() {
        assert_eq!(" 1234 ".parse::<Veid>().unwrap(), Veid(1234));
    }
}

//! The ids of every button and form the bot sends, printed and parsed in one place, so a press can be
//! routed after a restart and no id ever exceeds Discord's 100 characters.

use std::fmt;
use std::str::FromStr;

use super::{ServerAlias, Veid};

/// Discord's limit on a component's custom id.
pub const MAX_LEN: usize = 100;

/// What a button or form stands for. Everything a press needs is looked up by these ids in the
/// store, so nothing a person could forge in an id grants anything: the engine re-checks the presser.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CustomId {
    /// Run a disruptive request the requester asked for.
    Confirm(i64),
    /// Drop that request.
    Cancel(i64),
    /// The private form that asks for the API key of `/server add`.
    KeyAdd { alias: ServerAlias, veid: Veid },
    /// The private form that asks for a new key for `/server rekey`.
    KeyRekey { server: ServerAlias },
    /// Vote for an approval.
    Approve(i64),
    /// Deny an approval.
    Deny(i64),
    /// The requester withdraws an approval.
    Withdraw(i64),
    /// Show a sealed secret result (a root password) to its requester, once.
    Reveal(i64),
    /// Acknowledge an alert.
    Ack(i64),
    /// Mute the kind of an alert on its server for this many seconds.
    Mute { alert: i64, secs: u32 },
    /// Resolve the policy violation an alert is about.
    Resolve(i64),
    /// Lift the soft suspension an alert is about.
    Unsuspend(i64),
    /// Remove a server from the store: the one added at `added_at`, not a later one of that alias.
    RemoveServer { alias: ServerAlias, added_at: i64 },
    /// Keep it after all.
    KeepServer { alias: ServerAlias },
}

impl fmt::Display for CustomId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CustomId::Confirm(id) => write!(f, "confirm:{id}"),
            CustomId::Cancel(id) => write!(f, "cancel:{id}"),
            CustomId::KeyAdd { alias, veid } => write!(f, "key:add:{alias}:{veid}"),
            CustomId::KeyRekey { server } => write!(f, "key:rekey:{server}"),
            CustomId::Approve(id) => write!(f, "approve:{id}"),
            CustomId::Deny(id) => write!(f, "deny:{id}"),
            CustomId::Withdraw(id) => write!(f, "withdraw:{id}"),
            CustomId::Reveal(id) => write!(f, "reveal:{id}"),
            CustomId::Ack(id) => write!(f, "ack:{id}"),
            CustomId::Mute { alert, secs } => write!(f, "mute:{alert}:{secs}"),
            CustomId::Resolve(id) => write!(f, "resolve:{id}"),
            CustomId::Unsuspend(id) => write!(f, "unsuspend:{id}"),
            CustomId::RemoveServer { alias, added_at } => write!(f, "remove:{alias}:{added_at}"),
            CustomId::KeepServer { alias } => write!(f, "keep:{alias}"),
        }
    }
}

/// A custom id that is not one of the bot's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a custom id of kiwiops")]
pub struct ForeignId;

impl FromStr for CustomId {
    type Err = ForeignId;

    fn from_str(s: &str) -> Result<CustomId, ForeignId> {
        if s.len() > MAX_LEN {
            return Err(ForeignId);
        }
        let mut parts = s.split(':');
        let kind = parts.next().ok_or(ForeignId)?;
        let rest: Vec<&str> = parts.collect();
        let row = |rest: &[&str]| match rest {
            [id] => id
                .parse::<i64>()
                .ok()
                .filter(|n| *n > 0 && id.bytes().all(|b| b.is_ascii_digit()))
                .ok_or(ForeignId),
            _ => Err(ForeignId),
        };
        let alias = |s: &str| ServerAlias::parse(s).map_err(|_| ForeignId);
        Ok(match kind {
            "confirm" => CustomId::Confirm(row(&rest)?),
            "cancel" => CustomId::Cancel(row(&rest)?),
            "approve" => CustomId::Approve(row(&rest)?),
            "deny" => CustomId::Deny(row(&rest)?),
            "withdraw" => CustomId::Withdraw(row(&rest)?),
            "reveal" => CustomId::Reveal(row(&rest)?),
            "ack" => CustomId::Ack(row(&rest)?),
            "resolve" => CustomId::Resolve(row(&rest)?),
            "unsuspend" => CustomId::Unsuspend(row(&rest)?),
            "mute" => match rest.as_slice() {
                [alert, secs] => CustomId::Mute {
                    alert: row(&[alert])?,
                    secs: secs.parse().map_err(|_| ForeignId)?,
                },
                _ => return Err(ForeignId),
            },
            "remove" => match rest.as_slice() {
                [a, at] if at.bytes().all(|b| b.is_ascii_digit()) => CustomId::RemoveServer {
                    alias: alias(a)?,
                    added_at: at.parse().map_err(|_| ForeignId)?,
                },
                _ => return Err(ForeignId),
            },
            "keep" => match rest.as_slice() {
                [a] => CustomId::KeepServer { alias: alias(a)? },
                _ => return Err(ForeignId),
            },
            "key" => match rest.as_slice() {
                ["add", a, veid] => CustomId::KeyAdd {
                    alias: alias(a)?,
                    veid: Veid(veid.parse().map_err(|_| ForeignId)?),
                },
                ["rekey", a] => CustomId::KeyRekey { server: alias(a)? },
                _ => return Err(ForeignId),
            },
            _ => return Err(ForeignId),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn alias() -> impl Strategy<Value = ServerAlias> {
        "[a-z][a-z0-9-]{0,31}".prop_filter_map("a valid alias", |s| ServerAlias::parse(&s).ok())
    }

    fn any_id() -> impl Strategy<Value = CustomId> {
        let row = 1..=i64::MAX;
        prop_oneof![
            row.clone().prop_map(CustomId::Confirm),
            row.clone().prop_map(CustomId::Cancel),
            row.clone().prop_map(CustomId::Approve),
            row.clone().prop_map(CustomId::Deny),
            row.clone().prop_map(CustomId::Withdraw),
            row.clone().prop_map(CustomId::Reveal),
            row.clone().prop_map(CustomId::Ack),
            row.clone().prop_map(CustomId::Resolve),
            row.clone().prop_map(CustomId::Unsuspend),
            (row, any::<u32>()).prop_map(|(alert, secs)| CustomId::Mute { alert, secs }),
            (alias(), any::<u64>()).prop_map(|(alias, v)| CustomId::KeyAdd {
                alias,
                veid: Veid(v)
            }),
            alias().prop_map(|server| CustomId::KeyRekey { server }),
            (alias(), 0..=i64::MAX)
                .prop_map(|(alias, added_at)| CustomId::RemoveServer { alias, added_at }),
            alias().prop_map(|alias| CustomId::KeepServer { alias }),
        ]
    }

    proptest! {
        #[test]
        fn every_id_prints_within_discords_limit_and_parses_back(id in any_id()) {
            let printed = id.to_string();
            prop_assert!(printed.len() <= MAX_LEN, "{printed} is {} long", printed.len());
            prop_assert_eq!(printed.parse::<CustomId>(), Ok(id));
        }

        #[test]
        fn arbitrary_text_never_panics_the_parser(s in ".{0,120}") {
            let _ = s.parse::<CustomId>();
        }
    }

    #[test]
    fn the_console_spelling_of_a_confirmation_is_kept() {
        assert_eq!("confirm:1".parse(), Ok(CustomId::Confirm(1)));
        assert_eq!(CustomId::Cancel(7).to_string(), "cancel:7");
    }

    #[test]
    fn ids_of_other_bots_and_malformed_rows_are_foreign() {
        for s in [
            "",
            "confirm",
            "confirm:",
            "confirm:x",
            "confirm:-1",
            "confirm:+1",
            "confirm:0",
            "confirm:1:2",
            "other:1",
            "key:add:web1",
            "key:add:Bad Alias:1",
            "mute:1",
        ] {
            assert_eq!(s.parse::<CustomId>(), Err(ForeignId), "{s}");
        }
    }
}

//! What a suggestion shows besides its value, as data: `render::suggest` words it in the person's
//! language, so the cache holds one list for every locale and the engine holds no sentence.

use crate::domain::ServerAlias;

/// What a suggestion tells about the thing its value names. Text fields are KiwiVM's or the
/// store's own data (a snapshot's description, an abuse flag), shown as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Label {
    /// Nothing but the value: an alias, an address, a subnet, a template.
    Plain,
    /// A fixed choice of the option called `option`; `name` is the choice's (English) name.
    Choice {
        option: &'static str,
        name: &'static str,
    },
    /// An OS template; the installed one is marked.
    Os { installed: bool },
    /// A snapshot (the value is its file name).
    Snapshot {
        description: Option<String>,
        sticky: bool,
    },
    /// An automatic backup (the value is its token).
    Backup {
        at: Option<i64>,
        os: Option<String>,
        size: Option<u64>,
    },
    /// A location to migrate to (the value is its id).
    Location { description: Option<String> },
    /// An ISO image; a mounted one is marked.
    Iso { mounted: bool },
    /// An IP address of the VPS with its reverse DNS name, if one is set.
    Ip { ptr: Option<String> },
    /// A policy violation (the value is its record id).
    Violation {
        id: u64,
        flag: Option<String>,
        points: Option<u64>,
        suspend_at: Option<i64>,
    },
    /// A suspension (the value is its record id); `soft` ones can be lifted through the API.
    Suspension {
        id: u64,
        flag: Option<String>,
        points: Option<u64>,
        soft: Option<bool>,
    },
    /// A pending approval (the value is its number).
    Approval {
        id: i64,
        path: String,
        server: ServerAlias,
        params: Vec<(String, String)>,
    },
    /// An unresolved alert (the value is its number).
    Alert {
        id: i64,
        server: ServerAlias,
        kind: String,
        summary: String,
    },
}

impl Label {
    /// A word a person may type to find it besides its value and what it shows: a fixed choice's
    /// name, which stays English while its display name is in the person's language.
    pub(super) fn key(&self) -> Option<&'static str> {
        match self {
            Label::Choice { name, .. } => Some(name),
            _ => None,
        }
    }
}

/// A suggestion before it is worded: what it shows, as data, and the value the bot receives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Candidate {
    pub(super) label: Label,
    pub(super) value: String,
}

impl Candidate {
    pub(super) fn new(label: Label, value: impl Into<String>) -> Candidate {
        Candidate {
            label,
            value: value.into(),
        }
    }

    /// A candidate that shows nothing but its value.
    pub(super) fn plain(value: impl Into<String>) -> Candidate {
        Candidate::new(Label::Plain, value)
    }
}

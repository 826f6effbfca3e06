//! The reply a person sees, in Discord's message shape, and the limits it must fit.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::domain::{CustomId, MessageRef, UserId};
use crate::i18n::Locale;
use crate::tr;

/// Discord's hard limits on one message.
pub mod limits {
    pub const CONTENT: usize = 2000;
    pub const EMBEDS: usize = 10;
    pub const EMBED_TOTAL: usize = 6000;
    pub const TITLE: usize = 256;
    pub const DESCRIPTION: usize = 4096;
    pub const FIELDS: usize = 25;
    pub const FIELD_NAME: usize = 256;
    pub const FIELD_VALUE: usize = 1024;
    pub const FOOTER: usize = 2048;
    pub const BUTTONS_PER_ROW: usize = 5;
    pub const ROWS: usize = 5;
    pub const CUSTOM_ID: usize = 100;
    /// Overflow files stay well under Discord's smallest upload limit (10 MiB).
    pub const OVERFLOW_FILE: usize = 8 * 1024 * 1024;
    pub const BUTTON_LABEL: usize = 80;
}

/// One message the bot sends: the same value becomes a Discord message or a console print.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Reply {
    pub content: String,
    pub embeds: Vec<Embed>,
    pub components: Vec<Button>,
    #[serde(serialize_with = "attachment_names")]
    pub attachments: Vec<Attachment>,
    /// Only the person who asked sees it (an answer only).
    pub ephemeral: bool,
    /// Where it goes; `None` is the answer to the command or press that caused it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    /// The message as sent, once it is: what a later `Target::Edit` names.
    #[serde(
        rename = "ref",
        skip_serializing_if = "Option::is_none",
        serialize_with = "displayed"
    )]
    pub reference: Option<MessageRef>,
}

/// Where a message that is not the answer goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A new message in a channel (an approval card, an alert, a progress message).
    Channel(u64),
    /// A direct message to a person (a secret result).
    Dm(UserId),
    /// A new version of a message the bot sent earlier.
    Edit(MessageRef),
}

/// `{"channel": "ID"}`, `{"dm": "USER_ID"}` or `{"edit": "REF"}`: ids as strings, as Discord's JSON has them.
impl Serialize for Target {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        match self {
            Target::Channel(c) => map.serialize_entry("channel", &c.to_string())?,
            Target::Dm(u) => map.serialize_entry("dm", &u.to_string())?,
            Target::Edit(r) => map.serialize_entry("edit", &r.to_string())?,
        }
        map.end()
    }
}

fn displayed<S: Serializer, T: std::fmt::Display>(v: &Option<T>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.collect_str(v),
        None => s.serialize_none(),
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Embed {
    pub title: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub color: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<Field>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub footer: Option<String>,
    /// `attachment://NAME` of a PNG in the same reply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    pub name: String,
    pub value: String,
    pub inline: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Button {
    #[serde(serialize_with = "displayed_id")]
    pub custom_id: CustomId,
    pub label: String,
    pub style: ButtonStyle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ButtonStyle {
    Primary,
    Secondary,
    Success,
    Danger,
}

#[derive(Clone, PartialEq)]
pub struct Attachment {
    pub name: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for Attachment {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Attachment({}, {} bytes)", self.name, self.bytes.len())
    }
}

fn displayed_id<S: Serializer>(id: &CustomId, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(id)
}

fn attachment_names<S: Serializer>(a: &[Attachment], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(a.iter().map(|a| a.name.as_str()))
}

/// Status colours, so a glance tells good from bad.
pub mod colour {
    pub const OK: u32 = 0x2ecc71;
    pub const INFO: u32 = 0x3498db;
    pub const WARN: u32 = 0xf1c40f;
    pub const DANGER: u32 = 0xe74c3c;
    pub const MUTED: u32 = 0x95a5a6;
}

impl Reply {
    pub fn text(content: impl Into<String>) -> Reply {
        Reply {
            content: content.into(),
            ..Reply::default()
        }
    }

    pub fn embed(embed: Embed) -> Reply {
        Reply {
            embeds: vec![embed],
            ..Reply::default()
        }
    }

    pub fn ephemeral(mut self) -> Reply {
        self.ephemeral = true;
        self
    }

    /// The same message sent to `target` instead of answering.
    pub fn to(mut self, target: Target) -> Reply {
        self.target = Some(target);
        self.ephemeral = false;
        self
    }

    pub fn with_attachment(mut self, name: impl Into<String>, bytes: Vec<u8>) -> Reply {
        self.attachments.push(Attachment {
            name: name.into(),
            bytes,
        });
        self
    }

    pub fn with_optional_attachment(
        self,
        name: impl Into<String>,
        bytes: Option<Vec<u8>>,
    ) -> Reply {
        match bytes {
            Some(bytes) => self.with_attachment(name, bytes),
            None => self,
        }
    }

    /// Makes the reply fit Discord: long content and oversized embeds move whole into a text file
    /// attachment (nothing is lost), and a short note in `locale` stays in the message.
    pub fn fit(mut self, locale: Locale) -> Reply {
        let mut overflow = String::new();
        if self.embeds.len() > limits::EMBEDS
            || !self.embeds.iter().all(Embed::fits)
            || embeds_total(&self.embeds) > limits::EMBED_TOTAL
        {
            for e in self.embeds.drain(..) {
                overflow.push_str(&e.to_text());
                overflow.push('\n');
            }
        }
        if self.content.chars().count() > limits::CONTENT {
            overflow.insert_str(0, &format!("{}\n\n", self.content));
            self.content.clear();
        }
        if overflow.len() > limits::OVERFLOW_FILE {
            let mut cut = limits::OVERFLOW_FILE;
            while !overflow.is_char_boundary(cut) {
                cut -= 1;
            }
            let dropped = overflow.len() - cut;
            overflow.truncate(cut);
            overflow.push('\n');
            overflow.push_str(&tr!(locale, "fit-cut", bytes = dropped));
            overflow.push('\n');
        }
        if !overflow.is_empty() {
            let name = unique_name(&self.attachments, "output", "txt");
            let note = tr!(locale, "fit-overflow", file = &name);
            self.content = if self.content.is_empty() {
                note
            } else {
                let room = limits::CONTENT.saturating_sub(note.len() + 1);
                format!("{}\n{note}", truncate(&self.content, room))
            };
            self.attachments.push(Attachment {
                name,
                bytes: overflow.into_bytes(),
            });
        }
        self.components
            .truncate(limits::BUTTONS_PER_ROW * limits::ROWS);
        self
    }
}

impl Embed {
    fn fits(&self) -> bool {
        self.title.chars().count() <= limits::TITLE
            && self.description.chars().count() <= limits::DESCRIPTION
            && self.fields.len() <= limits::FIELDS
            && self.fields.iter().all(|f| {
                f.name.chars().count() <= limits::FIELD_NAME
                    && f.value.chars().count() <= limits::FIELD_VALUE
            })
            && self
                .footer
                .as_ref()
                .is_none_or(|f| f.chars().count() <= limits::FOOTER)
    }

    fn size(&self) -> usize {
        self.title.chars().count()
            + self.description.chars().count()
            + self.footer.as_ref().map_or(0, |f| f.chars().count())
            + self
                .fields
                .iter()
                .map(|f| f.name.chars().count() + f.value.chars().count())
                .sum::<usize>()
    }

    /// The embed as plain text, for the console and for overflow files.
    pub fn to_text(&self) -> String {
        let mut out = format!("== {} ==\n", self.title);
        if !self.description.is_empty() {
            out.push_str(&self.description);
            out.push('\n');
        }
        for f in &self.fields {
            out.push_str(&format!("{}: {}\n", f.name, f.value));
        }
        if let Some(footer) = &self.footer {
            out.push_str(&format!("-- {footer}\n"));
        }
        out
    }

    pub fn field(
        mut self,
        name: impl Into<String>,
        value: impl Into<String>,
        inline: bool,
    ) -> Embed {
        let value: String = value.into();
        self.fields.push(Field {
            name: name.into(),
            value: if value.is_empty() {
                "—".to_string()
            } else {
                value
            },
            inline,
        });
        self
    }
}

fn embeds_total(embeds: &[Embed]) -> usize {
    embeds.iter().map(Embed::size).sum()
}

fn unique_name(existing: &[Attachment], stem: &str, ext: &str) -> String {
    (0..)
        .map(|i| {
            if i == 0 {
                format!("{stem}.{ext}")
            } else {
                format!("{stem}-{i}.{ext}")
            }
        })
        .find(|n| existing.iter().all(|a| &a.name != n))
        .unwrap_or_else(|| format!("{stem}.{ext}"))
}

/// The first `max` characters of `s`, with an ellipsis when cut. Never splits a character.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
#[path = "reply_tests.rs"]
mod tests;

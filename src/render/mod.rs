//! Pure rendering: engine outcomes become replies a person is glad to read, within Discord's limits.

pub mod chart;
pub mod kiwi;
pub mod reply;
pub mod units;

pub use kiwi::{kiwi_reply_with, ViewContext};
pub use reply::{colour, Attachment, Button, ButtonStyle, Embed, Field, Reply};

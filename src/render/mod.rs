//! Pure rendering: engine outcomes become messages a person is glad to read, in their language and
//! within Discord's limits. Every word comes from the Fluent files through `tr!`.

pub mod alerts;
#[cfg(test)]
mod alerts_tests;
pub mod answer;
pub mod approval;
pub mod approval_answers;
pub mod chart;
pub mod fleet;
pub mod help;
pub mod kiwi;
pub mod progress;
pub mod refusal;
pub mod reply;
pub mod suggest;
pub mod units;
pub mod watch;

pub use answer::answer;
pub use kiwi::ViewContext;
pub use reply::{colour, Attachment, Button, ButtonStyle, Embed, Field, Reply, Target};

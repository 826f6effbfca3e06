//! Messages the engine sends besides the answer (posts in channels, direct messages, edits of earlier
//! messages) and the front end that carries them out: Discord with the bot token, the console by
//! printing. The engine decides what goes where; an `Outbox` only delivers.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::domain::MessageRef;
use crate::i18n::Locale;
use crate::render::Reply;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Why a message could not be delivered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutboxError {
    /// The person does not accept direct messages from the bot.
    #[error("the recipient does not accept direct messages")]
    DmClosed,
    /// The message to edit is gone (deleted, or its channel is).
    #[error("the message to edit no longer exists")]
    Gone,
    /// Anything else the front end met (Discord down, no permission); logged, never shown raw.
    #[error("{0}")]
    Failed(String),
}

/// Delivers a message whose `target` is set. A post or a DM returns where it landed, so the engine
/// can edit it later; an edit returns nothing.
pub trait Outbox: Send + Sync {
    fn send(&self, message: Reply) -> BoxFuture<'_, Result<Option<MessageRef>, OutboxError>>;

    /// The language of the guild a channel is in, when the front end knows it.
    fn channel_locale(&self, _channel: u64) -> Option<Locale> {
        None
    }
}

/// Where messages go before a front end installs its own outbox: nowhere, with a log line.
pub struct Nowhere;

impl Outbox for Nowhere {
    fn send(&self, message: Reply) -> BoxFuture<'_, Result<Option<MessageRef>, OutboxError>> {
        tracing::warn!(target = ?message.target, "a message had nowhere to go: no front end is attached");
        Box::pin(async { Err(OutboxError::Failed("no front end is attached".into())) })
    }
}

/// The outbox an engine uses; a front end swaps in its own once it can deliver.
#[derive(Clone)]
pub(super) struct Slot(
    Arc<std::sync::RwLock<Arc<dyn Outbox>>>,
    Arc<std::sync::atomic::AtomicBool>,
);

impl Default for Slot {
    fn default() -> Slot {
        Slot(
            Arc::new(std::sync::RwLock::new(Arc::new(Nowhere))),
            Arc::default(),
        )
    }
}

impl Slot {
    pub fn get(&self) -> Arc<dyn Outbox> {
        // A poisoned lock only means a panic elsewhere while swapping; the value is still whole.
        Arc::clone(&self.0.read().unwrap_or_else(|e| e.into_inner()))
    }

    pub fn set(&self, outbox: Arc<dyn Outbox>) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = outbox;
        self.1.store(true, std::sync::atomic::Ordering::SeqCst);
    }

    /// Whether a front end attached its outbox (messages have somewhere to go).
    pub fn is_set(&self) -> bool {
        self.1.load(std::sync::atomic::Ordering::SeqCst)
    }
}

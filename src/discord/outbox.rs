//! The engine's messages besides answers, delivered with the bot token: posts in channels (approval
//! cards, alerts, progress), direct messages (secret results) and edits of any of them, which keep
//! working after a restart and long after an interaction's 15-minute token is gone.

use std::sync::Arc;

use serenity::all::{Cache, ChannelId, Http, HttpError, MessageId, UserId as DiscordUser};

use super::reply;
use crate::domain::MessageRef;
use crate::engine::outbox::BoxFuture;
use crate::engine::{Outbox, OutboxError};
use crate::i18n::Locale;
use crate::render::{Reply, Target};

/// Discord's JSON error codes this module tells apart.
const UNKNOWN_MESSAGE: isize = 10008;
const UNKNOWN_CHANNEL: isize = 10003;
const CANNOT_DM: isize = 50007;

pub struct DiscordOutbox {
    http: Arc<Http>,
    cache: Arc<Cache>,
}

impl DiscordOutbox {
    pub fn new(http: Arc<Http>, cache: Arc<Cache>) -> DiscordOutbox {
        DiscordOutbox { http, cache }
    }

    async fn deliver(&self, message: Reply) -> Result<Option<MessageRef>, OutboxError> {
        match message.target {
            Some(Target::Channel(channel)) => {
                let sent = ChannelId::new(channel)
                    .send_message(&self.http, reply::create(&message))
                    .await
                    .map_err(failure)?;
                Ok(Some(MessageRef {
                    channel,
                    message: sent.id.get(),
                }))
            }
            Some(Target::Dm(user)) => {
                let dm = DiscordUser::new(user.0)
                    .create_dm_channel(&self.http)
                    .await
                    .map_err(failure)?;
                let sent = dm
                    .id
                    .send_message(&self.http, reply::create(&message))
                    .await
                    .map_err(failure)?;
                Ok(Some(MessageRef {
                    channel: dm.id.get(),
                    message: sent.id.get(),
                }))
            }
            Some(Target::Edit(r)) => {
                ChannelId::new(r.channel)
                    .edit_message(
                        &self.http,
                        MessageId::new(r.message),
                        reply::edit_message(&message),
                    )
                    .await
                    .map_err(failure)?;
                Ok(None)
            }
            None => Err(OutboxError::Failed(
                "an answer has no channel to be posted in".into(),
            )),
        }
    }
}

impl Outbox for DiscordOutbox {
    fn send(&self, message: Reply) -> BoxFuture<'_, Result<Option<MessageRef>, OutboxError>> {
        Box::pin(self.deliver(message))
    }

    /// The preferred locale of the guild the channel belongs to, from the gateway's cache.
    fn channel_locale(&self, channel: u64) -> Option<Locale> {
        let channel = ChannelId::new(channel);
        self.cache.guilds().into_iter().find_map(|id| {
            let guild = self.cache.guild(id)?;
            guild
                .channels
                .contains_key(&channel)
                .then(|| Locale::from_discord(&guild.preferred_locale))
        })
    }
}

/// Discord's error as one the engine can act on; the text is for the log only.
fn failure(e: serenity::Error) -> OutboxError {
    if let serenity::Error::Http(HttpError::UnsuccessfulRequest(r)) = &e {
        match r.error.code {
            UNKNOWN_MESSAGE | UNKNOWN_CHANNEL => return OutboxError::Gone,
            CANNOT_DM => return OutboxError::DmClosed,
            _ => {}
        }
    }
    OutboxError::Failed(e.to_string())
}

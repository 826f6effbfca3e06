//! What the fake Discord remembers (requests, messages, interactions, commands, served files) and
//! the change signal every bounded wait listens to.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::sync::watch;

use super::gateway::GatewayState;
use super::{FakeConfig, FakeError, Recorded, Registration};

pub(crate) struct Shared {
    pub config: FakeConfig,
    pub base: String,
    inner: Mutex<Inner>,
    /// Bumped after every change, so waiters re-check instead of polling.
    version: watch::Sender<u64>,
    ids: AtomicU64,
}

pub(crate) struct ServedFile {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// An interaction the test dispatched, for checking its callbacks the way Discord does.
pub(crate) struct Dispatched {
    pub kind: u64,
    pub token: String,
    pub channel_id: u64,
    pub at: Instant,
    pub acknowledged: bool,
}

#[derive(Default)]
pub(crate) struct Inner {
    pub requests: Vec<Recorded>,
    pub registrations: Vec<Registration>,
    /// Current commands per guild (None: global).
    pub commands: HashMap<Option<u64>, Vec<Value>>,
    /// Keyed by the path after `/attachments/`.
    pub files: HashMap<String, ServedFile>,
    pub messages: HashMap<u64, Value>,
    /// Interaction token → id of its original response (or of the message a component sits on).
    pub originals: HashMap<String, u64>,
    pub interactions: HashMap<String, Dispatched>,
    /// Recipient → DM channel opened by `POST /users/@me/channels`.
    pub dm_channels: HashMap<u64, u64>,
    pub gateway: GatewayState,
}

impl Shared {
    pub fn new(config: FakeConfig, base: String) -> Self {
        let (version, _) = watch::channel(0);
        Self {
            config,
            base,
            inner: Mutex::new(Inner::default()),
            version,
            ids: AtomicU64::new(0),
        }
    }

    /// A fresh snowflake, unique within this fake, that says when it was minted as Discord's
    /// do (milliseconds since 2015 above the low 22 bits): the bot reads an interaction's age
    /// from its id.
    pub fn next_id(&self) -> u64 {
        const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        let sequence = self.ids.fetch_add(1, Ordering::Relaxed) & 0x3F_FFFF;
        (now_ms.saturating_sub(DISCORD_EPOCH_MS) << 22) | sequence
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panicking test thread must not hide what was recorded from the others.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn read<R>(&self, f: impl FnOnce(&Inner) -> R) -> R {
        f(&self.lock())
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> R {
        let out = f(&mut self.lock());
        self.version.send_modify(|v| *v += 1);
        out
    }

    /// Re-checks after every change until `check` gives a value or `timeout` passes.
    pub async fn wait<R>(
        &self,
        timeout: Duration,
        check: impl Fn(&Inner) -> Option<R>,
    ) -> Option<R> {
        let deadline = tokio::time::Instant::now() + timeout;
        // Subscribing before the first check means no change can slip between check and sleep.
        let mut changes = self.version.subscribe();
        loop {
            if let Some(found) = self.read(&check) {
                return Some(found);
            }
            match tokio::time::timeout_at(deadline, changes.changed()).await {
                Ok(Ok(())) => continue,
                // The sender lives in `self`, so only the deadline ends the wait.
                _ => return self.read(&check),
            }
        }
    }

    pub fn serve_file(&self, name: &str, content_type: &str, bytes: Vec<u8>) -> String {
        let file = ServedFile {
            content_type: content_type.to_string(),
            bytes,
        };
        self.with(|inner| inner.files.insert(name.to_string(), file));
        format!("{}/attachments/{name}", self.base)
    }
}

impl Inner {
    pub fn remember_interaction(&mut self, payload: &Value) -> Result<(), FakeError> {
        let id = payload["id"].as_str().ok_or(FakeError::BadPayload("id"))?;
        let token = payload["token"]
            .as_str()
            .ok_or(FakeError::BadPayload("token"))?;
        let kind = payload["type"].as_u64().unwrap_or(0);
        let channel_id = payload["channel_id"]
            .as_str()
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        // A component's @original is the message the component sits on.
        if let Some(message_id) = payload["message"]["id"]
            .as_str()
            .and_then(|m| m.parse().ok())
        {
            self.messages.insert(message_id, payload["message"].clone());
            self.originals.insert(token.to_string(), message_id);
        }
        let token = token.to_string();
        let dispatched = Dispatched {
            kind,
            token,
            channel_id,
            at: Instant::now(),
            acknowledged: false,
        };
        self.interactions.insert(id.to_string(), dispatched);
        Ok(())
    }

    pub fn interaction_by_token(&self, token: &str) -> Option<&Dispatched> {
        self.interactions.values().find(|d| d.token == token)
    }

    pub fn original(&self, token: &str) -> Option<&Value> {
        self.originals
            .get(token)
            .and_then(|id| self.messages.get(id))
    }
}

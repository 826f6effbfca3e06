//! The fake Discord against serenity 0.12.5 itself: every payload the fake sends parses into
//! serenity's own types, Discord's rules are enforced, and a real serenity client runs end to end.

#[path = "support/fake_discord.rs"]
mod fake_discord;

#[path = "fake_discord_selftest/bot.rs"]
mod bot;
#[path = "fake_discord_selftest/end_to_end.rs"]
mod end_to_end;
#[path = "fake_discord_selftest/rest.rs"]
mod rest;
#[path = "fake_discord_selftest/schema.rs"]
mod schema;

use std::time::Duration;

use fake_discord::{FakeDiscord, APPLICATION_ID};
use serde_json::{json, Value};
use serenity::all::{Http, HttpBuilder, Interaction};
use serenity::model::event::{Event, GatewayEvent};

pub const WAIT: Duration = Duration::from_secs(5);
pub const USER: u64 = 1_300_000_000_000_000_001;
pub const ROLE: u64 = 1_300_000_000_000_000_002;
/// Bytes that look like a multipart delimiter and are not UTF-8, to stress the parser.
pub const FILE_BYTES: &[u8] = b"\x00\xff\r\n--boundary\r\n\r\nnot the end\xfe";

pub fn rest_client(fake: &FakeDiscord, token: &str) -> Http {
    HttpBuilder::new(token)
        .proxy(fake.api_base())
        .ratelimiter_disabled(true)
        .application_id(APPLICATION_ID.into())
        .build()
}

/// Parses a payload the way serenity's shard does: a bad one becomes `Event::Unknown`, silently.
pub fn received(payload: &Value) -> Interaction {
    let frame = json!({"op": 0, "t": "INTERACTION_CREATE", "s": 2, "d": payload});
    match serde_json::from_value::<GatewayEvent>(frame) {
        Ok(GatewayEvent::Dispatch(_, Event::InteractionCreate(event))) => event.interaction,
        other => panic!(
            "{other:?}: {:?}",
            serde_json::from_value::<Interaction>(payload.clone()).err()
        ),
    }
}

pub fn discord_code(error: serenity::Error) -> (isize, Vec<String>) {
    match error {
        serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(e)) => (
            e.error.code,
            e.error.errors.into_iter().map(|e| e.path).collect(),
        ),
        other => panic!("not a Discord error: {other:?}"),
    }
}

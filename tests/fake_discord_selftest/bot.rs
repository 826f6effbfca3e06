//! The bot of the end-to-end tests: a real serenity client on the fake, with one answer per
//! kind of interaction.

use std::sync::Arc;
use std::time::Duration;

use serenity::all::{
    Client, ClientBuilder, CommandInteraction, Context, CreateAttachment,
    CreateAutocompleteResponse, CreateInteractionResponse, CreateInteractionResponseMessage,
    EditInteractionResponse, EventHandler, GatewayIntents, Http, HttpBuilder, Interaction,
    ShardManager,
};

use crate::fake_discord::FakeDiscord;
use crate::{FILE_BYTES, WAIT};

/// The bot of the end-to-end tests: one answer per kind of interaction.
struct Bot;

#[serenity::async_trait]
impl EventHandler for Bot {
    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        // Failures show in what the fake recorded (a missing or refused callback).
        let _ = answer(&ctx.http, interaction).await;
    }
}

pub const SLOW_ACK: Duration = Duration::from_millis(600);

async fn answer(http: &Http, interaction: Interaction) -> serenity::Result<()> {
    let reply = |content: String| {
        CreateInteractionResponse::Message(CreateInteractionResponseMessage::new().content(content))
    };
    match interaction {
        Interaction::Command(c) => command(http, c, reply).await,
        Interaction::Autocomplete(a) => {
            let choices = CreateAutocompleteResponse::new().add_string_choice("web1", "web1");
            a.create_response(http, CreateInteractionResponse::Autocomplete(choices))
                .await
        }
        Interaction::Component(c) => {
            let update = CreateInteractionResponseMessage::new()
                .content(format!("pressed {}", c.data.custom_id));
            c.create_response(http, CreateInteractionResponse::UpdateMessage(update))
                .await
        }
        Interaction::Modal(m) => {
            m.create_response(http, reply(format!("modal {}", m.data.custom_id)))
                .await
        }
        _ => Ok(()),
    }
}

async fn command(
    http: &Http,
    c: CommandInteraction,
    reply: impl Fn(String) -> CreateInteractionResponse,
) -> serenity::Result<()> {
    match c.data.name.as_str() {
        "slow" => {
            c.defer(http).await?;
            tokio::time::sleep(Duration::from_millis(50)).await;
            c.edit_response(http, EditInteractionResponse::new().content("done"))
                .await
                .map(drop)
        }
        "file" => {
            let message = CreateInteractionResponseMessage::new()
                .content("report")
                .add_file(CreateAttachment::bytes(FILE_BYTES, "report.bin"));
            c.create_response(http, CreateInteractionResponse::Message(message))
                .await
        }
        "upload" => {
            let attachment = c.data.resolved.attachments.values().next().cloned();
            let size = match attachment {
                Some(a) => a.download().await?.len(),
                None => 0,
            };
            c.create_response(http, reply(format!("{size} bytes")))
                .await
        }
        "late" => {
            tokio::time::sleep(SLOW_ACK).await;
            c.create_response(http, reply("late".into())).await
        }
        // A bot bug on purpose: autocomplete choices are no answer to a command.
        "choices" => {
            let choices = CreateAutocompleteResponse::new().add_string_choice("a", "a");
            c.create_response(http, CreateInteractionResponse::Autocomplete(choices))
                .await
        }
        name => c.create_response(http, reply(format!("pong {name}"))).await,
    }
}

/// A real serenity client on the fake; stop it with `shutdown_all`.
pub async fn bot(fake: &FakeDiscord) -> Arc<ShardManager> {
    let http = HttpBuilder::new(fake.token())
        .proxy(fake.api_base())
        .ratelimiter_disabled(true)
        .build();
    let mut client: Client = ClientBuilder::new_with_http(http, GatewayIntents::GUILDS)
        .event_handler(Bot)
        .await
        .expect("client");
    let manager = Arc::clone(&client.shard_manager);
    tokio::spawn(async move { client.start().await });
    assert!(
        fake.wait_ready(WAIT).await,
        "serenity identified and got READY"
    );
    manager
}

pub async fn stop(manager: Arc<ShardManager>) {
    tokio::time::timeout(WAIT, manager.shutdown_all())
        .await
        .expect("serenity shuts down in time");
}

//! Interactions in, replies out: slash commands, autocomplete, buttons, forms. The engine decides
//! what to answer, how privately, and whether to acknowledge at once; this only carries it out.
//! Handlers take `&Http` and the interaction, not serenity's `Context`, so tests can drive them.

use std::collections::HashMap;
use std::future::Future;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use secrecy::SecretString;
use serenity::all::{
    ActionRowComponent, Attachment, CommandInteraction, ComponentInteraction, CreateActionRow,
    CreateAutocompleteResponse, CreateInputText, CreateInteractionResponse,
    CreateInteractionResponseFollowup, CreateInteractionResponseMessage, CreateModal,
    EditInteractionResponse, Http, InputTextStyle, Interaction, ModalInteraction, ResolvedOption,
    ResolvedValue,
};

use super::reply;
use crate::domain::{RoleId, UserId};
use crate::engine::{Actor, Answer, Engine, Plan, Request, Typing, KEY_FIELD, MAX_FILE};
use crate::i18n::Locale;
use crate::render::Reply;
use crate::tr;

/// How long after Discord created an interaction the answer may take before it is acknowledged:
/// well inside Discord's 3 s, leaving the rest to the network both ways.
const ACK_BUDGET: Duration = Duration::from_millis(1200);

/// Discord's own deadline for the first answer, counted from the interaction's creation.
const DISCORD_DEADLINE: Duration = Duration::from_secs(3);
/// The first moment of 2015 in Unix milliseconds, where Discord's snowflakes count from.
const DISCORD_EPOCH_MS: u64 = 1_420_070_400_000;

/// When Discord created an interaction, as an `Instant` on this machine's clock: its id says when
/// in Unix milliseconds, and the time it spent reaching us (the gateway, a busy shard) is already
/// gone from the 3 s. A clock running behind Discord's counts from arrival instead, and one far
/// ahead cannot age it past the deadline.
fn created_at(snowflake: u64, arrived: Instant, wall: SystemTime) -> Instant {
    let created_ms = (snowflake >> 22).saturating_add(DISCORD_EPOCH_MS);
    let now_ms = wall
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
    let age = Duration::from_millis(now_ms.saturating_sub(created_ms)).min(DISCORD_DEADLINE);
    arrived.checked_sub(age).unwrap_or(arrived)
}

/// Routes one interaction. Every error is logged; nothing here panics or leaves it unanswered
/// unless Discord itself is unreachable.
pub async fn handle(http: &Http, engine: &Engine, interaction: Interaction) {
    let started = created_at(interaction.id().get(), Instant::now(), SystemTime::now());
    let result = match &interaction {
        Interaction::Command(cmd) => command(http, engine, cmd, started).await,
        Interaction::Autocomplete(cmd) => autocomplete(http, engine, cmd).await,
        Interaction::Component(press) => component(http, engine, press, started).await,
        Interaction::Modal(submit) => modal(http, engine, submit, started).await,
        _ => Ok(()),
    };
    if let Err(e) = result {
        tracing::warn!(error = %e, "could not answer an interaction");
    }
}

/// The three interactions that are answered the same way.
trait Respond: Sync {
    async fn respond(&self, http: &Http, r: CreateInteractionResponse) -> serenity::Result<()>;
    async fn edit(&self, http: &Http, e: EditInteractionResponse) -> serenity::Result<()>;
    async fn delete(&self, http: &Http) -> serenity::Result<()>;
    async fn followup(
        &self,
        http: &Http,
        f: CreateInteractionResponseFollowup,
    ) -> serenity::Result<()>;
}

macro_rules! respond_for {
    ($($t:ty),+) => {$(
        impl Respond for $t {
            async fn respond(&self, http: &Http, r: CreateInteractionResponse) -> serenity::Result<()> {
                self.create_response(http, r).await
            }
            async fn edit(&self, http: &Http, e: EditInteractionResponse) -> serenity::Result<()> {
                self.edit_response(http, e).await.map(drop)
            }
            async fn delete(&self, http: &Http) -> serenity::Result<()> {
                self.delete_response(http).await
            }
            async fn followup(&self, http: &Http, f: CreateInteractionResponseFollowup) -> serenity::Result<()> {
                self.create_followup(http, f).await.map(drop)
            }
        }
    )+};
}

respond_for!(CommandInteraction, ComponentInteraction, ModalInteraction);

/// Answers with what `work` gives, acknowledging first when the engine's plan says the work is
/// slow or when it has not finished within the budget. A private answer after a public
/// acknowledgement replaces it with a private follow-up, so a refusal or a secret never lands in
/// the channel.
async fn respond<I: Respond>(
    http: &Http,
    engine: &Engine,
    interaction: &I,
    plan: Plan,
    started: Instant,
    work: impl Future<Output = Reply>,
) -> serenity::Result<()> {
    tokio::pin!(work);
    if !plan.defer_at_once {
        tokio::select! {
            reply = &mut work => {
                let sent = interaction
                    .respond(http, CreateInteractionResponse::Message(reply::message(&reply)))
                    .await;
                engine.metrics().interaction_ack(started.elapsed().as_secs_f64());
                return sent;
            }
            () = tokio::time::sleep(ACK_BUDGET.saturating_sub(started.elapsed())) => {}
        }
    }
    let deferral = CreateInteractionResponseMessage::new().ephemeral(plan.private);
    interaction
        .respond(http, CreateInteractionResponse::Defer(deferral))
        .await?;
    engine
        .metrics()
        .interaction_ack(started.elapsed().as_secs_f64());
    let reply = work.await;
    if reply.ephemeral && !plan.private {
        interaction.delete(http).await?;
        return interaction.followup(http, reply::followup(&reply)).await;
    }
    interaction.edit(http, reply::edit(&reply)).await
}

fn actor(user: serenity::all::UserId, member_roles: Option<&[serenity::all::RoleId]>) -> Actor {
    Actor {
        user: UserId(user.get()),
        roles: member_roles
            .unwrap_or_default()
            .iter()
            .map(|r| RoleId(r.get()))
            .collect(),
    }
}

fn command_actor(cmd: &CommandInteraction) -> Actor {
    actor(cmd.user.id, cmd.member.as_ref().map(|m| m.roles.as_slice()))
}

/// A subcommand's name, its options as text, and the attachments still to fetch.
type Flattened = (
    Option<String>,
    Vec<(String, String)>,
    Vec<(String, Attachment)>,
);

/// The subcommand's name and its options as text, as the console would have typed them, and the
/// attachments to fetch (only once the engine may use them).
fn flatten(cmd: &CommandInteraction) -> Flattened {
    let mut sub = None;
    let mut options = Vec::new();
    let mut attachments = Vec::new();
    let top = cmd.data.options();
    let list = match top.first() {
        Some(ResolvedOption {
            name,
            value: ResolvedValue::SubCommand(inner),
            ..
        }) => {
            sub = Some(name.to_string());
            inner.clone()
        }
        _ => top,
    };
    for option in list {
        let text = match option.value {
            ResolvedValue::String(s) => s.to_string(),
            ResolvedValue::Integer(n) => n.to_string(),
            ResolvedValue::Number(n) => n.to_string(),
            ResolvedValue::Boolean(b) => b.to_string(),
            ResolvedValue::User(u, _) => u.id.get().to_string(),
            ResolvedValue::Role(r) => r.id.get().to_string(),
            ResolvedValue::Channel(c) => c.id.get().to_string(),
            ResolvedValue::Autocomplete { value, .. } => value.to_string(),
            ResolvedValue::Attachment(a) => {
                attachments.push((option.name.to_string(), a.clone()));
                a.filename.clone()
            }
            _ => continue,
        };
        options.push((option.name.to_string(), text));
    }
    (sub, options, attachments)
}

/// Downloads attachments for an owner only (only `/server import` takes one), each at most
/// `MAX_FILE` bytes: nobody else can make the bot fetch files.
async fn download(
    actor: &Actor,
    engine: &Engine,
    attachments: Vec<(String, Attachment)>,
) -> HashMap<String, Vec<u8>> {
    let mut files = HashMap::new();
    if !engine.settings().owners.contains(&actor.user) {
        return files;
    }
    for (name, a) in attachments {
        if a.size as usize > MAX_FILE {
            tracing::info!(size = a.size, "an attachment is too large to fetch");
            continue;
        }
        match a.download().await {
            Ok(bytes) => {
                files.insert(name, bytes);
            }
            Err(e) => tracing::warn!(error = %e, "could not download an attachment"),
        }
    }
    files
}

async fn command(
    http: &Http,
    engine: &Engine,
    cmd: &CommandInteraction,
    started: Instant,
) -> serenity::Result<()> {
    let (sub, options, attachments) = flatten(cmd);
    let actor = command_actor(cmd);
    let locale = Locale::from_discord(&cmd.locale);
    if let Some(form) = engine.key_form(&actor, &cmd.data.name, sub.as_deref(), &options) {
        return ask_for_key(http, cmd, &form.to_string(), locale).await;
    }
    let plan = engine.plan(&cmd.data.name, sub.as_deref());
    let mut request = Request::new(actor.clone(), &cmd.data.name, sub.as_deref(), options);
    request.guild = cmd.guild_id.map(|g| g.get());
    request.channel = Some(cmd.channel_id.get());
    request.locale = locale;
    request.guild_locale = cmd.guild_locale.as_deref().map(Locale::from_discord);
    // The download counts against the acknowledgement budget too.
    let work = async {
        request.files = download(&actor, engine, attachments).await;
        let answer = engine.handle(request).await;
        render(engine, &answer, locale)
    };
    respond(http, engine, cmd, plan, started, work).await
}

fn render(engine: &Engine, answer: &Answer, locale: Locale) -> Reply {
    crate::render::answer(answer, locale, engine.now())
}

async fn autocomplete(
    http: &Http,
    engine: &Engine,
    cmd: &CommandInteraction,
) -> serenity::Result<()> {
    let Some(focused) = cmd.data.autocomplete() else {
        return Ok(());
    };
    let (focused_name, typed) = (focused.name.to_string(), focused.value.to_string());
    let (sub, options, _) = flatten(cmd);
    let typing = Typing {
        command: &cmd.data.name,
        subcommand: sub.as_deref(),
        option: &focused_name,
        typed: &typed,
        options: &options,
    };
    let locale = Locale::from_discord(&cmd.locale);
    let suggestions = engine.complete(&command_actor(cmd), &typing, locale).await;
    let mut response = CreateAutocompleteResponse::new();
    for s in suggestions.into_iter().take(25) {
        response = response.add_string_choice(s.name, s.value);
    }
    cmd.create_response(http, CreateInteractionResponse::Autocomplete(response))
        .await
}

async fn component(
    http: &Http,
    engine: &Engine,
    press: &ComponentInteraction,
    started: Instant,
) -> serenity::Result<()> {
    let actor = actor(
        press.user.id,
        press.member.as_ref().map(|m| m.roles.as_slice()),
    );
    let locale = Locale::from_discord(&press.locale);
    let plan = engine.plan_click(&press.data.custom_id);
    let work = async {
        let answer = engine.click(&actor, &press.data.custom_id).await;
        render(engine, &answer, locale)
    };
    respond(http, engine, press, plan, started, work).await
}

async fn ask_for_key(
    http: &Http,
    cmd: &CommandInteraction,
    custom_id: &str,
    locale: Locale,
) -> serenity::Result<()> {
    let input = CreateInputText::new(
        InputTextStyle::Short,
        tr!(locale, "key-form-label"),
        KEY_FIELD,
    )
    .placeholder("private_…")
    .min_length(8)
    .max_length(100);
    let modal = CreateModal::new(custom_id, tr!(locale, "key-form-title"))
        .components(vec![CreateActionRow::InputText(input)]);
    cmd.create_response(http, CreateInteractionResponse::Modal(modal))
        .await
}

async fn modal(
    http: &Http,
    engine: &Engine,
    submit: &ModalInteraction,
    started: Instant,
) -> serenity::Result<()> {
    let actor = actor(
        submit.user.id,
        submit.member.as_ref().map(|m| m.roles.as_slice()),
    );
    let locale = Locale::from_discord(&submit.locale);
    let key = submit
        .data
        .components
        .iter()
        .flat_map(|row| row.components.iter())
        .find_map(|c| match c {
            ActionRowComponent::InputText(t) if t.custom_id == KEY_FIELD => t.value.clone(),
            _ => None,
        })
        .map(SecretString::from);
    let request = key.and_then(|key| engine.key_request(actor, &submit.data.custom_id, &key));
    // Checking the key asks KiwiVM, which may be slow: the same budget as any command.
    let plan = Plan {
        defer_at_once: false,
        private: true,
    };
    let work = async {
        match request {
            Some(mut request) => {
                request.locale = locale;
                request.channel = Some(submit.channel_id.get());
                let answer = engine.handle(request).await;
                render(engine, &answer, locale).ephemeral()
            }
            None => Reply::text(tr!(locale, "key-form-foreign")).ephemeral(),
        }
    };
    respond(http, engine, submit, plan, started, work).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A snowflake Discord would mint at `unix_ms`.
    fn snowflake(unix_ms: u64) -> u64 {
        ((unix_ms - DISCORD_EPOCH_MS) << 22) | 7
    }

    fn wall(unix_ms: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(unix_ms)
    }

    const NOW_MS: u64 = 1_796_000_000_000;

    #[test]
    fn the_time_an_interaction_spent_reaching_the_bot_counts_against_its_budget() {
        let arrived = Instant::now();
        let created = created_at(snowflake(NOW_MS - 400), arrived, wall(NOW_MS));
        assert_eq!(arrived.duration_since(created), Duration::from_millis(400));
    }

    #[test]
    fn a_clock_behind_discords_counts_from_arrival() {
        let arrived = Instant::now();
        let created = created_at(snowflake(NOW_MS + 2_000), arrived, wall(NOW_MS));
        assert_eq!(created, arrived);
    }

    #[test]
    fn a_clock_far_ahead_ages_an_interaction_no_further_than_discords_deadline() {
        let arrived = Instant::now() + Duration::from_secs(10);
        let created = created_at(snowflake(NOW_MS - 60_000), arrived, wall(NOW_MS));
        assert_eq!(arrived.duration_since(created), DISCORD_DEADLINE);
    }
}

//! Interactions in, replies out: slash commands, autocomplete, buttons, forms. The engine decides
//! what to answer, how privately, and whether to acknowledge at once; this only carries it out.
//! Handlers take `&Http` and the interaction, not serenity's `Context`, so tests can drive them.

use std::collections::HashMap;
use std::future::Future;
use std::time::{Duration, Instant};

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

/// How long an answer may take before it is acknowledged: well inside Discord's 3 s, which count
/// from when Discord created the interaction, network both ways included.
const ACK_BUDGET: Duration = Duration::from_millis(1200);

/// Routes one interaction. Every error is logged; nothing here panics or leaves it unanswered
/// unless Discord itself is unreachable.
pub async fn handle(http: &Http, engine: &Engine, interaction: Interaction) {
    let started = Instant::now();
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

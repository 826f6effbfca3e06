//! Interactions in, replies out: slash commands (deferred when slow), autocomplete, buttons, modals.
//! Handlers take `&Http` and the interaction, not serenity's `Context`, so tests can drive them.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use serenity::all::{
    ActionRowComponent, Attachment, CommandInteraction, ComponentInteraction, CreateActionRow,
    CreateAutocompleteResponse, CreateInputText, CreateInteractionResponse, CreateModal, Http,
    InputTextStyle, Interaction, ModalInteraction, ResolvedOption, ResolvedValue,
};

use super::reply;
use crate::catalog::{self, Action, View};
use crate::domain::{RoleId, UserId};
use crate::engine::{Actor, Engine, Request};
use crate::kiwivm;
use crate::render::Reply;

/// How long a command may take before it is deferred: well inside Discord's 3 s.
const ACK_BUDGET: Duration = Duration::from_millis(1200);
/// Custom ids of the private forms that ask for an API key.
const KEY_FORM: &str = "key:";
const KEY_INPUT: &str = "api_key";
/// A billing export of a few hundred services is a few tens of KiB.
const MAX_ATTACHMENT: usize = 1024 * 1024;

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
/// `MAX_ATTACHMENT` bytes: nobody else can make the bot fetch files.
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
        if a.size as usize > MAX_ATTACHMENT {
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

/// Whether a command is known to be slow (defer at once) and whether its reply is private.
fn expectations(command: &str, sub: Option<&str>) -> (bool, bool) {
    let Some(found) = catalog::find(command, sub) else {
        return (false, true);
    };
    // A command that carries a secret, or manages keys, is never answered in the channel.
    let carries_secret = command == "server" || found.options.iter().any(|o| o.secret);
    let (slow, private) = match found.action {
        Action::Kiwi { path, view } => {
            let call = kiwivm::call(path);
            let slow = call.is_some_and(|c| c.slow)
                || view == View::Screenshot
                || path == "getRawUsageStats";
            (slow, call.is_some_and(|c| c.secret_reply))
        }
        Action::Manage { .. } => (false, false),
    };
    (slow, private || carries_secret)
}

async fn command(
    http: &Http,
    engine: &Engine,
    cmd: &CommandInteraction,
    started: Instant,
) -> serenity::Result<()> {
    let (sub, options, attachments) = flatten(cmd);
    let actor = command_actor(cmd);
    if wants_key_form(engine, &actor, &cmd.data.name, sub.as_deref(), &options) {
        return ask_for_key(http, cmd, sub.as_deref(), &options).await;
    }
    let (slow, private) = expectations(&cmd.data.name, sub.as_deref());
    let mut request = Request::new(actor.clone(), &cmd.data.name, sub.as_deref(), options);
    request.guild = cmd.guild_id.map(|g| g.get());
    request.locale = cmd.locale.clone();
    // The download counts against the acknowledgement budget too.
    let work = async {
        request.files = download(&actor, engine, attachments).await;
        engine.handle(request).await
    };
    tokio::pin!(work);
    if !slow {
        tokio::select! {
            reply = &mut work => {
                let sent = cmd.create_response(http, CreateInteractionResponse::Message(reply::message(&reply))).await;
                engine.metrics().interaction_ack(started.elapsed().as_secs_f64());
                return sent;
            }
            () = tokio::time::sleep(ACK_BUDGET) => {}
        }
    }
    let deferral = serenity::all::CreateInteractionResponseMessage::new().ephemeral(private);
    cmd.create_response(http, CreateInteractionResponse::Defer(deferral))
        .await?;
    engine
        .metrics()
        .interaction_ack(started.elapsed().as_secs_f64());
    let reply = work.await;
    finish_deferred(http, cmd, &reply, private).await
}

/// Edits a deferred response; a private reply after a public deferral replaces it with a
/// private follow-up, so a refusal or a secret never lands in the channel.
async fn finish_deferred(
    http: &Http,
    cmd: &CommandInteraction,
    reply: &Reply,
    private: bool,
) -> serenity::Result<()> {
    if reply.ephemeral && !private {
        cmd.delete_response(http).await?;
        cmd.create_followup(http, reply::followup(reply)).await?;
        return Ok(());
    }
    cmd.edit_response(http, reply::edit(reply)).await.map(drop)
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
    let suggestions = engine
        .complete(
            &command_actor(cmd),
            &cmd.data.name,
            sub.as_deref(),
            &focused_name,
            &typed,
            &options,
        )
        .await;
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
    let work = engine.click(&actor, &press.data.custom_id);
    tokio::pin!(work);
    tokio::select! {
        reply = &mut work => {
            let sent = press.create_response(http, CreateInteractionResponse::Message(reply::message(&reply))).await;
            engine.metrics().interaction_ack(started.elapsed().as_secs_f64());
            sent
        }
        () = tokio::time::sleep(ACK_BUDGET) => {
            // A confirmed call is running: acknowledge privately, then say how it went.
            let deferral = serenity::all::CreateInteractionResponseMessage::new().ephemeral(true);
            press.create_response(http, CreateInteractionResponse::Defer(deferral)).await?;
            engine.metrics().interaction_ack(started.elapsed().as_secs_f64());
            let reply = work.await;
            press.edit_response(http, reply::edit(&reply)).await.map(drop)
        }
    }
}

/// `/server add` or `/server rekey` by an owner without `api_key`: the key is asked for in a
/// private form, so it never appears in the channel or the command's options.
fn wants_key_form(
    engine: &Engine,
    actor: &Actor,
    command: &str,
    sub: Option<&str>,
    options: &[(String, String)],
) -> bool {
    command == "server"
        && matches!(sub, Some("add" | "rekey"))
        && !options.iter().any(|(k, _)| k == KEY_INPUT)
        && engine.settings().owners.contains(&actor.user)
        // A bad alias is refused by the engine before anyone types a key for it.
        && options
            .iter()
            .filter(|(k, _)| k == "alias" || k == "server")
            .all(|(_, v)| crate::domain::ServerAlias::parse(v).is_ok())
}

async fn ask_for_key(
    http: &Http,
    cmd: &CommandInteraction,
    sub: Option<&str>,
    options: &[(String, String)],
) -> serenity::Result<()> {
    let get = |name: &str| {
        options
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    };
    // Alias (≤ 32) and VEID (digits) keep the id well under Discord's 100 characters.
    let custom_id = match sub {
        Some("add") => format!("{KEY_FORM}add:{}:{}", get("alias"), get("veid")),
        _ => format!("{KEY_FORM}rekey:{}", get("server")),
    };
    let input = CreateInputText::new(InputTextStyle::Short, "API key", KEY_INPUT)
        .placeholder("private_…")
        .min_length(8)
        .max_length(100);
    let modal = CreateModal::new(custom_id, "The VPS's KiwiVM API key")
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
    let key = submit
        .data
        .components
        .iter()
        .flat_map(|row| row.components.iter())
        .find_map(|c| match c {
            ActionRowComponent::InputText(t) if t.custom_id == KEY_INPUT => t.value.clone(),
            _ => None,
        })
        .map(SecretString::from);
    let request = key.and_then(|key| key_request(actor, &submit.data.custom_id, &key));
    let work = async {
        match request {
            Some(request) => engine.handle(request).await,
            None => Reply::text("That form is not one of mine, or the key was empty.").ephemeral(),
        }
    };
    tokio::pin!(work);
    // Checking the key asks KiwiVM, which may be slow: the same budget as any command.
    tokio::select! {
        reply = &mut work => {
            let message = reply::message(&reply).ephemeral(true);
            let sent = submit.create_response(http, CreateInteractionResponse::Message(message)).await;
            engine.metrics().interaction_ack(started.elapsed().as_secs_f64());
            sent
        }
        () = tokio::time::sleep(ACK_BUDGET) => {
            let deferral = serenity::all::CreateInteractionResponseMessage::new().ephemeral(true);
            submit.create_response(http, CreateInteractionResponse::Defer(deferral)).await?;
            engine.metrics().interaction_ack(started.elapsed().as_secs_f64());
            let reply = work.await;
            submit.edit_response(http, reply::edit(&reply)).await.map(drop)
        }
    }
}

/// Rebuilds `/server add` or `/server rekey` from the form's custom id and the typed key.
fn key_request(actor: Actor, custom_id: &str, key: &SecretString) -> Option<Request> {
    let rest = custom_id.strip_prefix(KEY_FORM)?;
    let mut parts = rest.split(':');
    let key = ("api_key".to_string(), key.expose_secret().to_string());
    match (parts.next()?, parts.next(), parts.next()) {
        ("add", Some(alias), Some(veid)) => Some(Request::new(
            actor,
            "server",
            Some("add"),
            vec![
                ("alias".into(), alias.into()),
                ("veid".into(), veid.into()),
                key,
            ],
        )),
        ("rekey", Some(server), None) => Some(Request::new(
            actor,
            "server",
            Some("rekey"),
            vec![("server".into(), server.into()), key],
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_form_rebuilds_server_add_with_the_typed_key() {
        let actor = Actor {
            user: UserId(1),
            roles: vec![],
        };
        let req =
            key_request(actor, "key:add:web1:1001", &SecretString::from("private_x")).unwrap();
        assert_eq!(req.subcommand.as_deref(), Some("add"));
        assert_eq!(req.options[0], ("alias".to_string(), "web1".to_string()));
        assert_eq!(req.options[1], ("veid".to_string(), "1001".to_string()));
        assert!(
            !format!("{req:?}").contains("private_x"),
            "the key leaks into Debug"
        );
    }

    #[test]
    fn a_foreign_form_builds_nothing() {
        let actor = Actor {
            user: UserId(1),
            roles: vec![],
        };
        assert!(key_request(actor, "other:1", &SecretString::from("k")).is_none());
    }

    #[test]
    fn slow_paths_are_deferred_and_secret_ones_privately() {
        assert_eq!(expectations("vps", Some("live")), (true, false));
        assert_eq!(expectations("vps", Some("usage")), (true, false));
        assert_eq!(expectations("vps", Some("info")), (false, false));
        assert!(expectations("vps", Some("reset-password")).1);
        assert!(
            expectations("clone", Some("from-external")).1,
            "a root password option"
        );
        assert!(expectations("server", Some("import")).1);
    }
}

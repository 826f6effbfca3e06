//! Two languages through the real bot: registration carries Chinese words for every command,
//! subcommand, option and choice; a Chinese reader's suggestions, /help, /vps info and refusals
//! come in Chinese and an English reader's in English; an approval card posted in a channel speaks
//! its guild's preferred language (told by GUILD_CREATE), whatever the requester reads.

use std::collections::BTreeMap;

use kiwiops::app::add_demo_servers;
use kiwiops::catalog::{self, Action, Body, Command, CommandOption, Subcommand};
use kiwiops::domain::{Authority, Level, ServerAlias, UserId, Veid};
use kiwiops::engine::outcome::KiwiDone;
use kiwiops::engine::{EngineSettings, JobView, Label, Refusal};
use kiwiops::i18n::Locale;
use kiwiops::kiwivm::{Client, Credentials};
use kiwiops::render::kiwi::kiwi as kiwi_view;
use kiwiops::render::refusal::refusal;
use kiwiops::render::{approval, suggest};
use kiwiops::simulator::{SimOptions, DEMO_VPSES};
use secrecy::SecretString;
use serde_json::{json, Value};

use super::fake_discord::{option_type as T, CommandScope, Who, CHANNEL_ID, GUILD_ID};
use super::{body, grant, owner, server, World, ALICE, OWNER, WAIT};

/// The entry of `list` (a JSON array) called `name`.
fn named<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array()
        .and_then(|l| l.iter().find(|v| v["name"] == name))
        .unwrap_or_else(|| panic!("`{name}` is not registered: {list}"))
}

/// Asserts `recorded` carries `en` as its description and `zh` as its zh-CN localisation.
fn described(recorded: &Value, en: String, zh: String, at: &str) {
    assert_eq!(recorded["description"], json!(en), "{at}");
    assert_eq!(
        recorded["description_localizations"]["zh-CN"],
        json!(zh),
        "{at}"
    );
}

/// Checks one option as registered; returns how many choices it checked.
fn option(recorded: &Value, cmd: &Command, sub: &Subcommand, o: &CommandOption) -> usize {
    let at = format!("{} {}", cmd.invocation(sub), o.name);
    let r = named(recorded, o.name);
    described(
        r,
        catalog::option_description(cmd, sub, o, Locale::En),
        catalog::option_description(cmd, sub, o, Locale::ZhCn),
        &at,
    );
    let choices = r["choices"].as_array().cloned().unwrap_or_default();
    assert_eq!(choices.len(), o.choices.len(), "{at}");
    for choice in o.choices {
        let found = choices
            .iter()
            .find(|c| c["value"] == choice.value)
            .unwrap_or_else(|| panic!("{at}: no choice {}", choice.value));
        let (en, zh) = (
            catalog::choice_name(o.name, choice.name, Locale::En),
            catalog::choice_name(o.name, choice.name, Locale::ZhCn),
        );
        assert_eq!(found["name"], json!(en), "{at}");
        assert_eq!(found["name_localizations"]["zh-CN"], json!(zh), "{at}");
    }
    o.choices.len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_carries_chinese_words_for_every_command_subcommand_option_and_choice() {
    let w = World::start(SimOptions::demo()).await;
    let bot = w.bot(w.engine().await).await;
    let registration = w
        .fake
        .wait_registration(WAIT)
        .await
        .expect("no registration");
    assert_eq!(registration.scope, CommandScope::Guild(GUILD_ID));
    let recorded = Value::Array(registration.commands);
    let (mut described_count, mut choices) = (0, 0);
    for cmd in catalog::commands() {
        let r = named(&recorded, cmd.name);
        described(
            r,
            catalog::command_description(cmd, Locale::En),
            catalog::command_description(cmd, Locale::ZhCn),
            cmd.name,
        );
        described_count += 1;
        match cmd.body {
            Body::Group(subs) => {
                for sub in subs {
                    let rs = named(&r["options"], sub.name);
                    described(
                        rs,
                        catalog::subcommand_description(cmd, sub, Locale::En),
                        catalog::subcommand_description(cmd, sub, Locale::ZhCn),
                        &cmd.invocation(sub),
                    );
                    described_count += 1;
                    for o in sub.options {
                        choices += option(&rs["options"], cmd, sub, o);
                        described_count += 1;
                    }
                }
            }
            Body::Leaf(sub) => {
                for o in sub.options {
                    choices += option(&r["options"], cmd, &sub, o);
                    described_count += 1;
                }
            }
        }
    }
    // Every command, subcommand and option of the catalog was found and checked.
    let expected: usize = catalog::commands()
        .iter()
        .map(|c| {
            let subs = c.subcommands();
            let options: usize = subs.iter().map(|s| s.options.len()).sum();
            1 + options
                + if matches!(c.body, Body::Group(_)) {
                    subs.len()
                } else {
                    0
                }
        })
        .sum();
    assert_eq!(described_count, expected);
    assert!(choices > 30, "only {choices} choices checked");
    bot.stop().await;
}

/// The suggestions' (name, value) pairs of an autocomplete answer.
fn suggestions(reply: &Value) -> Vec<(String, String)> {
    reply["data"]["choices"]
        .as_array()
        .expect("choices")
        .iter()
        .map(|c| {
            let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
            (text(&c["name"]), text(&c["value"]))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chinese_reader_gets_suggestions_and_help_in_chinese() {
    let w = World::start(SimOptions::demo()).await;
    let bot = w.bot(w.demo_engine().await).await;
    let mut options = server("demo1");
    options.push(("os", T::STRING, json!("")));
    let mut answers = Vec::new();
    for tag in ["en-US", "zh-CN"] {
        let mut payload =
            w.fake
                .autocomplete("os", Some("reinstall"), options.clone(), "os", &owner());
        payload["locale"] = json!(tag);
        let (callback, _, _) = w.interact(payload).await;
        assert_eq!(body(&callback)["type"], 8);
        answers.push(suggestions(body(&callback)));
    }
    let (en, zh) = (&answers[0], &answers[1]);
    let values =
        |list: &[(String, String)]| list.iter().map(|(_, v)| v.clone()).collect::<Vec<_>>();
    assert!(!en.is_empty());
    assert_eq!(values(zh), values(en));
    let installed = Label::Os { installed: true };
    assert_eq!(zh[0].0, suggest::name(&installed, &zh[0].1, Locale::ZhCn));
    assert_eq!(en[0].0, suggest::name(&installed, &en[0].1, Locale::En));
    assert_ne!(zh[0].0, en[0].0);

    let mut help = w.fake.slash("help", None, vec![], &Who::member(OWNER, &[]));
    help["locale"] = json!("zh-CN");
    let (callback, _, _) = w.interact(help).await;
    let text = body(&callback)["data"]["embeds"][0]["description"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    for cmd in catalog::commands() {
        let zh = catalog::command_description(cmd, Locale::ZhCn);
        assert!(
            text.contains(&zh),
            "/{} is not in Chinese: {text}",
            cmd.name
        );
    }
    bot.stop().await;
}

/// An interaction of `who` whose Discord client speaks `tag`.
fn in_locale(mut payload: Value, tag: &str) -> Value {
    payload["locale"] = json!(tag);
    payload
}

/// The field names of an answer's first embed: the words a reader's language decides.
fn field_names(message: &Value) -> Vec<String> {
    message["embeds"][0]["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["name"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vps_info_and_a_refusal_come_in_chinese_to_a_chinese_reader_and_in_english_to_an_english_one(
) {
    let w = World::start(SimOptions::demo()).await;
    let bot = w.bot(w.demo_engine().await).await;
    // What KiwiVM says of demo1, rendered here in each language to compare with the bot's words.
    let demo = DEMO_VPSES[0];
    let creds = Credentials::new(Veid(demo.veid), SecretString::from(demo.api_key));
    let client = Client::new(&w.sim.base_url()).expect("client");
    let reply = client
        .call_reply(&creds, "getServiceInfo", &[])
        .await
        .expect("service info");
    let Some(Action::Kiwi { path, view }) = catalog::find("vps", Some("info")).map(|s| s.action)
    else {
        panic!("/vps info is a KiwiVM call");
    };
    let done = KiwiDone {
        server: ServerAlias::parse("demo1").expect("alias"),
        path,
        view,
        params: BTreeMap::new(),
        period: None,
        reply,
    };
    let alice = Who::member(ALICE, &[]);
    let mut seen = Vec::new();
    for (tag, locale) in [("zh-CN", Locale::ZhCn), ("en-US", Locale::En)] {
        let info = w.fake.slash("vps", Some("info"), server("demo1"), &owner());
        let (callback, _, _) = w.interact(in_locale(info, tag)).await;
        let answer = &body(&callback)["data"];
        let expected = serde_json::to_value(kiwi_view(&done, locale, 0)).expect("JSON");
        assert_eq!(
            field_names(answer),
            field_names(&expected),
            "{tag}: {answer}"
        );
        seen.push(field_names(answer));

        let stop = w.fake.slash("vps", Some("stop"), server("demo1"), &alice);
        let (callback, _, _) = w.interact(in_locale(stop, tag)).await;
        let denied = Refusal::Denied {
            command: "/vps stop".into(),
            server: Some(ServerAlias::parse("demo1").expect("alias")),
            needed: Authority::Level(Level::Operator),
            have: None,
        };
        assert_eq!(
            body(&callback)["data"]["content"],
            json!(refusal(&denied, locale)),
            "{tag}"
        );
    }
    assert_ne!(seen[0], seen[1], "the same words in both languages");
    assert!(!seen[0].is_empty());
    assert_eq!(w.sim.control().call_count(demo.veid, "stop"), 0);
    bot.stop().await;
}

/// The words of a card as Discord received it: title, description and button labels.
fn card_words(message: &Value) -> (Value, Value, Vec<Value>) {
    let labels = message["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| {
            // A Reply's buttons are flat; Discord's come in action rows.
            match row["components"].as_array() {
                Some(buttons) => buttons.iter().map(|b| b["label"].clone()).collect(),
                None => vec![row["label"].clone()],
            }
        })
        .collect();
    (
        message["embeds"][0]["title"].clone(),
        message["embeds"][0]["description"].clone(),
        labels,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approval_card_follows_the_guilds_language_and_the_answer_the_requesters() {
    const APPROVALS: u64 = 1_100_000_000_000_000_301;
    let w = World::start(SimOptions::demo()).await;
    let mut settings = EngineSettings::new(vec![UserId(OWNER)]);
    settings.approvals.channel = Some(APPROVALS);
    let engine = w.engine_with(settings).await;
    add_demo_servers(&engine, UserId(OWNER))
        .await
        .expect("demo servers");
    grant(&engine, "demo1", "admin", ALICE).await;
    let bot = w.bot(engine.clone()).await;
    // Discord tells the bot of its guild after READY: Chinese, with the approvals channel in it.
    w.fake
        .create_guild(GUILD_ID, "zh-CN", &[APPROVALS, CHANNEL_ID])
        .expect("GUILD_CREATE");

    let kill = w.fake.slash(
        "vps",
        Some("kill"),
        server("demo1"),
        &Who::member(ALICE, &[]),
    );
    let (asked, _, _) = w.interact(in_locale(kill, "en-US")).await;
    let answer = &body(&asked)["data"];
    let posted = w
        .fake
        .wait_channel_message(APPROVALS, WAIT)
        .await
        .expect("no card in the approvals channel");
    let card = posted.json.expect("a JSON card");
    let id: i64 = card["components"][0]["components"][0]["custom_id"]
        .as_str()
        .and_then(|c| c.strip_prefix("approve:"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no Approve button: {card}"));
    let job = engine
        .store()
        .job(id)
        .await
        .expect("read")
        .expect("the job");
    let view = JobView::of(&job);
    let now = engine.now();

    let zh = serde_json::to_value(approval::card(&view, &[], Locale::ZhCn, now)).expect("JSON");
    let en = serde_json::to_value(approval::card(&view, &[], Locale::En, now)).expect("JSON");
    assert_eq!(card_words(&card), card_words(&zh), "{card}");
    assert_ne!(card_words(&zh), card_words(&en));
    // The requester reads English, as their own Discord does.
    let asked_en = approval::asked(&view, Some(APPROVALS), Locale::En);
    assert_eq!(answer["content"], json!(asked_en.content), "{answer}");
    assert_eq!(w.sim.control().call_count(1001, "kill"), 0);
    bot.stop().await;
}

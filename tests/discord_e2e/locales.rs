//! Two languages through the real bot: registration carries Chinese words for every command,
//! subcommand, option and choice, and a Chinese reader's suggestions and /help come in Chinese.

use kiwiops::catalog::{self, Body, Command, CommandOption, Subcommand};
use kiwiops::engine::Label;
use kiwiops::i18n::Locale;
use kiwiops::render::suggest;
use serde_json::{json, Value};

use super::fake_discord::{option_type as T, CommandScope, Who, GUILD_ID};
use super::{body, owner, server, World, OWNER, WAIT};
use kiwiops::simulator::SimOptions;

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

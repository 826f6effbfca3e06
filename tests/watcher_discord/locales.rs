//! The language of an alert: the watcher posts it, and the engine rewrites it after an Ack, in the
//! preferred language of the guild its channel belongs to (GUILD_CREATE tells the bot), whoever
//! pressed.

use kiwiops::domain::{Facts, UserId};
use kiwiops::i18n::Locale;
use kiwiops::render::alerts::{card, AlertCard};
use kiwiops::simulator::Violation;
use kiwiops::store::Alert;
use serde_json::{json, Value};

use super::fake_discord::{Who, CHANNEL_ID, GUILD_ID};
use super::{body, Running, ALERTS, OWNER, WAIT};

/// The words of a message: title, description, footer and button labels, from a Reply's JSON
/// (flat buttons) or from what Discord received (buttons in action rows).
fn words(message: &Value) -> (Value, Value, Value, Vec<Value>) {
    let labels = message["components"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|row| match row["components"].as_array() {
            Some(buttons) => buttons.iter().map(|b| b["label"].clone()).collect(),
            None => vec![row["label"].clone()],
        })
        .collect();
    let embed = &message["embeds"][0];
    let footer = match &embed["footer"] {
        Value::Object(f) => f.get("text").cloned().unwrap_or(Value::Null),
        other => other.clone(),
    };
    (
        embed["title"].clone(),
        embed["description"].clone(),
        footer,
        labels,
    )
}

/// The alert's card as it reads in `locale`, acked by `acked_by`.
fn rendered(alert: &Alert, acked_by: Option<UserId>, locale: Locale) -> Value {
    let facts: Facts =
        serde_json::from_str(alert.facts.as_deref().expect("facts")).expect("facts JSON");
    let c = AlertCard {
        id: alert.id,
        server: &alert.server,
        severity: alert.severity,
        facts: &facts,
        first_seen: alert.first_seen,
        acked_by,
        mentions: &[],
    };
    serde_json::to_value(card(&c, locale)).expect("JSON")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_alert_in_a_chinese_guilds_channel_is_posted_and_rewritten_in_chinese() {
    let world = Running::start(|_| async {}).await;
    let fake = &world.fake;
    fake.create_guild(GUILD_ID, "zh-CN", &[ALERTS, CHANNEL_ID])
        .expect("GUILD_CREATE");
    // The gateway delivers in order: once a later interaction is answered, the guild is cached.
    let owner = Who::member(OWNER, &[]);
    let help = fake.slash("help", None, vec![], &owner);
    let id = help["id"].as_str().expect("id").to_string();
    fake.dispatch_interaction(help).expect("dispatch");
    fake.wait_callback(&id, WAIT).await.expect("a callback");

    let record = world
        .sim
        .control()
        .inject_violation(1001, Violation::new("spam", 20, "spam evidence"));
    let post = fake
        .wait_channel_message(ALERTS, WAIT)
        .await
        .expect("the alert is posted to the alerts channel");
    let key = format!("demo1/policy_violation/{record}");
    let mut alert = None;
    for _ in 0..100 {
        let found = world
            .engine
            .store()
            .alert_by_key(&key)
            .await
            .expect("store");
        if found.as_ref().is_some_and(|a| a.message_id.is_some()) {
            alert = found;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let alert = alert.expect("the alert and its message are remembered");
    let zh = rendered(&alert, None, Locale::ZhCn);
    assert_eq!(words(body(&post)), words(&zh), "{:?}", post.json);
    assert_ne!(words(&zh), words(&rendered(&alert, None, Locale::En)));

    // An English reader acks it; the card in the Chinese channel stays Chinese.
    let message = alert.message().expect("its message");
    let mut press = fake.button(
        &format!("ack:{}", alert.id),
        fake.bot_message("alert", body(&post)["components"].clone()),
        &owner,
    );
    press["locale"] = json!("en-US");
    let id = press["id"].as_str().expect("id").to_string();
    fake.dispatch_interaction(press).expect("dispatch");
    fake.wait_callback(&id, WAIT).await.expect("a callback");
    let edit_path = format!("/api/v10/channels/{ALERTS}/messages/{}", message.message);
    let acked = fake
        .wait_request(WAIT, |r| r.method == "PATCH" && r.path == edit_path)
        .await
        .expect("the card is rewritten after the ack");
    let zh = rendered(&alert, Some(UserId(OWNER)), Locale::ZhCn);
    assert_eq!(words(body(&acked)), words(&zh), "{:?}", acked.json);
    world.stop().await;
}

//! End to end: a real serenity client on the fake answers interactions, defers and edits,
//! uploads files, resumes after a dropped socket and identifies again after an invalid session.

use std::time::Duration;

use serde_json::json;
use serenity::all::GatewayIntents;

use crate::bot::{bot, stop, SLOW_ACK};
use crate::fake_discord::{option_type as opt, FakeConfig, FakeDiscord, Who};
use crate::{discord_code, rest_client, FILE_BYTES, ROLE, USER, WAIT};

#[tokio::test]
async fn a_slash_command_is_answered_through_its_callback_within_the_deadline() {
    let fake = FakeDiscord::start().await;
    let manager = bot(&fake).await;
    let payload = fake.slash("ping", None, vec![], &Who::member(USER, &[ROLE]));
    let sent = fake
        .dispatch_interaction(payload.clone())
        .expect("dispatched");
    let id = payload["id"].as_str().expect("id");
    let callback = fake.wait_callback(id, WAIT).await.expect("a callback");
    assert_eq!(
        (callback.status, callback.json.clone()),
        (
            204,
            Some(json!({"type": 4, "data": {"content": "pong ping", "attachments": []}}))
        )
    );
    assert!(
        callback.at.duration_since(sent) < Duration::from_secs(2),
        "acknowledged in {:?}",
        callback.at - sent
    );
    let token = payload["token"].as_str().expect("token");
    assert_eq!(
        fake.original_message(token).map(|m| m["content"].clone()),
        Some(json!("pong ping"))
    );

    let http = rest_client(&fake, fake.token());
    let twice = http
        .create_interaction_response(
            id.parse::<u64>().expect("id").into(),
            token,
            &json!({"type": 6}),
            vec![],
        )
        .await;
    assert_eq!(
        discord_code(twice.expect_err("a second acknowledgement")).0,
        40060
    );
    stop(manager).await;
}

#[tokio::test]
async fn a_deferred_reply_is_then_edited_at_original_and_stops_loading() {
    let fake = FakeDiscord::start().await;
    let manager = bot(&fake).await;
    let payload = fake.slash("slow", None, vec![], &Who::member(USER, &[]));
    fake.dispatch_interaction(payload.clone())
        .expect("dispatched");
    let callback = fake
        .wait_callback(payload["id"].as_str().expect("id"), WAIT)
        .await
        .expect("callback");
    assert_eq!(callback.json.map(|j| j["type"].clone()), Some(json!(5)));
    let token = payload["token"].as_str().expect("token");
    let edit = fake
        .wait_original_edit(token, WAIT)
        .await
        .expect("an edit of @original");
    assert_eq!(
        (edit.status, edit.json.map(|j| j["content"].clone())),
        (200, Some(json!("done")))
    );
    let original = fake.original_message(token).expect("original");
    assert_eq!(
        (original["content"].clone(), original["flags"].clone()),
        (json!("done"), json!(0))
    );
    stop(manager).await;
}

#[tokio::test]
async fn a_reply_with_a_file_arrives_as_multipart_with_its_bytes_intact() {
    let fake = FakeDiscord::start().await;
    let manager = bot(&fake).await;
    let payload = fake.slash("file", None, vec![], &Who::member(USER, &[]));
    fake.dispatch_interaction(payload.clone())
        .expect("dispatched");
    let callback = fake
        .wait_callback(payload["id"].as_str().expect("id"), WAIT)
        .await
        .expect("callback");
    assert_eq!(
        callback.files,
        vec![("report.bin".to_string(), FILE_BYTES.to_vec())]
    );
    assert_eq!(
        callback
            .json
            .as_ref()
            .map(|j| j["data"]["attachments"][0]["filename"].clone()),
        Some(json!("report.bin"))
    );
    let original = fake
        .original_message(payload["token"].as_str().expect("token"))
        .expect("original");
    let url = original["attachments"][0]["url"]
        .as_str()
        .expect("served url");
    assert_eq!(
        reqwest::get(url)
            .await
            .expect("get")
            .bytes()
            .await
            .expect("bytes")
            .as_ref(),
        FILE_BYTES
    );
    stop(manager).await;
}

#[tokio::test]
async fn buttons_autocomplete_modals_and_uploads_reach_the_bot_and_are_answered() {
    let fake = FakeDiscord::start().await;
    let manager = bot(&fake).await;
    let who = Who::member(USER, &[]);
    fake.serve_attachment("keys.txt", "text/plain", b"ssh-ed25519 AAAA".to_vec());
    let cases = [
        (
            fake.button("confirm:1", fake.bot_message("sure?", json!([])), &who),
            json!({"type": 7, "data": {"content": "pressed confirm:1", "attachments": []}}),
        ),
        (
            fake.autocomplete(
                "vps",
                Some("info"),
                vec![("server", opt::STRING, json!("w"))],
                "server",
                &who,
            ),
            json!({"type": 8, "data": {"choices": [{"name": "web1", "value": "web1"}]}}),
        ),
        (
            fake.modal_submit("server-add", vec![("api_key", "k")], &who),
            json!({"type": 4, "data": {"content": "modal server-add", "attachments": []}}),
        ),
        (
            fake.slash(
                "upload",
                None,
                vec![("keys", opt::ATTACHMENT, json!("keys.txt"))],
                &who,
            ),
            json!({"type": 4, "data": {"content": "16 bytes", "attachments": []}}),
        ),
    ];
    for (payload, expected) in cases {
        fake.dispatch_interaction(payload.clone())
            .expect("dispatched");
        let callback = fake
            .wait_callback(payload["id"].as_str().expect("id"), WAIT)
            .await
            .expect("callback");
        assert_eq!((callback.status, callback.json), (204, Some(expected)));
    }
    let pressed = fake
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/callback"))
        .count();
    assert_eq!(pressed, 4);
    stop(manager).await;
}

#[tokio::test]
async fn acknowledgements_discord_would_refuse_are_refused_late_or_of_the_wrong_type() {
    let config = FakeConfig {
        ack_deadline: SLOW_ACK / 2,
        ..FakeConfig::default()
    };
    let fake = FakeDiscord::start_with(config).await;
    let manager = bot(&fake).await;
    for (command, status) in [("late", 404), ("choices", 400)] {
        let payload = fake.slash(command, None, vec![], &Who::member(USER, &[]));
        fake.dispatch_interaction(payload.clone())
            .expect("dispatched");
        let callback = fake
            .wait_callback(payload["id"].as_str().expect("id"), WAIT)
            .await
            .expect("callback");
        assert_eq!(callback.status, status, "{command}");
    }
    stop(manager).await;
}

#[tokio::test]
async fn heartbeats_are_acknowledged_so_the_session_stays_up() {
    let config = FakeConfig {
        heartbeat_interval: Duration::from_millis(100),
        ..FakeConfig::default()
    };
    let fake = FakeDiscord::start_with(config).await;
    let manager = bot(&fake).await;
    let stats = fake
        .wait_gateway(WAIT, |g| g.heartbeats >= 3)
        .await
        .expect("three heartbeats");
    assert_eq!(
        (
            stats.identifies,
            stats.resumes,
            stats.connections,
            stats.connected
        ),
        (1, 0, 1, true)
    );
    let intents = fake.last_identify().map(|d| d["intents"].clone());
    assert_eq!(intents, Some(json!(GatewayIntents::GUILDS.bits())));
    stop(manager).await;
}

#[tokio::test]
async fn after_a_dropped_socket_the_bot_resumes_and_gets_what_it_missed() {
    let fake = FakeDiscord::start().await;
    let manager = bot(&fake).await;
    fake.disconnect_gateway(4000);
    let payload = fake.slash("missed", None, vec![], &Who::member(USER, &[]));
    fake.dispatch_interaction(payload.clone())
        .expect("kept for the resume");
    let stats = fake
        .wait_gateway(WAIT, |g| g.resumes == 1 && g.connected)
        .await
        .expect("resumed");
    assert_eq!((stats.identifies, stats.connections), (1, 2));
    let callback = fake
        .wait_callback(payload["id"].as_str().expect("id"), WAIT)
        .await
        .expect("replayed");
    assert_eq!(
        callback.json.map(|j| j["data"]["content"].clone()),
        Some(json!("pong missed"))
    );
    stop(manager).await;
}

#[tokio::test]
async fn an_invalidated_session_makes_the_bot_identify_again() {
    let fake = FakeDiscord::start().await;
    let manager = bot(&fake).await;
    fake.invalidate_session();
    fake.disconnect_gateway(4000);
    // serenity waits 5 s between two IDENTIFYs.
    let stats = fake
        .wait_gateway(Duration::from_secs(10), |g| {
            g.identifies == 2 && g.connected
        })
        .await
        .expect("identified again");
    assert_eq!(stats.invalid_sessions, 1);
    let payload = fake.slash("fresh", None, vec![], &Who::member(USER, &[]));
    fake.dispatch_interaction(payload.clone())
        .expect("dispatched");
    assert!(fake
        .wait_callback(payload["id"].as_str().expect("id"), WAIT)
        .await
        .is_some());
    stop(manager).await;
}

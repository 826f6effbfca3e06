//! Tests of `reply.rs`.

use super::*;

#[test]
fn long_content_becomes_a_text_attachment_and_nothing_is_lost() {
    let long = "x".repeat(5000);
    let reply = Reply::text(long.clone()).fit(Locale::En);
    assert!(reply.content.chars().count() <= limits::CONTENT);
    assert_eq!(reply.attachments.len(), 1);
    let file = String::from_utf8(reply.attachments[0].bytes.clone()).unwrap();
    assert!(file.contains(&long));
}

#[test]
fn an_embed_with_too_many_fields_moves_to_a_file() {
    let mut e = Embed {
        title: "big".into(),
        ..Embed::default()
    };
    for i in 0..30 {
        e = e.field(format!("f{i}"), "v", true);
    }
    let reply = Reply::embed(e).fit(Locale::En);
    assert!(reply.embeds.is_empty());
    let file = String::from_utf8(reply.attachments[0].bytes.clone()).unwrap();
    assert!(file.contains("f29: v"));
}

#[test]
fn a_reply_within_limits_is_unchanged() {
    let reply = Reply::embed(
        Embed {
            title: "t".into(),
            ..Embed::default()
        }
        .field("a", "b", true),
    );
    assert_eq!(reply.clone().fit(Locale::En), reply);
}

#[test]
fn an_enormous_output_is_cut_to_a_file_discord_accepts_and_says_so() {
    let reply = Reply::text("é".repeat(limits::OVERFLOW_FILE)).fit(Locale::En);
    let file = &reply.attachments[0].bytes;
    assert!(file.len() <= limits::OVERFLOW_FILE + 200);
    let text = String::from_utf8(file.clone()).expect("cut on a character boundary");
    let dropped = 2 * limits::OVERFLOW_FILE + 2 - limits::OVERFLOW_FILE;
    let note = tr!(Locale::En, "fit-cut", bytes = dropped);
    assert!(
        text.trim_end().ends_with(&note),
        "{}",
        &text[text.len() - 200..]
    );
}

#[test]
fn truncation_never_splits_a_character() {
    assert_eq!(truncate("服务器重启了", 3), "服务…");
}

#[test]
fn the_json_shape_lists_attachment_names_only() {
    let reply = Reply::text("hi").with_attachment("usage.png", vec![1, 2, 3]);
    let json = serde_json::to_value(&reply).unwrap();
    assert_eq!(json["attachments"], serde_json::json!(["usage.png"]));
    assert_eq!(json["ephemeral"], false);
    assert!(json.get("target").is_none() && json.get("ref").is_none());
}

#[test]
fn a_message_elsewhere_names_its_target_with_ids_as_strings() {
    let to = |t| serde_json::to_value(Reply::text("x").to(t)).unwrap()["target"].clone();
    assert_eq!(
        to(Target::Channel(42)),
        serde_json::json!({"channel": "42"})
    );
    assert_eq!(to(Target::Dm(UserId(7))), serde_json::json!({"dm": "7"}));
    let r = MessageRef {
        channel: 1,
        message: 2,
    };
    assert_eq!(to(Target::Edit(r)), serde_json::json!({"edit": "1/2"}));
    let mut sent = Reply::text("x").to(Target::Channel(1));
    sent.reference = Some(r);
    assert_eq!(serde_json::to_value(sent).unwrap()["ref"], "1/2");
}

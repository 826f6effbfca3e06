//! Messages as terminal text, or as one line of JSON in Discord's message shape.

use crate::i18n::Locale;
use crate::render::{Reply, Target};
use crate::tr;

/// `{"content","embeds","components","attachments":[names],"ephemeral"}` on one line, with
/// `"target"` and `"ref"` for a message that is not the answer.
pub fn reply_json(reply: &Reply) -> String {
    serde_json::to_string(reply)
        .unwrap_or_else(|e| format!("{{\"content\":\"could not print the reply: {e}\"}}"))
}

/// Plain text: a header for a message that is not the answer, content, embeds as titled blocks,
/// buttons with the `click` line that presses them, and where each attachment was written.
/// Discord markup stays as it is, but timestamps become words, relative to `now` (the engine's
/// clock, so a session under a fixed clock prints the same words every time).
pub fn reply_text(reply: &Reply, l: Locale, now: i64) -> String {
    let mut out = Vec::new();
    let reference = reply.reference.map(|r| r.to_string()).unwrap_or_default();
    match reply.target {
        Some(Target::Channel(channel)) => out.push(tr!(
            l,
            "console-to-channel",
            channel = channel.to_string(),
            reference = reference
        )),
        Some(Target::Dm(user)) => out.push(tr!(l, "console-to-dm", user = user.to_string())),
        Some(Target::Edit(r)) => out.push(tr!(l, "console-edit", reference = r.to_string())),
        None => {}
    }
    if reply.ephemeral {
        out.push(tr!(l, "console-private"));
    }
    if !reply.content.is_empty() {
        out.push(reply.content.clone());
    }
    for embed in &reply.embeds {
        out.push(embed.to_text().trim_end().to_string());
    }
    for button in &reply.components {
        out.push(tr!(
            l,
            "console-button",
            label = &button.label,
            id = button.custom_id.to_string()
        ));
    }
    for attachment in &reply.attachments {
        out.push(tr!(l, "console-attachment", name = &attachment.name));
    }
    crate::render::units::plain_timestamps(&out.join("\n"), now, l)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{CustomId, MessageRef};
    use crate::render::{Button, ButtonStyle, Embed};

    #[test]
    fn a_button_prints_the_click_line_that_presses_it() {
        let mut reply = Reply::text("Stop?");
        reply.components.push(Button {
            custom_id: CustomId::Confirm(3),
            label: "Confirm".into(),
            style: ButtonStyle::Danger,
        });
        assert!(reply_text(&reply, Locale::En, 0).contains("click confirm:3"));
    }

    #[test]
    fn a_post_elsewhere_prints_a_header_naming_its_channel_and_ref() {
        let mut reply = Reply::text("card").to(Target::Channel(55));
        reply.reference = Some(MessageRef {
            channel: 55,
            message: 9,
        });
        let text = reply_text(&reply, Locale::En, 0);
        let header = text.lines().next().unwrap();
        assert!(header.contains("55") && header.contains("55/9"), "{text}");
    }

    #[test]
    fn the_json_shape_has_exactly_discords_message_keys() {
        let reply = Reply::embed(Embed {
            title: "t".into(),
            ..Embed::default()
        })
        .with_attachment("a.png", vec![1]);
        let value: serde_json::Value = serde_json::from_str(&reply_json(&reply)).unwrap();
        let mut keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "attachments",
                "components",
                "content",
                "embeds",
                "ephemeral"
            ]
        );
        assert_eq!(value["attachments"][0], "a.png");
    }
}

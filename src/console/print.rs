//! Replies as terminal text, or as one line of JSON in Discord's message shape.

use crate::render::Reply;

/// `{"content","embeds","components","attachments":[names],"ephemeral"}` on one line.
pub fn reply_json(reply: &Reply) -> String {
    serde_json::to_string(reply)
        .unwrap_or_else(|e| format!("{{\"content\":\"could not print the reply: {e}\"}}"))
}

/// Plain text: content, embeds as titled blocks, buttons with the `click` line that presses them,
/// and where each attachment was written. Discord markup stays as it is.
pub fn reply_text(reply: &Reply) -> String {
    let mut out = Vec::new();
    if reply.ephemeral {
        out.push("(only you can see this)".to_string());
    }
    if !reply.content.is_empty() {
        out.push(reply.content.clone());
    }
    for embed in &reply.embeds {
        out.push(embed.to_text().trim_end().to_string());
    }
    for button in &reply.components {
        out.push(format!(
            "[{}]  ->  click {}",
            button.label, button.custom_id
        ));
    }
    for attachment in &reply.attachments {
        out.push(format!("attachment: {}", attachment.name));
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    crate::render::units::plain_timestamps(&out.join("\n"), now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{Button, ButtonStyle, Embed};

    #[test]
    fn a_button_prints_the_click_line_that_presses_it() {
        let mut reply = Reply::text("Stop?");
        reply.components.push(Button {
            custom_id: "confirm:3".into(),
            label: "Confirm".into(),
            style: ButtonStyle::Danger,
        });
        assert!(reply_text(&reply).contains("click confirm:3"));
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

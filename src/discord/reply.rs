//! Engine replies as serenity builders: messages, edits of deferred replies, and follow-ups.

use serenity::all::{
    ButtonStyle as DiscordStyle, CreateActionRow, CreateAttachment, CreateButton, CreateEmbed,
    CreateEmbedFooter, CreateInteractionResponseFollowup, CreateInteractionResponseMessage,
    CreateMessage, EditAttachments, EditInteractionResponse, EditMessage,
};

use crate::render::reply::limits;
use crate::render::{ButtonStyle, Embed, Reply};

fn embed(e: &Embed) -> CreateEmbed {
    let mut out = CreateEmbed::new().title(&e.title).colour(e.color);
    if !e.description.is_empty() {
        out = out.description(&e.description);
    }
    for f in &e.fields {
        out = out.field(&f.name, &f.value, f.inline);
    }
    if let Some(footer) = &e.footer {
        out = out.footer(CreateEmbedFooter::new(footer));
    }
    if let Some(image) = &e.image {
        out = out.image(image);
    }
    out
}

fn rows(reply: &Reply) -> Vec<CreateActionRow> {
    reply
        .components
        .chunks(limits::BUTTONS_PER_ROW)
        .take(limits::ROWS)
        .map(|chunk| {
            CreateActionRow::Buttons(
                chunk
                    .iter()
                    .map(|b| {
                        CreateButton::new(b.custom_id.to_string())
                            .label(&b.label)
                            .style(match b.style {
                                ButtonStyle::Primary => DiscordStyle::Primary,
                                ButtonStyle::Secondary => DiscordStyle::Secondary,
                                ButtonStyle::Success => DiscordStyle::Success,
                                ButtonStyle::Danger => DiscordStyle::Danger,
                            })
                    })
                    .collect(),
            )
        })
        .collect()
}

fn files(reply: &Reply) -> Vec<CreateAttachment> {
    reply
        .attachments
        .iter()
        .map(|a| CreateAttachment::bytes(a.bytes.clone(), a.name.clone()))
        .collect()
}

/// A reply as the response to an interaction.
pub fn message(reply: &Reply) -> CreateInteractionResponseMessage {
    CreateInteractionResponseMessage::new()
        .content(&reply.content)
        .embeds(reply.embeds.iter().map(embed).collect())
        .components(rows(reply))
        .files(files(reply))
        .ephemeral(reply.ephemeral)
}

/// A reply as the edit of a deferred response.
pub fn edit(reply: &Reply) -> EditInteractionResponse {
    let mut out = EditInteractionResponse::new()
        .content(&reply.content)
        .embeds(reply.embeds.iter().map(embed).collect())
        .components(rows(reply));
    for file in files(reply) {
        out = out.new_attachment(file);
    }
    out
}

/// A reply as a follow-up message (used when a private reply follows a public deferral).
pub fn followup(reply: &Reply) -> CreateInteractionResponseFollowup {
    CreateInteractionResponseFollowup::new()
        .content(&reply.content)
        .embeds(reply.embeds.iter().map(embed).collect())
        .components(rows(reply))
        .files(files(reply))
        .ephemeral(reply.ephemeral)
}

/// A reply as a new message in a channel or a DM.
pub fn create(reply: &Reply) -> CreateMessage {
    CreateMessage::new()
        .content(&reply.content)
        .embeds(reply.embeds.iter().map(embed).collect())
        .components(rows(reply))
        .files(files(reply))
}

/// A reply as the new version of a message the bot sent: content, embeds and buttons replaced,
/// and the attachments too (none kept from before).
pub fn edit_message(reply: &Reply) -> EditMessage {
    let mut attachments = EditAttachments::new();
    for file in files(reply) {
        attachments = attachments.add(file);
    }
    EditMessage::new()
        .content(&reply.content)
        .embeds(reply.embeds.iter().map(embed).collect())
        .components(rows(reply))
        .attachments(attachments)
}

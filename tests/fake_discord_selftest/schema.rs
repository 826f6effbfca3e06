//! Schema: every gateway frame and interaction payload the fake builds parses into serenity's
//! own types, into the variant the bot expects, with the fields set.

use serde_json::json;
use serenity::all::{ComponentInteractionDataKind, Interaction, ResolvedValue};
use serenity::model::event::{Event, GatewayEvent};
use serenity::model::gateway::Ready;

use crate::fake_discord::{
    option_type as opt, FakeDiscord, Who, APPLICATION_ID, BOT_USER_ID, CHANNEL_ID, GUILD_ID,
};
use crate::{received, ROLE, USER};

#[tokio::test]
async fn every_gateway_frame_the_fake_sends_parses_as_serenity_reads_it() {
    let fake = FakeDiscord::start().await;
    for (name, frame) in fake.gateway_samples() {
        let event = serde_json::from_value::<GatewayEvent>(frame.clone());
        assert!(event.is_ok(), "{name}: {event:?}");
        assert!(
            !matches!(event, Ok(GatewayEvent::Dispatch(_, Event::Unknown(_)))),
            "{name} is unknown to serenity"
        );
        if name == "GUILD_CREATE" {
            let Ok(GatewayEvent::Dispatch(_, Event::GuildCreate(created))) = event else {
                panic!("GUILD_CREATE is not a guild: {frame}");
            };
            let guild = &created.guild;
            assert_eq!(guild.id.get(), GUILD_ID);
            assert_eq!(guild.preferred_locale, "zh-CN");
            // serenity skips a channel it cannot read, silently: the one sent must be there.
            assert_eq!(
                guild.channels.keys().map(|c| c.get()).collect::<Vec<_>>(),
                [CHANNEL_ID]
            );
        }
        if name == "READY" {
            let ready: Ready =
                serde_json::from_value(frame["d"].clone()).expect("READY's d is a Ready");
            assert_eq!(ready.application.id.get(), APPLICATION_ID);
            assert_eq!(ready.user.id.get(), BOT_USER_ID);
            assert_eq!(ready.guilds.first().map(|g| g.id.get()), Some(GUILD_ID));
        }
    }
}

#[tokio::test]
async fn every_interaction_builder_parses_into_the_serenity_variant_with_its_fields() {
    let fake = FakeDiscord::start().await;
    fake.serve_attachment("in.csv", "text/csv", b"a,b\n".to_vec());
    let who = Who::member(USER, &[ROLE]);
    let options = vec![
        ("server", opt::STRING, json!("web1")),
        ("whom", opt::USER, json!(USER + 10)),
        ("team", opt::ROLE, json!(ROLE + 10)),
        ("file", opt::ATTACHMENT, json!("in.csv")),
    ];
    let Interaction::Command(command) = received(&fake.slash("grant", Some("add"), options, &who))
    else {
        panic!("not a command")
    };
    assert_eq!(
        (command.data.name.as_str(), command.user.id.get()),
        ("grant", USER)
    );
    assert_eq!(
        command
            .member
            .as_ref()
            .map(|m| m.roles.iter().map(|r| r.get()).collect()),
        Some(vec![ROLE])
    );
    let resolved = command.data.options();
    let [sub] = resolved.as_slice() else {
        panic!("{resolved:?}")
    };
    let ResolvedValue::SubCommand(inner) = &sub.value else {
        panic!("{sub:?}")
    };
    assert!(matches!(inner[0].value, ResolvedValue::String("web1")));
    assert!(matches!(inner[1].value, ResolvedValue::User(u, Some(_)) if u.id.get() == USER + 10));
    assert!(matches!(inner[2].value, ResolvedValue::Role(r) if r.id.get() == ROLE + 10));
    let ResolvedValue::Attachment(file) = inner[3].value else {
        panic!("{inner:?}")
    };
    assert_eq!(
        (file.url.clone(), file.size),
        (format!("{}/attachments/in.csv", fake.api_base()), 4)
    );

    let grouped =
        received(&fake.slash("snapshot", Some("admin sticky"), vec![], &Who::in_dm(USER)));
    let Interaction::Command(grouped) = grouped else {
        panic!("not a command")
    };
    assert!(
        grouped.guild_id.is_none() && grouped.member.is_none() && grouped.user.id.get() == USER
    );
    assert!(matches!(
        &grouped.data.options()[0].value,
        ResolvedValue::SubCommandGroup(_)
    ));

    let typed = vec![
        ("server", opt::STRING, json!("we")),
        ("count", opt::INTEGER, json!(3)),
    ];
    let Interaction::Autocomplete(auto) =
        received(&fake.autocomplete("vps", Some("info"), typed, "server", &who))
    else {
        panic!("not autocomplete")
    };
    let focused = auto.data.autocomplete().expect("a focused option");
    assert_eq!((focused.name, focused.value), ("server", "we"));

    let message = fake.bot_message("choose", json!([]));
    let Interaction::Component(button) =
        received(&fake.button("confirm:42", message.clone(), &who))
    else {
        panic!("not a component")
    };
    assert_eq!(button.data.custom_id, "confirm:42");
    assert!(matches!(
        button.data.kind,
        ComponentInteractionDataKind::Button
    ));
    assert_eq!(button.message.content, "choose");
    let Interaction::Component(select) = received(&fake.select("pick", &["a", "b"], message, &who))
    else {
        panic!("not a component")
    };
    assert!(
        matches!(&select.data.kind, ComponentInteractionDataKind::StringSelect { values } if values == &["a", "b"])
    );

    let Interaction::Modal(modal) =
        received(&fake.modal_submit("server-add", vec![("api_key", "secret")], &who))
    else {
        panic!("not a modal")
    };
    assert_eq!(modal.data.custom_id, "server-add");
    let text = serde_json::to_value(&modal.data.components).expect("components serialize");
    assert_eq!(
        (
            text[0]["components"][0]["custom_id"].clone(),
            text[0]["components"][0]["value"].clone()
        ),
        (json!("api_key"), json!("secret"))
    );
}

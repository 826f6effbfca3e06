//! REST: serenity's own Http client against the fake: answers parse into serenity types,
//! bulk overwrites echo commands, and what Discord refuses the fake refuses the same way.

use serde_json::{json, Value};
use serenity::all::{
    ChannelId, CommandOptionType, CreateAttachment, CreateCommand, CreateCommandOption,
    CreateMessage, GuildId,
};

use crate::fake_discord::{
    CommandScope, FakeDiscord, Who, APPLICATION_ID, BOT_USER_ID, GUILD_ID, UPLOAD_LIMIT,
};
use crate::{discord_code, rest_client, FILE_BYTES, USER, WAIT};

#[tokio::test]
async fn rest_answers_parse_into_serenity_types_through_its_own_http_client() {
    let fake = FakeDiscord::start().await;
    let http = rest_client(&fake, fake.token());
    assert_eq!(
        http.get_gateway().await.expect("gateway").url,
        format!("{}/gateway", fake.api_base().replace("http", "ws"))
    );
    assert_eq!(http.get_bot_gateway().await.expect("bot gateway").shards, 1);
    assert_eq!(
        http.get_current_user()
            .await
            .expect("current user")
            .id
            .get(),
        BOT_USER_ID
    );
    assert_eq!(
        http.get_current_application_info()
            .await
            .expect("application")
            .id
            .get(),
        APPLICATION_ID
    );
    let dm = http
        .create_private_channel(&json!({"recipient_id": USER.to_string()}))
        .await
        .expect("dm channel");
    assert_eq!(dm.recipient.id.get(), USER);
    assert_eq!(fake.dm_channel(USER), Some(dm.id.get()));

    let file = CreateAttachment::bytes(FILE_BYTES, "alert.bin");
    let sent = ChannelId::new(77)
        .send_message(&http, CreateMessage::new().content("alert").add_file(file))
        .await
        .expect("message");
    assert_eq!(
        (sent.content.as_str(), sent.attachments.len()),
        ("alert", 1)
    );
    let download = reqwest::get(&sent.attachments[0].url)
        .await
        .expect("download")
        .bytes()
        .await
        .expect("bytes");
    assert_eq!(download.as_ref(), FILE_BYTES);
    let recorded = fake.wait_channel_message(77, WAIT).await.expect("recorded");
    assert_eq!(
        recorded.files,
        vec![("alert.bin".to_string(), FILE_BYTES.to_vec())]
    );
    assert_eq!(
        recorded.json.as_ref().map(|j| j["content"].clone()),
        Some(json!("alert"))
    );
}

#[tokio::test]
async fn bulk_overwrites_echo_serenity_commands_and_keep_ids_by_name() {
    let fake = FakeDiscord::start().await;
    let http = rest_client(&fake, fake.token());
    let server = CreateCommandOption::new(CommandOptionType::String, "server", "Which VPS")
        .required(true)
        .set_autocomplete(true);
    let info = CreateCommandOption::new(CommandOptionType::SubCommand, "info", "Show the VPS")
        .add_sub_option(server);
    let vps = CreateCommand::new("vps")
        .description("Drive a VPS")
        .add_option(info);
    let global = http
        .create_global_commands(&vec![
            vps.clone(),
            CreateCommand::new("help").description("Help"),
        ])
        .await
        .expect("global");
    assert_eq!(
        global.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        ["vps", "help"]
    );
    assert_eq!(global[0].options[0].options[0].name, "server");

    let guild = GuildId::new(GUILD_ID)
        .set_commands(&http, vec![vps])
        .await
        .expect("guild");
    assert_eq!(guild[0].guild_id.map(|g| g.get()), Some(GUILD_ID));
    let again = http
        .create_global_commands(&vec![CreateCommand::new("help").description("Help!")])
        .await
        .expect("again");
    assert_eq!(
        again[0].id, global[1].id,
        "a command keeps its id across overwrites"
    );

    let registrations = fake.registrations();
    let scopes: Vec<_> = registrations.iter().map(|r| r.scope.clone()).collect();
    assert_eq!(
        scopes,
        [
            CommandScope::Global,
            CommandScope::Guild(GUILD_ID),
            CommandScope::Global
        ]
    );
    assert_eq!(fake.registered_commands().len(), 1);
    let slash = fake.slash("help", None, vec![], &Who::member(USER, &[]));
    assert_eq!(
        slash["data"]["id"],
        json!(again[0].id.to_string()),
        "builders use the registered id"
    );
}

#[tokio::test]
async fn what_discord_would_refuse_the_fake_refuses_with_discords_errors() {
    let fake = FakeDiscord::start().await;
    let http = rest_client(&fake, fake.token());
    let bad_name = http
        .create_global_commands(&json!([{"name": "VPS", "description": "x"}]))
        .await
        .expect_err("uppercase name");
    assert_eq!(discord_code(bad_name), (50035, vec!["0.name".to_string()]));
    let option = |required| json!({"type": 3, "name": if required { "b" } else { "a" }, "description": "d", "required": required});
    let order =
        json!([{"name": "vps", "description": "d", "options": [option(false), option(true)]}]);
    assert_eq!(
        discord_code(
            http.create_global_commands(&order)
                .await
                .expect_err("order")
        )
        .0,
        50035
    );

    let fields: Vec<Value> = (0..26)
        .map(|i| json!({"name": i.to_string(), "value": "v"}))
        .collect();
    let too_many = http
        .send_message(
            ChannelId::new(5),
            vec![],
            &json!({"embeds": [{"fields": fields}]}),
        )
        .await
        .expect_err("26 fields");
    assert_eq!(
        discord_code(too_many),
        (50035, vec!["embeds.0.fields".to_string()])
    );
    let empty = http
        .send_message(ChannelId::new(5), vec![], &json!({"content": ""}))
        .await
        .expect_err("empty");
    assert_eq!(discord_code(empty).0, 50006);
    let big = CreateAttachment::bytes(vec![0; UPLOAD_LIMIT as usize + 1], "big.bin");
    let too_big = ChannelId::new(5)
        .send_message(&http, CreateMessage::new().add_file(big))
        .await
        .expect_err("over the upload limit");
    assert_eq!(discord_code(too_big).0, 40005);

    let stranger = http
        .get_guild(GuildId::new(GUILD_ID))
        .await
        .expect_err("no such route in the fake");
    assert_eq!(discord_code(stranger).0, 0);
    let unexpected = fake.unexpected_requests();
    assert_eq!(
        unexpected
            .iter()
            .map(|r| (r.method.as_str(), r.status))
            .collect::<Vec<_>>(),
        [("GET", 404)]
    );
    let wrong_token = rest_client(&fake, "someone-else")
        .get_current_user()
        .await
        .expect_err("wrong token");
    assert!(
        matches!(wrong_token, serenity::Error::Http(serenity::http::HttpError::UnsuccessfulRequest(e)) if e.status_code == 401)
    );
}

#[tokio::test]
async fn localised_commands_are_echoed_and_bad_localisations_refused_as_discord_does() {
    let fake = FakeDiscord::start().await;
    let http = rest_client(&fake, fake.token());
    let period = CreateCommandOption::new(CommandOptionType::String, "period", "How far back")
        .description_localized("zh-CN", "查看多长时间")
        .add_string_choice_localized("24h", "86400", [("zh-CN", "24 小时")]);
    let usage = CreateCommandOption::new(CommandOptionType::SubCommand, "usage", "Chart use")
        .description_localized("zh-CN", "绘制用量图")
        .add_sub_option(period);
    let vps = CreateCommand::new("vps")
        .description("Drive a VPS")
        .description_localized("zh-CN", "管理 VPS")
        .add_option(usage);
    let echoed = http
        .create_global_commands(&vec![vps])
        .await
        .expect("localised commands are accepted");
    let parsed = echoed[0].description_localizations.as_ref();
    assert_eq!(
        parsed.and_then(|m| m.get("zh-CN")).map(String::as_str),
        Some("管理 VPS"),
        "serenity reads the echoed map"
    );
    let recorded = &fake.registered_commands()[0];
    assert_eq!(recorded["description_localizations"]["zh-CN"], "管理 VPS");
    let sub = &recorded["options"][0];
    assert_eq!(sub["description_localizations"]["zh-CN"], "绘制用量图");
    assert_eq!(
        sub["options"][0]["choices"][0]["name_localizations"]["zh-CN"],
        "24 小时"
    );

    let command = |localised: Value| {
        json!([{"name": "vps", "description": "d", "options": [{
            "type": 3, "name": "period", "description": "d",
            "choices": [{"name": "24h", "value": "86400", "name_localizations": localised["choice"]}],
            "description_localizations": localised["option"],
        }], "description_localizations": localised["command"]}])
    };
    let refused = [
        (
            json!({"command": {"zh_CN": "管理"}}),
            "0.description_localizations.zh_CN",
        ),
        (
            json!({"option": {"zh-CN": "长".repeat(101)}}),
            "0.options.0.description_localizations.zh-CN",
        ),
        (
            json!({"choice": {"zh-CN": ""}}),
            "0.options.0.choices.0.name_localizations.zh-CN",
        ),
        (
            json!({"option": "not a map"}),
            "0.options.0.description_localizations",
        ),
    ];
    for (localised, path) in refused {
        let error = http
            .create_global_commands(&command(localised.clone()))
            .await
            .expect_err("a bad localisation");
        assert_eq!(
            discord_code(error),
            (50035, vec![path.to_string()]),
            "{localised}"
        );
    }
    let fine =
        json!({"command": {"zh-CN": "管理", "en-GB": "Drive"}, "choice": {"zh-TW": "24 小時"}});
    assert!(http.create_global_commands(&command(fine)).await.is_ok());
}

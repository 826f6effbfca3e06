//! The client against a tiny axum server on loopback: what goes on the wire, and what is refused
//! before anything is sent.

mod kiwivm_support;

use axum::http::Method;
use kiwiops::domain::Veid;
use kiwiops::kiwivm::{Client, Credentials, KiwiError};
use kiwivm_support::{assert_clean, creds, json_reply, seen, serve, CANARY, KEY};
use secrecy::SecretString;
use serde_json::json;

#[tokio::test]
async fn a_call_posts_a_form_with_veid_and_key_while_the_url_holds_neither() {
    let (base, log) = serve(|_| json_reply(r#"{"error":0,"message":"total 0\n"}"#)).await;
    let client = Client::new(&base).unwrap();
    let out = client
        .shell_exec(&creds(), "ls -la /var/log && echo \"done\" # 100%")
        .await
        .unwrap();
    assert_eq!((out.exit_status, out.output.as_str()), (0, "total 0\n"));
    let req = &seen(&log)[0];
    assert_eq!(req.method, Method::POST);
    assert_eq!(req.uri, "/v1/basicShell/exec");
    assert!(!req.uri.contains(CANARY) && !req.uri.contains("1843"));
    assert_eq!(
        req.content_type.as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    let form = req.form();
    let expected = [
        ("veid", "1843"),
        ("api_key", KEY),
        ("command", "ls -la /var/log && echo \"done\" # 100%"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(form, expected);
}

#[tokio::test]
async fn a_pasted_key_with_stray_spaces_is_sent_trimmed() {
    let (base, log) = serve(|_| json_reply(r#"{"error":0}"#)).await;
    let creds = Credentials::new(Veid(7), SecretString::from(format!("  {KEY}\n")));
    Client::new(&format!("{base}/"))
        .unwrap()
        .start(&creds)
        .await
        .unwrap();
    assert_eq!(
        seen(&log)[0].form()[1],
        ("api_key".to_owned(), KEY.to_owned())
    );
}

#[tokio::test]
async fn json_sent_as_text_plain_is_decoded_into_the_typed_model() {
    let (base, _) = serve(|_| {
        json_reply(r#"{"hostname":"web1","plan_ram":"2147483648","suspended":"","error":"0"}"#)
    })
    .await;
    let info = Client::new(&base)
        .unwrap()
        .service_info(&creds())
        .await
        .unwrap();
    assert_eq!(info.hostname.as_deref(), Some("web1"));
    assert_eq!(
        (info.plan_ram, info.suspended),
        (Some(2147483648), Some(false))
    );
}

#[tokio::test]
async fn call_reply_decodes_once_into_the_typed_reply_and_prints_normalised() {
    let (base, log) = serve(|_| {
        json_reply(r#"{"error":0,"snapshots":[{"fileName":"a.tar.gz","size":"10","sticky":"1"}]}"#)
    })
    .await;
    let out = Client::new(&base)
        .unwrap()
        .call_reply(&creds(), "snapshot/list", &[])
        .await
        .unwrap();
    assert!(matches!(
        out,
        kiwiops::kiwivm::models::KiwiReply::SnapshotList(_)
    ));
    assert_eq!(
        out.to_json().unwrap(),
        json!({"snapshots": [{"fileName": "a.tar.gz", "os": null, "description": null, "description_base64": null, "size": 10,
        "uncompressed": null, "md5": null, "sticky": true, "purgesIn": null, "downloadLink": null,
        "downloadLinkSSL": null}]})
    );
    assert_eq!(seen(&log).len(), 1);
}

#[tokio::test]
async fn typed_methods_send_their_arguments_under_the_apis_names() {
    let (base, log) = serve(|_| json_reply(r#"{"error":0}"#)).await;
    let client = Client::new(&base).unwrap();
    client
        .snapshot_toggle_sticky(&creds(), "a.tar.gz", true)
        .await
        .unwrap();
    let prefs = [("snapshot_complete".to_owned(), false)].into();
    client
        .set_notification_preferences(&creds(), &prefs)
        .await
        .unwrap();
    client.snapshot_create(&creds(), None).await.unwrap();
    let reqs = seen(&log);
    assert_eq!(
        &reqs[0].form()[2..],
        [
            ("snapshot".into(), "a.tar.gz".into()),
            ("sticky".into(), "1".into())
        ]
    );
    assert_eq!(reqs[1].uri, "/v1/kiwivm/setNotificationPreferences");
    assert_eq!(
        reqs[1].form()[2],
        (
            "json_notification_preferences".into(),
            r#"{"snapshot_complete":0}"#.into()
        )
    );
    assert_eq!(reqs[2].form().len(), 2, "no description, no parameter");
}

#[tokio::test]
async fn an_unknown_path_or_bad_parameters_fail_before_anything_is_sent() {
    let (base, log) = serve(|_| json_reply(r#"{"error":0}"#)).await;
    let client = Client::new(&base).unwrap();
    let unknown = client.call_reply(&creds(), "stare", &[]).await.unwrap_err();
    assert!(
        matches!(unknown, KiwiError::UnknownPath { .. }),
        "{unknown:?}"
    );
    let missing = client
        .call_reply(&creds(), "setHostname", &[])
        .await
        .unwrap_err();
    assert!(missing.to_string().contains("newHostname"), "{missing}");
    let extra = client
        .call_reply(&creds(), "start", &[("api_key", "x")])
        .await
        .unwrap_err();
    assert!(matches!(extra, KiwiError::BadParams { .. }), "{extra:?}");
    let twice: Result<serde_json::Value, _> = client
        .call(
            &creds(),
            "setHostname",
            &[("newHostname", "a"), ("newHostname", "b")],
        )
        .await;
    assert!(matches!(twice, Err(KiwiError::BadParams { .. })));
    assert!(seen(&log).is_empty(), "something was sent");
    for err in [unknown, missing, extra] {
        assert_clean(&err);
    }
}

#[test]
fn a_base_url_must_be_plain_http_or_https() {
    assert!(Client::new("https://api.64clouds.com/v1/").is_ok());
    assert_eq!(
        Client::new("http://127.0.0.1:9/v1").unwrap().base_url(),
        "http://127.0.0.1:9/v1/"
    );
    for bad in [
        "ftp://x/v1/",
        "not a url",
        "https://user:pw@api.64clouds.com/v1/",
        "https://x/v1/?api_key=1",
    ] {
        let err = Client::new(bad).unwrap_err();
        assert!(
            matches!(err, KiwiError::BadBaseUrl { .. }),
            "{bad}: {err:?}"
        );
    }
}

#[test]
fn credentials_and_clients_never_print_the_key() {
    let text = format!(
        "{:?} {:?}",
        creds(),
        Client::new("http://127.0.0.1:9/v1").unwrap()
    );
    assert!(!text.contains(CANARY), "{text}");
    assert!(text.contains("1843") && text.contains("redacted"), "{text}");
}

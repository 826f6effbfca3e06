//! Who gets which suggestions: servers, KiwiVM-backed sources, approvals and alerts.

use std::collections::BTreeMap;

use kiwiops::domain::JobKind;
use kiwiops::domain::UserId;
use kiwiops::engine::Label;
use kiwiops::i18n::Locale;
use kiwiops::store::{NewAlert, NewJob};

use super::{alias, unix_now, Harness, Typed, ALICE, BOB, DEMO1, OWNER};

/// The approvals `who` is offered for `/approval sub id`, as (number, label).
async fn approvals(h: &Harness, who: u64, sub: &str) -> Vec<(String, Label)> {
    let typed = Typed::new("approval", Some(sub), "id", "", None);
    h.suggestions(who, &typed, Locale::En)
        .await
        .into_iter()
        .map(|s| (s.value, s.label))
        .collect()
}

fn kill_on_demo2(id: i64) -> (String, Label) {
    let label = Label::Approval {
        id,
        path: "kill".into(),
        server: alias("demo2"),
        params: vec![],
    };
    (id.to_string(), label)
}

#[tokio::test]
async fn server_suggestions_show_only_the_servers_a_person_may_see() {
    let h = Harness::start().await;
    h.grant("demo2", "viewer", ALICE).await;
    let servers = |list: Vec<(String, String)>| -> Vec<String> {
        list.into_iter().map(|(_, value)| value).collect()
    };
    let owner = h
        .complete(OWNER, "vps", Some("info"), "server", "", None)
        .await;
    assert_eq!(servers(owner), ["demo1", "demo2"]);
    let alice = h
        .complete(ALICE, "vps", Some("info"), "server", "", None)
        .await;
    assert_eq!(servers(alice), ["demo2"]);
    let typed = h
        .complete(OWNER, "vps", Some("info"), "server", "MO2", None)
        .await;
    assert_eq!(servers(typed), ["demo2"]);
    let bob = h
        .complete(BOB, "grant", Some("list"), "server", "", None)
        .await;
    assert!(bob.is_empty(), "{bob:?}");
}

#[tokio::test]
async fn a_person_without_a_grant_on_the_server_gets_nothing_and_kiwivm_is_not_asked() {
    let h = Harness::start().await;
    h.grant("demo2", "viewer", ALICE).await;
    let on_demo1 = h
        .complete(ALICE, "os", Some("reinstall"), "os", "", Some("demo1"))
        .await;
    assert!(on_demo1.is_empty(), "{on_demo1:?}");
    let unknown = h
        .complete(OWNER, "os", Some("reinstall"), "os", "", Some("nosuch"))
        .await;
    assert!(unknown.is_empty());
    let no_server = h
        .complete(OWNER, "os", Some("reinstall"), "os", "", None)
        .await;
    assert!(no_server.is_empty());
    assert_eq!(h.ctl().call_count(DEMO1, "getAvailableOS"), 0);

    let on_demo2 = h
        .complete(ALICE, "os", Some("reinstall"), "os", "", Some("demo2"))
        .await;
    assert_eq!(on_demo2.len(), 3, "a viewer gets them: {on_demo2:?}");
}

#[tokio::test]
async fn approvals_and_alerts_are_offered_only_on_servers_a_person_may_see() {
    let h = Harness::start().await;
    h.grant("demo2", "admin", ALICE).await;
    let store = h.engine.store();
    let now = unix_now();
    let mut ids = Vec::new();
    for (server, requester) in [("demo1", OWNER), ("demo2", OWNER), ("demo2", ALICE)] {
        let a = store
            .create_job(
                NewJob {
                    kind: JobKind::Approve,
                    server: &alias(server),
                    path: "kill",
                    params: &BTreeMap::new(),
                    secret_params: &BTreeMap::new(),
                    preview: "{}",
                    requester: UserId(requester),
                    requester_roles: &[],
                    locale: kiwiops::i18n::Locale::En,
                    quorum: 1,
                    expires_at: now + 3600,
                    origin_channel: None,
                },
                now,
            )
            .await
            .expect("approval stored");
        ids.push(a.id);
    }
    assert_eq!(
        approvals(&h, ALICE, "approve").await,
        [kill_on_demo2(ids[1])]
    );
    assert_eq!(
        approvals(&h, ALICE, "cancel").await,
        [kill_on_demo2(ids[2])]
    );
    assert_eq!(
        approvals(&h, OWNER, "deny").await,
        [kill_on_demo2(ids[2])],
        "not the owner's own requests"
    );
    let overridable = h
        .complete(OWNER, "approval", Some("override"), "id", "", None)
        .await;
    assert_eq!(
        overridable.len(),
        3,
        "an owner may override any: {overridable:?}"
    );
    let not_owner = h
        .complete(ALICE, "approval", Some("override"), "id", "", None)
        .await;
    assert!(not_owner.is_empty(), "offered to an admin: {not_owner:?}");

    for server in ["demo1", "demo2"] {
        let key = format!("{server}/suspended/1");
        let alert = NewAlert {
            dedup_key: &key,
            server: &alias(server),
            kind: "suspended",
            summary: "suspended for abuse",
        };
        store.upsert_alert(alert, now).await.expect("alert stored");
    }
    let ack = Typed::new("alerts", Some("ack"), "id", "", None);
    let alerts = h.suggestions(ALICE, &ack, Locale::En).await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert!(
        matches!(
            &alerts[0].label,
            Label::Alert { server, kind, summary, .. }
                if server.as_str() == "demo2" && kind == "suspended" && summary == "suspended for abuse"
        ),
        "{alerts:?}"
    );
    let all = h
        .complete(OWNER, "alerts", Some("ack"), "id", "", None)
        .await;
    assert_eq!(all.len(), 2);
}

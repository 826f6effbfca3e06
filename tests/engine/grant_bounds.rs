//! Grants that cannot extend themselves, and one VPS under one alias only.

use kiwiops::domain::Level;
use kiwiops::engine::{Outcome, Refusal};

use super::*;

/// The audit rows of `server`, newest first, as (actor, command, outcome, detail).
async fn audit_of(h: &Harness, server: &str) -> Vec<(u64, String, String, String)> {
    let alias = kiwiops::domain::ServerAlias::parse(server).expect("an alias");
    h.engine
        .store()
        .recent_audit(Some(&alias), None, 50)
        .await
        .expect("audit rows")
        .into_iter()
        .map(|r| {
            (
                r.actor.0,
                r.command,
                r.outcome,
                r.detail.unwrap_or_default(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_grant_for_an_hour_cannot_make_itself_permanent() {
    let h = Harness::start().await;
    let given = h
        .ask(
            OWNER,
            &[],
            &format!("/grant add server:demo1 level:admin user:{ALICE} duration:1h"),
        )
        .await;
    assert!(
        matches!(given.outcome, Outcome::GrantGiven { .. }),
        "{given:?}"
    );
    let forever = h
        .ask(
            ALICE,
            &[],
            &format!("/grant add server:demo1 level:admin user:{ALICE}"),
        )
        .await;
    assert!(
        matches!(forever.refusal(), Some(Refusal::OwnGrant)),
        "{forever:?}"
    );
    // Nor through a friend: nothing that outlasts Alice's own hour.
    let friend = h
        .ask(
            ALICE,
            &[],
            &format!("/grant add server:demo1 level:admin user:{BOB}"),
        )
        .await;
    assert!(
        matches!(friend.refusal(), Some(Refusal::GrantTooLong { .. })),
        "{friend:?}"
    );
    let within = h
        .ask(
            ALICE,
            &[],
            &format!("/grant add server:demo1 level:operator user:{BOB} duration:1h"),
        )
        .await;
    assert!(
        matches!(
            within.outcome,
            Outcome::GrantGiven {
                level: Level::Operator,
                ..
            }
        ),
        "{within:?}"
    );
}

#[tokio::test]
async fn a_temporary_admin_cannot_remove_a_permanent_admin() {
    let h = Harness::start().await;
    h.ask(
        OWNER,
        &[],
        &format!("/grant add server:demo1 level:admin user:{BOB}"),
    )
    .await;
    h.ask(
        OWNER,
        &[],
        &format!("/grant add server:demo1 level:admin user:{ALICE} duration:1h"),
    )
    .await;
    let removed = h
        .ask(
            ALICE,
            &[],
            &format!("/grant remove server:demo1 user:{BOB}"),
        )
        .await;
    assert!(
        matches!(removed.refusal(), Some(Refusal::GrantTooLong { .. })),
        "{removed:?}"
    );
    let list = h.ask(OWNER, &[], "/grant list server:demo1").await;
    let Outcome::Grants(servers) = list.outcome else {
        panic!("{list:?}")
    };
    assert!(servers[0]
        .1
        .iter()
        .any(|g| g.subject == kiwiops::store::Subject::User(UserId(BOB))));
}

#[tokio::test]
async fn removing_another_admin_is_audited_with_both_names() {
    let h = Harness::start().await;
    h.ask(
        OWNER,
        &[],
        &format!("/grant add server:demo1 level:admin user:{BOB}"),
    )
    .await;
    h.ask(
        OWNER,
        &[],
        &format!("/grant add server:demo1 level:admin user:{ALICE}"),
    )
    .await;
    let removed = h
        .ask(
            ALICE,
            &[],
            &format!("/grant remove server:demo1 user:{BOB}"),
        )
        .await;
    assert!(
        matches!(removed.outcome, Outcome::GrantRemoved { .. }),
        "{removed:?}"
    );
    let rows = audit_of(&h, "demo1").await;
    let (actor, command, outcome, detail) = &rows[0];
    assert_eq!(
        (*actor, command.as_str(), outcome.as_str()),
        (ALICE, "/grant remove", "ok")
    );
    assert!(
        detail.contains(&BOB.to_string()) && detail.contains("admin"),
        "{detail}"
    );
}

#[tokio::test]
async fn nobody_changes_the_grant_of_a_role_they_hold() {
    let h = Harness::start().await;
    h.ask(
        OWNER,
        &[],
        &format!("/grant add server:demo1 level:admin role:{ROLE} duration:1h"),
    )
    .await;
    let own_role = h
        .ask(
            BOB,
            &[ROLE],
            &format!("/grant add server:demo1 level:admin role:{ROLE}"),
        )
        .await;
    assert!(
        matches!(own_role.refusal(), Some(Refusal::OwnGrant)),
        "{own_role:?}"
    );
}

#[tokio::test]
async fn one_vps_cannot_be_added_under_a_second_alias() {
    let h = Harness::start().await;
    let key = DEMO_VPSES[0].api_key;
    let before = h.ctl().call_count(DEMO1, "getServiceInfo");
    let again = h
        .ask(
            OWNER,
            &[],
            &format!("/server add alias:other veid:{DEMO1} api_key:{key}"),
        )
        .await;
    match again.refusal() {
        Some(Refusal::VeidTaken { alias, .. }) => assert_eq!(alias.as_str(), "demo1"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        h.ctl().call_count(DEMO1, "getServiceInfo"),
        before,
        "refused before KiwiVM is asked"
    );
}

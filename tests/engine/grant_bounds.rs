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

/// The `kiwiops_commands_total` samples of `command`, as (outcome, count).
fn command_counts(h: &Harness, command: &str) -> Vec<(String, f64)> {
    h.engine
        .metrics()
        .render()
        .lines()
        .filter(|l| {
            l.starts_with("kiwiops_commands_total{")
                && l.contains(&format!("command=\"{command}\""))
        })
        .filter_map(|l| {
            let outcome = l.split("outcome=\"").nth(1)?.split('"').next()?.to_string();
            let count = l.rsplit(' ').next()?.parse().ok()?;
            Some((outcome, count))
        })
        .collect()
}

#[tokio::test]
async fn a_refused_or_held_command_is_not_counted_as_ok() {
    let h = Harness::start().await;
    h.ask(
        OWNER,
        &[],
        &format!("/grant add server:demo1 level:viewer user:{ALICE}"),
    )
    .await;
    let denied = h.ask(ALICE, &[], "/vps stop server:demo1").await;
    assert!(denied.refusal().is_some());
    let asked = h.ask(OWNER, &[], "/vps stop server:demo1").await;
    assert!(matches!(asked.outcome, Outcome::ConfirmAsked { .. }));
    let counts = command_counts(&h, "/vps stop");
    assert!(!counts.is_empty(), "no samples for /vps stop");
    assert!(
        counts.iter().all(|(outcome, _)| outcome != "ok"),
        "a command that did not run counted as ok: {counts:?}"
    );
    assert!(
        counts.iter().any(|(o, n)| o == "denied" && *n >= 1.0),
        "{counts:?}"
    );
}

#[tokio::test]
async fn removing_a_server_waits_for_its_owner_to_press_remove() {
    let h = Harness::start().await;
    let asked = h.ask(OWNER, &[], "/server remove server:demo2").await;
    let Outcome::ServerRemoveAsked {
        ref alias,
        added_at,
        ..
    } = asked.outcome
    else {
        panic!("{asked:?}")
    };
    assert_eq!(alias.as_str(), "demo2");
    assert!(
        h.engine
            .store()
            .server(alias)
            .await
            .expect("lookup")
            .is_some(),
        "removed at once"
    );
    let remove = kiwiops::domain::CustomId::RemoveServer {
        alias: alias.clone(),
        added_at,
    };
    let not_owner = h
        .engine
        .click(&actor(ALICE, &[]), &remove.to_string())
        .await;
    assert!(
        matches!(not_owner.refusal(), Some(Refusal::Denied { .. })),
        "{not_owner:?}"
    );
    let pressed = h
        .engine
        .click(&actor(OWNER, &[]), &remove.to_string())
        .await;
    assert!(
        matches!(pressed.outcome, Outcome::ServerRemoved { .. }),
        "{pressed:?}"
    );
    assert!(h
        .engine
        .store()
        .server(alias)
        .await
        .expect("lookup")
        .is_none());
    let again = h
        .engine
        .click(&actor(OWNER, &[]), &remove.to_string())
        .await;
    assert!(
        matches!(again.refusal(), Some(Refusal::RequestGone)),
        "{again:?}"
    );
}

#[tokio::test]
async fn an_old_remove_button_does_not_remove_a_server_added_again_under_that_alias() {
    let h = Harness::start().await;
    let asked = h.ask(OWNER, &[], "/server remove server:demo2").await;
    let Outcome::ServerRemoveAsked {
        alias, added_at, ..
    } = asked.outcome
    else {
        panic!()
    };
    let remove = kiwiops::domain::CustomId::RemoveServer {
        alias: alias.clone(),
        added_at,
    };
    h.engine
        .click(&actor(OWNER, &[]), &remove.to_string())
        .await;
    h.advance(5);
    let key = DEMO_VPSES[1].api_key;
    let added = h
        .ask(
            OWNER,
            &[],
            &format!("/server add alias:demo2 veid:{DEMO2} api_key:{key}"),
        )
        .await;
    assert!(
        matches!(added.outcome, Outcome::ServerAdded { .. }),
        "{added:?}"
    );
    let stale = h
        .engine
        .click(&actor(OWNER, &[]), &remove.to_string())
        .await;
    assert!(
        matches!(stale.refusal(), Some(Refusal::RequestGone)),
        "{stale:?}"
    );
    assert!(h
        .engine
        .store()
        .server(&alias)
        .await
        .expect("lookup")
        .is_some());
}

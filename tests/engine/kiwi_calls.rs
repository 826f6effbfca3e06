//! What a command costs at KiwiVM, counted at the simulator over every path of both demo VPSes:
//! a refused command and the bot's own commands call it not at all, a read calls it exactly once
//! each time (servers, grants and keys come from the store's view in memory, not from KiwiVM),
//! also right after a grant changed that view.

use kiwiops::catalog::InvalidInvocation;
use kiwiops::engine::Refusal;

use super::*;

fn total(h: &Harness) -> usize {
    h.ctl().total_calls(DEMO1) + h.ctl().total_calls(DEMO2)
}

#[tokio::test]
async fn refused_and_local_commands_never_reach_kiwivm() {
    let mut h = Harness::start().await;
    let before = total(&h);

    let unknown = h.ask(OWNER, &[], "/vps info server:nosuch").await;
    assert!(
        matches!(unknown.refusal(), Some(Refusal::UnknownServer(_))),
        "{unknown:?}"
    );
    let stranger = h.ask(ALICE, &[], "/vps info server:demo1").await;
    assert!(
        matches!(stranger.refusal(), Some(Refusal::Denied { .. })),
        "{stranger:?}"
    );
    let invalid = h
        .ask(OWNER, &[], "/vps hostname server:demo1 name:\"a\u{0007}b\"")
        .await;
    assert!(
        matches!(
            invalid.refusal(),
            Some(Refusal::Invalid(InvalidInvocation::UnsafeText { .. }))
        ),
        "{invalid:?}"
    );
    for line in ["/server list", "/help"] {
        let said = h.say(line).await;
        assert!(
            !said.went_wrong() && said.kiwi().is_none(),
            "{line}: {said:?}"
        );
    }
    assert_eq!(
        total(&h),
        before,
        "a refused or local command reached KiwiVM"
    );
}

#[tokio::test]
async fn each_read_calls_kiwivm_exactly_once_also_after_a_grant_changes() {
    let mut h = Harness::start().await;
    let before = total(&h);
    for _ in 0..5 {
        let said = h.say("/vps info server:demo1").await;
        assert!(
            said.kiwi().is_some_and(|k| k.path == "getServiceInfo"),
            "{said:?}"
        );
    }
    assert_eq!(total(&h), before + 5);

    h.grant("demo1", "viewer", &format!("user:{ALICE}")).await;
    let before = total(&h);
    let said = h.say_as(ALICE, &[], "/vps live server:demo1").await;
    assert!(
        said.kiwi().is_some_and(|k| k.path == "getLiveServiceInfo"),
        "{said:?}"
    );
    assert_eq!(total(&h), before + 1, "the grant added, then one call");
}

//! Who may run which KiwiVM subcommand (design.md §4), table-driven: every subcommand of the catalog,
//! for every standing (none, viewer, operator, admin, owner), held through a user grant or a role grant.

use kiwiops::domain::{Authority, Level, Risk};
use kiwiops::engine::Outcome;

use super::samples::{kiwi_subcommands, needed_level, risk, Fixture};
use super::{Harness, Said, ALICE, BOB, OWNER, ROLE};

/// A role nobody in these tests holds: its grant must reach no one.
const OTHER_ROLE: u64 = 300_000_000_000_000_099;

/// What the speaker is on the demo servers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Standing {
    None,
    Level(Level),
    Owner,
}

/// How a level reaches the speaker: a grant to them, or to a role they hold.
#[derive(Debug, Clone, Copy)]
pub enum Via {
    User,
    Role,
}

impl Standing {
    pub fn allows(self, needed: Level) -> bool {
        match self {
            Standing::None => false,
            Standing::Level(have) => have >= needed,
            Standing::Owner => true,
        }
    }

    /// What a denial must say the person has.
    fn have(self) -> Option<Authority> {
        match self {
            Standing::None => None,
            Standing::Level(l) => Some(Authority::Level(l)),
            Standing::Owner => Some(Authority::Owner),
        }
    }
}

/// Every standing, each held both ways where that differs.
pub const EVERY_STANDING: [Standing; 5] = [
    Standing::None,
    Standing::Level(Level::Viewer),
    Standing::Level(Level::Operator),
    Standing::Level(Level::Admin),
    Standing::Owner,
];

/// Sets up who speaks: the grant (to ALICE, or to ROLE held by BOB) on both demo servers, plus grants
/// to others that must not reach the speaker. Returns the speaker's id.
pub async fn arrange(h: &mut Harness, standing: Standing, via: Via) -> u64 {
    for server in ["demo1", "demo2"] {
        h.grant(server, "admin", &format!("role:{OTHER_ROLE}"))
            .await;
        h.grant(server, "admin", "user:999").await;
    }
    let (speaker, roles): (u64, Vec<u64>) = match (standing, via) {
        (Standing::Owner, Via::User) => (OWNER, vec![]),
        (Standing::Owner, Via::Role) => (OWNER, vec![ROLE]),
        (_, Via::User) => (ALICE, vec![]),
        (_, Via::Role) => (BOB, vec![ROLE]),
    };
    if let Standing::Level(level) = standing {
        let subject = match via {
            Via::User => format!("user:{ALICE}"),
            Via::Role => format!("role:{ROLE}"),
        };
        for server in ["demo1", "demo2"] {
            h.grant(server, level.as_str(), &subject).await;
        }
    }
    h.speak_as(speaker, &roles).await;
    speaker
}

/// What is wrong with `said` as the answer to `invocation` for this standing, if anything.
fn judge(
    invocation: &str,
    path: &str,
    standing: Standing,
    said: &Said,
    calls: Calls,
) -> Option<String> {
    let needed = needed_level(path);
    let wrong = |what: &str| {
        Some(format!(
            "{invocation} ({path}) as {standing:?}: {what}: {said:?}"
        ))
    };
    if !standing.allows(needed) {
        let Some((named, have, _)) = said.denial() else {
            return wrong(&format!("expected a denial naming {needed}"));
        };
        if named != Authority::Level(needed) {
            return wrong(&format!("the denial names {named}, not {needed}"));
        }
        if !said.private() || !said.ephemeral() {
            return wrong("a denial everyone sees");
        }
        if have != standing.have() {
            return wrong(&format!(
                "the denial says the person has {have:?}, not {:?}",
                standing.have()
            ));
        }
        if calls.total != 0 {
            return wrong("a denied request reached KiwiVM");
        }
        return None;
    }
    if said.is_denial() || said.is_internal_failure() {
        return wrong("an allowed request was refused");
    }
    match risk(path) {
        Risk::Read | Risk::Change if calls.total != 1 => {
            wrong("an allowed request did not call KiwiVM once")
        }
        Risk::Disruptive if !said.is_confirmation() => wrong("no confirmation"),
        Risk::Destructive if !said.is_approval_request() => wrong("not held for approval"),
        Risk::Disruptive | Risk::Destructive if calls.of_path != 0 => wrong("ran before its gate"),
        _ => None,
    }
}

/// KiwiVM calls with a VEID's key: over every path (what a command cost), and of one path (whether
/// a gated call ran; an approval card's preview may read other paths first).
#[derive(Clone, Copy)]
struct Calls {
    total: usize,
    of_path: usize,
}

impl Calls {
    fn now(h: &Harness, veid: u64, path: &str) -> Calls {
        Calls {
            total: h.ctl().total_calls(veid),
            of_path: h.ctl().call_count(veid, path),
        }
    }

    fn since(self, before: Calls) -> Calls {
        Calls {
            total: self.total - before.total,
            of_path: self.of_path - before.of_path,
        }
    }
}

/// Runs every KiwiVM subcommand for both ways of holding `standing`, each on a fresh harness.
async fn check_standing(standing: Standing) {
    let mut failures = Vec::new();
    for via in [Via::User, Via::Role] {
        let mut h = Harness::start().await;
        let fixture = Fixture::gather(&h).await;
        let speaker = arrange(&mut h, standing, via).await;
        let mut denials = 0;
        for (invocation, path) in kiwi_subcommands() {
            let veid = Fixture::veid_for(&invocation);
            h.wait_unlocked(veid).await;
            let before = Calls::now(&h, veid, path);
            let said = h.say(&fixture.line(&invocation)).await;
            let calls = Calls::now(&h, veid, path).since(before);
            if !standing.allows(needed_level(path)) {
                denials += 1;
            }
            failures.extend(
                judge(&invocation, path, standing, &said, calls).map(|f| format!("{via:?}: {f}")),
            );
        }
        let audited = h
            .engine
            .store()
            .recent_audit(None, Some(kiwiops::domain::UserId(speaker)), 1000)
            .await
            .expect("audit rows")
            .iter()
            .filter(|r| r.outcome.starts_with("denied"))
            .count();
        if audited != denials {
            failures.push(format!(
                "{via:?}: {denials} denials but {audited} audited as denied"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn someone_without_a_grant_is_denied_every_kiwi_subcommand() {
    check_standing(Standing::None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_viewer_may_read_and_nothing_more() {
    check_standing(Standing::Level(Level::Viewer)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operator_may_read_change_and_disrupt_but_not_destroy() {
    check_standing(Standing::Level(Level::Operator)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_may_ask_for_everything() {
    check_standing(Standing::Level(Level::Admin)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_may_ask_for_everything_without_a_grant() {
    check_standing(Standing::Owner).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_grant_on_one_server_does_not_reach_another() {
    let mut h = Harness::start().await;
    h.grant("demo2", "admin", &format!("user:{ALICE}")).await;
    h.speak_as(ALICE, &[]).await;
    let said = h.say("/vps info server:demo1").await;
    assert!(
        said.is_denial_of(Authority::Level(Level::Viewer), Some("demo1")),
        "{said:?}"
    );
    let said = h.say("/vps info server:demo2").await;
    assert!(said.kiwi().is_some(), "{said:?}");
    let said = h.say("/server list").await;
    let Outcome::Servers { rows, .. } = said.outcome() else {
        panic!("not a server list: {said:?}");
    };
    let listed: Vec<&str> = rows.iter().map(|r| r.alias.as_str()).collect();
    assert_eq!(listed, ["demo2"], "an unseen server is listed: {said:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_highest_of_a_users_own_grant_and_their_roles_grants_counts() {
    let mut h = Harness::start().await;
    h.grant("demo1", "viewer", &format!("user:{BOB}")).await;
    h.grant("demo1", "operator", &format!("role:{ROLE}")).await;
    h.speak_as(BOB, &[]).await;
    let said = h.say("/vps hostname server:demo1 name:a.example.com").await;
    assert!(
        said.is_denial_of(Authority::Level(Level::Operator), Some("demo1")),
        "{said:?}"
    );
    h.speak_as(BOB, &[ROLE]).await;
    let said = h.say("/vps hostname server:demo1 name:a.example.com").await;
    assert!(said.kiwi().is_some(), "{said:?}");
    assert_eq!(
        h.ctl().hostname(super::DEMO1).as_deref(),
        Some("a.example.com")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_time_limited_grant_stops_counting_when_it_expires() {
    let mut h = Harness::start().await;
    let said = h
        .say(&format!(
            "/grant add server:demo1 level:viewer user:{ALICE} duration:1h"
        ))
        .await;
    let now = h.engine.now();
    let Outcome::GrantGiven { until, .. } = said.outcome() else {
        panic!("no grant: {said:?}");
    };
    let until = until.unwrap_or_else(|| panic!("a grant without an end: {said:?}"));
    // An hour from when it was given (the clock may have ticked since).
    assert!(
        (now + 3595..=now + 3600).contains(&until),
        "{until} vs {now}"
    );
    h.speak_as(ALICE, &[]).await;
    assert!(h.say("/vps info server:demo1").await.kiwi().is_some());
    h.advance(3600);
    let said = h.say("/vps info server:demo1").await;
    assert!(
        said.is_denial_of(Authority::Level(Level::Viewer), Some("demo1")),
        "{said:?}"
    );
}

//! Who may manage the bot's own data: servers are the owners' (add, remove, rekey, import), a server's
//! grants its admins' (or an owner's), and the audit trail is for those who administer some server.

use kiwiops::domain::{Authority, Level, UserId};
use kiwiops::engine::Outcome;
use kiwiops::i18n::Locale;
use kiwiops::simulator::{SimVps, VmType, DEMO_VPSES};
use kiwiops::store::Subject;
use kiwiops::tr;

use super::authz::{arrange, Standing, Via, EVERY_STANDING};
use super::{Harness, Said};

const EXTRA_VEID: u64 = 4243;
const EXTRA_KEY: &str = "private_extrakiwiops0000000004243";
const IMPORT_VEID: u64 = 4244;
const IMPORT_KEY: &str = "private_importkiwiops000000004244";
const NEWCOMER: u64 = 777;

async fn aliases(h: &Harness) -> Vec<String> {
    let mut out: Vec<String> = h
        .engine
        .store()
        .servers()
        .await
        .expect("servers")
        .into_iter()
        .map(|s| s.alias.to_string())
        .collect();
    out.sort();
    out
}

async fn newcomer_grants(h: &Harness) -> usize {
    h.engine
        .store()
        .grants(None, super::unix_now())
        .await
        .expect("grants")
        .iter()
        .filter(|g| g.subject == kiwiops::store::Subject::User(kiwiops::domain::UserId(NEWCOMER)))
        .count()
}

/// The refusal `standing` must get when it lacks `needed`, or `None` when it is allowed.
fn expect(standing: Standing, needed: Option<Level>, said: &Said, what: &str) -> Option<String> {
    let allowed = match needed {
        None => standing == Standing::Owner,
        Some(level) => standing.allows(level),
    };
    let needed = needed.map_or(Authority::Owner, Authority::Level);
    match (allowed, said.denial()) {
        (true, _) if said.went_wrong() => {
            Some(format!("{what} as {standing:?}: refused: {said:?}"))
        }
        (false, None) => Some(format!("{what} as {standing:?}: not refused: {said:?}")),
        (false, Some((named, _, _))) if named != needed || !said.private() || !said.ephemeral() => {
            Some(format!(
                "{what} as {standing:?}: the refusal does not name {needed} privately: {said:?}"
            ))
        }
        _ => None,
    }
}

async fn check_management(standing: Standing, via: Via) -> Vec<String> {
    let mut h = Harness::start().await;
    h.ctl()
        .add_vps(SimVps::new(EXTRA_VEID, EXTRA_KEY, VmType::Kvm));
    h.ctl().add_vps(
        SimVps::new(IMPORT_VEID, IMPORT_KEY, VmType::Kvm).with_hostname("imported.example.com"),
    );
    let csv = h.dir.path().join("export.csv");
    std::fs::write(
        &csv,
        format!("VEID,VM_TYPE,HOSTNAME,PRIMARY_IP,IS_TERMINATED,IS_2FA_ENABLED,API_KEY\n{IMPORT_VEID},kvm,imported.example.com,192.0.2.9,0,0,{IMPORT_KEY}\n"),
    )
    .expect("csv written");
    arrange(&mut h, standing, via).await;
    let owner = standing == Standing::Owner;
    let mut problems = Vec::new();
    let check = |problems: &mut Vec<String>, said: &Said, needed: Option<Level>, what: &str| {
        problems.extend(expect(standing, needed, said, &format!("{via:?} {what}")));
    };

    let said = h
        .say(&format!(
            "/server add alias:extra veid:{EXTRA_VEID} api_key:{EXTRA_KEY}"
        ))
        .await;
    check(&mut problems, &said, None, "/server add");
    let said = h
        .say(&format!(
            "/server rekey server:demo1 api_key:{}",
            DEMO_VPSES[0].api_key
        ))
        .await;
    check(&mut problems, &said, None, "/server rekey");
    let said = h
        .say(&format!("/server import file:{}", csv.display()))
        .await;
    check(&mut problems, &said, None, "/server import");
    let expected: &[&str] = if owner {
        &["demo1", "demo2", "extra", "imported"]
    } else {
        &["demo1", "demo2"]
    };
    if aliases(&h).await != expected {
        problems.push(format!(
            "{via:?} as {standing:?}: servers are {:?}, not {expected:?}",
            aliases(&h).await
        ));
    }
    let target = if owner { "extra" } else { "demo2" };
    let mut said = h.say(&format!("/server remove server:{target}")).await;
    check(&mut problems, &said, None, "/server remove");
    // An owner is asked to press Remove; pressing it removes.
    if let Some(remove) = said
        .buttons()
        .into_iter()
        .find(|b| b.starts_with("remove:"))
    {
        said = h.say(&format!("click {remove}")).await;
        check(&mut problems, &said, None, "/server remove (pressed)");
    }
    let remaining = aliases(&h).await;
    if remaining.contains(&target.to_string()) == owner {
        problems.push(format!(
            "{via:?} as {standing:?}: after /server remove the servers are {remaining:?}"
        ));
    }

    let said = h
        .say(&format!(
            "/grant add server:demo1 level:viewer user:{NEWCOMER}"
        ))
        .await;
    check(&mut problems, &said, Some(Level::Admin), "/grant add");
    let admin = standing.allows(Level::Admin);
    if newcomer_grants(&h).await != usize::from(admin) {
        problems.push(format!(
            "{via:?} as {standing:?}: /grant add left {} grants",
            newcomer_grants(&h).await
        ));
    }
    let said = h.say("/grant list server:demo1").await;
    check(&mut problems, &said, Some(Level::Admin), "/grant list");
    let listed = match said.answer.as_ref().map(|a| &a.outcome) {
        Some(Outcome::Grants(servers)) => servers.iter().any(|(_, grants)| {
            grants
                .iter()
                .any(|g| g.subject == Subject::User(UserId(NEWCOMER)))
        }),
        _ => false,
    };
    if admin && !listed {
        problems.push(format!(
            "{via:?} as {standing:?}: /grant list misses the new grant: {said:?}"
        ));
    }
    let said = h
        .say(&format!("/grant remove server:demo1 user:{NEWCOMER}"))
        .await;
    check(&mut problems, &said, Some(Level::Admin), "/grant remove");
    if newcomer_grants(&h).await != 0 {
        problems.push(format!(
            "{via:?} as {standing:?}: /grant remove left the grant"
        ));
    }

    let said = h.say("/audit recent").await;
    check(&mut problems, &said, Some(Level::Admin), "/audit recent");
    let said = h.say("/server list").await;
    let sees = match said.outcome() {
        Outcome::Servers { rows, .. } => rows.iter().any(|r| r.alias.as_str() == "demo1"),
        _ => false,
    };
    if sees != (standing != Standing::None) {
        problems.push(format!("{via:?} as {standing:?}: /server list: {said:?}"));
    }
    problems
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servers_are_managed_by_owners_and_grants_by_admins_of_the_server() {
    let mut problems = Vec::new();
    for standing in EVERY_STANDING {
        for via in [Via::User, Via::Role] {
            problems.extend(check_management(standing, via).await);
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_of_one_server_neither_sees_nor_manages_another_servers_grants_or_audit() {
    let mut h = Harness::start().await;
    h.grant("demo2", "viewer", "user:555").await;
    let said = h.say("/vps info server:demo2").await;
    assert!(said.kiwi().is_some(), "{said:?}");
    h.grant("demo1", "admin", &format!("user:{}", super::ALICE))
        .await;
    h.speak_as(super::ALICE, &[]).await;
    let admin = Authority::Level(Level::Admin);
    let said = h.say("/grant add server:demo2 level:viewer user:556").await;
    assert!(said.is_denial_of(admin, Some("demo2")), "{said:?}");
    let said = h.say("/grant list").await;
    let Outcome::Grants(servers) = said.outcome() else {
        panic!("no grant list: {said:?}");
    };
    let listed: Vec<&str> = servers.iter().map(|(alias, _)| alias.as_str()).collect();
    assert_eq!(listed, ["demo1"], "{said:?}");
    let said = h.say("/audit recent server:demo2").await;
    assert!(said.is_denial_of(admin, Some("demo2")), "{said:?}");
    let said = h.say("/audit recent").await;
    let Outcome::Audit(rows) = said.outcome() else {
        panic!("no audit: {said:?}");
    };
    assert!(!rows.is_empty(), "{said:?}");
    assert!(
        rows.iter()
            .all(|r| r.server.as_ref().is_none_or(|s| s.as_str() != "demo2")),
        "demo2's audit leaks to demo1's admin: {said:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_only_refusal_does_not_tell_an_admin_they_have_no_grant() {
    let mut h = Harness::start().await;
    h.grant("demo1", "admin", &format!("user:{}", super::ALICE))
        .await;
    h.speak_as(super::ALICE, &[]).await;
    let said = h.say("/server remove server:demo1").await;
    assert!(said.is_denial_of(Authority::Owner, None), "{said:?}");
    // The owner-only words, which say nothing of the admin's grants.
    assert_eq!(
        said.content(),
        tr!(Locale::En, "err-denied-owner", command = "/server remove")
    );
}

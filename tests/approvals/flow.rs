//! A request's life through the console: the card and what it says will happen, deny, cancel,
//! expiry by the sweeper, an owner's break-glass, `/approval list`, and a console started again on
//! the same database.

use kiwiops::domain::{Authority, JobStatus, UserId};
use kiwiops::engine::{JobView, Outcome, Preview, Refusal};
use kiwiops::i18n::Locale;
use kiwiops::kiwivm::models::KiwiReply;
use kiwiops::render::approval;

use super::{Setup, ADMINS, ALERTS, ALICE, APPROVALS, BOB, CAROL, DEMO1, H, OWNER};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_card_goes_to_the_approvals_channel_with_what_will_happen_and_the_buttons() {
    let mut h = H::start().await;
    let (id, out) = h
        .alice_asks("/os reinstall server:demo1 os:ubuntu-24.04-x86_64")
        .await;
    let (view, _) = out.asked();
    assert_eq!(
        view.preview,
        Preview::Reinstall {
            from: Some("debian-12-x86_64".into()),
            to: "ubuntu-24.04-x86_64".into()
        }
    );
    assert_eq!(view.requester, UserId(ALICE));
    assert_eq!(view.hash_prefix, h.job(id).await.hash[..12]);
    // The requester's answer points to the card's channel.
    assert!(
        out.answer().content().contains(&format!("<#{APPROVALS}>")),
        "{out:?}"
    );
    let card = out.post_in(APPROVALS).expect("a card");
    assert!(card.shows(&h.card(view, &[ADMINS])), "{card:?}");
    assert_eq!(
        card.buttons(),
        [
            format!("approve:{id}"),
            format!("deny:{id}"),
            format!("withdraw:{id}")
        ]
    );
    assert_eq!(h.ctl().call_count(DEMO1, "reinstallOS"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_destructive_path_says_what_it_will_do_in_words_a_reviewer_can_judge() {
    let mut h = H::start().await;
    h.as_(OWNER, "/snapshot create server:demo1 description:before")
        .await;
    h.wait_unlocked(DEMO1).await;
    let listed = h.as_(OWNER, "/snapshot list server:demo1").await;
    let name = match listed.outcome() {
        Outcome::Kiwi(done) => match &done.reply {
            KiwiReply::SnapshotList(list) => list
                .snapshots
                .iter()
                .flatten()
                .find_map(|s| s.file_name.clone()),
            _ => None,
        },
        _ => None,
    }
    .unwrap_or_else(|| panic!("no snapshot: {listed:?}"));
    type Check = Box<dyn Fn(&Preview) -> bool>;
    let named = name.clone();
    let restored: Check = Box::new(
        move |p| matches!(p, Preview::Restore { snapshot } if snapshot.name == named && snapshot.found && snapshot.made_at.is_some()),
    );
    let named = name.clone();
    let deleted: Check = Box::new(
        move |p| matches!(p, Preview::SnapshotDelete { snapshot } if snapshot.name == named && snapshot.found),
    );
    let cases: [(String, Check); 5] = [
        (
            format!("/snapshot restore server:demo1 snapshot:{name}"),
            restored,
        ),
        (
            format!("/snapshot delete server:demo1 snapshot:{name}"),
            deleted,
        ),
        (
            "/migrate start server:demo1 location:USCA_FMT".to_string(),
            Box::new(|p| matches!(p, Preview::Migrate { to, .. } if to == "USCA_FMT")),
        ),
        (
            "/vps kill server:demo1".to_string(),
            Box::new(|p| matches!(p, Preview::Kill)),
        ),
        (
            "/shell exec server:demo1 command:\"rm -rf /tmp/cache\"".to_string(),
            Box::new(|p| matches!(p, Preview::Shell { command } if command == "rm -rf /tmp/cache")),
        ),
    ];
    for (line, check) in cases {
        let (_, out) = h.alice_asks(&line).await;
        let (view, _) = out.asked();
        assert!(check(&view.preview), "{line}: {:?}", view.preview);
        // The card says it in words: it is the rendering of that view.
        let card = out.post_in(APPROVALS).expect("a card");
        assert!(card.shows(&h.card(view, &[ADMINS])), "{line}: {card:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_denial_with_a_reason_ends_the_request_and_the_requester_hears_why() {
    let mut h = H::start().await;
    let (id, asked) = h.alice_asks("/vps kill server:demo1").await;
    let card_ref = asked.post_in(APPROVALS).expect("card").reference();
    let out = h
        .as_(
            BOB,
            &format!("/approval deny id:{id} reason:\"not during the sale\""),
        )
        .await;
    let view = out.decided();
    assert_eq!(view.status, JobStatus::Denied);
    assert_eq!(view.reason.as_deref(), Some("not during the sale"));
    assert_eq!(view.closed_by, Some(UserId(BOB)));
    let card = out.edits_of(&card_ref);
    assert!(card[0].shows(&h.card(view, &[])), "{out:?}");
    assert!(card[0].buttons().is_empty());
    let dm = out.dm_to(ALICE).expect("a DM to the requester");
    assert!(dm.shows(&approval::denied(view, Locale::En)), "{dm:?}");
    let late = h.as_(CAROL, &format!("click approve:{id}")).await;
    assert!(late.is_closed_as(JobStatus::Denied), "{late:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 0);
    assert_eq!(h.status(id).await, JobStatus::Denied);
    assert_eq!(h.story(id).await, ["awaiting approval", "denied"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_requester_cancels_and_nobody_can_approve_it_afterwards() {
    let mut h = H::start().await;
    let (id, _) = h.alice_asks("/vps kill server:demo1").await;
    let other = h.as_(BOB, &format!("click withdraw:{id}")).await;
    assert!(
        matches!(other.refusal(), Some(Refusal::NotYours { requester }) if *requester == UserId(ALICE)),
        "{other:?}"
    );
    let out = h.as_(ALICE, &format!("click withdraw:{id}")).await;
    assert_eq!(out.decided().status, JobStatus::Cancelled, "{out:?}");
    let late = h.as_(BOB, &format!("click approve:{id}")).await;
    assert!(late.is_closed_as(JobStatus::Cancelled), "{late:?}");
    let owner = h
        .as_(OWNER, &format!("/approval override id:{id} reason:urgent"))
        .await;
    assert!(owner.is_closed_as(JobStatus::Cancelled), "{owner:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 0);
    assert_eq!(h.status(id).await, JobStatus::Cancelled);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_nobody_approves_expires_and_its_card_says_so() {
    let mut h = H::start_with(Setup {
        expire_after: 90,
        ..Setup::default()
    })
    .await;
    let (id, asked) = h.alice_asks("/vps kill server:demo1").await;
    let card_ref = asked.post_in(APPROVALS).expect("card").reference();
    h.advance(89);
    assert!(h.engine.sweep_once().await.expired.is_empty());
    h.advance(1);
    assert_eq!(h.engine.sweep_once().await.expired, [id]);
    let edit = h
        .console
        .next_message(std::time::Duration::from_secs(2))
        .await
        .map(|l| super::Msg::parse(&l))
        .expect("the card is edited");
    assert_eq!(edit.target()["edit"], card_ref.as_str());
    let job = h.job(id).await;
    assert!((job.status, job.approvers.len()) == (JobStatus::Expired, 0));
    assert!(edit.shows(&h.card_now(id).await), "{edit:?}");
    let late = h.as_(BOB, &format!("click approve:{id}")).await;
    assert!(late.is_closed_as(JobStatus::Expired), "{late:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 0);
    assert_eq!(h.story(id).await, ["awaiting approval", "expired"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_vote_after_the_expiry_but_before_the_sweep_is_refused() {
    let mut h = H::start_with(Setup {
        expire_after: 60,
        ..Setup::default()
    })
    .await;
    let (id, _) = h.alice_asks("/vps kill server:demo1").await;
    h.advance(60);
    let late = h.as_(BOB, &format!("click approve:{id}")).await;
    assert!(late.is_closed_as(JobStatus::Expired), "{late:?}");
    assert_eq!(h.status(id).await, JobStatus::Expired);
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_an_owner_breaks_the_glass_and_the_alerts_channel_hears_it() {
    let mut h = H::start().await;
    let (id, asked) = h.alice_asks("/vps kill server:demo1").await;
    let card_ref = asked.post_in(APPROVALS).expect("card").reference();
    let admin = h
        .as_(
            BOB,
            &format!("/approval override id:{id} reason:\"it is hung\""),
        )
        .await;
    assert!(
        matches!(
            admin.refusal(),
            Some(Refusal::Denied {
                needed: Authority::Owner,
                ..
            })
        ),
        "{admin:?}"
    );
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 0);

    let out = h
        .as_(
            OWNER,
            &format!("/approval override id:{id} reason:\"the VPS is hung and serving errors\""),
        )
        .await;
    assert!(out.ran(), "{out:?}");
    let view = out.decided();
    assert!(
        view.overridden && view.closed_by == Some(UserId(OWNER)),
        "{view:?}"
    );
    assert_eq!(
        view.reason.as_deref(),
        Some("the VPS is hung and serving errors")
    );
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 1);
    let notice = out.post_in(ALERTS).expect("a notice in the alerts channel");
    let stored = JobView::of(&h.job(id).await);
    let expected = approval::overridden(&stored, Locale::En, h.engine.now());
    assert!(notice.shows(&expected), "{notice:?}");
    let card = out.edits_of(&card_ref);
    let card = card.last().expect("the card is edited");
    assert!(card.shows(&h.card(&stored, &[])), "{card:?}");
    assert_eq!(
        h.story(id).await,
        ["awaiting approval", "override", "running", "ok"]
    );
    let rows = h
        .engine
        .store()
        .recent_audit(None, None, 100)
        .await
        .expect("audit");
    assert!(rows
        .iter()
        .any(|r| r.outcome == "denied: needs owner" && r.command == "/approval override"));
    assert!(rows.iter().any(|r| r.outcome == "override"
        && r.detail
            .as_deref()
            .is_some_and(|d| d.contains("serving errors"))));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn approval_list_shows_what_waits_and_a_restarted_console_sees_and_decides_it() {
    let mut h = H::start().await;
    let (id, _) = h.alice_asks("/vps kill server:demo1").await;
    let waiting = |out: &super::Printed| match out.outcome() {
        Outcome::Approvals(views) => views.iter().map(|v| v.id).collect::<Vec<_>>(),
        _ => panic!("no list: {out:?}"),
    };
    let list = h.as_(BOB, "/approval list").await;
    assert_eq!(waiting(&list), [id], "{list:?}");
    let outsider = h.as_(999, "/approval list").await;
    assert!(waiting(&outsider).is_empty(), "{outsider:?}");

    h.restart(|_| {}).await;
    let list = h.as_(BOB, "/approval list").await;
    assert_eq!(waiting(&list), [id], "after a restart: {list:?}");
    let out = h.as_(BOB, &format!("click approve:{id}")).await;
    assert!(out.ran(), "{out:?}");
    assert!(
        out.messages.iter().any(|m| m.target()["edit"].is_string()),
        "the card was not edited after the restart: {out:?}"
    );
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 1);
    let empty = h.as_(BOB, "/approval list").await;
    assert!(waiting(&empty).is_empty(), "{empty:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_an_approvals_channel_the_card_goes_where_it_was_asked() {
    let mut h = H::start_with(Setup {
        approvals_channel: None,
        ..Setup::default()
    })
    .await;
    let out = h.as_(ALICE, "/vps kill server:demo1").await;
    let card = out
        .post_in(kiwiops::console::CONSOLE_CHANNEL)
        .expect("a card where it was asked");
    assert!(
        card.buttons().iter().any(|b| b.starts_with("approve:")),
        "{card:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_card_speaks_the_channels_language_and_the_answer_the_requesters() {
    let mut h = H::start_with(Setup {
        default_locale: Locale::ZhCn,
        ..Setup::default()
    })
    .await;
    let out = h.as_(ALICE, "/vps kill server:demo1").await;
    let (view, card_in) = out.asked();
    // The requester's console speaks English.
    assert!(
        out.answer()
            .shows(&approval::asked(view, card_in, Locale::En)),
        "{out:?}"
    );
    let card = out.post_in(APPROVALS).expect("card");
    let roles = [kiwiops::domain::RoleId(ADMINS)];
    let zh = approval::card(view, &roles, Locale::ZhCn, h.engine.now());
    let en = approval::card(view, &roles, Locale::En, h.engine.now());
    assert!(card.shows(&zh), "{card:?}");
    assert_ne!(
        serde_json::to_value(&zh).expect("JSON"),
        serde_json::to_value(&en).expect("JSON")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sweeper_runs_on_its_own_beside_the_console_and_stops_when_told() {
    let mut h = H::start_with(Setup {
        expire_after: 30,
        timing: kiwiops::engine::JobTiming {
            sweep_every: std::time::Duration::from_millis(50),
            ..Setup::default().timing
        },
        ..Setup::default()
    })
    .await;
    let (id, _) = h.alice_asks("/vps kill server:demo1").await;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let sweeper = tokio::spawn(kiwiops::engine::sweep_until_stopped(
        h.engine.clone(),
        async move {
            let _ = stopped.await;
        },
    ));
    h.advance(30);
    let edit = h
        .console
        .next_message(std::time::Duration::from_secs(5))
        .await
        .map(|l| super::Msg::parse(&l))
        .expect("the sweeper edits the card by itself");
    assert_eq!(h.status(id).await, JobStatus::Expired);
    assert!(edit.shows(&h.card_now(id).await), "{edit:?}");
    stop.send(()).expect("the sweeper listens");
    tokio::time::timeout(std::time::Duration::from_secs(2), sweeper)
        .await
        .expect("the sweeper stops when told")
        .expect("the sweeper did not panic");
}

//! A request's life through the console: the card and what it says will happen, deny, cancel,
//! expiry by the sweeper, an owner's break-glass, `/approval list`, and a console started again on
//! the same database.

use kiwiops::domain::JobStatus;
use kiwiops::i18n::Locale;

use super::{Setup, ALERTS, ALICE, APPROVALS, BOB, CAROL, DEMO1, H, OWNER};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_card_goes_to_the_approvals_channel_with_what_will_happen_and_the_buttons() {
    let mut h = H::start().await;
    let (id, out) = h
        .alice_asks("/os reinstall server:demo1 os:ubuntu-24.04-x86_64")
        .await;
    let answer = out.answer();
    assert!(
        answer.content().contains(&format!("<#{APPROVALS}>")),
        "{answer:?}"
    );
    let card = out.post_in(APPROVALS).expect("a card");
    let text = card.text();
    for words in [
        "`debian-12-x86_64` → `ubuntu-24.04-x86_64`",
        "All data on the disk is erased",
        &format!("<@{ALICE}>"),
        &h.job(id).await.hash[..12],
    ] {
        assert!(text.contains(words), "no `{words}` in {text}");
    }
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
    let list = h
        .as_(OWNER, "/snapshot list server:demo1")
        .await
        .answer()
        .text();
    let name = list
        .split('`')
        .find(|s| s.ends_with(".tar.gz"))
        .expect("a snapshot name")
        .to_string();
    let cases = [
        (
            format!("/snapshot restore server:demo1 snapshot:{name}"),
            vec![
                name.clone(),
                "replaced by the snapshot".to_string(),
                "made".into(),
            ],
        ),
        (
            format!("/snapshot delete server:demo1 snapshot:{name}"),
            vec![name.clone(), "cannot be brought back".into()],
        ),
        (
            "/migrate start server:demo1 location:USCA_FMT".to_string(),
            vec!["USCA_FMT".into(), "IP addresses change".into()],
        ),
        (
            "/vps kill server:demo1".to_string(),
            vec!["Unsaved data is lost".into()],
        ),
        (
            "/shell exec server:demo1 command:\"rm -rf /tmp/cache\"".to_string(),
            vec!["```\nrm -rf /tmp/cache\n```".into()],
        ),
    ];
    for (line, words) in cases {
        let (_, out) = h.alice_asks(&line).await;
        let text = out.post_in(APPROVALS).expect("a card").text();
        for w in words {
            assert!(text.contains(&w), "{line}: no `{w}` in {text}");
        }
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
    assert!(out.answer().content().contains("denied"), "{out:?}");
    let card = out.edits_of(&card_ref);
    assert!(card[0].text().contains("not during the sale"), "{out:?}");
    assert!(card[0].buttons().is_empty());
    let dm = out.dm_to(ALICE).expect("a DM to the requester");
    assert!(dm.text().contains("not during the sale"), "{dm:?}");
    let late = h.as_(CAROL, &format!("click approve:{id}")).await.answer();
    assert!(late.content().contains("already denied"), "{late:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 0);
    assert_eq!(h.status(id).await, JobStatus::Denied);
    assert_eq!(h.story(id).await, ["awaiting approval", "denied"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_requester_cancels_and_nobody_can_approve_it_afterwards() {
    let mut h = H::start().await;
    let (id, _) = h.alice_asks("/vps kill server:demo1").await;
    let other = h.as_(BOB, &format!("click withdraw:{id}")).await.answer();
    assert!(
        other.content().contains(&format!("Only <@{ALICE}>")),
        "{other:?}"
    );
    let out = h.as_(ALICE, &format!("click withdraw:{id}")).await;
    assert!(out.answer().content().contains("cancelled"), "{out:?}");
    let late = h.as_(BOB, &format!("click approve:{id}")).await.answer();
    assert!(late.content().contains("already cancelled"), "{late:?}");
    let owner = h
        .as_(OWNER, &format!("/approval override id:{id} reason:urgent"))
        .await
        .answer();
    assert!(owner.content().contains("already cancelled"), "{owner:?}");
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
    assert!(edit.text().contains("Expired, nobody approved"), "{edit:?}");
    let late = h.as_(BOB, &format!("click approve:{id}")).await.answer();
    assert!(late.content().contains("expired"), "{late:?}");
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
    let late = h.as_(BOB, &format!("click approve:{id}")).await.answer();
    assert!(late.content().contains("expired"), "{late:?}");
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
        .await
        .answer();
    assert!(admin.content().starts_with("You need owner"), "{admin:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 0);

    let out = h
        .as_(
            OWNER,
            &format!("/approval override id:{id} reason:\"the VPS is hung and serving errors\""),
        )
        .await;
    assert!(out.answer().content().contains("ran"), "{out:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 1);
    let notice = out.post_in(ALERTS).expect("a notice in the alerts channel");
    assert!(notice.text().contains("Override"), "{notice:?}");
    assert!(
        notice.text().contains("the VPS is hung and serving errors"),
        "{notice:?}"
    );
    let card = out.edits_of(&card_ref);
    let card = card.last().expect("the card is edited");
    assert!(card.text().contains("Overridden"), "{card:?}");
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
    let list = h.as_(BOB, "/approval list").await.answer();
    assert!(list.text().contains(&format!("#{id}")), "{list:?}");
    let outsider = h.as_(999, "/approval list").await.answer();
    assert!(!outsider.text().contains(&format!("#{id}")), "{outsider:?}");

    h.restart(|_| {}).await;
    let list = h.as_(BOB, "/approval list").await.answer();
    assert!(
        list.text().contains(&format!("#{id}")),
        "after a restart: {list:?}"
    );
    let out = h.as_(BOB, &format!("click approve:{id}")).await;
    assert!(out.answer().content().contains("ran"), "{out:?}");
    assert!(
        out.0.iter().any(|m| m.target()["edit"].is_string()),
        "the card was not edited after the restart: {out:?}"
    );
    assert_eq!(h.ctl().call_count(DEMO1, "kill"), 1);
    let empty = h.as_(BOB, "/approval list").await.answer();
    assert!(empty.content().contains("Nothing waits"), "{empty:?}");
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
    assert!(out.answer().content().starts_with("Approval #"), "{out:?}");
    let card = out.post_in(APPROVALS).expect("card");
    assert!(card.text().contains("将会发生什么"), "{card:?}");
    assert!(card.text().contains("强制关机"), "{card:?}");
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
    assert!(edit.text().contains("Expired"), "{edit:?}");
    assert_eq!(h.status(id).await, JobStatus::Expired);
    stop.send(()).expect("the sweeper listens");
    tokio::time::timeout(std::time::Duration::from_secs(2), sweeper)
        .await
        .expect("the sweeper stops when told")
        .expect("the sweeper did not panic");
}

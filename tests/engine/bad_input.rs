//! Values that must not travel: a secret typed into the wrong option is neither echoed nor audited,
//! and text that would read as something else is refused before anything is done with it.

use kiwiops::catalog::{InvalidInvocation, Unsafe};
use kiwiops::engine::Refusal;

use super::*;

const TOKEN: &str = "9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const KEY: &str = "private_AbCdEf0123456789xyzXYZ12";

#[tokio::test]
async fn a_token_pasted_into_source_veid_is_not_echoed_nor_audited() {
    let mut h = Harness::start().await;
    for value in [TOKEN, KEY] {
        let line = format!("/snapshot import server:demo1 source_veid:{value} source_token:x");
        let answer = h.ask(OWNER, &[], &line).await;
        match answer.refusal() {
            Some(Refusal::Invalid(InvalidInvocation::NotAnInteger { option, given })) => {
                assert_eq!(*option, "source_veid");
                assert!(given.is_empty(), "the value is quoted back: {given}");
            }
            other => panic!("{other:?}"),
        }
        let said = h.say(&line).await;
        assert!(!said.text().contains(value), "{said:?}");
    }
    let rows = h
        .engine
        .store()
        .recent_audit(None, None, 100)
        .await
        .expect("audit rows");
    assert!(!rows.is_empty());
    for row in rows {
        let all = format!("{} {} {:?}", row.command, row.outcome, row.detail);
        assert!(!all.contains(TOKEN) && !all.contains(KEY), "{all}");
    }
}

#[tokio::test]
async fn a_short_ordinary_value_is_still_quoted_back() {
    let h = Harness::start().await;
    let answer = h
        .ask(
            OWNER,
            &[],
            "/snapshot import server:demo1 source_veid:abc source_token:x",
        )
        .await;
    assert!(
        matches!(
            answer.refusal(),
            Some(Refusal::Invalid(InvalidInvocation::NotAnInteger { given, .. })) if given == "abc"
        ),
        "{answer:?}"
    );
}

#[tokio::test]
async fn free_text_with_direction_overrides_or_control_characters_is_refused() {
    let h = Harness::start().await;
    let cases = [
        (
            "/vps hostname server:demo1 name:\"web\u{202E}1.example.com\"",
            "name",
            Unsafe::Direction,
        ),
        (
            "/snapshot create server:demo1 description:\"a\u{2066}b\"",
            "description",
            Unsafe::Direction,
        ),
        (
            "/vps ptr server:demo1 ip:203.0.113.10 value:\"x\u{0007}.example.com\"",
            "value",
            Unsafe::Control,
        ),
    ];
    let before = h.ctl().call_count(DEMO1, "setHostname");
    for (line, want_option, want) in cases {
        let answer = h.ask(OWNER, &[], line).await;
        match answer.refusal() {
            Some(Refusal::Invalid(InvalidInvocation::UnsafeText { option, what })) => {
                assert_eq!((*option, *what), (want_option, want), "{line}");
            }
            other => panic!("{line}: {other:?}"),
        }
    }
    assert_eq!(
        h.ctl().call_count(DEMO1, "setHostname"),
        before,
        "nothing reached KiwiVM"
    );
}

#[tokio::test]
async fn a_script_keeps_its_line_breaks() {
    let h = Harness::start().await;
    let answer = h
        .ask(
            OWNER,
            &[],
            "/snapshot create server:demo1 description:\"two\nlines\"",
        )
        .await;
    assert!(
        matches!(
            answer.refusal(),
            Some(Refusal::Invalid(InvalidInvocation::UnsafeText {
                what: Unsafe::Control,
                ..
            }))
        ),
        "a one-line option refuses a line break: {answer:?}"
    );
    let sub = kiwiops::catalog::find("shell", Some("script")).expect("/shell script");
    let script = sub.option("script").expect("its script option");
    assert!(script.multiline());
    assert!(kiwiops::catalog::unsafe_text("#!/bin/sh\n\techo hi\n", true).is_none());
}

#[tokio::test]
async fn a_console_import_of_dev_zero_is_a_clear_error_not_an_out_of_memory_kill() {
    let mut h = Harness::start().await;
    let said = h.say("/server import file:/dev/zero").await;
    let l = kiwiops::i18n::Locale::En;
    let limit = kiwiops::render::units::bytes(kiwiops::engine::MAX_FILE as u64);
    let expected = kiwiops::tr!(
        l,
        "console-error",
        message = kiwiops::tr!(
            l,
            "console-file-too-large",
            path = "/dev/zero",
            limit = limit
        )
    );
    assert_eq!(said.content(), expected, "{said:?}");
}

#[tokio::test]
async fn the_console_reads_no_file_for_someone_who_is_not_an_owner() {
    let mut h = Harness::start().await;
    // A path that does not exist: reading it would fail with "cannot read" before any refusal.
    let said = h
        .say_as(
            ALICE,
            &[],
            "/server import file:/nonexistent/kiwiops-export.csv",
        )
        .await;
    assert!(
        said.is_denial_of(kiwiops::domain::Authority::Owner, None),
        "refused for standing, not for the file: {said:?}"
    );
}

#[tokio::test]
async fn a_line_the_console_cannot_read_is_audited_without_its_words() {
    let mut h = Harness::start().await;
    let said = h.say(&format!("/vps info demo1 {KEY}")).await;
    assert!(said.answer.is_none(), "{said:?}");
    assert_eq!(
        said.unreadable,
        Some(ParseError::NotAnOption { position: 3 }),
        "{said:?}"
    );
    assert!(!said.json.to_string().contains(KEY), "{said:?}");
    let rows = h
        .engine
        .store()
        .recent_audit(None, None, 5)
        .await
        .expect("audit rows");
    let row = &rows[0];
    assert_eq!(
        (row.command.as_str(), row.outcome.as_str()),
        ("(unreadable line)", "invalid")
    );
    assert!(!format!("{row:?}").contains(KEY), "{row:?}");
}

#[tokio::test]
async fn a_parse_error_suggests_the_option_the_command_takes() {
    let mut h = Harness::start().await;
    let said = h.say("/vps info demo1").await;
    assert_eq!(
        said.unreadable,
        Some(ParseError::NotAnOption { position: 3 }),
        "{said:?}"
    );
    assert!(said.content().contains("server:demo1"), "{said:?}");
    assert!(!said.content().contains("command:"), "{said:?}");
}

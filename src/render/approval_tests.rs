//! Tests of `approval.rs`.

use super::*;
use crate::domain::{ServerAlias, UserId};

fn view(status: JobStatus, preview: Preview) -> JobView {
    JobView {
        id: 7,
        kind: JobKind::Approve,
        command: "/shell exec".into(),
        server: ServerAlias::parse("web1").expect("alias"),
        path: "basicShell/exec".into(),
        hash_prefix: "0123456789ab".into(),
        requester: UserId(10),
        approvers: vec![],
        quorum: 2,
        expires_at: 1_700_000_600,
        status,
        preview,
        closed_by: None,
        overridden: false,
        reason: None,
        result: None,
        progress: None,
        reveal_until: None,
        message: None,
        created_at: 1_700_000_000,
    }
}

const NOW: i64 = 1_700_000_000;

#[test]
fn a_waiting_card_offers_approve_deny_and_cancel_and_a_closed_one_nothing() {
    let waiting = card(
        &view(JobStatus::Pending, Preview::Kill),
        &[RoleId(5)],
        Locale::En,
        NOW,
    );
    let ids: Vec<String> = waiting
        .components
        .iter()
        .map(|b| b.custom_id.to_string())
        .collect();
    assert_eq!(ids, ["approve:7", "deny:7", "withdraw:7"]);
    assert!(waiting.content.starts_with("<@&5>"), "{}", waiting.content);
    for status in JobStatus::ALL
        .into_iter()
        .filter(|s| *s != JobStatus::Pending)
    {
        let closed = card(&view(status, Preview::Kill), &[], Locale::En, NOW);
        assert!(closed.components.is_empty(), "{status}");
        assert!(
            closed.content.is_empty(),
            "an edit mentions again: {status}"
        );
    }
}

#[test]
fn a_reveal_button_shows_only_while_a_secret_waits() {
    let mut v = view(JobStatus::Done, Preview::ResetPassword);
    v.reveal_until = Some(NOW + 60);
    let shown = card(&v, &[], Locale::En, NOW);
    assert_eq!(shown.components.len(), 1);
    assert_eq!(shown.components[0].custom_id, CustomId::Reveal(7));
}

#[test]
fn a_shell_command_cannot_close_its_code_block_early() {
    let v = view(
        JobStatus::Pending,
        Preview::Shell {
            command: "echo ```; rm -rf /".into(),
        },
    );
    let text = card(&v, &[], Locale::En, NOW).embeds[0].description.clone();
    assert_eq!(text.matches("```").count(), 2, "{text}");
    assert!(text.contains("rm -rf /"), "{text}");
}

#[test]
fn every_status_reads_in_both_languages() {
    for locale in Locale::ALL {
        for status in JobStatus::ALL {
            let c = card(&view(status, Preview::Kill), &[], locale, NOW);
            let text = &c.embeds[0].description;
            assert!(
                !text.contains("card-") && !text.contains("status-"),
                "{text}"
            );
        }
    }
}

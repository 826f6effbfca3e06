//! What a person reads after an action, a secret reply, the shell and the OS and key lists.

use serde_json::json;

use super::support::{colour, fixture, render, render_value, render_with, seen};
use crate::render::colour::{OK, WARN};

/// Public parameters under the API's names.
pub(super) type Params = &'static [(&'static str, &'static str)];

/// Every path whose reply is only "done", with a recorded body and the parameters it takes.
pub(super) const ACTIONS: &[(&str, &str, Params)] = &[
    ("start", fixture!("ok/start.json"), &[]),
    ("stop", fixture!("ok/stop.json"), &[]),
    ("restart", fixture!("ok/restart.json"), &[]),
    ("kill", fixture!("ok/kill.json"), &[]),
    (
        "setHostname",
        fixture!("ok/setHostname.json"),
        &[("newHostname", "web1.example.org")],
    ),
    (
        "setPTR",
        fixture!("ok/setPTR.json"),
        &[("ip", "203.0.113.10"), ("ptr", "mail.example.org")],
    ),
    (
        "iso/mount",
        fixture!("ok/iso_mount.json"),
        &[("iso", "debian.iso")],
    ),
    ("iso/unmount", fixture!("ok/iso_unmount.json"), &[]),
    (
        "snapshot/delete",
        fixture!("ok/snapshot_delete.json"),
        &[("snapshot", "a.tar.gz")],
    ),
    (
        "snapshot/restore",
        fixture!("ok/snapshot_restore.json"),
        &[("snapshot", "a.tar.gz")],
    ),
    (
        "snapshot/toggleSticky",
        fixture!("ok/snapshot_toggleSticky.json"),
        &[("snapshot", "a.tar.gz"), ("sticky", "0")],
    ),
    (
        "snapshot/import",
        fixture!("ok/snapshot_import.json"),
        &[("sourceVeid", "1844"), ("sourceToken", "t")],
    ),
    (
        "updateSshKeys",
        fixture!("ok/updateSshKeys.json"),
        &[("ssh_keys", "ssh-ed25519 AAAA a\nssh-rsa BBBB b\n")],
    ),
    (
        "ipv6/delete",
        fixture!("ok/ipv6_delete.json"),
        &[("ip", "2001:db8::/64")],
    ),
    (
        "privateIp/delete",
        fixture!("ok/privateIp_delete.json"),
        &[("ip", "10.10.0.6")],
    ),
    (
        "unsuspend",
        fixture!("ok/unsuspend.json"),
        &[("record_id", "11851")],
    ),
    (
        "resolvePolicyViolation",
        fixture!("ok/resolvePolicyViolation.json"),
        &[("record_id", "14")],
    ),
    (
        "backup/copyToSnapshot",
        fixture!("ok/backup_copyToSnapshot.json"),
        &[("backupToken", "b7c1")],
    ),
    (
        "cloneFromExternalServer",
        fixture!("ok/cloneFromExternalServer.json"),
        &[
            ("externalServerIP", "198.51.100.5"),
            ("externalServerSSHport", "22"),
        ],
    ),
];

fn said(path: &str, params: &[(&str, &str)]) -> String {
    let (_, raw, _) = ACTIONS
        .iter()
        .find(|(p, _, _)| *p == path)
        .expect("an action path");
    render_with(path, raw, params).content
}

#[test]
fn every_action_answers_with_one_plain_sentence_naming_the_vps() {
    for (path, raw, params) in ACTIONS {
        let reply = render_with(path, raw, params);
        assert!(
            reply.embeds.is_empty(),
            "{path} answers in words, not fields"
        );
        assert!(
            reply.content.contains("`web1`"),
            "{path}: {}",
            reply.content
        );
        assert!(reply.content.ends_with('.'), "{path}: {}", reply.content);
    }
}

#[test]
fn power_actions_say_what_is_happening() {
    assert_eq!(said("start", &[]), "Starting `web1`.");
    assert_eq!(said("stop", &[]), "Stopping `web1`.");
    assert_eq!(said("restart", &[]), "Restarting `web1`.");
    assert!(said("kill", &[]).contains("anything not yet on disk is lost"));
}

#[test]
fn mounting_an_iso_says_it_takes_a_full_stop_and_start() {
    let text = said("iso/mount", &[("iso", "debian.iso")]);
    assert!(text.starts_with("`web1` will boot from `debian.iso` after a full stop and start"));
    assert!(said("iso/unmount", &[]).contains("its own disk again after a full stop and start"));
}

#[test]
fn a_restore_and_a_clone_say_the_vps_stays_locked() {
    assert!(
        said("snapshot/restore", &[("snapshot", "a.tar.gz")]).contains(
            "from snapshot `a.tar.gz`: everything on its disk is being replaced. It stays locked"
        )
    );
    assert!(said(
        "cloneFromExternalServer",
        &[("externalServerIP", "198.51.100.5")]
    )
    .contains("from `198.51.100.5` onto `web1`"));
}

#[test]
fn a_confirmation_still_reads_well_without_its_parameters() {
    assert_eq!(
        said("snapshot/delete", &[]),
        "Deleted the snapshot of `web1`."
    );
    assert_eq!(
        said("setHostname", &[]),
        "The hostname of `web1` is changed."
    );
}

#[test]
fn confirmations_name_what_changed() {
    assert_eq!(
        said("setHostname", &[("newHostname", "web1.example.org")]),
        "The hostname of `web1` is now `web1.example.org`."
    );
    assert!(said(
        "setPTR",
        &[("ip", "203.0.113.10"), ("ptr", "mail.example.org")]
    )
    .starts_with("Reverse DNS of `203.0.113.10` on `web1` now points to `mail.example.org`."));
    assert!(said(
        "snapshot/toggleSticky",
        &[("snapshot", "a"), ("sticky", "1")]
    )
    .contains("never purged"));
    assert!(said(
        "snapshot/toggleSticky",
        &[("snapshot", "a"), ("sticky", "0")]
    )
    .contains("KiwiVM purges it"));
    assert!(said("updateSshKeys", &[("ssh_keys", "k1\n\nk2\n")])
        .starts_with("Saved 2 SSH keys for `web1`."));
    assert!(said("updateSshKeys", &[("ssh_keys", "k1\n")])
        .starts_with("Saved 1 SSH key for `web1`. It is written"));
    assert!(said("updateSshKeys", &[("ssh_keys", " ")]).starts_with("Cleared the SSH keys"));
}

#[test]
fn a_note_kiwivm_sends_with_an_action_is_passed_on() {
    let reply = render_value(
        "start",
        &json!({ "message": "Queued behind a backup" }),
        &[],
    );
    assert!(reply
        .content
        .ends_with("\nKiwiVM says: Queued behind a backup"));
}

#[test]
fn the_reinstall_reply_shows_the_new_root_password_to_the_requester_alone() {
    let reply = render_with(
        "reinstallOS",
        fixture!("ok/reinstallOS.json"),
        &[("os", "debian-12-x86_64")],
    );
    assert!(reply.ephemeral);
    let embed = &reply.embeds[0];
    assert!(embed.title.contains("shown only to you"), "{}", embed.title);
    let text = seen(&reply);
    for expected in [
        "Root password: `hR7kq2LmZ9xWd4Tf`",
        "SSH port: 22",
        "reinstalled with `debian-12-x86_64`",
        "locked for a few minutes",
        "KiwiVM mails ops@example.com",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from\n{text}");
    }
}

#[test]
fn a_reset_password_is_in_a_code_span_for_the_requester_alone() {
    let reply = render("resetRootPassword", fixture!("ok/resetRootPassword.json"));
    assert!(reply.ephemeral);
    assert!(reply.embeds[0].title.contains("shown only to you"));
    assert!(seen(&reply).contains("Root password: `Xk3p9QvT2mRwZ7nB`"));
}

#[test]
fn a_secret_reply_of_the_wrong_shape_is_a_decode_error_that_quotes_no_value() {
    let call = crate::kiwivm::call("reinstallOS").expect("in the table");
    let err = (call.decode)(json!({ "rootPassword": "hunter2hunter2", "sshPort": [1] }))
        .expect_err("a list is not a port");
    let text = format!("{err} {err:?}");
    assert!(text.contains("sshPort"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
}

#[test]
fn a_shell_command_shows_its_output_in_a_code_block_and_a_zero_status_in_green() {
    let reply = render_with(
        "basicShell/exec",
        fixture!("ok/basicShell_exec.json"),
        &[("command", "ls -l /var/log")],
    );
    let embed = &reply.embeds[0];
    assert_eq!(embed.title, "web1 $ ls -l /var/log");
    assert!(embed.description.starts_with("```\ntotal 12\n"));
    assert!(embed.description.ends_with("auth.log\n```"));
    assert!(seen(&reply).contains("Exit status: 0"));
    assert_eq!(colour(&reply), OK);
}

#[test]
fn a_failing_shell_command_shows_its_exit_status_in_warn_colour() {
    let reply = render(
        "basicShell/exec",
        fixture!("quirks/shell_exec_nonzero.json"),
    );
    assert!(seen(&reply).contains("Exit status: 127 (command not found)"));
    assert_eq!(colour(&reply), WARN);
}

#[test]
fn shell_output_beyond_the_limits_moves_whole_to_a_file() {
    let output = "line of output\n".repeat(600);
    let value = json!({ "exit_status": 0, "output": output });
    let reply = render_value("basicShell/exec", &value, &[]).fit(crate::i18n::Locale::En);
    let file = String::from_utf8(reply.attachments[0].bytes.clone()).expect("text");
    assert!(file.contains(&output));
}

#[test]
fn cd_gives_the_new_directory_and_a_script_its_log_file() {
    let cd = render("basicShell/cd", fixture!("ok/basicShell_cd.json")).content;
    assert!(
        cd.contains("the working directory is now `/var/log`"),
        "{cd}"
    );
    let script = render("shellScript/exec", fixture!("ok/shellScript_exec.json")).content;
    assert!(
        script.contains("its output goes to `/root/shellScript_1717000000.log`"),
        "{script}"
    );
}

#[test]
fn the_os_list_groups_templates_by_distribution_and_marks_the_installed_one() {
    let reply = render("getAvailableOS", fixture!("ok/getAvailableOS.json"));
    let embed = &reply.embeds[0];
    assert!(embed
        .description
        .contains("**debian** `debian-11-x86_64` `debian-12-x86_64` (installed)"));
    assert!(embed
        .description
        .contains("**ubuntu** `ubuntu-22.04-x86_64` `ubuntu-24.04-x86_64`"));
    assert!(seen(&reply).contains("Installed: `debian-12-x86_64`"));
}

#[test]
fn ssh_keys_show_the_short_form_of_each_set() {
    let text = seen(&render("getSshKeys", fixture!("ok/getSshKeys.json")));
    assert!(text.contains("In effect: `ssh-ed25519 AAAAC3Nza...8k9l ops@laptop`"));
    assert!(text.contains("Account: `ssh-rsa AAAAB3Nza...+Q== billing@portal`"));
}

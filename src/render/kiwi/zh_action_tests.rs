//! The action, snapshot, backup, address and system views as a person whose Discord is in Chinese
//! reads them: Chinese words around KiwiVM's own data, and not one English word of kiwiops's.

use serde_json::{json, Value};

use super::action_tests::{Params, ACTIONS};
use super::support::{decoded, fixture, render_reply, seen};
use crate::i18n::Locale;
use crate::kiwivm::models::{Ack, KiwiReply, UsageGraphs};
use crate::render::Reply;

/// Names that stay as they are in Chinese text (products, protocols, the account's `root`, the
/// binary size units `units::bytes` writes in every locale).
const KEPT: &[&str] = &[
    "VPS", "KiwiVM", "SSH", "IPv", "PTR", "rDNS", "DNS", "ISO", "VEID", "root", "KiB", "MiB",
    "GiB", "TiB", "PiB",
];

/// `text` without its code spans and code blocks: commands and values, not words.
fn without_code(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find('`') {
        out.push_str(&rest[..start]);
        let fence_len = rest[start..].chars().take_while(|c| *c == '`').count();
        let fence = "`".repeat(fence_len);
        let body = &rest[start + fence_len..];
        match body.find(&fence) {
            Some(end) => rest = &body[end + fence_len..],
            None => {
                rest = body;
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The words of every string value in a KiwiVM reply and in the request: the data a view may
/// quote as it is.
fn data_words(reply: &KiwiReply, params: &[(&str, &str)]) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            Value::Object(map) => map.values().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out: Vec<String> = params.iter().map(|(_, v)| v.to_string()).collect();
    walk(&reply.to_json().expect("it serializes"), &mut out);
    out.push("web1".to_string());
    out.iter()
        .flat_map(|s| s.split(|c: char| !c.is_ascii_alphabetic()))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Runs of three or more ASCII letters outside code, command lines (`/os reinstall os:…` in a
/// footer, which cannot hold code spans) and the data: English that kiwiops itself wrote.
fn english_words(text: &str, data: &[String]) -> Vec<String> {
    let mut words = Vec::new();
    for line in without_code(text).lines() {
        let mut in_command = false;
        for token in line.split_whitespace() {
            in_command = token.starts_with('/') || (in_command && token.is_ascii());
            if in_command || token.contains('_') {
                continue;
            }
            for run in token.split(|c: char| !c.is_ascii_alphabetic()) {
                let kept = KEPT.contains(&run) || data.iter().any(|d| d == run);
                if run.len() >= 3 && !kept {
                    words.push(run.to_string());
                }
            }
        }
    }
    words
}

fn zh(path: &str, raw: &str, params: &[(&str, &str)]) -> (Reply, Vec<String>) {
    let reply = decoded(path, raw);
    let rendered = render_reply(path, &reply, params, Locale::ZhCn);
    let english = english_words(&seen(&rendered), &data_words(&reply, params));
    (rendered, english)
}

fn en(path: &str, raw: &str, params: &[(&str, &str)]) -> Reply {
    render_reply(path, &decoded(path, raw), params, Locale::En)
}

#[test]
fn every_action_sentence_is_chinese_with_and_without_its_parameters() {
    let variants: &[(&str, Params)] = &[
        (
            "snapshot/toggleSticky",
            &[("snapshot", "a.tar.gz"), ("sticky", "1")],
        ),
        ("snapshot/toggleSticky", &[("snapshot", "a.tar.gz")]),
        ("updateSshKeys", &[("ssh_keys", " ")]),
        ("updateSshKeys", &[("ssh_keys", "ssh-ed25519 AAAA a\n")]),
        (
            "cloneFromExternalServer",
            &[("externalServerIP", "198.51.100.5")],
        ),
    ];
    let cases = ACTIONS
        .iter()
        .flat_map(|(path, raw, params)| [(*path, *raw, *params), (*path, *raw, &[][..])])
        .chain(variants.iter().map(|(path, params)| {
            let (_, raw, _) = ACTIONS.iter().find(|(p, _, _)| p == path).expect("listed");
            (*path, *raw, *params)
        }));
    for (path, raw, params) in cases {
        let (reply, english) = zh(path, raw, params);
        let text = &reply.content;
        assert!(
            english.is_empty(),
            "{path} {params:?}: {english:?} in {text}"
        );
        assert_ne!(text, &en(path, raw, params).content, "{path} {params:?}");
        assert!(
            text.contains("`web1`") && text.ends_with('。'),
            "{path}: {text}"
        );
    }
}

#[test]
fn chinese_action_sentences_use_the_panel_s_own_terms() {
    let said = |path: &str, params: &[(&str, &str)]| {
        let (_, raw, _) = ACTIONS.iter().find(|(p, _, _)| *p == path).expect("listed");
        zh(path, raw, params).0.content
    };
    assert_eq!(said("start", &[]), "正在启动 `web1`。");
    assert!(said("kill", &[]).starts_with("已强制停止 `web1`"));
    assert!(said("kill", &[]).contains("数据已丢失"));
    assert!(said("snapshot/restore", &[("snapshot", "a")]).contains("所有数据都将被覆盖"));
    assert!(said("unsuspend", &[("record_id", "11851")]).contains("并解封 `web1`"));
    assert!(said("resolvePolicyViolation", &[("record_id", "14")]).contains("标记为已解决"));
    assert!(said("ipv6/delete", &[("ip", "2001:db8::/64")]).contains("释放 IPv6 子网"));
    assert!(said("updateSshKeys", &[("ssh_keys", "k1\nk2")]).contains("保存 2 个 SSH 密钥"));
}

#[test]
fn kiwivm_s_own_note_keeps_its_words_under_a_chinese_label() {
    let ack = KiwiReply::Ack(Ack {
        message: Some("Queued behind a backup".to_string()),
    });
    let text = render_reply("start", &ack, &[], Locale::ZhCn).content;
    assert_eq!(
        text,
        "正在启动 `web1`。\nKiwiVM 提示：Queued behind a backup"
    );
    let other = render_reply(
        "someNewPath",
        &KiwiReply::Ack(Ack::default()),
        &[],
        Locale::ZhCn,
    );
    assert_eq!(other.content, "已在 `web1` 上完成 someNewPath。");
}

/// Every non-action view of this file's modules, with a recorded body and its parameters.
const VIEWS: &[(&str, &str, Params)] = &[
    (
        "snapshot/create",
        fixture!("ok/snapshot_create.json"),
        &[("description", "升级前")],
    ),
    ("snapshot/list", fixture!("ok/snapshot_list.json"), &[]),
    (
        "snapshot/list",
        fixture!("quirks/snapshot_list_base64.json"),
        &[],
    ),
    (
        "snapshot/export",
        fixture!("ok/snapshot_export.json"),
        &[("snapshot", "a.tar.gz")],
    ),
    ("backup/list", fixture!("ok/backup_list.json"), &[]),
    ("ipv6/add", fixture!("ok/ipv6_add.json"), &[]),
    (
        "privateIp/getAvailableIps",
        fixture!("ok/privateIp_getAvailableIps.json"),
        &[],
    ),
    (
        "privateIp/assign",
        fixture!("ok/privateIp_assign.json"),
        &[],
    ),
    (
        "migrate/getLocations",
        fixture!("ok/migrate_getLocations.json"),
        &[],
    ),
    (
        "migrate/start",
        fixture!("ok/migrate_start.json"),
        &[("location", "JPOS_1")],
    ),
    ("getAvailableOS", fixture!("ok/getAvailableOS.json"), &[]),
    (
        "reinstallOS",
        fixture!("ok/reinstallOS.json"),
        &[("os", "debian-12-x86_64")],
    ),
    (
        "resetRootPassword",
        fixture!("ok/resetRootPassword.json"),
        &[],
    ),
    ("getSshKeys", fixture!("ok/getSshKeys.json"), &[]),
    ("basicShell/cd", fixture!("ok/basicShell_cd.json"), &[]),
    (
        "basicShell/exec",
        fixture!("quirks/shell_exec_nonzero.json"),
        &[],
    ),
    (
        "shellScript/exec",
        fixture!("ok/shellScript_exec.json"),
        &[],
    ),
];

#[test]
fn no_chinese_view_carries_an_english_word_that_kiwivm_did_not_send() {
    for (path, raw, params) in VIEWS {
        let (reply, english) = zh(path, raw, params);
        assert!(
            english.is_empty(),
            "{path}: {english:?} in\n{}",
            seen(&reply)
        );
        assert_ne!(seen(&reply), seen(&en(path, raw, params)), "{path}");
    }
    let empty = [
        ("snapshot/list", json!({ "snapshots": [] })),
        ("backup/list", json!({ "backups": [] })),
        ("ipv6/add", json!({})),
        ("privateIp/getAvailableIps", json!({ "available_ips": [] })),
        ("migrate/getLocations", json!({})),
        ("snapshot/export", json!({})),
        ("basicShell/cd", json!({})),
        ("shellScript/exec", json!({})),
        ("resetRootPassword", json!({})),
        ("reinstallOS", json!({})),
        ("getSshKeys", json!({})),
        ("getAvailableOS", json!({})),
        ("privateIp/assign", json!({})),
        ("migrate/start", json!({})),
        (
            "basicShell/exec",
            json!({ "exit_status": 139, "output": "" }),
        ),
    ];
    for (path, value) in empty {
        let reply = crate::kiwivm::call(path).expect("listed").decode;
        let reply = reply(value).expect("it decodes");
        let text = seen(&render_reply(path, &reply, &[], Locale::ZhCn));
        let english = english_words(&text, &data_words(&reply, &[]));
        assert!(english.is_empty(), "{path} (empty): {english:?} in\n{text}");
    }
}

#[test]
fn snapshots_and_backups_read_in_chinese() {
    let (list, _) = zh("snapshot/list", fixture!("ok/snapshot_list.json"), &[]);
    let embed = &list.embeds[0];
    assert_eq!(embed.title, "web1 的快照");
    assert_eq!(embed.footer.as_deref(), Some("共 2 个快照 · 1 个永久保留"));
    assert_eq!(embed.fields[1].name, "（无描述）");
    assert!(embed.fields[0]
        .value
        .contains("1.20 GiB（解压后 4.00 GiB）"));
    assert!(embed.fields[1].value.contains("清除时间：<t:1717086400:R>"));
    let (decoded, _) = zh(
        "snapshot/list",
        fixture!("quirks/snapshot_list_base64.json"),
        &[],
    );
    assert_eq!(decoded.embeds[0].fields[1].name, "升级前的快照");
    let (created, _) = zh("snapshot/create", fixture!("ok/snapshot_create.json"), &[]);
    assert!(created
        .content
        .contains("完成后 KiwiVM 会发邮件到 ops@example.com"));
    let (exported, _) = zh(
        "snapshot/export",
        fixture!("ok/snapshot_export.json"),
        &[("snapshot", "a.tar.gz")],
    );
    assert!(exported.ephemeral, "the token is for the requester alone");
    assert!(exported.content.contains("source_veid:<web1 的 VEID>"));
    let (backups, _) = zh("backup/list", fixture!("ok/backup_list.json"), &[]);
    assert_eq!(backups.embeds[0].title, "web1 的自动备份");
    assert!(backups.embeds[0]
        .footer
        .as_deref()
        .is_some_and(|f| f.starts_with("共 2 个备份")));
}

#[test]
fn addresses_and_migrations_read_in_chinese() {
    let (v6, _) = zh("ipv6/add", fixture!("ok/ipv6_add.json"), &[]);
    assert_eq!(
        v6.content,
        "已为 `web1` 分配 IPv6 子网 `2001:db8:1234:9abc::/64`。"
    );
    let (free, _) = zh(
        "privateIp/getAvailableIps",
        fixture!("ok/privateIp_getAvailableIps.json"),
        &[],
    );
    assert!(free
        .content
        .contains("`10.10.0.6`、`10.10.0.7`、`10.10.0.8`"));
    let (places, _) = zh(
        "migrate/getLocations",
        fixture!("ok/migrate_getLocations.json"),
        &[],
    );
    let description = &places.embeds[0].description;
    assert!(description.contains("`JPOS_1` Japan, Osaka (CN2 GIA) · 流量按 ×2.5 计"));
    assert!(description.contains(" · 当前位置**"));
    let (moving, _) = zh(
        "migrate/start",
        fixture!("ok/migrate_start.json"),
        &[("location", "JPOS_1")],
    );
    let text = seen(&moving);
    assert!(text.contains("`web1` 正在迁移到 `JPOS_1`。"));
    assert!(text.contains("新的 IPv4 地址: `198.51.100.23`"));
}

#[test]
fn system_views_read_in_chinese_and_passwords_stay_with_the_requester() {
    let (os, _) = zh("getAvailableOS", fixture!("ok/getAvailableOS.json"), &[]);
    assert!(seen(&os).contains("`debian-12-x86_64`（已安装）"));
    assert!(seen(&os).contains("已安装: `debian-12-x86_64`"));
    let (reinstall, _) = zh(
        "reinstallOS",
        fixture!("ok/reinstallOS.json"),
        &[("os", "debian-12-x86_64")],
    );
    assert!(reinstall.ephemeral);
    let text = seen(&reinstall);
    for expected in [
        "仅你可见",
        "root 密码: `hR7kq2LmZ9xWd4Tf`",
        "SSH 端口: 22",
        "只有你能看到这条消息",
    ] {
        assert!(text.contains(expected), "{expected:?} missing from\n{text}");
    }
    let (reset, _) = zh(
        "resetRootPassword",
        fixture!("ok/resetRootPassword.json"),
        &[],
    );
    assert!(reset.ephemeral && seen(&reset).contains("root 密码: `Xk3p9QvT2mRwZ7nB`"));
    let (keys, _) = zh("getSshKeys", fixture!("ok/getSshKeys.json"), &[]);
    let names: Vec<&str> = keys.embeds[0]
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(names, ["当前生效", "此 VPS", "账户"]);
    let (failed, _) = zh(
        "basicShell/exec",
        fixture!("quirks/shell_exec_nonzero.json"),
        &[],
    );
    assert!(seen(&failed).contains("退出状态: 127（找不到命令）"));
}

#[test]
fn the_fallback_view_says_yes_no_none_and_done_in_chinese() {
    let fields = KiwiReply::UsageGraphs(UsageGraphs(
        json!({ "on": true, "off": false, "graphs": [] }),
    ));
    let text = seen(&render_reply("getUsageGraphs", &fields, &[], Locale::ZhCn));
    assert!(
        text.contains("on: 是") && text.contains("off: 否"),
        "{text}"
    );
    assert!(text.contains("（无）"), "{text}");
    let nothing = KiwiReply::UsageGraphs(UsageGraphs(json!({})));
    let reply = render_reply("getUsageGraphs", &nothing, &[], Locale::ZhCn);
    assert_eq!(reply.embeds[0].description, "完成。");
}

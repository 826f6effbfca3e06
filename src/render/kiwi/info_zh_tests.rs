//! The info, live, usage, screenshot, abuse and panel views in Chinese: every word of ours is
//! Chinese, while KiwiVM's data (hostnames, plans, flags, evidence, descriptions) passes as it came.

use serde_json::{json, Value};

use super::service_tests::screenshot;
use super::support::{decoded, fixture, patched, render_reply, seen, NOW};
use crate::i18n::Locale;
use crate::render::Reply;

/// Words a Chinese reader is meant to read in Latin letters: product names, protocols, units.
const LATIN: &[&str] = &[
    "KiwiVM", "VPS", "VEID", "KVM", "OpenVZ", "IPv4", "IPv6", "IP", "PTR", "SIT", "ISO", "SSH",
    "Swap", "MAC", "inode", "API", "CPU", "I", "O", "ID", "B", "KiB", "MiB", "GiB", "base64",
];

/// The words in Latin letters left in `text` once code spans, Discord timestamps and `data` (what
/// KiwiVM sent, passed on as it came) are taken out, other than [`LATIN`]: English that leaked.
fn english_in(text: &str, data: &[&str]) -> Vec<String> {
    // Outside code spans: every other piece between backticks.
    let mut rest = text.split('`').step_by(2).collect::<Vec<_>>().join(" ");
    while let Some(start) = rest.find("<t:") {
        let end = rest[start..]
            .find('>')
            .map_or(rest.len(), |e| start + e + 1);
        rest.replace_range(start..end, " ");
    }
    let mut data: Vec<&str> = data
        .iter()
        .copied()
        .chain(["web1.example.com", "web1"])
        .collect();
    data.sort_by_key(|d| std::cmp::Reverse(d.len()));
    for d in data {
        rest = rest.replace(d, " ");
    }
    rest.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()) && !LATIN.contains(w))
        .map(str::to_string)
        .collect()
}

fn zh(path: &str, raw: &str) -> Reply {
    render_reply(path, &decoded(path, raw), &[], Locale::ZhCn)
}

fn zh_value(path: &str, value: &Value) -> Reply {
    zh(path, &value.to_string())
}

/// `reply` reads as Chinese around `data` and holds each of `phrases`.
#[track_caller]
fn assert_chinese(reply: &Reply, data: &[&str], phrases: &[&str]) {
    let text = seen(reply);
    let leaked = english_in(&text, data);
    assert!(leaked.is_empty(), "English {leaked:?} in\n{text}");
    for p in phrases {
        assert!(text.contains(p), "{p:?} missing from\n{text}");
    }
}

/// What `getServiceInfo`'s recording holds that is KiwiVM's to word.
const SERVICE_DATA: &[&str] = &[
    "kvmv5-40g-2g-2t-ca-cn2gia-e",
    "US: Los Angeles, California (DC6 CN2 GIA-E ZNET)",
    "v1843",
    "USCA_6",
    "debian-12-x86_64",
    "/vps live",
];

#[test]
fn the_leak_check_catches_english_and_spares_code_timestamps_and_data() {
    assert_eq!(english_in("已用 Swap: 5 MiB", &[]), Vec::<String>::new());
    assert_eq!(
        english_in("Disk used: `/x y` <t:5:R>", &[]),
        ["Disk", "used"]
    );
    assert!(english_in("套餐: plan-a", &["plan-a"]).is_empty());
}

#[test]
fn info_in_chinese_words_every_field_and_keeps_kiwivms_data() {
    let reply = zh("getServiceInfo", fixture!("ok/getServiceInfo.json"));
    assert_eq!(reply.embeds[0].title, "web1 · web1.example.com");
    assert_chinese(
        &reply,
        SERVICE_DATA,
        &[
            "套餐: kvmv5-40g-2g-2t-ca-cn2gia-e · KVM",
            "节点 v1843 · USCA_6",
            "内存 2.00 GiB · 磁盘 40.0 GiB · Swap 512 MiB",
            "本月流量: 50.0 GiB / 2000 GiB（2.5%）",
            "1 / 3 个子网",
            "→ 未设置",
            "持续 6 分钟（已结束）",
            "滥用积分: 0 / 1500",
        ],
    );
}

#[test]
fn every_alarm_and_the_wire_extras_read_in_chinese() {
    let gib = 1u64 << 30;
    let value = patched(
        "getServiceInfo",
        fixture!("ok/getServiceInfo.json"),
        json!({ "suspended": true, "policy_violation": true, "total_abuse_points": 200,
            "data_counter": 1900 * gib, "suspension_count": 2, "veid": 1843,
            "node_ip": "198.51.100.23", "ipv6_sit_tunnel_endpoint": "198.51.100.1",
            "ip_nullroutes": { "203.0.113.10": { "nullroute_timestamp": NOW - 60,
                "nullroute_duration_s": 3600 } } }),
    );
    assert_chinese(
        &zh_value("getServiceInfo", &value),
        SERVICE_DATA,
        &[
            "⛔ 服务已暂停",
            "⛔ 有未解决的策略违规",
            "⚠️ 滥用积分：200 / 1500。",
            "⚠️ 本月流量已用 95%。",
            "已被空路由，",
            "今年已被暂停 2 次",
            "节点 v1843 (`198.51.100.23`)",
            "SIT 隧道端点 `198.51.100.1`",
            "VEID 1843 · ",
        ],
    );
}

#[test]
fn live_views_in_chinese_say_the_state_and_name_every_figure() {
    let kvm = zh("getLiveServiceInfo", fixture!("ok/getLiveServiceInfo.json"));
    assert_eq!(kvm.embeds[0].title, "web1 运行中");
    assert_chinese(
        &kvm,
        SERVICE_DATA,
        &[
            "负载（1、5、15 分钟）: 0.08 · 0.03 · 0.01",
            "可用内存: 1.46 GiB / 2.00 GiB",
            "已用 Swap: 0 B / 512 MiB（0.0%）",
            "已用磁盘: 9.00 GiB / 40.0 GiB（22.5%）",
            "资源限制: 无",
        ],
    );
    let ovz = zh(
        "getLiveServiceInfo",
        fixture!("quirks/live_ovz_vz_status.json"),
    );
    assert_chinese(
        &ovz,
        &["old1.example.com"],
        &["web1 运行中", "inode: 30211 / 640000（4.7%）", "进程数: 21"],
    );
    let odd = zh(
        "getLiveServiceInfo",
        fixture!("quirks/live_kvm_unknown_status.json"),
    );
    assert_chinese(
        &odd,
        &["migrating"],
        &["web1 状态：migrating", "⚠️ CPU 已被限制："],
    );
    let bare = zh("getLiveServiceInfo", fixture!("quirks/missing_fields.json"));
    assert_chinese(&bare, &["bare"], &["web1 — 状态未知"]);
    let broken = zh(
        "getLiveServiceInfo",
        fixture!("quirks/live_kvm_undecodable_screendump.json"),
    );
    assert_chinese(&broken, &["/vps screenshot"], &["控制台截图无法解码"]);
}

#[test]
fn the_screenshot_and_the_usage_chart_are_titled_in_chinese() {
    let shot = screenshot(fixture!("ok/getLiveServiceInfo.json"), Locale::ZhCn);
    assert_chinese(&shot, &[], &["web1 的控制台", "截取于 <t:"]);
    let none = screenshot(fixture!("quirks/live_kvm_stopped.json"), Locale::ZhCn);
    assert_chinese(&none, &[], &["只有运行中的 KVM VPS 才有截图"]);
    let broken = screenshot(
        fixture!("quirks/live_kvm_undecodable_screendump.json"),
        Locale::ZhCn,
    );
    assert_chinese(&broken, &[], &["无法解码（不是 base64 编码）"]);
    let chart = zh("getRawUsageStats", fixture!("ok/getRawUsageStats.json"));
    assert_eq!(chart.attachments[0].name, "usage.png");
    assert_chinese(&chart, &[], &["web1 最近 24 小时的使用情况", "采样数: "]);
    let empty = zh_value("getRawUsageStats", &json!({ "data": [] }));
    assert_chinese(&empty, &[], &["最近 24 小时内没有使用数据"]);
}

#[test]
fn abuse_cases_in_chinese_keep_the_flag_the_evidence_and_the_commands() {
    let violations = zh(
        "getPolicyViolations",
        fixture!("ok/getPolicyViolations.json"),
    );
    assert_chinese(
        &violations,
        &[
            "copyright",
            "Infringing file served at http://203.0.113.10/movie.mkv",
        ],
        &[
            "web1 的策略违规",
            "滥用积分：200 / 1500。请在期限前逐一处理",
            "记录 14 · copyright: 100 积分 · 软性",
            "若未处理，将于 **<t:1571599418:R>** 暂停",
            "用 `/abuse resolve record_id:14` 标记为已解决",
        ],
    );
    let suspensions = zh(
        "getSuspensionDetails",
        fixture!("ok/getSuspensionDetails.json"),
    );
    assert_chinese(
        &suspensions,
        &[
            "copyright",
            "Full text of abuse complaint here:",
            "https://example.org/notice/2207",
        ],
        &[
            "今年已被暂停 2 次",
            "用 `/abuse unsuspend record_id:11851` 解封",
        ],
    );
    let hard = json!({ "suspensions": [{ "record_id": 9, "flag": "spam", "is_soft": false }] });
    let hard = zh_value("getSuspensionDetails", &hard);
    assert_chinese(&hard, &["spam"], &["只能由 KiwiVM 客服解封"]);
    assert!(
        !seen(&hard).contains("从未被暂停"),
        "an open case is a suspension"
    );
}

#[test]
fn the_panel_views_in_chinese_word_points_entries_and_notifications() {
    let rate = zh("getRateLimitStatus", fixture!("ok/getRateLimitStatus.json"));
    assert_chinese(
        &rate,
        &[],
        &["当前 15 分钟内还剩 **997** / 1000 点（99.7%）"],
    );
    let out = json!({ "remaining_points_15min": 0 });
    assert_chinese(
        &zh_value("getRateLimitStatus", &out),
        &[],
        &["当前 24 小时内剩余点数未知", "点数恢复之前"],
    );
    let log = zh("getAuditLog", fixture!("ok/getAuditLog.json"));
    let summaries = [
        "API: start",
        "KiwiVM login from 198.51.100.77",
        r#"Snapshot created: "before upgrade""#,
    ];
    assert_chinese(&log, &summaries, &["类型 0 · ", "共 3 条"]);
    let entries: Vec<Value> = (0..40)
        .map(|i| json!({ "timestamp": 1_700_000_000 + i, "type": "0", "summary": "x" }))
        .collect();
    let big = zh_value("getAuditLog", &json!({ "log_entries": entries }));
    let footer = big.embeds[0].footer.clone().unwrap_or_default();
    assert_eq!(
        english_in(&footer, &["audit-log.txt"]),
        Vec::<String>::new()
    );
    assert!(footer.contains("显示最新的 25 条，共 40 条"), "{footer}");
    let prefs = zh(
        "kiwivm/getNotificationPreferences",
        fixture!("ok/kiwivm_getNotificationPreferences.json"),
    );
    let kiwivm_words = [
        "Billing",
        "Service",
        "A new invoice is created",
        "A snapshot is complete",
        "An automatic backup failed",
        "ops@example.com",
        r#"/notifications set preferences:{"invoice_created":0}"#,
    ];
    assert_chinese(
        &prefs,
        &kiwivm_words,
        &["web1 的邮件通知", "发送至 ops@example.com"],
    );
    let set = zh(
        "kiwivm/setNotificationPreferences",
        fixture!("ok/kiwivm_setNotificationPreferences.json"),
    );
    assert_chinese(
        &set,
        &["A snapshot is complete"],
        &[
            "❌ 已关闭：A snapshot is complete",
            "⚠️ KiwiVM 没有应用 `no_such_pref`",
        ],
    );
}

//! Alert cards, the fleet view and the digest as messages: buttons, files, colours and limits.

use crate::domain::budget::PointsLeft;
use crate::domain::{CustomId, DataUse, Facts, PanelEntry, RoleId, ServerAlias, Severity, Veid};
use crate::engine::{FleetRow, FleetView};
use crate::i18n::Locale;
use crate::tr;

use super::alerts::{card, escalation, resolved, AlertCard};
use super::reply::limits;
use super::{colour, fleet};

fn web1() -> ServerAlias {
    ServerAlias::parse("web1").unwrap()
}

fn violation() -> Facts {
    Facts::PolicyViolation {
        record_id: 42,
        flag: "spam".into(),
        points: Some(20),
        total_points: Some(20),
        max_points: Some(1500),
        evidence: "x".repeat(300),
        suspend_at: Some(1_700_100_000),
        is_soft: true,
    }
}

fn with<'a>(server: &'a ServerAlias, facts: &'a Facts, roles: &'a [RoleId]) -> AlertCard<'a> {
    AlertCard {
        id: 7,
        server,
        severity: Severity::Critical,
        facts,
        first_seen: 1_700_000_000,
        acked_by: None,
        mentions: roles,
    }
}

fn ids(reply: &super::Reply) -> Vec<CustomId> {
    reply
        .components
        .iter()
        .map(|b| b.custom_id.clone())
        .collect()
}

#[test]
fn a_violation_card_mentions_its_roles_and_offers_ack_mute_and_resolve() {
    let (server, facts) = (web1(), violation());
    let roles = [RoleId(5)];
    let reply = card(&with(&server, &facts, &roles), Locale::En);
    assert_eq!(reply.content, "<@&5>");
    assert_eq!(
        ids(&reply),
        [
            CustomId::Ack(7),
            CustomId::Mute {
                alert: 7,
                secs: 3600
            },
            CustomId::Mute {
                alert: 7,
                secs: 86_400
            },
            CustomId::Resolve(7)
        ]
    );
    assert_eq!(reply.embeds[0].color, colour::DANGER);
    assert!(reply.embeds[0]
        .fields
        .iter()
        .any(|f| f.value.contains("<t:1700000000:R>")));
}

#[test]
fn only_a_soft_suspension_with_a_case_offers_unsuspend_and_an_acked_card_no_ack() {
    let server = web1();
    let soft = Facts::Suspension {
        record_id: Some(9),
        flag: "copyright".into(),
        is_soft: true,
        points: None,
        evidence: String::new(),
        data_reset: None,
    };
    let hard = Facts::Suspension {
        record_id: Some(9),
        flag: "copyright".into(),
        is_soft: false,
        points: None,
        evidence: String::new(),
        data_reset: None,
    };
    assert!(ids(&card(&with(&server, &soft, &[]), Locale::En)).contains(&CustomId::Unsuspend(7)));
    let mut acked = with(&server, &hard, &[]);
    acked.acked_by = Some(crate::domain::UserId(3));
    let reply = card(&acked, Locale::ZhCn);
    assert!(!ids(&reply).contains(&CustomId::Unsuspend(7)));
    assert!(!ids(&reply).contains(&CustomId::Ack(7)));
}

#[test]
fn a_null_route_card_attaches_the_attack_log_named_after_the_ip() {
    let server = web1();
    let facts = Facts::NullRoute {
        ip: "2001:db8::1".into(),
        since: Some(1_700_000_000),
        duration_s: Some(3600),
        log: Some("flood".into()),
    };
    let reply = card(&with(&server, &facts, &[]), Locale::En);
    assert_eq!(reply.attachments[0].name, "nullroute-2001-db8--1.log");
    assert_eq!(reply.attachments[0].bytes, b"flood");
}

#[test]
fn a_resolved_card_says_how_long_it_lasted_in_the_ok_colour_with_no_buttons() {
    let (server, facts) = (web1(), violation());
    let reply = resolved(
        &with(&server, &facts, &[RoleId(5)]),
        1_700_007_200,
        Locale::En,
    );
    assert!(reply.components.is_empty() && reply.content.is_empty());
    assert_eq!(reply.embeds[0].color, colour::OK);
    let span = super::units::duration(7200, Locale::En);
    assert_eq!(
        reply.embeds[0].description,
        tr!(Locale::En, "alert-resolved-after", span = span.as_str())
    );
    let event = Facts::ChangedOutside {
        entries: vec![PanelEntry {
            at: 1,
            ip: None,
            kind: "reinstall".into(),
            summary: "OS reinstalled".into(),
        }],
    };
    let closed = resolved(&with(&server, &event, &[]), 1_700_007_200, Locale::En);
    assert_eq!(
        closed.embeds[0].description,
        tr!(Locale::En, "alert-closed-after", span = span.as_str())
    );
}

#[test]
fn an_escalation_mentions_the_roles_of_its_new_severity() {
    let (server, facts) = (web1(), violation());
    let reply = escalation(&with(&server, &facts, &[RoleId(5), RoleId(6)]), Locale::En);
    assert!(
        reply.content.starts_with("<@&5> <@&6> "),
        "{}",
        reply.content
    );
    assert!(reply.content.contains("<t:1700100000:R>"));
}

fn row(i: usize) -> FleetRow {
    FleetRow {
        server: ServerAlias::parse(&format!("vps{i}")).unwrap(),
        veid: Veid(i as u64),
        state: Some("running".into()),
        suspended: Some(false),
        data: Some(DataUse {
            used: 50,
            quota: 100,
            next_reset: Some(1_700_000_000),
        }),
        abuse: Some((Some(0), Some(1500))),
        open_alerts: i % 2,
        worst: (i % 2 == 1).then_some(Severity::Warning),
        points: Some(PointsLeft {
            short: Some(900),
            day: None,
            read_at: 1,
        }),
        as_of: Some(1_699_999_000),
        failure: None,
    }
}

#[test]
fn a_fleet_of_up_to_25_is_one_field_each_and_past_that_a_table_in_a_file() {
    let view = |n: usize| FleetView {
        rows: (0..n).map(row).collect(),
        now: 1_700_000_000,
    };
    let small = fleet::fleet(&view(25), Locale::En, 0);
    assert_eq!(small.embeds[0].fields.len(), limits::FIELDS);
    assert!(small.attachments.is_empty());
    let big = fleet::fleet(&view(26), Locale::ZhCn, 0).fit(Locale::ZhCn);
    assert!(big.embeds[0].fields.is_empty());
    let table = String::from_utf8(big.attachments[0].bytes.clone()).unwrap();
    assert_eq!(table.lines().count(), 27, "{table}");
    assert!(table.lines().nth(26).unwrap().starts_with("vps25\t"));
}

//! Where suggestions come from, how they are named and filtered, and Discord's limits.

use kiwiops::engine::Label;
use kiwiops::i18n::Locale;
use kiwiops::render::suggest;
use kiwiops::simulator::Violation;

use super::{Harness, Typed, DEMO1, OWNER};

#[tokio::test]
async fn os_suggestions_come_from_kiwivm_and_are_filtered_by_what_was_typed() {
    let h = Harness::start().await;
    let all = h.os_values(OWNER, "").await;
    assert_eq!(all.len(), 7, "{all:?}");
    assert_eq!(all[0], "debian-12-x86_64", "the installed OS comes first");
    let typed = Typed::new("os", Some("reinstall"), "os", "", Some("demo1"));
    let first = h.suggestions(OWNER, &typed, Locale::En).await;
    assert_eq!(first[0].label, Label::Os { installed: true });
    assert!(first[1..]
        .iter()
        .all(|s| s.label == Label::Os { installed: false }));
    assert_eq!(
        h.os_values(OWNER, "DEBIAN").await,
        ["debian-12-x86_64", "debian-11-x86_64"]
    );
    assert_eq!(
        h.os_values(OWNER, "9").await,
        ["almalinux-9-x86_64", "rocky-9-x86_64"],
        "substring matches when nothing starts with it"
    );
    assert!(h.os_values(OWNER, "windows").await.is_empty());
}

#[tokio::test]
async fn a_snapshot_created_just_before_is_suggested_by_file_name_with_its_description() {
    let h = Harness::start().await;
    let file = h.create_snapshot("before upgrade").await;
    let typed = Typed::new("snapshot", Some("delete"), "snapshot", "", Some("demo1"));
    let list = h.suggestions(OWNER, &typed, Locale::En).await;
    let found = list.iter().find(|s| s.value == file).expect("listed");
    assert_eq!(
        found.label,
        Label::Snapshot {
            description: Some("before upgrade".into()),
            sticky: false
        }
    );
    assert!(found.name.contains("before upgrade"), "{found:?}");
    let typed = h
        .complete(
            OWNER,
            "snapshot",
            Some("restore"),
            "snapshot",
            "UPGRADE",
            Some("demo1"),
        )
        .await;
    assert_eq!(typed.len(), 1);
    assert_eq!(typed[0].1, file);
}

#[tokio::test]
async fn there_are_never_more_than_twenty_five_suggestions() {
    let h = Harness::start().await;
    let mut ids = Vec::new();
    for i in 0..30 {
        let v = Violation::new("spam", 10 + i, "mail to many");
        ids.push(h.ctl().inject_violation(DEMO1, v));
    }
    let typed = Typed::new("abuse", Some("resolve"), "record_id", "", Some("demo1"));
    for locale in Locale::ALL {
        let list = h.suggestions(OWNER, &typed, locale).await;
        assert_eq!(list.len(), 25);
        assert_eq!(list[0].value, ids[0].to_string());
        assert!(
            matches!(
                &list[0].label,
                Label::Violation { id, flag: Some(flag), points: Some(10), .. }
                    if *id == ids[0] && flag == "spam"
            ),
            "{:?}",
            list[0]
        );
        assert!(list
            .iter()
            .all(|s| s.name.chars().count() <= 100 && s.value.parse::<u64>().is_ok()));
    }
}

#[tokio::test]
async fn service_info_feeds_isos_and_addresses_with_one_call() {
    let h = Harness::start().await;
    // Adding the server checked its key with one getServiceInfo already.
    let calls = h.ctl().call_count(DEMO1, "getServiceInfo");
    let isos = h
        .complete(OWNER, "iso", Some("mount"), "iso", "", Some("demo1"))
        .await;
    assert_eq!(isos.len(), 4, "{isos:?}");
    let ips = h
        .complete(OWNER, "vps", Some("ptr"), "ip", "", Some("demo1"))
        .await;
    assert_eq!(ips.len(), 1, "{ips:?}");
    assert!(ips[0].1.parse::<std::net::Ipv4Addr>().is_ok());
    let v6 = h
        .complete(OWNER, "ip", Some("ipv6-delete"), "ip", "", Some("demo1"))
        .await;
    assert!(v6.is_empty(), "a fresh VPS has no IPv6 subnet: {v6:?}");
    assert_eq!(h.ctl().call_count(DEMO1, "getServiceInfo"), calls + 1);
}

#[tokio::test]
async fn choices_are_filtered_like_any_other_suggestion() {
    let h = Harness::start().await;
    let levels = h
        .complete(OWNER, "grant", Some("add"), "level", "OP", None)
        .await;
    assert_eq!(levels.len(), 1);
    assert_eq!(levels[0].1, "operator");
    let nothing = h
        .complete(OWNER, "vps", Some("hostname"), "name", "x", Some("demo1"))
        .await;
    assert!(nothing.is_empty());
    let unknown = h.complete(OWNER, "nosuch", None, "server", "", None).await;
    assert!(unknown.is_empty());
}

#[tokio::test]
async fn a_chinese_reader_gets_the_same_suggestions_named_in_chinese() {
    let h = Harness::start().await;
    let os = Typed::new("os", Some("reinstall"), "os", "", Some("demo1"));
    let en = h.suggestions(OWNER, &os, Locale::En).await;
    let zh = h.suggestions(OWNER, &os, Locale::ZhCn).await;
    let values = |list: &[kiwiops::engine::Suggestion]| -> Vec<String> {
        list.iter().map(|s| s.value.clone()).collect()
    };
    assert_eq!(values(&zh), values(&en));
    assert_eq!(zh[0].label, en[0].label);
    assert_ne!(zh[0].name, en[0].name, "the installed mark is in Chinese");
    assert_eq!(
        zh[0].name,
        suggest::name(&zh[0].label, &zh[0].value, Locale::ZhCn)
    );
    assert_eq!(
        h.ctl().call_count(DEMO1, "getAvailableOS"),
        1,
        "one cache for both"
    );

    // A fixed choice shows its Chinese name and is still found by the English one.
    let level = Typed::new("grant", Some("add"), "level", "OP", None);
    let picked = h.suggestions(OWNER, &level, Locale::ZhCn).await;
    assert_eq!(picked.len(), 1);
    assert_eq!(picked[0].value, "operator");
    assert_eq!(
        picked[0].name,
        kiwiops::catalog::choice_name("level", "operator", Locale::ZhCn)
    );
}

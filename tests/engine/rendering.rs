//! Replies through the console: charts and screenshots become PNG files in the output folder, and a
//! reply too long for one message becomes a text file with nothing lost.

use std::path::Path;

use kiwiops::i18n::Locale;
use kiwiops::kiwivm::models::{KiwiReply, VeStatus};
use kiwiops::tr;

use super::{Harness, DEMO1};

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The single attachment of a reply whose file name ends with `suffix`, read from disk.
fn attachment(said: &super::Said, suffix: &str) -> Vec<u8> {
    let paths = said.attachments();
    let path = paths
        .iter()
        .find(|p| p.to_string_lossy().ends_with(suffix))
        .unwrap_or_else(|| panic!("no *{suffix} attachment: {said:?}"));
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert!(bytes.starts_with(PNG_SIGNATURE), "not a PNG");
    let reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .expect("a PNG that decodes");
    let info = reader.info();
    (info.width, info.height)
}

/// The chart's "Samples" field.
fn samples(said: &super::Said) -> u64 {
    said.json["embeds"][0]["fields"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["name"] == tr!(Locale::En, "usage-samples").as_str())
        .and_then(|f| f["value"].as_str()?.parse().ok())
        .unwrap_or_else(|| panic!("no Samples field: {said:?}"))
}

fn written_under(dir: &Path, said: &super::Said) {
    for path in said.attachments() {
        assert!(
            path.starts_with(dir),
            "{} is outside {}",
            path.display(),
            dir.display()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_usage_chart_is_a_1200_by_900_png_in_the_output_folder() {
    let mut h = Harness::start().await;
    let said = h.say("/vps usage server:demo1").await;
    written_under(&h.out_dir(), &said);
    assert_eq!(png_size(&attachment(&said, "usage.png")), (1200, 900));
    assert_eq!(said.json["embeds"][0]["image"], "attachment://usage.png");
    let period = |said: &super::Said| said.kiwi().and_then(|k| k.period.clone());
    // Without a period, the default day, named as its choice is named.
    let title = |choice: &str| {
        let period = kiwiops::catalog::choice_name("period", choice, Locale::En);
        tr!(Locale::En, "usage-title", server = "demo1", period = period)
    };
    assert_eq!(period(&said), None, "{said:?}");
    assert_eq!(said.json["embeds"][0]["title"], title("24h"));
    let day = samples(&said);
    let said = h.say("/vps usage server:demo1 period:7d").await;
    assert_eq!(png_size(&attachment(&said, "usage.png")), (1200, 900));
    assert_eq!(
        period(&said),
        Some((7 * 86_400, "7d".to_string())),
        "{said:?}"
    );
    assert_eq!(said.json["embeds"][0]["title"], title("7d"));
    assert!(
        samples(&said) > 6 * day,
        "a week has {} samples, a day {day}",
        samples(&said)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_screenshot_is_a_png_in_the_output_folder() {
    let mut h = Harness::start().await;
    let said = h.say("/vps screenshot server:demo1").await;
    written_under(&h.out_dir(), &said);
    let (width, height) = png_size(&attachment(&said, "screenshot.png"));
    assert!(width >= 640 && height >= 400, "{width}x{height}");
    assert_eq!(
        said.json["embeds"][0]["image"],
        "attachment://screenshot.png"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_openvz_vps_has_no_screenshot_and_says_so() {
    let mut h = Harness::start().await;
    let said = h.say("/vps screenshot server:demo2").await;
    assert!(said.attachments().is_empty(), "{said:?}");
    match said.kiwi().map(|k| &k.reply) {
        Some(KiwiReply::Live(live)) => assert!(live.screendump_png_base64.is_none()),
        _ => panic!("not the live reply: {said:?}"),
    }
    assert_eq!(
        said.content(),
        tr!(Locale::En, "shot-none", server = "demo2")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_audit_log_shows_the_newest_and_keeps_every_entry_in_a_file() {
    let mut h = Harness::start().await;
    // Each change adds a line to KiwiVM's own audit log; fifty make it longer than an embed holds.
    for n in 0..50 {
        let name = format!("host{n:02}.example.com");
        h.direct(DEMO1, "setHostname", &[("newHostname", name.as_str())])
            .await;
    }
    let said = h.say("/vps audit-log server:demo1").await;
    written_under(&h.out_dir(), &said);
    assert!(said.content().chars().count() <= 2000, "{said:?}");
    // The message shows the newest entries; the whole log travels as a file.
    let file = String::from_utf8(attachment(&said, "audit-log.txt")).expect("UTF-8 text");
    for n in 0..50 {
        assert!(
            file.contains(&format!("host{n:02}.example.com")),
            "entry {n} is lost"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_live_view_shows_the_state_without_the_screenshot_as_base64_text() {
    let mut h = Harness::start().await;
    let said = h.say("/vps live server:demo1").await;
    let mut everything = said.json.to_string();
    for path in said.attachments() {
        if path.to_string_lossy().ends_with(".txt") {
            everything.push_str(&std::fs::read_to_string(&path).expect("text attachment"));
        }
    }
    // The base64 of a PNG signature.
    assert!(
        !everything.contains("iVBORw0KGgo"),
        "base64 PNG in the text: {said:?}"
    );
    let Some(KiwiReply::Live(live)) = said.kiwi().map(|k| &k.reply) else {
        panic!("not the live reply: {said:?}");
    };
    // The state is shown, as the running VPS's title.
    assert_eq!(live.ve_status, Some(VeStatus::Running), "{said:?}");
    assert_eq!(
        said.json["embeds"][0]["title"],
        tr!(Locale::En, "live-title-running", server = "demo1")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_that_fits_stays_in_the_message() {
    let mut h = Harness::start().await;
    let said = h.say("/os list server:demo1").await;
    assert!(said.attachments().is_empty(), "{said:?}");
    assert!(
        matches!(
            said.kiwi().map(|k| &k.reply),
            Some(KiwiReply::AvailableOs(_))
        ),
        "{said:?}"
    );
    assert!(said.text().contains("debian-12-x86_64"), "{said:?}");
}

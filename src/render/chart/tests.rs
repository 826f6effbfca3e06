//! Tests of the whole chart: the PNG, what it draws, and whether its fonts hold every character drawn.

use ab_glyph::{Font, FontRef};

use super::record::Drawn;
use super::*;
use crate::i18n::Locale;

const HOUR: i64 = 3600;
const DAY: i64 = 86_400;
/// 2026-11-05 21:05:00 UTC.
const NEWEST: i64 = 1_793_912_700;

/// `n` samples, 300 s apart, ending at `NEWEST`, with network in peaking at 78 KiB/s.
fn samples(n: usize) -> Vec<Sample> {
    (0..n)
        .map(|i| Sample {
            timestamp: NEWEST - (n - 1 - i) as i64 * 300,
            cpu_percent: (i % 100) as f64,
            net_in: (i % 50) as f64 / 49.0 * 78.0 * 1024.0 * 300.0,
            net_out: 500.0,
            disk_read: 10.0,
            disk_write: (i % 7) as f64 * 4096.0,
        })
        .collect()
}

fn english() -> ChartText {
    ChartText::new("demo1", "24h", Locale::En)
}

fn pixels(png_bytes: Vec<u8>) -> Vec<u8> {
    let mut reader = png::Decoder::new(std::io::Cursor::new(png_bytes))
        .read_info()
        .unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    reader.next_frame(&mut buf).unwrap();
    buf
}

fn texts(drawn: &[Drawn]) -> Vec<&str> {
    drawn.iter().map(|d| d.text.as_str()).collect()
}

/// Every character of every string drawn that the font of its family lacks or cannot outline.
fn uncovered(drawn: &[Drawn], script: Script) -> Vec<(String, char)> {
    let font = FontRef::try_from_slice(font::bytes(script)).unwrap();
    let mut missing = Vec::new();
    for d in drawn {
        assert_eq!(
            d.family,
            font::family(script),
            "{:?} drawn in another font",
            d.text
        );
        for c in d.text.chars() {
            let glyph = font.glyph_id(c);
            let outlined =
                c.is_whitespace() || font.outline_glyph(glyph.with_scale(20.0)).is_some();
            if glyph.0 == 0 || !outlined {
                missing.push((d.text.clone(), c));
            }
        }
    }
    missing
}

#[test]
fn the_chart_is_a_png_of_the_expected_size() {
    let png_bytes = usage_png(&english(), &samples(288), DAY).unwrap();
    let reader = png::Decoder::new(std::io::Cursor::new(png_bytes))
        .read_info()
        .unwrap();
    let info = reader.info();
    assert_eq!((info.width, info.height), (WIDTH, HEIGHT));
}

#[test]
fn the_chart_is_not_blank() {
    let buf = pixels(usage_png(&english(), &samples(50), 6 * HOUR).unwrap());
    let red = buf
        .chunks(3)
        .filter(|p| p[0] > 200 && p[1] < 100 && p[2] < 100)
        .count();
    assert!(red > 100, "the red CPU line is missing ({red} red pixels)");
}

#[test]
fn the_zh_cn_chart_draws_every_character_with_a_glyph_of_the_embedded_cjk_font() {
    let periods = [
        (HOUR, "1h"),
        (6 * HOUR, "6h"),
        (DAY, "24h"),
        (7 * DAY, "7d"),
        (30 * DAY, "30d"),
    ];
    for (span, name) in periods {
        // The title names the period as a Chinese reader's choice shows it (`24 小时`).
        let shown = crate::catalog::choice_name("period", name, Locale::ZhCn);
        let text = ChartText::new("demo1", &shown, Locale::ZhCn);
        let (_, drawn) = render(&text, &samples(8640), span).unwrap();
        let drawn_texts = texts(&drawn);
        // The Chinese words really were drawn, so the coverage below is about them.
        assert!(drawn_texts.contains(&text.title.as_str()));
        assert!(drawn_texts.contains(&text.network_panel.as_str()));
        assert!(drawn_texts.contains(&text.disk_write.as_str()));
        if span >= DAY {
            assert!(
                drawn_texts.iter().any(|t| t.contains('月')),
                "no date tick drawn over {name}: {drawn_texts:?}"
            );
        }
        assert_eq!(uncovered(&drawn, Script::Cjk), [], "over {name}");
    }
}

#[test]
fn the_english_chart_draws_every_character_with_a_glyph_of_dejavu() {
    for span in [HOUR, DAY, 7 * DAY] {
        let (_, drawn) = render(&english(), &samples(2016), span).unwrap();
        assert!(drawn.len() > 20, "{drawn:?}");
        assert_eq!(uncovered(&drawn, Script::Latin), []);
    }
}

#[test]
fn the_embedded_cjk_font_holds_every_character_the_subset_script_was_given() {
    let font = FontRef::try_from_slice(font::bytes(Script::Cjk)).unwrap();
    let listed = include_str!("../../../assets/fonts/cjk-chars.txt");
    let ascii = (0x20u8..=0x7e).map(char::from);
    let missing: Vec<char> = listed
        .chars()
        .filter(|c| !c.is_control())
        .chain(ascii)
        .filter(|c| font.glyph_id(*c).0 == 0)
        .collect();
    assert_eq!(missing, Vec::<char>::new());
    // A character nobody asked for is not there: the file really is the subset, not the whole font.
    assert_eq!(font.glyph_id('龍').0, 0);
}

#[test]
fn the_chart_draws_the_title_it_is_given() {
    let text = ChartText::new("demo1", "24h", Locale::En);
    let (_, drawn) = render(&text, &samples(288), DAY).unwrap();
    assert_eq!(
        drawn.first().map(|d| d.text.as_str()),
        Some(text.title.as_str())
    );
}

#[test]
fn every_midnight_of_a_week_is_labelled() {
    let text = english();
    let (_, drawn) = render(&text, &samples(2016), 7 * DAY).unwrap();
    let axis = axes::time_axis(NEWEST - 7 * DAY, NEWEST);
    let midnights: Vec<i64> = (1..=7)
        .map(|k| NEWEST - NEWEST % DAY - (7 - k) * DAY)
        .collect();
    assert_eq!(axis.ticks, midnights);
    let drawn_texts = texts(&drawn);
    for midnight in midnights {
        let label = (text.time_tick)(&axis.tick(midnight));
        // Each of the three panels labels its own time axis.
        let times = drawn_texts.iter().filter(|t| **t == label).count();
        assert_eq!(times, 3, "{label} drawn {times} times: {drawn_texts:?}");
    }
}

#[test]
fn network_ticks_are_drawn_as_round_values_in_the_unit_given() {
    let text = english();
    let (_, drawn) = render(&text, &samples(288), DAY).unwrap();
    let drawn_texts = texts(&drawn);
    for n in [0, 20, 40, 60, 80] {
        let label = format!("{n} {}", text.rates[1]);
        assert!(
            drawn_texts.contains(&label.as_str()),
            "{label} missing: {drawn_texts:?}"
        );
    }
}

#[test]
fn samples_older_than_the_period_are_left_out() {
    let recent = samples(12);
    let mut with_old = recent.clone();
    with_old.insert(
        0,
        Sample {
            timestamp: NEWEST - 2 * HOUR,
            cpu_percent: 900.0,
            ..recent[0]
        },
    );
    let text = english();
    assert_eq!(
        render(&text, &with_old, HOUR).unwrap(),
        render(&text, &recent, HOUR).unwrap()
    );
    // Over three hours the old spike is in the window and changes the picture.
    assert_ne!(
        render(&text, &with_old, 3 * HOUR).unwrap(),
        render(&text, &recent, 3 * HOUR).unwrap()
    );
}

#[test]
fn absurd_samples_are_dropped_or_zeroed_instead_of_panicking() {
    let mut bad = samples(10);
    bad[0].timestamp = i64::MAX;
    bad[1].cpu_percent = f64::NAN;
    bad[2].net_in = -5.0;
    bad[3].disk_write = f64::INFINITY;
    assert!(usage_png(&english(), &bad, HOUR).is_ok());
    let all_bad = [Sample {
        timestamp: i64::MIN,
        ..bad[1]
    }];
    assert!(matches!(
        usage_png(&english(), &all_bad, HOUR),
        Err(ChartError::Empty)
    ));
    for span in [i64::MIN, -1, 0, i64::MAX] {
        assert!(usage_png(&english(), &samples(3), span).is_ok(), "{span}");
    }
}

#[test]
fn no_samples_is_a_clear_error() {
    assert!(matches!(
        usage_png(&english(), &[], HOUR),
        Err(ChartError::Empty)
    ));
}

#[test]
fn a_long_history_is_averaged_down_to_at_most_600_points() {
    let many = samples(8640);
    let fewer = downsample(&many);
    assert!(fewer.len() <= MAX_POINTS && fewer.len() > MAX_POINTS / 2);
    let mean = |v: &[Sample]| v.iter().map(|s| s.net_in).sum::<f64>() / v.len() as f64;
    assert!((mean(&many) - mean(&fewer)).abs() / mean(&many) < 0.01);
}

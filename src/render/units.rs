//! Numbers for people: binary sizes, percentages, durations and Discord timestamps.

use crate::i18n::Locale;
use crate::tr;

/// Bytes in binary units, as KiwiVM counts them (a "1000 GB" plan is 1000 × 1024³ bytes).
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if value >= 100.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else if value >= 10.0 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.2} {}", UNITS[unit])
    }
}

/// `used` as a percentage of `total`, one decimal; "—" when there is no total.
pub fn percent(used: u64, total: u64) -> String {
    if total == 0 {
        return "—".to_string();
    }
    format!("{:.1}%", used as f64 * 100.0 / total as f64)
}

/// `used of total (pct)`, e.g. `12.5 GiB of 1000 GiB (1.3%)`.
pub fn usage(used: u64, total: u64, locale: Locale) -> String {
    tr!(
        locale,
        "usage-of",
        used = bytes(used),
        total = bytes(total),
        percent = percent(used, total)
    )
}

/// A Discord timestamp that each reader sees in their own time zone and language.
pub fn relative_time(unix: i64) -> String {
    format!("<t:{unix}:R>")
}

/// Date and time, plus the relative form: `<t:…:f> (<t:…:R>)`.
pub fn full_time(unix: i64) -> String {
    format!("<t:{unix}:f> ({})", relative_time(unix))
}

/// A duration in words, rounded to its largest unit or two: `2 h 5 min`, `45 s`.
pub fn duration(secs: u64, locale: Locale) -> String {
    let (d, h, m, s) = (
        secs / 86_400,
        secs % 86_400 / 3600,
        secs % 3600 / 60,
        secs % 60,
    );
    match (d, h, m) {
        (0, 0, 0) => tr!(locale, "duration-s", s = s),
        (0, 0, _) if s == 0 => tr!(locale, "duration-min", m = m),
        (0, 0, _) => tr!(locale, "duration-min-s", m = m, s = s),
        (0, _, 0) => tr!(locale, "duration-h", h = h),
        (0, _, _) => tr!(locale, "duration-h-min", h = h, m = m),
        (_, 0, _) => tr!(locale, "duration-d", d = d),
        _ => tr!(locale, "duration-d-h", d = d, h = h),
    }
}

/// Days since 1970-01-01 to (year, month, day); Howard Hinnant's algorithm, exact for all i64 days we meet.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `2026-11-28 21:59 UTC`, for places that cannot show Discord's local-time markup.
pub fn utc(unix: i64) -> String {
    let (y, m, d) = civil_from_days(unix.div_euclid(86_400));
    let secs = unix.rem_euclid(86_400);
    format!(
        "{y}-{m:02}-{d:02} {:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60
    )
}

/// `in 5 min` or `3 h ago`, relative to `now`.
pub fn relative_words(unix: i64, now: i64, locale: Locale) -> String {
    let delta = unix.saturating_sub(now);
    if delta.unsigned_abs() < 5 {
        return tr!(locale, "time-now");
    }
    let span = duration(delta.unsigned_abs(), locale);
    if delta > 0 {
        tr!(locale, "time-in", span = span)
    } else {
        tr!(locale, "time-ago", span = span)
    }
}

/// Replaces Discord timestamp markup (`<t:UNIX:R>`, `<t:UNIX:f>` …) with plain words.
pub fn plain_timestamps(text: &str, now: i64, locale: Locale) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<t:") {
        out.push_str(&rest[..start]);
        let tail = &rest[start + 3..];
        let parsed = tail.find('>').and_then(|end| {
            let inner = &tail[..end];
            let (num, style) = inner.split_once(':').unwrap_or((inner, "f"));
            num.parse::<i64>().ok().map(|t| (t, style.to_string(), end))
        });
        match parsed {
            Some((t, style, end)) => {
                out.push_str(&if style == "R" {
                    relative_words(t, now, locale)
                } else {
                    utc(t)
                });
                rest = &tail[end + 1..];
            }
            None => {
                out.push_str("<t:");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_use_binary_units() {
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(1023), "1023 B");
        assert_eq!(bytes(1024), "1.00 KiB");
        assert_eq!(bytes(1536), "1.50 KiB");
        assert_eq!(bytes(1000 * 1024u64.pow(3)), "1000 GiB");
        assert_eq!(bytes(40 * 1024u64.pow(3)), "40.0 GiB");
    }

    #[test]
    fn a_percentage_of_nothing_is_a_dash_not_a_division_by_zero() {
        assert_eq!(percent(5, 0), "—");
        assert_eq!(percent(1, 8), "12.5%");
    }

    #[test]
    fn timestamps_are_discord_markup() {
        assert_eq!(relative_time(1_700_000_000), "<t:1700000000:R>");
        assert_eq!(full_time(5), "<t:5:f> (<t:5:R>)");
    }

    #[test]
    fn dates_are_right() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(utc(1_700_000_000), "2023-11-14 22:13 UTC");
    }

    #[test]
    fn discord_timestamps_become_plain_words_for_the_terminal() {
        let text = "resets <t:1700003600:R>, created <t:1700000000:f> (<t:1699996400:R>), <t:bad";
        assert_eq!(
            plain_timestamps(text, 1_700_000_000, Locale::En),
            "resets in 1 h, created 2023-11-14 22:13 UTC (1 h ago), <t:bad"
        );
        assert_eq!(
            plain_timestamps("<t:1700003600:R>", 1_700_000_000, Locale::ZhCn),
            "1 小时后"
        );
    }

    #[test]
    fn absurd_timestamps_do_not_overflow() {
        assert!(relative_words(i64::MIN, i64::MAX, Locale::En).ends_with("ago"));
        assert!(
            plain_timestamps("<t:-9223372036854775808:R>", 1_700_000_000, Locale::En)
                .ends_with("ago")
        );
        assert!(!utc(i64::MAX).is_empty());
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(45, Locale::En), "45 s");
        assert_eq!(duration(300, Locale::En), "5 min");
        assert_eq!(duration(7500, Locale::En), "2 h 5 min");
        assert_eq!(duration(90_000, Locale::En), "1 d 1 h");
        assert_eq!(duration(7500, Locale::ZhCn), "2 小时 5 分钟");
    }
}

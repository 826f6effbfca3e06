//! The shapes of config values written as text: durations, clock times, UTC offsets, the message
//! language, URLs and Discord ids. Each parser says what is wrong; the reader adds key and source.

use std::fmt;

use crate::i18n::Locale;
use std::ops::RangeInclusive;
use std::str::FromStr;
use std::time::Duration;

/// A human duration (`90s`, `30m`, `2h`, `1h30m`) within `bounds`: the one parser for every
/// duration key, so they all accept and refuse the same spellings.
pub fn duration(raw: &str, bounds: RangeInclusive<Duration>) -> Result<Duration, String> {
    let parsed = humantime::parse_duration(raw.trim())
        .map_err(|e| format!("not a duration such as 90s, 30m, 2h or 1h30m ({e})"))?;
    if bounds.contains(&parsed) {
        Ok(parsed)
    } else {
        Err(format!(
            "must be between {} and {}",
            humantime::format_duration(*bounds.start()),
            humantime::format_duration(*bounds.end())
        ))
    }
}

/// An `http://` or `https://` URL with a host.
pub fn http_url(raw: &str) -> Result<String, String> {
    let url = url::Url::parse(raw).map_err(|e| format!("not a URL: {e}"))?;
    match url.scheme() {
        "http" | "https" if url.host().is_some() => Ok(raw.to_string()),
        _ => Err("expected an http:// or https:// URL with a host".to_string()),
    }
}

/// A Discord id (a snowflake), written with digits only.
pub fn snowflake(raw: &str) -> Result<u64, String> {
    let text = raw.trim();
    match text.parse::<u64>() {
        Ok(id) if id > 0 && text.bytes().all(|b| b.is_ascii_digit()) => Ok(id),
        _ => Err("not a Discord id (digits only)".to_string()),
    }
}

/// The language of messages not tied to one person (alerts, digests, approval posts): exactly
/// `en` or `zh-CN` (any case), stricter than what the console's `locale` line accepts.
pub fn language(s: &str) -> Result<Locale, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "en" => Ok(Locale::En),
        "zh-cn" => Ok(Locale::ZhCn),
        _ => Err("expected en or zh-CN".to_string()),
    }
}

/// A time of day, `HH:MM` on a 24-hour clock. Hand-parsed: two numbers and a colon do not
/// justify a date-time crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct ClockTime {
    hour: u8,
    minute: u8,
}

impl ClockTime {
    pub fn new(hour: u8, minute: u8) -> Option<ClockTime> {
        (hour < 24 && minute < 60).then_some(ClockTime { hour, minute })
    }

    pub fn hour(self) -> u8 {
        self.hour
    }

    pub fn minute(self) -> u8 {
        self.minute
    }

    /// Seconds since midnight.
    pub fn seconds(self) -> i64 {
        i64::from(self.hour) * 3600 + i64::from(self.minute) * 60
    }
}

impl fmt::Display for ClockTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour, self.minute)
    }
}

impl FromStr for ClockTime {
    type Err = String;
    fn from_str(s: &str) -> Result<ClockTime, String> {
        let bad = || "expected a time HH:MM from 00:00 to 23:59".to_string();
        let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
        let digits = |t: &str, len: RangeInclusive<usize>| {
            if len.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()) {
                t.parse::<u8>().ok()
            } else {
                None
            }
        };
        match (digits(h, 1..=2), digits(m, 2..=2)) {
            (Some(hour), Some(minute)) => ClockTime::new(hour, minute).ok_or_else(bad),
            _ => Err(bad()),
        }
    }
}

/// A fixed offset from UTC, `+08:00` or `-05:30`, within the offsets in use (-12:00 to +14:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UtcOffset {
    /// Minutes east of UTC.
    minutes: i16,
}

impl UtcOffset {
    pub const UTC: UtcOffset = UtcOffset { minutes: 0 };

    /// Seconds east of UTC.
    pub fn seconds(self) -> i64 {
        i64::from(self.minutes) * 60
    }
}

impl fmt::Display for UtcOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.minutes < 0 { '-' } else { '+' };
        let abs = self.minutes.unsigned_abs();
        write!(f, "{sign}{:02}:{:02}", abs / 60, abs % 60)
    }
}

impl FromStr for UtcOffset {
    type Err = String;
    fn from_str(s: &str) -> Result<UtcOffset, String> {
        let bad =
            || "expected an offset such as +08:00 or -05:30, from -12:00 to +14:00".to_string();
        let s = s.trim();
        let (sign, rest) = match s.as_bytes().first() {
            Some(b'+') => (1, &s[1..]),
            Some(b'-') => (-1, &s[1..]),
            _ => return Err(bad()),
        };
        let time: ClockTime = rest.parse().map_err(|_| bad())?;
        if rest.split(':').next().map(str::len) != Some(2) {
            return Err(bad());
        }
        let minutes = sign * (i16::from(time.hour) * 60 + i16::from(time.minute));
        if (-12 * 60..=14 * 60).contains(&minutes) {
            Ok(UtcOffset { minutes })
        } else {
            Err(bad())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANY: RangeInclusive<Duration> = Duration::ZERO..=Duration::from_secs(86_400);

    #[test]
    fn human_durations_parse_in_every_documented_form() {
        for (raw, secs) in [("90s", 90), ("30m", 1800), ("2h", 7200), ("1h30m", 5400)] {
            assert_eq!(duration(raw, ANY), Ok(Duration::from_secs(secs)), "{raw}");
        }
    }

    #[test]
    fn a_duration_without_a_unit_or_outside_its_bounds_is_refused() {
        assert!(duration("30", ANY).is_err());
        assert!(duration("soon", ANY).is_err());
        assert!(duration("-5m", ANY).is_err());
        let at_least_30s = Duration::from_secs(30)..=Duration::from_secs(3600);
        assert!(duration("29s", at_least_30s.clone()).is_err());
        assert!(duration("30s", at_least_30s).is_ok());
    }

    #[test]
    fn clock_times_are_hh_mm_within_a_day() {
        assert_eq!("09:00".parse(), Ok(ClockTime { hour: 9, minute: 0 }));
        assert_eq!(
            "23:59".parse(),
            Ok(ClockTime {
                hour: 23,
                minute: 59
            })
        );
        for bad in [
            "24:00", "12:60", "9", "09:0", "09:00:00", "a9:00", "+9:00", "",
        ] {
            assert!(bad.parse::<ClockTime>().is_err(), "{bad}");
        }
    }

    #[test]
    fn utc_offsets_need_a_sign_and_stay_within_the_offsets_in_use() {
        assert_eq!(
            "+08:00".parse::<UtcOffset>().map(UtcOffset::seconds),
            Ok(8 * 3600)
        );
        assert_eq!(
            "-05:30".parse::<UtcOffset>().map(UtcOffset::seconds),
            Ok(-19_800)
        );
        assert_eq!("+00:00".parse(), Ok(UtcOffset::UTC));
        for bad in [
            "08:00", "+8:00", "+15:00", "-13:00", "+08", "UTC", "+08:00x",
        ] {
            assert!(bad.parse::<UtcOffset>().is_err(), "{bad}");
        }
        assert_eq!(
            "-05:30".parse::<UtcOffset>().map(|o| o.to_string()),
            Ok("-05:30".to_string())
        );
    }

    #[test]
    fn the_language_is_en_or_zh_cn() {
        assert_eq!(language("en"), Ok(Locale::En));
        assert_eq!(language("zh-CN"), Ok(Locale::ZhCn));
        assert!(language("fr").is_err());
        assert!(language("zh").is_err());
    }

    #[test]
    fn discord_ids_are_digits_only_and_not_zero() {
        assert_eq!(snowflake("123456789012345678"), Ok(123456789012345678));
        for bad in ["alice", "+12", "0", "", "12 34"] {
            assert!(snowflake(bad).is_err(), "{bad}");
        }
    }
}

//! The lines that colour a message: suspension, open policy violations, abuse points, used-up data and
//! null routes in force, each with how bad it is. `/vps info` and `/vps live` both raise them.

use crate::i18n::Locale;
use crate::kiwivm::models::ServiceInfo;
use crate::render::{colour, units};
use crate::tr;

use super::code;
use super::service::points_of;

/// How bad the worst thing in a reply is; the embed takes its colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Severity {
    Fine,
    Warn,
    Danger,
}

/// The lines that need attention, worst first, and how bad the worst is.
#[derive(Debug, Default)]
pub(super) struct Alarms {
    lines: Vec<(Severity, String)>,
}

impl Alarms {
    pub fn raise(&mut self, severity: Severity, line: String) {
        self.lines.push((severity, line));
    }

    pub fn worst(&self) -> Severity {
        self.lines
            .iter()
            .map(|(s, _)| *s)
            .max()
            .unwrap_or(Severity::Fine)
    }

    /// The lines as a message description, worst first.
    pub fn text(&self) -> String {
        let mut lines: Vec<&(Severity, String)> = self.lines.iter().collect();
        lines.sort_by_key(|(s, _)| std::cmp::Reverse(*s));
        let marked: Vec<String> = lines
            .iter()
            .map(|(s, l)| match s {
                Severity::Danger => format!("⛔ {l}"),
                _ => format!("⚠️ {l}"),
            })
            .collect();
        marked.join("\n")
    }

    /// The colour for the worst line, or `fine` when nothing needs attention.
    pub fn colour(&self, fine: u32) -> u32 {
        match self.worst() {
            Severity::Danger => colour::DANGER,
            Severity::Warn => colour::WARN,
            Severity::Fine => fine,
        }
    }
}

/// A share of the monthly data at which a team wants to hear about it.
const DATA_WARN_RATIO: f64 = 0.9;

/// Suspension, open violations, abuse points, used-up data and live null routes.
pub(super) fn alarms(info: &ServiceInfo, now: i64, locale: Locale) -> Alarms {
    let mut alarms = Alarms::default();
    if info.suspended == Some(true) {
        alarms.raise(Severity::Danger, tr!(locale, "info-alarm-suspended"));
    }
    if info.policy_violation == Some(true) {
        alarms.raise(Severity::Danger, tr!(locale, "info-alarm-violation"));
    }
    if let Some(points) = info.total_abuse_points.filter(|p| *p > 0) {
        let points = points_of(points, info.max_abuse_points, locale);
        alarms.raise(
            Severity::Warn,
            tr!(locale, "info-alarm-points", points = points),
        );
    }
    if let Some(ratio) = info.data_used_ratio() {
        if ratio >= 1.0 {
            alarms.raise(Severity::Danger, tr!(locale, "info-alarm-data-out"));
        } else if ratio >= DATA_WARN_RATIO {
            let percent = format!("{:.0}%", ratio * 100.0);
            alarms.raise(
                Severity::Warn,
                tr!(locale, "info-alarm-data-high", percent = percent),
            );
        }
    }
    for (ip, until) in active_nullroutes(info, now) {
        let line = match until {
            Some(t) => tr!(
                locale,
                "info-alarm-nullroute-until",
                ip = code(&ip),
                until = units::relative_time(t)
            ),
            None => tr!(locale, "info-alarm-nullroute", ip = code(&ip)),
        };
        alarms.raise(Severity::Warn, line);
    }
    alarms
}

/// Null routes in force now: the IP and when it ends (unknown when KiwiVM sent no times).
fn active_nullroutes(info: &ServiceInfo, now: i64) -> Vec<(String, Option<i64>)> {
    info.ip_nullroutes
        .iter()
        .flatten()
        .filter_map(
            |(ip, n)| match (n.nullroute_timestamp, n.nullroute_duration_s) {
                (Some(start), Some(d)) => {
                    let end = start.saturating_add(i64::try_from(d).unwrap_or(i64::MAX));
                    (end > now).then(|| (ip.clone(), Some(end)))
                }
                _ => Some((ip.clone(), None)),
            },
        )
        .collect()
}

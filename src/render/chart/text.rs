//! Every word the usage chart prints, handed in by the caller, and the script they are written in.
//!
//! The chart owns the arithmetic (which ticks, which unit); the words come from Fluent
//! (`locales/*/chart.ftl`), in the reader's language.

use crate::i18n::Locale;
use crate::tr;

/// Which embedded font draws the chart: DejaVu Sans for Latin, a Noto Sans CJK SC subset for Chinese.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    Latin,
    Cjk,
}

/// What a time tick stands for: a day (at midnight, or on a multi-day axis) or a time of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TickKind {
    Day,
    TimeOfDay,
}

/// A tick on the time axis, already broken down into UTC calendar fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeTick {
    pub kind: TickKind,
    pub unix: i64,
    pub year: i64,
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
}

/// Writes one time tick in the chart's language.
pub type TickWriter = Box<dyn Fn(&TimeTick) -> String + Send + Sync>;

/// The strings the chart draws. Units are names only: which unit and which numbers is the chart's call.
pub struct ChartText {
    pub script: Script,
    /// The whole title line, e.g. `demo1 — last 24h (UTC)`.
    pub title: String,
    pub cpu_panel: String,
    pub cpu_legend: String,
    pub network_panel: String,
    pub network_in: String,
    pub network_out: String,
    pub disk_panel: String,
    pub disk_read: String,
    pub disk_write: String,
    /// Written straight after the number: `40%`.
    pub percent: String,
    /// Bytes per second in steps of 1024: B/s, KiB/s, MiB/s, GiB/s, TiB/s; written after a space.
    pub rates: [String; 5],
    pub time_tick: TickWriter,
}

impl std::fmt::Debug for ChartText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChartText")
            .field("script", &self.script)
            .field("title", &self.title)
            .finish_non_exhaustive()
    }
}

const RATES: [&str; 5] = ["B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s"];

fn clock(t: &TimeTick) -> String {
    format!("{:02}:{:02}", t.hour, t.minute)
}

impl ChartText {
    /// The chart of `alias` over `period` (as the person chose it, `24h`) in `locale`'s words.
    pub fn new(alias: &str, period: &str, locale: Locale) -> Self {
        ChartText {
            script: match locale {
                Locale::En => Script::Latin,
                Locale::ZhCn => Script::Cjk,
            },
            title: tr!(locale, "chart-title", alias = alias, period = period),
            cpu_panel: tr!(locale, "chart-cpu-panel"),
            cpu_legend: tr!(locale, "chart-cpu-legend"),
            network_panel: tr!(locale, "chart-network-panel"),
            network_in: tr!(locale, "chart-in"),
            network_out: tr!(locale, "chart-out"),
            disk_panel: tr!(locale, "chart-disk-panel"),
            disk_read: tr!(locale, "chart-read"),
            disk_write: tr!(locale, "chart-write"),
            percent: "%".to_string(),
            rates: RATES.map(str::to_string),
            time_tick: Box::new(move |t| match t.kind {
                TickKind::Day => tr!(locale, "chart-day", month = t.month, day = t.day),
                TickKind::TimeOfDay => clock(t),
            }),
        }
    }
}

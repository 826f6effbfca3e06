//! Every word the usage chart prints, handed in by the caller, and the script they are written in.
//!
//! The chart owns the arithmetic (which ticks, which unit); the caller owns the language. The two
//! constructors here are the only place chart words are spelled out, until they come from Fluent.

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
    /// English words for the chart of `alias` over `period`, the period as the person chose it (`24h`).
    pub fn english(alias: &str, period: &str) -> Self {
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        ChartText {
            script: Script::Latin,
            title: format!("{alias} — last {period} (UTC)"),
            cpu_panel: "CPU".to_string(),
            cpu_legend: "CPU".to_string(),
            network_panel: "Network".to_string(),
            network_in: "in".to_string(),
            network_out: "out".to_string(),
            disk_panel: "Disk I/O".to_string(),
            disk_read: "read".to_string(),
            disk_write: "write".to_string(),
            percent: "%".to_string(),
            rates: RATES.map(str::to_string),
            time_tick: Box::new(|t| match t.kind {
                TickKind::Day => {
                    let month = t.month.checked_sub(1).and_then(|i| MONTHS.get(i as usize));
                    let month = month.unwrap_or(&"?");
                    format!("{month} {}", t.day)
                }
                TickKind::TimeOfDay => clock(t),
            }),
        }
    }

    /// Simplified Chinese words; every character must be in `assets/fonts/cjk-chars.txt`.
    #[cfg(test)]
    pub fn chinese(alias: &str, period: &str) -> Self {
        ChartText {
            script: Script::Cjk,
            title: format!("{alias} — 最近 {period} (UTC)"),
            cpu_panel: "CPU 使用率".to_string(),
            cpu_legend: "CPU".to_string(),
            network_panel: "网络".to_string(),
            network_in: "入站".to_string(),
            network_out: "出站".to_string(),
            disk_panel: "磁盘读写".to_string(),
            disk_read: "读取".to_string(),
            disk_write: "写入".to_string(),
            percent: "%".to_string(),
            rates: RATES.map(str::to_string),
            time_tick: Box::new(|t| match t.kind {
                TickKind::Day => format!("{}月{}日", t.month, t.day),
                TickKind::TimeOfDay => clock(t),
            }),
        }
    }
}

//! The progress of a long operation in words: the bar (`▰▰▰▰▱▱▱▱ 52 % · Copying disk`) and the one
//! message that shows a confirmed or at-once operation as it goes, then says done.

use crate::domain::JobStatus;
use crate::engine::job_view::{JobView, Phase, Progress};
use crate::i18n::Locale;
use crate::tr;

use super::Reply;

/// Cells of the progress bar.
const BAR_CELLS: usize = 8;

/// `▰▰▰▰▱▱▱▱ 52 % · Copying disk`: KiwiVM's message is its own words.
pub fn bar(p: &Progress, l: Locale) -> String {
    let percent = p
        .percent
        .filter(|v| v.is_finite())
        .unwrap_or(0.0)
        .clamp(0.0, 100.0);
    let filled = ((percent / 100.0) * BAR_CELLS as f64).round() as usize;
    let bar = format!(
        "{}{}",
        "▰".repeat(filled.min(BAR_CELLS)),
        "▱".repeat(BAR_CELLS - filled.min(BAR_CELLS))
    );
    let percent = format!("{percent:.0}");
    match p
        .message
        .as_deref()
        .map(str::trim)
        .filter(|m| !m.is_empty())
    {
        Some(message) => tr!(
            l,
            "progress-bar-message",
            bar = bar,
            percent = percent,
            message = message
        ),
        None => tr!(l, "progress-bar", bar = bar, percent = percent),
    }
}

/// The one message that shows a confirmed or at-once long operation as it goes.
pub fn progress(view: &JobView, l: Locale) -> Reply {
    let state = match (view.status, &view.progress) {
        (JobStatus::Unknown, _) => tr!(l, "progress-unknown", server = view.server.as_str()),
        (_, Some(p)) => match p.phase {
            Phase::Working if p.percent.is_some() => bar(p, l),
            Phase::Working => tr!(l, "progress-started"),
            Phase::Finished if !p.new_ips.is_empty() => format!(
                "{}\n{}",
                tr!(l, "progress-done"),
                tr!(l, "status-new-ips", ips = p.new_ips.join(", "))
            ),
            Phase::Finished => tr!(l, "progress-done"),
            Phase::TimedOut => tr!(l, "progress-timed-out"),
            Phase::Lost => tr!(l, "progress-lost"),
        },
        (_, None) => tr!(l, "progress-started"),
    };
    Reply::text(tr!(
        l,
        "progress-line",
        server = view.server.as_str(),
        command = view.command.as_str(),
        id = view.id.to_string(),
        state = state
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(percent: Option<f64>, message: Option<&str>) -> Progress {
        Progress {
            percent,
            message: message.map(str::to_string),
            ..Progress::default()
        }
    }

    #[test]
    fn the_bar_fills_with_the_percentage_and_carries_kiwivms_words() {
        assert_eq!(
            bar(&at(Some(52.0), Some("Copying disk")), Locale::En),
            "▰▰▰▰▱▱▱▱ 52 % · Copying disk"
        );
        assert_eq!(bar(&at(Some(0.0), None), Locale::En), "▱▱▱▱▱▱▱▱ 0 %");
        assert_eq!(
            bar(&at(Some(100.0), Some(" ")), Locale::En),
            "▰▰▰▰▰▰▰▰ 100 %"
        );
        assert_eq!(bar(&at(Some(250.0), None), Locale::ZhCn), "▰▰▰▰▰▰▰▰ 100 %");
        assert_eq!(bar(&at(Some(f64::NAN), None), Locale::En), "▱▱▱▱▱▱▱▱ 0 %");
    }
}

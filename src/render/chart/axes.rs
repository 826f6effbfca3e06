//! Where the chart's ticks go: round values in a spelled-out unit, round UTC times for the period.

use super::text::{TickKind, TimeTick};
use crate::render::units;

const DAY: i64 = 86_400;
/// More labels than this across 1200 px no longer fit at a size Discord's preview can show.
const MAX_INTERVALS: i64 = 8;
/// Faint grid lines beyond this many are left out.
const MAX_MINOR: i64 = 64;
/// The smallest axis top, in the axis unit: an idle server gets 0–10 %, not a scale of noise.
const FLOOR: f64 = 10.0;

/// What a value axis measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantity {
    Percent,
    /// Bytes per second, shown in B/s, KiB/s, … whichever keeps the numbers under 1024.
    Rate,
}

/// A value axis: ticks at whole multiples of a 1-2-5 step, in one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueAxis {
    pub quantity: Quantity,
    /// Index into [`super::ChartText::rates`] (0 for percent).
    pub unit: usize,
    /// Raw values are divided by this to be in `unit`.
    pub divisor: f64,
    /// Tick values in `unit`, from 0 to the top of the axis.
    pub ticks: Vec<f64>,
    /// Digits after the decimal point a tick needs (steps below 1 are 0.5, 0.2, 0.1, …).
    pub decimals: usize,
}

impl ValueAxis {
    /// The top of the axis, in `unit`.
    pub fn top(&self) -> f64 {
        self.ticks.last().copied().unwrap_or(FLOOR)
    }

    /// `40%` or `20 KiB/s`, given the unit names of the chart's language.
    pub fn label(&self, v: f64, percent: &str, rates: &[String; 5]) -> String {
        let n = format!("{v:.*}", self.decimals);
        match self.quantity {
            Quantity::Percent => format!("{n}{percent}"),
            Quantity::Rate => format!("{n} {}", rates[self.unit]),
        }
    }
}

/// The axis for values from 0 to `max` (raw: percent, or bytes per second).
pub fn value_axis(quantity: Quantity, max: f64) -> ValueAxis {
    let max = if max.is_finite() { max.max(0.0) } else { 0.0 };
    let mut unit = 0;
    let mut divisor = 1.0;
    if quantity == Quantity::Rate {
        while max / divisor >= 1024.0 && unit < 4 {
            divisor *= 1024.0;
            unit += 1;
        }
    }
    loop {
        let scaled = if unit == 0 {
            (max / divisor).max(FLOOR)
        } else {
            max / divisor
        };
        let (ticks, decimals) = ticks_to(scaled);
        let top = ticks.last().copied().unwrap_or(0.0);
        // 1200 KiB/s reads better as 1.2 MiB/s.
        if quantity == Quantity::Rate && top >= 1024.0 && unit < 4 {
            divisor *= 1024.0;
            unit += 1;
            continue;
        }
        return ValueAxis {
            quantity,
            unit,
            divisor,
            ticks,
            decimals,
        };
    }
}

/// Ticks 0, s, 2s, … up to the first multiple of s at or above `max`, with s = 1, 2 or 5 × 10ⁿ chosen
/// for at most five intervals.
fn ticks_to(max: f64) -> (Vec<f64>, usize) {
    let raw = max / 5.0;
    let mut exp = raw.log10().floor() as i32;
    let norm = raw / 10_f64.powi(exp);
    // The tolerance keeps 0.2 / 10⁻¹ = 2.0000000000000004 a 2.
    let mantissa = match norm {
        n if n <= 1.0 + 1e-9 => 1.0,
        n if n <= 2.0 + 1e-9 => 2.0,
        n if n <= 5.0 + 1e-9 => 5.0,
        _ => {
            exp += 1;
            1.0
        }
    };
    let step = mantissa * 10_f64.powi(exp);
    let n = (max / step - 1e-9).ceil().max(1.0) as u32;
    let decimals = usize::try_from(-exp).unwrap_or(0);
    ((0..=n).map(|k| f64::from(k) * step).collect(), decimals)
}

/// A time axis: labelled ticks at round UTC times, and unlabelled grid lines between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeAxis {
    /// The window, UNIX seconds.
    pub start: i64,
    pub end: i64,
    pub step: i64,
    pub ticks: Vec<i64>,
    pub minor: Vec<i64>,
}

/// (tick step, grid step, offset) in seconds; weeks start on Mondays (1970-01-05 was one).
const STEPS: [(i64, i64, i64); 12] = [
    (300, 60, 0),
    (600, 300, 0),
    (900, 300, 0),
    (1800, 600, 0),
    (3600, 900, 0),
    (7200, 1800, 0),
    (10_800, 3600, 0),
    (21_600, 3600, 0),
    (43_200, 10_800, 0),
    (DAY, 21_600, 0),
    (2 * DAY, DAY, 0),
    (7 * DAY, DAY, 4 * DAY),
];

/// The ticks for the window `start..=end` (UNIX seconds, UTC): 10 minutes for an hour, whole hours
/// for a day, midnights for a week, Mondays for a month.
pub fn time_axis(start: i64, end: i64) -> TimeAxis {
    let span = end.saturating_sub(start).max(1);
    let (step, minor, offset) = STEPS
        .iter()
        .copied()
        .find(|(step, _, _)| span <= MAX_INTERVALS * step)
        .unwrap_or_else(|| {
            // Longer than the periods offered: whole weeks, as many as it takes.
            let weeks = (span / (MAX_INTERVALS * 7 * DAY)).saturating_add(1);
            (weeks.saturating_mul(7 * DAY), 7 * DAY, 4 * DAY)
        });
    let ticks = multiples(start, end, step, offset);
    // Faint lines only while they stay a grid, not a grey wash (and a bounded list).
    let minor = if span / minor <= MAX_MINOR {
        multiples(start, end, minor, offset)
            .into_iter()
            .filter(|t| (t - offset).rem_euclid(step) != 0)
            .collect()
    } else {
        Vec::new()
    };
    TimeAxis {
        start,
        end,
        step,
        ticks,
        minor,
    }
}

/// Every `offset + k·step` within `start..=end`.
fn multiples(start: i64, end: i64, step: i64, offset: i64) -> Vec<i64> {
    let from = start.saturating_sub(offset);
    let k = from.div_euclid(step) + i64::from(from.rem_euclid(step) != 0);
    let first = k.saturating_mul(step).saturating_add(offset);
    std::iter::successors(Some(first), |t| t.checked_add(step))
        .take_while(|t| *t <= end)
        .collect()
}

impl TimeAxis {
    /// The calendar fields of tick `t`: a day when the axis counts days or `t` is a midnight.
    pub fn tick(&self, t: i64) -> TimeTick {
        let secs = t.rem_euclid(DAY);
        let (year, month, day) = units::civil_from_days(t.div_euclid(DAY));
        TimeTick {
            kind: if self.step >= DAY || secs == 0 {
                TickKind::Day
            } else {
                TickKind::TimeOfDay
            },
            unix: t,
            year,
            month,
            day,
            hour: (secs / 3600) as u32,
            minute: (secs % 3600 / 60) as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KIB: f64 = 1024.0;
    /// 2026-11-05 21:07:13 UTC, a Thursday.
    const NOW: i64 = 1_793_912_833;

    #[test]
    fn network_ticks_fall_on_round_kib_per_second() {
        // The old axis ticked at 20Ki, 39Ki, 59Ki, 78Ki for this.
        let axis = value_axis(Quantity::Rate, 78.4 * KIB);
        assert_eq!(axis.unit, 1);
        assert_eq!(axis.divisor, KIB);
        assert_eq!(axis.ticks, [0.0, 20.0, 40.0, 60.0, 80.0]);
        assert_eq!(axis.decimals, 0);
    }

    #[test]
    fn a_rate_axis_reaching_1024_moves_up_a_unit() {
        let axis = value_axis(Quantity::Rate, 1020.0 * KIB);
        assert_eq!(axis.unit, 2);
        assert_eq!(axis.ticks, [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]);
        assert_eq!(axis.decimals, 1);
        assert_eq!(
            axis.ticks
                .iter()
                .map(|t| format!("{t:.*}", axis.decimals))
                .collect::<Vec<_>>(),
            ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]
        );
    }

    #[test]
    fn rate_units_climb_to_tib_and_stop_there() {
        assert_eq!(value_axis(Quantity::Rate, 500.0).unit, 0);
        assert_eq!(value_axis(Quantity::Rate, 3.0 * KIB * KIB).unit, 2);
        assert_eq!(value_axis(Quantity::Rate, 7.0 * KIB.powi(3)).unit, 3);
        let huge = value_axis(Quantity::Rate, 1e18);
        assert_eq!(huge.unit, 4);
        assert!(huge.top() * huge.divisor >= 1e18);
    }

    #[test]
    fn percent_ticks_are_round_and_cover_the_peak() {
        assert_eq!(
            value_axis(Quantity::Percent, 37.0).ticks,
            [0.0, 10.0, 20.0, 30.0, 40.0]
        );
        assert_eq!(value_axis(Quantity::Percent, 100.0).top(), 100.0);
        assert_eq!(
            value_axis(Quantity::Percent, 180.0).ticks,
            [0.0, 50.0, 100.0, 150.0, 200.0]
        );
    }

    #[test]
    fn an_idle_or_broken_series_still_gets_a_readable_axis() {
        for max in [0.0, -3.0, f64::NAN, f64::INFINITY, 1e-300] {
            let axis = value_axis(Quantity::Percent, max);
            assert_eq!(axis.ticks, [0.0, 2.0, 4.0, 6.0, 8.0, 10.0], "{max}");
            assert_eq!(value_axis(Quantity::Rate, max).unit, 0);
        }
    }

    #[test]
    fn every_value_axis_has_at_most_five_round_intervals_above_its_peak() {
        let mut max = 0.37;
        while max < 1e16 {
            for q in [Quantity::Percent, Quantity::Rate] {
                let a = value_axis(q, max);
                assert!((2..=6).contains(&a.ticks.len()), "{max}: {a:?}");
                assert!(a.top() * a.divisor >= max, "{max}: {a:?}");
                let step = a.ticks[1];
                let mantissa = step / 10_f64.powf(step.log10().floor());
                assert!(
                    [1.0, 2.0, 5.0].iter().any(|m| (m - mantissa).abs() < 1e-6),
                    "{max}: step {step}"
                );
            }
            max *= 1.7;
        }
    }

    #[test]
    fn labels_carry_the_unit_names_they_are_given() {
        let rates = ["B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s"].map(String::from);
        let axis = value_axis(Quantity::Rate, 78.4 * KIB);
        assert_eq!(axis.label(40.0, "%", &rates), "40 KiB/s");
        let cpu = value_axis(Quantity::Percent, 37.0);
        assert_eq!(cpu.label(40.0, "%", &rates), "40%");
    }

    fn clock(t: i64) -> (i64, i64) {
        (t.rem_euclid(DAY) / 3600, t.rem_euclid(3600) / 60)
    }

    #[test]
    fn an_hour_is_ticked_every_ten_minutes() {
        let axis = time_axis(NOW - 3600, NOW);
        assert_eq!(axis.step, 600);
        assert_eq!(axis.ticks.len(), 6);
        assert_eq!(clock(axis.ticks[0]), (20, 10));
        assert!(axis.ticks.iter().all(|t| t % 600 == 0));
    }

    #[test]
    fn six_hours_are_ticked_on_whole_hours() {
        let axis = time_axis(NOW - 6 * 3600, NOW);
        assert_eq!(axis.step, 3600);
        assert_eq!(clock(axis.ticks[0]), (16, 0));
        assert_eq!(axis.ticks.len(), 6);
    }

    #[test]
    fn a_day_is_ticked_on_whole_hours_three_apart_with_hourly_grid_lines() {
        let axis = time_axis(NOW - DAY, NOW);
        assert_eq!(axis.step, 3 * 3600);
        assert_eq!(axis.ticks.len(), 8);
        assert!(axis.ticks.iter().all(|t| t % (3 * 3600) == 0));
        assert_eq!(axis.minor.len(), 16);
        assert!(axis.minor.iter().all(|t| t % 3600 == 0 && t % 10_800 != 0));
    }

    #[test]
    fn a_week_is_ticked_at_every_midnight() {
        let axis = time_axis(NOW - 7 * DAY, NOW);
        assert_eq!(axis.step, DAY);
        assert_eq!(axis.ticks.len(), 7);
        assert!(axis.ticks.iter().all(|t| t % DAY == 0));
        let days: Vec<u32> = axis.ticks.iter().map(|t| axis.tick(*t).day).collect();
        assert_eq!(days, [30, 31, 1, 2, 3, 4, 5]);
        assert!(axis
            .ticks
            .iter()
            .all(|t| axis.tick(*t).kind == TickKind::Day));
    }

    #[test]
    fn a_month_is_ticked_on_mondays_with_a_grid_line_each_midnight() {
        let axis = time_axis(NOW - 30 * DAY, NOW);
        assert_eq!(axis.step, 7 * DAY);
        // 1970-01-01 was a Thursday: Mondays are 4 days after a multiple of 7 days.
        assert!(axis.ticks.iter().all(|t| (t / DAY) % 7 == 4));
        assert_eq!(axis.ticks.len(), 4);
        assert_eq!(axis.minor.len(), 30 - 4);
        assert!(axis.minor.iter().all(|t| t % DAY == 0));
    }

    #[test]
    fn a_tick_on_the_window_edge_is_kept() {
        let start = NOW - NOW % 3600;
        let axis = time_axis(start, start + 3600);
        assert_eq!(axis.ticks.first(), Some(&start));
        assert_eq!(axis.ticks.last(), Some(&(start + 3600)));
    }

    #[test]
    fn a_midnight_on_an_hourly_axis_is_named_by_its_date() {
        let midnight = NOW - NOW % DAY + DAY;
        let axis = time_axis(midnight - 3 * 3600, midnight + 3 * 3600);
        let kinds: Vec<TickKind> = axis.ticks.iter().map(|t| axis.tick(*t).kind).collect();
        assert_eq!(kinds[3], TickKind::Day);
        assert_eq!(kinds.iter().filter(|k| **k == TickKind::Day).count(), 1);
        let tick = axis.tick(midnight);
        assert_eq!((tick.year, tick.month, tick.day), (2026, 11, 6));
        let tick = axis.tick(midnight - 3600);
        assert_eq!(
            (tick.kind, tick.hour, tick.minute),
            (TickKind::TimeOfDay, 23, 0)
        );
    }

    #[test]
    fn extreme_windows_do_not_overflow_or_fill_memory() {
        for start in [0, i64::MIN, -253_402_300_799] {
            let axis = time_axis(start, 253_402_300_799);
            assert!(!axis.ticks.is_empty() && axis.ticks.len() <= 9);
            assert!(axis.minor.len() <= MAX_MINOR as usize);
        }
        assert!(time_axis(5, 5).ticks.len() <= 1);
        assert!(time_axis(10, 0).ticks.is_empty());
    }
}

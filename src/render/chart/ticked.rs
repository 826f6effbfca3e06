//! A plotters axis whose grid lines are exactly the ticks the chart chose (plotters' own key-point
//! wrapper has no label formatter on number axes).

use std::ops::Range;

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};

/// A value plotted along a straight axis.
pub trait Linear: Copy {
    fn position(self) -> f64;
}

impl Linear for i64 {
    fn position(self) -> f64 {
        self as f64
    }
}

impl Linear for f64 {
    fn position(self) -> f64 {
        self
    }
}

/// `from..to`, with labelled grid lines at `bold` and faint ones at `light`.
pub struct Ticked<V> {
    pub from: V,
    pub to: V,
    pub bold: Vec<V>,
    pub light: Vec<V>,
}

impl<V: Linear> Ranged for Ticked<V> {
    type FormatOption = DefaultFormatting;
    type ValueType = V;

    fn map(&self, value: &V, limit: (i32, i32)) -> i32 {
        let (from, to) = (self.from.position(), self.to.position());
        if to == from {
            return (limit.0 + limit.1) / 2;
        }
        let share = ((value.position() - from) / (to - from)).clamp(-1.0, 2.0);
        limit.0 + (f64::from(limit.1 - limit.0) * share + 1e-3).floor() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<V> {
        if hint.weight().allow_light_points() {
            self.light.clone()
        } else {
            self.bold.clone()
        }
    }

    fn range(&self) -> Range<V> {
        self.from..self.to
    }
}

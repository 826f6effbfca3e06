//! KiwiVM's API points of one VEID as the bot knows them, and who may spend them now.
//!
//! One key serves one VPS and every caller of the bot shares its points: people's commands,
//! autocomplete and the watcher. KiwiVM answers a call over its limit with HTTP 429 and then drops
//! requests for minutes, so the bot keeps its own estimate: the last `getRateLimitStatus` reading
//! minus the calls made since. The watcher stops where a reserve for people begins (a share of the
//! caps), autocomplete a little before the end, and people only when the points are truly gone:
//! KiwiVM said so (a 429), or the reading minus our own calls since is nothing.

/// KiwiVM's windows, in seconds. They are fixed windows of unknown phase: a reading older than a
/// window tells nothing about it any more.
pub const WINDOW_SHORT: i64 = 15 * 60;
pub const WINDOW_DAY: i64 = 24 * 3600;
/// The caps kiwivm-api.md infers; the highest reading seen raises them.
pub const DEFAULT_CAP_SHORT: i64 = 1000;
pub const DEFAULT_CAP_DAY: i64 = 20_000;
/// Autocomplete leaves this percent of the 15-minute cap to commands.
pub const AUTOCOMPLETE_FLOOR_PERCENT: i64 = 5;
/// How long a 429 without `Retry-After` keeps every caller away ("several minutes").
pub const THROTTLE_GUESS: i64 = 5 * 60;

/// Who wants to spend a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Caller {
    Person,
    Autocomplete,
    Watcher,
}

impl Caller {
    pub fn as_str(self) -> &'static str {
        match self {
            Caller::Person => "person",
            Caller::Autocomplete => "autocomplete",
            Caller::Watcher => "watcher",
        }
    }
}

/// Whether a call may go out now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    Go,
    /// Not before `until` (UNIX seconds): when the points come back at the latest.
    Wait {
        until: i64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Reading {
    at: i64,
    short: i64,
    day: i64,
}

/// The points left as the bot estimates them, with the age of the reading behind the estimate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PointsLeft {
    pub short: Option<i64>,
    pub day: Option<i64>,
    /// When KiwiVM last said how many were left.
    pub read_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PointBudget {
    reading: Option<Reading>,
    /// Calls sent since the reading (each costs a point in both windows).
    spent: i64,
    blocked_until: Option<i64>,
    cap_short: i64,
    cap_day: i64,
}

impl Default for PointBudget {
    fn default() -> PointBudget {
        PointBudget {
            reading: None,
            spent: 0,
            blocked_until: None,
            cap_short: DEFAULT_CAP_SHORT,
            cap_day: DEFAULT_CAP_DAY,
        }
    }
}

impl PointBudget {
    /// The estimate for each window whose reading is still within it.
    pub fn left(&self, now: i64) -> Option<PointsLeft> {
        let r = self.reading?;
        let age = now.saturating_sub(r.at);
        Some(PointsLeft {
            short: (age < WINDOW_SHORT).then(|| r.short - self.spent),
            day: (age < WINDOW_DAY).then(|| r.day - self.spent),
            read_at: r.at,
        })
    }

    /// The points of each window the watcher leaves to people.
    pub fn reserve(&self, reserve_percent: u8) -> (i64, i64) {
        let p = i64::from(reserve_percent);
        (self.cap_short * p / 100, self.cap_day * p / 100)
    }

    /// Whether `caller` may spend `cost` points at `now`.
    pub fn admit(&self, caller: Caller, cost: i64, now: i64, reserve_percent: u8) -> Admission {
        if let Some(until) = self.blocked_until.filter(|u| *u > now) {
            return Admission::Wait { until };
        }
        let Some(left) = self.left(now) else {
            return Admission::Go;
        };
        let (floor_short, floor_day) = match caller {
            Caller::Person => (0, 0),
            Caller::Autocomplete => (self.cap_short * AUTOCOMPLETE_FLOOR_PERCENT / 100, 0),
            Caller::Watcher => self.reserve(reserve_percent),
        };
        // A person's call is refused only once nothing at all is left; the others keep a floor.
        let short_ok = left.short.is_none_or(|s| s - cost >= floor_short && s > 0);
        let day_ok = left.day.is_none_or(|d| d - cost >= floor_day && d > 0);
        match (short_ok, day_ok) {
            (true, true) => Admission::Go,
            (_, false) => Admission::Wait {
                until: left.read_at.saturating_add(WINDOW_DAY),
            },
            (false, true) => Admission::Wait {
                until: left.read_at.saturating_add(WINDOW_SHORT),
            },
        }
    }

    /// One call is going out.
    pub fn spend(&mut self) {
        self.spent = self.spent.saturating_add(1);
    }

    /// KiwiVM said how many points are left (after the call that asked).
    pub fn observe(&mut self, short: i64, day: i64, now: i64) {
        self.reading = Some(Reading {
            at: now,
            short,
            day,
        });
        self.spent = 0;
        self.cap_short = self.cap_short.max(short);
        self.cap_day = self.cap_day.max(day);
        if short > 0 && day > 0 {
            self.blocked_until = None;
        }
    }

    /// KiwiVM refused a call for the rate limit (HTTP 429), maybe saying when to come back.
    pub fn throttled(&mut self, retry_at: Option<i64>, now: i64) {
        let until = retry_at.unwrap_or_else(|| now.saturating_add(THROTTLE_GUESS));
        self.blocked_until = Some(self.blocked_until.map_or(until, |u| u.max(until)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(short: i64, day: i64) -> PointBudget {
        let mut b = PointBudget::default();
        b.observe(short, day, 1000);
        b
    }

    #[test]
    fn with_no_reading_everyone_may_call() {
        let b = PointBudget::default();
        for caller in [Caller::Person, Caller::Autocomplete, Caller::Watcher] {
            assert_eq!(b.admit(caller, 3, 0, 30), Admission::Go);
        }
    }

    #[test]
    fn the_watcher_stops_at_the_reserve_and_people_go_on() {
        let b = read(302, 19_000);
        assert_eq!(b.admit(Caller::Watcher, 2, 1000, 30), Admission::Go);
        assert_eq!(
            b.admit(Caller::Watcher, 3, 1000, 30),
            Admission::Wait {
                until: 1000 + WINDOW_SHORT
            }
        );
        assert_eq!(b.admit(Caller::Person, 1, 1000, 30), Admission::Go);
        assert_eq!(b.admit(Caller::Autocomplete, 1, 1000, 30), Admission::Go);
    }

    #[test]
    fn people_are_refused_only_when_nothing_is_left_until_the_window_turns() {
        let mut b = read(2, 19_000);
        b.spend();
        assert_eq!(b.admit(Caller::Person, 1, 1010, 30), Admission::Go);
        assert_eq!(
            b.admit(Caller::Autocomplete, 1, 1010, 30),
            Admission::Wait {
                until: 1000 + WINDOW_SHORT
            }
        );
        b.spend();
        assert_eq!(
            b.admit(Caller::Person, 1, 1010, 30),
            Admission::Wait {
                until: 1000 + WINDOW_SHORT
            }
        );
        // A reading older than the window says nothing: the points may be back.
        assert_eq!(
            b.admit(Caller::Person, 1, 1000 + WINDOW_SHORT, 30),
            Admission::Go
        );
    }

    #[test]
    fn an_empty_day_window_waits_for_the_day() {
        let b = read(500, 0);
        assert_eq!(
            b.admit(Caller::Person, 1, 1001, 30),
            Admission::Wait {
                until: 1000 + WINDOW_DAY
            }
        );
    }

    #[test]
    fn a_429_keeps_everyone_away_until_kiwivm_said_or_a_guess() {
        let mut b = PointBudget::default();
        b.throttled(Some(2000), 1000);
        assert_eq!(
            b.admit(Caller::Person, 1, 1500, 30),
            Admission::Wait { until: 2000 }
        );
        assert_eq!(b.admit(Caller::Person, 1, 2000, 30), Admission::Go);
        let mut b = PointBudget::default();
        b.throttled(None, 1000);
        assert_eq!(
            b.admit(Caller::Watcher, 1, 1001, 30),
            Admission::Wait {
                until: 1000 + THROTTLE_GUESS
            }
        );
    }

    #[test]
    fn a_higher_reading_raises_the_cap_and_with_it_the_reserve() {
        let b = read(4000, 20_000);
        assert_eq!(b.reserve(30), (1200, 6000));
    }
}

//! Per-VPS rate-limit points (fixed 15-minute and 24-hour windows) and the task lock with its progress.

use std::time::Duration;

use serde_json::json;
use tokio::time::Instant;

use super::reply::{ApiError, LOCKED};

const WINDOW_15MIN: Duration = Duration::from_secs(15 * 60);
const WINDOW_24H: Duration = Duration::from_secs(24 * 60 * 60);

/// Points left in the two windows. Every call with a valid key costs one point.
pub(super) struct RateLimit {
    cap_15min: u32,
    cap_24h: u32,
    remaining_15min: u32,
    remaining_24h: u32,
    start_15min: Instant,
    start_24h: Instant,
}

impl RateLimit {
    pub fn new(cap_15min: u32, cap_24h: u32, now: Instant) -> RateLimit {
        RateLimit {
            cap_15min,
            cap_24h,
            remaining_15min: cap_15min,
            remaining_24h: cap_24h,
            start_15min: now,
            start_24h: now,
        }
    }

    fn roll(&mut self, now: Instant) {
        if now.saturating_duration_since(self.start_15min) >= WINDOW_15MIN {
            self.start_15min = now;
            self.remaining_15min = self.cap_15min;
        }
        if now.saturating_duration_since(self.start_24h) >= WINDOW_24H {
            self.start_24h = now;
            self.remaining_24h = self.cap_24h;
        }
    }

    /// Takes one point, or says in how many seconds the exhausted window resets.
    pub fn charge(&mut self, now: Instant) -> Result<(), u64> {
        self.roll(now);
        // When both windows are empty the 24-hour one is the later to reset, so it decides.
        let exhausted = if self.remaining_24h == 0 {
            Some(self.start_24h + WINDOW_24H)
        } else if self.remaining_15min == 0 {
            Some(self.start_15min + WINDOW_15MIN)
        } else {
            None
        };
        if let Some(reset_at) = exhausted {
            let wait = reset_at.saturating_duration_since(now);
            return Err(wait.as_secs_f64().ceil().max(1.0) as u64);
        }
        self.remaining_15min -= 1;
        self.remaining_24h -= 1;
        Ok(())
    }

    pub fn remaining(&mut self, now: Instant) -> (u32, u32) {
        self.roll(now);
        (self.remaining_15min, self.remaining_24h)
    }

    pub fn set_remaining(&mut self, remaining_15min: u32, remaining_24h: u32) {
        self.remaining_15min = remaining_15min;
        self.remaining_24h = remaining_24h;
    }
}

/// A long task holding the VPS: mutating and live calls answer 788888 until it ends.
#[derive(Debug, Clone)]
pub(super) struct Lock {
    task: &'static str,
    detail: String,
    stages: &'static [&'static str],
    started: Instant,
    duration: Duration,
}

impl Lock {
    pub fn new(task: &'static str, detail: String, started: Instant, duration: Duration) -> Lock {
        Lock {
            task,
            detail,
            stages: stages_of(task),
            started,
            duration,
        }
    }

    pub fn is_active(&self, now: Instant) -> bool {
        now.saturating_duration_since(self.started) < self.duration
    }

    /// The 788888 reply, with progress that grows with the time elapsed and never reaches 100
    /// while the lock holds.
    pub fn error(&self, now: Instant) -> ApiError {
        let elapsed = now.saturating_duration_since(self.started);
        let fraction = if self.duration.is_zero() {
            1.0
        } else {
            (elapsed.as_secs_f64() / self.duration.as_secs_f64()).min(1.0)
        };
        let percent = ((fraction * 100.0) as u32).min(99);
        let stage_count = self.stages.len().max(1);
        let stage = ((fraction * stage_count as f64) as usize).min(stage_count - 1);
        let stage_start = self.duration.mul_f64(stage as f64 / stage_count as f64);
        let since_update = elapsed.saturating_sub(stage_start).as_secs();
        let message = self.stages.get(stage).copied().unwrap_or("Working");
        let mut e = ApiError::new(LOCKED, "VE is currently locked, try again in a few minutes");
        e.info = Some(format!("Pending task: {} ({})", self.task, self.detail));
        e.locking = Some(json!({
            "last_status_update_s_ago": since_update,
            "completed_percent": percent,
            "friendly_progress_message": message,
        }));
        e
    }
}

fn stages_of(task: &str) -> &'static [&'static str] {
    match task {
        "reinstallOS" => &[
            "Stopping the VPS",
            "Preparing the OS template",
            "Writing the OS image",
            "Configuring the network and SSH keys",
            "Starting the VPS",
        ],
        "snapshot/restore" => &[
            "Stopping the VPS",
            "Restoring the snapshot",
            "Starting the VPS",
        ],
        "snapshot/create" => &["Creating the snapshot", "Compressing the snapshot"],
        "migrate/start" => &[
            "Stopping the VPS",
            "Copying data to the new location",
            "Assigning new IP addresses",
            "Starting the VPS",
        ],
        _ => &["Working"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_costs_a_point_in_both_windows() {
        let now = Instant::now();
        let mut rl = RateLimit::new(3, 10, now);
        assert_eq!(rl.charge(now), Ok(()));
        assert_eq!(rl.remaining(now), (2, 9));
    }

    #[test]
    fn an_empty_window_names_when_it_resets_and_refills_then() {
        let now = Instant::now();
        let mut rl = RateLimit::new(1, 10, now);
        assert_eq!(rl.charge(now), Ok(()));
        assert_eq!(rl.charge(now + Duration::from_secs(100)), Err(800));
        assert_eq!(rl.charge(now + WINDOW_15MIN), Ok(()));
        assert_eq!(rl.remaining(now + WINDOW_15MIN), (0, 8));
    }

    #[test]
    fn an_empty_day_window_wins_over_the_short_one() {
        let now = Instant::now();
        let mut rl = RateLimit::new(5, 5, now);
        rl.set_remaining(0, 0);
        assert_eq!(rl.charge(now), Err(WINDOW_24H.as_secs()));
    }

    #[test]
    fn lock_progress_grows_and_stays_below_a_hundred() {
        let now = Instant::now();
        let lock = Lock::new(
            "reinstallOS",
            "debian-12".into(),
            now,
            Duration::from_secs(10),
        );
        let percent = |at: u64| {
            let e = lock.error(now + Duration::from_secs(at));
            e.locking.unwrap()["completed_percent"].as_u64().unwrap()
        };
        assert!(percent(1) < percent(5));
        assert_eq!(percent(20), 99);
        assert!(lock.is_active(now + Duration::from_secs(9)));
        assert!(!lock.is_active(now + Duration::from_secs(10)));
        let e = lock.error(now + Duration::from_secs(3));
        assert_eq!(e.code, LOCKED);
        assert!(e.info.unwrap().contains("reinstallOS"));
    }
}

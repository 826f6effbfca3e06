//! The deterministic usage history behind `getRawUsageStats`: one sample per 300 s, oldest first.

use serde_json::{json, Value};

/// Seconds between two samples, as on the real API.
pub(super) const SAMPLE_INTERVAL_S: u64 = 300;
/// Thirty days of samples: enough for every chart period the bot offers.
pub(super) const SAMPLE_COUNT: u64 = 30 * 24 * 60 * 60 / SAMPLE_INTERVAL_S;

/// SplitMix64: a stateless hash, so a sample depends only on the VPS and its timestamp and two
/// calls agree on the overlap.
pub(super) fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The samples ending at the last full interval before `unix`.
pub(super) fn raw_samples(veid: u64, unix: u64) -> Vec<Value> {
    let last = unix / SAMPLE_INTERVAL_S * SAMPLE_INTERVAL_S;
    let first = last.saturating_sub((SAMPLE_COUNT - 1) * SAMPLE_INTERVAL_S);
    (0..SAMPLE_COUNT)
        .map(|i| sample(veid, first + i * SAMPLE_INTERVAL_S))
        .collect()
}

fn sample(veid: u64, timestamp: u64) -> Value {
    let noise = mix(veid.rotate_left(32) ^ timestamp);
    // A daily rhythm (busy in the afternoon, UTC) under the noise, so charts look alive.
    let hour = (timestamp % 86_400) / 3600;
    let busy = if (12..20).contains(&hour) { 3 } else { 1 };
    let jitter = |shift: u32, span: u64| (noise >> shift) % span;
    json!({
        "timestamp": timestamp,
        "cpu_usage": (busy * 8 + jitter(0, 12)).min(100),
        "network_in_bytes": busy * 2_000_000 + jitter(8, 3_000_000),
        "network_out_bytes": busy * 6_000_000 + jitter(16, 9_000_000),
        "disk_read_bytes": jitter(24, 4_000_000),
        "disk_write_bytes": busy * 1_000_000 + jitter(32, 2_000_000),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirty_days_of_samples_run_oldest_first_every_five_minutes() {
        let samples = raw_samples(1001, 1_700_000_123);
        assert_eq!(samples.len(), 8640);
        let ts: Vec<u64> = samples
            .iter()
            .map(|s| s["timestamp"].as_u64().unwrap())
            .collect();
        assert!(ts.windows(2).all(|w| w[1] - w[0] == 300));
        assert_eq!(*ts.last().unwrap(), 1_700_000_100);
    }

    #[test]
    fn the_series_is_deterministic_and_differs_per_vps() {
        let a = raw_samples(1001, 1_700_000_000);
        assert_eq!(a, raw_samples(1001, 1_700_000_000));
        assert_ne!(a, raw_samples(1002, 1_700_000_000));
        assert!(a.iter().all(|s| s["cpu_usage"].as_u64().unwrap() <= 100));
    }
}

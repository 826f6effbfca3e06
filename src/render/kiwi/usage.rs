//! The pictures: `/vps usage` charts raw usage samples, `/vps screenshot` shows the VGA console.

use super::ViewContext;
use crate::kiwivm::models::{LiveServiceInfo, RawUsageStats};
use crate::render::chart::{self, Sample};
use crate::render::{colour, units, Embed, Reply};
use crate::tr;

const DEFAULT_PERIOD: i64 = 86_400;
/// 9999-12-31 in UNIX seconds: a sample stamped later, or before 1970, is garbage, not history.
const LAST_PLAUSIBLE: i64 = 253_402_300_799;

fn plausible(t: &i64) -> bool {
    (0..=LAST_PLAUSIBLE).contains(t)
}

pub fn chart(ctx: &ViewContext<'_>, stats: &RawUsageStats) -> Reply {
    let period = ctx.period.map_or(DEFAULT_PERIOD, |(secs, _)| secs);
    // Windowed from the newest sample, not the clock: KiwiVM's data can lag by a sample or two.
    let newest = stats
        .data
        .iter()
        .flatten()
        .filter_map(|s| s.timestamp)
        .filter(plausible)
        .max()
        .unwrap_or(ctx.now);
    let samples: Vec<Sample> = stats
        .since(newest.saturating_sub(period))
        .into_iter()
        .filter_map(|s| {
            Some(Sample {
                timestamp: s.timestamp.filter(plausible)?,
                // A negative or non-finite percentage is garbage and would wreck the axis.
                cpu_percent: s
                    .cpu_usage
                    .filter(|c| c.is_finite() && *c >= 0.0)
                    .unwrap_or(0.0),
                net_in: s.network_in_bytes.unwrap_or(0) as f64,
                net_out: s.network_out_bytes.unwrap_or(0) as f64,
                disk_read: s.disk_read_bytes.unwrap_or(0) as f64,
                disk_write: s.disk_write_bytes.unwrap_or(0) as f64,
            })
        })
        .collect();
    let label = units::duration(period.unsigned_abs(), ctx.locale);
    match chart::usage_png(ctx.alias.as_str(), &samples, &label) {
        Ok(png) => {
            let locale = ctx.locale;
            let total = |f: fn(&Sample) -> f64| samples.iter().map(f).sum::<f64>() as u64;
            let title = tr!(
                locale,
                "chart-title",
                server = ctx.alias.to_string(),
                period = label.as_str()
            );
            let embed = Embed {
                title,
                color: colour::INFO,
                image: Some("attachment://usage.png".to_string()),
                ..Embed::default()
            }
            .field(
                tr!(locale, "chart-samples"),
                samples.len().to_string(),
                true,
            )
            .field(
                tr!(locale, "chart-net-in"),
                units::bytes(total(|s| s.net_in)),
                true,
            )
            .field(
                tr!(locale, "chart-net-out"),
                units::bytes(total(|s| s.net_out)),
                true,
            )
            .field(
                tr!(locale, "chart-disk-read"),
                units::bytes(total(|s| s.disk_read)),
                true,
            )
            .field(
                tr!(locale, "chart-disk-written"),
                units::bytes(total(|s| s.disk_write)),
                true,
            );
            Reply::embed(embed).with_attachment("usage.png", png)
        }
        Err(chart::ChartError::Empty(_)) => Reply::text(tr!(
            ctx.locale,
            "chart-empty",
            server = ctx.alias.to_string(),
            period = label.as_str()
        )),
        Err(e) => {
            // The drawing library's words are for whoever reads the log, not for the channel.
            tracing::error!(server = %ctx.alias, error = %e, "the usage chart could not be drawn");
            Reply::text(tr!(
                ctx.locale,
                "chart-failed",
                server = ctx.alias.to_string()
            ))
        }
    }
}

/// `/vps screenshot`: the VGA console as KiwiVM captured it, or why there is none.
pub fn screenshot(ctx: &ViewContext<'_>, live: &LiveServiceInfo) -> Reply {
    let locale = ctx.locale;
    let server = ctx.alias.to_string();
    if let Some(png) = live.screendump_png() {
        return Reply::embed(Embed {
            title: tr!(locale, "shot-title", server = server),
            description: tr!(locale, "shot-taken", when = units::relative_time(ctx.now)),
            color: colour::INFO,
            image: Some("attachment://screenshot.png".to_string()),
            ..Embed::default()
        })
        .with_attachment("screenshot.png", png.to_vec());
    }
    match live.screendump_fault() {
        // KiwiVM answered, with something that is no picture: a note, since nothing failed here.
        Some(fault) => Reply::text(tr!(
            locale,
            "shot-undecodable",
            server = server,
            fault = fault.as_str()
        )),
        None => Reply::text(tr!(locale, "shot-none", server = server)),
    }
}

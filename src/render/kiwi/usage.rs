//! The pictures: `/vps usage` charts raw usage samples, `/vps screenshot` shows the VGA console.

use super::ViewContext;
use crate::catalog;
use crate::kiwivm::models::{LiveServiceInfo, RawUsageStats};
use crate::render::chart::{self, ChartText, Sample};
use crate::render::{colour, units, Embed, Reply};

const DEFAULT_PERIOD: i64 = 86_400;
/// 9999-12-31 in UNIX seconds: a sample stamped later, or before 1970, is garbage, not history.
const LAST_PLAUSIBLE: i64 = 253_402_300_799;

fn plausible(t: &i64) -> bool {
    (0..=LAST_PLAUSIBLE).contains(t)
}

/// The period as the person chose it (`24h`, not `1 d`): the name of the catalog choice it came
/// from, or a duration when the window came from elsewhere.
fn period_name(ctx: &ViewContext<'_>, secs: i64) -> String {
    match ctx.period {
        Some((_, name)) if !name.is_empty() => name.to_string(),
        _ => catalog::find("vps", Some("usage"))
            .and_then(|sub| sub.option("period"))
            .and_then(|opt| opt.choice(&secs.to_string()))
            .map_or_else(
                || units::duration(secs.unsigned_abs(), ctx.locale),
                |c| c.name.to_string(),
            ),
    }
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
    let label = period_name(ctx, period);
    let text = ChartText::new(ctx.alias.as_str(), &label, ctx.locale);
    match chart::usage_png(&text, &samples, period) {
        Ok(png) => {
            let total = |f: fn(&Sample) -> f64| samples.iter().map(f).sum::<f64>() as u64;
            let embed = Embed {
                title: format!("Usage of {} over the last {label}", ctx.alias),
                color: colour::INFO,
                image: Some("attachment://usage.png".to_string()),
                ..Embed::default()
            }
            .field("Samples", samples.len().to_string(), true)
            .field("Network in", units::bytes(total(|s| s.net_in)), true)
            .field("Network out", units::bytes(total(|s| s.net_out)), true)
            .field("Disk read", units::bytes(total(|s| s.disk_read)), true)
            .field("Disk written", units::bytes(total(|s| s.disk_write)), true);
            Reply::embed(embed).with_attachment("usage.png", png)
        }
        Err(chart::ChartError::Empty) => Reply::text(format!(
            "No chart for `{}`: no usage samples in the last {label}.",
            ctx.alias
        )),
        Err(e) => Reply::text(format!("No chart for `{}`: {e}.", ctx.alias)),
    }
}

pub fn screenshot(ctx: &ViewContext<'_>, live: &LiveServiceInfo) -> Reply {
    match live.screendump_png() {
        Some(png) => Reply::embed(Embed {
            title: format!("Console of {}", ctx.alias),
            description: format!("Taken {}", units::relative_time(ctx.now)),
            color: colour::INFO,
            image: Some("attachment://screenshot.png".to_string()),
            ..Embed::default()
        })
        .with_attachment("screenshot.png", png.to_vec()),
        None => Reply::text(format!(
            "KiwiVM sent no console screenshot for `{}`: it is only available for a running KVM VPS.",
            ctx.alias
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::domain::ServerAlias;
    use crate::i18n::Locale;

    fn named(period: Option<(i64, &str)>, secs: i64) -> String {
        let alias = ServerAlias::parse("web1").expect("an alias");
        let ctx = ViewContext {
            alias: &alias,
            now: 0,
            period,
            locale: Locale::En,
        };
        period_name(&ctx, secs)
    }

    #[test]
    fn the_period_is_named_as_the_person_chose_it() {
        assert_eq!(named(Some((86_400, "24h")), 86_400), "24h");
        let names: Vec<String> = [3600, 21_600, 86_400, 604_800, 2_592_000]
            .into_iter()
            .map(|secs| named(None, secs))
            .collect();
        assert_eq!(names, ["1h", "6h", "24h", "7d", "30d"]);
        // A window no choice offers is still written out.
        assert_eq!(named(None, 5400), units::duration(5400, Locale::En));
    }
}

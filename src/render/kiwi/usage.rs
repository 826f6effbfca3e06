//! The pictures: `/vps usage` charts raw usage samples, `/vps screenshot` shows the VGA console.

use super::ViewContext;
use crate::catalog;
use crate::kiwivm::models::{LiveServiceInfo, RawUsageStats};
use crate::render::chart::{self, ChartText, Sample};
use crate::render::{colour, units, Embed, Reply};
use crate::tr;

const DEFAULT_PERIOD: i64 = 86_400;
/// 9999-12-31 in UNIX seconds: a sample stamped later, or before 1970, is garbage, not history.
const LAST_PLAUSIBLE: i64 = 253_402_300_799;

fn plausible(t: &i64) -> bool {
    (0..=LAST_PLAUSIBLE).contains(t)
}

/// The period as the person chose it (`24h`, not `1 d`), shown as that choice is shown in the
/// reader's language (`24 小时`); a duration when the window came from elsewhere.
fn period_name(ctx: &ViewContext<'_>, secs: i64) -> String {
    let choice = match ctx.period {
        Some((_, name)) if !name.is_empty() => Some(name.to_string()),
        _ => catalog::find("vps", Some("usage"))
            .and_then(|sub| sub.option("period"))
            .and_then(|opt| opt.choice(&secs.to_string()))
            .map(|c| c.name.to_string()),
    };
    match choice {
        Some(name) => catalog::choice_name("period", &name, ctx.locale),
        None => units::duration(secs.unsigned_abs(), ctx.locale),
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
            let locale = ctx.locale;
            let total = |f: fn(&Sample) -> f64| samples.iter().map(f).sum::<f64>() as u64;
            let title = tr!(
                locale,
                "usage-title",
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
                tr!(locale, "usage-samples"),
                samples.len().to_string(),
                true,
            )
            .field(
                tr!(locale, "usage-net-in"),
                units::bytes(total(|s| s.net_in)),
                true,
            )
            .field(
                tr!(locale, "usage-net-out"),
                units::bytes(total(|s| s.net_out)),
                true,
            )
            .field(
                tr!(locale, "usage-disk-read"),
                units::bytes(total(|s| s.disk_read)),
                true,
            )
            .field(
                tr!(locale, "usage-disk-written"),
                units::bytes(total(|s| s.disk_write)),
                true,
            );
            Reply::embed(embed).with_attachment("usage.png", png)
        }
        Err(chart::ChartError::Empty) => Reply::text(tr!(
            ctx.locale,
            "usage-empty",
            server = ctx.alias.to_string(),
            period = label.as_str()
        )),
        Err(e) => {
            // The drawing library's words are for whoever reads the log, not for the channel.
            tracing::error!(server = %ctx.alias, error = %e, "the usage chart could not be drawn");
            Reply::text(tr!(
                ctx.locale,
                "usage-failed",
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
    fn a_chinese_reader_reads_the_period_as_the_choice_is_shown_to_them() {
        let alias = ServerAlias::parse("web1").expect("an alias");
        let ctx = ViewContext {
            alias: &alias,
            now: 0,
            period: Some((86_400, "24h")),
            locale: Locale::ZhCn,
        };
        assert_eq!(
            period_name(&ctx, 86_400),
            catalog::choice_name("period", "24h", Locale::ZhCn)
        );
        assert_ne!(period_name(&ctx, 86_400), "24h");
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

//! The `/vps usage` chart: CPU, network and disk I/O over a window of KiwiVM's raw samples, as a PNG.

mod axes;
mod draw;
mod font;
mod record;
#[cfg(test)]
mod tests;
mod text;
mod ticked;

use std::cell::RefCell;
use std::rc::Rc;

use plotters::prelude::*;

use record::{Drawn, Recorder};
pub use text::{ChartText, Script, TickKind, TickWriter, TimeTick};

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 900;
/// More points than pixels only blurs the lines and slows the render.
const MAX_POINTS: usize = 600;
/// KiwiVM's sampling interval: each sample's byte counts cover this many seconds.
const SAMPLE_SECONDS: f64 = 300.0;

/// One 300-second interval of usage; byte counts are per interval, as KiwiVM reports them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub timestamp: i64,
    pub cpu_percent: f64,
    pub net_in: f64,
    pub net_out: f64,
    pub disk_read: f64,
    pub disk_write: f64,
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("no usage samples in this period")]
    Empty,
    #[error("the chart's {0:?} font could not be loaded")]
    Font(Script),
    #[error("could not draw the chart: {0}")]
    Draw(String),
    #[error("could not encode the chart: {0}")]
    Encode(#[from] png::EncodingError),
}

/// Averages neighbouring samples so at most `MAX_POINTS` remain; the totals per pixel stay honest.
pub fn downsample(samples: &[Sample]) -> Vec<Sample> {
    if samples.len() <= MAX_POINTS {
        return samples.to_vec();
    }
    let per = samples.len().div_ceil(MAX_POINTS);
    samples
        .chunks(per)
        .map(|c| {
            let n = c.len() as f64;
            let avg = |f: fn(&Sample) -> f64| c.iter().map(f).sum::<f64>() / n;
            Sample {
                timestamp: c[c.len() / 2].timestamp,
                cpu_percent: avg(|s| s.cpu_percent),
                net_in: avg(|s| s.net_in),
                net_out: avg(|s| s.net_out),
                disk_read: avg(|s| s.disk_read),
                disk_write: avg(|s| s.disk_write),
            }
        })
        .collect()
}

/// The last second of year 9999: beyond it, dates are nonsense and the axis arithmetic overflows.
const LAST_TIMESTAMP: i64 = 253_402_300_799;

/// Drops samples outside 1970–9999 and reads a negative or non-finite value as 0: one bad sample
/// from KiwiVM must not cost the whole chart.
fn sanitize(s: &Sample) -> Option<Sample> {
    let v = |x: f64| if x.is_finite() && x > 0.0 { x } else { 0.0 };
    (0..=LAST_TIMESTAMP).contains(&s.timestamp).then(|| Sample {
        timestamp: s.timestamp,
        cpu_percent: v(s.cpu_percent),
        net_in: v(s.net_in),
        net_out: v(s.net_out),
        disk_read: v(s.disk_read),
        disk_write: v(s.disk_write),
    })
}

/// Draws the three panels over the `span` seconds up to the newest sample, with the words of `text`,
/// and returns PNG bytes of `WIDTH`×`HEIGHT`.
pub fn usage_png(text: &ChartText, samples: &[Sample], span: i64) -> Result<Vec<u8>, ChartError> {
    render(text, samples, span).map(|(png, _)| png)
}

/// The PNG and every string drawn on it.
fn render(
    text: &ChartText,
    samples: &[Sample],
    span: i64,
) -> Result<(Vec<u8>, Vec<Drawn>), ChartError> {
    let clean: Vec<Sample> = samples.iter().filter_map(sanitize).collect();
    let end = clean
        .iter()
        .map(|s| s.timestamp)
        .max()
        .ok_or(ChartError::Empty)?;
    // At least one sample interval, so a lone sample still has an axis to sit on; nothing before 1970.
    let start = end.saturating_sub(span.max(SAMPLE_SECONDS as i64)).max(0);
    let window: Vec<Sample> = clean.into_iter().filter(|s| s.timestamp >= start).collect();
    let points = downsample(&window);
    if !font::ready(text.script) {
        return Err(ChartError::Font(text.script));
    }
    let drawn = Rc::new(RefCell::new(Vec::new()));
    let mut rgb = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let backend = Recorder::new(
            BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)),
            Rc::clone(&drawn),
        );
        let root = backend.into_drawing_area();
        draw::draw(&root, text, &points, start, end)
            .map_err(|e| ChartError::Draw(e.to_string()))?;
        root.present()
            .map_err(|e| ChartError::Draw(e.to_string()))?;
    }
    let drawn = drawn.take();
    Ok((encode(&rgb)?, drawn))
}

fn encode(rgb: &[u8]) -> Result<Vec<u8>, ChartError> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header()?;
        writer.write_image_data(rgb)?;
        writer.finish()?;
    }
    Ok(out)
}

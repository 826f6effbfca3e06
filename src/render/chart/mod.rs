//! The `/vps usage` chart: CPU, network and disk I/O over a window of KiwiVM's raw samples, as a PNG.

use std::sync::Once;

use plotters::prelude::*;

use super::units;

pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 900;
/// More points than pixels only blurs the lines and slows the render.
const MAX_POINTS: usize = 600;
const FONT: &str = "sans-serif";

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
    #[error("no usage samples in the last {0}")]
    Empty(String),
    #[error("could not draw the chart: {0}")]
    Draw(String),
    #[error("could not encode the chart: {0}")]
    Encode(#[from] png::EncodingError),
}

fn register_font() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // DejaVu Sans is a valid TTF shipped inside the dejavu crate; failure would be a broken build.
        let _ = plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular());
    });
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

/// Draws the three panels and returns PNG bytes of `WIDTH`×`HEIGHT`.
pub fn usage_png(title: &str, samples: &[Sample], period: &str) -> Result<Vec<u8>, ChartError> {
    if samples.is_empty() {
        return Err(ChartError::Empty(period.to_string()));
    }
    register_font();
    let clean: Vec<Sample> = samples.iter().filter_map(sanitize).collect();
    if clean.is_empty() {
        return Err(ChartError::Empty(period.to_string()));
    }
    let points = downsample(&clean);
    let mut rgb = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, title, &points, period).map_err(|e| ChartError::Draw(e.to_string()))?;
        root.present()
            .map_err(|e| ChartError::Draw(e.to_string()))?;
    }
    encode(&rgb)
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, plotters::coord::Shift>;
type DrawResult = Result<(), Box<dyn std::error::Error + 'static>>;

fn draw(root: &Area<'_>, title: &str, points: &[Sample], period: &str) -> DrawResult {
    root.fill(&WHITE)?;
    let root = root.titled(&format!("{title} — last {period} (UTC)"), (FONT, 26))?;
    let panels = root.split_evenly((3, 1));
    let (t0, t1) = (
        points[0].timestamp,
        points[points.len() - 1]
            .timestamp
            .max(points[0].timestamp.saturating_add(1)),
    );
    let per_second = 1.0 / 300.0;
    panel(
        &panels[0],
        "CPU (%)",
        t0,
        t1,
        &[("cpu", RGBColor(231, 76, 60), &|s: &Sample| s.cpu_percent)],
        points,
    )?;
    panel(
        &panels[1],
        "Network (bytes/s)",
        t0,
        t1,
        &[
            ("in", RGBColor(52, 152, 219), &|s: &Sample| {
                s.net_in * per_second
            }),
            ("out", RGBColor(46, 204, 113), &|s: &Sample| {
                s.net_out * per_second
            }),
        ],
        points,
    )?;
    panel(
        &panels[2],
        "Disk I/O (bytes/s)",
        t0,
        t1,
        &[
            ("read", RGBColor(155, 89, 182), &|s: &Sample| {
                s.disk_read * per_second
            }),
            ("write", RGBColor(230, 126, 34), &|s: &Sample| {
                s.disk_write * per_second
            }),
        ],
        points,
    )?;
    Ok(())
}

type Series<'s> = (&'s str, RGBColor, &'s dyn Fn(&Sample) -> f64);

fn panel(
    area: &Area<'_>,
    caption: &str,
    t0: i64,
    t1: i64,
    series: &[Series<'_>],
    points: &[Sample],
) -> DrawResult {
    let top = points
        .iter()
        .flat_map(|p| series.iter().map(move |(_, _, f)| f(p)))
        .fold(0.0_f64, f64::max)
        .max(1.0)
        * 1.1;
    let span = t1 - t0;
    let mut chart = ChartBuilder::on(area)
        .caption(caption, (FONT, 18))
        .margin(8)
        .x_label_area_size(28)
        .y_label_area_size(80)
        .build_cartesian_2d(t0..t1, 0.0..top)?;
    chart
        .configure_mesh()
        .x_labels(8)
        .y_labels(5)
        .x_label_formatter(&|t| axis_time(*t, span))
        .y_label_formatter(&|v| axis_value(*v))
        .label_style((FONT, 12))
        .draw()?;
    for (name, colour, f) in series {
        let colour = *colour;
        chart
            .draw_series(LineSeries::new(
                points.iter().map(|p| (p.timestamp, f(p))),
                colour.stroke_width(2),
            ))?
            .label(*name)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], colour.stroke_width(2)));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK.mix(0.3))
        .label_font((FONT, 12))
        .draw()?;
    Ok(())
}

/// UTC hours and minutes for short windows, the day and month for long ones.
fn axis_time(t: i64, span: i64) -> String {
    let day = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    if span <= 2 * 86_400 {
        format!("{:02}:{:02}", secs / 3600, secs % 3600 / 60)
    } else {
        let (_, m, d) = units::civil_from_days(day);
        format!("{d:02}/{m:02}")
    }
}

fn axis_value(v: f64) -> String {
    const UNITS: [&str; 5] = ["", "Ki", "Mi", "Gi", "Ti"];
    let mut v = v;
    let mut unit = 0;
    while v >= 1024.0 && unit < UNITS.len() - 1 {
        v /= 1024.0;
        unit += 1;
    }
    format!("{v:.0}{}", UNITS[unit])
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

#[cfg(test)]
mod tests {
    use super::*;

    fn samples(n: usize) -> Vec<Sample> {
        (0..n)
            .map(|i| Sample {
                timestamp: 1_700_000_000 + i as i64 * 300,
                cpu_percent: (i % 100) as f64,
                net_in: (i * 1000) as f64,
                net_out: 500.0,
                disk_read: 10.0,
                disk_write: (i % 7) as f64 * 4096.0,
            })
            .collect()
    }

    #[test]
    fn the_chart_is_a_png_of_the_expected_size() {
        let png_bytes = usage_png("demo1", &samples(288), "24h").unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
        let reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (WIDTH, HEIGHT));
    }

    #[test]
    fn the_chart_is_not_blank() {
        let png_bytes = usage_png("demo1", &samples(50), "6h").unwrap();
        let mut reader = png::Decoder::new(std::io::Cursor::new(png_bytes))
            .read_info()
            .unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut buf).unwrap();
        let coloured = buf
            .chunks(3)
            .filter(|p| p[0] > 200 && p[1] < 100 && p[2] < 100)
            .count();
        assert!(
            coloured > 100,
            "the red CPU line is missing ({coloured} red pixels)"
        );
    }

    #[test]
    fn absurd_samples_are_dropped_or_zeroed_instead_of_panicking() {
        let mut bad = samples(10);
        bad[0].timestamp = i64::MAX;
        bad[1].cpu_percent = f64::NAN;
        bad[2].net_in = -5.0;
        bad[3].disk_write = f64::INFINITY;
        assert!(usage_png("demo1", &bad, "1h").is_ok());
        let all_bad = [Sample {
            timestamp: i64::MIN,
            ..bad[1]
        }];
        assert!(matches!(
            usage_png("demo1", &all_bad, "1h"),
            Err(ChartError::Empty(_))
        ));
    }

    #[test]
    fn no_samples_is_a_clear_error() {
        assert!(matches!(
            usage_png("demo1", &[], "1h"),
            Err(ChartError::Empty(_))
        ));
    }

    #[test]
    fn a_long_history_is_averaged_down_to_at_most_600_points() {
        let many = samples(8640);
        let fewer = downsample(&many);
        assert!(fewer.len() <= MAX_POINTS && fewer.len() > MAX_POINTS / 2);
        let mean = |v: &[Sample]| v.iter().map(|s| s.net_in).sum::<f64>() / v.len() as f64;
        assert!((mean(&many) - mean(&fewer)).abs() / mean(&many) < 0.01);
    }

    #[test]
    fn axis_dates_are_right() {
        assert_eq!(axis_time(1_700_000_000, 3600), "22:13");
    }
}

//! The three panels (CPU, network, disk), drawn with plotters in the font of the chart's script.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axes::{time_axis, value_axis, Quantity, TimeAxis};
use super::record::Recorder;
use super::text::ChartText;
use super::ticked::Ticked;
use super::{font, Sample, SAMPLE_SECONDS};

/// Em sizes in pixels. Discord previews an embed image within 400×300, a third of this 1200×900
/// chart: a tick label's 26 px em is still about 9 px there, and the lines are thick enough to see.
const TITLE: f64 = 36.0;
const CAPTION: f64 = 28.0;
const LABEL: f64 = 26.0;
const STROKE: u32 = 3;

pub type Area<'a> = DrawingArea<Recorder<BitMapBackend<'a>>, Shift>;
type DrawResult = Result<(), Box<dyn std::error::Error + 'static>>;

struct Series<'t> {
    name: &'t str,
    colour: RGBColor,
    value: fn(&Sample) -> f64,
}

struct Panel<'t> {
    caption: &'t str,
    quantity: Quantity,
    series: Vec<Series<'t>>,
}

/// Draws the title and the panels for the window `start..=end` onto `root`.
pub fn draw(
    root: &Area<'_>,
    text: &ChartText,
    points: &[Sample],
    start: i64,
    end: i64,
) -> DrawResult {
    let family = font::family(text.script);
    root.fill(&WHITE)?;
    // Plotters places text by a box shorter than the glyphs' ascent: without a margin, the title's
    // tops are cut off.
    let root = root
        .margin(14, 4, 4, 4)
        .titled(&text.title, (family, font::size(text.script, TITLE)))?;
    let time = time_axis(start, end);
    let panels = [
        Panel {
            caption: &text.cpu_panel,
            quantity: Quantity::Percent,
            series: vec![Series {
                name: &text.cpu_legend,
                colour: RGBColor(231, 76, 60),
                value: |s| s.cpu_percent,
            }],
        },
        Panel {
            caption: &text.network_panel,
            quantity: Quantity::Rate,
            series: vec![
                Series {
                    name: &text.network_in,
                    colour: RGBColor(52, 152, 219),
                    value: |s| s.net_in,
                },
                Series {
                    name: &text.network_out,
                    colour: RGBColor(46, 204, 113),
                    value: |s| s.net_out,
                },
            ],
        },
        Panel {
            caption: &text.disk_panel,
            quantity: Quantity::Rate,
            series: vec![
                Series {
                    name: &text.disk_read,
                    colour: RGBColor(155, 89, 182),
                    value: |s| s.disk_read,
                },
                Series {
                    name: &text.disk_write,
                    colour: RGBColor(230, 126, 34),
                    value: |s| s.disk_write,
                },
            ],
        },
    ];
    for (area, panel) in root.split_evenly((3, 1)).iter().zip(&panels) {
        // KiwiVM counts bytes per 300-second sample; the axis shows bytes per second.
        let per_unit = |v: f64| match panel.quantity {
            Quantity::Percent => v,
            Quantity::Rate => v / SAMPLE_SECONDS,
        };
        draw_panel(area, text, panel, &time, points, per_unit)?;
    }
    Ok(())
}

fn draw_panel(
    area: &Area<'_>,
    text: &ChartText,
    panel: &Panel<'_>,
    time: &TimeAxis,
    points: &[Sample],
    per_unit: impl Fn(f64) -> f64,
) -> DrawResult {
    let family = font::family(text.script);
    let label = (family, font::size(text.script, LABEL));
    let max = points
        .iter()
        .flat_map(|p| panel.series.iter().map(|s| per_unit((s.value)(p))))
        .fold(0.0_f64, f64::max);
    let axis = value_axis(panel.quantity, max);
    let x = Ticked {
        from: time.start,
        to: time.end,
        bold: time.ticks.clone(),
        light: time.minor.clone(),
    };
    let y = Ticked {
        from: 0.0,
        to: axis.top(),
        bold: axis.ticks.clone(),
        light: Vec::new(),
    };
    let mut chart = ChartBuilder::on(area)
        .caption(panel.caption, (family, font::size(text.script, CAPTION)))
        .margin(6)
        // Room for half of the last time label, centred on the right edge.
        .margin_right(50)
        .x_label_area_size(44)
        .y_label_area_size(170)
        .build_cartesian_2d(x, y)?;
    chart
        .configure_mesh()
        .x_label_formatter(&|t| (text.time_tick)(&time.tick(*t)))
        .y_label_formatter(&|v| axis.label(*v, &text.percent, &text.rates))
        .label_style(label)
        .bold_line_style(BLACK.mix(0.25))
        .light_line_style(BLACK.mix(0.08))
        .draw()?;
    for series in &panel.series {
        let colour = series.colour;
        chart
            .draw_series(LineSeries::new(
                points
                    .iter()
                    .map(|p| (p.timestamp, per_unit((series.value)(p)) / axis.divisor)),
                colour.stroke_width(STROKE),
            ))?
            .label(series.name)
            .legend(move |(x, y)| {
                PathElement::new([(x, y), (x + 24, y)], colour.stroke_width(STROKE + 1))
            });
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .legend_area_size(36)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK.mix(0.3))
        .label_font(label)
        .draw()?;
    Ok(())
}

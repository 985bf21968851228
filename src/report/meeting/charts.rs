//! The report's charts, drawn with plotters: the burn-up, the lights per
//! area (stacked bars) and the units' scorecard (bars). Each is drawn once
//! by a function generic over the backend, so the SVG (inline in the HTML)
//! and the PNG (in the docx) are the same picture.
//!
//! Text needs a font (plotters' ab_glyph reads none of the system's by
//! itself): [`labels_available`] registers the first of the usual system
//! fonts found (Noto Sans CJK first). The charts' own labels are kept to
//! ASCII (months `24-06`, percents, position numbers that the tables beside
//! them explain), so any font will do; with none, the charts are drawn
//! without labels, titles and legends being the document's own text.

use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::TrendPoint;
use super::{AreaLine, UnitScore};

pub const WIDTH: u32 = 720;
pub const HEIGHT: u32 = 340;

pub const BLUE: RGBColor = RGBColor(0x2F, 0x75, 0xB5);
pub const YELLOW: RGBColor = RGBColor(0xE8, 0xB4, 0x00);
pub const RED: RGBColor = RGBColor(0xC0, 0x00, 0x00);
pub const GREEN: RGBColor = RGBColor(0x38, 0x8E, 0x3C);
pub const GRAY: RGBColor = RGBColor(0x80, 0x80, 0x80);
pub const LIGHT_GRAY: RGBColor = RGBColor(0xB3, 0xB3, 0xB3);

/// Fonts tried in order; the CJK ones first, for charts that may one day
/// carry Chinese labels; a collection is read at its first face.
const FONT_CANDIDATES: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/System/Library/Fonts/PingFang.ttc",
    "C:\\Windows\\Fonts\\msyh.ttc",
];

/// Whether a font for the charts' labels was found (and registered).
pub fn labels_available() -> bool {
    static FOUND: OnceLock<bool> = OnceLock::new();
    *FOUND.get_or_init(|| {
        FONT_CANDIDATES.iter().any(|path| {
            let Ok(bytes) = std::fs::read(path) else {
                return false;
            };
            // plotters keeps fonts for the whole run: read once, kept once
            let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
            plotters::style::register_font("sans-serif", FontStyle::Normal, bytes).is_ok()
        })
    })
}

/// Which chart.
#[derive(Debug, Clone, Copy)]
pub enum Chart<'a> {
    BurnUp(&'a [TrendPoint]),
    AreaLights(&'a [AreaLine]),
    Scorecard(&'a [UnitScore]),
}

type DrawResult<E> = Result<(), DrawingAreaErrorKind<E>>;

/// The chart as an SVG document.
pub fn svg(chart: Chart, labels: bool) -> String {
    let mut out = String::new();
    let drawn = {
        let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, chart, labels).and(root.present()).is_ok()
    };
    if !drawn {
        // only a font failure gets here: the picture without text
        out.clear();
        let root = SVGBackend::with_string(&mut out, (WIDTH, HEIGHT)).into_drawing_area();
        let _ = draw(&root, chart, false).and(root.present());
    }
    out
}

/// The chart as a PNG image.
pub fn png(chart: Chart, labels: bool) -> Vec<u8> {
    let mut pixels = vec![0u8; (WIDTH * HEIGHT * 3) as usize];
    let drawn = {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT)).into_drawing_area();
        draw(&root, chart, labels).and(root.present()).is_ok()
    };
    if !drawn {
        let root = BitMapBackend::with_buffer(&mut pixels, (WIDTH, HEIGHT)).into_drawing_area();
        let _ = draw(&root, chart, false).and(root.present());
    }
    encode_png(&pixels, WIDTH, HEIGHT)
}

fn encode_png(rgb: &[u8], width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("PNG header into memory");
    writer.write_image_data(rgb).expect("PNG data into memory");
    writer.finish().expect("PNG end into memory");
    out
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    chart: Chart,
    labels: bool,
) -> DrawResult<DB::ErrorType> {
    root.fill(&WHITE)?;
    match chart {
        Chart::BurnUp(points) => burn_up(root, points, labels),
        Chart::AreaLights(areas) => area_lights(root, areas, labels),
        Chart::Scorecard(units) => scorecard(root, units, labels),
    }
}

type Frame<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A cartesian frame with ASCII labels (or none) and grid lines.
fn frame<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    x: std::ops::Range<f64>,
    y_max: f64,
    labels: bool,
    x_label: &dyn Fn(&f64) -> String,
    y_label: &dyn Fn(&f64) -> String,
) -> Result<Frame<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(if labels { 28 } else { 0 })
        .y_label_area_size(if labels { 44 } else { 0 })
        .build_cartesian_2d(x.clone(), 0f64..y_max)?;
    if labels {
        chart
            .configure_mesh()
            .disable_x_mesh()
            .max_light_lines(0)
            .bold_line_style(RGBColor(0xDD, 0xDD, 0xDD))
            .x_labels(13)
            .y_labels(6)
            .x_label_formatter(x_label)
            .y_label_formatter(y_label)
            .label_style(("sans-serif", 13))
            .draw()?;
    } else {
        for step in 1..=4 {
            let y = y_max * step as f64 / 4.0;
            chart.draw_series(LineSeries::new(
                [(x.start, y), (x.end, y)],
                RGBColor(0xDD, 0xDD, 0xDD),
            ))?;
        }
    }
    Ok(chart)
}

fn burn_up<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    points: &[TrendPoint],
    labels: bool,
) -> DrawResult<DB::ErrorType> {
    let last = points.len().saturating_sub(1).max(1) as f64;
    let month = |x: &f64| {
        let x = *x;
        let index = x.round();
        if (x - index).abs() > 0.01 || index < 0.0 {
            return String::new();
        }
        points
            .get(index as usize)
            .map(|p| p.date.format("%y-%m").to_string())
            .unwrap_or_default()
    };
    let mut chart = frame(root, 0.0..last, 100.0, labels, &month, &|y: &f64| {
        format!("{y:.0}%")
    })?;
    let series = |f: fn(&TrendPoint) -> f64| {
        points
            .iter()
            .enumerate()
            .map(move |(i, p)| (i as f64, f(p)))
            .collect::<Vec<_>>()
    };
    chart.draw_series(DashedLineSeries::new(
        series(|p| p.schedule),
        8,
        5,
        GRAY.stroke_width(2),
    ))?;
    chart.draw_series(LineSeries::new(
        series(|p| p.percent),
        GREEN.stroke_width(3),
    ))?;
    chart.draw_series(LineSeries::new(
        series(TrendPoint::done_percent),
        BLUE.stroke_width(3),
    ))?;
    chart.draw_series(
        series(TrendPoint::done_percent)
            .into_iter()
            .map(|c| Circle::new(c, 3, BLUE.filled())),
    )?;
    Ok(())
}

/// `1`, `2`… under bar positions; nothing between them.
fn position(x: &f64) -> String {
    let x = *x;
    let index = x.round();
    if (x - index).abs() < 0.01 && index >= 0.0 {
        format!("{}", index as usize + 1)
    } else {
        String::new()
    }
}

fn area_lights<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    areas: &[AreaLine],
    labels: bool,
) -> DrawResult<DB::ErrorType> {
    let most = areas
        .iter()
        .map(|a| a.totals.milestones)
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let x = -0.5..(areas.len().max(1) as f64 - 0.5);
    let mut chart = frame(root, x, most * 1.05, labels, &position, &|y: &f64| {
        format!("{y:.0}")
    })?;
    for (i, area) in areas.iter().enumerate() {
        let t = &area.totals;
        let mut base = 0.0;
        for (count, color) in [(t.blue, BLUE), (t.yellow, YELLOW), (t.red, RED)] {
            let top = base + count as f64;
            if count > 0 {
                let x = i as f64;
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(x - 0.35, base), (x + 0.35, top)],
                    color.filled(),
                )))?;
            }
            base = top;
        }
    }
    Ok(())
}

fn scorecard<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    units: &[UnitScore],
    labels: bool,
) -> DrawResult<DB::ErrorType> {
    let x = -0.5..(units.len().max(1) as f64 - 0.5);
    let mut chart = frame(root, x, 100.0, labels, &position, &|y: &f64| {
        format!("{y:.0}%")
    })?;
    for (i, unit) in units.iter().enumerate() {
        let x = i as f64;
        let color = if unit.ahead() >= 0.0 { BLUE } else { RED };
        for (left, right, value, fill) in [
            (x - 0.38, x, unit.percent, color),
            (x, x + 0.38, unit.schedule, LIGHT_GRAY),
        ] {
            chart.draw_series(std::iter::once(Rectangle::new(
                [(left, 0.0), (right, value)],
                fill.filled(),
            )))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pixels of a PNG as RGB triples.
    fn pixels(png_bytes: &[u8]) -> Vec<[u8; 3]> {
        let mut reader = png::Decoder::new(std::io::Cursor::new(png_bytes))
            .read_info()
            .unwrap();
        let mut buf = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut buf).unwrap();
        buf[..info.buffer_size()]
            .chunks(3)
            .map(|p| [p[0], p[1], p[2]])
            .collect()
    }

    fn count(pixels: &[[u8; 3]], colour: RGBColor) -> usize {
        pixels
            .iter()
            .filter(|p| **p == [colour.0, colour.1, colour.2])
            .count()
    }

    fn unit(name: &str, percent: f64, schedule: f64) -> UnitScore {
        UnitScore {
            unit: name.into(),
            milestones: 4,
            done: 1,
            done_on_time: 1,
            overdue: 0,
            red: 1,
            percent,
            schedule,
        }
    }

    #[test]
    fn scorecard_bars_in_their_colours_with_and_without_labels() {
        let mut units = vec![unit("甲", 80.0, 50.0)];
        units.extend((0..11).map(|i| unit("乙", 20.0 + i as f64, 83.3)));
        for labels in [true, false] {
            let image = pixels(&png(Chart::Scorecard(&units), labels));
            assert_eq!(image.len(), (WIDTH * HEIGHT) as usize);
            assert!(count(&image, BLUE) > 1000, "ahead: blue ({labels})");
            assert!(count(&image, RED) > 200, "behind: red ({labels})");
            assert!(count(&image, LIGHT_GRAY) > 1000, "schedule ({labels})");
        }
    }
}

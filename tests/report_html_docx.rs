//! `taizhang report` as HTML loaded in a real browser with its charts, and
//! as docx read back with its tables, images and fonts (the county of
//! tests/common/county.rs).

mod common;

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use common::county::*;

fn chromium(args: &[&str], html: &Path) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap()
}

fn decode(png_path: &Path) -> Vec<[u8; 3]> {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).unwrap();
    let channels = info.color_type.samples();
    pixels[..info.buffer_size()]
        .chunks(channels)
        .map(|p| [p[0], p[1 % channels], p[2 % channels]])
        .collect()
}

fn pixels_of(png_path: &Path, colour: [u8; 3]) -> usize {
    decode(png_path)
        .into_iter()
        .filter(|p| *p == colour)
        .count()
}

fn distinct_colours(png_path: &Path) -> usize {
    decode(png_path).into_iter().collect::<HashSet<_>>().len()
}

#[test]
fn the_html_is_self_contained_and_loads_in_chromium_with_its_charts() {
    let (home, _, _) = county();
    let out = home.path().join("report.html");
    home.ok(&[
        "report",
        PLAN,
        "--as-of",
        AS_OF,
        "--format",
        "html",
        "-o",
        out.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&out).unwrap();
    // nothing loaded from elsewhere
    for outside in ["src=", "href=", "@import", "url("] {
        assert!(!html.contains(outside), "{outside} in the page");
    }
    assert!(html.contains("name=\"viewport\""));
    assert!(html.contains("@page { size: A4"));
    assert!(html.contains("thead { display: table-header-group; }"));
    assert_eq!(html.matches("<svg").count(), 3);
    assert_eq!(
        html.matches("<thead>").count(),
        4,
        "areas, units, flagged, changes"
    );

    if !have("chromium") {
        eprintln!("chromium not installed: the browser check is skipped");
        return;
    }
    let shot = home.path().join("shot.png");
    let output = chromium(
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1200,1600",
        ],
        &out,
    );
    assert!(shot.exists(), "{}", String::from_utf8_lossy(&output.stderr));
    let colours = distinct_colours(&shot);
    assert!(colours > 50, "a blank page: {colours} colours");
    // a phone's width: still drawn
    let phone = home.path().join("phone.png");
    chromium(
        &[
            &format!("--screenshot={}", phone.display()),
            "--window-size=390,844",
        ],
        &out,
    );
    assert!(distinct_colours(&phone) > 50, "a blank page on a phone");
    let dom = String::from_utf8(chromium(&["--dump-dom"], &out).stdout).unwrap();
    assert!(dom.contains("240项任务中已完成"), "{dom}");
    assert!(dom.contains("一、总体情况") && dom.contains("四、红黄灯事项"));
    assert_eq!(dom.matches("<svg").count(), 3);
    // the charts drew their series: lines (burn-up) and bars
    assert!(dom.contains("<polyline") && dom.contains("<rect"));
}

#[test]
fn the_docx_reads_back_with_tables_images_and_fonts_and_converts() {
    let (home, _, _) = county();
    let out = home.path().join("report.docx");
    home.ok(&[
        "report",
        PLAN,
        "--as-of",
        AS_OF,
        "--format",
        "docx",
        "-o",
        out.to_str().unwrap(),
    ]);
    let files = unzip(&out);
    let document = String::from_utf8(files["word/document.xml"].clone()).unwrap();
    assert!(document.contains("240项任务中已完成"));
    for heading in [
        "一、总体情况",
        "二、分领域推进情况",
        "三、牵头单位推进情况",
        "四、红黄灯事项",
    ] {
        assert!(document.contains(heading), "{heading}");
    }
    assert_eq!(
        document.matches("<w:tbl>").count(),
        4,
        "areas, units, flagged, changes"
    );
    // each table's heading row repeats on every page
    assert_eq!(document.matches("<w:tblHeader />").count(), 4);
    assert!(document.contains("w:eastAsia=\"黑体\"") && document.contains("w:eastAsia=\"仿宋\""));
    assert!(
        document.contains("w:w=\"11906\"") && document.contains("w:h=\"16838\""),
        "A4"
    );
    let images: Vec<&Vec<u8>> = files
        .iter()
        .filter(|(name, _)| name.starts_with("word/media/") && !name.ends_with('/'))
        .map(|(_, bytes)| bytes)
        .collect();
    assert_eq!(images.len(), 3);
    for image in &images {
        assert!(image.starts_with(b"\x89PNG\r\n\x1a\n"));
    }
    // the charts in their colours: the lights per area hold blue, yellow
    // and red; every unit is behind schedule on this plan: red bars
    let path = home.path().join("chart.png");
    std::fs::write(&path, images[1]).unwrap();
    for colour in [[0x2F, 0x75, 0xB5], [0xE8, 0xB4, 0x00], [0xC0, 0x00, 0x00]] {
        assert!(
            pixels_of(&path, colour) > 500,
            "{colour:?} in the area chart"
        );
    }
    std::fs::write(&path, images[2]).unwrap();
    assert!(
        pixels_of(&path, [0xC0, 0x00, 0x00]) > 500,
        "red bars in the scorecard"
    );
    // docx without -o is refused
    let err = home.fail(&["report", PLAN, "--format", "docx"]);
    assert!(err.contains("needs -o FILE"), "{err}");

    if !have("soffice") {
        eprintln!("soffice not installed: the LibreOffice conversion is skipped");
        return;
    }
    let profile = tempfile::tempdir().unwrap();
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(home.path())
        .arg(&out)
        .output()
        .unwrap();
    let pdf = home.path().join("report.pdf");
    assert!(pdf.exists(), "{}", String::from_utf8_lossy(&status.stderr));
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    if have("pdftotext") {
        let text = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&text.stdout);
        assert!(text.contains("总体情况"), "{text}");
    }
}

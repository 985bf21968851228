//! The ledger and the fill-in workbook as LibreOffice prints them (to PDF):
//! A4 landscape, every column on the page width, the header row on every
//! page. Skipped, with a message, where LibreOffice is not installed.

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_taizhang");
const UNIT: &str = "县工业和信息化局";

/// A plan with one area of 80 milestones, long enough for several pages.
fn long_plan(dir: &Path) {
    let mut yaml = String::from(
        "id: long\ntitle: 长表测试行动方案\nspan: {start: 2025-01-01, end: 2025-12-31}\nareas:\n  - id: a1\n    title: 推进重点项目建设\n    tasks:\n      - id: t1\n        title: 实施重点项目\n",
    );
    yaml.push_str(&format!("        lead: [{UNIT}]\n        milestones:\n"));
    for n in 1..=80 {
        yaml.push_str(&format!(
            "          - {{id: t1.m{n}, title: 第{n}个重点项目开工建设并完成年度投资计划, due: 2025-12-31, target: {{value: {n}, unit: 亿元}}}}\n"
        ));
    }
    std::fs::write(dir.join("long.yaml"), yaml).unwrap();
}

fn run(home: &Path, plans: &Path, args: &[&str]) {
    let output = Command::new(BIN)
        .arg("--plans")
        .arg(plans)
        .args(args)
        .env("TAIZHANG_HOME", home)
        .env("TZ", "Asia/Shanghai")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn tool(program: &str, args: &[&str]) -> Option<String> {
    let output = Command::new(program).args(args).output().ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// `soffice --convert-to pdf`, then the page count, size and each page's text.
fn print(dir: &Path, workbook: &Path) -> (usize, String, Vec<String>) {
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("lo-profile").display()
    );
    let out = dir.join("pdf");
    let args = [
        profile.as_str(),
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        out.to_str().unwrap(),
        workbook.to_str().unwrap(),
    ];
    tool("soffice", &args).expect("soffice converts to pdf");
    let pdf = out.join(workbook.with_extension("pdf").file_name().unwrap());
    let pdf = pdf.to_str().unwrap();
    let info = tool("pdfinfo", &[pdf]).unwrap();
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .unwrap()
            .trim()
            .to_string()
    };
    let pages: usize = field("Pages:").parse().unwrap();
    let texts = (1..=pages)
        .map(|p| {
            let p = p.to_string();
            tool("pdftotext", &["-f", &p, "-l", &p, "-layout", pdf, "-"]).unwrap()
        })
        .collect();
    (pages, field("Page size:"), texts)
}

#[test]
fn printed_by_libreoffice_the_workbooks_are_a4_landscape_with_the_header_on_every_page() {
    if ["soffice", "pdfinfo", "pdftotext"]
        .iter()
        .any(|program| Command::new(program).arg("-v").output().is_err())
    {
        println!("skipped: LibreOffice (soffice) or poppler-utils (pdfinfo) is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let plans = dir.path().join("plans");
    std::fs::create_dir(&plans).unwrap();
    long_plan(&plans);
    let home = dir.path().join("home");
    let ledger = dir.path().join("ledger.xlsx");
    let fill = dir.path().join("fill.xlsx");
    run(
        &home,
        &plans,
        &[
            "--as-of",
            "2025-06-30",
            "export",
            "long",
            "--format",
            "xlsx",
            "-o",
            ledger.to_str().unwrap(),
        ],
    );
    run(
        &home,
        &plans,
        &[
            "--as-of",
            "2025-06-30",
            "export",
            "long",
            "--format",
            "xlsx",
            "--lead",
            UNIT,
            "-o",
            fill.to_str().unwrap(),
        ],
    );

    let (pages, size, texts) = print(dir.path(), &ledger);
    // A4 is 595 x 842 points: landscape is the wide way round
    assert!(
        size.starts_with("841.89 x 595.") && size.ends_with("(A4)"),
        "{size}"
    );
    assert!(pages >= 3, "80 rows and the 汇总 sheet: {pages} page(s)");
    let ledger_pages: Vec<&String> = texts.iter().filter(|t| t.contains("t1.m")).collect();
    assert!(ledger_pages.len() >= 2, "{texts:?}");
    for text in &ledger_pages {
        // the title and the header row repeated, every column on the page
        assert!(
            text.contains("长表测试行动方案 台账（截至 2025-06-30）"),
            "{text}"
        );
        for heading in ["编号", "里程碑", "截止日期", "进度", "灯", "下步计划"] {
            assert!(text.contains(heading), "{heading} not on a page: {text}");
        }
    }
    assert!(
        texts.iter().any(|t| t.contains("t1.m80")),
        "every row printed"
    );

    let (pages, size, texts) = print(dir.path(), &fill);
    assert!(
        size.starts_with("841.89 x 595.") && size.ends_with("(A4)"),
        "{size}"
    );
    assert!(pages >= 2, "{pages}");
    for text in &texts {
        for heading in ["编号", "完成值", "状态", "进展情况", "存在问题", "下步计划"]
        {
            assert!(text.contains(heading), "{heading} not on a page: {text}");
        }
    }
    assert!(
        texts[0].contains("填报单位") && texts[0].contains(UNIT),
        "{}",
        texts[0]
    );
}

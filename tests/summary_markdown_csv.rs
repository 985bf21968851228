//! The summary as Markdown and as CSV (the fixture's marks are in
//! tests/common/summary.rs).

mod common;

use common::summary::*;

#[test]
fn markdown_is_ready_to_paste() {
    let home = home();
    let md = ok(
        home.path(),
        &[
            "summary",
            "sx-shuzi",
            "--format",
            "markdown",
            "--changed-since",
            "2025-06-01",
        ],
    );
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "# 台账汇总（截至 2025-06-30）");
    assert!(lines.contains(&"## 数字经济发展行动计划（sx-shuzi）"));
    assert!(lines.contains(
        &"**合计**：里程碑 9 项；未启动 2、推进中 4、已完成 2、受阻 1；逾期 1 项；蓝灯 4、黄灯 2、红灯 3；完成率 46.0%。"
    ));
    let header = lines
        .iter()
        .position(|l| l.starts_with("| 行动领域 |"))
        .unwrap();
    assert_eq!(
        lines[header],
        "| 行动领域 | 里程碑 | 未启动 | 推进中 | 已完成 | 受阻 | 逾期 | 蓝 | 黄 | 红 | 完成率 | 灯 | 进度 |"
    );
    assert_eq!(
        lines[header + 1],
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
    );
    assert_eq!(
        lines[header + 3],
        "| 加快数字基础设施建设 | 4 | 1 | 1 | 1 | 1 | 1 | 1 | 1 | 2 | 32.4% | 红 | `[###-------]` |"
    );
    assert!(lines.contains(&"### 需关注事项（逾期或红灯）"));
    assert!(
        lines.contains(&"| `m2` | 实现乡镇5G网络全覆盖 | 2025-03-31 | 市工信局 | 红 | 逾期91天 |")
    );
    assert!(lines.contains(&"### 自 2025-06-01 以来的变化"));
    assert!(lines.contains(
        &"| 2025-06-20 15:30 | `m3` | 建成城市算力中心一期 | 状态 推进中 -> 已完成（已通过验收） | 李四 |"
    ));
    // every table row has as many cells as its header: the area table, the
    // attention list and the changes
    let mut tables = 0;
    let mut header_cells = None;
    for line in &lines {
        if !line.starts_with('|') {
            header_cells = None;
            continue;
        }
        assert!(line.ends_with('|'), "{line}");
        let cells = markdown_cells(line);
        match header_cells {
            None => {
                tables += 1;
                header_cells = Some(cells);
            }
            Some(header) => assert_eq!(cells, header, "cells of {line}"),
        }
    }
    assert_eq!(tables, 3, "{md}");
}

/// The cells of a Markdown table row `| a | b |`: the pipes not escaped as
/// `\|`, less one.
fn markdown_cells(row: &str) -> usize {
    let mut pipes = 0;
    let mut escaped = false;
    for c in row.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '|' => pipes += 1,
            _ => {}
        }
    }
    pipes - 1
}

#[test]
fn markdown_cells_counts_only_unescaped_pipes() {
    assert_eq!(markdown_cells("| a | b |"), 2);
    assert_eq!(markdown_cells("|---|---:|---|"), 3);
    assert_eq!(markdown_cells("| a \\| b | c |"), 2);
}

#[test]
fn csv_has_a_bom_a_header_and_a_row_per_area() {
    let home = home();
    // over several plans, `--by area` prints each plan's rows (the default
    // is the roll-up, tests/rollup.rs)
    let output = run_with(
        home.path(),
        &["summary", "--by", "area", "--format", "csv"],
        &[],
    );
    assert!(output.status.success());
    assert_eq!(
        &output.stdout[..3],
        b"\xEF\xBB\xBF",
        "UTF-8 byte-order mark"
    );
    let text = String::from_utf8(output.stdout[3..].to_vec()).unwrap();
    assert!(text.ends_with("\r\n"));
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        lines[0],
        "计划编号,计划,领域编号,行动领域,里程碑,未启动,推进中,已完成,受阻,逾期,蓝,黄,红,完成率(%),灯"
    );
    let ours: Vec<Vec<&str>> = lines[1..]
        .iter()
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[0] == "sx-shuzi")
        .collect();
    assert_eq!(ours.len(), 4);
    assert_eq!(
        ours[1],
        [
            "sx-shuzi",
            "数字经济发展行动计划",
            "a1",
            "加快数字基础设施建设",
            "4",
            "1",
            "1",
            "1",
            "1",
            "1",
            "1",
            "1",
            "2",
            "32.4",
            "红"
        ]
    );
    // the rows add up to the plan's totals
    let mut sum = [0u64; 9];
    for fields in &ours {
        for (i, v) in fields[4..13].iter().enumerate() {
            sum[i] += v.parse::<u64>().unwrap();
        }
    }
    assert_eq!(sum, [9, 2, 4, 2, 1, 1, 4, 2, 3]);
    assert!(
        lines[1..]
            .iter()
            .any(|l| l.starts_with("sx-mini,营商环境优化方案,b1,保障措施,1,"))
    );

    // -o writes the same bytes to a file
    let file = home.path().join("汇总.csv");
    let output = run_with(
        home.path(),
        &[
            "summary",
            "--by",
            "area",
            "--format",
            "csv",
            "-o",
            file.to_str().unwrap(),
        ],
        &[],
    );
    assert!(output.status.success());
    assert!(output.stdout.is_empty());
    assert_eq!(&std::fs::read(&file).unwrap()[..3], b"\xEF\xBB\xBF");
}

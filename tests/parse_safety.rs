//! Crafted plan and state files (issue 12, attacks 6-8 and 15): each is
//! replayed against the real binary, bounded in memory and time, and must be
//! refused with `FILE:LINE:COL:` and nothing changed.

mod bounded;
mod common;

use common::Home;
use std::path::Path;

/// The demo plan with a title replaced by `title` (raw YAML).
fn plan_with(home: &Home, extra: &str) {
    let path = home.plans.join("demo.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}{extra}")).unwrap();
}

fn run(home: &Home, args: &[&str]) -> bounded::Ran {
    let scratch = home.path().join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    bounded::run(&mut home.command(args), &scratch)
}

fn assert_refused(ran: &bounded::Ran, file: &Path, line: usize, message: &str) {
    assert_eq!(
        ran.status.code(),
        Some(1),
        "exit 1, not a crash: {:?}\n{}",
        ran.status,
        ran.stderr
    );
    // `validate` lists the problems on stdout, other commands on stderr
    let expected = format!("{}:{line}:", file.display());
    let said = format!("{}{}", ran.stdout, ran.stderr);
    assert!(
        said.lines()
            .any(|l| l.contains(&expected) && l.contains(message)),
        "expected {expected}…{message} in:\n{said}"
    );
}

#[test]
fn a_plan_whose_aliases_copy_one_big_scalar_is_refused_in_bounded_memory() {
    let home = Home::with_plan_copy();
    // 3,000 titles alias one 1 MB scalar: 3 GB once expanded
    let big = "长".repeat(350_000);
    let mut extra = format!("  - id: a9\n    title: &big {big}\n    tasks:\n");
    for i in 0..3000 {
        extra.push_str(&format!(
            "      - id: x{i}\n        title: *big\n        milestones: []\n"
        ));
    }
    plan_with(&home, &extra);
    let ran = run(
        &home,
        &["validate", home.plans.join("demo.yaml").to_str().unwrap()],
    );
    // the use that crosses 8 MB: eight titles of 1 MB each
    let line = 63 + 3 + 3 * 7 + 2;
    assert_refused(
        &ran,
        &home.plans.join("demo.yaml"),
        line,
        "aliases (`*name`) expand this document past 8 MB",
    );
}

#[test]
fn nested_aliases_in_a_state_file_are_refused_and_the_file_kept() {
    let home = Home::with_plan_copy();
    let mut text = String::from(
        "version: 1\nplan: demo\nlaughs:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n",
    );
    for i in 1..10 {
        let p = i - 1;
        let uses = vec![format!("*a{p}"); 10].join(", ");
        text.push_str(&format!("  a{i}: &a{i} [{uses}]\n"));
    }
    text.push_str("milestones: {}\n");
    std::fs::create_dir_all(home.state_dir()).unwrap();
    std::fs::write(home.state_file(), &text).unwrap();
    for args in [&["log", "demo"][..], &["mark", "demo", "t1.m2", "done"]] {
        let ran = run(&home, args);
        assert_refused(&ran, &home.state_file(), 10, "expand this document past");
        assert_eq!(home.state_text(), text, "{args:?} left the file as it was");
    }
}

#[test]
fn files_over_64_mb_are_refused_before_they_are_read() {
    let home = Home::with_plan_copy();
    // sparse: no disk used, and only the limit could refuse it this early
    let huge = home.plans.join("huge.yaml");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(65 * 1024 * 1024)
        .unwrap();
    let ran = run(&home, &["validate", huge.to_str().unwrap()]);
    assert_refused(&ran, &huge, 1, "at most 64 MB");
    std::fs::remove_file(&huge).unwrap();
    std::fs::create_dir_all(home.state_dir()).unwrap();
    std::fs::File::create(home.state_file())
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    let ran = run(&home, &["mark", "demo", "t1.m2", "done"]);
    assert_refused(&ran, &home.state_file(), 1, "file is 100 MB");
}

#[test]
fn a_hundred_thousand_brackets_are_refused_at_once() {
    let home = Home::with_plan_copy();
    plan_with(&home, &format!("extra: {}\n", "[".repeat(100_000)));
    let ran = run(
        &home,
        &["validate", home.plans.join("demo.yaml").to_str().unwrap()],
    );
    assert_refused(
        &ran,
        &home.plans.join("demo.yaml"),
        64,
        "nested too deep: taizhang reads documents nested at most 64 levels",
    );
    // the same in block style, where every `- ` opens a level
    let home = Home::with_plan_copy();
    plan_with(&home, &format!("extra:\n{}x\n", "- ".repeat(100_000)));
    let ran = run(
        &home,
        &["validate", home.plans.join("demo.yaml").to_str().unwrap()],
    );
    assert_refused(&ran, &home.plans.join("demo.yaml"), 65, "nested too deep");
}

/// A state file with t1.m1's block twice, each with its own history entry:
/// what a person leaves after resolving a git conflict by keeping both sides.
#[test]
fn a_milestone_block_twice_is_refused_and_no_entry_is_lost() {
    let home = Home::with_plan_copy();
    home.ok(&["mark", "demo", "t1.m1", "doing"]);
    home.ok(&["mark", "demo", "t1.m2", "done"]);
    let text = home.state_text();
    let block = |id: &str| {
        let start = text.find(&format!("\n  {id}:\n")).unwrap();
        let end = text[start + 1..]
            .find("\n\n")
            .map_or(text.len(), |e| start + 1 + e);
        text[start..end].to_string()
    };
    // the second copy of t1.m1: another change, made on another desk
    let theirs = block("t1.m1")
        .replace("status: doing", "status: done")
        .replace("to: doing", "to: done");
    let id_line = theirs.lines().find(|l| l.contains("- id: ")).unwrap();
    let theirs = theirs.replace(id_line, "    - id: 0190aaaa-0000-7000-8000-000000000001");
    let joined = format!("{text}{theirs}\n");
    std::fs::write(home.state_file(), &joined).unwrap();
    let second = joined.lines().count() - theirs.trim_start().lines().count() + 1;
    for args in [
        &["mark", "demo", "t2.m1", "done"][..],
        &["log", "demo"],
        &["undo", "demo"],
    ] {
        let ran = run(&home, args);
        assert_refused(
            &ran,
            &home.state_file(),
            second,
            "`t1.m1` appears twice in one mapping (first on line",
        );
        assert_eq!(home.state_text(), joined, "{args:?} changed nothing");
    }
}

#[test]
fn a_number_too_large_for_a_float_says_so() {
    let home = Home::with_plan_copy();
    let path = home.plans.join("demo.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("{value: 1000,", "{value: 1e400,");
    std::fs::write(&path, text).unwrap();
    let ran = run(
        &home,
        &["validate", home.plans.join("demo.yaml").to_str().unwrap()],
    );
    assert_refused(
        &ran,
        &path,
        28,
        "number `1e400` is too large: numbers must be finite, below 1.8e308",
    );
    assert!(!ran.stderr.contains("invalid type"), "{}", ran.stderr);
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_neutralised() {
    let home = Home::with_plan_copy();
    let path = home.plans.join("demo.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace(
            "title: 示范行动方案（测试用）",
            "title: '=HYPERLINK(\"http://x\",\"点此\")'",
        )
        .replace(
            "lead: [市工业和信息化局]",
            "lead: ['@SUM(1+1)*cmd|'' /C calc''!A0']",
        )
        .replace("title: 推动产业发展", "title: '-2+3'");
    std::fs::write(&path, text).unwrap();
    let area = home.ok(&["summary", "demo", "--format", "csv"]);
    assert!(
        area.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"点此\"\")\",")
            && area.contains(",'-2+3,"),
        "{area}"
    );
    let lead = home.ok(&["summary", "demo", "--format", "csv", "--by", "lead"]);
    assert!(lead.contains(",'@SUM(1+1)*cmd|' /C calc'!A0,"), "{lead}");
    for line in area.lines().chain(lead.lines()) {
        for cell in line.trim_start_matches('\u{feff}').split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '@']), "{cell} in {line}");
        }
    }
}

#[test]
fn one_broken_plan_file_does_not_stop_the_work_on_the_others() {
    let home = Home::with_plan_copy();
    let broken = home.plans.join("broken.yaml");
    std::fs::write(&broken, "id: broken\ntitle: [unclosed\n").unwrap();
    let warning = format!("{}:", broken.display());
    for args in [
        &["mark", "demo", "t1.m2", "done"][..],
        &["log", "demo"],
        &["summary"],
        &["export", "demo"],
        &["plans"],
    ] {
        let ran = run(&home, args);
        assert!(ran.status.success(), "{args:?}: {}", ran.stderr);
        assert!(
            ran.stderr.contains(&warning) && ran.stderr.contains("(plan `broken` left out)"),
            "{args:?}: {}",
            ran.stderr
        );
    }
    assert_eq!(
        home.load().get("t1.m2").status,
        taizhang::state::Status::Done
    );
    // the broken plan itself, asked for: its problem, exit 1
    let ran = run(&home, &["mark", "broken", "m1", "done"]);
    assert_refused(&ran, &broken, 2, "");
    // and validate counts it
    let ran = run(&home, &["validate"]);
    assert_refused(&ran, &broken, 2, "");
}

//! The plan and state cache, through the real binary: built on the first
//! run, used on the next, never trusted over the files (an edit of the
//! same size and modification time is seen, and so is a file replaced by
//! another of the same size and times), rebuilt when stale or damaged,
//! skipped with one warning when it cannot be written. Each check runs the
//! roll-up (from the caches' digests) and each plan's own summary (from
//! the cached plans and states). And the generator `examples/gen_plans`
//! writes plans the binary loads.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use taizhang::cache::{Rejected, diagnose, file_for};
mod common;

use common::province::Province;

const BIN: &str = env!("CARGO_BIN_EXE_taizhang");

/// The roll-up over every plan, and every plan's own tables.
const SUMMARIES: [&[&str]; 2] = [
    &["summary", "--format", "json", "--all"],
    &["summary", "--by", "area", "--format", "json"],
];

impl Province {
    fn cache(&self) -> PathBuf {
        self.home().join("cache")
    }

    fn plan_file(&self, id: &str) -> PathBuf {
        self.plans().join(format!("{id}.yaml"))
    }

    /// The roll-up and each plan's summary as JSON, which must succeed with
    /// nothing on stderr.
    fn summary(&self) -> String {
        let mut out = String::new();
        for args in SUMMARIES {
            let output = self.run(args);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success() && stderr.is_empty(), "{stderr}");
            out.push_str(&String::from_utf8(output.stdout).unwrap());
        }
        out
    }

    /// The cache files, by kind: (`plans-….cache`, `state-….cache`).
    fn cache_files(&self) -> (PathBuf, PathBuf) {
        let mut plans = None;
        let mut state = None;
        for entry in std::fs::read_dir(self.cache()).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with("plans-") && name.ends_with(".cache") {
                plans = Some(entry.path());
            } else if name.starts_with("state-") && name.ends_with(".cache") {
                state = Some(entry.path());
            } else if name.starts_with("embedded-") && name.ends_with(".cache") {
                // the shipped plans' digests, for the roll-up
            } else {
                panic!("unexpected file in the cache folder: {name}");
            }
        }
        (plans.expect("a plans cache"), state.expect("a state cache"))
    }

    fn plans_cache_ok(&self) -> bool {
        diagnose(&self.cache_files().0, "plans", &self.plans()).is_none()
    }
}

/// The same output as a run that cannot see any cache (a fresh home with
/// the same plans and state), to compare against.
fn reference(province: &Province) -> String {
    let other = tempfile::tempdir().unwrap();
    let home = other.path().join("home");
    copy_dir(&province.home().join("state"), &home.join("state"));
    let mut out = String::new();
    for args in SUMMARIES {
        let output = Command::new(BIN)
            .arg("--plans")
            .arg(province.plans())
            .args(["--as-of", "2025-06-30"])
            .args(args)
            .env("TAIZHANG_HOME", &home)
            .env("TZ", "Asia/Shanghai")
            .output()
            .unwrap();
        assert!(output.status.success());
        out.push_str(&String::from_utf8(output.stdout).unwrap());
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

#[test]
fn the_first_run_builds_the_cache_and_the_next_reads_it_without_rewriting() {
    let province = Province::new(5, 11);
    // files changed within the granularity of the cache's writing are
    // racily clean, and the cache is rewritten once they are no longer:
    // let that time pass first, so the first cache is the final one
    std::thread::sleep(std::time::Duration::from_nanos(
        taizhang::cache::stamp::GRANULARITY_NS as u64 + 100_000_000,
    ));
    let first = province.summary();
    let (plans, state) = province.cache_files();
    assert!(province.plans_cache_ok());
    assert_eq!(
        diagnose(&state, "state", &province.home().join("state")),
        None
    );
    let inodes = (
        std::fs::metadata(&plans).unwrap().ino(),
        std::fs::metadata(&state).unwrap().ino(),
    );
    let second = province.summary();
    assert_eq!(first, second);
    assert_eq!(first, reference(&province));
    // written by rename, so a rewrite would be a new inode
    let after = (
        std::fs::metadata(&plans).unwrap().ino(),
        std::fs::metadata(&state).unwrap().ino(),
    );
    assert_eq!(inodes, after, "an unchanged cache is not rewritten");
    // and the other commands read the same plans through it
    let listing = province.run(&["plans"]);
    assert!(listing.status.success());
    assert!(String::from_utf8_lossy(&listing.stdout).contains("county-0005"));
}

/// A plan's text with the first digit of its first target changed: the
/// same size, another plan.
fn one_digit_changed(text: String) -> Vec<u8> {
    let at = text.find("value: ").unwrap() + "value: ".len();
    let mut bytes = text.into_bytes();
    bytes[at] = if bytes[at] == b'9' {
        b'1'
    } else {
        bytes[at] + 1
    };
    bytes
}

/// Give `path` the modification time `before` had.
fn set_modified(path: &Path, before: &std::fs::Metadata) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(before.modified().unwrap()).unwrap();
}

#[test]
fn an_edit_of_the_same_size_and_time_is_seen_and_the_cache_rewritten() {
    let province = Province::new(3, 11);
    province.summary();
    let path = province.plan_file("county-0002");
    let before = std::fs::metadata(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    // one digit of a target changed: same size; then the old mtime put back
    let bytes = one_digit_changed(text);
    std::fs::write(&path, &bytes).unwrap();
    set_modified(&path, &before);
    let after = std::fs::metadata(&path).unwrap();
    assert_eq!(
        (before.len(), before.mtime(), before.mtime_nsec()),
        (after.len(), after.mtime(), after.mtime_nsec())
    );
    let edited = province.summary();
    assert_eq!(edited, reference(&province), "the edit is in the output");
    let plan: taizhang::plan::Plan =
        taizhang::yaml::from_str(std::str::from_utf8(&bytes).unwrap()).unwrap();
    let first_target = plan
        .milestones()
        .find_map(|m| m.milestone.target.clone())
        .unwrap();
    let shown = province.run(&["export", "county-0002", "--format", "json"]);
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    let value = &shown["plans"][0]["areas"][0]["tasks"][0]["milestones"][0]["target"]["value"];
    assert_eq!(value.as_f64(), Some(first_target.value));
    assert!(province.plans_cache_ok());
}

#[test]
fn a_plan_made_invalid_is_reported_not_served_from_the_cache() {
    let province = Province::new(2, 11);
    province.summary();
    let path = province.plan_file("county-0001");
    let text = std::fs::read_to_string(&path).unwrap();
    // a duplicate id: parses, but does not validate
    std::fs::write(&path, text.replacen("id: t2\n", "id: t1\n", 1)).unwrap();
    // asked for by id: refused with its problem
    let output = province.run(&["summary", "county-0001"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("county-0001.yaml:"), "{stderr}");
    assert!(stderr.contains("duplicate id `t1`"), "{stderr}");
    // in a summary of every plan: reported, left out, the others go on
    let output = province.run(&["summary"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("duplicate id `t1`") && stderr.contains("(plan `county-0001` left out)"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("county-0002"));
}

#[test]
fn a_changed_state_file_is_read_again() {
    let province = Province::new(2, 11);
    province.summary();
    let output = province.run(&["mark", "county-0001", "t1.m1", "blocked"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary = province.summary();
    assert_eq!(summary, reference(&province));
    let rollup = province.run(SUMMARIES[0]);
    let json: serde_json::Value = serde_json::from_slice(&rollup.stdout).unwrap();
    assert!(
        json["attention"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["plan"] == "county-0001" && a["id"] == "t1.m1" && a["status"] == "blocked"),
        "{json}"
    );
}

#[test]
fn a_damaged_cache_is_detected_rebuilt_and_never_used() {
    let province = Province::new(4, 11);
    let expected = province.summary();
    let (plans, state) = province.cache_files();
    let good = std::fs::read(&plans).unwrap();
    let damages: Vec<(&str, Vec<u8>)> = vec![
        ("empty", Vec::new()),
        ("truncated to half", good[..good.len() / 2].to_vec()),
        ("last byte cut", good[..good.len() - 1].to_vec()),
        ("a byte flipped in a plan", {
            let mut bad = good.clone();
            let at = good.len() * 2 / 3;
            bad[at] ^= 0x01;
            bad
        }),
        ("garbage", b"not a cache at all".repeat(100)),
        ("a byte appended", [good.as_slice(), b"x"].concat()),
    ];
    for (what, bytes) in damages {
        std::fs::write(&plans, &bytes).unwrap();
        assert!(
            diagnose(&plans, "plans", &province.plans()).is_some(),
            "{what}"
        );
        assert_eq!(province.summary(), expected, "{what}");
        assert!(province.plans_cache_ok(), "{what}: rebuilt");
        assert_eq!(std::fs::read(&plans).unwrap().len(), good.len(), "{what}");
    }
    // a state cache likewise
    std::fs::write(&state, b"TZCACHE\n").unwrap();
    assert_eq!(province.summary(), expected);
    assert_eq!(
        diagnose(&state, "state", &province.home().join("state")),
        None
    );
}

#[test]
fn a_cache_of_another_folder_or_kind_is_stale() {
    let province = Province::new(2, 11);
    province.summary();
    let (plans, state) = province.cache_files();
    assert_eq!(
        diagnose(&plans, "state", &province.plans()),
        Some(Rejected::Stale)
    );
    // the state cache put where the plans cache goes is not read as one
    std::fs::copy(&state, &plans).unwrap();
    assert_eq!(
        diagnose(&plans, "plans", &province.plans()),
        Some(Rejected::Stale)
    );
    assert_eq!(province.summary(), reference(&province));
    assert!(province.plans_cache_ok());
}

#[test]
fn a_cache_that_cannot_be_written_is_one_warning_and_the_right_output() {
    let province = Province::new(3, 11);
    let expected = {
        let output = province.run(&["summary", "--format", "json"]);
        let _ = std::fs::remove_dir_all(province.cache());
        String::from_utf8(output.stdout).unwrap()
    };
    // the cache folder's place taken by a file: nothing can be made there
    std::fs::write(province.cache(), "in the way").unwrap();
    for _ in 0..2 {
        let output = province.run(&["summary", "--format", "json"]);
        assert!(output.status.success());
        assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "one warning: {stderr}");
        assert!(
            stderr.starts_with("taizhang: warning: cache ")
                && stderr.trim_end().ends_with("; continuing without it"),
            "{stderr}"
        );
    }
    // the cache files' places taken by folders: they can be neither read
    // nor replaced, by root either (renaming a file over a folder fails)
    std::fs::remove_file(province.cache()).unwrap();
    let plans = std::fs::canonicalize(province.plans()).unwrap();
    let state = std::fs::canonicalize(province.home().join("state")).unwrap();
    std::fs::create_dir_all(file_for(&province.cache(), "plans", &plans)).unwrap();
    std::fs::create_dir_all(file_for(&province.cache(), "state", &state)).unwrap();
    for _ in 0..2 {
        let output = province.run(&["summary", "--format", "json"]);
        assert!(output.status.success());
        assert_eq!(String::from_utf8(output.stdout).unwrap(), expected);
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "one warning: {stderr}");
        assert!(stderr.contains("continuing without it"), "{stderr}");
    }
}

#[test]
fn a_plan_replaced_by_another_of_the_same_size_and_times_is_seen() {
    let province = Province::new(3, 11);
    province.summary();
    let path = province.plan_file("county-0001");
    let before = std::fs::metadata(&path).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    // another file, one digit of a target changed (same size), its
    // modification time set to the old one's, renamed over the plan
    let other = province.plans().join(".county-0001.yaml.new");
    let bytes = one_digit_changed(text);
    std::fs::write(&other, &bytes).unwrap();
    set_modified(&other, &before);
    std::fs::rename(&other, &path).unwrap();
    let after = std::fs::metadata(&path).unwrap();
    assert_eq!(
        (before.len(), before.mtime(), before.mtime_nsec()),
        (after.len(), after.mtime(), after.mtime_nsec())
    );
    assert_ne!(before.ino(), after.ino());
    assert_eq!(province.summary(), reference(&province));
    let shown = province.run(&["export", "county-0001", "--format", "json"]);
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    let plan: taizhang::plan::Plan =
        taizhang::yaml::from_str(std::str::from_utf8(&bytes).unwrap()).unwrap();
    let first_target = plan
        .milestones()
        .find_map(|m| m.milestone.target.clone())
        .unwrap();
    let value = &shown["plans"][0]["areas"][0]["tasks"][0]["milestones"][0]["target"]["value"];
    assert_eq!(value.as_f64(), Some(first_target.value));
}

/// `examples/gen_plans`, as built by `cargo test` (else by `cargo build`).
fn gen_plans() -> PathBuf {
    let bin = Path::new(BIN);
    let example = bin.parent().unwrap().join("examples").join("gen_plans");
    if !example.is_file() {
        let status = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--example", "gen_plans"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .unwrap();
        assert!(status.success());
    }
    example
}

#[test]
fn generated_plans_and_state_load_in_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(gen_plans())
        .args(["--plans", "3", "--seed", "5", "--state", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(output.status.success());
    let plans = dir.path().join("plans");
    let home = dir.path().join("home");
    let run = |args: &[&str]| {
        Command::new(BIN)
            .arg("--plans")
            .arg(&plans)
            .args(["--as-of", "2025-06-30"])
            .args(args)
            .env("TAIZHANG_HOME", &home)
            .output()
            .unwrap()
    };
    let validate = run(&["validate"]);
    assert!(
        validate.status.success(),
        "{}",
        String::from_utf8_lossy(&validate.stderr)
    );
    let summary = run(&["summary", "--format", "json"]);
    assert!(summary.status.success());
    let json: serde_json::Value = serde_json::from_slice(&summary.stdout).unwrap();
    // the generated plans, beside the shipped ones
    let generated: Vec<&serde_json::Value> = json["plans"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["id"].as_str().unwrap().starts_with("county-"))
        .collect();
    assert_eq!(generated.len(), 3);
    for plan in generated {
        assert_eq!(plan["totals"]["milestones"], 240, "8 × 10 × 3");
        // a year of history: some milestones done, blocked, doing
        assert!(plan["totals"]["done"].as_u64().unwrap() > 0);
        assert!(plan["totals"]["blocked"].as_u64().unwrap() > 0);
    }
    let log = run(&["log", "county-0001"]);
    assert!(log.status.success());
    assert!(String::from_utf8_lossy(&log.stdout).lines().count() > 100);
}

//! Running the real binary against a temporary TAIZHANG_HOME.
#![allow(dead_code)]

pub mod county;
pub mod fods;
pub mod ledger;
pub mod province;
pub mod summary;
pub mod workbook;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use taizhang::state::{PlanState, Store};

pub const BIN: &str = env!("CARGO_BIN_EXE_taizhang");

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/plans")
}

/// A config directory of its own, and the plans folder the runs load.
pub struct Home {
    pub dir: tempfile::TempDir,
    pub plans: PathBuf,
}

impl Home {
    /// On the fixture plans (read only).
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
            plans: fixtures(),
        }
    }

    /// On a copy of the fixture plans that the test may edit.
    pub fn with_plan_copy() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let plans = dir.path().join("myplans");
        std::fs::create_dir(&plans).unwrap();
        std::fs::copy(fixtures().join("demo.yaml"), plans.join("demo.yaml")).unwrap();
        Self { dir, plans }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn state_dir(&self) -> PathBuf {
        self.path().join("state")
    }

    pub fn state_file(&self) -> PathBuf {
        self.state_dir().join("demo.yaml")
    }

    pub fn backup_file(&self) -> PathBuf {
        self.state_dir().join("demo.yaml.bak")
    }

    pub fn state_text(&self) -> String {
        std::fs::read_to_string(self.state_file()).unwrap()
    }

    /// The saved state, read by the library.
    pub fn load(&self) -> PlanState {
        Store::new(self.state_dir()).load("demo").unwrap()
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(BIN);
        command
            .arg("--plans")
            .arg(&self.plans)
            .args(args)
            .env("TAIZHANG_HOME", self.path())
            .env("USER", "tester")
            .env("LOGNAME", "tester")
            .env("TZ", "Asia/Shanghai")
            .env("LANG", "C");
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// Run, expect success, return stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// Run, expect failure (exit 1) with one line on stderr; return it.
    pub fn fail(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?} should fail; stdout: {}",
            String::from_utf8_lossy(&output.stdout)
        );
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
        stderr
    }

    pub fn spawn(&self, args: &[&str]) -> Child {
        self.command(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    }

    /// Every note text recorded in the history of `milestone`.
    pub fn remarks(state: &PlanState, milestone: &str) -> Vec<String> {
        state
            .get(milestone)
            .history
            .iter()
            .filter_map(|c| c.note.clone())
            .collect()
    }

    /// Every note `milestone` was given (`mark --note`, `note`), oldest first.
    pub fn notes(state: &PlanState, milestone: &str) -> Vec<String> {
        state
            .get(milestone)
            .history
            .iter()
            .filter(|c| c.field == taizhang::state::Field::Note)
            .filter_map(|c| c.to.clone())
            .collect()
    }
}

/// The files in the state folder, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// How many processes run with exactly this command line (`["sleep",
/// "617"]`: a hung transport only one test starts), to check a child that
/// should have been stopped was.
pub fn processes_running(words: &[&str]) -> usize {
    let wanted: Vec<u8> = words
        .iter()
        .flat_map(|w| [w.as_bytes(), b"\0"].concat())
        .collect();
    std::fs::read_dir("/proc")
        .map(|entries| {
            entries
                .flatten()
                .filter(|p| std::fs::read(p.path().join("cmdline")).is_ok_and(|c| c == wanted))
                .count()
        })
        .unwrap_or(0)
}

/// ASCII words of three letters or more left in `line` once what is not
/// a message word is taken out: `quoted` commands, ids and values, and
/// `kept` (paths, names such as taizhang, file formats). A Chinese line
/// of taizhang's has none.
pub fn english_words(line: &str, kept: &[&str]) -> Vec<String> {
    let mut text = line.to_string();
    for part in line.split('`').skip(1).step_by(2) {
        text = text.replace(&format!("`{part}`"), " ");
    }
    for kept in kept {
        text = text.replace(kept, " ");
    }
    text.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3)
        .map(str::to_string)
        .collect()
}

/// `command` under `LANG=lang`, nothing else choosing the language.
pub fn in_lang<'a>(command: &'a mut Command, lang: &str) -> &'a mut Command {
    command
        .env("LANG", lang)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
}

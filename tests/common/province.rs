//! A province for the roll-up and cache tests: `count` small generated
//! plans in `<tmp>/plans`, their year of history in the home's state
//! folder, and the binary run on them as of 2025-06-30.

use std::path::PathBuf;
use std::process::{Command, Output};

use taizhang::plan::synthetic::Shape;

use super::BIN;
use super::county::write_generated;

pub const SMALL: Shape = Shape {
    areas: 3,
    tasks_per_area: 4,
    milestones_per_task: 2,
};

pub struct Province {
    pub dir: tempfile::TempDir,
}

impl Province {
    /// `count` plans drawn from `plan_seed`, plan `i`'s history from seed `i`.
    pub fn new(count: usize, plan_seed: u64) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let plans = dir.path().join("plans");
        let state = dir.path().join("home/state");
        std::fs::create_dir_all(&plans).unwrap();
        std::fs::create_dir_all(&state).unwrap();
        for index in 0..count {
            write_generated(&plans, &state, index, SMALL, plan_seed, index as u64);
        }
        Self { dir }
    }

    pub fn plans(&self) -> PathBuf {
        self.dir.path().join("plans")
    }

    pub fn home(&self) -> PathBuf {
        self.dir.path().join("home")
    }

    /// `taizhang --plans <plans> --as-of 2025-06-30 ARGS`, without colour.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .arg("--plans")
            .arg(self.plans())
            .args(["--as-of", "2025-06-30"])
            .args(args)
            .env("TAIZHANG_HOME", self.home())
            .env("TZ", "Asia/Shanghai")
            .env("USER", "tester")
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    }
}

//! The team of the sync tests: two (or more) TAIZHANG_HOMEs and a bare
//! repository on local disk as the shared remote; git run in their folders.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use taizhang::state::PlanState;
use taizhang::state::format;

pub const BIN: &str = env!("CARGO_BIN_EXE_taizhang");
pub const PLAN: &str = "county";

pub struct Team {
    pub root: tempfile::TempDir,
    pub remote: PathBuf,
    pub plans: PathBuf,
}

impl Team {
    pub fn new() -> Self {
        let root = tempfile::tempdir().unwrap();
        let remote = root.path().join("shared").join("county.git");
        std::fs::create_dir_all(&remote).unwrap();
        let team = Team {
            remote,
            plans: Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sync/plans"),
            root,
        };
        let out = team.git_in(&team.remote, &["init", "-q", "--bare"]);
        assert!(out.status.success(), "{out:?}");
        team
    }

    pub fn remote(&self) -> &str {
        self.remote.to_str().unwrap()
    }

    pub fn home(&self, who: &str) -> PathBuf {
        self.root.path().join(who)
    }

    pub fn state_dir(&self, who: &str) -> PathBuf {
        self.home(who).join("state")
    }

    pub fn state_file(&self, who: &str) -> PathBuf {
        self.state_dir(who).join(format!("{PLAN}.yaml"))
    }

    /// Child processes only: their own home, no system or user git config.
    pub fn env(&self, command: &mut Command, who: &str) {
        command
            .env("TAIZHANG_HOME", self.home(who))
            .env("HOME", self.root.path())
            .env("USER", who)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("LANG", "C.UTF-8")
            .env_remove("TAIZHANG_GIT")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_SSH_COMMAND");
    }

    pub fn run(&self, who: &str, args: &[&str]) -> Output {
        let mut command = Command::new(BIN);
        command.arg("--plans").arg(&self.plans).args(args);
        self.env(&mut command, who);
        command.output().unwrap()
    }

    /// Run and expect success; stdout.
    pub fn ok(&self, who: &str, args: &[&str]) -> String {
        let out = self.run(who, args);
        assert!(
            out.status.success(),
            "taizhang {args:?} as {who} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Run and expect failure; stderr.
    pub fn fails(&self, who: &str, args: &[&str]) -> String {
        let out = self.run(who, args);
        assert!(
            !out.status.success(),
            "taizhang {args:?} as {who} should fail:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    pub fn mark(&self, who: &str, milestone: &str, status: &str) {
        self.ok(who, &["mark", PLAN, milestone, status]);
    }

    pub fn sync(&self, who: &str) -> String {
        self.ok(who, &["sync"])
    }

    /// The first sync of a member: joins the shared repository.
    pub fn join(&self, who: &str) -> String {
        self.ok(who, &["sync", "--remote", self.remote()])
    }

    pub fn git_in(&self, dir: &Path, args: &[&str]) -> Output {
        let mut command = Command::new("git");
        command.arg("-C").arg(dir).args(args);
        command
            .env("HOME", self.root.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("LC_ALL", "C")
            .env("GIT_AUTHOR_NAME", "hand")
            .env("GIT_AUTHOR_EMAIL", "hand@example")
            .env("GIT_COMMITTER_NAME", "hand")
            .env("GIT_COMMITTER_EMAIL", "hand@example")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE");
        command.output().unwrap()
    }

    /// git in `who`'s state folder; stdout, expecting success.
    pub fn git(&self, who: &str, args: &[&str]) -> String {
        let out = self.git_in(&self.state_dir(who), args);
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    pub fn remote_head(&self) -> String {
        let out = self.git_in(&self.remote, &["rev-parse", "refs/heads/main"]);
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    pub fn commits(&self, who: &str) -> usize {
        self.git(who, &["rev-list", "--count", "HEAD"])
            .trim()
            .parse()
            .unwrap()
    }

    pub fn text(&self, who: &str) -> String {
        std::fs::read_to_string(self.state_file(who)).unwrap()
    }

    pub fn state(&self, who: &str) -> PlanState {
        format::from_text(&self.text(who)).unwrap()
    }

    /// Two members who have both joined, with one change already shared.
    pub fn two_members() -> Self {
        let team = Team::new();
        team.mark("工信局", "t1.m1", "doing");
        team.join("工信局");
        team.join("农业局");
        team
    }
}

/// What an intruder with write access to the shared drive can do: objects
/// and commits made by hand in the bare remote.
impl Team {
    /// git in the remote with `input` on stdin; stdout, expecting success.
    pub fn git_remote_input(&self, args: &[&str], input: &[u8]) -> String {
        use std::io::Write;
        let mut command = Command::new("git");
        command
            .arg("-C")
            .arg(&self.remote)
            .args(args)
            .env("HOME", self.root.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "git {args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    pub fn blob(&self, content: &[u8]) -> String {
        self.git_remote_input(&["hash-object", "-w", "--stdin"], content)
    }

    /// A tree object with exactly these entries (mode, name, object id),
    /// names unchecked: `../config.yaml` and `/abs/path` included.
    pub fn literal_tree(&self, entries: &[(&str, &str, &str)]) -> String {
        let mut bytes = Vec::new();
        for (mode, name, oid) in entries {
            bytes.extend_from_slice(format!("{mode} {name}\0").as_bytes());
            for i in (0..oid.len()).step_by(2) {
                bytes.push(u8::from_str_radix(&oid[i..i + 2], 16).unwrap());
            }
        }
        self.git_remote_input(
            &["hash-object", "-t", "tree", "--literally", "-w", "--stdin"],
            &bytes,
        )
    }

    /// The entries (mode, name, object id) of the remote branch's tree.
    pub fn remote_entries(&self) -> Vec<(String, String, String)> {
        let out = self.git_in(&self.remote, &["ls-tree", "-z", "refs/heads/main"]);
        String::from_utf8(out.stdout)
            .unwrap()
            .split('\0')
            .filter(|e| !e.is_empty())
            .map(|e| {
                let (meta, name) = e.split_once('\t').unwrap();
                let meta: Vec<&str> = meta.split(' ').collect();
                (meta[0].to_string(), name.to_string(), meta[2].to_string())
            })
            .collect()
    }

    /// Put `tree` on the remote's branch as a commit on top of it, as a
    /// push by someone with write access to the shared drive would.
    pub fn commit_on_remote(&self, tree: &str, message: &str) {
        let head = self.remote_head();
        let commit = self.git_remote_input(
            &[
                "-c",
                "user.name=intruder",
                "-c",
                "user.email=i@x",
                "commit-tree",
                tree,
                "-p",
                &head,
                "-m",
                message,
            ],
            b"",
        );
        self.git_remote_input(&["update-ref", "refs/heads/main", &commit, &head], b"");
    }
}

pub fn history_ids(state: &PlanState, milestone: &str) -> Vec<String> {
    state
        .get(milestone)
        .history
        .iter()
        .map(|c| c.id.clone())
        .collect()
}

//! Running the `git` command on the state folder: always `-C <dir>`, never a
//! prompt (no terminal, SSH in batch mode), an explicit identity so it works
//! on a machine with no git setup, and English messages so failures can be
//! told apart (unreachable, refused, rejected).
//!
//! Never a hook: every command runs with `core.hooksPath=/dev/null`, and a
//! remote given as a path gets its `receive-pack`/`upload-pack` run the same
//! way (git runs those on this machine, in the remote's folder, where anyone
//! who can write to the shared drive could have put a hook).
//!
//! Never forever: each command has a time limit ([`LOCAL_LIMIT`], or
//! [`network_limit`] for the ones that talk to the remote; SSH also gets a
//! connect timeout), see [`super::process`].

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use super::SyncError;
use super::process::{self, Stopped};
pub use super::process::{LIMIT_VAR, LOCAL_LIMIT, NETWORK_LIMIT, cancel_all, network_limit};

/// The settings the remote's side of a local push or fetch runs with.
const REMOTE_SIDE_CONFIG: &str =
    "-c core.hooksPath=/dev/null -c core.fsmonitor=false -c receive.denyCurrentBranch=refuse";

/// How long SSH may take to connect.
const CONNECT_LIMIT_SECS: u32 = 20;

/// Is `url` a remote git reaches by running its own programs on this
/// machine (a path, `file://`)? Their hooks would run here.
pub fn is_local_remote(url: &str) -> bool {
    url.starts_with("file://") || Path::new(url).is_absolute() || url.starts_with('.')
}

/// The program run; `TAIZHANG_GIT` overrides it (a git at an odd place).
pub const PROGRAM_VAR: &str = "TAIZHANG_GIT";

fn program() -> std::ffi::OsString {
    std::env::var_os(PROGRAM_VAR)
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| "git".into())
}

/// The git command for one state folder and one reviewer.
#[derive(Debug, Clone)]
pub struct Git {
    dir: PathBuf,
    name: String,
    email: String,
    /// Set on commands that talk to the remote when the user configured no
    /// SSH command of their own.
    batch_ssh: bool,
}

/// What a failed command's message says went wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    AuthRefused,
    Unreachable,
    /// The push was not a fast-forward: the remote moved since the fetch.
    Rejected,
    /// Another push was updating the remote's branch at the same moment
    /// (the remote could not lock it).
    Raced,
    Other,
}

impl Git {
    pub fn new(dir: &Path, reviewer: &str) -> Self {
        let name = reviewer.trim();
        let name = if name.is_empty() { "taizhang" } else { name };
        let local: String = name
            .chars()
            .map(|c| {
                if c.is_whitespace() || "<>@,;:\"".contains(c) {
                    '_'
                } else {
                    c
                }
            })
            .collect();
        Self {
            dir: dir.to_path_buf(),
            name: name.replace(['<', '>', '\n'], ""),
            email: format!("{local}@taizhang"),
            batch_ssh: false,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Use `ssh -o BatchMode=yes` for the remote unless the user set an SSH
    /// command (environment or `core.sshCommand`): a password prompt on the
    /// terminal would hang the sync and scribble over the TUI.
    pub fn with_batch_ssh(mut self) -> Self {
        let set_by_env = ["GIT_SSH_COMMAND", "GIT_SSH"]
            .iter()
            .any(|v| std::env::var_os(v).is_some_and(|v| !v.is_empty()));
        let configured = self
            .text(["config", "--get", "core.sshCommand"])
            .is_ok_and(|t| !t.trim().is_empty());
        self.batch_ssh = !set_by_env && !configured;
        self
    }

    fn command<I, S>(&self, args: I) -> Command
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut command = Command::new(program());
        command
            .arg("-C")
            .arg(&self.dir)
            .arg("-c")
            .arg(format!("user.name={}", self.name))
            .arg("-c")
            .arg(format!("user.email={}", self.email))
            .args([
                "-c",
                "core.hooksPath=/dev/null",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "core.quotepath=false",
                "-c",
                "http.lowSpeedLimit=1000",
                "-c",
                "http.lowSpeedTime=30",
            ])
            .args(args)
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("GIT_OPTIONAL_LOCKS", "0")
            .env("LC_ALL", "C")
            .env("LANGUAGE", "C")
            // a caller inside a git hook must not redirect us elsewhere
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .env_remove("GIT_OBJECT_DIRECTORY")
            .stdin(Stdio::null());
        if self.batch_ssh {
            command.env(
                "GIT_SSH_COMMAND",
                format!("ssh -o BatchMode=yes -o ConnectTimeout={CONNECT_LIMIT_SECS}"),
            );
        }
        command
    }

    /// The options that make git run the remote's side of a fetch or push
    /// (`upload-pack`, `receive-pack`) with hooks off, for a remote given as
    /// a path; none for a server, whose own hooks are its business.
    pub fn remote_program_args(&self, url: &str, push: bool) -> Vec<String> {
        if !is_local_remote(url) {
            return Vec::new();
        }
        let program = super::repo::shell_quote(&program().to_string_lossy());
        let (option, side) = if push {
            ("--receive-pack", "receive-pack")
        } else {
            ("--upload-pack", "upload-pack")
        };
        // no hooks; no fsmonitor or checkout of a non-bare remote's branch,
        // which would run programs its config names (filters, fsmonitor)
        vec![format!("{option}={program} {REMOTE_SIDE_CONFIG} {side}")]
    }

    /// Run; the output whatever the exit status, within [`LOCAL_LIMIT`].
    /// Git not found is [`SyncError::GitMissing`].
    pub fn output<I, S>(&self, args: I) -> Result<Output, SyncError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.run_limited(self.command(args), LOCAL_LIMIT, "git")
    }

    /// Run a command that talks to the remote (`what`: `git fetch`), within
    /// [`network_limit`].
    pub fn remote_output<I, S>(&self, args: I, what: &str) -> Result<Output, SyncError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.run_limited(self.command(args), network_limit(), what)
    }

    fn run_limited(
        &self,
        command: Command,
        limit: Duration,
        what: &str,
    ) -> Result<Output, SyncError> {
        match process::run(command, limit) {
            Ok(output) => Ok(output),
            Err(Stopped::Cancelled) => Err(SyncError::Cancelled),
            Err(Stopped::TimedOut) => Err(SyncError::TimedOut {
                what: what.to_string(),
                seconds: limit.as_secs(),
            }),
            Err(Stopped::Io(err)) if err.kind() == std::io::ErrorKind::NotFound => {
                Err(SyncError::GitMissing)
            }
            Err(Stopped::Io(err)) => Err(SyncError::CannotRunGit {
                detail: err.to_string(),
            }),
        }
    }

    /// Run; stdout as bytes when it succeeded, else [`SyncError::Git`].
    pub fn bytes<I, S>(&self, args: I) -> Result<Vec<u8>, SyncError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<std::ffi::OsString> =
            args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        let output = self.output(&args)?;
        if output.status.success() {
            Ok(output.stdout)
        } else {
            Err(SyncError::Git {
                action: describe_args(&args),
                detail: detail(&output.stderr),
            })
        }
    }

    /// Run; stdout as text when it succeeded.
    pub fn text<I, S>(&self, args: I) -> Result<String, SyncError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.bytes(args)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
    }

    /// Run; whether it exited 0 (for yes/no questions such as
    /// `merge-base --is-ancestor`). Exit codes above 1 are errors.
    pub fn check<I, S>(&self, args: I) -> Result<bool, SyncError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<std::ffi::OsString> =
            args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        let output = self.output(&args)?;
        match output.status.code() {
            Some(0) => Ok(true),
            Some(1) => Ok(false),
            _ => Err(SyncError::Git {
                action: describe_args(&args),
                detail: detail(&output.stderr),
            }),
        }
    }

    /// The commit a revision names, `None` when it does not exist.
    pub fn resolve(&self, rev: &str) -> Result<Option<String>, SyncError> {
        let output = self.output(["rev-parse", "--verify", "-q", &format!("{rev}^{{commit}}")])?;
        let text = String::from_utf8_lossy(&output.stdout).trim().to_string();
        Ok((output.status.success() && !text.is_empty()).then_some(text))
    }

    /// Is `a` an ancestor of (or the same as) `b`?
    pub fn is_ancestor(&self, a: &str, b: &str) -> Result<bool, SyncError> {
        self.check(["merge-base", "--is-ancestor", a, b])
    }
}

fn describe_args(args: &[std::ffi::OsString]) -> String {
    let words: Vec<String> = args
        .iter()
        .take(2)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    format!("git {}", words.join(" "))
}

/// What [`detail`] says when git said nothing (`i18n::sync` words it).
pub const NO_DETAIL: &str = "no message";

/// The line of git's message that says what went wrong: the first `fatal:`
/// or `error:` line, else the last line; one line, prefix removed.
pub fn detail(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("hint:"))
        .collect();
    let line = lines
        .iter()
        .find(|l| l.starts_with("fatal:") || l.starts_with("error:"))
        .or(lines.last())
        .copied()
        .unwrap_or(NO_DETAIL);
    let line = line
        .trim_start_matches("fatal:")
        .trim_start_matches("error:")
        .trim();
    let line = line.trim_end_matches('.').trim();
    let mut line: String = line.chars().take(300).collect();
    if line.is_empty() {
        line = NO_DETAIL.into();
    }
    line
}

const AUTH: &[&str] = &[
    "authentication failed",
    "permission denied",
    "could not read username",
    "could not read password",
    "terminal prompts disabled",
    "access denied",
    "invalid username or password",
    "host key verification failed",
    "the requested url returned error: 401",
    "the requested url returned error: 403",
];

const REJECTED: &[&str] = &["[rejected]", "non-fast-forward", "(fetch first)"];

const RACED: &[&str] = &[
    "cannot lock ref",
    "failed to update ref",
    "another git process seems to be running",
];

const UNREACHABLE: &[&str] = &[
    "could not resolve host",
    "does not appear to be a git repository",
    "unable to access",
    "connection refused",
    "connection timed out",
    "operation timed out",
    "network is unreachable",
    "no route to host",
    "failed to connect",
    "couldn't connect",
    "name or service not known",
    "repository not found",
    "not found",
    "no such file or directory",
    "could not read from remote repository",
    "the remote end hung up unexpectedly",
    "early eof",
    "unable to look up",
];

/// Tell apart why a fetch or push failed from git's (English) message.
pub fn classify(stderr: &[u8]) -> Failure {
    diagnose(stderr).0
}

/// Why a fetch or push failed, and the line of git's message that says so
/// (`Permission denied (publickey)` rather than the generic line after it).
pub fn diagnose(stderr: &[u8]) -> (Failure, String) {
    let text = String::from_utf8_lossy(stderr);
    for (kind, needles) in [
        (Failure::Raced, RACED),
        (Failure::AuthRefused, AUTH),
        (Failure::Rejected, REJECTED),
        (Failure::Unreachable, UNREACHABLE),
    ] {
        let found = text.lines().find(|line| {
            let line = line.to_lowercase();
            needles.iter().any(|n| line.contains(n))
        });
        if let Some(line) = found {
            return (kind, detail(line.as_bytes()));
        }
    }
    (Failure::Other, detail(stderr))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_are_told_apart() {
        let cases: [(&str, Failure); 10] = [
            (
                "remote: error: cannot lock ref 'refs/heads/main': Unable to create '/srv/x.git/./refs/heads/main.lock': File exists.\nTo /srv/x.git\n ! [remote rejected] HEAD -> main (failed to update ref)",
                Failure::Raced,
            ),
            (
                "fatal: '/no/such.git' does not appear to be a git repository\nfatal: Could not read from remote repository.\n\nPlease make sure you have the correct access rights",
                Failure::Unreachable,
            ),
            (
                "fatal: unable to access 'https://git.example.gov.cn/x.git/': Could not resolve host: git.example.gov.cn",
                Failure::Unreachable,
            ),
            (
                "remote: HTTP Basic: Access denied\nfatal: Authentication failed for 'https://gitlab.example/x.git/'",
                Failure::AuthRefused,
            ),
            (
                "fatal: could not read Username for 'https://gitea.local': terminal prompts disabled",
                Failure::AuthRefused,
            ),
            (
                "git@gitea.local: Permission denied (publickey).\nfatal: Could not read from remote repository.",
                Failure::AuthRefused,
            ),
            (
                "To /srv/x.git\n ! [rejected]        HEAD -> main (fetch first)\nerror: failed to push some refs to '/srv/x.git'",
                Failure::Rejected,
            ),
            (
                " ! [rejected]        HEAD -> main (non-fast-forward)",
                Failure::Rejected,
            ),
            (
                "ssh: connect to host gitea.local port 22: Connection refused",
                Failure::Unreachable,
            ),
            (
                " ! [remote rejected] HEAD -> main (pre-receive hook declined)",
                Failure::Other,
            ),
        ];
        for (text, want) in cases {
            assert_eq!(classify(text.as_bytes()), want, "{text}");
        }
    }

    #[test]
    fn the_telling_line_is_kept() {
        let text = b"git@gitea.local: Permission denied (publickey).\nfatal: Could not read from remote repository.\n";
        assert_eq!(
            diagnose(text),
            (
                Failure::AuthRefused,
                "git@gitea.local: Permission denied (publickey)".to_string()
            )
        );
        let text = b"fatal: unable to access 'https://x/': Could not resolve host: x\n";
        assert_eq!(
            diagnose(text).1,
            "unable to access 'https://x/': Could not resolve host: x"
        );
    }

    #[test]
    fn detail_is_the_telling_line() {
        let text = b"hint: something\nfatal: 'x' does not appear to be a git repository\nfatal: Could not read\n";
        assert_eq!(detail(text), "'x' does not appear to be a git repository");
        assert_eq!(detail(b"  \n"), "no message");
        assert_eq!(detail(b"warning: a\nlast words\n"), "last words");
    }

    #[test]
    fn identity_is_usable_as_an_email() {
        let git = Git::new(Path::new("/tmp"), "张 三<x>");
        assert_eq!(git.email, "张_三_x_@taizhang");
        assert_eq!(git.name, "张 三x");
        assert_eq!(Git::new(Path::new("/tmp"), " ").name, "taizhang");
    }
}

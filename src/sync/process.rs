//! Running git with a time limit: every command has one, and at the limit
//! git and everything it started (its own process group: a remote helper,
//! SSH, a shell) are killed, so a remote that never answers cannot hang a
//! sync. [`cancel_all`] does the same at once, for an app that is quitting.

use std::io::Read;
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::Duration;

/// How long a command that stays on this machine may run.
pub const LOCAL_LIMIT: Duration = Duration::from_secs(60);
/// How long a fetch or push may run, unless [`LIMIT_VAR`] says otherwise.
pub const NETWORK_LIMIT: Duration = Duration::from_secs(180);
/// Seconds a fetch or push may run (a slow line, or a test).
pub const LIMIT_VAR: &str = "TAIZHANG_SYNC_TIMEOUT";

/// The limit of a fetch or push: [`LIMIT_VAR`] when it is a number of
/// seconds, else [`NETWORK_LIMIT`].
pub fn network_limit() -> Duration {
    std::env::var(LIMIT_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&s| s > 0)
        .map(Duration::from_secs)
        .unwrap_or(NETWORK_LIMIT)
}

/// Set once the app is quitting: running and later commands are stopped.
static CANCELLED: AtomicBool = AtomicBool::new(false);
/// Process groups of the git commands running now.
static RUNNING: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// Stop every git command this process runs, now and later (the app quits
/// without waiting for a remote that does not answer). A commit cut off
/// leaves a `.git/index.lock` that the next sync recovers; state files are
/// never written by git, so nothing is lost.
pub fn cancel_all() {
    CANCELLED.store(true, Ordering::SeqCst);
    for &group in running().iter() {
        kill_group(group);
    }
}

fn kill_group(group: u32) {
    #[cfg(unix)]
    // SAFETY: kill(2) on a process group this process created; no memory
    // is touched.
    unsafe {
        libc::kill(-(group as libc::pid_t), libc::SIGKILL);
    }
    #[cfg(not(unix))]
    let _ = group;
}

/// Run `command` (its output piped) within `limit`: at the limit, or on
/// [`cancel_all`], its whole process group is killed.
pub(super) fn run(mut command: Command, limit: Duration) -> Result<Output, Stopped> {
    if CANCELLED.load(Ordering::SeqCst) {
        return Err(Stopped::Cancelled);
    }
    command.stdout(Stdio::piped()).stderr(Stdio::piped());
    #[cfg(unix)]
    {
        // its own process group, so a time limit stops what it started
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let child = command.spawn().map_err(Stopped::Io)?;
    let group = child.id();
    running().push(group);
    let result = wait_limited(child, limit);
    running().retain(|&g| g != group);
    result
}

fn running() -> std::sync::MutexGuard<'static, Vec<u32>> {
    RUNNING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Why a command did not finish.
pub(super) enum Stopped {
    TimedOut,
    Cancelled,
    Io(std::io::Error),
}

/// Wait for `child` (reading its output meanwhile, so a full pipe never
/// stalls it); at `limit` or on [`cancel_all`] kill its process group.
fn wait_limited(mut child: Child, limit: Duration) -> Result<Output, Stopped> {
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let group = child.id();
    // a waiter thread, so the answer comes the moment git ends (no polling)
    // and the limit is one timed receive; cancel_all kills the group, which
    // ends the wait too
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(child.wait());
    });
    if CANCELLED.load(Ordering::SeqCst) {
        kill_group(group); // cancelled between the check in `run` and now
    }
    let status = match receiver.recv_timeout(limit) {
        Ok(Ok(status)) if !CANCELLED.load(Ordering::SeqCst) => status,
        Ok(Err(err)) => return Err(Stopped::Io(err)),
        waited => {
            if waited.is_err() {
                kill_group(group);
                let _ = receiver.recv(); // reaped by the waiter
            }
            // the pipes close once every process of the group is gone
            let _ = (stdout.join(), stderr.join());
            return Err(if CANCELLED.load(Ordering::SeqCst) {
                Stopped::Cancelled
            } else {
                Stopped::TimedOut
            });
        }
    };
    Ok(Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

//! The real binary run with its memory bounded (RLIMIT_AS, set in the child
//! before exec) and a generous time limit that only detects a hang: an attack
//! that asks for gigabytes fails to allocate and aborts, and one that spins
//! is killed and reported. Neither is a speed assertion.
#![allow(dead_code)]

use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Address space the child may use: far more than any command needs on
/// these tests' files (the debug binary runs in well under 200 MB), far
/// less than the attacks asked for.
pub const MEMORY: u64 = 1024 * 1024 * 1024;

/// Long enough for a slow shared machine; a hang takes forever.
pub const HANG: Duration = Duration::from_secs(120);

pub struct Ran {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

/// Bound `command`'s memory to [`MEMORY`] in the child.
pub fn limit_memory(command: &mut Command) -> &mut Command {
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: MEMORY as libc::rlim_t,
                rlim_max: MEMORY as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        })
    }
}

/// Run `command` bounded in memory and time; its output goes through files
/// in `scratch` so that a full pipe never blocks it.
pub fn run(command: &mut Command, scratch: &Path) -> Ran {
    let (out, err) = (scratch.join("stdout"), scratch.join("stderr"));
    let mut child = limit_memory(command)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > HANG {
            child.kill().ok();
            child.wait().ok();
            panic!("{command:?} did not finish in {HANG:?}: it hangs");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Ran {
        status,
        stdout: String::from_utf8_lossy(&std::fs::read(&out).unwrap()).to_string(),
        stderr: String::from_utf8_lossy(&std::fs::read(&err).unwrap()).to_string(),
    }
}

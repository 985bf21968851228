//! The real binary in a pseudo-terminal (portable-pty), its screen parsed by vt100.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// Marks a spawn that must not get a ready-made config.yaml (an
/// environment variable the app ignores).
const FIRST_START: &str = "TAIZHANG_TEST_FIRST_START";

/// The real binary, run in a pseudo-terminal, its screen parsed by vt100.
pub struct PtyApp {
    parser: Arc<Mutex<vt100::Parser>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    /// Kept open for the writer and for resizing.
    _master: Box<dyn portable_pty::MasterPty + Send>,
    _reader: std::thread::JoinHandle<()>,
}

impl PtyApp {
    pub fn spawn(home: &Path, args: &[&str], cols: u16, rows: u16) -> PtyApp {
        Self::spawn_with_env(home, args, cols, rows, &[])
    }

    /// As [`PtyApp::spawn`], with more environment for the child only.
    pub fn spawn_with_env(
        home: &Path,
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> PtyApp {
        // a reviewer is set up, so the app does not open on the first-start
        // prompt (tests of that prompt use `spawn_first_start`)
        let config = home.join("config.yaml");
        if !config.exists() && !env.iter().any(|(k, _)| *k == FIRST_START) {
            std::fs::create_dir_all(home).unwrap();
            std::fs::write(&config, "reviewer: 测试员\n").unwrap();
        }
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_taizhang"));
        command.args(args);
        command.env("TAIZHANG_HOME", home);
        command.env("LANG", "zh_CN.UTF-8");
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        for (key, value) in env {
            command.env(key, value);
        }
        Self::spawn_command(command, cols, rows)
    }

    /// Any program in a pseudo-terminal of `cols` x `rows`.
    pub fn spawn_command(command: CommandBuilder, cols: u16, rows: u16) -> PtyApp {
        let system = native_pty_system();
        let pair = system
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let child = pair.slave.spawn_command(command).expect("spawn taizhang");
        // without this the reader never sees end-of-file
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let sink = Arc::clone(&parser);
        let thread = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        PtyApp {
            parser,
            writer,
            child,
            _master: pair.master,
            _reader: thread,
        }
    }

    /// As [`PtyApp::spawn`] on a home with no settings: the first start.
    pub fn spawn_first_start(home: &Path, args: &[&str], cols: u16, rows: u16) -> PtyApp {
        Self::spawn_with_env(home, args, cols, rows, &[(FIRST_START, "1")])
    }

    pub fn screen_text(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Does the app ask the terminal for mouse events?
    pub fn mouse_captured(&self) -> bool {
        self.parser.lock().unwrap().screen().mouse_protocol_mode() != vt100::MouseProtocolMode::None
    }

    /// A left click at a 0-based cell (SGR mouse encoding, as xterm sends).
    pub fn click(&mut self, column: u16, row: u16) {
        self.send(&format!(
            "\x1b[<0;{};{}M\x1b[<0;{};{}m",
            column + 1,
            row + 1,
            column + 1,
            row + 1
        ));
    }

    /// One notch of the wheel, down or up, over a 0-based cell.
    pub fn wheel(&mut self, down: bool, column: u16, row: u16) {
        let button = if down { 65 } else { 64 };
        self.send(&format!("\x1b[<{button};{};{}M", column + 1, row + 1));
    }

    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    /// Wait until the screen shows `text`; panic with the screen if not.
    pub fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if self.screen_text().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        panic!("screen never showed {text:?}:\n{}", self.screen_text());
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
        // let the app handle and draw each batch
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Wait for the process to end; its exit success.
    pub fn wait_exit(&mut self) -> bool {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(15) {
            if let Some(status) = self.child.try_wait().unwrap() {
                // let the reader drain the last bytes
                std::thread::sleep(Duration::from_millis(200));
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        self.child.kill().ok();
        panic!("the app did not exit:\n{}", self.screen_text());
    }

    pub fn resize(&mut self, cols: u16, rows: u16) {
        self._master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
        std::thread::sleep(std::time::Duration::from_millis(150));
    }

    pub fn kill(&mut self) {
        self.child.kill().ok();
    }

    /// Send `signal` to the app's process.
    pub fn signal(&self, signal: i32) {
        let pid = self.child.process_id().expect("a running child") as libc::pid_t;
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0, "kill {signal}");
    }

    /// Is bracketed paste on (the app asked the terminal for it)?
    pub fn bracketed_paste(&self) -> bool {
        self.parser.lock().unwrap().screen().bracketed_paste()
    }

    /// Does the terminal report the mouse?
    pub fn mouse_reporting(&self) -> bool {
        self.parser.lock().unwrap().screen().mouse_protocol_mode() != vt100::MouseProtocolMode::None
    }

    /// Is the terminal back in its usual (cooked) mode: line editing and
    /// echo on, as before raw mode?
    pub fn cooked(&self) -> bool {
        let fd = self._master.as_raw_fd().expect("a unix pty");
        let mut termios: libc::termios = unsafe { std::mem::zeroed() };
        assert_eq!(unsafe { libc::tcgetattr(fd, &mut termios) }, 0);
        termios.c_lflag & (libc::ICANON | libc::ECHO) == (libc::ICANON | libc::ECHO)
    }

    /// Paste `text` as a terminal does: between the bracketed-paste marks
    /// when the app turned them on, else as if typed.
    pub fn paste(&mut self, text: &str) {
        if self.bracketed_paste() {
            self.send(&format!("\u{1b}[200~{text}\u{1b}[201~"));
        } else {
            self.send(text);
        }
    }
}

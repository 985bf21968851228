//! A panic gives the terminal back: raw mode off, the main screen, and the
//! modes ratatui does not know about (bracketed paste, mouse reporting)
//! turned off by the app's own panic hook. Nothing in the app can be made
//! to panic on purpose, so this test runs itself in a pseudo-terminal as
//! the child that enters the terminal exactly as the app does
//! (`tui::terminal::enter`, then mouse reporting) and panics.

mod pty;

use portable_pty::CommandBuilder;
use pty::PtyApp;

const CHILD: &str = "TAIZHANG_TEST_PANICKING_CHILD";

#[test]
fn panicking_child() {
    if std::env::var_os(CHILD).is_none() {
        return; // only as the child of the test below
    }
    let _terminal = taizhang::tui::terminal::enter().expect("a terminal");
    ratatui::crossterm::execute!(
        std::io::stdout(),
        ratatui::crossterm::event::EnableMouseCapture
    )
    .unwrap();
    println!("entered");
    std::thread::sleep(std::time::Duration::from_millis(200));
    panic!("on purpose, to test the panic hook");
}

#[test]
fn a_panic_gives_the_terminal_back() {
    let mut command = CommandBuilder::new(std::env::current_exe().unwrap());
    command.args([
        "--exact",
        "panicking_child",
        "--nocapture",
        "--test-threads=1",
    ]);
    command.env(CHILD, "1");
    command.env("RUST_BACKTRACE", "0");
    command.env("TERM", "xterm-256color");
    let mut child = PtyApp::spawn_command(command, 80, 24);
    child.wait_for("entered");
    assert!(
        child.alternate_screen(),
        "the child entered the app's screen"
    );
    assert!(child.bracketed_paste() && child.mouse_reporting());
    assert!(!child.wait_exit(), "the child failed by its panic");
    assert!(
        child.screen_text().contains("on purpose"),
        "{}",
        child.screen_text()
    );
    assert!(!child.alternate_screen(), "left the alternate screen");
    assert!(!child.bracketed_paste(), "bracketed paste turned off");
    assert!(!child.mouse_reporting(), "mouse reporting off");
    assert!(child.cooked(), "raw mode off");
}

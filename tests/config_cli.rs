//! The user's config.yaml: it overrides any part of the defaults, and a bad
//! one is reported with FILE:LINE:COL while the run goes on with defaults.

use std::process::Command;

fn run(home: &std::path::Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(args)
        .env("TAIZHANG_HOME", home)
        .env("USER", "login-name")
        .output()
        .unwrap()
}

#[test]
fn a_bad_config_is_located_and_the_defaults_are_used() {
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config.yaml");
    std::fs::write(&config, "reviewer: 王五\ncolors:\n  purple: red\n").unwrap();
    let output = run(home.path(), &["plans"]);
    assert!(output.status.success(), "the run goes on");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let expected = format!(
        "taizhang: {}:3:3: colors.purple: unknown field `purple`",
        config.display()
    );
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert!(stderr.contains("(using the default settings)"), "{stderr}");
    // the defaults: the reviewer recorded is the login name, not 王五
    let output = run(home.path(), &["mark", "jining-2024", "g1", "doing"]);
    assert!(output.status.success());
    let log =
        String::from_utf8_lossy(&run(home.path(), &["log", "jining-2024"]).stdout).to_string();
    assert!(log.contains("login-name") && !log.contains("王五"), "{log}");
}

#[test]
fn a_good_config_overrides_only_what_it_names() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("config.yaml"), "\u{feff}reviewer: 王五\n").unwrap();
    let output = run(home.path(), &["mark", "jining-2024", "g1", "doing"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let log =
        String::from_utf8_lossy(&run(home.path(), &["log", "jining-2024"]).stdout).to_string();
    assert!(log.contains("王五"), "{log}");
}

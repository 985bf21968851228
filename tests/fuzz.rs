//! Random and mutated plan files, state files and importer input (issue
//! 12): whatever the bytes, no panic, and either a clear error (located,
//! with a message) or a valid result (a plan that validates, a state that
//! writes and reads back the same). Bounded in cases and shrinking time, so
//! the run takes seconds; no failure file is written into the repository.

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};

use taizhang::import::{ImportOptions, import_text, to_yaml};
use taizhang::plan::validate;
use taizhang::state::format;
use taizhang::yaml::YamlProblem;

const PLAN: &str = include_str!("fixtures/plans/demo.yaml");
const SEED: &str = include_str!("fixtures/documents/seeds/002_a3713a6d512530b7.txt");

fn config(cases: u32) -> Config {
    Config {
        cases,
        max_shrink_time: 10_000,
        max_shrink_iters: 2_000,
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..Config::default()
    }
}

/// A state file as taizhang writes it, with some history.
fn state_text() -> String {
    let plan = validate::check(PLAN, "demo.yaml", Some("demo")).unwrap();
    let mut state = taizhang::state::PlanState::new("demo");
    let at = chrono::DateTime::parse_from_rfc3339("2024-05-01T09:00:00+08:00").unwrap();
    use taizhang::state::{Edit, Set, Status};
    let edits = [
        Edit::new("t1.m1", Set::Status(Status::Doing)).with_remark(Some("开工 \"引号\"")),
        Edit::new("t1.m1", Set::Value(Some(300.0))),
        Edit::new("t1.m2", Set::Note(Some("待协调\n第二行".into()))),
    ];
    taizhang::state::history::check_edits(&plan, &edits).unwrap();
    taizhang::state::history::apply_edits(&mut state, &edits, "张三", None, at);
    format::to_text(&state)
}

/// What YAML and our readers are touchy about.
const PIECES: &[&str] = &[
    "\n",
    " ",
    "  ",
    ":",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!!str ",
    "|",
    ">",
    "#",
    "'",
    "\"",
    "\\",
    "~",
    "null",
    "1e400",
    "-1",
    "0x1f",
    "\t",
    "\u{feff}",
    "\u{1b}[2J",
    "\u{0}",
    "济",
    "id: ",
    "title: ",
    "milestones:",
    "history:",
    "<<: ",
    "---\n",
    "...\n",
    "%YAML",
    "? ",
    "@",
    "`",
];

#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, &'static str),
    Delete(usize, usize),
    Duplicate(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), prop::sample::select(PIECES)).prop_map(|(at, s)| Mutation::Insert(at, s)),
        (any::<usize>(), 1usize..40).prop_map(|(at, n)| Mutation::Delete(at, n)),
        (any::<usize>(), 1usize..200).prop_map(|(at, n)| Mutation::Duplicate(at, n)),
    ]
}

/// Apply mutations at character boundaries.
fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for m in mutations {
        let len = chars.len().max(1);
        match *m {
            Mutation::Insert(at, piece) => {
                let at = at % (chars.len() + 1);
                chars.splice(at..at, piece.chars());
            }
            Mutation::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            Mutation::Duplicate(at, n) => {
                let at = at % len;
                let end = (at + n).min(chars.len());
                let copy: Vec<char> = chars[at.min(end)..end].to_vec();
                chars.splice(end..end, copy);
            }
        }
    }
    chars.into_iter().collect()
}

fn check_plan(text: &str) -> Result<(), TestCaseError> {
    match validate::check(text, "demo.yaml", Some("demo")) {
        Ok(plan) => {
            // a valid result: written out, it validates again as the same plan
            let again = validate::check(&to_yaml(&plan), "again.yaml", Some("demo"));
            prop_assert!(again.is_ok(), "{:?}", again.err());
        }
        Err(problems) => {
            prop_assert!(!problems.is_empty());
            for p in &problems {
                prop_assert!(p.line >= 1 && p.column >= 1, "{p}");
                prop_assert!(!p.message.to_string().trim().is_empty(), "{p}");
                // every problem the fuzzer finds has its Chinese wording
                let zh = taizhang::i18n::plan::problem(p, taizhang::config::Locale::Zh);
                prop_assert!(!zh.contains("解析器原文"), "{zh}");
            }
        }
    }
    Ok(())
}

fn check_state(text: &str) -> Result<(), TestCaseError> {
    match format::from_text(text) {
        Ok(state) => {
            let written = format::to_text(&state);
            let back = format::from_text(&written);
            prop_assert_eq!(back.ok(), Some(state), "{}", written);
        }
        Err(problem) => {
            prop_assert!(problem.line >= 1 && problem.column >= 1, "{problem:?}");
            prop_assert!(
                !problem.message.to_string().trim().is_empty(),
                "{problem:?}"
            );
            let zh =
                taizhang::i18n::plan::state_problem(&problem.message, taizhang::config::Locale::Zh);
            prop_assert!(!zh.contains("解析器原文"), "{zh}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(300))]

    #[test]
    fn mutated_plan_files_give_a_plan_or_located_problems(
        mutations in prop::collection::vec(mutation(), 1..8)
    ) {
        check_plan(&mutate(PLAN, &mutations))?;
    }

    #[test]
    fn mutated_state_files_give_a_state_that_round_trips_or_a_located_problem(
        mutations in prop::collection::vec(mutation(), 1..8)
    ) {
        check_state(&mutate(&state_text(), &mutations))?;
    }

    #[test]
    fn random_text_as_a_plan_or_a_state_never_panics(text in "(?s).{0,400}") {
        check_plan(&text)?;
        check_state(&text)?;
    }
}

/// The text split into its header and its milestone blocks (each block
/// starts with `\n  <id>:`).
fn blocks(text: &str) -> (String, Vec<String>) {
    let mut parts = text.split("\n\n");
    let header = parts.next().unwrap_or_default().to_string();
    (header, parts.map(str::to_string).collect())
}

/// The change ids of the history entries in `text`.
fn entry_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.strip_prefix("    - id: "))
        .map(|id| id.trim_matches('"').to_string())
        .collect()
}

proptest! {
    #![proptest_config(config(100))]

    /// A hand-resolved git conflict: a block twice, the copy with other
    /// entries. Refused with a position, or read with every entry kept.
    #[test]
    fn a_milestone_block_twice_is_refused_or_keeps_every_entry(
        which in any::<prop::sample::Index>(),
        place in any::<prop::sample::Index>(),
    ) {
        let (header, mut parts) = blocks(&state_text());
        let copy = parts[which.index(parts.len())].replace("    - id: \"", "    - id: \"1");
        parts.insert(place.index(parts.len() + 1), copy);
        let text = format!("{header}\n\n{}", parts.join("\n\n"));
        match format::from_text(&text) {
            Ok(state) => {
                let kept: Vec<&str> = state
                    .milestones
                    .values()
                    .flat_map(|m| m.history.iter().map(|c| c.id.as_str()))
                    .collect();
                for id in entry_ids(&text) {
                    prop_assert!(kept.contains(&id.as_str()), "{id} lost:\n{text}");
                }
            }
            Err(problem) => {
                prop_assert!(
                    matches!(problem.message, format::StateProblem::Yaml(YamlProblem::DuplicateKey { .. })),
                    "{problem:?}"
                );
                let line = text.lines().nth(problem.line - 1).unwrap_or_default();
                prop_assert!(line.starts_with("  ") && line.ends_with(':'), "{line}");
            }
        }
    }
}

proptest! {
    #![proptest_config(config(40))]

    #[test]
    fn mutated_and_random_importer_input_gives_a_valid_plan_or_an_error(
        start in 0usize..4000,
        len in 0usize..6000,
        mutations in prop::collection::vec(mutation(), 0..12),
        noise in "(?s).{0,200}",
    ) {
        let seed: String = SEED.chars().skip(start).take(len).collect();
        let text = format!("{}{noise}", mutate(&seed, &mutations));
        let options = ImportOptions { id: "fuzz".into(), source: None };
        if let Ok(plan) = import_text(&text, &options) {
            let checked = validate::check(&to_yaml(&plan), "fuzz.yaml", Some("fuzz"));
            prop_assert!(checked.is_ok(), "{:?}", checked.err());
        }
    }
}

//! The importer against a ground truth written by hand for every corpus
//! document and seed (`tests/fixtures/documents/truth/*.yaml`): the tasks
//! found (matched in document order by area and task number), their lead
//! and supporting units, and a sample of targets. Each truth file records
//! the floor the importer reaches today (`floor`); a document without one
//! must be met exactly. The per-document scores are in plans/README.md.

use serde::Deserialize;
use taizhang::import::{ImportOptions, document::Document, import_document};
use taizhang::plan::{Milestone, Plan, Task};

const DOCUMENTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/documents");

#[derive(Deserialize)]
struct Truth {
    document: String,
    held_out: bool,
    tasks: Vec<TruthTask>,
    #[serde(default)]
    targets: Vec<TruthTarget>,
    /// What the importer reaches when it is not exact.
    floor: Option<Score>,
}

#[derive(Deserialize)]
struct TruthTask {
    path: String,
    lead: Vec<String>,
    support: Vec<String>,
}

#[derive(Deserialize)]
struct TruthTarget {
    /// The task's path, or `goal` for the plan's headline goals.
    task: String,
    value: f64,
    unit: String,
    comparator: String,
    due: Option<String>,
    /// Where the title matters (a target split from a folded one), the
    /// milestone's title must contain this.
    title: Option<String>,
}

#[derive(Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
struct Score {
    tasks: usize,
    leads: usize,
    supports: usize,
    targets: usize,
}

/// `（一） 1.`: the area's number and the task's, or the task's alone when
/// the task is the whole area.
fn path(area_number: &str, task: &Task) -> String {
    if area_number == task.number {
        task.number.clone()
    } else {
        format!("{area_number} {}", task.number).trim().to_string()
    }
}

fn plan_tasks(plan: &Plan) -> Vec<(String, &Task)> {
    plan.areas
        .iter()
        .flat_map(|a| a.tasks.iter().map(move |t| (path(&a.number, t), t)))
        .collect()
}

/// Pairs of (truth index, plan index) of the longest common subsequence of
/// the two path lists: tasks matched in document order.
fn align(truth: &[String], found: &[String]) -> Vec<(usize, usize)> {
    let (n, m) = (truth.len(), found.len());
    let mut best = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            best[i][j] = if truth[i] == found[j] {
                best[i + 1][j + 1] + 1
            } else {
                best[i + 1][j].max(best[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut pairs) = (0, 0, Vec::new());
    while i < n && j < m {
        if truth[i] == found[j] {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if best[i + 1][j] >= best[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

fn matches(m: &Milestone, t: &TruthTarget) -> bool {
    let Some(target) = &m.target else {
        return false;
    };
    let comparator = taizhang::yaml::to_string(&target.comparator).unwrap();
    (target.value - t.value).abs() < 1e-9
        && target.unit == t.unit
        && comparator.trim() == t.comparator.as_str()
        && t.due
            .as_ref()
            .is_none_or(|d| m.due.map(|x| x.to_string()).as_deref() == Some(d))
        && t.title
            .as_ref()
            .is_none_or(|title| m.title.contains(title.as_str()))
}

fn score(truth: &Truth, plan: &Plan) -> (Score, Vec<String>) {
    let found = plan_tasks(plan);
    let truth_paths: Vec<String> = truth.tasks.iter().map(|t| t.path.clone()).collect();
    let found_paths: Vec<String> = found.iter().map(|(p, _)| p.clone()).collect();
    let pairs = align(&truth_paths, &found_paths);
    let mut misses = Vec::new();
    let mut score = Score {
        tasks: pairs.len(),
        leads: 0,
        supports: 0,
        targets: 0,
    };
    for &(i, j) in &pairs {
        let (want, got) = (&truth.tasks[i], found[j].1);
        if want.lead == got.lead {
            score.leads += 1;
        } else {
            misses.push(format!(
                "{}: lead {:?}, want {:?}",
                want.path, got.lead, want.lead
            ));
        }
        let mut a = want.support.clone();
        let mut b = got.support.clone();
        a.sort();
        b.sort();
        if a == b {
            score.supports += 1;
        } else {
            misses.push(format!("{}: support {b:?}, want {a:?}", want.path));
        }
    }
    for t in &truth.targets {
        let milestones: Vec<&Milestone> = if t.task == "goal" {
            plan.goals.iter().collect()
        } else {
            found
                .iter()
                .filter(|(p, _)| *p == t.task)
                .flat_map(|(_, task)| task.flatten())
                .flat_map(|task| task.milestones.iter())
                .collect()
        };
        if milestones.iter().any(|m| matches(m, t)) {
            score.targets += 1;
        } else {
            misses.push(format!(
                "{}: no target {} {} {}",
                t.task, t.value, t.unit, t.comparator
            ));
        }
    }
    (score, misses)
}

#[test]
fn every_document_against_its_ground_truth() {
    let dir = std::path::Path::new(DOCUMENTS).join("truth");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/documents/truth")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    names.sort();
    assert_eq!(
        names.len(),
        16,
        "a truth file for each of the 12 corpus documents and 4 seeds"
    );
    let mut failures = Vec::new();
    for file in names {
        let truth: Truth = taizhang::yaml::from_str(&std::fs::read_to_string(&file).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let text =
            std::fs::read_to_string(std::path::Path::new(DOCUMENTS).join(&truth.document)).unwrap();
        let options = ImportOptions {
            id: "truth".into(),
            source: None,
        };
        let imported = import_document(&Document::from_text(&text), &options)
            .unwrap_or_else(|e| panic!("{}: {e}", truth.document));
        let (got, misses) = score(&truth, &imported.plan);
        let exact = Score {
            tasks: truth.tasks.len(),
            leads: truth.tasks.len(),
            supports: truth.tasks.len(),
            targets: truth.targets.len(),
        };
        let want = truth.floor.unwrap_or(exact);
        eprintln!(
            "{}{}: tasks {}/{} (found {}), leads {}/{}, supports {}/{}, targets {}/{}",
            truth.document,
            if truth.held_out { " (held out)" } else { "" },
            got.tasks,
            exact.tasks,
            imported
                .plan
                .areas
                .iter()
                .map(|a| a.tasks.len())
                .sum::<usize>(),
            got.leads,
            exact.leads,
            got.supports,
            exact.supports,
            got.targets,
            exact.targets
        );
        for miss in &misses {
            eprintln!("    {miss}");
        }
        let below = got.tasks < want.tasks
            || got.leads < want.leads
            || got.supports < want.supports
            || got.targets < want.targets;
        if below {
            failures.push(format!("{}: {got:?}, floor {want:?}", truth.document));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

//! The command line: argument parsing, one context per run, and the one
//! place where errors become messages and exit codes.

/// The state loading moved to [`crate::cache::states`]; this path stays for callers.
pub use crate::cache::states as cached;
mod import;
mod plans;
mod progress;
mod sessions;
mod summary;
mod sync;
mod tui;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::config::Config;
use crate::paths::Dirs;
use crate::plan::Catalog;
use crate::plan::catalog::LoadError;

/// taizhang (台账): track the commitments of government action plans.
#[derive(Debug, Parser)]
#[command(name = "taizhang", version, about, long_about = None)]
pub struct Cli {
    /// Also load the plans in DIR (repeatable; later folders win on equal ids).
    #[arg(long = "plans", value_name = "DIR", global = true)]
    pub plan_dirs: Vec<PathBuf>,

    /// Judge lights and overdue as of DATE (YYYY-MM-DD) instead of today.
    #[arg(long, value_name = "DATE", global = true, value_parser = parse_date_arg)]
    pub as_of: Option<NaiveDate>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the terminal app (also what bare `taizhang` does).
    Tui {
        /// Plan id (default: the last plan opened, else a plan picker).
        plan: Option<String>,
    },
    /// Review the milestones that need a decision, one key each (调度).
    Review {
        /// Plan id (with --resume: optional).
        #[arg(required_unless_present = "resume")]
        plan: Option<String>,
        /// Only action area N (1-based, as numbered in the app).
        #[arg(long, value_name = "N")]
        area: Option<usize>,
        /// Only tasks led by UNIT (as written in the plan).
        #[arg(long, value_name = "UNIT")]
        lead: Option<String>,
        /// Only milestones due before DATE (YYYY-MM-DD).
        #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
        due_before: Option<NaiveDate>,
        /// Put milestones not changed since the last review of this scope
        /// (or in DAYS days) first.
        #[arg(long, value_name = "DAYS")]
        stale: Option<u32>,
        /// Include milestones already done.
        #[arg(long)]
        all: bool,
        /// Continue the newest interrupted session.
        #[arg(long, conflicts_with_all = ["area", "lead", "due_before", "stale", "all"])]
        resume: bool,
    },
    /// List every plan: id, title, areas, tasks, milestones.
    Plans,
    /// Check plan files (all loaded plans when none is named).
    Validate {
        /// Plan files to check.
        files: Vec<PathBuf>,
    },
    /// Print the plan tree with each milestone's progress.
    Export {
        /// Plan ids (all plans when none is named).
        plans: Vec<String>,
        #[arg(long, value_enum, default_value_t = TreeFormat::Json)]
        format: TreeFormat,
        /// Write to FILE (atomically) instead of printing; required for xlsx.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Totals per plan and per area, lead unit or status; what needs attention.
    Summary(summary::SummaryArgs),
    /// Set a milestone's status: todo, doing, done, blocked (未启动, 推进中, 已完成, 受阻).
    Mark {
        plan: String,
        milestone: String,
        /// todo, doing, done, blocked, or 未启动, 推进中, 已完成, 受阻.
        status: String,
        /// The current value, for a milestone with a numeric target.
        #[arg(long, value_name = "N", allow_hyphen_values = true)]
        value: Option<String>,
        /// Why, or what stands; also becomes the milestone's note.
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
    },
    /// Set a milestone's note (an empty TEXT clears it).
    Note {
        plan: String,
        milestone: String,
        text: String,
    },
    /// The history of changes, newest first.
    Log {
        plan: String,
        milestone: Option<String>,
        /// Only changes on or after DATE (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        since: Option<String>,
        /// The summary of review session ID instead.
        #[arg(long, value_name = "ID", conflicts_with_all = ["milestone", "since", "sessions"])]
        session: Option<String>,
        /// The review sessions of the plan, one line each, instead.
        #[arg(long, conflicts_with_all = ["milestone", "since"])]
        sessions: bool,
    },
    /// Revert the last change to a plan (recorded as a new change).
    Undo { plan: String },
    /// Draft a plan YAML from an official plan text.
    Import {
        /// The plan document, as UTF-8 text.
        file: PathBuf,
        /// Plan id (default: the file stem, made typable).
        #[arg(long)]
        id: Option<String>,
        /// Write the YAML to OUT (atomically) instead of printing it.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Share progress through git: commit local changes, fetch, merge, push.
    Sync {
        /// The shared repository (URL, or the path of a bare repository);
        /// needed once, sets `origin` of the state folder.
        #[arg(long, value_name = "URL")]
        remote: Option<String>,
        /// Only show when the last sync was and whether changes are waiting.
        #[arg(long, conflicts_with = "remote")]
        status: bool,
    },
    /// Print the folders taizhang reads and writes.
    Paths,
    /// The git merge driver for state files (set up by `sync`).
    #[command(hide = true)]
    MergeDriver {
        base: PathBuf,
        ours: PathBuf,
        theirs: PathBuf,
        path: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TreeFormat {
    Json,
    Yaml,
    /// The ledger (台账) as a workbook: one plan, and -o FILE.
    Xlsx,
}

fn parse_date_arg(text: &str) -> Result<NaiveDate, String> {
    crate::plan::model::parse_date(text)
}

/// Everything a command failing can say; printed once, in `run`.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    State(#[from] crate::state::StateError),
    #[error(transparent)]
    Sync(#[from] crate::sync::SyncError),
    #[error("{0}")]
    Message(String),
    #[error("no config directory: set TAIZHANG_HOME or HOME")]
    NoHome,
}

/// What every command gets: folders, settings and the as-of date.
pub struct Context {
    pub dirs: Dirs,
    pub plan_dirs: Vec<PathBuf>,
    pub as_of: NaiveDate,
    pub config: Config,
}

impl Context {
    pub fn catalog(&self) -> Result<Catalog, LoadError> {
        Catalog::load(Some(&self.dirs.user_plans()), &self.plan_dirs, self.cache())
    }

    /// Where parsed plans and states are cached (see [`crate::cache`]).
    pub fn cache(&self) -> Option<&std::path::Path> {
        Some(&self.dirs.cache)
    }

    pub fn store(&self) -> crate::state::Store {
        crate::state::Store::new(self.dirs.state())
    }
}

/// Parse the arguments, run the command, report any error; the exit code.
pub fn run() -> ExitCode {
    restore_sigpipe();
    let cli = Cli::parse();
    match execute(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("taizhang: {err}");
            ExitCode::FAILURE
        }
    }
}

/// `taizhang log … | head` closes the pipe early: like other command-line
/// tools, end quietly on SIGPIPE instead of Rust's default of ignoring it
/// and panicking on the next write.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in `run`, before any thread exists; it only
    // resets one signal's disposition to the system default.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn execute(cli: Cli) -> Result<ExitCode, CliError> {
    // run by git: needs no settings and must not print their warnings
    if let Some(Command::MergeDriver {
        ours, theirs, path, ..
    }) = &cli.command
    {
        return Ok(sync::merge_driver(ours, theirs, path.as_deref()));
    }
    let dirs = Dirs::resolve().ok_or(CliError::NoHome)?;
    let (config, problem) = Config::load(&dirs.config_file());
    if let Some(problem) = problem {
        eprintln!("taizhang: {problem} (using the default settings)");
    }
    let context = Context {
        dirs,
        plan_dirs: cli.plan_dirs,
        as_of: cli
            .as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        config,
    };
    match cli.command {
        None => tui::open(&context, tui::Start::Browse(None)),
        Some(Command::Tui { plan }) => tui::open(&context, tui::Start::Browse(plan)),
        Some(Command::Review {
            plan,
            area,
            lead,
            due_before,
            stale,
            all,
            resume,
        }) => {
            let start = match (resume, plan) {
                (true, plan) => tui::Start::Resume(plan),
                (false, Some(plan)) => tui::Start::Review {
                    plan,
                    scope: crate::review::Scope {
                        area,
                        lead,
                        due_before,
                        stale,
                        all,
                    },
                },
                (false, None) => {
                    return Err(CliError::Message(
                        "review: name a PLAN, or use --resume".into(),
                    ));
                }
            };
            tui::open(&context, start)
        }
        Some(Command::Plans) => plans::list(&context),
        Some(Command::Validate { files }) => plans::validate(&context, &files),
        Some(Command::Export {
            plans,
            format,
            output,
        }) => plans::export(&context, &plans, format, output.as_deref()),
        Some(Command::Summary(args)) => summary::run(&context, &args),
        Some(Command::Mark {
            plan,
            milestone,
            status,
            value,
            note,
        }) => progress::mark(
            &context,
            &plan,
            &milestone,
            &status,
            value.as_deref(),
            note.as_deref(),
        ),
        Some(Command::Note {
            plan,
            milestone,
            text,
        }) => progress::note(&context, &plan, &milestone, &text),
        Some(Command::Log {
            plan,
            session: Some(id),
            ..
        }) => sessions::show(&context, &plan, &id),
        Some(Command::Log {
            plan,
            sessions: true,
            ..
        }) => sessions::list(&context, &plan),
        Some(Command::Log {
            plan,
            milestone,
            since,
            ..
        }) => progress::log(&context, &plan, milestone.as_deref(), since.as_deref()),
        Some(Command::Undo { plan }) => progress::undo(&context, &plan),
        Some(Command::Import { file, id, output }) => import::run(&file, id, output.as_deref()),
        Some(Command::Sync { remote, status }) => sync::sync(&context, remote.as_deref(), status),
        Some(Command::MergeDriver { .. }) => unreachable!("handled before the settings are read"),
        Some(Command::Paths) => {
            println!("config: {}", context.dirs.config.display());
            println!("plans:  {}", context.dirs.user_plans().display());
            println!("state:  {}", context.dirs.state().display());
            println!("cache:  {}", context.dirs.cache.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Write an output file atomically (see [`crate::fsutil::write_atomic`]):
/// a failure never leaves a half-written file.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> Result<(), CliError> {
    crate::fsutil::write_atomic(path, bytes)
        .map_err(|err| CliError::Message(format!("{}: cannot write: {err}", path.display())))
}

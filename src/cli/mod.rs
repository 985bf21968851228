//! The command line: argument parsing, one context per run, and the one
//! place where errors become messages and exit codes.

/// `println!` for command output that never panics: a write that fails
/// (stdout on a full disk, `> /dev/full`) returns
/// [`CliError::CannotPrint`] from the calling function, so the command
/// ends with one clear line and exit 1, as `export` does. (A closed pipe
/// ends the process quietly by SIGPIPE before this, see `restore_sigpipe`.)
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::cli::print_out(&format!("{}\n", format_args!($($arg)*)))?
    };
}

/// The state loading moved to [`crate::cache::states`]; this path stays for callers.
pub use crate::cache::states as cached;
mod command_line;
mod fill_in;
mod import;
mod ingest;
mod plans;
mod progress;
mod report;
mod sessions;
mod summary;
mod sync;
mod tui;

pub use command_line::command;
use command_line::print_help_of;

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
        #[command(flatten)]
        fill_in: plans::FillInArgs,
    },
    /// Read lead units' returned fill-in workbooks (xlsx, xls, ods) into the state.
    Ingest(ingest::IngestArgs),
    /// Totals per plan and per area, lead unit or status; what needs attention.
    Summary(summary::SummaryArgs),
    /// The meeting report (调度通报): headline, areas, units, red and yellow
    /// milestones, changes and charts, as HTML, docx or Markdown.
    Report(report::ReportArgs),
    /// Set a milestone's status: todo, doing, done, blocked (未启动, 推进中, 已完成, 受阻).
    Mark {
        /// Plan id (as `taizhang plans` lists them).
        plan: String,
        /// Milestone id, in any case (`t9.m2`, `T9.M2`), as the app shows it.
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
        /// Plan id (as `taizhang plans` lists them).
        plan: String,
        /// Milestone id, in any case (`t9.m2`, `T9.M2`), as the app shows it.
        milestone: String,
        /// The note; an empty TEXT clears it.
        text: String,
    },
    /// The history of changes, newest first.
    Log {
        /// Plan id (as `taizhang plans` lists them).
        plan: String,
        /// Only this milestone's changes (id in any case).
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
    Undo {
        /// Plan id (as `taizhang plans` lists them).
        plan: String,
    },
    /// Draft a plan YAML from an official plan document or task table.
    Import {
        /// The plan document: text (UTF-8, GB18030, UTF-16), .docx, PDF, a saved
        /// web page, or a task table (.xlsx, .xls, .ods, .csv).
        file: PathBuf,
        /// Plan id (default: the file stem, made typable).
        #[arg(long)]
        id: Option<String>,
        /// Write the YAML to OUT (atomically) instead of printing it.
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Write the import report (what was found, what could not be
        /// placed) to FILE instead of stderr.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
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
    /// Print a shell completion script: `taizhang completions bash >
    /// /etc/bash_completion.d/taizhang` (zsh: into a folder of `$fpath` as
    /// `_taizhang`; fish: `~/.config/fish/completions/taizhang.fish`).
    Completions {
        /// The shell: bash, zsh, fish, powershell or elvish.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `taizhang man > taizhang.1; man ./taizhang.1`.
    Man,
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
    #[error("cannot print: {0}")]
    CannotPrint(std::io::Error),
    #[error("{}: cannot write: {source}", path.display())]
    CannotWrite {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Write command output to stdout; an error instead of a panic when it
/// cannot be written (see `outln!`).
pub fn print_out(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(CliError::CannotPrint)
}

/// A command's output: to the `-o` file (see [`write_output`]) or printed.
fn emit(output: Option<&std::path::Path>, bytes: &[u8]) -> Result<(), CliError> {
    match output {
        Some(path) => write_output(path, bytes),
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .and_then(|()| out.flush())
                .map_err(CliError::CannotPrint)
        }
    }
}

/// What every command gets: folders, settings and the as-of date.
pub struct Context {
    pub dirs: Dirs,
    pub plan_dirs: Vec<PathBuf>,
    pub as_of: NaiveDate,
    pub config: Config,
}

impl Context {
    /// The folders, the settings (a broken settings file is one warning and
    /// the defaults), the extra plan folders and the as-of date of a run.
    fn new(plan_dirs: Vec<PathBuf>, as_of: Option<NaiveDate>) -> Result<Self, CliError> {
        let dirs = Dirs::resolve().ok_or(CliError::NoHome)?;
        let (config, problem) = Config::load(&dirs.config_file());
        if let Some(problem) = problem {
            let locale = crate::config::locale_from_env();
            let problem = crate::i18n::plan::problem(&problem, locale);
            match locale {
                crate::config::Locale::Zh => eprintln!("taizhang: {problem}（改用默认设置）"),
                crate::config::Locale::En => {
                    eprintln!("taizhang: {problem} (using the default settings)")
                }
            }
        }
        Ok(Context {
            dirs,
            plan_dirs,
            as_of: as_of.unwrap_or_else(|| chrono::Local::now().date_naive()),
            config,
        })
    }

    /// Every plan; a plan file that does not load is reported on stderr
    /// and left out (see [`Context::catalog_for`]).
    pub fn catalog(&self) -> Result<Catalog, LoadError> {
        self.catalog_for(&[])
    }

    /// As [`Context::catalog`] for a command on the plans `wanted`: a
    /// broken one of those is the command's error (from `Catalog::get`),
    /// not a warning.
    pub fn catalog_for(&self, wanted: &[&str]) -> Result<Catalog, LoadError> {
        let catalog = self.load_catalog()?;
        warn_broken(&catalog.broken, wanted, self.config.locale());
        Ok(catalog)
    }

    /// The plans, with the broken files listed and not reported.
    pub fn load_catalog(&self) -> Result<Catalog, LoadError> {
        Catalog::load(Some(&self.dirs.user_plans()), &self.plan_dirs, self.cache())
    }

    /// Where parsed plans and states are cached (see [`crate::cache`]).
    pub fn cache(&self) -> Option<&std::path::Path> {
        Some(&self.dirs.cache)
    }

    /// The light rules of the settings (`lights:`).
    pub fn rules(&self) -> crate::state::LightRules {
        self.config.lights.rules()
    }

    pub fn store(&self) -> crate::state::Store {
        crate::state::Store::new(self.dirs.state())
    }
}

/// One warning line per problem of each broken plan file, except the plans
/// `wanted` (for those the problem is the command's error).
pub fn warn_broken(
    broken: &[crate::plan::catalog::BrokenPlan],
    wanted: &[&str],
    locale: crate::config::Locale,
) {
    for file in broken.iter().filter(|b| !wanted.contains(&b.id.as_str())) {
        let id = crate::safe_text::escape(&file.id);
        for problem in &file.problems {
            let problem = crate::i18n::plan::problem(problem, locale);
            match locale {
                crate::config::Locale::Zh => {
                    eprintln!("taizhang: 警告：{problem}（已略过计划 `{id}`）")
                }
                crate::config::Locale::En => {
                    eprintln!("taizhang: warning: {problem} (plan `{id}` left out)")
                }
            }
        }
    }
}

/// Parse the arguments, run the command, report any error; the exit code.
pub fn run() -> ExitCode {
    restore_sigpipe();
    // the help is in the user's language: read it before parsing
    let locale = startup_locale();
    let matches = match command(locale).try_get_matches() {
        Ok(matches) => matches,
        Err(err) => match (locale, crate::i18n::usage::usage_error_zh(&err)) {
            (crate::config::Locale::Zh, Some(text)) => {
                eprint!("{text}");
                return ExitCode::from(2);
            }
            _ => err.exit(),
        },
    };
    if let Some((crate::i18n::HELP_COMMAND, asked)) = matches.subcommand() {
        return print_help_of(locale, asked);
    }
    let cli =
        <Cli as clap::FromArgMatches>::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    match execute(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("taizhang: {}", err.localized(locale));
            ExitCode::FAILURE
        }
    }
}

/// The language of this run: the settings' `locale`, else the environment's.
fn startup_locale() -> crate::config::Locale {
    Dirs::resolve()
        .map(|dirs| Config::load(&dirs.config_file()).0.locale())
        .unwrap_or_else(crate::config::locale_from_env)
}

impl CliError {
    /// The message in the user's language (see [`crate::i18n`]).
    pub fn localized(&self, locale: crate::config::Locale) -> String {
        use crate::config::Locale;
        match (self, locale) {
            (Self::Load(err), _) => crate::i18n::load_error(err, locale),
            (Self::State(err), _) => crate::i18n::state_error(err, locale),
            (Self::Sync(err), _) => crate::i18n::sync::sync_error(err, locale),
            (Self::CannotPrint(err), Locale::Zh) => {
                format!("无法输出：{}", crate::i18n::io_reason(err, locale))
            }
            (Self::CannotWrite { path, source }, Locale::Zh) => format!(
                "{}：无法写入：{}",
                path.display(),
                crate::i18n::io_reason(source, locale)
            ),
            (Self::NoHome, Locale::Zh) => "没有配置目录：请设置 TAIZHANG_HOME 或 HOME".into(),
            _ => self.to_string(),
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
    if let Some(done) = without_settings(cli.command.as_ref())? {
        return Ok(done);
    }
    let context = Context::new(cli.plan_dirs, cli.as_of)?;
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
            let scope = crate::review::Scope {
                area,
                lead,
                due_before,
                stale,
                all,
            };
            tui::open(&context, review_start(&context, plan, scope, resume)?)
        }
        Some(Command::Plans) => plans::list(&context),
        Some(Command::Validate { files }) => plans::validate(&context, &files),
        Some(Command::Export {
            plans,
            format,
            output,
            fill_in,
        }) => plans::export(&context, &plans, format, output.as_deref(), &fill_in),
        Some(Command::Ingest(args)) => ingest::run(&context, &args),
        Some(Command::Summary(args)) => summary::run(&context, &args),
        Some(Command::Report(args)) => report::run(&context, &args),
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
        Some(Command::Import {
            file,
            id,
            output,
            report,
        }) => {
            let locale = context.config.locale();
            import::run(&file, id, output.as_deref(), report.as_deref(), locale)
        }
        Some(Command::Sync { remote, status }) => sync::sync(&context, remote.as_deref(), status),
        Some(Command::MergeDriver { .. } | Command::Completions { .. } | Command::Man) => {
            unreachable!("handled before the settings are read")
        }
        Some(Command::Paths) => paths(&context),
    }
}

/// The commands that read no settings: the merge driver (run by git, it
/// must not print the settings' warnings), completions and the manual.
fn without_settings(command: Option<&Command>) -> Result<Option<ExitCode>, CliError> {
    match command {
        Some(Command::MergeDriver {
            ours, theirs, path, ..
        }) => Ok(Some(sync::merge_driver(ours, theirs, path.as_deref()))),
        Some(Command::Completions { shell }) => {
            let mut command = self::command(crate::config::Locale::En);
            clap_complete::generate(*shell, &mut command, "taizhang", &mut std::io::stdout());
            Ok(Some(ExitCode::SUCCESS))
        }
        Some(Command::Man) => {
            let command = self::command(crate::config::Locale::En);
            let mut page = Vec::new();
            clap_mangen::Man::new(command)
                .render(&mut page)
                .map_err(CliError::CannotPrint)?;
            std::io::Write::write_all(&mut std::io::stdout(), &page)
                .map_err(CliError::CannotPrint)?;
            Ok(Some(ExitCode::SUCCESS))
        }
        _ => Ok(None),
    }
}

/// How `review` starts: a new session of `scope`, or the newest
/// interrupted one with `--resume`.
fn review_start(
    context: &Context,
    plan: Option<String>,
    scope: crate::review::Scope,
    resume: bool,
) -> Result<tui::Start, CliError> {
    match (resume, plan) {
        (true, plan) => Ok(tui::Start::Resume(plan)),
        (false, Some(plan)) => Ok(tui::Start::Review { plan, scope }),
        (false, None) => Err(CliError::Message(match context.config.locale() {
            crate::config::Locale::Zh => "review：请指定计划，或用 --resume".into(),
            crate::config::Locale::En => "review: name a PLAN, or use --resume".into(),
        })),
    }
}

/// `taizhang paths`: the folders taizhang reads and writes.
fn paths(context: &Context) -> Result<ExitCode, CliError> {
    let zh = context.config.locale() == crate::config::Locale::Zh;
    let label = |zh_text: &'static str, en: &'static str| if zh { zh_text } else { en };
    outln!(
        "{} {}",
        label("设置:", "config:"),
        context.dirs.config.display()
    );
    outln!(
        "{} {}",
        label("计划:", "plans: "),
        context.dirs.user_plans().display()
    );
    outln!(
        "{} {}",
        label("状态:", "state: "),
        context.dirs.state().display()
    );
    outln!(
        "{} {}",
        label("缓存:", "cache: "),
        context.dirs.cache.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Write an output file (`-o`) through [`crate::fsutil::write_atomic`]: a
/// failure never leaves a half-written file, and only a new path or a
/// regular file is written.
fn write_output(path: &std::path::Path, bytes: &[u8]) -> Result<(), CliError> {
    crate::fsutil::write_atomic(path, bytes).map_err(|source| CliError::CannotWrite {
        path: path.to_path_buf(),
        source,
    })
}

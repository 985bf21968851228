//! The command line as clap shows it: in the user's language, each
//! subcommand's help with the global options only where they apply, and
//! the Chinese `help` subcommand.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{Cli, parse_date_arg};

/// Subcommands that read neither plans nor the as-of date, and those that
/// read plans but judge nothing by date: their help leaves out the global
/// options that do not apply to them (still accepted there, and ignored).
const NO_PLANS: [&str; 5] = ["import", "paths", "completions", "man", "merge-driver"];
const NO_AS_OF: [&str; 7] = ["validate", "mark", "note", "log", "undo", "sync", "plans"];

/// The command line in the user's language, each subcommand's help
/// showing the global options only where they apply.
pub fn command(locale: crate::config::Locale) -> clap::Command {
    let mut command = crate::i18n::localize_help(<Cli as clap::CommandFactory>::command(), locale);
    // a subcommand's own hidden argument of the same id is not overlaid by
    // the global one (clap propagates globals only where the id is free)
    // (the same parsers as the global ones: clap hands a subcommand's value
    // of a global id up to the top, where `Cli` reads it)
    let as_of = clap::Arg::new("as_of")
        .long("as-of")
        .hide(true)
        .value_parser(parse_date_arg);
    let plan_dirs = clap::Arg::new("plan_dirs")
        .long("plans")
        .hide(true)
        .action(clap::ArgAction::Append)
        .value_parser(clap::value_parser!(PathBuf));
    for name in NO_PLANS.iter().chain(&NO_AS_OF) {
        let plans_too = NO_PLANS.contains(name);
        command = command.mut_subcommand(name, |sub| {
            let sub = sub.arg(as_of.clone());
            if plans_too {
                sub.arg(plan_dirs.clone())
            } else {
                sub
            }
        });
    }
    crate::i18n::localize_usage(command, locale)
}

/// `taizhang help [COMMAND]` under a Chinese locale (clap's own `help`
/// subcommand speaks English): the Chinese help of the program or of
/// the command named; exit 2 for a command there is not.
pub(super) fn print_help_of(locale: crate::config::Locale, asked: &clap::ArgMatches) -> ExitCode {
    let mut command = command(locale);
    command.build();
    let name = asked.get_one::<String>("command");
    let help = match name {
        None => command.render_long_help(),
        Some(name) => match command.find_subcommand_mut(name) {
            Some(sub) => sub.render_long_help(),
            None => {
                eprintln!("错误：没有命令 `{name}`；`taizhang --help` 列出全部命令");
                return ExitCode::from(2);
            }
        },
    };
    print!("{help}");
    ExitCode::SUCCESS
}

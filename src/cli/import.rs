//! `taizhang import FILE [--id ID] [-o OUT] [--report FILE]`: draft a plan
//! YAML from an official plan document or task table, so next year's plans
//! need not be typed by hand, with a report of what was found and what could
//! not be placed (stderr, or the report file).

use std::path::Path;
use std::process::ExitCode;

use super::{CliError, write_output};
use crate::i18n::cli::Msg;
use crate::import::read::{Input, read_input};
use crate::import::report::Report;
use crate::import::sheet::{SheetError, document_table, import_workbook};
use crate::import::{ImportError, ImportOptions, Imported, import_document};

pub fn run(
    file: &Path,
    id: Option<String>,
    output: Option<&Path>,
    report: Option<&Path>,
    locale: crate::config::Locale,
) -> Result<ExitCode, CliError> {
    // the reader's errors name the file and say how to convert it
    let input = read_input(file)
        .map_err(|err| CliError::Message(crate::i18n::import::read_error(&err, locale)))?;
    let id = match id {
        Some(id) => id,
        None => id_from_stem(file).ok_or_else(|| {
            let file = file.display().to_string();
            CliError::Message(crate::i18n::import::no_id(&file, locale))
        })?,
    };
    let options = ImportOptions {
        id,
        source: file.file_name().map(|n| n.to_string_lossy().to_string()),
    };
    // FILE: what is wrong, in the user's language
    let in_file = |text: String| {
        CliError::Message(match locale {
            crate::config::Locale::Zh => format!("{}：{text}", file.display()),
            crate::config::Locale::En => format!("{}: {text}", file.display()),
        })
    };
    let not_a_plan = |err: &ImportError| in_file(crate::i18n::import::import_error(err, locale));
    let not_a_table = |err: &SheetError| in_file(crate::i18n::import::sheet_error(err, locale));
    let from_table = |table: crate::import::sheet::SheetImport| Imported {
        report: Report::of_table(&table.plan, &table.origins),
        plan: table.plan,
    };
    let imported = match input {
        // a document that is only a task table (no numbered headings) is read as one
        Input::Document(doc) => import_document(&doc, &options)
            .or_else(|err| match err {
                ImportError::NoStructure | ImportError::NoTasks => {
                    import_workbook(&document_table(&doc), &options)
                        .map(from_table)
                        .map_err(|_| err)
                }
                err => Err(err),
            })
            .map_err(|e| not_a_plan(&e))?,
        Input::Table(workbook) => {
            from_table(import_workbook(&workbook, &options).map_err(|e| not_a_table(&e))?)
        }
    };
    let plan = &imported.plan;
    let yaml = crate::i18n::import::draft_yaml(plan, locale);
    let report_text = crate::i18n::import::report(&imported.report, plan, locale);
    match report {
        Some(path) => write_output(path, report_text.as_bytes())?,
        None => eprint!("{report_text}"),
    }
    match output {
        Some(path) => {
            write_output(path, yaml.as_bytes())?;
            let file = path.display().to_string();
            let (areas, tasks) = (plan.areas.len(), plan.task_count());
            let wrote = Msg::Wrote(file, areas, tasks, plan.milestones().count());
            eprintln!("{}", crate::i18n::cli::text(wrote, locale));
        }
        None => super::print_out(&yaml)?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `Jining 2024.txt` → `jining-2024`; `None` when nothing typable is left.
fn id_from_stem(file: &Path) -> Option<String> {
    let stem = file.file_stem()?.to_string_lossy().to_lowercase();
    let mut id = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_') {
            id.push(c);
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    let id: String = id
        .trim_matches(|c| c == '-' || c == '.')
        .chars()
        .take(40)
        .collect();
    crate::plan::validate::is_valid_id(&id).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::id_from_stem;
    use std::path::Path;

    #[test]
    fn ids_from_file_names() {
        assert_eq!(
            id_from_stem(Path::new("Jining 2024.txt")).as_deref(),
            Some("jining-2024")
        );
        assert_eq!(
            id_from_stem(Path::new("/x/001_cd3c.txt")).as_deref(),
            Some("001_cd3c")
        );
        assert_eq!(id_from_stem(Path::new("济宁.txt")), None);
    }
}

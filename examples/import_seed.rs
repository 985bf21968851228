//! Draft a plan from a document: `cargo run --example import_seed -- FILE ID`
//! prints the YAML (the importer's library API, without the CLI).

use std::process::ExitCode;

use taizhang::import::{ImportOptions, import_text, to_yaml};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [file, id] = args.as_slice() else {
        eprintln!("usage: import_seed FILE ID");
        return ExitCode::from(2);
    };
    // any format the importer reads: text, .docx, PDF, web page, task table
    let text = match taizhang::import::read::read_file(std::path::Path::new(file)) {
        Ok(doc) => doc.text(),
        Err(err) => {
            eprintln!("{err}");
            return ExitCode::FAILURE;
        }
    };
    let source = std::path::Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().to_string());
    let options = ImportOptions {
        id: id.clone(),
        source,
    };
    match import_text(&text, &options) {
        Ok(plan) => {
            print!("{}", to_yaml(&plan));
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{file}: {err}");
            ExitCode::FAILURE
        }
    }
}

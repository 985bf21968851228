//! Print the paragraphs a file is read as, each with where it came from:
//! `cargo run --example read_document -- FILE` (to check a format reader
//! on a new file before importing it).

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(file) = std::env::args().nth(1) else {
        eprintln!("usage: read_document FILE");
        return ExitCode::from(2);
    };
    match taizhang::import::read::read_file(std::path::Path::new(&file)) {
        Ok(doc) => {
            for p in &doc.paragraphs {
                println!("{}\t{}", p.origin, p.text.replace('\t', " | "));
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}

//! Import speed: a plan document of 1, 4 and 10 MB (the Jining plan's body
//! repeated, each copy's lines made distinct so no copy is taken for a
//! capture's repeat), and a 1 MB item of one heading and many paragraphs
//! (the shape that was quadratic). Run with `cargo bench --bench import`.

use taizhang::import::{ImportOptions, import_text};

fn main() {
    divan::main();
}

const SEED: &str = include_str!("../tests/fixtures/documents/seeds/001_cd3cf581713ab216.txt");

fn document(bytes: usize) -> String {
    let body: Vec<&str> = SEED
        .lines()
        .filter(|l| {
            let l = l.trim();
            let end_marker = ["附件", "抄送"].iter().any(|w| l.starts_with(w))
                || ["印发", "公开"].iter().any(|w| l.contains(w))
                || l.ends_with('日');
            !end_marker
        })
        .collect();
    let mut out = String::with_capacity(bytes + SEED.len());
    let mut copy = 0;
    while out.len() < bytes {
        copy += 1;
        for line in &body {
            out.push_str(line);
            if line.chars().count() > 20 {
                out.push_str(&format!("第{copy}遍。"));
            }
            out.push('\n');
        }
    }
    out
}

fn flat(bytes: usize) -> String {
    let mut out = String::from("某某行动方案\n一、重点任务\n1.推进某项工作。\n");
    let mut i = 0;
    while out.len() < bytes {
        i += 1;
        out.push_str(&format!(
            "继续推进第{i}项具体工作，加强统筹协调，确保落到实处，形成工作合力。\n"
        ));
    }
    out
}

fn options() -> ImportOptions {
    ImportOptions {
        id: "bench".into(),
        source: None,
    }
}

#[divan::bench(args = [1, 4, 10], sample_count = 3)]
fn plan_document(bencher: divan::Bencher, megabytes: usize) {
    let text = document(megabytes * 1_000_000);
    bencher.bench(|| import_text(divan::black_box(&text), &options()).unwrap());
}

#[divan::bench(sample_count = 3)]
fn one_item_of_many_paragraphs(bencher: divan::Bencher) {
    let text = flat(1_000_000);
    bencher.bench(|| import_text(divan::black_box(&text), &options()).unwrap());
}

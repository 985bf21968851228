//! The floor under a warm `taizhang --plans DIR summary`: what any run must
//! do to know the cache holds for every file, and nothing else. List the
//! plans folder, stat each plan file and its state file, read the indexes
//! of the plans, state and shipped-plans cache files (stamps, hashes and
//! digests, what the roll-up reads) and checksum them; no decoding. `bench/compare.sh` times it
//! beside the real command, so the distance to the floor is measured on the
//! same machine in the same run.
//!
//! cargo run --release --example cache_floor -- PLANS_DIR HOME_DIR

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [plans, home] = &args[..] else {
        eprintln!("usage: cache_floor PLANS_DIR HOME_DIR");
        return ExitCode::from(2);
    };
    let state = home.join("state");
    let cache = home.join("cache");
    let mut stamps = 0u64;
    for entry in std::fs::read_dir(plans)
        .expect("the plans folder")
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_some_and(|x| x == "yaml") {
            let meta = std::fs::metadata(&path).expect("a plan file");
            stamps ^= taizhang::cache::Stamp::of(&meta).mtime as u64;
            let name = path.file_name().expect("a file name");
            if let Ok(meta) = std::fs::metadata(state.join(name)) {
                stamps ^= taizhang::cache::Stamp::of(&meta).mtime as u64;
            }
        }
    }
    let mut sum = 0u64;
    let embedded = PathBuf::from("<built in>");
    for (kind, folder) in [("plans", plans), ("state", &state), ("embedded", &embedded)] {
        let folder = std::fs::canonicalize(folder).unwrap_or(folder.clone());
        let file = taizhang::cache::file_for(&cache, kind, &folder);
        let index = taizhang::cache::index_bytes(&file).expect("a warm cache");
        sum ^= index.len() as u64;
    }
    // used, so that nothing is optimised away
    if stamps == sum {
        println!("{stamps}");
    }
    ExitCode::SUCCESS
}

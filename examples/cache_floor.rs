//! The floor under a warm `taizhang --plans DIR summary`: what any run must
//! do to know the cache holds for every file, and nothing else. List the
//! plans folder, stat each plan file and its state file, read the plans and
//! state cache files whole and checksum them. `bench/compare.sh` times it
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
    for (kind, folder) in [("plans", plans), ("state", &state)] {
        let folder = std::fs::canonicalize(folder).expect("the folder");
        let file = taizhang::cache::file_for(&cache, kind, &folder);
        let bytes = std::fs::read(&file).expect("a warm cache");
        sum ^= taizhang::cache::hash(&bytes);
    }
    // used, so that nothing is optimised away
    if stamps == sum {
        println!("{stamps}");
    }
    ExitCode::SUCCESS
}

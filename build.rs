//! Embeds every `plans/*.yaml` in the binary, so the shipped plans need no
//! hand-kept list and the app runs from any folder.
use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=plans");
    let mut files: Vec<_> = fs::read_dir("plans")
        .expect("plans/ folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    let mut out = String::from(
        "/// (file name, contents) of each shipped plan.\npub static EMBEDDED_PLANS: &[(&str, &str)] = &[\n",
    );
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let absolute = fs::canonicalize(&path).unwrap();
        println!("cargo:rerun-if-changed={}", path.display());
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            absolute.display().to_string()
        ));
    }
    out.push_str("];\n");
    fs::write(
        Path::new(&env::var("OUT_DIR").unwrap()).join("embedded_plans.rs"),
        out,
    )
    .unwrap();
}

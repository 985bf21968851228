//! Writing a file so that a crash never leaves half of it: a temp file in
//! the same folder, fsync, rename over the target, fsync of the folder
//! (`tempfile`'s `persist` is only the rename).

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".taizhang-")
        .suffix(".tmp")
        .tempfile_in(folder)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    File::open(folder)?.sync_all()
}

#[cfg(test)]
mod tests {
    #[test]
    fn replaces_the_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "old").unwrap();
        super::write_atomic(&path, "新".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "新");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}

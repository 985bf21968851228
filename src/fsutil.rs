//! The one way taizhang writes a file (state files, exports, session
//! records, sync's merge driver): so that a crash never leaves half of it —
//! a temp file in the same folder, fsync, rename over the target, fsync of
//! the folder (`tempfile`'s `persist` is only the rename).
//!
//! It writes only to a new path or over a regular file: a FIFO, a device
//! node (`-o /dev/null` as root would otherwise replace the device), a
//! folder or a symbolic link at the path is refused, so a link is never
//! followed to somewhere else and never silently replaced. A new file
//! follows the umask (0666 masked, as `>` in a shell does); a replaced file
//! keeps its permissions.

use std::fs::{self, File, Permissions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Write `bytes` to `path` atomically (see the module documentation).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    Prepared::new(path, bytes)?.commit()
}

/// The new content written and synced beside the target, not yet in place:
/// a caller can do what must happen only once the write has succeeded (the
/// store keeps its `.bak` then, so a full disk never costs the good backup)
/// and then [`Prepared::commit`]. Dropped without commit, the temp file is
/// removed and the target is untouched.
pub struct Prepared {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
    existed: bool,
}

impl Prepared {
    /// Check the target may be written, write the temp file
    /// (`.<name>.<random>.tmp`) and sync it.
    pub fn new(path: &Path, bytes: &[u8]) -> io::Result<Prepared> {
        let existing = check_target(path)?;
        let name = path
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
        let prefix = format!(".{}.", name.to_string_lossy());
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp");
        #[cfg(unix)]
        {
            // 0666: the umask then decides, as for a file a shell redirect creates
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(Permissions::from_mode(0o666));
        }
        let mut temp = builder
            .tempfile_in(folder_of(path))
            .map_err(without_temp_path)?;
        if let Some(permissions) = &existing {
            temp.as_file().set_permissions(permissions.clone())?;
        }
        temp.write_all(bytes)?;
        temp.as_file().sync_all()?;
        Ok(Prepared {
            temp,
            target: path.to_path_buf(),
            existed: existing.is_some(),
        })
    }

    /// Put the new content in place and make the rename durable. The target
    /// is checked again: what appeared there meanwhile is never replaced
    /// unless it is a regular file.
    pub fn commit(self) -> io::Result<()> {
        let folder = folder_of(&self.target).to_path_buf();
        let exists_now = check_target(&self.target)?.is_some();
        if self.existed || exists_now {
            self.temp.persist(&self.target).map_err(|e| e.error)?;
        } else {
            // a new path: something created there meanwhile is not replaced
            self.temp
                .persist_noclobber(&self.target)
                .map_err(|e| e.error)?;
        }
        File::open(folder)?.sync_all()
    }
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// `None` for a new path, the permissions of a regular file there, an
/// error naming what else is there.
fn check_target(path: &Path) -> io::Result<Option<Permissions>> {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(err),
    };
    if meta.file_type().is_file() {
        return Ok(Some(meta.permissions()));
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        NotReplaced(Special::of(&meta.file_type())),
    ))
}

/// The refusal to write over what is not a regular file; carried inside
/// the `io::Error` so that `i18n::io_reason` can word it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0} is there; taizhang writes only to a new file or over a regular file (nothing was written)"
)]
pub struct NotReplaced(pub Special);

/// What stands at a path instead of a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Special {
    #[error("a named pipe (FIFO)")]
    Fifo,
    #[error("a device")]
    Device,
    #[error("a socket")]
    Socket,
    #[error("a symbolic link")]
    Symlink,
    #[error("a folder")]
    Folder,
    #[error("a special file")]
    Other,
}

impl Special {
    fn of(kind: &fs::FileType) -> Self {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if kind.is_fifo() {
                return Special::Fifo;
            }
            if kind.is_char_device() || kind.is_block_device() {
                return Special::Device;
            }
            if kind.is_socket() {
                return Special::Socket;
            }
        }
        if kind.is_symlink() {
            Special::Symlink
        } else if kind.is_dir() {
            Special::Folder
        } else {
            Special::Other
        }
    }
}

/// tempfile adds the random name of its temp file to an error
/// (`… at path "/x/.a.json.Ab12.tmp"`); the caller names the target, so
/// that name only confuses. The system's reason is kept, with its kind.
fn without_temp_path(err: io::Error) -> io::Error {
    let text = err.to_string();
    match text.split_once(" at path \"") {
        Some((reason, _)) if err.get_ref().is_some() => io::Error::new(err.kind(), reason),
        _ => err,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, "新".as_bytes()).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "新");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_or_folder_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.txt");
        std::fs::write(&target, "keep").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = write_atomic(&link, b"x").unwrap_err();
        assert!(
            err.to_string().contains("a symbolic link is there"),
            "{err}"
        );
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "keep");
        let err = write_atomic(dir.path(), b"x").unwrap_err();
        assert!(err.to_string().contains("a folder"), "{err}");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2, "no temp left");
    }

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"new").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[test]
    fn a_prepared_write_dropped_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "old").unwrap();
        drop(Prepared::new(&path, b"new").unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}

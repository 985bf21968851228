//! A cache of parsed files, so that a run over a province's plans (136 plan
//! files and as many state files) does not re-parse every YAML file each
//! time. One cache file per folder under the cache directory
//! (`Dirs.cache`), holding for each file of the folder its name, size, a
//! 64-bit xxh3 hash of its bytes and the parsed value (MessagePack).
//!
//! Never trusted blindly: each file is still read on every run and its
//! bytes hashed; an entry is used only when name, size and hash all match
//! (so an edit within the file system's mtime granularity is still seen),
//! and only when the cache file was written by this very build of taizhang
//! (version, and size and time of the program file) with this format. The whole cache file carries an xxh3 checksum of its body;
//! a truncated or corrupted file fails it (or fails to parse) and is
//! ignored and rewritten. A value is put in only after it was parsed and
//! checked from exactly the bytes hashed, so an entry always stands for a
//! file that loaded without problems. The residual risk is an xxh3-64
//! collision between an old and a new version of the same file.
//!
//! A cache that cannot be read is rebuilt; one that cannot be written is
//! skipped with one warning on stderr, never an error.

use std::collections::HashMap;
use std::io::Write;
use std::marker::PhantomData;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;
use serde::de::DeserializeOwned;
use twox_hash::XxHash3_64;

/// First bytes of every cache file.
const MAGIC: &[u8; 8] = b"TZCACHE\n";
/// Bumped whenever the layout below or the encoding of a value changes.
pub const FORMAT: u32 = 1;
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Which build of taizhang wrote a cache: the version, and the size and
/// modification time of the running program. A build that reads plans
/// differently (a new field, a fixed parser) has the same version number
/// while it is developed, and must not be served values the old one made.
fn build() -> String {
    static BUILD: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BUILD
        .get_or_init(|| {
            let program = std::env::current_exe().and_then(std::fs::metadata);
            let stamp = program.as_ref().ok().and_then(|m| {
                let modified = m
                    .modified()
                    .ok()?
                    .duration_since(std::time::UNIX_EPOCH)
                    .ok()?;
                Some(format!("{}-{}", m.len(), modified.as_nanos()))
            });
            format!("{VERSION}+{}", stamp.as_deref().unwrap_or("unknown"))
        })
        .clone()
}

/// One warning per run is enough (the plan and state caches share a folder).
static WARNED: AtomicBool = AtomicBool::new(false);

/// The hash a file's bytes are known by.
pub fn hash(bytes: &[u8]) -> u64 {
    XxHash3_64::oneshot(bytes)
}

/// Call `f` with the bytes of the file at `path`, read into a buffer kept
/// per thread: a province's 272 plan and state files (20 MB) would
/// otherwise each take fresh memory, which the kernel must zero first.
pub fn with_file<R>(path: &Path, f: impl FnOnce(&[u8]) -> R) -> std::io::Result<R> {
    use std::cell::RefCell;
    use std::io::Read;
    thread_local! {
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    let mut file = std::fs::File::open(path)?;
    BUFFER.with(|buffer| {
        // a buffer in use (f reading another file) is not shared: take a new one
        let mut fallback = Vec::new();
        let mut guard = buffer.try_borrow_mut();
        let bytes = match guard.as_deref_mut() {
            Ok(bytes) => bytes,
            Err(_) => &mut fallback,
        };
        bytes.clear();
        // a file that grew past the limit since it was measured is read no
        // further than one byte over it (the parser then refuses it)
        (&mut file)
            .take(crate::yaml::MAX_DOCUMENT_BYTES + 1)
            .read_to_end(bytes)?;
        Ok(f(bytes))
    })
}

/// What the cache file says it is; it must match exactly to be read.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
struct Header {
    format: u32,
    taizhang: String,
    /// What is cached (`plans`, `state`): a cache of one kind is never read
    /// as the other.
    kind: String,
    /// The folder the entries are files of.
    folder: PathBuf,
}

/// One file's entry. The value stays encoded until it is taken, so an entry
/// that is not used costs no decoding and one that is kept costs no copy.
struct Entry {
    size: u64,
    hash: u64,
    value: Value,
}

enum Value {
    /// Bytes of the cache file read at start.
    InFile(Range<usize>),
    Fresh(Vec<u8>),
}

/// The cache of one folder's files, loaded; looked up and filled during a
/// run, then saved when anything changed.
pub struct FolderCache<T> {
    /// Where the cache file is (`None`: no cache directory, nothing saved).
    path: Option<PathBuf>,
    header: Header,
    /// The cache file as read (entries point into it).
    file: Vec<u8>,
    old: HashMap<String, Entry>,
    new: Vec<(String, Entry)>,
    dirty: bool,
    value: PhantomData<fn() -> T>,
}

/// A new entry's key and encoded value, made on any thread.
pub struct Fresh {
    size: u64,
    hash: u64,
    encoded: Vec<u8>,
}

impl Fresh {
    /// The entry for `value`, parsed and checked from exactly `bytes`
    /// (`None` when it cannot be encoded: it is then not cached).
    pub fn new<T: Serialize>(bytes: &[u8], value: &T) -> Option<Self> {
        Some(Self {
            size: bytes.len() as u64,
            hash: hash(bytes),
            encoded: encode(value)?,
        })
    }
}

/// Why a cache file was not used (for tests and the debug message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejected {
    Missing,
    Unreadable(String),
    Corrupt(&'static str),
    Stale,
}

impl<T: Serialize + DeserializeOwned> FolderCache<T> {
    /// The cache of `folder`'s files of `kind` under `cache_dir`; empty when
    /// `cache_dir` is `None` or the cache file is missing, stale or broken.
    pub fn open(cache_dir: Option<&Path>, kind: &str, folder: &Path) -> Self {
        let folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
        let path = cache_dir.map(|dir| file_for(dir, kind, &folder));
        let header = Header {
            format: FORMAT,
            taizhang: build(),
            kind: kind.to_string(),
            folder,
        };
        let (file, old) = match path.as_deref().map(|p| read(p, &header)) {
            Some(Ok(found)) => found,
            _ => (Vec::new(), HashMap::new()),
        };
        Self {
            path,
            header,
            file,
            old,
            new: Vec::new(),
            dirty: false,
            value: PhantomData,
        }
    }

    /// The cached value for file `name` whose bytes are `bytes`, when the
    /// cache holds one for exactly these bytes. Changes nothing, so many
    /// threads may look up at once; then [`keep`](Self::keep) each hit.
    pub fn get(&self, name: &str, bytes: &[u8]) -> Option<T> {
        let entry = self.old.get(name)?;
        if entry.size != bytes.len() as u64 || entry.hash != hash(bytes) {
            return None;
        }
        decode(self.bytes_of(&entry.value))
    }

    /// Keep the entry of `name` (found by [`get`](Self::get)) when the cache
    /// is rewritten.
    pub fn keep(&mut self, name: &str) {
        if let Some(entry) = self.old.remove(name) {
            self.new.push((name.to_string(), entry));
        }
    }

    /// [`get`](Self::get) and, on a hit, [`keep`](Self::keep).
    pub fn take(&mut self, name: &str, bytes: &[u8]) -> Option<T> {
        let value = self.get(name, bytes)?;
        self.keep(name);
        Some(value)
    }

    /// Remember `value`, parsed and checked from exactly `bytes`.
    pub fn put(&mut self, name: &str, bytes: &[u8], value: &T) {
        self.put_fresh(name, Fresh::new(bytes, value));
    }

    /// [`put`](Self::put) with the encoding done beforehand (on any thread).
    pub fn put_fresh(&mut self, name: &str, fresh: Option<Fresh>) {
        self.dirty = true;
        let Some(fresh) = fresh else {
            return; // not cached: parsed again next time
        };
        self.new.push((
            name.to_string(),
            Entry {
                size: fresh.size,
                hash: fresh.hash,
                value: Value::Fresh(fresh.encoded),
            },
        ));
    }

    fn bytes_of<'a>(&'a self, value: &'a Value) -> &'a [u8] {
        match value {
            Value::InFile(range) => &self.file[range.clone()],
            Value::Fresh(bytes) => bytes,
        }
    }

    /// Write the cache when anything changed (entries added, changed or
    /// gone); a failure is one warning on stderr and nothing else.
    pub fn save(self) {
        if let Err((path, reason)) = self.try_save()
            && !WARNED.swap(true, Ordering::Relaxed)
        {
            eprintln!(
                "taizhang: warning: cache {}: {reason}; continuing without it",
                path.display()
            );
        }
    }

    /// [`save`](Self::save), with the failure returned.
    pub fn try_save(self) -> Result<(), (PathBuf, String)> {
        let Some(path) = self.path.clone() else {
            return Ok(());
        };
        if !self.dirty && self.old.is_empty() {
            return Ok(());
        }
        let mut body = Vec::with_capacity(self.file.len().max(4096));
        let header = serde_json::to_vec(&self.header).map_err(|e| (path.clone(), e.to_string()))?;
        put_bytes(&mut body, &header);
        body.extend_from_slice(&(self.new.len() as u32).to_le_bytes());
        for (name, entry) in &self.new {
            put_bytes(&mut body, name.as_bytes());
            body.extend_from_slice(&entry.size.to_le_bytes());
            body.extend_from_slice(&entry.hash.to_le_bytes());
            put_bytes(&mut body, self.bytes_of(&entry.value));
        }
        write(&path, &body).map_err(|reason| (path, reason))
    }
}

/// A value's bytes in the cache. JSON: Plan and PlanState skip empty
/// fields when serialised, which only a self-describing format reads back.
fn encode<T: Serialize>(value: &T) -> Option<Vec<u8>> {
    rmp_serde::to_vec_named(value).ok()
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    rmp_serde::from_slice(bytes).ok()
}

fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// Reads the body of a cache file, failing on any shortfall.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn take(&mut self, n: usize) -> Result<Range<usize>, Rejected> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(Rejected::Corrupt("truncated"))?;
        let range = self.at..end;
        self.at = end;
        Ok(range)
    }

    fn u32(&mut self) -> Result<u32, Rejected> {
        let r = self.take(4)?;
        Ok(u32::from_le_bytes(
            self.bytes[r].try_into().expect("4 bytes"),
        ))
    }

    fn u64(&mut self) -> Result<u64, Rejected> {
        let r = self.take(8)?;
        Ok(u64::from_le_bytes(
            self.bytes[r].try_into().expect("8 bytes"),
        ))
    }

    fn bytes(&mut self) -> Result<Range<usize>, Rejected> {
        let n = self.u32()? as usize;
        self.take(n)
    }
}

/// `<cache dir>/<kind>-<hash of the folder's path>.cache`
pub fn file_for(cache_dir: &Path, kind: &str, folder: &Path) -> PathBuf {
    let key = hash(folder.as_os_str().as_encoded_bytes());
    cache_dir.join(format!("{kind}-{key:016x}.cache"))
}

type Found = (Vec<u8>, HashMap<String, Entry>);

/// The cache file and its entries, when it is whole and its header is
/// exactly `header` (this format, version, kind and folder).
fn read(path: &Path, header: &Header) -> Result<Found, Rejected> {
    read_as(path, header, true)
}

/// [`read`]; with `same_build` false, any build of the same version will do.
fn read_as(path: &Path, header: &Header, same_build: bool) -> Result<Found, Rejected> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Err(Rejected::Missing),
        Err(err) => return Err(Rejected::Unreadable(err.to_string())),
    };
    let rest = bytes
        .strip_prefix(MAGIC)
        .ok_or(Rejected::Corrupt("magic"))?;
    if rest.len() < 8 {
        return Err(Rejected::Corrupt("truncated"));
    }
    let (sum, body) = rest.split_at(8);
    if u64::from_le_bytes(sum.try_into().expect("8 bytes")) != hash(body) {
        return Err(Rejected::Corrupt("checksum"));
    }
    let mut cursor = Cursor {
        bytes: &bytes,
        at: MAGIC.len() + 8,
    };
    let found: Header =
        serde_json::from_slice(&bytes[cursor.bytes()?]).map_err(|_| Rejected::Corrupt("header"))?;
    let version = |h: &Header| h.taizhang.split('+').next().map(str::to_string);
    let build_ok = if same_build {
        found.taizhang == header.taizhang
    } else {
        version(&found) == version(header)
    };
    if !build_ok
        || found.format != header.format
        || found.kind != header.kind
        || found.folder != header.folder
    {
        return Err(Rejected::Stale);
    }
    let count = cursor.u32()?;
    let mut entries = HashMap::with_capacity(count as usize);
    for _ in 0..count {
        let name = cursor.bytes()?;
        let name = std::str::from_utf8(&bytes[name]).map_err(|_| Rejected::Corrupt("name"))?;
        let size = cursor.u64()?;
        let hash = cursor.u64()?;
        let value = Value::InFile(cursor.bytes()?);
        entries.insert(name.to_string(), Entry { size, hash, value });
    }
    if cursor.at != bytes.len() {
        return Err(Rejected::Corrupt("trailing bytes"));
    }
    Ok((bytes, entries))
}

/// Write the cache file by temp file and rename, so a reader sees the old
/// file or the new one. No fsync: a cache lost or torn by a power cut fails
/// its checksum and is rebuilt.
fn write(path: &Path, body: &[u8]) -> Result<(), String> {
    let dir = path.parent().ok_or("no folder")?;
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let mut temp = tempfile::Builder::new()
        .prefix(".taizhang-cache-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| e.to_string())?;
    temp.write_all(MAGIC)
        .and_then(|()| temp.write_all(&hash(body).to_le_bytes()))
        .and_then(|()| temp.write_all(body))
        .map_err(|e| e.to_string())?;
    temp.persist(path).map_err(|e| e.error.to_string())?;
    Ok(())
}

/// Why the cache file at `path` would not be used for `kind` files of
/// `folder` by a build of this version (`None`: it would be). For tests and
/// tools, which are other programs than the one that wrote the cache.
pub fn diagnose(path: &Path, kind: &str, folder: &Path) -> Option<Rejected> {
    let folder = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
    let header = Header {
        format: FORMAT,
        taizhang: build(),
        kind: kind.to_string(),
        folder,
    };
    read_as(path, &header, false).err()
}

#[cfg(test)]
#[path = "cache_tests.rs"]
mod tests;

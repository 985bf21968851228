//! The cache of parsed files, so that a run over a province's plans (136
//! plan files and as many state files) neither parses nor even reads every
//! file each time. One cache file per folder and kind under the cache
//! directory (`Dirs.cache`), holding for each file of the folder its name,
//! its [`Stamp`] (size, times, inode), a 64-bit xxh3 hash of its bytes, the
//! parsed value and a digest of it (the few numbers a roll-up needs, see
//! `plan::digest` and `state::digest`), each encoded as MessagePack.
//!
//! Never trusted blindly. A file whose stamp equals its entry's is taken
//! from the cache without being read, as git's index does, unless the entry
//! is racily clean (stamped within [`stamp::GRANULARITY_NS`] of when the
//! cache file was written); a racy entry, or a file whose stamp changed, is
//! read and hashed, and used only when size and hash match. An edit leaves
//! the stamp unchanged only by putting size and modification time back
//! within the same tick of the change time, which the racy check covers.
//! The cache is used only when written by this very build of taizhang
//! (version, and size and time of the program file) with this format.
//!
//! Layout: the index (header, then per file its name, stamp, hash, digest,
//! and where its value lies), then the values. The index carries an xxh3
//! checksum and is read whole at start; each value carries its own and is
//! read only when taken, so a roll-up, which needs only digests, reads the
//! index alone. A truncated or corrupted index, or a file whose length
//! disagrees with it, fails and the whole cache is ignored and rewritten;
//! a corrupted value fails its checksum when taken and is parsed again. A value is put in only after it was parsed and checked from
//! exactly the bytes hashed, so an entry always stands for a file that
//! loaded without problems. The residual risk is an xxh3-64 collision
//! between an old and a new version of the same file.
//!
//! A cache that cannot be read is rebuilt; one that cannot be written is
//! skipped with one warning on stderr, never an error.

pub mod stamp;
pub mod states;

use std::collections::HashMap;
use std::io::{Read, Write};
use std::marker::PhantomData;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;
use serde::de::DeserializeOwned;
use twox_hash::XxHash3_64;

use stamp::STAMP_BYTES;
pub use stamp::Stamp;

/// First bytes of every cache file.
const MAGIC: &[u8; 8] = b"TZCACHE\n";
/// Bumped whenever the layout below or the encoding of a value changes.
pub const FORMAT: u32 = 3;
/// MAGIC, the index's checksum and its length.
const PREFIX: usize = MAGIC.len() + 8 + 8;
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

thread_local! {
    /// Files read by [`with_open_file`] on this thread (for tests: a clean
    /// entry must cost no read).
    static READS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many files this thread has read through the cache's reader.
pub fn reads_on_this_thread() -> usize {
    READS.with(|r| r.get())
}

/// Call `f` with the bytes of the file at `path`, read into a buffer kept
/// per thread: a province's 272 plan and state files (20 MB) would
/// otherwise each take fresh memory, which the kernel must zero first.
pub fn with_file<R>(path: &Path, f: impl FnOnce(&[u8]) -> R) -> std::io::Result<R> {
    with_open_file(&mut std::fs::File::open(path)?, f)
}

fn with_open_file<R>(file: &mut std::fs::File, f: impl FnOnce(&[u8]) -> R) -> std::io::Result<R> {
    use std::cell::RefCell;
    thread_local! {
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    READS.with(|r| r.set(r.get() + 1));
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
        file.take(crate::yaml::MAX_DOCUMENT_BYTES + 1)
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

/// One file's entry. The value and digest stay encoded until taken, so an
/// entry that is not used costs no decoding, and its value no reading.
struct Entry {
    stamp: Stamp,
    hash: u64,
    value: Blob,
    digest: Blob,
}

enum Blob {
    /// Bytes of the index read at start (digests).
    InIndex(Range<usize>),
    /// A value in the cache file, `len` bytes at `at` past the values'
    /// start, whose xxh3 is `sum`; read when taken.
    InFile {
        at: u64,
        len: u64,
        sum: u64,
    },
    Fresh(Vec<u8>),
}

/// The cache of one folder's files, loaded; looked up and filled during a
/// run, then saved when anything changed. `T` is the parsed value, `D` its
/// digest.
pub struct FolderCache<T, D = ()> {
    /// Where the cache file is (`None`: no cache directory, nothing saved).
    path: Option<PathBuf>,
    header: Header,
    /// The cache file's index as read (digests point into it).
    index: Vec<u8>,
    /// The cache file, open, its values from `values_at` on.
    file: Option<std::fs::File>,
    values_at: u64,
    /// When the cache file was last written (its modification time, ns).
    written: i64,
    old: HashMap<String, Entry>,
    new: Vec<(String, Entry)>,
    dirty: bool,
    value: PhantomData<fn() -> (T, D)>,
}

/// A new entry's stamp, hash and encoded value and digest, made on any
/// thread.
pub struct Fresh {
    stamp: Stamp,
    hash: u64,
    value: Vec<u8>,
    digest: Vec<u8>,
}

impl Fresh {
    /// The entry for `value` and its `digest`, parsed and checked from
    /// exactly `bytes`, of the file stamped `stamp` before it was read
    /// (`None` when it cannot be encoded: it is then not cached).
    pub fn new<T: Serialize, D: Serialize>(
        bytes: &[u8],
        stamp: Stamp,
        value: &T,
        digest: &D,
    ) -> Option<Self> {
        Some(Self {
            stamp,
            hash: hash(bytes),
            value: encode(value)?,
            digest: encode(digest)?,
        })
    }
}

/// What to do with a file's entry once it was looked up.
pub enum Update {
    /// The entry stands for the file, now stamped so.
    Keep(Stamp),
    /// The file was parsed: its new entry (none when it cannot be cached).
    Put(Option<Fresh>),
    /// No such file: no entry.
    Drop,
}

/// Why a cache file was not used (for tests and the debug message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejected {
    Missing,
    Unreadable(String),
    Corrupt(&'static str),
    Stale,
}

impl<T: Serialize + DeserializeOwned, D: Serialize + DeserializeOwned> FolderCache<T, D> {
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
        let found = match path.as_deref().map(|p| read(p, &header)) {
            Some(Ok(found)) => found,
            _ => Found::default(),
        };
        Self {
            path,
            header,
            index: found.index,
            file: found.file,
            values_at: found.values_at,
            written: found.written,
            old: found.entries,
            new: Vec::new(),
            dirty: false,
            value: PhantomData,
        }
    }

    /// Whether the entry of `name` stands for a file stamped `stamp`
    /// without reading it: same stamp, and not racily clean.
    pub fn clean(&self, name: &str, stamp: &Stamp) -> bool {
        self.old
            .get(name)
            .is_some_and(|e| e.stamp == *stamp && !e.stamp.racy(self.written))
    }

    /// Whether the entry of `name` was made from exactly `bytes`.
    pub fn matches(&self, name: &str, bytes: &[u8]) -> bool {
        self.old
            .get(name)
            .is_some_and(|e| e.stamp.size == bytes.len() as u64 && e.hash == hash(bytes))
    }

    /// The cached value of `name`, unchecked: call after [`clean`](Self::clean)
    /// or [`matches`](Self::matches).
    pub fn value(&self, name: &str) -> Option<T> {
        decode(&self.bytes_of(&self.old.get(name)?.value)?)
    }

    /// The cached digest of `name`, unchecked, as [`value`](Self::value).
    pub fn digest(&self, name: &str) -> Option<D> {
        decode(&self.bytes_of(&self.old.get(name)?.digest)?)
    }

    /// The cached value for file `name` whose bytes are `bytes`, when the
    /// cache holds one for exactly these bytes.
    pub fn get(&self, name: &str, bytes: &[u8]) -> Option<T> {
        if !self.matches(name, bytes) {
            return None;
        }
        self.value(name)
    }

    /// The file `path` (entry `name`) through the cache. Its stamp is taken
    /// from the open file before it is read; when the entry is
    /// [`clean`](Self::clean) for it, `take` has the result from the cache
    /// and no byte is read. Otherwise the file is read; when its bytes
    /// [`match`](Self::matches) the entry, `take` again; else `parse` the
    /// bytes (also when `take` finds nothing). Changes nothing, so that many
    /// threads look up at once; then [`update`](Self::update) each entry.
    /// The outer error is the file's: it cannot be opened or read.
    pub fn load<R, E>(
        &self,
        name: &str,
        path: &Path,
        take: impl Fn(&Self, &str) -> Option<R>,
        parse: impl FnOnce(&[u8], Stamp) -> Result<(R, Option<Fresh>), E>,
    ) -> std::io::Result<Result<(R, Update), E>> {
        let mut file = std::fs::File::open(path)?;
        let stamp = Stamp::of(&file.metadata()?);
        if self.clean(name, &stamp)
            && let Some(found) = take(self, name)
        {
            return Ok(Ok((found, Update::Keep(stamp))));
        }
        with_open_file(&mut file, |bytes| {
            if self.matches(name, bytes)
                && let Some(found) = take(self, name)
            {
                return Ok((found, Update::Keep(stamp)));
            }
            let (found, fresh) = parse(bytes, stamp)?;
            Ok((found, Update::Put(fresh)))
        })
    }

    /// Record what [`load`](Self::load) found for `name`.
    pub fn update(&mut self, name: &str, update: Update) {
        match update {
            Update::Keep(stamp) => self.keep(name, stamp),
            Update::Put(fresh) => self.put_fresh(name, fresh),
            Update::Drop => {}
        }
    }

    /// Keep the entry of `name`, for the file now stamped `stamp`, when
    /// the cache is rewritten. A changed stamp, or a racy one that a
    /// rewrite would make clean, is worth rewriting the cache for: the next
    /// run then need not read the file.
    pub fn keep(&mut self, name: &str, stamp: Stamp) {
        if let Some(mut entry) = self.old.remove(name) {
            if entry.stamp != stamp
                || (entry.stamp.racy(self.written) && !entry.stamp.racy(stamp::now()))
            {
                entry.stamp = stamp;
                self.dirty = true;
            }
            self.new.push((name.to_string(), entry));
        }
    }

    /// [`get`](Self::get) and, on a hit, [`keep`](Self::keep) (for tests).
    pub fn take(&mut self, name: &str, bytes: &[u8], stamp: Stamp) -> Option<T> {
        let value = self.get(name, bytes)?;
        self.keep(name, stamp);
        Some(value)
    }

    /// Remember `value` (digest `digest`), parsed and checked from exactly
    /// `bytes` of the file stamped `stamp`.
    pub fn put(&mut self, name: &str, bytes: &[u8], stamp: Stamp, value: &T, digest: &D) {
        self.put_fresh(name, Fresh::new(bytes, stamp, value, digest));
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
                stamp: fresh.stamp,
                hash: fresh.hash,
                value: Blob::Fresh(fresh.value),
                digest: Blob::Fresh(fresh.digest),
            },
        ));
    }

    /// A blob's bytes; a value is read from the cache file and must pass
    /// its checksum (`None` when it cannot be read or fails).
    fn bytes_of<'a>(&'a self, blob: &'a Blob) -> Option<std::borrow::Cow<'a, [u8]>> {
        use std::borrow::Cow;
        match blob {
            Blob::InIndex(range) => Some(Cow::Borrowed(&self.index[range.clone()])),
            Blob::Fresh(bytes) => Some(Cow::Borrowed(bytes)),
            Blob::InFile { at, len, sum } => {
                let bytes = read_value(self.file.as_ref()?, self.values_at + at, *len)?;
                (hash(&bytes) == *sum).then_some(Cow::Owned(bytes))
            }
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
        let header = serde_json::to_vec(&self.header).map_err(|e| (path.clone(), e.to_string()))?;
        let mut entries = Vec::with_capacity(self.index.len().max(4096));
        let mut values = Vec::new();
        let mut count = 0u32;
        for (name, entry) in &self.new {
            // a value that cannot be read back is dropped: parsed next time
            let (Some(value), Some(digest)) =
                (self.bytes_of(&entry.value), self.bytes_of(&entry.digest))
            else {
                continue;
            };
            put_bytes(&mut entries, name.as_bytes());
            entry.stamp.put(&mut entries);
            entries.extend_from_slice(&entry.hash.to_le_bytes());
            put_bytes(&mut entries, &digest);
            entries.extend_from_slice(&(values.len() as u64).to_le_bytes());
            entries.extend_from_slice(&(value.len() as u64).to_le_bytes());
            entries.extend_from_slice(&hash(&value).to_le_bytes());
            values.extend_from_slice(&value);
            count += 1;
        }
        let mut index = Vec::with_capacity(header.len() + entries.len() + 8);
        put_bytes(&mut index, &header);
        index.extend_from_slice(&count.to_le_bytes());
        index.extend_from_slice(&entries);
        write(&path, &index, &values).map_err(|reason| (path, reason))
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

/// A cache file opened: its index, the file (for the values), where its
/// values start, when it was written, and its entries.
struct Found {
    index: Vec<u8>,
    file: Option<std::fs::File>,
    values_at: u64,
    written: i64,
    entries: HashMap<String, Entry>,
}

impl Default for Found {
    fn default() -> Self {
        Self {
            index: Vec::new(),
            file: None,
            values_at: 0,
            written: i64::MAX,
            entries: HashMap::new(),
        }
    }
}

/// `len` bytes at `at` of `file`.
fn read_value(file: &std::fs::File, at: u64, len: u64) -> Option<Vec<u8>> {
    let mut bytes = vec![0u8; usize::try_from(len).ok()?];
    read_exact_at(file, &mut bytes, at).ok()?;
    Some(bytes)
}

#[cfg(unix)]
fn read_exact_at(file: &std::fs::File, bytes: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
}

#[cfg(not(unix))]
fn read_exact_at(file: &std::fs::File, bytes: &mut [u8], at: u64) -> std::io::Result<()> {
    use std::io::{Seek, SeekFrom};
    let mut file = file;
    file.seek(SeekFrom::Start(at))?;
    file.read_exact(bytes)
}

/// The cache file's index and entries, when the index is whole, its header
/// is exactly `header` (this format, version, kind and folder) and the
/// file's length is the index's and its values'.
fn read(path: &Path, header: &Header) -> Result<Found, Rejected> {
    read_as(path, header, true)
}

/// [`read`]; with `same_build` false, any build of the same version will do.
fn read_as(path: &Path, header: &Header, same_build: bool) -> Result<Found, Rejected> {
    let unreadable = |err: std::io::Error| match err.kind() {
        std::io::ErrorKind::NotFound => Rejected::Missing,
        std::io::ErrorKind::UnexpectedEof => Rejected::Corrupt("truncated"),
        _ => Rejected::Unreadable(err.to_string()),
    };
    let mut file = std::fs::File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    let written = Stamp::of(&meta).mtime;
    let mut prefix = [0u8; PREFIX];
    file.read_exact(&mut prefix).map_err(unreadable)?;
    if &prefix[..MAGIC.len()] != MAGIC {
        return Err(Rejected::Corrupt("magic"));
    }
    let word = |i: usize| u64::from_le_bytes(prefix[i..i + 8].try_into().expect("8 bytes"));
    let (sum, len) = (word(MAGIC.len()), word(MAGIC.len() + 8));
    if len > meta.len().saturating_sub(PREFIX as u64) {
        return Err(Rejected::Corrupt("truncated"));
    }
    let mut index = vec![0u8; len as usize];
    file.read_exact(&mut index).map_err(unreadable)?;
    if hash(&index) != sum {
        return Err(Rejected::Corrupt("checksum"));
    }
    let entries = read_index(&index, header, same_build)?;
    let values_at = PREFIX as u64 + len;
    // the values lie end to end after the index, and nothing else does
    let values: u64 = entries
        .values()
        .map(|e| match e.value {
            Blob::InFile { len, .. } => len,
            _ => 0,
        })
        .sum();
    for entry in entries.values() {
        if let Blob::InFile { at, len, .. } = entry.value
            && at.checked_add(len).is_none_or(|end| end > values)
        {
            return Err(Rejected::Corrupt("value out of the file"));
        }
    }
    if values_at + values != meta.len() {
        return Err(Rejected::Corrupt("length"));
    }
    Ok(Found {
        index,
        file: Some(file),
        values_at,
        written,
        entries,
    })
}

/// The index of the cache file at `path` (what a run reads of it before
/// taking any value), checked against its checksum. For tools measuring
/// the floor under a run (`examples/cache_floor`).
pub fn index_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
    let mut prefix = [0u8; PREFIX];
    file.read_exact(&mut prefix)?;
    let word = |i: usize| u64::from_le_bytes(prefix[i..i + 8].try_into().expect("8 bytes"));
    let mut index = vec![0u8; word(MAGIC.len() + 8) as usize];
    file.read_exact(&mut index)?;
    if &prefix[..MAGIC.len()] != MAGIC || hash(&index) != word(MAGIC.len()) {
        return Err(std::io::Error::other("not a whole cache index"));
    }
    Ok(index)
}

/// The entries of an index whose checksum held, when its header is right.
fn read_index(
    index: &[u8],
    header: &Header,
    same_build: bool,
) -> Result<HashMap<String, Entry>, Rejected> {
    let mut cursor = Cursor {
        bytes: index,
        at: 0,
    };
    let found: Header =
        serde_json::from_slice(&index[cursor.bytes()?]).map_err(|_| Rejected::Corrupt("header"))?;
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
        let name = std::str::from_utf8(&index[name]).map_err(|_| Rejected::Corrupt("name"))?;
        let stamp = cursor.take(STAMP_BYTES)?;
        let stamp = Stamp::read(index[stamp].try_into().expect("a stamp's bytes"));
        let hash = cursor.u64()?;
        let digest = Blob::InIndex(cursor.bytes()?);
        let (at, len, sum) = (cursor.u64()?, cursor.u64()?, cursor.u64()?);
        let entry = Entry {
            stamp,
            hash,
            value: Blob::InFile { at, len, sum },
            digest,
        };
        entries.insert(name.to_string(), entry);
    }
    if cursor.at != index.len() {
        return Err(Rejected::Corrupt("trailing bytes"));
    }
    Ok(entries)
}

/// Write the cache file by temp file and rename, so a reader sees the old
/// file or the new one. No fsync: a cache lost or torn by a power cut fails
/// its checksums or its length and is rebuilt.
fn write(path: &Path, index: &[u8], values: &[u8]) -> Result<(), String> {
    let dir = path.parent().ok_or("no folder")?;
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    let mut temp = tempfile::Builder::new()
        .prefix(".taizhang-cache-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| e.to_string())?;
    let mut prefix = Vec::with_capacity(PREFIX);
    prefix.extend_from_slice(MAGIC);
    prefix.extend_from_slice(&hash(index).to_le_bytes());
    prefix.extend_from_slice(&(index.len() as u64).to_le_bytes());
    temp.write_all(&prefix)
        .and_then(|()| temp.write_all(index))
        .and_then(|()| temp.write_all(values))
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
    let found = match read_as(path, &header, false) {
        Ok(found) => found,
        Err(rejected) => return Some(rejected),
    };
    let file = found.file.as_ref()?;
    // every value whole, too
    found.entries.values().find_map(|entry| match entry.value {
        Blob::InFile { at, len, sum } => {
            let bytes = read_value(file, found.values_at + at, len);
            (bytes.map(|b| hash(&b)) != Some(sum)).then_some(Rejected::Corrupt("value checksum"))
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests;

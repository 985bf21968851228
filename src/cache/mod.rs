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
//! The cache file's layout is in [`file`].
//!
//! A cache that cannot be read is rebuilt; one that cannot be written is
//! skipped with one warning on stderr, never an error.

mod file;
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

use file::*;
pub use file::{FORMAT, diagnose, file_for, index_bytes};
use stamp::STAMP_BYTES;
pub use stamp::Stamp;

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

#[cfg(test)]
mod tests;

//! The cache file on disk: its layout, reading it back and writing it.
//!
//! Layout: the index (header, then per file its name, stamp, hash, digest,
//! and where its value lies), then the values. The index carries an xxh3
//! checksum and is read whole at start; each value carries its own and is
//! read only when taken, so a roll-up, which needs only digests, reads the
//! index alone. A truncated or corrupted index, or a file whose length
//! disagrees with it, fails and the whole cache is ignored and rewritten;
//! a corrupted value fails its checksum when taken and is parsed again. A
//! value is put in only after it was parsed and checked from exactly the
//! bytes hashed, so an entry always stands for a file that loaded without
//! problems. The residual risk is an xxh3-64 collision between an old and a
//! new version of the same file.

use super::*;

/// First bytes of every cache file.
pub(super) const MAGIC: &[u8; 8] = b"TZCACHE\n";
/// Bumped whenever the layout below or the encoding of a value changes.
pub const FORMAT: u32 = 3;
/// MAGIC, the index's checksum and its length.
pub(super) const PREFIX: usize = MAGIC.len() + 8 + 8;

/// What the cache file says it is; it must match exactly to be read.
#[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct Header {
    pub(super) format: u32,
    pub(super) taizhang: String,
    /// What is cached (`plans`, `state`): a cache of one kind is never read
    /// as the other.
    pub(super) kind: String,
    /// The folder the entries are files of.
    pub(super) folder: PathBuf,
}

/// One file's entry. The value and digest stay encoded until taken, so an
/// entry that is not used costs no decoding, and its value no reading.
pub(super) struct Entry {
    pub(super) stamp: Stamp,
    pub(super) hash: u64,
    pub(super) value: Blob,
    pub(super) digest: Blob,
}

pub(super) enum Blob {
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

/// A value's bytes in the cache. JSON: Plan and PlanState skip empty
/// fields when serialised, which only a self-describing format reads back.
pub(super) fn encode<T: Serialize>(value: &T) -> Option<Vec<u8>> {
    rmp_serde::to_vec_named(value).ok()
}

pub(super) fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    rmp_serde::from_slice(bytes).ok()
}

pub(super) fn put_bytes(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out.extend_from_slice(bytes);
}

/// Reads the body of a cache file, failing on any shortfall.
pub(super) struct Cursor<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) at: usize,
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
pub(super) struct Found {
    pub(super) index: Vec<u8>,
    pub(super) file: Option<std::fs::File>,
    pub(super) values_at: u64,
    pub(super) written: i64,
    pub(super) entries: HashMap<String, Entry>,
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
pub(super) fn read_value(file: &std::fs::File, at: u64, len: u64) -> Option<Vec<u8>> {
    let mut bytes = vec![0u8; usize::try_from(len).ok()?];
    read_exact_at(file, &mut bytes, at).ok()?;
    Some(bytes)
}

#[cfg(unix)]
pub(super) fn read_exact_at(
    file: &std::fs::File,
    bytes: &mut [u8],
    at: u64,
) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, at)
}

#[cfg(not(unix))]
pub(super) fn read_exact_at(
    file: &std::fs::File,
    bytes: &mut [u8],
    at: u64,
) -> std::io::Result<()> {
    use std::io::{Seek, SeekFrom};
    let mut file = file;
    file.seek(SeekFrom::Start(at))?;
    file.read_exact(bytes)
}

/// The cache file's index and entries, when the index is whole, its header
/// is exactly `header` (this format, version, kind and folder) and the
/// file's length is the index's and its values'.
pub(super) fn read(path: &Path, header: &Header) -> Result<Found, Rejected> {
    read_as(path, header, true)
}

/// [`read`]; with `same_build` false, any build of the same version will do.
pub(super) fn read_as(path: &Path, header: &Header, same_build: bool) -> Result<Found, Rejected> {
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
pub(super) fn read_index(
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
/// file or the new one. No fsync, and so not `fsutil::write_atomic`, whose
/// two fsyncs every run that changed a file would pay: a cache lost or torn
/// by a power cut fails its checksums or its length and is rebuilt.
pub(super) fn write(path: &Path, index: &[u8], values: &[u8]) -> Result<(), String> {
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

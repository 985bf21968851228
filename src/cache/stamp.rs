//! What a file is known by without reading it, as git's index knows a
//! work-tree file: size, modification and change times with nanoseconds,
//! inode and device. A cached entry whose stamp equals the file's is used
//! without reading the file, unless it is "racily clean": stamped within
//! [`GRANULARITY`] of the moment the cache was written, when an edit in
//! the same clock tick could leave every number as it was. Those, and any
//! file whose stamp changed, are read and hashed again.

use std::fs::Metadata;
use std::time::{SystemTime, UNIX_EPOCH};

/// How close to the cache's writing a file's times may be before its
/// stamp alone is not trusted. File systems keep times in steps of a
/// nanosecond (ext4, xfs, btrfs; the kernel's clock tick in practice), a
/// second (ext3, many network file systems) or two (FAT): two seconds
/// covers them all, at the cost of hashing files changed just before.
pub const GRANULARITY_NS: i64 = 2_000_000_000;

/// A file's metadata as the cache compares it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    /// Modification time, nanoseconds since 1970.
    pub mtime: i64,
    /// Inode change time (set by the kernel on every write, rename or
    /// `touch`; no program can set it back), nanoseconds since 1970.
    pub ctime: i64,
    pub ino: u64,
    pub dev: u64,
}

/// The number of bytes a stamp takes in the cache file.
pub const STAMP_BYTES: usize = 40;

impl Stamp {
    #[cfg(unix)]
    pub fn of(meta: &Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        let ns = |secs: i64, nanos: i64| secs.saturating_mul(1_000_000_000).saturating_add(nanos);
        Self {
            size: meta.len(),
            mtime: ns(meta.mtime(), meta.mtime_nsec()),
            ctime: ns(meta.ctime(), meta.ctime_nsec()),
            ino: meta.ino(),
            dev: meta.dev(),
        }
    }

    /// Without inodes and change times, a stamp is size and modification
    /// time; always checked by hash (see [`Stamp::racy`]).
    #[cfg(not(unix))]
    pub fn of(meta: &Metadata) -> Self {
        Self {
            size: meta.len(),
            mtime: meta.modified().map(nanos_since_epoch).unwrap_or(i64::MAX),
            ctime: i64::MAX,
            ino: 0,
            dev: 0,
        }
    }

    /// Whether the file may have changed in the same clock tick as the
    /// cache (written at `written`, ns since 1970) without its stamp
    /// showing it.
    pub fn racy(&self, written: i64) -> bool {
        self.mtime.max(self.ctime).saturating_add(GRANULARITY_NS) > written
    }

    pub fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.size.to_le_bytes());
        out.extend_from_slice(&self.mtime.to_le_bytes());
        out.extend_from_slice(&self.ctime.to_le_bytes());
        out.extend_from_slice(&self.ino.to_le_bytes());
        out.extend_from_slice(&self.dev.to_le_bytes());
    }

    /// The stamp [`put`](Self::put) wrote as these 40 bytes.
    pub fn read(bytes: &[u8; STAMP_BYTES]) -> Self {
        let word = |i: usize| {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(&bytes[i * 8..i * 8 + 8]);
            eight
        };
        Self {
            size: u64::from_le_bytes(word(0)),
            mtime: i64::from_le_bytes(word(1)),
            ctime: i64::from_le_bytes(word(2)),
            ino: u64::from_le_bytes(word(3)),
            dev: u64::from_le_bytes(word(4)),
        }
    }
}

/// `time` as nanoseconds since 1970 (0 before it).
pub fn nanos_since_epoch(time: SystemTime) -> i64 {
    time.duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Now, as [`nanos_since_epoch`].
pub fn now() -> i64 {
    nanos_since_epoch(SystemTime::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn racy_within_the_granularity_of_the_writing_by_either_time() {
        let second = 1_000_000_000;
        let stamp = Stamp {
            mtime: 100 * second,
            ctime: 90 * second,
            ..Stamp::default()
        };
        assert!(stamp.racy(100 * second), "written in the same second");
        assert!(stamp.racy(101 * second));
        assert!(!stamp.racy(103 * second), "written well after");
        let touched = Stamp {
            ctime: 102 * second,
            ..stamp
        };
        assert!(touched.racy(103 * second), "the change time counts too");
    }

    #[test]
    fn a_stamp_survives_its_bytes() {
        let stamp = Stamp {
            size: 7,
            mtime: -3,
            ctime: i64::MAX,
            ino: u64::MAX,
            dev: 9,
        };
        let mut out = Vec::new();
        stamp.put(&mut out);
        assert_eq!(out.len(), STAMP_BYTES);
        assert_eq!(Stamp::read(&out.try_into().unwrap()), stamp);
    }
}

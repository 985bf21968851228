//! Tests of the cache file: lookups by stamp and by hash, damage of every
//! kind, stale headers, exact round trips.

use super::*;

fn cache(dir: &Path, folder: &Path) -> FolderCache<String> {
    FolderCache::open(Some(dir), "test", folder)
}

/// A stamp of a file last changed `age` seconds ago.
fn aged(size: u64, age: i64) -> Stamp {
    let at = stamp::now() - age * 1_000_000_000;
    Stamp {
        size,
        mtime: at,
        ctime: at,
        ino: 42,
        dev: 1,
    }
}

const S: Stamp = Stamp {
    size: 3,
    mtime: 1_000_000_000,
    ctime: 1_000_000_000,
    ino: 7,
    dev: 1,
};

const S1: Stamp = Stamp { size: 1, ..S };

#[test]
fn an_entry_is_used_only_for_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = cache(dir.path(), dir.path());
    assert_eq!(c.take("a.yaml", b"one", S), None);
    c.put("a.yaml", b"one", S, &"parsed one".into(), &());
    c.try_save().unwrap();
    let mut c = cache(dir.path(), dir.path());
    assert_eq!(c.take("a.yaml", b"one", S), Some("parsed one".into()));
    let mut c = cache(dir.path(), dir.path());
    assert_eq!(c.take("a.yaml", b"two", S), None, "same size, other bytes");
    assert_eq!(c.take("b.yaml", b"one", S), None, "other file");
}

#[test]
fn a_damaged_file_is_rejected_whatever_the_damage() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = cache(dir.path(), dir.path());
    c.put("a.yaml", b"one", S, &"parsed one".into(), &());
    c.try_save().unwrap();
    let path = file_for(
        dir.path(),
        "test",
        &std::fs::canonicalize(dir.path()).unwrap(),
    );
    let good = std::fs::read(&path).unwrap();
    assert_eq!(diagnose(&path, "test", dir.path()), None);
    // truncated anywhere, or any one byte flipped
    for cut in [0, 3, 8, 15, 16, good.len() / 2, good.len() - 1] {
        std::fs::write(&path, &good[..cut]).unwrap();
        assert!(diagnose(&path, "test", dir.path()).is_some());
        assert_eq!(
            cache(dir.path(), dir.path()).take("a.yaml", b"one", S),
            None
        );
    }
    for index in 0..good.len() {
        let mut bad = good.clone();
        bad[index] ^= 0x20;
        std::fs::write(&path, &bad).unwrap();
        assert!(
            cache(dir.path(), dir.path())
                .take("a.yaml", b"one", S)
                .is_none(),
            "byte {index}"
        );
    }
    // another kind or folder is not read as this one
    std::fs::write(&path, &good).unwrap();
    assert_eq!(diagnose(&path, "other", dir.path()), Some(Rejected::Stale));
}

#[test]
fn plans_and_states_come_back_exactly() {
    use crate::plan::synthetic::{Shape, county_plan, year_of_history};
    let mut plans: Vec<crate::plan::Plan> = crate::plan::Catalog::embedded()
        .unwrap()
        .plans
        .into_iter()
        .map(|p| p.plan)
        .collect();
    plans.push(county_plan(2, Shape::COUNTY, 3));
    for plan in &plans {
        let back: crate::plan::Plan = decode(&encode(plan).unwrap()).unwrap();
        assert_eq!(&back, plan, "{}", plan.id);
        let state = year_of_history(plan, 9);
        let back: crate::state::PlanState = decode(&encode(&state).unwrap()).unwrap();
        assert_eq!(back, state, "{}", plan.id);
    }
    // values that do not survive a round trip through text easily
    let mut plan = plans.pop().unwrap();
    let target = plan.areas[0].tasks[0].milestones[0]
        .target
        .as_mut()
        .unwrap();
    target.value = 0.1 + 0.2;
    target.max = Some(1e-9);
    let back: crate::plan::Plan = decode(&encode(&plan).unwrap()).unwrap();
    assert_eq!(back, plan);
}

#[test]
fn a_cache_of_another_build_is_stale() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = cache(dir.path(), dir.path());
    c.put("a.yaml", b"one", S, &"parsed one".into(), &());
    c.try_save().unwrap();
    let folder = std::fs::canonicalize(dir.path()).unwrap();
    let path = file_for(dir.path(), "test", &folder);
    let mut header = Header {
        format: FORMAT,
        taizhang: build(),
        kind: "test".into(),
        folder,
    };
    assert!(read(&path, &header).is_ok());
    assert!(header.taizhang.starts_with(VERSION) && !header.taizhang.ends_with("unknown"));
    header.taizhang = format!("{VERSION}+0-0");
    assert_eq!(read(&path, &header).err(), Some(Rejected::Stale));
    header.taizhang = build();
    header.format = FORMAT + 1;
    assert_eq!(read(&path, &header).err(), Some(Rejected::Stale));
}

#[test]
fn entries_of_files_gone_are_dropped_and_an_unchanged_cache_is_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = cache(dir.path(), dir.path());
    c.put("a.yaml", b"a", S1, &"A".into(), &());
    c.put("b.yaml", b"b", S1, &"B".into(), &());
    c.try_save().unwrap();
    let mut c = cache(dir.path(), dir.path());
    assert!(c.take("a.yaml", b"a", S1).is_some());
    c.try_save().unwrap(); // b.yaml is gone
    let mut c = cache(dir.path(), dir.path());
    assert!(c.take("b.yaml", b"b", S1).is_none());
    assert!(c.take("a.yaml", b"a", S1).is_some());
    let mut c = cache(dir.path(), dir.path());
    assert!(c.take("a.yaml", b"a", S1).is_some());
    assert!(!c.dirty && c.old.is_empty(), "nothing to write");
}

#[test]
fn an_unwritable_cache_is_an_error_to_report_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let mut c: FolderCache<String> = FolderCache::open(Some(&blocker), "test", dir.path());
    c.put("a.yaml", b"a", S1, &"A".into(), &());
    assert!(c.try_save().is_err());
}

#[test]
fn a_clean_stamp_is_trusted_a_changed_or_racy_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let old = aged(3, 60);
    let recent = aged(3, 0);
    let mut c = cache(dir.path(), dir.path());
    c.put("old.yaml", b"one", old, &"old".into(), &());
    c.put("recent.yaml", b"one", recent, &"recent".into(), &());
    c.try_save().unwrap();
    let c = cache(dir.path(), dir.path());
    assert!(c.clean("old.yaml", &old));
    // changed within the granularity of the cache's writing: the same
    // stamp may hide an edit in the same tick, so the bytes decide
    assert!(!c.clean("recent.yaml", &recent), "racily clean");
    assert!(c.matches("recent.yaml", b"one"));
    assert!(!c.matches("recent.yaml", b"two"), "same size, other bytes");
    // any one number changed: not clean
    for changed in [
        Stamp { size: 4, ..old },
        Stamp {
            mtime: old.mtime + 1,
            ..old
        },
        Stamp {
            ctime: old.ctime + 1,
            ..old
        },
        Stamp { ino: 43, ..old },
        Stamp { dev: 2, ..old },
    ] {
        assert!(!c.clean("old.yaml", &changed), "{changed:?}");
    }
    assert!(!c.clean("gone.yaml", &old));
}

/// Set the modification time of `path` to `at`.
fn set_mtime(path: &Path, at: std::time::SystemTime) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(at).unwrap();
}

#[test]
fn a_clean_file_is_not_read_a_changed_one_is_read_and_parsed_only_when_its_bytes_differ() {
    use std::time::{Duration, SystemTime};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.yaml");
    std::fs::write(&file, "one").unwrap();
    let minute_ago = SystemTime::now() - Duration::from_secs(60);
    set_mtime(&file, minute_ago);
    let parse = |bytes: &[u8], stamp| -> Result<(String, Option<Fresh>), ()> {
        let text = String::from_utf8(bytes.to_vec()).unwrap();
        let fresh = Fresh::new(bytes, stamp, &text, &());
        Ok((format!("parsed {text}"), fresh))
    };
    let take = |c: &FolderCache<String>, n: &str| c.value(n);
    let load = |c: &FolderCache<String>| c.load("a.yaml", &file, take, parse).unwrap().unwrap();
    let mut c = cache(dir.path(), dir.path());
    let (found, update) = load(&c);
    assert_eq!(found, "parsed one");
    c.update("a.yaml", update);
    c.try_save().unwrap();
    let cache_file = file_for(
        dir.path(),
        "test",
        &std::fs::canonicalize(dir.path()).unwrap(),
    );

    // the file's change time is within the granularity of the cache's
    // writing (racily clean): read and hashed, not parsed
    let reads = reads_on_this_thread();
    assert_eq!(load(&cache(dir.path(), dir.path())).0, "one");
    assert_eq!(reads_on_this_thread(), reads + 1, "racy: read");

    // a cache written well after the file changed: not a byte read
    set_mtime(&cache_file, SystemTime::now() + Duration::from_secs(60));
    let reads = reads_on_this_thread();
    let (found, update) = load(&cache(dir.path(), dir.path()));
    assert_eq!(found, "one");
    assert_eq!(reads_on_this_thread(), reads, "clean: not read");
    assert!(matches!(update, Update::Keep(_)));

    // an edit of the same size with its modification time put back: the
    // change time differs (one clock tick later at least), so it is read
    std::thread::sleep(Duration::from_millis(50));
    std::fs::write(&file, "two").unwrap();
    set_mtime(&file, minute_ago);
    let reads = reads_on_this_thread();
    let (found, update) = load(&cache(dir.path(), dir.path()));
    assert_eq!(found, "parsed two");
    assert_eq!(reads_on_this_thread(), reads + 1);
    assert!(matches!(update, Update::Put(Some(_))));

    // replaced by another file of the same size and times but another
    // inode: read, and parsed since its bytes differ
    let other = dir.path().join("other");
    std::fs::write(&other, "one").unwrap();
    set_mtime(&other, minute_ago);
    let before = Stamp::of(&std::fs::metadata(&file).unwrap());
    std::fs::rename(&other, &file).unwrap();
    let after = Stamp::of(&std::fs::metadata(&file).unwrap());
    assert_eq!((before.size, before.mtime), (after.size, after.mtime));
    assert_ne!(before.ino, after.ino);
    let mut c = cache(dir.path(), dir.path());
    c.put("a.yaml", b"two", before, &"two".into(), &());
    c.try_save().unwrap();
    set_mtime(&cache_file, SystemTime::now() + Duration::from_secs(60));
    let c = cache(dir.path(), dir.path());
    assert!(c.clean("a.yaml", &before), "the old file's stamp is clean");
    assert_eq!(load(&c).0, "parsed one", "the new file's is not");
}

#[test]
fn a_kept_entry_with_a_new_stamp_rewrites_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let old = aged(3, 60);
    let mut c = cache(dir.path(), dir.path());
    c.put("a.yaml", b"one", old, &"one".into(), &());
    c.try_save().unwrap();
    let mut c = cache(dir.path(), dir.path());
    c.keep("a.yaml", old);
    assert!(!c.dirty, "same stamp, not racy: nothing to write");
    let mut c = cache(dir.path(), dir.path());
    let touched = Stamp {
        ctime: old.ctime + 5,
        ..old
    };
    c.keep("a.yaml", touched);
    assert!(c.dirty);
    c.try_save().unwrap();
    assert!(cache(dir.path(), dir.path()).clean("a.yaml", &touched));
}

#[test]
fn digests_come_back_beside_their_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut c: FolderCache<String, Vec<u32>> = FolderCache::open(Some(dir.path()), "t", dir.path());
    c.put("a.yaml", b"one", S, &"one".into(), &vec![1, 2, 3]);
    c.try_save().unwrap();
    let c: FolderCache<String, Vec<u32>> = FolderCache::open(Some(dir.path()), "t", dir.path());
    assert_eq!(c.digest("a.yaml"), Some(vec![1, 2, 3]));
    assert_eq!(c.value("a.yaml"), Some("one".to_string()));
}

#[test]
fn a_damaged_value_is_never_used_and_the_intact_index_still_serves_digests() {
    let dir = tempfile::tempdir().unwrap();
    type Cache = FolderCache<String, Vec<u32>>;
    let open = || Cache::open(Some(dir.path()), "t", dir.path());
    let mut c = open();
    c.put("a.yaml", b"one", S, &"the parsed value".into(), &vec![7]);
    c.try_save().unwrap();
    let path = file_for(dir.path(), "t", &std::fs::canonicalize(dir.path()).unwrap());
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 1; // the values come last
    bytes[last] ^= 0x01;
    std::fs::write(&path, &bytes).unwrap();
    assert_eq!(
        diagnose(&path, "t", dir.path()),
        Some(Rejected::Corrupt("value checksum"))
    );
    let mut c = open();
    assert_eq!(c.digest("a.yaml"), Some(vec![7]), "the index holds");
    assert_eq!(c.value("a.yaml"), None, "the value fails its checksum");
    // kept as is, the damaged value is dropped on saving, not copied
    c.keep(
        "a.yaml",
        Stamp {
            ctime: S.ctime + 1,
            ..S
        },
    );
    c.try_save().unwrap();
    assert_eq!(open().digest("a.yaml"), None);
    assert_eq!(diagnose(&path, "t", dir.path()), None);
}

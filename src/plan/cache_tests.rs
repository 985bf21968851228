//! Tests of the cache file: lookups, damage of every kind, stale
//! headers, exact round trips.

use super::*;

fn cache(dir: &Path, folder: &Path) -> FolderCache<String> {
    FolderCache::open(Some(dir), "test", folder)
}

#[test]
fn an_entry_is_used_only_for_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = cache(dir.path(), dir.path());
    assert_eq!(c.take("a.yaml", b"one"), None);
    c.put("a.yaml", b"one", &"parsed one".into());
    c.try_save().unwrap();
    let mut c = cache(dir.path(), dir.path());
    assert_eq!(c.take("a.yaml", b"one"), Some("parsed one".into()));
    let mut c = cache(dir.path(), dir.path());
    assert_eq!(c.take("a.yaml", b"two"), None, "same size, other bytes");
    assert_eq!(c.take("b.yaml", b"one"), None, "other file");
}

#[test]
fn a_damaged_file_is_rejected_whatever_the_damage() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = cache(dir.path(), dir.path());
    c.put("a.yaml", b"one", &"parsed one".into());
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
        assert_eq!(cache(dir.path(), dir.path()).take("a.yaml", b"one"), None);
    }
    for index in 0..good.len() {
        let mut bad = good.clone();
        bad[index] ^= 0x20;
        std::fs::write(&path, &bad).unwrap();
        assert!(
            cache(dir.path(), dir.path())
                .take("a.yaml", b"one")
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
    c.put("a.yaml", b"one", &"parsed one".into());
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
    c.put("a.yaml", b"a", &"A".into());
    c.put("b.yaml", b"b", &"B".into());
    c.try_save().unwrap();
    let mut c = cache(dir.path(), dir.path());
    assert!(c.take("a.yaml", b"a").is_some());
    c.try_save().unwrap(); // b.yaml is gone
    let mut c = cache(dir.path(), dir.path());
    assert!(c.take("b.yaml", b"b").is_none());
    assert!(c.take("a.yaml", b"a").is_some());
    let mut c = cache(dir.path(), dir.path());
    assert!(c.take("a.yaml", b"a").is_some());
    assert!(!c.dirty && c.old.is_empty(), "nothing to write");
}

#[test]
fn an_unwritable_cache_is_an_error_to_report_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, "not a folder").unwrap();
    let mut c: FolderCache<String> = FolderCache::open(Some(&blocker), "test", dir.path());
    c.put("a.yaml", b"a", &"A".into());
    assert!(c.try_save().is_err());
}

//! The state files of many plans at once (`summary`, `export`, the app's
//! plan picker), through the file cache of [`crate::cache`]: a state file
//! whose stamp is clean is not even read; one that changed is read and
//! hashed, and parsed only when the cache has nothing for exactly its
//! bytes. At a province's scale (136 plans, a year of history each) parsing
//! the state YAML is most of a summary's time.

use std::path::Path;

use super::{FolderCache, Fresh, Update};
use crate::plan::Plan;
use crate::state::digest::StateDigest;
use crate::state::{PlanState, StateError, Store};

type StateCache = FolderCache<PlanState, StateDigest>;

/// The saved state of each of `plans`, in order, as [`Store::load`] gives
/// it. The files are read (and, when not cached, parsed) on several
/// threads.
pub fn load_states(
    store: &Store,
    plans: &[&Plan],
    cache_dir: Option<&Path>,
) -> Result<Vec<PlanState>, StateError> {
    let ids: Vec<&str> = plans.iter().map(|p| p.id.as_str()).collect();
    load_with(store, &ids, cache_dir, |c, n| c.value(n), |state, _| state)
}

/// What a roll-up needs of the saved state of each of `plans`, in order:
/// from the cache's digests when the files are unchanged, so that no state
/// is decoded.
pub fn load_digests<P: AsRef<str> + Sync>(
    store: &Store,
    plans: &[P],
    cache_dir: Option<&Path>,
) -> Result<Vec<StateDigest>, StateError> {
    load_with(
        store,
        plans,
        cache_dir,
        |c, n| c.digest(n),
        |_, digest| digest,
    )
}

/// Each plan's `R`: `take` has it from the cache, `from` makes it from a
/// state parsed (and its digest).
fn load_with<P, R>(
    store: &Store,
    plans: &[P],
    cache_dir: Option<&Path>,
    take: impl Fn(&StateCache, &str) -> Option<R> + Sync,
    from: impl Fn(PlanState, StateDigest) -> R + Sync,
) -> Result<Vec<R>, StateError>
where
    P: AsRef<str> + Sync,
    R: Send,
{
    let mut cache = StateCache::open(cache_dir, "state", store.dir());
    let results = crate::par::map(plans, |plan| {
        load_one(store, plan.as_ref(), &cache, &take, &from)
    });
    let mut found = Vec::with_capacity(plans.len());
    let mut failed = None;
    for (plan, result) in plans.iter().zip(results) {
        match result {
            Ok((value, update)) => {
                cache.update(&format!("{}.yaml", plan.as_ref()), update);
                found.push(value);
            }
            Err(err) => {
                failed.get_or_insert(err);
            }
        }
    }
    cache.save();
    match failed {
        Some(err) => Err(err),
        None => Ok(found),
    }
}

fn load_one<R>(
    store: &Store,
    plan: &str,
    cache: &StateCache,
    take: &impl Fn(&StateCache, &str) -> Option<R>,
    from: &impl Fn(PlanState, StateDigest) -> R,
) -> Result<(R, Update), StateError> {
    let name = format!("{plan}.yaml");
    // the store's own load, with all its checks; cached by the text it parsed
    let parse = |stamp| -> Result<(R, Update), StateError> {
        let (state, text) = store.load_text(plan)?;
        let digest = StateDigest::of(&state);
        let update = match text {
            Some(text) => Update::Put(Fresh::new(text.as_bytes(), stamp, &state, &digest)),
            None => Update::Drop,
        };
        Ok((from(state, digest), update))
    };
    let looked = cache.load(&name, &store.path(plan), take, |_, stamp| {
        parse(stamp).map(|(found, update)| match update {
            Update::Put(fresh) => (found, fresh),
            _ => (found, None),
        })
    });
    match looked {
        Ok(Ok((found, update))) => Ok((found, update)),
        Ok(Err(err)) => Err(err),
        // no file (or none readable): the store says what that means
        Err(_) => parse(super::Stamp::default()),
    }
}

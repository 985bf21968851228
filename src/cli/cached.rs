//! The state files of many plans at once (`summary`, `export`), through the
//! parsed-file cache of [`crate::plan::cache`]: each state file is read and
//! hashed on every run, and parsed only when the cache has nothing for
//! exactly its bytes. At a province's scale (136 plans, a year of history
//! each) parsing the state YAML is most of a summary's time.

use std::path::Path;

use crate::plan::Plan;
use crate::plan::cache::{FolderCache, Fresh};
use crate::state::{PlanState, StateError, Store};

/// The saved state of each of `plans`, in order, as [`Store::load`] gives it.
/// The files are read (and, when not cached, parsed) on several threads.
pub fn load_states(
    store: &Store,
    plans: &[&Plan],
    cache_dir: Option<&Path>,
) -> Result<Vec<PlanState>, StateError> {
    let mut cache = FolderCache::<PlanState>::open(cache_dir, "state", store.dir());
    let results = crate::par::map(plans, |plan| load_one(store, &plan.id, &cache));
    let mut states = Vec::with_capacity(plans.len());
    let mut failed = None;
    for (plan, result) in plans.iter().zip(results) {
        let name = format!("{}.yaml", plan.id);
        match result {
            Ok((state, fresh)) => {
                match fresh {
                    Got::Cached => cache.keep(&name),
                    Got::NoFile => {}
                    Got::Parsed(fresh) => cache.put_fresh(&name, fresh),
                }
                states.push(state);
            }
            Err(err) => {
                failed.get_or_insert(err);
            }
        }
    }
    cache.save();
    match failed {
        Some(err) => Err(err),
        None => Ok(states),
    }
}

/// How a plan's state was had.
enum Got {
    Cached,
    /// No state file yet: nothing to cache.
    NoFile,
    /// Parsed; its new cache entry.
    Parsed(Option<Fresh>),
}

fn load_one(
    store: &Store,
    plan: &str,
    cache: &FolderCache<PlanState>,
) -> Result<(PlanState, Got), StateError> {
    let name = format!("{plan}.yaml");
    let cached = crate::plan::cache::with_file(&store.path(plan), |bytes| cache.get(&name, bytes));
    if let Ok(Some(state)) = cached {
        return Ok((state, Got::Cached));
    }
    // the store's own load, with all its checks; cached by the text it parsed
    let (state, text) = store.load_text(plan)?;
    let got = match text {
        Some(text) => Got::Parsed(Fresh::new(text.as_bytes(), &state)),
        None => Got::NoFile,
    };
    Ok((state, got))
}

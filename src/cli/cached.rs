//! The state files of many plans at once (`summary`, `export`), through the
//! parsed-file cache of [`crate::plan::cache`]: each state file is read and
//! hashed on every run, and parsed only when the cache has nothing for
//! exactly its bytes. At a province's scale (136 plans, a year of history
//! each) parsing the state YAML is most of a summary's time.

use std::path::Path;

use crate::plan::Plan;
use crate::plan::cache::FolderCache;
use crate::state::{PlanState, StateError, Store};

/// The saved state of each of `plans`, in order, as [`Store::load`] gives it.
pub fn load_states(
    store: &Store,
    plans: &[&Plan],
    cache_dir: Option<&Path>,
) -> Result<Vec<PlanState>, StateError> {
    let mut cache = FolderCache::<PlanState>::open(cache_dir, "state", store.dir());
    let states = plans
        .iter()
        .map(|plan| load_one(store, &plan.id, &mut cache))
        .collect::<Result<Vec<_>, _>>();
    cache.save();
    states
}

fn load_one(
    store: &Store,
    plan: &str,
    cache: &mut FolderCache<PlanState>,
) -> Result<PlanState, StateError> {
    let path = store.path(plan);
    let name = format!("{plan}.yaml");
    if let Ok(bytes) = std::fs::read(&path)
        && let Some(state) = cache.take(&name, &bytes)
    {
        return Ok(state);
    }
    // the store's own load, with all its checks; cached by the text it parsed
    let (state, text) = store.load_text(plan)?;
    if let Some(text) = text {
        cache.put(&name, text.as_bytes(), &state);
    }
    Ok(state)
}

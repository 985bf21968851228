//! The set of plans a run sees: the shipped plans embedded in the binary,
//! then `<config dir>/plans/`, then each `--plans DIR` in order. A later
//! source replaces an earlier plan of the same id, so a user may edit a
//! shipped plan by copying it into their plans folder.

use std::fs;
use std::path::{Path, PathBuf};

use super::cache::{FolderCache, Fresh};
use super::model::Plan;
use super::validate::{self, Problem};

include!(concat!(env!("OUT_DIR"), "/embedded_plans.rs"));

/// Where a plan came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanSource {
    Embedded(&'static str),
    File(PathBuf),
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not UTF-8 text (save the file as UTF-8)", path.display())]
    NotUtf8 { path: PathBuf },
    #[error("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid { problems: Vec<Problem> },
    #[error("unknown plan `{id}`; known plans: {}", known.join(", "))]
    UnknownPlan { id: String, known: Vec<String> },
    #[error("{}: plans folder does not exist", path.display())]
    NoSuchFolder { path: PathBuf },
}

#[derive(Debug, Clone)]
pub struct LoadedPlan {
    pub plan: Plan,
    pub source: PlanSource,
}

/// All plans of a run, in id order.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    pub plans: Vec<LoadedPlan>,
    /// Plan files that do not load, by the id their name gives: left out,
    /// so that one broken file does not stop the work on every other plan;
    /// asking for one of them by id gives its problems.
    pub broken: Vec<BrokenPlan>,
}

/// A plan file with problems.
#[derive(Debug, Clone)]
pub struct BrokenPlan {
    pub id: String,
    pub problems: Vec<Problem>,
}

/// Read a file as UTF-8 text, with errors that name it.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    let bytes = crate::yaml::read_document(path)
        .map_err(|source| LoadError::Io {
            path: path.to_path_buf(),
            source,
        })?
        .map_err(|len| too_large(path, len))?;
    String::from_utf8(bytes).map_err(|_| LoadError::NotUtf8 {
        path: path.to_path_buf(),
    })
}

/// Parse and check one plan file; its stem must be its id.
pub fn load_file(path: &Path) -> Result<Plan, LoadError> {
    let text = read_text(path)?;
    check_text(path, &text)
}

/// A file over the size limit, refused before it is parsed.
fn too_large(path: &Path, len: u64) -> LoadError {
    let err = crate::yaml::too_large(len);
    LoadError::Invalid {
        problems: vec![Problem {
            file: path.display().to_string(),
            line: 1,
            column: 1,
            message: err.message,
        }],
    }
}

fn check_text(path: &Path, text: &str) -> Result<Plan, LoadError> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_string());
    validate::check(text, &path.display().to_string(), stem.as_deref())
        .map_err(|problems| LoadError::Invalid { problems })
}

/// What loading one file through the cache gave.
struct Loaded {
    plan: Plan,
    /// Its cache entry: `None` when the cache had it.
    fresh: Option<Option<Fresh>>,
}

/// [`load_file`] through the folder's cache: the file is always read, and
/// parsed only when the cache has nothing for exactly its bytes. Changes
/// nothing, so that the files of a folder load on several threads.
fn load_file_cached(path: &Path, cache: &FolderCache<Plan>) -> Result<Loaded, LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let len = fs::metadata(path).map_err(io)?.len();
    if len > crate::yaml::MAX_DOCUMENT_BYTES {
        return Err(too_large(path, len));
    }
    super::cache::with_file(path, |bytes| {
        if let Some(plan) = cache.get(&file_name(path), bytes) {
            return Ok(Loaded { plan, fresh: None });
        }
        let text = std::str::from_utf8(bytes).map_err(|_| LoadError::NotUtf8 {
            path: path.to_path_buf(),
        })?;
        let plan = check_text(path, text)?;
        let fresh = Some(Fresh::new(bytes, &plan));
        Ok(Loaded { plan, fresh })
    })
    .map_err(io)?
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default()
}

/// The `*.yaml` files of a folder, sorted by name.
pub fn plan_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let entries = fs::read_dir(dir).map_err(|source| LoadError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    Ok(files)
}

impl Catalog {
    /// The shipped plans only.
    pub fn embedded() -> Result<Self, LoadError> {
        let mut catalog = Self::default();
        for (name, text) in EMBEDDED_PLANS {
            let stem = name.trim_end_matches(".yaml");
            let plan = validate::check_embedded(text, &format!("plans/{name}"), Some(stem))
                .map_err(|problems| LoadError::Invalid { problems })?;
            catalog.insert(LoadedPlan {
                plan,
                source: PlanSource::Embedded(name),
            });
        }
        Ok(catalog)
    }

    /// Shipped plans, then `user_dir` if it exists, then each of `extra_dirs`
    /// (which must exist). With `cache_dir`, the folders' plans go through
    /// the parsed-plan cache there (see [`super::cache`]).
    pub fn load(
        user_dir: Option<&Path>,
        extra_dirs: &[PathBuf],
        cache_dir: Option<&Path>,
    ) -> Result<Self, LoadError> {
        let mut catalog = Self::embedded()?;
        if let Some(dir) = user_dir.filter(|d| d.is_dir()) {
            catalog.add_folder(dir, cache_dir)?;
        }
        for dir in extra_dirs {
            if !dir.is_dir() {
                return Err(LoadError::NoSuchFolder { path: dir.clone() });
            }
            catalog.add_folder(dir, cache_dir)?;
        }
        Ok(catalog)
    }

    /// Every plan in `dir`; a file with problems goes to [`Catalog::broken`]
    /// (and hides a plan of the same id from an earlier source: the user's
    /// copy is the one meant). With `cache_dir`, through the cache.
    pub fn add_folder(&mut self, dir: &Path, cache_dir: Option<&Path>) -> Result<(), LoadError> {
        let mut cache = FolderCache::open(cache_dir, "plans", dir);
        let files = plan_files(dir)?;
        let results = crate::par::map(&files, |path| load_file_cached(path, &cache));
        for (path, result) in files.into_iter().zip(results) {
            match result {
                Ok(Loaded { plan, fresh }) => {
                    let name = file_name(&path);
                    match fresh {
                        None => cache.keep(&name),
                        Some(fresh) => cache.put_fresh(&name, fresh),
                    }
                    self.insert(LoadedPlan {
                        plan,
                        source: PlanSource::File(path),
                    });
                }
                Err(LoadError::Invalid { problems }) => self.insert_broken(BrokenPlan {
                    id: path
                        .file_stem()
                        .map(|s| s.to_string_lossy().to_string())
                        .unwrap_or_default(),
                    problems,
                }),
                Err(LoadError::NotUtf8 { path }) => self.insert_broken(BrokenPlan {
                    id: path
                        .file_stem()
                        .map(|s| s.to_string_lossy().to_string())
                        .unwrap_or_default(),
                    problems: vec![Problem {
                        file: path.display().to_string(),
                        line: 1,
                        column: 1,
                        message: "not UTF-8 text (save the file as UTF-8)".into(),
                    }],
                }),
                Err(other) => return Err(other),
            }
        }
        cache.save();
        Ok(())
    }

    /// Record a broken file, replacing a plan of the same id.
    fn insert_broken(&mut self, broken: BrokenPlan) {
        self.plans.retain(|p| p.plan.id != broken.id);
        self.broken.retain(|b| b.id != broken.id);
        self.broken.push(broken);
    }

    /// Every problem of the broken files.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.broken.iter().flat_map(|b| b.problems.iter())
    }

    /// Add a plan, replacing one of the same id (or a broken file of it).
    pub fn insert(&mut self, loaded: LoadedPlan) {
        self.broken.retain(|b| b.id != loaded.plan.id);
        match self
            .plans
            .binary_search_by(|p| p.plan.id.as_str().cmp(&loaded.plan.id))
        {
            Ok(index) => self.plans[index] = loaded,
            Err(index) => self.plans.insert(index, loaded),
        }
    }

    pub fn ids(&self) -> Vec<String> {
        self.plans.iter().map(|p| p.plan.id.clone()).collect()
    }

    pub fn get(&self, id: &str) -> Result<&Plan, LoadError> {
        if let Some(broken) = self.broken.iter().find(|b| b.id == id) {
            return Err(LoadError::Invalid {
                problems: broken.problems.clone(),
            });
        }
        self.plans
            .iter()
            .find(|p| p.plan.id == id)
            .map(|p| &p.plan)
            .ok_or_else(|| LoadError::UnknownPlan {
                id: id.to_string(),
                known: self.ids(),
            })
    }

    /// The named plans, or all of them when `ids` is empty.
    pub fn select(&self, ids: &[String]) -> Result<Vec<&Plan>, LoadError> {
        if ids.is_empty() {
            return Ok(self.plans.iter().map(|p| &p.plan).collect());
        }
        ids.iter().map(|id| self.get(id)).collect()
    }
}

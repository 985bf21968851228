//! The set of plans a run sees: the shipped plans embedded in the binary,
//! then `<config dir>/plans/`, then each `--plans DIR` in order. A later
//! source replaces an earlier plan of the same id, so a user may edit a
//! shipped plan by copying it into their plans folder.

use std::fs;
use std::path::{Path, PathBuf};

use super::digest::PlanDigest;
use super::model::Plan;
use super::validate::{self, Message, Problem};
use crate::cache::{FolderCache, Fresh, Update};

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

impl BrokenPlan {
    /// The broken file at `path`, from the error it gave; `None` for errors
    /// that are not about the file's content (it could not be read at all).
    fn of(path: &Path, err: LoadError) -> Result<Self, LoadError> {
        let id = path
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let problems = match err {
            LoadError::Invalid { problems } => problems,
            LoadError::NotUtf8 { path } => vec![Problem {
                file: path.display().to_string(),
                line: 1,
                column: 1,
                message: Message::NotUtf8,
            }],
            other => return Err(other),
        };
        Ok(BrokenPlan { id, problems })
    }
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
            message: Message::Yaml(err.problem),
        }],
    }
}

fn check_text(path: &Path, text: &str) -> Result<Plan, LoadError> {
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_string());
    validate::check(text, &path.display().to_string(), stem.as_deref())
        .map_err(|problems| LoadError::Invalid { problems })
}

type PlanCache = FolderCache<Plan, PlanDigest>;

/// [`load_file`] through the folder's cache, giving what `take` has from
/// the cache, or what `from` makes of the plan parsed: the file is not read
/// when its stamp is clean, and parsed only when the cache has nothing for
/// exactly its bytes. Changes nothing, so that the files of a folder load
/// on several threads.
fn load_file_cached<R>(
    path: &Path,
    cache: &PlanCache,
    take: &(impl Fn(&PlanCache, &str) -> Option<R> + Sync),
    from: &(impl Fn(Plan, PlanDigest) -> R + Sync),
) -> Result<(R, Update), LoadError> {
    let io = |source| LoadError::Io {
        path: path.to_path_buf(),
        source,
    };
    let len = fs::metadata(path).map_err(io)?.len();
    if len > crate::yaml::MAX_DOCUMENT_BYTES {
        return Err(too_large(path, len));
    }
    cache
        .load(&file_name(path), path, take, |bytes, stamp| {
            let text = std::str::from_utf8(bytes).map_err(|_| LoadError::NotUtf8 {
                path: path.to_path_buf(),
            })?;
            let plan = check_text(path, text)?;
            let digest = PlanDigest::of(&plan);
            let fresh = Fresh::new(bytes, stamp, &plan, &digest);
            Ok((from(plan, digest), fresh))
        })
        .map_err(io)?
}

/// Every plan file of `dir` through the cache (see [`load_file_cached`]),
/// with its path, and the files with problems (each with all its problems,
/// so one run shows them all). The cache is saved even when some file has
/// problems, for the good ones.
#[allow(clippy::type_complexity)]
fn load_folder<R: Send>(
    dir: &Path,
    cache_dir: Option<&Path>,
    take: impl Fn(&PlanCache, &str) -> Option<R> + Sync,
    from: impl Fn(Plan, PlanDigest) -> R + Sync,
) -> Result<(Vec<(PathBuf, R)>, Vec<BrokenPlan>), LoadError> {
    let mut broken = Vec::new();
    let mut cache = PlanCache::open(cache_dir, "plans", dir);
    let files = plan_files(dir)?;
    let results = crate::par::map(&files, |path| load_file_cached(path, &cache, &take, &from));
    let mut found = Vec::with_capacity(files.len());
    for (path, result) in files.into_iter().zip(results) {
        match result {
            Ok((value, update)) => {
                cache.update(&file_name(&path), update);
                found.push((path, value));
            }
            Err(err) => broken.push(BrokenPlan::of(&path, err)?),
        }
    }
    cache.save();
    Ok((found, broken))
}

/// The folders a run reads plans from, in order: `user_dir` if it exists,
/// then each of `extra_dirs` (which must exist).
fn folders<'a>(
    user_dir: Option<&'a Path>,
    extra_dirs: &'a [PathBuf],
) -> Result<Vec<&'a Path>, LoadError> {
    let mut out: Vec<&Path> = user_dir.filter(|d| d.is_dir()).into_iter().collect();
    for dir in extra_dirs {
        if !dir.is_dir() {
            return Err(LoadError::NoSuchFolder { path: dir.clone() });
        }
        out.push(dir);
    }
    Ok(out)
}

/// The digests of the plans [`Catalog::load`] would load, in id order
/// (a later source replacing an earlier plan of the same id), taken from
/// the plan cache without decoding the plans when their files are
/// unchanged: what a roll-up over many plans needs. Files that do not load
/// are returned apart, and hide a plan of the same id from an earlier source.
pub fn load_digests(
    user_dir: Option<&Path>,
    extra_dirs: &[PathBuf],
    cache_dir: Option<&Path>,
) -> Result<(Vec<PlanDigest>, Vec<BrokenPlan>), LoadError> {
    let mut digests = embedded_digests(cache_dir)?;
    let mut all_broken: Vec<BrokenPlan> = Vec::new();
    for dir in folders(user_dir, extra_dirs)? {
        let (found, broken) = load_folder(dir, cache_dir, |c, n| c.digest(n), |_, digest| digest)?;
        for file in broken {
            digests.retain(|d| d.id != file.id);
            all_broken.retain(|b| b.id != file.id);
            all_broken.push(file);
        }
        for (_, digest) in found {
            all_broken.retain(|b| b.id != digest.id);
            match digests.binary_search_by(|d| d.id.as_str().cmp(&digest.id)) {
                Ok(index) => digests[index] = digest,
                Err(index) => digests.insert(index, digest),
            }
        }
    }
    Ok((digests, all_broken))
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

/// The digests of the shipped plans, in id order: from the cache when it
/// was written by this build (whose plans they are: no file to check),
/// else parsed and checked as [`Catalog::embedded`] does.
fn embedded_digests(cache_dir: Option<&Path>) -> Result<Vec<PlanDigest>, LoadError> {
    let mut cache = PlanCache::open(cache_dir, "embedded", Path::new("<built in>"));
    let none = crate::cache::Stamp::default();
    let mut digests = Vec::with_capacity(EMBEDDED_PLANS.len());
    for (name, text) in EMBEDDED_PLANS {
        if cache.clean(name, &none)
            && let Some(digest) = cache.digest(name)
        {
            cache.keep(name, none);
            digests.push(digest);
            continue;
        }
        let stem = name.trim_end_matches(".yaml");
        let plan = validate::check_embedded(text, &format!("plans/{name}"), Some(stem))
            .map_err(|problems| LoadError::Invalid { problems })?;
        let digest = PlanDigest::of(&plan);
        cache.put_fresh(name, Fresh::new(text.as_bytes(), none, &plan, &digest));
        digests.push(digest);
    }
    cache.save();
    digests.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(digests)
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
    /// the file cache there (see [`crate::cache`]).
    pub fn load(
        user_dir: Option<&Path>,
        extra_dirs: &[PathBuf],
        cache_dir: Option<&Path>,
    ) -> Result<Self, LoadError> {
        let mut catalog = Self::embedded()?;
        for dir in folders(user_dir, extra_dirs)? {
            catalog.add_folder(dir, cache_dir)?;
        }
        Ok(catalog)
    }

    /// Every plan in `dir`; all problems of all files are gathered before
    /// failing, so one run shows them all. With `cache_dir`, through the
    /// cache (saved even when some file has problems, for the good ones).
    pub fn add_folder(&mut self, dir: &Path, cache_dir: Option<&Path>) -> Result<(), LoadError> {
        let (found, broken) = load_folder(dir, cache_dir, |c, n| c.value(n), |plan, _| plan)?;
        for (path, plan) in found {
            self.insert(LoadedPlan {
                plan,
                source: PlanSource::File(path),
            });
        }
        for file in broken {
            self.insert_broken(file);
        }
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

//! The plan model, its YAML form, checking, and where plans are loaded from.

pub mod catalog;
pub mod digest;
pub mod lookup;
pub mod model;
pub mod quantity;
/// Test data, for the tests, examples and benchmarks (feature `synthetic`):
/// not in the released binary.
#[cfg(any(test, feature = "synthetic"))]
pub mod synthetic;
pub mod validate;

/// The file cache moved to [`crate::cache`]; this path stays for callers.
pub use crate::cache;
pub use catalog::{Catalog, LoadError, PlanSource};
pub use model::{Area, Comparator, Milestone, MilestoneRef, Plan, Span, Target, Task};

//! The plan model, its YAML form, checking, and where plans are loaded from.

pub mod cache;
pub mod catalog;
pub mod lookup;
pub mod model;
pub mod quantity;
pub mod synthetic;
pub mod validate;

pub use catalog::{Catalog, LoadError, PlanSource};
pub use model::{Area, Comparator, Milestone, MilestoneRef, Plan, Span, Target, Task};

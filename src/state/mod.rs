//! The progress store: saved status, value, note and history per milestone,
//! and what is derived from them (progress, overdue, 蓝黄红 light).

pub mod canonical;
pub mod derive;
pub mod digest;
pub mod format;
pub mod history;
pub mod lock;
pub mod merge;
pub mod model;
pub mod report;
pub mod store;

pub use derive::{Light, LightRules, Standing, Totals, standing};
pub use history::{Edit, Set, orphans};
pub use merge::{Conflict, merge};
pub use model::{Change, Field, MilestoneState, PlanState, Status};
pub use report::{BadPeriod, Period, PeriodKind, Report, latest_report};
pub use store::{StateError, Store};

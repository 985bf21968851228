//! What taizhang prints and writes out: the plan tree export, summaries,
//! and the spreadsheet ledger. Pure functions of plans, state and an as-of
//! date; no terminal code.

pub mod columns;
pub mod csv;
pub mod fillin_xlsx;
pub mod ledger_xlsx;
pub mod meeting;
pub mod render_markdown;
pub mod render_rollup;
pub mod render_text;
pub mod rollup;
pub mod sheet;
pub mod summary;
pub mod text;
pub mod tree;

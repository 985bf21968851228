//! What taizhang prints and writes out: the plan tree export, summaries,
//! and the spreadsheet ledger. Pure functions of plans, state and an as-of
//! date; no terminal code.

pub mod text;
pub mod tree;

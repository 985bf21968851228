//! taizhang (台账): a keyboard-driven terminal tracker for government action
//! plans. The domain (plans, import, state, reports) is kept apart from the
//! command line and the terminal UI; none of the domain modules use ratatui.

pub mod cache;
pub mod cli;
pub mod config;
pub mod fsutil;
pub mod i18n;
pub mod import;
pub mod ingest;
pub mod par;
pub mod paths;
pub mod plan;
pub mod report;
pub mod review;
pub mod safe_text;
pub mod state;
pub mod sync;
pub mod tui;
pub mod yaml;

//! The importer: drafts a plan YAML from an official plan text.

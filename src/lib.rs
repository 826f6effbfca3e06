//! kiwiops: Discord chat-ops for BandwagonHost's KiwiVM API, as a library the binary wires together.

pub mod app;
pub mod catalog;
pub mod config;
pub mod console;
pub mod discord;
pub mod domain;
pub mod engine;
pub mod http;
pub mod i18n;
pub mod kiwivm;
pub mod metrics;
pub mod render;
pub mod simulator;
pub mod store;
pub mod watcher;

//! Helpers shared by integration tests. Each test file that needs them declares
//! `mod common;` and uses what it needs.
#![allow(dead_code)]

pub mod cut_proxy;
pub mod griot;
pub mod local_feeds;
pub mod miniflux;
pub mod server;
pub mod sync_cases;

//! Kubernetes access: server-side apply of rendered objects and bounded waits.
//!
//! Objects travel as JSON (`serde_json::Value`) and are resolved through discovery, so albctl
//! talks to any server version the same way; typed k8s-openapi structs are used only to read.

pub mod apply;
pub mod connect;
pub mod wait;

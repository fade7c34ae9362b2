//! Test harnesses shared by the integration tests: real servers started on loopback.

pub mod kube;

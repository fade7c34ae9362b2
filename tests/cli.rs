//! The one integration test binary: the real albctl against real servers.

mod common;
#[path = "cli/kube_smoke.rs"]
mod kube_smoke;

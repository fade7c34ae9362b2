//! Waiting for a condition with a deadline, failing loudly with what was awaited.
//!
//! Every poll in the tests goes through [`until`], so no wait can fall through silently after
//! its last try: a condition that never holds panics with the description and the last state.

use std::future::Future;
use std::time::{Duration, Instant};

/// How often a condition is probed.
const POLL: Duration = Duration::from_millis(100);

/// How long a wait on a loopback server's own work (a CRD Established or gone, pods deleted)
/// may take before it fails. An idle machine needs well under a second; a machine running the
/// whole suite on two cores has needed over 30 s. A bound for failing, never a delay.
pub const PATIENCE: Duration = Duration::from_secs(120);

/// The `--timeout` of an albctl run that is expected to finish (the harness's kubelet makes
/// each rollout Available within a probe); as long as [`PATIENCE`] allows for each wait inside.
pub const ALBCTL_TIMEOUT: &str = "300s";

/// Probes until `probe` returns `Some`, and returns it; panics after `timeout` with `what` and
/// the last `Err` the probe gave (the state it saw), if any.
pub async fn until<T, F, Fut>(what: &str, timeout: Duration, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        let last = match probe().await {
            Ok(value) => return value,
            Err(state) => state,
        };
        if Instant::now() >= deadline {
            panic!("timed out after {timeout:?} waiting for {what} (last seen: {last})");
        }
        tokio::time::sleep(POLL).await;
    }
}

/// [`until`] for a yes/no condition.
pub async fn until_true<F, Fut>(what: &str, timeout: Duration, mut probe: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = bool>,
{
    until(what, timeout, || {
        let fut = probe();
        async move { if fut.await { Ok(()) } else { Err("not yet".to_string()) } }
    })
    .await
}

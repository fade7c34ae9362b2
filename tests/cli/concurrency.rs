//! Two `setup` runs started at once on the same account: both finish 0 (or one exits 2 with a
//! one-line conflict message), and the final state is a clean run's. The proxy adds latency so
//! the two runs' reads all happen before either writes, which is the race that matters: both
//! plan the same creations.

use std::process::{Output, Stdio};

use crate::common::env::albctl_bin;
use crate::common::state::{assert_same_state, clean_setup_state, in_parallel, snapshot};
use crate::common::{AwsEnv, CallLog, fixture, stderr};

const CLUSTER: &str = "demo";
/// Proxy latency per request for each pair of runs: several overlaps of the two runs' calls.
const DELAYS_MS: [u64; 4] = [0, 20, 60, 150];
/// The latency at which the test insists the two runs raced on every creation.
const RACE_DELAY_MS: u64 = 150;

fn start_setup(env: &AwsEnv) -> std::process::Child {
    env.command(albctl_bin())
        .args(["setup", "--cluster", CLUSTER, "--skip-controller", "-o", "json"])
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting albctl")
}

/// Exit 0, or exit 2 with one stderr line that names the conflict and says to rerun.
fn finished_or_clear_conflict(out: &Output) -> Result<(), String> {
    match out.status.code() {
        Some(0) => Ok(()),
        Some(2) => {
            let err = stderr(out);
            let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
            let clear = lines.len() == 1 && lines[0].contains("concurrent") && lines[0].contains("run ");
            if clear { Ok(()) } else { Err(format!("exit 2 without one clear conflict line:\n{err}")) }
        }
        other => Err(format!("exit {other:?}:\n{}", stderr(out))),
    }
}

#[test]
fn two_setups_at_once_both_finish_and_leave_a_clean_runs_state() {
    let clean = clean_setup_state().clone();
    let options = |delay: &u64| vec!["--delay-ms".to_string(), delay.to_string()];
    let results = in_parallel(2, DELAYS_MS.to_vec(), options, move |delay, env| {
        let clean = clean.clone();
        async move {
            let fx = fixture::build(&env, CLUSTER).await;
            let (a, b) = (start_setup(&env), start_setup(&env));
            let (a, b) = (a.wait_with_output().expect("albctl a"), b.wait_with_output().expect("albctl b"));
            for (name, out) in [("first", &a), ("second", &b)] {
                if let Err(e) = finished_or_clear_conflict(out) {
                    panic!("delay {delay} ms, {name} run: {e}");
                }
            }
            assert!(a.status.success() || b.status.success(), "delay {delay} ms: neither run finished");
            let calls = env.proxy.calls();
            // Each planned creation is tried at most once per run.
            for op in ["CreateOpenIDConnectProvider", "CreatePolicy", "CreateRole", "AttachRolePolicy"] {
                assert!(
                    calls.count(op) <= 2,
                    "delay {delay} ms: {op} {} times: {:?}",
                    calls.count(op),
                    calls.operations()
                );
            }
            if delay == RACE_DELAY_MS {
                // Slow enough that both runs read before either writes, even when process start
                // varies under load: both try every creation, and the one that loses each race
                // takes EntityAlreadyExists as done.
                for op in ["CreateOpenIDConnectProvider", "CreatePolicy", "CreateRole"] {
                    assert_eq!(calls.count(op), 2, "delay {delay} ms: the runs did not race on {op}");
                }
            }
            assert_same_state(&snapshot(&env, &fx).await, &clean, &format!("two runs at once, delay {delay} ms"));
            let both = [&a, &b].iter().filter(|o| o.status.success()).count();
            (both, env)
        }
    });
    let mut failures = Vec::new();
    for (delay, result) in DELAYS_MS.iter().zip(results) {
        match result {
            Ok(both) => eprintln!("delay {delay} ms: {both} of 2 runs exited 0"),
            Err(e) => failures.push(e),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

//! Crash consistency: albctl killed (SIGKILL) right after its Nth write landed, for every N of a
//! cold `setup`, then rerun: the rerun converges to a clean run's state (no duplicate resources,
//! no extra policy versions, no orphaned tags). The proxy's `--hold-after-write N` forwards the
//! Nth write to moto and never answers it, so the kill falls exactly after that write.

use std::process::Stdio;
use std::time::Duration;

use serde_json::Value;

use crate::common::env::albctl_bin;
use crate::common::fixture::OrPanic;
use crate::common::state::{assert_same_state, clean_setup_state, in_parallel, snapshot};
use crate::common::{AwsEnv, CallLog, Fixture, assert_exit, fixture, json_of};

const CLUSTER: &str = "demo";
const POLICY: &str = "AWSLoadBalancerControllerIAMPolicy";
const WORKERS: usize = 3;
const SETUP: [&str; 6] = ["setup", "--cluster", CLUSTER, "--skip-controller", "-o", "json"];

/// How a crash run starts: a fresh fixture, optionally with an outdated policy at 5 versions.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Start {
    Cold,
    PolicyAtFiveOldVersions,
}

async fn world(env: &AwsEnv, start: Start) -> Fixture {
    let fx = fixture::build(env, CLUSTER).await;
    if start == Start::PolicyAtFiveOldVersions {
        let path = format!(
            "{}/../shared/reference/aws-load-balancer-controller/v2.7.0/iam_policy.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let old = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
        let iam = aws_sdk_iam::Client::new(&env.sdk().await);
        iam.create_policy().policy_name(POLICY).policy_document(&old).send().await.or_panic("CreatePolicy");
        let arn = format!("arn:aws:iam::{}:policy/{POLICY}", fx.account);
        for _ in 0..4 {
            iam.create_policy_version()
                .policy_arn(&arn)
                .policy_document(&old)
                .set_as_default(false)
                .send()
                .await
                .or_panic("CreatePolicyVersion");
        }
    }
    fx
}

/// The writes of an uninterrupted setup from `start`, and the state it leaves.
async fn uninterrupted(start: Start) -> (Vec<String>, Value) {
    let env = AwsEnv::start();
    let fx = world(&env, start).await;
    assert_exit(&env.albctl(&SETUP), 0);
    let writes = env.proxy.calls().writes().iter().map(|c| c.operation.clone()).collect();
    (writes, snapshot(&env, &fx).await)
}

/// Kills setup right after its `n`th write (`env`'s proxy holds it), reruns it, and returns
/// the final state.
async fn crash_then_rerun(start: Start, n: usize, env: AwsEnv) -> (Value, AwsEnv) {
    let fx = world(&env, start).await;
    let mut child = env
        .command(albctl_bin())
        .args(SETUP)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting albctl");
    let held = env.proxy.wait_for_held(Duration::from_secs(60));
    // NB: Child::kill is SIGKILL on Unix: no destructor, no flush, no signal handler runs.
    child.kill().expect("SIGKILL albctl");
    let status = child.wait().expect("reaping albctl");
    assert!(held, "write {n} never reached the proxy; albctl exited {status}");
    assert_eq!(status.code(), None, "albctl was killed, not finished: {status}");
    let crashed = env.proxy.calls();
    let held_op = crashed.iter().find(|c| c.held).map(|c| c.operation.clone()).unwrap_or_default();

    env.proxy.reset();
    let out = env.albctl(&SETUP);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    assert_eq!(doc["summary"]["failed"], 0, "after a kill at write {n} ({held_op}): {doc:#}");
    let again = env.albctl(&["setup", "--cluster", CLUSTER, "--skip-controller", "--check"]);
    assert_exit(&again, 0);
    (snapshot(&env, &fx).await, env)
}

fn run_every_crash_point(start: Start) {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    let (writes, clean) = runtime.block_on(uninterrupted(start));
    if start == Start::Cold {
        assert_same_state(&clean, clean_setup_state(), "uninterrupted cold setup");
    }
    assert!(!writes.is_empty());
    let points: Vec<usize> = (1..=writes.len()).collect();
    let options = |n: &usize| vec!["--hold-after-write".to_string(), n.to_string()];
    let results = in_parallel(WORKERS, points.clone(), options, move |n, env| crash_then_rerun(start, n, env));
    let mut failures = Vec::new();
    for (n, result) in points.iter().zip(results) {
        match result {
            Ok(state) => {
                if let Err(e) = std::panic::catch_unwind(|| {
                    assert_same_state(&state, &clean, &format!("killed after write {n} ({})", writes[n - 1]))
                }) {
                    let text = e.downcast_ref::<String>().cloned().unwrap_or_default();
                    failures.push(text);
                }
            }
            Err(e) => failures.push(format!("killed after write {n} ({}): {e}", writes[n - 1])),
        }
    }
    eprintln!(
        "{start:?}: {}/{} crash points converged; writes of an uninterrupted run: {writes:?}",
        points.len() - failures.len(),
        points.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} crash points failed:\n{}",
        failures.len(),
        points.len(),
        failures.join("\n\n")
    );
}

#[test]
fn killed_after_each_write_of_a_cold_setup_a_rerun_converges_to_the_clean_state() {
    run_every_crash_point(Start::Cold);
}

#[test]
fn killed_after_each_write_of_a_policy_upgrade_a_rerun_leaves_no_extra_policy_version() {
    run_every_crash_point(Start::PolicyAtFiveOldVersions);
}

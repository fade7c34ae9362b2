//! AWS faults between albctl and moto: throttling as each protocol writes it, 5xx and dropped
//! connections are retried by the SDK's standard retry, and `setup` under 30% injected faults
//! converges to the same state as a clean run (20 seeds; the benchmark script runs 100).

use std::time::Instant;

use aws_config::retry::RetryConfig;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use crate::common::state::{assert_same_state, clean_setup_state, in_parallel, snapshot};
use crate::common::{AwsEnv, Call, CallLog, assert_exit, fixture, json_of, stderr};

const CLUSTER: &str = "demo";
/// Seeded runs in `.ci/run`.
const SEEDS: u64 = 20;

/// The number of seeded runs: `SEEDS`, or `ALBCTL_FAULT_SEEDS` (the benchmark script sets 100).
fn seed_count() -> u64 {
    std::env::var("ALBCTL_FAULT_SEEDS").ok().and_then(|v| v.parse().ok()).unwrap_or(SEEDS)
}
/// Runs at once: each worker reuses its moto (a fresh one costs ~4 s of CPU, a reset one ~0.5 s).
const WORKERS: usize = 4;
/// Every this many seeds, also rerun under faults and expect zero writes.
const RERUN_EVERY: u64 = 4;

fn setup_args() -> Vec<&'static str> {
    vec!["setup", "--cluster", CLUSTER, "--skip-controller", "-o", "json"]
}

/// The error code the SDK parsed from the first attempt, with retries off.
async fn first_attempt_code(env: &AwsEnv, service: &str) -> String {
    let config = env.sdk_via_proxy().await.into_builder().retry_config(RetryConfig::disabled()).build();
    let code = match service {
        "iam" => {
            aws_sdk_iam::Client::new(&config).list_roles().send().await.err().map(|e| e.code().map(str::to_string))
        }
        "sts" => aws_sdk_sts::Client::new(&config)
            .get_caller_identity()
            .send()
            .await
            .err()
            .map(|e| e.code().map(str::to_string)),
        "ec2" => aws_sdk_ec2::Client::new(&config)
            .describe_subnets()
            .send()
            .await
            .err()
            .map(|e| e.code().map(str::to_string)),
        "eks" => {
            aws_sdk_eks::Client::new(&config).list_clusters().send().await.err().map(|e| e.code().map(str::to_string))
        }
        _ => unreachable!(),
    };
    code.flatten().unwrap_or_else(|| format!("<{service}: no error or no code>"))
}

#[tokio::test]
async fn each_protocols_throttling_error_is_parsed_by_the_sdk_with_its_code() {
    let env = AwsEnv::start_with_proxy_options(&["--faults", "throttle", "--fault-at", "1,2,3,4"]);
    assert_eq!(first_attempt_code(&env, "iam").await, "Throttling");
    assert_eq!(first_attempt_code(&env, "sts").await, "Throttling");
    assert_eq!(first_attempt_code(&env, "ec2").await, "RequestLimitExceeded");
    assert_eq!(first_attempt_code(&env, "eks").await, "ThrottlingException");
    let statuses: Vec<(String, u16)> = env.proxy.calls().iter().map(|c| (c.service.clone(), c.status)).collect();
    assert_eq!(
        statuses,
        [("iam".into(), 400), ("sts".into(), 400), ("ec2".into(), 503), ("eks".into(), 400)],
        "EC2 throttles with 503"
    );
}

/// Every faulted call in the log is followed by an unfaulted call of the same operation (moto's answer,
/// e.g. 200, or 404 NoSuchEntity for a read of what does not exist yet).
#[track_caller]
fn assert_each_fault_retried(calls: &[Call], kinds: &[&str]) {
    let faulted: Vec<&Call> = calls.iter().filter(|c| c.fault.is_some()).collect();
    for kind in kinds {
        assert!(faulted.iter().any(|c| c.fault.as_deref() == Some(*kind)), "no {kind} injected: {faulted:?}");
    }
    for f in &faulted {
        let retried =
            calls.iter().any(|c| c.seq > f.seq && c.operation == f.operation && c.fault.is_none() && c.status != 0);
        assert!(
            retried,
            "{} ({:?}, seq {}) was not retried until moto answered: {:?}",
            f.operation, f.fault, f.seq, calls
        );
    }
}

/// One read and one write of each protocol albctl uses, first request of each faulted.
const FIRST_OF_EACH: &str = "GetCallerIdentity,DescribeCluster,DescribeSubnets,DescribeRouteTables,GetRole,\
                             GetPolicy,CreateOpenIDConnectProvider,CreatePolicy,CreateRole,AttachRolePolicy,CreateTags";

#[tokio::test]
async fn throttled_calls_of_every_protocol_are_retried_and_setup_succeeds() {
    let env = AwsEnv::start_with_proxy_options(&["--faults", "throttle", "--fault-first", FIRST_OF_EACH]);
    let fx = fixture::build(&env, CLUSTER).await;
    let out = env.albctl(&setup_args());
    assert_exit(&out, 0);
    let calls = env.proxy.calls();
    assert_each_fault_retried(&calls, &["throttle"]);
    let services: std::collections::BTreeSet<&str> =
        calls.iter().filter(|c| c.fault.is_some()).map(|c| c.service.as_str()).collect();
    assert_eq!(services.into_iter().collect::<Vec<_>>(), ["ec2", "eks", "iam", "sts"]);
    assert_eq!(calls.iter().filter(|c| c.fault.is_some()).count(), FIRST_OF_EACH.split(',').count());
    assert_same_state(&snapshot(&env, &fx).await, clean_setup_state(), "throttled once per operation");
}

#[tokio::test]
async fn server_errors_and_dropped_connections_are_retried_and_setup_succeeds() {
    let env = AwsEnv::start_with_proxy_options(&["--faults", "500,503,drop", "--fault-first", FIRST_OF_EACH]);
    let fx = fixture::build(&env, CLUSTER).await;
    let out = env.albctl(&setup_args());
    assert_exit(&out, 0);
    assert_each_fault_retried(&env.proxy.calls(), &["500", "503", "drop"]);
    assert_same_state(&snapshot(&env, &fx).await, clean_setup_state(), "5xx and drops once per operation");
}

#[tokio::test]
async fn a_call_that_keeps_failing_stops_after_the_configured_attempts_with_one_clear_line() {
    let at: Vec<String> = (1..=40).map(|n| n.to_string()).collect();
    let at = at.join(",");
    let env = AwsEnv::start_with_proxy_options(&["--faults", "503", "--fault-at", &at]);
    fixture::build(&env, CLUSTER).await;
    let start = Instant::now();
    let out =
        env.albctl_with_env(&["setup", "--cluster", CLUSTER, "--skip-controller"], &[("AWS_MAX_ATTEMPTS", "4")], &[]);
    assert_exit(&out, 2);
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("ServiceUnavailable") || err.contains("503"), "{err}");
    let calls = env.proxy.calls();
    assert_eq!(calls.writes().len(), 0, "{:?}", calls.operations());
    // AWS_MAX_ATTEMPTS is honoured: each of the first two calls is tried exactly 4 times.
    assert_eq!(calls.count("GetCallerIdentity"), 4, "{:?}", calls.operations());
    assert!(start.elapsed().as_secs() < 60, "bounded: {:?}", start.elapsed());
}

#[tokio::test]
async fn thirty_percent_faults_converge_to_a_clean_runs_state_in_twenty_seeded_runs() {
    let clean = clean_setup_state().clone();
    let total = seed_count();
    let seeds: Vec<u64> = (1..=total).collect();
    let start = Instant::now();
    let options = |seed: &u64| {
        let seed = seed.to_string();
        ["--fault-rate", "0.3", "--seed", &seed, "--faults", "throttle,5xx,drop"].map(String::from).to_vec()
    };
    let results = in_parallel(WORKERS, seeds.clone(), options, move |seed, env| {
        let clean = clean.clone();
        async move {
            let fx = fixture::build(&env, CLUSTER).await;
            let out = env.albctl(&setup_args());
            assert_exit(&out, 0);
            assert_eq!(json_of(&out)["summary"]["failed"], 0);
            let calls = env.proxy.calls();
            let faults = calls.iter().filter(|c| c.fault.is_some()).count();
            assert_same_state(&snapshot(&env, &fx).await, &clean, &format!("seed {seed}"));
            if seed % RERUN_EVERY != 0 {
                return ((calls.len(), faults), env);
            }
            // A rerun under the same fault rate finds nothing to do and writes nothing.
            env.proxy.reset();
            let again = env.albctl(&setup_args());
            assert_exit(&again, 0);
            assert_eq!(json_of(&again)["changed"], false, "seed {seed}");
            let landed: Vec<_> = env.proxy.calls().into_iter().filter(|c| c.write && c.status == 200).collect();
            assert!(landed.is_empty(), "seed {seed}: converged rerun wrote {landed:?}");
            ((calls.len(), faults), env)
        }
    });
    let mut failures = Vec::new();
    let (mut requests, mut faults) = (0, 0);
    for (seed, result) in seeds.iter().zip(results) {
        match result {
            Ok((r, f)) => {
                requests += r;
                faults += f;
            }
            Err(e) => failures.push(format!("seed {seed}: {e}")),
        }
    }
    eprintln!(
        "{}/{total} seeded runs converged; {faults} of {requests} requests faulted; {:?}",
        total as usize - failures.len(),
        start.elapsed()
    );
    assert!(failures.is_empty(), "{} of {total} seeded runs failed:\n{}", failures.len(), failures.join("\n\n"));
    assert!(faults * 5 > requests, "about 30% faulted: {faults} of {requests}");
}

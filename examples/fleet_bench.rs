//! The fleet benchmark behind `bench/fleet.sh`: `doctor --all-clusters` over 20 clusters in 3
//! regions against one cluster's `doctor`, with a fixed latency added to every AWS request,
//! printed as Markdown on stdout (progress on stderr).
//!
//! moto_server runs behind the recording proxy (`scripts/aws-proxy.py --delay-ms`); the
//! fixture (a VPC like eksctl's and an EKS cluster carrying vpcId, per cluster) is built with
//! the SDK straight against moto, untimed, and every cluster's AWS half is set up by
//! `albctl setup --skip-controller`, so doctor reads a role, a policy and tagged subnets. The
//! runs are AWS-only: the kubeconfig given has no contexts, so the Kubernetes checks are
//! skipped in both (the comparison is about AWS round trips). albctl is `$ALBCTL_BIN`.

#[path = "../tests/common/mod.rs"]
mod common;
// The main benchmark's critical-path arithmetic, shared.
#[allow(dead_code)]
#[path = "bench/stats.rs"]
mod stats;

use std::process::{ExitCode, Stdio};
use std::time::{Duration, Instant};

use clap::Parser;
use common::{AwsEnv, CallLog, fixture};

/// Command-line options.
#[derive(Debug, Parser)]
#[command(about = "doctor --all-clusters vs one cluster's doctor at a fixed AWS latency; prints Markdown")]
struct Args {
    /// Latency added to every AWS request.
    #[arg(long, default_value_t = 100)]
    latency_ms: u64,
    /// Clusters, spread over the regions.
    #[arg(long, default_value_t = 20)]
    clusters: usize,
    /// Regions, comma-separated.
    #[arg(long, default_value = "us-west-2,eu-west-1,ap-southeast-2", value_delimiter = ',')]
    regions: Vec<String>,
    /// Timed repetitions of each command (the table shows the median).
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// `--concurrency` values for the fleet runs (the first is the default's row).
    #[arg(long, default_value = "8,20", value_delimiter = ',')]
    concurrency: Vec<usize>,
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{} ms", d.as_millis())
}

struct Timed {
    wall: Duration,
    code: Option<i32>,
    calls: Vec<common::Call>,
    /// Per request: (arrival, answer) at the proxy, Unix seconds.
    spans: Vec<(f64, f64)>,
    /// Sequential round trips (the longest chain of requests each sent after the previous answer).
    depth: usize,
}

/// The arrival and answer times of every request in the proxy's log.
fn spans(env: &AwsEnv) -> Vec<(f64, f64)> {
    requests(env).iter().map(|r| (r.start, r.end)).collect()
}

fn requests(env: &AwsEnv) -> Vec<stats::Request> {
    let text = std::fs::read_to_string(env.proxy.log_path()).unwrap_or_default();
    text.lines().filter_map(|l| serde_json::from_str(l).ok()).collect()
}

/// The most requests in flight at once, and the mean time a request spent past the added latency.
fn overlap(spans: &[(f64, f64)], latency: Duration) -> (usize, Duration) {
    let most = spans.iter().map(|(s, _)| spans.iter().filter(|(a, b)| a <= s && s < b).count()).max().unwrap_or(0);
    let extra: f64 =
        spans.iter().map(|(s, e)| (e - s - latency.as_secs_f64()).max(0.0)).sum::<f64>() / spans.len().max(1) as f64;
    (most, Duration::from_secs_f64(extra))
}

fn timed(env: &AwsEnv, args: &[&str]) -> Timed {
    env.proxy.reset();
    let started = Instant::now();
    let out = env
        .command(common::env::albctl_bin())
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("running albctl");
    let wall = started.elapsed();
    Timed {
        wall,
        code: out.status.code(),
        calls: env.proxy.calls(),
        spans: spans(env),
        depth: stats::critical_path(&requests(env)).len(),
    }
}

async fn run(args: Args) -> Result<(), String> {
    let latency = args.latency_ms.to_string();
    let mut env = AwsEnv::start_with_proxy_options(&["--delay-ms", &latency]);
    let home = env.region.clone();
    let mut names = Vec::new();
    eprintln!("[fleet-bench] building {} clusters in {} regions (untimed)", args.clusters, args.regions.len());
    for i in 0..args.clusters {
        let region = args.regions[i % args.regions.len()].clone();
        let name = format!("c{:02}", i + 1);
        env.region = region.clone();
        fixture::build_with_vpc_id(&env, &name).await;
        names.push((region, name));
    }
    env.region = home;
    eprintln!("[fleet-bench] setting up the AWS half of each (untimed)");
    for (region, name) in &names {
        let out = timed(&env, &["setup", "--skip-controller", "--cluster", name, "--region", region, "-q"]);
        if out.code != Some(0) {
            return Err(format!("setup of {name} exited {:?}", out.code));
        }
    }
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let kubeconfig = dir.path().join("kubeconfig");
    std::fs::write(
        &kubeconfig,
        r#"{"apiVersion": "v1", "kind": "Config", "clusters": [], "contexts": [], "users": []}"#,
    )
    .map_err(|e| e.to_string())?;
    let kubeconfig = kubeconfig.to_str().unwrap().to_string();
    let (region, first) = &names[0];
    let single: Vec<&str> =
        vec!["doctor", "--cluster", first, "--region", region, "--kubeconfig", &kubeconfig, "-o", "json"];
    let regions = args.regions.join(",");

    eprintln!("[fleet-bench] timing ({} runs each, {} ms per AWS request)", args.runs, args.latency_ms);
    let _warm = timed(&env, &single);
    let singles: Vec<Timed> = (0..args.runs).map(|_| timed(&env, &single)).collect();
    let single_wall = median(singles.iter().map(|t| t.wall).collect());
    let single_calls = singles[0].calls.len();
    let (most, extra) = overlap(&singles[0].spans, Duration::from_millis(args.latency_ms));
    eprintln!(
        "[fleet-bench] one cluster: at most {most} AWS requests in flight; each took {} ms past the added latency on average",
        extra.as_millis()
    );
    let mut rows = Vec::new();
    for &n in &args.concurrency {
        let n_text = n.to_string();
        let fleet: Vec<&str> = vec![
            "doctor",
            "--all-clusters",
            "--regions",
            &regions,
            "--concurrency",
            &n_text,
            "--kubeconfig",
            &kubeconfig,
            "-o",
            "json",
        ];
        let runs: Vec<Timed> = (0..args.runs).map(|_| timed(&env, &fleet)).collect();
        if let Some(bad) = runs.iter().find(|t| !matches!(t.code, Some(0 | 1))) {
            return Err(format!("doctor --all-clusters exited {:?}", bad.code));
        }
        let wall = median(runs.iter().map(|t| t.wall).collect());
        let calls = &runs[0].calls;
        let (most, extra) = overlap(&runs[0].spans, Duration::from_millis(args.latency_ms));
        eprintln!(
            "[fleet-bench] --concurrency {n}: at most {most} AWS requests in flight; each took {} ms past the added latency on average (moto's own time)",
            extra.as_millis()
        );
        let writes = runs.iter().map(|t| t.calls.writes().len()).sum::<usize>();
        rows.push((
            n,
            wall,
            runs[0].depth,
            calls.len(),
            writes,
            calls.operations().into_iter().map(str::to_string).collect::<Vec<_>>(),
        ));
    }

    println!(
        "**Fleet: `doctor --all-clusters`, {} clusters in {} regions, {} ms added to every AWS request** (median of {} runs; AWS checks only: the kubeconfig has no contexts)",
        args.clusters,
        args.regions.len(),
        args.latency_ms,
        args.runs
    );
    println!();
    let single_depth = singles[0].depth;
    let single_writes = singles[0].calls.writes().len();
    println!(
        "| run | wall | vs one cluster | round trips (critical path) | vs one cluster | AWS calls | per cluster | writes |"
    );
    println!("|---|--:|--:|--:|--:|--:|--:|--:|");
    println!(
        "| `doctor --cluster {first}` | {} | 1.0× | {single_depth} | 1.0× | {single_calls} | {single_calls} | {single_writes} |",
        ms(single_wall)
    );
    for (n, wall, depth, calls, writes, _) in &rows {
        println!(
            "| `doctor --all-clusters --concurrency {n}` | {} | {:.1}× | {depth} | {:.1}× | {calls} | {:.1} | {writes} |",
            ms(*wall),
            wall.as_secs_f64() / single_wall.as_secs_f64(),
            *depth as f64 / single_depth.max(1) as f64,
            *calls as f64 / args.clusters as f64
        );
    }
    if let Some((_, _, _, _, _, ops)) = rows.first() {
        let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
        for op in ops {
            *counts.entry(op.as_str()).or_default() += 1;
        }
        let per: Vec<String> = counts.iter().map(|(op, n)| format!("{op} ×{n}")).collect();
        println!();
        println!("Calls of the fleet run: {}", per.join(", "));
    }
    Ok(())
}

fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a runtime");
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("[fleet-bench] {e}");
            ExitCode::FAILURE
        }
    }
}

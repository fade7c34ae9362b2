//! The benchmark behind `bench/run.sh`: albctl against the manual aws CLI flow on the same
//! local emulators, printed as a Markdown table on stdout (progress on stderr).
//!
//! It starts moto_server behind the recording proxy (`scripts/aws-proxy.py`), a second proxy
//! that adds a fixed latency to every AWS request, and, for the end-to-end runs, a real
//! kube-apiserver (the newest minor EKS offers) with etcd (the test harness's own code). Every "cold" run starts from a
//! fresh fixture account (moto reset, then the VPC + EKS cluster `eks-demo` rebuilt with the
//! SDK, untimed); "warm" is the same command again on the converged account. albctl is the
//! binary in `$ALBCTL_BIN`; the manual flow is `bench/manual-flow.sh` (aws CLI). There is no
//! kubelet, so the end-to-end runs play its part: as soon as the controller Deployment exists
//! they mark it Available and give the webhook Service a ready endpoint.

#[path = "../../tests/common/mod.rs"]
mod common;
mod report;
mod stats;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use clap::Parser;
use common::kube::{KubeApiServer, play_kubelet};
use common::{AwsEnv, AwsProxy, fixture, http_request};
use report::{CommandRow, DepthRow, Pair, Report};
use stats::Request;

const CLUSTER: &str = "eks-demo";

/// Command-line options of the benchmark.
#[derive(Debug, Parser)]
#[command(about = "albctl vs the manual aws CLI flow on local emulators; prints a Markdown table")]
pub struct Args {
    /// Pairs of albctl and manual runs, alternating which goes first; the table shows medians.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=50))]
    pub pairs: u32,
    /// Repetitions of the short timings (render, doctor, --help).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=200))]
    pub runs: u32,
    /// Latency the second proxy adds to every AWS request, for the sequential-depth runs.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(10..=2000))]
    pub latency_ms: u64,
    /// Only the AWS half: no kube-apiserver, no end-to-end runs.
    #[arg(long)]
    pub aws_only: bool,
    /// The manual baseline script.
    #[arg(long, default_value = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/manual-flow.sh"))]
    pub manual: PathBuf,
}

/// What one run of a command gave.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Wall time from spawn to exit.
    pub wall: Duration,
    /// Exit code (`None` when killed by a signal).
    pub code: Option<i32>,
    /// AWS requests the proxy saw.
    pub requests: Vec<Request>,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Outcome {
    /// How many requests were writes.
    pub fn writes(&self) -> usize {
        self.requests.iter().filter(|r| r.write).count()
    }

    /// How many requests were reads.
    pub fn reads(&self) -> usize {
        self.requests.len() - self.writes()
    }

    /// Panics (ending the benchmark) unless the exit code is `code`: timing a failed run
    /// measures nothing.
    #[track_caller]
    pub fn expect_exit(self, code: i32, what: &str) -> Outcome {
        if self.code != Some(code) {
            panic!(
                "{what}: exit {:?}, expected {code}\n--- stdout ---\n{}\n--- stderr ---\n{}",
                self.code, self.stdout, self.stderr
            );
        }
        self
    }
}

struct Bench {
    env: AwsEnv,
    slow: AwsProxy,
    bin: PathBuf,
    args: Args,
}

impl Bench {
    /// Wipes moto and builds the fixture account again (untimed).
    async fn fresh_account(&self) {
        let reset = http_request(&self.env.moto.url, "POST", "/moto-api/reset", &[], b"").expect("resetting moto");
        assert_eq!(reset.status, 200, "moto reset answered {reset:?}");
        fixture::build_with_vpc_id(&self.env, CLUSTER).await;
    }

    fn albctl_command(&self, proxy: &AwsProxy, args: &[&str]) -> Command {
        let mut cmd = self.env.command(&self.bin);
        cmd.env("AWS_ENDPOINT_URL", &proxy.url).env("NO_COLOR", "1").args(args);
        cmd
    }

    /// Runs albctl through `proxy` and waits for it.
    fn albctl(&self, proxy: &AwsProxy, args: &[&str]) -> Outcome {
        let cmd = self.albctl_command(proxy, args);
        run(cmd, proxy)
    }

    /// Runs albctl through the recording proxy while playing the kubelet for `kube`.
    async fn albctl_kube(&self, kube: &KubeApiServer, args: &[&str]) -> Outcome {
        let kubeconfig = kube.kubeconfig();
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--kubeconfig", kubeconfig.to_str().expect("a UTF-8 temp path")]);
        let cmd = self.albctl_command(&self.env.proxy, &all);
        let client = kube.client().await;
        run_async(cmd, &self.env.proxy, || async {
            play_kubelet(&client).await;
        })
        .await
    }

    /// Runs the manual aws CLI flow through `proxy`.
    fn manual(&self, proxy: &AwsProxy) -> Outcome {
        let mut cmd = self.env.command("bash");
        cmd.arg(&self.args.manual).env("AWS_ENDPOINT_URL", &proxy.url).env("CLUSTER_NAME", CLUSTER);
        run(cmd, proxy)
    }
}

/// Spawns `cmd` with its output in files, waits for it, and collects the proxy's log.
fn run(cmd: Command, proxy: &AwsProxy) -> Outcome {
    let (mut cmd, out, err) = with_output_files(cmd);
    proxy.reset();
    let started = Instant::now();
    let status = cmd.status().expect("spawning the command");
    let wall = started.elapsed();
    finish(wall, status.code(), proxy, &out, &err)
}

/// Like [`run`], calling `tick` about every 20 ms while the command runs.
async fn run_async<F, Fut>(cmd: Command, proxy: &AwsProxy, tick: F) -> Outcome
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let (mut cmd, out, err) = with_output_files(cmd);
    proxy.reset();
    let started = Instant::now();
    let mut child = cmd.spawn().expect("spawning the command");
    let status = loop {
        if let Some(status) = child.try_wait().expect("waiting for the command") {
            break status;
        }
        tick().await;
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let wall = started.elapsed();
    finish(wall, status.code(), proxy, &out, &err)
}

fn with_output_files(mut cmd: Command) -> (Command, tempfile::NamedTempFile, tempfile::NamedTempFile) {
    let out = tempfile::NamedTempFile::new().expect("a temp file for stdout");
    let err = tempfile::NamedTempFile::new().expect("a temp file for stderr");
    cmd.stdin(Stdio::null())
        .stdout(out.reopen().expect("reopening the stdout file"))
        .stderr(err.reopen().expect("reopening the stderr file"));
    (cmd, out, err)
}

fn finish(
    wall: Duration,
    code: Option<i32>,
    proxy: &AwsProxy,
    out: &tempfile::NamedTempFile,
    err: &tempfile::NamedTempFile,
) -> Outcome {
    let read = |f: &tempfile::NamedTempFile| std::fs::read_to_string(f.path()).unwrap_or_default();
    Outcome { wall, code, requests: requests(proxy.log_path()), stdout: read(out), stderr: read(err) }
}

/// The proxy's request log (a request is logged before it is answered, so a finished client's
/// requests are all there).
fn requests(log: &Path) -> Vec<Request> {
    let text = std::fs::read_to_string(log).expect("reading the proxy log");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad proxy log line {l:?}: {e}")))
        .collect()
}

fn progress(text: &str) {
    eprintln!("[bench] {text}");
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// The paired runs: albctl and the manual flow alternate which goes first.
async fn pairs(bench: &Bench) -> Vec<Pair> {
    let setup_aws = ["setup", "--cluster", CLUSTER, "--skip-controller"];
    // NB: moto loads each service's backend on its first request; one untimed round keeps that
    // out of the first pair.
    progress("warm-up round (untimed)");
    bench.fresh_account().await;
    bench.albctl(&bench.env.proxy, &setup_aws).expect_exit(0, "albctl setup (warm-up)");
    bench.fresh_account().await;
    bench.manual(&bench.env.proxy).expect_exit(0, "manual flow (warm-up)");
    let mut out = Vec::new();
    for i in 0..bench.args.pairs {
        let mut albctl = None;
        let mut manual = None;
        let order = if i % 2 == 0 { ["albctl", "manual"] } else { ["manual", "albctl"] };
        for who in order {
            bench.fresh_account().await;
            if who == "albctl" {
                let cold = bench.albctl(&bench.env.proxy, &setup_aws).expect_exit(0, "albctl setup (cold)");
                let warm = bench.albctl(&bench.env.proxy, &setup_aws).expect_exit(0, "albctl setup (warm)");
                assert_eq!(warm.writes(), 0, "a converged setup made writes: {:?}", warm.requests);
                albctl = Some((cold, warm));
            } else {
                let cold = bench.manual(&bench.env.proxy).expect_exit(0, "manual flow (cold)");
                let rerun = bench.manual(&bench.env.proxy);
                manual = Some((cold, rerun));
            }
        }
        let e2e = if bench.args.aws_only {
            None
        } else {
            bench.fresh_account().await;
            let kube = KubeApiServer::start();
            let setup = ["setup", "--cluster", CLUSTER];
            let cold = bench.albctl_kube(&kube, &setup).await.expect_exit(0, "albctl setup end to end (cold)");
            let warm = bench.albctl_kube(&kube, &setup).await.expect_exit(0, "albctl setup end to end (warm)");
            Some((cold, warm))
        };
        let (albctl_cold, albctl_warm) = albctl.expect("albctl ran");
        let (manual_cold, manual_rerun) = manual.expect("manual flow ran");
        progress(&format!(
            "pair {}/{}: albctl cold {} warm {}; manual cold {}{}",
            i + 1,
            bench.args.pairs,
            ms(albctl_cold.wall),
            ms(albctl_warm.wall),
            ms(manual_cold.wall),
            e2e.as_ref()
                .map(|(c, w)| format!("; end to end cold {} warm {}", ms(c.wall), ms(w.wall)))
                .unwrap_or_default()
        ));
        out.push(Pair { albctl_cold, albctl_warm, manual_cold, manual_rerun, e2e });
    }
    out
}

/// setup's AWS half and the manual flow through the latency proxy.
async fn depth(bench: &Bench) -> Vec<DepthRow> {
    let setup_aws = ["setup", "--cluster", CLUSTER, "--skip-controller"];
    let check = ["setup", "--cluster", CLUSTER, "--skip-controller", "--check"];
    let slow = &bench.slow;
    bench.fresh_account().await;
    let mut rows = vec![
        DepthRow::new(
            "albctl `setup --skip-controller`, cold",
            bench.albctl(slow, &setup_aws).expect_exit(0, "setup (cold, latency)"),
        ),
        DepthRow::new(
            "albctl `setup --skip-controller`, warm",
            bench.albctl(slow, &setup_aws).expect_exit(0, "setup (warm, latency)"),
        ),
        DepthRow::new(
            "albctl `setup --skip-controller --check`, converged",
            bench.albctl(slow, &check).expect_exit(0, "setup --check (latency)"),
        ),
    ];
    bench.fresh_account().await;
    rows.push(DepthRow::new("manual flow (aws CLI), cold", bench.manual(slow).expect_exit(0, "manual flow (latency)")));
    rows
}

/// AWS calls and times of each command, cold then warm, and the short timings.
async fn commands(bench: &Bench, report: &mut Report) {
    let c = CLUSTER;
    let proxy = &bench.env.proxy;
    bench.fresh_account().await;
    let cold: [(&[&str], i32); 6] = [
        (&["setup", "--cluster", c, "--skip-controller", "--dry-run"], 0),
        (&["setup", "--cluster", c, "--skip-controller", "--check"], 1),
        (&["oidc", "associate", "--cluster", c], 0),
        (&["policy", "create"], 0),
        (&["iamserviceaccount", "create", "--cluster", c, "--role-only"], 0),
        (&["subnets", "tag", "--cluster", c], 0),
    ];
    for (args, code) in cold {
        let outcome = bench.albctl(proxy, args).expect_exit(code, &args.join(" "));
        report.commands.push(CommandRow::new(args, "fresh account", outcome));
    }
    // The rest of the Kubernetes side too, so doctor sees a converged installation.
    let kube = if bench.args.aws_only { None } else { Some(KubeApiServer::start()) };
    if let Some(kube) = &kube {
        bench.albctl_kube(kube, &["setup", "--cluster", c]).await.expect_exit(0, "setup end to end");
    }
    let kubeconfig = kube.as_ref().map(|k| k.kubeconfig().to_string_lossy().into_owned());
    let warm: [(&[&str], i32); 9] = [
        (&["setup", "--cluster", c, "--skip-controller", "--check"], 0),
        (&["oidc", "associate", "--cluster", c], 0),
        (&["policy", "create"], 0),
        (&["iamserviceaccount", "create", "--cluster", c, "--role-only"], 0),
        (&["subnets", "tag", "--cluster", c], 0),
        (&["oidc", "show", "--cluster", c], 0),
        (&["policy", "diff"], 0),
        (&["subnets", "list", "--cluster", c], 0),
        (&["render", "--cluster", c], 0),
    ];
    for (args, code) in warm {
        let outcome = bench.albctl(proxy, args).expect_exit(code, &args.join(" "));
        report.commands.push(CommandRow::new(args, "converged", outcome));
    }
    let state = if kube.is_some() { "converged (AWS and cluster)" } else { "converged" };

    // doctor with cluster access when there is a cluster; its exit code is reported, not judged.
    let mut doctor: Vec<&str> = vec!["doctor", "--cluster", c];
    if let Some(k) = &kubeconfig {
        doctor.extend(["--kubeconfig", k.as_str()]);
    }
    let runs: Vec<Outcome> = (0..bench.args.runs).map(|_| bench.albctl(proxy, &doctor)).collect();
    let slow_doctor = bench.albctl(&bench.slow, &doctor);
    report.depth.push(DepthRow::new(&format!("albctl `doctor`, {state}"), slow_doctor));
    report.commands.push(CommandRow::new(&doctor[..3], state, runs[0].clone()));
    report.doctor = runs;

    let offline = [
        "render",
        "--cluster",
        c,
        "--region",
        "us-west-2",
        "--vpc-id",
        "vpc-0abc",
        "--role-arn",
        "arn:aws:iam::123456789012:role/AmazonEKSLoadBalancerControllerRole-eks-demo",
    ];
    report.render_offline =
        (0..bench.args.runs).map(|_| bench.albctl(proxy, &offline).expect_exit(0, "render (offline)")).collect();
    report.render_online = (0..bench.args.runs)
        .map(|_| bench.albctl(proxy, &["render", "--cluster", c]).expect_exit(0, "render"))
        .collect();
    report.help =
        (0..bench.args.runs.max(20)).map(|_| bench.albctl(proxy, &["--help"]).expect_exit(0, "--help")).collect();

    // Last, as it undoes everything: teardown, planned and then for real.
    let mut teardown: Vec<&str> = vec!["teardown", "--cluster", c];
    match &kubeconfig {
        Some(k) => teardown.extend(["--kubeconfig", k.as_str()]),
        None => teardown.push("--skip-kubernetes"),
    }
    let planned: Vec<&str> = teardown.iter().copied().chain(["--dry-run"]).collect();
    let outcome = bench.albctl(proxy, &planned).expect_exit(0, "teardown --dry-run");
    report.commands.push(CommandRow::new(&["teardown", "--cluster", c, "--dry-run"], state, outcome));
    let outcome = bench.albctl(proxy, &teardown).expect_exit(0, "teardown");
    report.commands.push(CommandRow::new(&["teardown", "--cluster", c], state, outcome));
}

fn version_of(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .map(|o| format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr)))
        .and_then(|s| s.lines().next().map(str::trim).map(str::to_string))
        .unwrap_or_else(|| "unknown".into())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let bin: PathBuf = common::env::albctl_bin();
    if !bin.is_file() {
        eprintln!("ALBCTL_BIN={} is not a file: run bench/run.sh (it builds albctl in release)", bin.display());
        return ExitCode::from(2);
    }
    progress("starting moto_server and the proxies (one recording, one adding latency)");
    let env = AwsEnv::start();
    let slow = AwsProxy::start(&env.moto.url, &["--delay-ms", &args.latency_ms.to_string()]);
    let mut report = Report {
        latency: Duration::from_millis(args.latency_ms),
        binary_size: std::fs::metadata(&bin).map(|m| m.len()).unwrap_or(0),
        environment: format!(
            "{}; moto {}; {}; {} CPUs",
            version_of(bin.to_str().unwrap_or_default(), &["--version"]),
            version_of("python3", &["-c", "import moto; print(moto.__version__)"]),
            version_of("aws", &["--version"]),
            std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0),
        ),
        ..Report::default()
    };
    let bench = Bench { env, slow, bin, args };

    progress(&format!("{} pairs: albctl setup (cold, warm) and the manual flow, alternating", bench.args.pairs));
    report.pairs = pairs(&bench).await;
    progress(&format!("sequential depth: {} ms per AWS request", bench.args.latency_ms));
    report.depth = depth(&bench).await;
    progress("AWS calls per command, render, doctor, --help");
    commands(&bench, &mut report).await;
    print!("{}", report::markdown(&report));
    ExitCode::SUCCESS
}

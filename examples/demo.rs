//! The demo behind `scripts/demo.sh`: albctl's main job end to end on local emulators.
//!
//! It starts moto_server behind the recording proxy (the test harness's own code), builds the
//! fixture account (VPC, internet and NAT gateways, public and private subnets in 3 AZs, EKS
//! cluster `eks-demo`) with the AWS SDK, then runs the real albctl binary (`$ALBCTL_BIN`) twice:
//! once on the fresh account and once more to show that a converged account gets zero writes.

#[path = "../tests/common/mod.rs"]
mod common;

use std::process::ExitCode;

use common::{AwsEnv, CallLog, fixture};

const CLUSTER: &str = "eks-demo";

fn banner(text: &str) {
    println!("\n\x1b[1m==> {text}\x1b[0m");
}

fn run(env: &AwsEnv, args: &[&str]) -> bool {
    println!("$ albctl {}", args.join(" "));
    let started = std::time::Instant::now();
    let status = env.command(common::env::albctl_bin()).args(args).status().expect("running albctl");
    let calls = env.proxy.calls();
    println!(
        "({} ms; AWS calls: {} reads, {} writes; exit {})",
        started.elapsed().as_millis(),
        calls.reads().len(),
        calls.writes().len(),
        status.code().unwrap_or(-1)
    );
    env.proxy.reset();
    status.success()
}

#[tokio::main]
async fn main() -> ExitCode {
    banner("starting moto_server (AWS emulator) and the call-recording proxy on 127.0.0.1");
    let env = AwsEnv::start();
    println!("moto at {}, albctl talks to the proxy at {}", env.moto.url, env.proxy.url);

    banner(&format!("building the fixture account: VPC, subnets in 3 AZs, EKS cluster {CLUSTER}"));
    let fx = fixture::build(&env, CLUSTER).await;
    println!("VPC {} (DescribeCluster reports no vpcId: albctl derives it from the subnets)", fx.vpc_id);
    println!("public subnets  {} (route 0.0.0.0/0 -> {})", fx.public_subnets.join(" "), fx.igw_id);
    println!("private subnets {} (route 0.0.0.0/0 -> {})", fx.private_subnets.join(" "), fx.nat_id);
    println!("OIDC issuer {}", fx.issuer);

    let ok = [
        ("what albctl would do (read-only)", vec!["setup", "--cluster", CLUSTER, "--skip-controller", "--dry-run"]),
        ("albctl setup: the AWS half", vec!["setup", "--cluster", CLUSTER, "--skip-controller"]),
        ("again: a converged account makes zero writes", vec!["setup", "--cluster", CLUSTER, "--skip-controller"]),
        ("the subnets as the controller will discover them", vec!["subnets", "list", "--cluster", CLUSTER]),
        ("a CI drift gate", vec!["setup", "--cluster", CLUSTER, "--skip-controller", "--check"]),
    ]
    .into_iter()
    .all(|(title, args)| {
        banner(title);
        run(&env, &args)
    });
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

//! The demo behind `scripts/demo.sh`: albctl's main job end to end on local emulators.
//!
//! It starts moto_server behind the recording proxy and a real kube-apiserver (the newest
//! Kubernetes minor EKS offers, built by `scripts/test-deps.sh`) with etcd (the test harness's own code), builds the fixture account (VPC, internet and NAT gateways,
//! public and private subnets in 3 AZs, EKS cluster `eks-demo`) with the AWS SDK, then runs the
//! real albctl binary (`$ALBCTL_BIN`): `setup` on the fresh account and cluster, and again to
//! show that a converged setup makes zero writes. There is no kubelet, so the demo plays its
//! part: once the controller Deployment exists it marks it Available and gives the webhook
//! Service a ready endpoint, which is what `setup` waits for before it adds the webhooks.

#[path = "../tests/common/mod.rs"]
mod common;

use std::process::ExitCode;

use common::kube::{KubeApiServer, Kubelet};
use common::{AwsEnv, CallLog, fixture};

const CLUSTER: &str = "eks-demo";

fn banner(text: &str) {
    println!("\n\x1b[1m==> {text}\x1b[0m");
}

async fn run(env: &AwsEnv, kube: &KubeApiServer, args: &[&str]) -> bool {
    println!("$ albctl {}", args.join(" "));
    let kubeconfig = kube.kubeconfig();
    let started = std::time::Instant::now();
    let mut child = env
        .command(common::env::albctl_bin())
        .args(args)
        .args(["--kubeconfig", kubeconfig.to_str().unwrap_or_default()])
        .spawn()
        .expect("running albctl");
    let kubelet = Kubelet::start(&kube.client().await);
    let status = tokio::task::spawn_blocking(move || child.wait().expect("waiting for albctl"))
        .await
        .expect("waiting for albctl");
    kubelet.stop().await;
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
    banner("starting kube-apiserver and etcd on 127.0.0.1 (no kubelet: the demo plays its part)");
    let kube = KubeApiServer::start();
    let version = kube.client().await.apiserver_version().await.expect("GET /version").git_version;
    println!("API server at {}: Kubernetes {version} (etcd {})", kube.url, common::kube::ETCD_VERSION);

    banner(&format!("building the fixture account: VPC, subnets in 3 AZs, EKS cluster {CLUSTER}"));
    let fx = fixture::build(&env, CLUSTER).await;
    println!("EKS cluster {CLUSTER}: Kubernetes {}", fixture::eks_version(&version));
    println!("VPC {} (DescribeCluster reports no vpcId: albctl derives it from the subnets)", fx.vpc_id);
    println!("public subnets  {} (route 0.0.0.0/0 -> {})", fx.public_subnets.join(" "), fx.igw_id);
    println!("private subnets {} (route 0.0.0.0/0 -> {})", fx.private_subnets.join(" "), fx.nat_id);
    println!("OIDC issuer {}", fx.issuer);

    let steps = [
        ("what albctl would do (read-only)", vec!["setup", "--cluster", CLUSTER, "--dry-run"]),
        ("albctl setup: AWS half, then the controller", vec!["setup", "--cluster", CLUSTER]),
        ("again: converged, zero writes", vec!["setup", "--cluster", CLUSTER]),
        ("the subnets as the controller will discover them", vec!["subnets", "list", "--cluster", CLUSTER]),
        ("a CI drift gate", vec!["setup", "--cluster", CLUSTER, "--check"]),
        ("doctor: every known way setup breaks, checked (read-only)", vec!["doctor", "--cluster", CLUSTER]),
        ("what teardown would remove (read-only)", vec!["teardown", "--cluster", CLUSTER, "--dry-run"]),
    ];
    for (title, args) in steps {
        banner(title);
        if !run(&env, &kube, &args).await {
            return ExitCode::FAILURE;
        }
    }
    ExitCode::SUCCESS
}

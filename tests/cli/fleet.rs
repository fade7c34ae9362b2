//! Fleet mode (`--all-clusters`) against moto and real kube-apiservers: clusters in several
//! regions, each judged by the single-cluster path, one result each, the exit code the worst;
//! a denied cluster and an API server that never answers are those clusters' results, never
//! the run's; nothing is written; writing runs are refused.

use std::net::TcpListener;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::kube::{KubeApiServer, Kubelet};
use crate::common::{AwsEnv, CallLog, assert_exit, fixture, fixture::OrPanic, json_of, snapshot, stderr, stdout};

const NS: &str = "kube-system";

/// Builds a fixture cluster (looking like real EKS: vpcId in DescribeCluster) in `region`;
/// returns its ARN.
async fn cluster_in(aws: &mut AwsEnv, region: &str, name: &str) -> String {
    let home = std::mem::replace(&mut aws.region, region.to_string());
    fixture::build_with_vpc_id(aws, name).await;
    let out = aws_sdk_eks::Client::new(&aws.sdk().await)
        .describe_cluster()
        .name(name)
        .send()
        .await
        .or_panic("eks:DescribeCluster");
    aws.region = home;
    out.cluster().and_then(|c| c.arn()).expect("a cluster ARN").to_string()
}

/// A kubeconfig with one context per `(context name, server URL, CA file, token)`.
fn kubeconfig(dir: &Path, contexts: &[(&str, &str, &Path, &str)]) -> PathBuf {
    let clusters: Vec<Value> = contexts
        .iter()
        .enumerate()
        .map(|(i, (_, url, ca, _))| json!({"name": format!("c{i}"), "cluster": {"server": url, "certificate-authority": ca.display().to_string()}}))
        .collect();
    let users: Vec<Value> = contexts
        .iter()
        .enumerate()
        .map(|(i, (_, _, _, token))| json!({"name": format!("u{i}"), "user": {"token": token}}))
        .collect();
    let named: Vec<Value> = contexts
        .iter()
        .enumerate()
        .map(|(i, (name, ..))| json!({"name": name, "context": {"cluster": format!("c{i}"), "user": format!("u{i}")}}))
        .collect();
    let config = json!({"apiVersion": "v1", "kind": "Config", "clusters": clusters, "users": users, "contexts": named});
    let path = dir.join("kubeconfig");
    std::fs::write(&path, serde_json::to_string_pretty(&config).unwrap()).unwrap();
    path
}

/// `setup` of one cluster onto `server`, playing kubelet until the controller is Ready.
async fn set_up(aws: &AwsEnv, server: &KubeApiServer, cluster: &str) {
    let kubelet = Kubelet::start(&server.client().await);
    let kubeconfig = server.kubeconfig();
    let out =
        aws.albctl(&["setup", "--cluster", cluster, "--kubeconfig", kubeconfig.to_str().unwrap(), "--timeout", "30s"]);
    kubelet.stop().await;
    assert_exit(&out, 0);
}

fn by_cluster(doc: &Value) -> std::collections::BTreeMap<String, Value> {
    doc["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["cluster"].as_str().unwrap().to_string(), c.clone()))
        .collect()
}

fn failed_codes(cluster: &Value) -> Vec<String> {
    cluster["checks"]
        .as_array()
        .map(|checks| {
            checks.iter().filter(|c| c["status"] == "fail").map(|c| c["code"].as_str().unwrap().to_string()).collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn three_regions_each_cluster_judged_on_its_own_and_nothing_written() {
    let mut aws = AwsEnv::start();
    let (one, two) = (KubeApiServer::start(), KubeApiServer::start());
    let alpha = cluster_in(&mut aws, "us-west-2", "alpha").await;
    let beta = cluster_in(&mut aws, "eu-west-1", "beta").await;
    cluster_in(&mut aws, "ap-southeast-2", "gamma").await;
    set_up(&aws, &one, "alpha").await;
    let dir = tempfile::tempdir().unwrap();
    // alpha and beta are reachable through contexts named by their ARNs; gamma has none.
    let config = kubeconfig(
        dir.path(),
        &[(&alpha, &one.url, &one.ca_file, &one.token), (&beta, &two.url, &two.ca_file, &two.token)],
    );
    let config = config.to_str().unwrap();

    let aws_before = snapshot::aws(&aws).await;
    let (c1, c2) = (one.client().await, two.client().await);
    let (kube1_before, kube2_before) = (snapshot::kube(&c1, NS).await, snapshot::kube(&c2, NS).await);
    aws.proxy.reset();

    let regions = "us-west-2,eu-west-1,ap-southeast-2";
    let out = aws.albctl(&["doctor", "--all-clusters", "--regions", regions, "--kubeconfig", config, "-o", "json"]);
    assert_exit(&out, 1);
    let doc = json_of(&out);
    assert_eq!(doc["schema_version"], "albctl.v1");
    assert_eq!(
        doc["summary"],
        json!({"regions": 3, "clusters": 3, "ok": 1, "failed": 2, "not_judged": 0, "exit_code": 1})
    );
    let clusters = by_cluster(&doc);
    let (a, b, g) = (&clusters["alpha"], &clusters["beta"], &clusters["gamma"]);
    assert_eq!((a["region"].as_str(), a["exit_code"].as_u64()), (Some("us-west-2"), Some(0)), "{a:#}");
    assert_eq!(a["summary"]["fail"], 0, "{:?}", failed_codes(a));
    // Every check of the catalogue runs on every cluster, whatever the catalogue holds.
    let catalogue = json_of(&aws.albctl(&["doctor", "--list-checks", "-o", "json"]));
    let codes = |checks: &Value| -> Vec<String> {
        checks.as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap().to_string()).collect()
    };
    for c in [a, b, g] {
        assert_eq!(codes(&c["checks"]), codes(&catalogue["checks"]), "{}", c["cluster"]);
    }
    assert_eq!(a["controller_version_found"], "v3.5.0");
    assert_eq!(a["kubernetes_version"], crate::common::fixture::eks_version(crate::common::kube::CURRENT_VERSION));
    // beta: nothing set up; its (empty) API server was read, so the Kubernetes checks judge it.
    assert_eq!((b["region"].as_str(), b["exit_code"].as_u64()), (Some("eu-west-1"), Some(1)), "{b:#}");
    let beta_failed = failed_codes(b);
    for code in ["OIDC001", "IAM001", "K8S001", "K8S011"] {
        assert!(beta_failed.iter().any(|c| c == code), "beta should fail {code}: {beta_failed:?}");
    }
    assert!(b.get("kubernetes_skipped").is_none(), "{b:#}");
    // gamma: no context for it, so its AWS checks run and the Kubernetes ones are skipped.
    assert_eq!((g["region"].as_str(), g["exit_code"].as_u64()), (Some("ap-southeast-2"), Some(1)), "{g:#}");
    assert!(g["kubernetes_skipped"].as_str().unwrap().contains("cluster/gamma"), "{g:#}");
    let gamma_failed = failed_codes(g);
    assert!(
        gamma_failed.iter().any(|c| c == "OIDC001") && !gamma_failed.iter().any(|c| c.starts_with("K8S")),
        "{gamma_failed:?}"
    );
    let skipped_k8s = g["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["area"] == "kubernetes")
        .all(|c| c["status"] == "skip" || c["status"] == "skipped");
    assert!(skipped_k8s, "{:#}", g["checks"]);

    // The policy and the ELB service-linked role are read once for the account, not per cluster.
    let calls = aws.proxy.calls();
    assert_eq!(calls.count("GetCallerIdentity"), 1, "{:?}", calls.operations());
    assert_eq!(calls.count("ListClusters"), 3, "{:?}", calls.operations());
    let slr_reads = calls.iter().filter(|c| c.operation == "GetRole").count();
    assert_eq!(
        slr_reads,
        3 + 1,
        "one GetRole per cluster's role plus one for the service-linked role: {:?}",
        calls.operations()
    );
    assert_eq!(calls.count("GetPolicy"), 1, "{:?}", calls.operations());

    // The drift gate over the same clusters: alpha converged, beta and gamma drifted.
    let out =
        aws.albctl(&["setup", "--check", "--all-clusters", "--regions", regions, "--kubeconfig", config, "-o", "json"]);
    assert_exit(&out, 1);
    let doc = json_of(&out);
    let clusters = by_cluster(&doc);
    assert_eq!(clusters["alpha"]["exit_code"], 0, "{:#}", clusters["alpha"]);
    assert_eq!(clusters["alpha"]["changed"], false);
    assert!(clusters["alpha"]["controller"]["objects"].as_array().is_some_and(|o| !o.is_empty()));
    for name in ["beta", "gamma"] {
        assert_eq!(clusters[name]["exit_code"], 1, "{:#}", clusters[name]);
        assert_eq!(clusters[name]["mode"], "check");
    }
    assert!(clusters["gamma"]["kubernetes_skipped"].is_string());

    // Text: one line per cluster, then the summary.
    let out = aws.albctl(&["doctor", "--all-clusters", "--regions", regions, "--kubeconfig", config]);
    assert_exit(&out, 1);
    let text = stdout(&out);
    let lines: Vec<&str> =
        text.lines().filter(|l| l.contains(" alpha ") || l.contains(" beta ") || l.contains(" gamma ")).collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(text.contains("3 clusters in 3 regions: 1 ok, 2 failed, 0 could not be judged"), "{text}");
    assert!(lines.iter().any(|l| l.starts_with("ok") && l.contains("alpha") && l.contains("v3.5.0")), "{text}");
    assert!(stderr(&out).is_empty(), "no progress without a terminal: {}", stderr(&out));

    // `--regions all` finds the same three (every region moto enables); a glob narrows them.
    let out = aws.albctl(&["doctor", "--all-clusters", "--regions", "all", "--kubeconfig", config, "-o", "json"]);
    let found: Vec<String> = by_cluster(&json_of(&out)).into_keys().collect();
    assert_eq!(found, ["alpha", "beta", "gamma"]);
    let out =
        aws.albctl(&["doctor", "--all-clusters", "--regions", regions, "--clusters-matching", "?eta", "-o", "json"]);
    let found: Vec<String> = by_cluster(&json_of(&out)).into_keys().collect();
    assert_eq!(found, ["beta"]);

    // Nothing was written, on AWS or on either API server.
    let calls = aws.proxy.calls();
    assert!(calls.writes().is_empty(), "fleet runs wrote: {:?}", calls.writes());
    snapshot::assert_same("AWS", &aws_before, &snapshot::aws(&aws).await);
    assert_eq!(snapshot::kube(&c1, NS).await.versions, kube1_before.versions, "alpha's API server was written");
    assert_eq!(snapshot::kube(&c2, NS).await.versions, kube2_before.versions, "beta's API server was written");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_denied_cluster_and_a_silent_api_server_are_their_clusters_results() {
    let mut aws = AwsEnv::start_with_proxy_options(&["--deny", "DescribeCluster@/clusters/locked"]);
    let server = KubeApiServer::start();
    let open = cluster_in(&mut aws, "us-west-2", "open").await;
    cluster_in(&mut aws, "us-west-2", "locked").await;
    let silent = cluster_in(&mut aws, "eu-west-1", "silent").await;
    // An API server that accepts connections and never answers.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_url = format!("https://{}", listener.local_addr().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let config = kubeconfig(
        dir.path(),
        &[(&open, &server.url, &server.ca_file, &server.token), (&silent, &silent_url, &server.ca_file, "x")],
    );

    let started = std::time::Instant::now();
    let out = aws.albctl(&[
        "doctor",
        "--all-clusters",
        "--regions",
        "us-west-2,eu-west-1",
        "--kubeconfig",
        config.to_str().unwrap(),
        "-o",
        "json",
    ]);
    let elapsed = started.elapsed();
    assert_exit(&out, 2);
    let doc = json_of(&out);
    assert_eq!(
        doc["summary"],
        json!({"regions": 2, "clusters": 3, "ok": 0, "failed": 2, "not_judged": 1, "exit_code": 2})
    );
    let clusters = by_cluster(&doc);
    let locked = &clusters["locked"];
    assert_eq!(locked["exit_code"], 2, "{locked:#}");
    let message = locked["error"]["message"].as_str().unwrap();
    assert!(message.contains("access denied calling eks:DescribeCluster"), "{message}");
    // The silent one: AWS checks judged, Kubernetes skipped with the reason.
    let s = &clusters["silent"];
    assert_eq!(s["exit_code"], 1, "{s:#}");
    assert!(s["kubernetes_skipped"].as_str().unwrap().contains("did not answer"), "{s:#}");
    // The open one was read in full meanwhile.
    let o = &clusters["open"];
    assert_eq!(o["exit_code"], 1, "{o:#}");
    assert!(o.get("kubernetes_skipped").is_none(), "{o:#}");
    assert!(failed_codes(o).iter().any(|c| c == "K8S001"), "{:?}", failed_codes(o));
    assert!(elapsed < std::time::Duration::from_secs(60), "the silent server held the run for {elapsed:?}");
    assert!(aws.proxy.calls().writes().is_empty());
    drop(listener);
}

#[tokio::test(flavor = "multi_thread")]
async fn all_clusters_is_refused_for_a_writing_run_before_any_call() {
    let mut aws = AwsEnv::start();
    cluster_in(&mut aws, "us-west-2", "alpha").await;
    aws.proxy.reset();
    for args in [
        &["setup", "--all-clusters"][..],
        &["setup", "--all-clusters", "--skip-controller"],
        &["setup", "--all-clusters", "--dry-run"],
        &["setup", "--all-clusters", "--regions", "all", "-o", "json"],
    ] {
        let out = aws.albctl(args);
        assert_exit(&out, 2);
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.contains("--all-clusters is only for read-only runs") && err.contains("setup --check --all-clusters"),
            "{err}"
        );
    }
    assert!(aws.proxy.calls().is_empty(), "refused runs called AWS: {:?}", aws.proxy.calls().operations());
    assert!(aws.proxy.calls().writes().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn fleet_doctor_judges_one_pod_identity_role_shared_by_two_clusters() {
    let mut aws = AwsEnv::start();
    let region = aws.region.clone();
    let (one, two) = (KubeApiServer::start(), KubeApiServer::start());
    let alpha = cluster_in(&mut aws, &region, "alpha").await;
    let beta = cluster_in(&mut aws, &region, "beta").await;
    for (server, cluster) in [(&one, "alpha"), (&two, "beta")] {
        crate::common::eks_double::create_addon(&aws, cluster, "eks-pod-identity-agent");
        let kubelet = Kubelet::start(&server.client().await);
        let kubeconfig = server.kubeconfig();
        let out = aws.albctl(&[
            "setup",
            "--cluster",
            cluster,
            "--kubeconfig",
            kubeconfig.to_str().unwrap(),
            "--role-name",
            "lbc-shared",
            "--timeout",
            "30s",
        ]);
        kubelet.stop().await;
        assert_exit(&out, 0);
    }
    let dir = tempfile::tempdir().unwrap();
    let config = kubeconfig(
        dir.path(),
        &[(&alpha, &one.url, &one.ca_file, &one.token), (&beta, &two.url, &two.ca_file, &two.token)],
    );
    let config = config.to_str().unwrap();
    let fleet_doctor = || {
        let out = aws.albctl(&[
            "doctor",
            "--all-clusters",
            "--regions",
            &region,
            "--role-name",
            "lbc-shared",
            "--kubeconfig",
            config,
            "-o",
            "json",
        ]);
        by_cluster(&json_of(&out))
    };
    let status = |cluster: &Value, code: &str| -> String {
        let check = cluster["checks"].as_array().unwrap().iter().find(|c| c["code"] == code).cloned();
        check.map(|c| c["status"].as_str().unwrap().to_string()).unwrap_or_else(|| panic!("no {code} in {cluster:#}"))
    };
    let clusters = fleet_doctor();
    for name in ["alpha", "beta"] {
        let cluster = &clusters[name];
        for code in ["IAM001", "IAM006", "IAM010", "IAM012", "IAM013"] {
            assert_eq!(status(cluster, code), "pass", "{name} {code}: {cluster:#}");
        }
    }

    // One cluster's association gone: that cluster fails IAM012, the other still passes.
    let (id, ..) = crate::common::eks_double::associations(&aws, "beta").remove(0);
    crate::common::eks_double::delete_association(&aws, "beta", &id);
    let clusters = fleet_doctor();
    assert_eq!(status(&clusters["alpha"], "IAM012"), "pass", "{:#}", clusters["alpha"]);
    assert_eq!(status(&clusters["beta"], "IAM012"), "fail", "{:#}", clusters["beta"]);
}

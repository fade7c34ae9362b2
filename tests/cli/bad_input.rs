//! Bad input across commands: flags, names, regions, files, and malformed state already in AWS
//! or Kubernetes. Each case exits 2 (or 1 where the honest answer is "no"), prints exactly one
//! stderr line that names the problem (and what to do), and writes nothing: zero write calls in
//! the proxy's log, and no resourceVersion changed in the API server.

use std::collections::BTreeMap;
use std::process::Output;

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::Api;
use kube::api::{DynamicObject, ListParams, PostParams};
use serde_json::json;

use crate::common::kube::{KubeApiServer, Kubelet, wait_established, wait_gone};
use crate::common::wait;
use crate::common::wait::ALBCTL_TIMEOUT;
use crate::common::{AwsEnv, CallLog, Fixture, fixture, fixture::OrPanic, stderr, stdout};

const CLUSTER: &str = "demo";
const ROLE: &str = "AmazonEKSLoadBalancerControllerRole-demo";

/// One bad-input case: arguments, environment changes, the exit code and a stderr needle.
struct Case {
    name: &'static str,
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
    unset: Vec<&'static str>,
    code: i32,
    needle: &'static str,
}

fn case(name: &'static str, args: &[&str], needle: &'static str) -> Case {
    Case { name, args: args.iter().map(|s| s.to_string()).collect(), env: vec![], unset: vec![], code: 2, needle }
}

fn setup_with(extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = ["setup", "--cluster", CLUSTER, "--skip-controller"].map(String::from).to_vec();
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

/// Checks one run: exit code, one stderr line containing `needle`, zero AWS writes so far.
fn check(env: &AwsEnv, name: &str, out: &Output, code: i32, needle: &str) -> Result<(), String> {
    let err = stderr(out);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut problems = Vec::new();
    if out.status.code() != Some(code) {
        problems.push(format!("exit {:?}, want {code}", out.status.code()));
    }
    if code == 2 && (lines.len() != 1 || !lines[0].starts_with("error: ")) {
        problems.push(format!("{} stderr lines, want one `error: ...` line", lines.len()));
    }
    if code == 1 && lines.len() > 1 {
        problems.push(format!("{} stderr lines, want at most one", lines.len()));
    }
    let text = if code == 2 { err.clone() } else { format!("{}{err}", stdout(out)) };
    if !text.contains(needle) {
        problems.push(format!("output lacks {needle:?}"));
    }
    let writes = env.proxy.calls();
    if !writes.writes().is_empty() {
        problems.push(format!("AWS writes: {:?}", writes.writes()));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{name}: {}\n--- stderr ---\n{err}--- stdout ---\n{}", problems.join("; "), stdout(out)))
    }
}

fn run_cases(env: &AwsEnv, cases: &[Case]) -> Vec<String> {
    let mut failures = Vec::new();
    for c in cases {
        let args: Vec<&str> = c.args.iter().map(String::as_str).collect();
        let extra: Vec<(&str, &str)> = c.env.iter().map(|(k, v)| (*k, v.as_str())).collect();
        env.proxy.reset();
        let out = env.albctl_with_env(&args, &extra, &c.unset);
        if let Err(e) = check(env, c.name, &out, c.code, c.needle) {
            failures.push(e);
        }
    }
    failures
}

fn write_file(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("writing a test file");
    path.display().to_string()
}

/// Cases that need only the AWS side (or nothing at all).
fn aws_cases(dir: &std::path::Path) -> Vec<Case> {
    let long_role = "r".repeat(65);
    let not_yaml = write_file(dir, "not-yaml.yaml", "replicaCount: [1, 2\n");
    let wrong_type = write_file(dir, "wrong-type.yaml", "replicaCount: two\n");
    let not_a_map = write_file(dir, "list.yaml", "- replicaCount\n");
    let bad_policy_file = write_file(dir, "policy.json", "{\"Version\": \"2012-10-17\", \"Statement\": [");
    let missing = dir.join("missing.yaml").display().to_string();
    let cases = vec![
        // Flags.
        case("unknown flag", &["setup", "--cluster", CLUSTER, "--frobnicate"], "--frobnicate"),
        case("unknown command", &["frobnicate"], "frobnicate"),
        case("bad --output", &["setup", "--cluster", CLUSTER, "-o", "xml"], "xml"),
        case("bad --identity", &["setup", "--cluster", CLUSTER, "--identity", "iam-user"], "iam-user"),
        case("bad --cluster-tag", &["subnets", "tag", "--cluster", CLUSTER, "--cluster-tag", "maybe"], "maybe"),
        case(
            "bad --subnets-from",
            &["subnets", "list", "--cluster", CLUSTER, "--subnets-from", "everywhere"],
            "everywhere",
        ),
        case("bad --timeout", &["setup", "--cluster", CLUSTER, "--timeout", "5parsecs"], "5parsecs"),
        case("--dry-run with --check", &["setup", "--cluster", CLUSTER, "--dry-run", "--check"], "--check"),
        case("-v with -q", &["setup", "--cluster", CLUSTER, "-v", "-q"], "--quiet"),
        case("bad --color", &["setup", "--cluster", CLUSTER, "--color", "sometimes"], "sometimes"),
        case("unknown shell", &["completions", "tcsh"], "tcsh"),
        case("missing --cluster", &["setup", "--skip-controller"], "--cluster"),
        // Names.
        case(
            "cluster name with a slash",
            &["setup", "--cluster", "bad/name", "--skip-controller"],
            "not a valid EKS cluster name",
        ),
        case(
            "cluster that does not exist",
            &["setup", "--cluster", "nope", "--skip-controller"],
            "'nope' not found in region us-west-2",
        ),
        Case { args: setup_with(&["--role-name", &long_role]), ..case("role name over 64", &[], "65 characters") },
        Case { args: setup_with(&["--role-name", "bad role!"]), ..case("role name with a space", &[], "bad role!") },
        Case {
            args: setup_with(&["--policy-name", "bad*policy"]),
            ..case("policy name with a star", &[], "bad*policy")
        },
        Case { args: setup_with(&["-n", "Kube_System"]), ..case("namespace not a DNS label", &[], "--namespace") },
        Case {
            args: setup_with(&["--service-account", "SA_1"]),
            ..case("service account not a DNS name", &[], "--service-account")
        },
        Case {
            args: setup_with(&["--public-subnets", "subnet-0000000000000dead"]),
            ..case("public subnet that does not exist", &[], "subnet subnet-0000000000000dead not found")
        },
        Case {
            args: ["subnets", "tag", "--cluster", CLUSTER, "--public-subnets", "subnet-0000000000000beef"]
                .map(String::from)
                .to_vec(),
            ..case("subnets tag with a subnet that does not exist", &[], "subnet subnet-0000000000000beef not found")
        },
        Case {
            args: setup_with(&["--private-subnets", "not-a-subnet"]),
            ..case("private subnet id malformed", &[], "not-a-subnet")
        },
        case("unknown partition", &["policy", "show", "--partition", "aws-moon"], "unknown AWS partition 'aws-moon'"),
        // Regions and credentials.
        Case {
            args: setup_with(&["--region", "eu-central-1"]),
            ..case("cluster in another region", &[], "not found in region eu-central-1")
        },
        Case { args: setup_with(&["--region", "us west 2"]), ..case("region with spaces", &[], "us west 2") },
        Case { unset: vec!["AWS_REGION"], args: setup_with(&[]), ..case("no region", &[], "no AWS Region configured") },
        Case {
            unset: vec!["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
            args: setup_with(&[]),
            ..case("no credentials", &[], "no AWS credentials found")
        },
        Case {
            env: vec![("AWS_REGION", "Us-West-2".into())],
            args: setup_with(&[]),
            ..case("AWS_REGION not a Region name", &[], "Us-West-2")
        },
        // Files.
        Case {
            args: ["render", "--region", "us-west-2", "--vpc-id", "vpc-1", "--cluster", CLUSTER, "-f", &missing]
                .map(String::from)
                .to_vec(),
            ..case("values file missing", &[], "missing.yaml")
        },
        Case {
            args: ["render", "--region", "us-west-2", "--vpc-id", "vpc-1", "--cluster", CLUSTER, "-f", &not_yaml]
                .map(String::from)
                .to_vec(),
            ..case("values file not YAML", &[], "not-yaml.yaml")
        },
        Case {
            args: ["render", "--region", "us-west-2", "--vpc-id", "vpc-1", "--cluster", CLUSTER, "-f", &wrong_type]
                .map(String::from)
                .to_vec(),
            ..case("values file with a wrong type", &[], "replicaCount")
        },
        Case {
            args: ["render", "--region", "us-west-2", "--vpc-id", "vpc-1", "--cluster", CLUSTER, "-f", &not_a_map]
                .map(String::from)
                .to_vec(),
            ..case("values file that is a list", &[], "list.yaml")
        },
        Case {
            args: ["policy", "diff", "--partition", "aws", "--file", &bad_policy_file].map(String::from).to_vec(),
            ..case("policy file not JSON", &[], "policy.json")
        },
        Case {
            args: ["setup", "--cluster", CLUSTER, "-f", &wrong_type].map(String::from).to_vec(),
            ..case("setup with a bad values file writes nothing to AWS", &[], "replicaCount")
        },
        Case {
            args: ["policy", "diff", "--partition", "aws", "--file", &missing].map(String::from).to_vec(),
            ..case("policy file missing", &[], "missing.yaml")
        },
        Case {
            args: ["setup", "--cluster", CLUSTER, "--kubeconfig", &missing].map(String::from).to_vec(),
            ..case("kubeconfig missing", &[], "missing.yaml")
        },
    ];
    assert!(cases.iter().all(|c| !c.args.is_empty()), "every case has arguments");
    cases
}

#[tokio::test]
async fn bad_flags_names_regions_and_files_exit_2_with_one_line_and_no_writes() {
    let env = AwsEnv::start();
    fixture::build(&env, CLUSTER).await;
    let dir = tempfile::tempdir().expect("a temp dir");
    let cases = aws_cases(dir.path());
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let failures = run_cases(&env, &cases);
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}

async fn iam(env: &AwsEnv) -> aws_sdk_iam::Client {
    aws_sdk_iam::Client::new(&env.sdk().await)
}

#[tokio::test]
async fn malformed_state_in_aws_is_reported_in_one_line_without_writes() {
    let env = AwsEnv::start();
    let fx = fixture::build(&env, CLUSTER).await;
    // moto, unlike IAM, stores a trust policy that is not JSON.
    iam(&env)
        .await
        .create_role()
        .role_name(ROLE)
        .assume_role_policy_document("not json {")
        .send()
        .await
        .or_panic("CreateRole");
    let mut failures = Vec::new();
    let out = env.albctl(&setup_with(&[]).iter().map(String::as_str).collect::<Vec<_>>());
    failures.extend(check(&env, "trust policy not JSON", &out, 2, ROLE).err());
    let out = env.albctl(&setup_with(&["--check"]).iter().map(String::as_str).collect::<Vec<_>>());
    failures.extend(check(&env, "trust policy not JSON (--check)", &out, 2, ROLE).err());

    // A role that trusts another principal: refused, not adopted.
    iam(&env).await.delete_role().role_name(ROLE).send().await.or_panic("DeleteRole");
    let foreign = json!({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
    iam(&env)
        .await
        .create_role()
        .role_name(ROLE)
        .assume_role_policy_document(foreign.to_string())
        .send()
        .await
        .or_panic("CreateRole");
    let out = env.albctl(&setup_with(&[]).iter().map(String::as_str).collect::<Vec<_>>());
    failures.extend(check(&env, "role trusting another principal", &out, 2, "--adopt-role").err());

    // Drift is a negative answer under --check: exit 1, nothing written.
    let out = env.albctl(&setup_with(&["--check", "--adopt-role"]).iter().map(String::as_str).collect::<Vec<_>>());
    failures.extend(check(&env, "drift under --check", &out, 1, "Drift").err());
    let _ = fx;
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// resourceVersion of every object in the namespaces and cluster scope albctl writes to.
async fn versions(client: &kube::Client) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (group, version, kind, plural, namespaced) in [
        ("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false),
        ("", "v1", "ServiceAccount", "serviceaccounts", true),
        ("", "v1", "Secret", "secrets", true),
        ("", "v1", "Service", "services", true),
        ("apps", "v1", "Deployment", "deployments", true),
        ("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
        ("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
        ("rbac.authorization.k8s.io", "v1", "Role", "roles", true),
        ("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
        ("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false),
        ("admissionregistration.k8s.io", "v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false),
        (
            "admissionregistration.k8s.io",
            "v1",
            "ValidatingWebhookConfiguration",
            "validatingwebhookconfigurations",
            false,
        ),
    ] {
        let gvk = kube::core::GroupVersionKind::gvk(group, version, kind);
        let ar = kube::api::ApiResource::from_gvk_with_plural(&gvk, plural);
        let api: Api<DynamicObject> = if namespaced {
            Api::namespaced_with(client.clone(), "kube-system", &ar)
        } else {
            Api::all_with(client.clone(), &ar)
        };
        for o in api.list(&ListParams::default()).await.unwrap_or_else(|e| panic!("listing {kind}: {e}")) {
            let key = format!(
                "{kind}/{}/{}",
                o.metadata.namespace.clone().unwrap_or_default(),
                o.metadata.name.clone().unwrap_or_default()
            );
            out.insert(key, o.metadata.resource_version.clone().unwrap_or_default());
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_state_in_kubernetes_is_reported_in_one_line_without_writes() {
    let aws = AwsEnv::start();
    let _fx: Fixture = fixture::build(&aws, CLUSTER).await;
    let kube = KubeApiServer::start();
    let client = kube.client().await;
    let kubeconfig = kube.kubeconfig().display().to_string();
    let dir = tempfile::tempdir().expect("a temp dir");
    let k = |args: &[&str]| -> Vec<String> {
        let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        all.extend(["--cluster".into(), CLUSTER.into(), "--kubeconfig".into(), kubeconfig.clone()]);
        all
    };
    let mut failures = Vec::new();

    // A CRD of the controller's that Helm installed: not taken over, and nothing else written first.
    let crds: Api<CustomResourceDefinition> = Api::all(client.clone());
    let helm_crd: CustomResourceDefinition = serde_json::from_value(json!({
        "metadata": {"name": "targetgroupbindings.elbv2.k8s.aws",
            "labels": {"app.kubernetes.io/managed-by": "Helm"},
            "annotations": {"meta.helm.sh/release-name": "aws-load-balancer-controller", "meta.helm.sh/release-namespace": "kube-system"}},
        "spec": {"group": "elbv2.k8s.aws", "scope": "Namespaced",
            "names": {"plural": "targetgroupbindings", "singular": "targetgroupbinding", "kind": "TargetGroupBinding", "listKind": "TargetGroupBindingList"},
            "versions": [{"name": "v1beta1", "served": true, "storage": true,
                "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}}}]}
    }))
    .expect("a CRD");
    crds.create(&PostParams::default(), &helm_crd).await.expect("creating the Helm CRD");
    // NB: the API server's own controllers set the new CRD's conditions (resourceVersion bumps):
    // wait for Established, then until two reads a poll apart agree, before the "before" picture.
    wait_established(&client, &["targetgroupbindings.elbv2.k8s.aws"]).await;
    let before = wait::until("the Helm CRD's status to settle", wait::PATIENCE, || async {
        let first = versions(&client).await;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let second = versions(&client).await;
        if first == second { Ok(second) } else { Err(format!("{first:?} then {second:?}")) }
    })
    .await;
    let bad_values = write_file(dir.path(), "bad.yaml", "replicaCount: two\n");
    let cases: Vec<(&str, Vec<String>, &str)> = vec![
        ("CRD owned by Helm", k(&["apply", "--timeout", "1s"]), "Helm"),
        // setup reads the cluster while it observes AWS: the refusal comes before any AWS write.
        ("CRD owned by Helm (setup)", k(&["setup", "--timeout", "1s"]), "Helm"),
        ("CRD owned by Helm (setup -o json)", k(&["setup", "--timeout", "1s", "-o", "json"]), "Helm"),
        ("CRD owned by Helm (apply --dry-run=server)", k(&["apply", "--dry-run=server"]), "Helm"),
        ("bad values file on apply", k(&["apply", "-f", &bad_values]), "replicaCount"),
        ("unknown kubeconfig context", k(&["apply", "--context", "nope"]), "nope"),
    ];
    for (name, args, needle) in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = aws.albctl(&args);
        failures.extend(check(&aws, name, &out, 2, needle).err());
    }
    let after = versions(&client).await;
    if after != before {
        failures.push(format!("Kubernetes objects changed:\nbefore {before:#?}\nafter {after:#?}"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));

    // A webhook Secret without tls.key (so not of type kubernetes.io/tls): `setup --check` cannot
    // replace it (the type is immutable), says so in one line with the fix, and writes nothing.
    crds.delete("targetgroupbindings.elbv2.k8s.aws", &Default::default()).await.expect("deleting the Helm CRD");
    // NB: a CRD goes away asynchronously; setup reads the cluster first thing.
    wait_gone(&crds, "targetgroupbindings.elbv2.k8s.aws").await;
    let kubelet = Kubelet::start(&client);
    let out = aws.albctl(&k(&["setup", "--timeout", ALBCTL_TIMEOUT]).iter().map(String::as_str).collect::<Vec<_>>());
    kubelet.stop().await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let secrets: Api<k8s_openapi::api::core::v1::Secret> = Api::namespaced(client.clone(), "kube-system");
    // A kubernetes.io/tls Secret cannot lack tls.key: the broken one is an Opaque Secret.
    let mut broken = secrets.get("aws-load-balancer-tls").await.expect("the webhook Secret");
    secrets.delete("aws-load-balancer-tls", &Default::default()).await.expect("deleting the Secret");
    broken.metadata =
        kube::api::ObjectMeta { name: broken.metadata.name, labels: broken.metadata.labels, ..Default::default() };
    broken.type_ = Some("Opaque".into());
    broken.data.as_mut().expect("Secret data").remove("tls.key");
    secrets.create(&PostParams::default(), &broken).await.expect("creating a Secret without tls.key");
    let before = versions(&client).await;
    aws.proxy.reset();
    let out = aws.albctl(&k(&["setup", "--check"]).iter().map(String::as_str).collect::<Vec<_>>());
    let mut failures = Vec::new();
    failures
        .extend(check(&aws, "Secret without tls.key (--check)", &out, 2, "delete Secret aws-load-balancer-tls").err());
    if versions(&client).await != before {
        failures.push("Kubernetes objects changed under --check".into());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cluster_below_the_controllers_minimum_is_refused_before_any_write() {
    let env = AwsEnv::start();
    fixture::build_on(&env, CLUSTER, "1.21").await;
    let server = KubeApiServer::start();
    let client = server.client().await;
    let before = versions(&client).await;
    let kubeconfig = server.kubeconfig();
    let k = |args: &[&str]| -> Vec<String> {
        let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        all.extend(["--cluster", CLUSTER, "--kubeconfig", kubeconfig.to_str().unwrap()].map(String::from));
        all
    };
    let mut failures = Vec::new();
    for (name, args) in [
        ("setup", k(&["setup", "--timeout", "5s"])),
        ("setup --skip-controller", k(&["setup", "--skip-controller"])),
        ("setup -o json", k(&["setup", "-o", "json"])),
        ("apply", k(&["apply", "--timeout", "5s"])),
    ] {
        let out = env.albctl(&args.iter().map(String::as_str).collect::<Vec<_>>());
        failures.extend(check(&env, name, &out, 2, "runs Kubernetes 1.21; the AWS Load Balancer Controller").err());
        if !stderr(&out).contains("needs 1.22 or newer") {
            failures.push(format!("{name}: the refusal does not name the minimum: {}", stderr(&out)));
        }
    }
    assert_eq!(versions(&client).await, before, "nothing written to the cluster");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

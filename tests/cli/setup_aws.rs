//! The AWS half of `setup` (and its sub-commands) against moto_server, through the recording
//! proxy: what it creates, that a second run writes nothing, that `--dry-run` and `--check` tell
//! the truth, that drift is repaired, that what albctl does not own is left alone, and that bad
//! input fails before any write.

use std::process::Output;

use albctl::model::Partition;
use serde_json::{Value, json};

use crate::common::{AwsEnv, CallLog, Fixture, assert_exit, fixture, fixture::OrPanic, json_of, stderr, stdout};

const CLUSTER: &str = "demo";
const ROLE: &str = "AmazonEKSLoadBalancerControllerRole-demo";
const POLICY: &str = "AWSLoadBalancerControllerIAMPolicy";

fn reference(path: &str) -> String {
    let full = format!("{}/../shared/reference/aws-load-balancer-controller/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("reading {full}: {e}"))
}

/// (resource, id, action) of every step.
fn steps(doc: &Value) -> Vec<(String, String, String)> {
    doc["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| {
            (
                s["resource"].as_str().unwrap().into(),
                s["id"].as_str().unwrap().into(),
                s["action"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn step<'a>(doc: &'a Value, resource: &str) -> &'a Value {
    doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["resource"] == resource)
        .unwrap_or_else(|| panic!("no {resource} step in {doc:#}"))
}

async fn setup_env() -> (AwsEnv, Fixture) {
    let env = AwsEnv::start();
    let fx = fixture::build(&env, CLUSTER).await;
    (env, fx)
}

fn setup(env: &AwsEnv, extra: &[&str]) -> Output {
    let mut args = vec!["setup", "--cluster", CLUSTER, "--skip-controller", "-o", "json"];
    args.extend_from_slice(extra);
    env.albctl(&args)
}

async fn iam(env: &AwsEnv) -> aws_sdk_iam::Client {
    aws_sdk_iam::Client::new(&env.sdk().await)
}

fn role_arn(fx: &Fixture) -> String {
    format!("arn:aws:iam::{}:role/{ROLE}", fx.account)
}

fn policy_arn(fx: &Fixture) -> String {
    format!("arn:aws:iam::{}:policy/{POLICY}", fx.account)
}

fn issuer_host(fx: &Fixture) -> String {
    fx.issuer.trim_start_matches("https://").to_string()
}

fn expected_statement(fx: &Fixture) -> Value {
    let host = issuer_host(fx);
    json!({
        "Effect": "Allow",
        "Principal": {"Federated": fx.oidc_provider_arn()},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {
            format!("{host}:sub"): "system:serviceaccount:kube-system:aws-load-balancer-controller",
            format!("{host}:aud"): "sts.amazonaws.com",
        }},
    })
}

async fn trust_statements(env: &AwsEnv) -> Vec<Value> {
    let role = iam(env).await.get_role().role_name(ROLE).send().await.or_panic("GetRole").role.unwrap();
    let doc = albctl::policy::parse_document(role.assume_role_policy_document().unwrap()).unwrap();
    albctl::model::trust::statements_of(&doc)
}

async fn default_policy_document(env: &AwsEnv, arn: &str) -> (String, Value) {
    let iam = iam(env).await;
    let policy = iam.get_policy().policy_arn(arn).send().await.or_panic("GetPolicy").policy.unwrap();
    let version = policy.default_version_id().unwrap().to_string();
    let doc = iam.get_policy_version().policy_arn(arn).version_id(&version).send().await.or_panic("GetPolicyVersion");
    (version, albctl::policy::parse_document(doc.policy_version().unwrap().document().unwrap()).unwrap())
}

#[tokio::test]
async fn fresh_account_gets_provider_policy_role_attachment_and_subnet_tags() {
    let (env, fx) = setup_env().await;
    let out = setup(&env, &[]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    assert_eq!(doc["schema_version"], "albctl.v1");
    assert!(doc["steps"].as_array().unwrap().iter().all(|s| s["status"] == "created"), "{doc:#}");

    let iam = iam(&env).await;
    let provider = iam
        .get_open_id_connect_provider()
        .open_id_connect_provider_arn(fx.oidc_provider_arn())
        .send()
        .await
        .or_panic("GetOIDC");
    assert_eq!(provider.client_id_list(), ["sts.amazonaws.com"]);

    let (_, document) = default_policy_document(&env, &policy_arn(&fx)).await;
    assert!(albctl::policy::equivalent(&document, &albctl::policy::embedded_document(Partition::Aws)));

    let statements = trust_statements(&env).await;
    assert_eq!(statements.len(), 1, "{statements:#?}");
    assert!(albctl::model::trust::statements_equal(&statements[0], &expected_statement(&fx)), "{:#}", statements[0]);

    let attached = iam.list_attached_role_policies().role_name(ROLE).send().await.or_panic("ListAttached");
    let arns: Vec<_> = attached.attached_policies().iter().filter_map(|p| p.policy_arn()).collect();
    assert_eq!(arns, [policy_arn(&fx)]);

    for subnet in &fx.public_subnets {
        let tags = fx.subnet_tags(&env, subnet).await;
        assert_eq!(tags.get("kubernetes.io/role/elb").map(String::as_str), Some("1"), "{subnet}: {tags:?}");
        assert!(!tags.contains_key("kubernetes.io/role/internal-elb"));
    }
    for subnet in &fx.private_subnets {
        let tags = fx.subnet_tags(&env, subnet).await;
        assert_eq!(tags.get("kubernetes.io/role/internal-elb").map(String::as_str), Some("1"), "{subnet}: {tags:?}");
        assert!(!tags.contains_key("kubernetes.io/role/elb"));
    }
    for subnet in fx.subnets() {
        let tags = fx.subnet_tags(&env, &subnet).await;
        assert!(!tags.keys().any(|k| k.starts_with("kubernetes.io/cluster/")), "no cluster tag unless asked: {tags:?}");
    }
}

#[tokio::test]
async fn second_run_is_unchanged_and_makes_zero_writes() {
    let (env, _fx) = setup_env().await;
    assert_exit(&setup(&env, &[]), 0);
    let cold = env.proxy.calls();
    env.proxy.reset();
    let out = setup(&env, &[]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    assert!(doc["steps"].as_array().unwrap().iter().all(|s| s["status"] == "unchanged"), "{doc:#}");
    assert_eq!(doc["changed"], false);
    let warm = env.proxy.calls();
    assert_eq!(warm.writes().len(), 0, "warm run wrote: {:?}", warm.writes());
    assert!(warm.count("GetCallerIdentity") == 1 && warm.count("DescribeCluster") == 1, "{:?}", warm.operations());
    eprintln!(
        "cold: {} reads / {} writes; warm: {} reads / {} writes",
        cold.reads().len(),
        cold.writes().len(),
        warm.reads().len(),
        warm.writes().len()
    );
}

#[tokio::test]
async fn dry_run_writes_nothing_and_shows_the_steps_the_real_run_performs() {
    let (env, _fx) = setup_env().await;
    let planned = setup(&env, &["--dry-run"]);
    assert_exit(&planned, 0);
    assert_eq!(env.proxy.calls().writes().len(), 0, "dry run wrote: {:?}", env.proxy.calls().writes());
    let planned = json_of(&planned);
    assert_eq!(planned["mode"], "dry-run");
    assert!(planned["steps"].as_array().unwrap().iter().all(|s| s["status"] == "planned"));

    let text = env.albctl(&["setup", "--cluster", CLUSTER, "--skip-controller", "--dry-run"]);
    assert_exit(&text, 0);
    assert!(stdout(&text).contains("nothing was changed"), "{}", stdout(&text));

    let done = setup(&env, &[]);
    assert_exit(&done, 0);
    let done = json_of(&done);
    assert_eq!(steps(&planned), steps(&done));
    let writes = env.proxy.calls().writes().len();
    assert!(writes > 0);
}

#[tokio::test]
async fn check_exits_1_with_drift_and_0_when_converged() {
    let (env, _fx) = setup_env().await;
    let out = setup(&env, &["--check"]);
    assert_exit(&out, 1);
    assert_eq!(json_of(&out)["changed"], true);
    assert_eq!(env.proxy.calls().writes().len(), 0);
    assert_exit(&setup(&env, &[]), 0);
    let out = env.albctl(&["setup", "--cluster", CLUSTER, "--skip-controller", "--check"]);
    assert_exit(&out, 0);
    assert!(stdout(&out).contains("No drift"), "{}", stdout(&out));
}

#[tokio::test]
async fn trust_without_aud_is_repaired_and_another_clusters_statement_kept() {
    let (env, fx) = setup_env().await;
    let mut broken = expected_statement(&fx);
    let host = issuer_host(&fx);
    broken["Condition"]["StringEquals"].as_object_mut().unwrap().remove(&format!("{host}:aud"));
    let other = json!({
        "Effect": "Allow",
        "Principal": {"Federated": format!("arn:aws:iam::{}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/OTHER", fx.account)},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"oidc.eks.us-east-1.amazonaws.com/id/OTHER:sub": "system:serviceaccount:kube-system:aws-load-balancer-controller"}},
    });
    let trust = json!({"Version": "2012-10-17", "Statement": [broken, other.clone()]});
    iam(&env)
        .await
        .create_role()
        .role_name(ROLE)
        .assume_role_policy_document(trust.to_string())
        .send()
        .await
        .or_panic("CreateRole");

    let out = setup(&env, &[]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    assert_eq!(step(&doc, "iam-role")["status"], "updated", "{doc:#}");
    let statements = trust_statements(&env).await;
    assert_eq!(statements.len(), 2, "{statements:#?}");
    assert!(
        statements.iter().any(|s| albctl::model::trust::statements_equal(s, &other)),
        "other cluster's statement kept"
    );
    assert!(statements.iter().any(|s| albctl::model::trust::statements_equal(s, &expected_statement(&fx))));
    env.proxy.reset();
    assert_exit(&setup(&env, &[]), 0);
    assert_eq!(env.proxy.calls().writes().len(), 0);
}

#[tokio::test]
async fn role_trusting_another_principal_is_refused_unless_adopted() {
    let (env, _fx) = setup_env().await;
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
    let out = env.albctl(&["setup", "--cluster", CLUSTER, "--skip-controller"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("--adopt-role"), "{}", stderr(&out));
    assert_eq!(env.proxy.calls().writes().len(), 0, "{:?}", env.proxy.calls().writes());

    assert_exit(&setup(&env, &["--adopt-role"]), 0);
    let statements = trust_statements(&env).await;
    assert_eq!(statements.len(), 2);
    assert!(statements.iter().any(|s| s["Principal"]["Service"] == "ec2.amazonaws.com"));
}

#[tokio::test]
async fn subnet_role_tag_true_is_fixed_and_other_clusters_tag_is_kept() {
    let (env, fx) = setup_env().await;
    let ec2 = aws_sdk_ec2::Client::new(&env.sdk().await);
    let tag = |k: &str, v: &str| aws_sdk_ec2::types::Tag::builder().key(k).value(v).build();
    ec2.create_tags()
        .resources(&fx.public_subnets[0])
        .tags(tag("kubernetes.io/role/elb", "true"))
        .tags(tag("kubernetes.io/cluster/other", "shared"))
        .send()
        .await
        .or_panic("CreateTags");

    let out = setup(&env, &[]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    let fixed = doc["steps"].as_array().unwrap().iter().find(|s| s["id"] == fx.public_subnets[0].as_str()).unwrap();
    assert_eq!(fixed["status"], "updated", "{fixed:#}");
    let tags = fx.subnet_tags(&env, &fx.public_subnets[0]).await;
    assert_eq!(tags.get("kubernetes.io/role/elb").map(String::as_str), Some("1"));
    assert_eq!(tags.get("kubernetes.io/cluster/other").map(String::as_str), Some("shared"), "never touched");
    // The controller skips subnets tagged for other clusters only: a subnet another cluster
    // shares gets this cluster's `shared` tag beside it, recorded in the marker for teardown.
    assert_eq!(tags.get("kubernetes.io/cluster/demo").map(String::as_str), Some("shared"), "{tags:?}");
    let marker = tags.get("albctl.io/subnet-tags/demo").map(String::as_str).unwrap_or_default();
    assert!(marker.split(',').any(|k| k == "kubernetes.io/cluster/demo"), "{tags:?}");

    assert_exit(&setup(&env, &["--cluster-tag", "shared"]), 0);
    let tags = fx.subnet_tags(&env, &fx.public_subnets[0]).await;
    assert_eq!(tags.get("kubernetes.io/cluster/demo").map(String::as_str), Some("shared"));
    assert_eq!(tags.get("kubernetes.io/cluster/other").map(String::as_str), Some("shared"));
}

#[tokio::test]
async fn policy_from_v2_7_0_gets_a_new_default_version_naming_the_added_actions() {
    let (env, fx) = setup_env().await;
    let old = reference("v2.7.0/iam_policy.json");
    iam(&env).await.create_policy().policy_name(POLICY).policy_document(&old).send().await.or_panic("CreatePolicy");

    let out = env.albctl(&["setup", "--cluster", CLUSTER, "--skip-controller"]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    for action in [
        "elasticloadbalancing:DescribeListenerAttributes",
        "elasticloadbalancing:ModifyListenerAttributes",
        "ec2:GetSecurityGroupsForVpc",
        "ec2:DescribeRouteTables",
    ] {
        assert!(text.contains(&format!("+ {action}")), "{action} not named in:\n{text}");
    }
    assert!(text.contains("v2.7.0"), "names the upstream revision:\n{text}");
    let (version, document) = default_policy_document(&env, &policy_arn(&fx)).await;
    assert_eq!(version, "v2");
    assert!(albctl::policy::equivalent(&document, &albctl::policy::embedded_document(Partition::Aws)));

    let diff = env.albctl(&["policy", "diff"]);
    assert_exit(&diff, 0);
}

#[tokio::test]
async fn policy_at_five_versions_loses_its_oldest_non_default_version_first() {
    let (env, fx) = setup_env().await;
    let old = reference("v2.7.0/iam_policy.json");
    let iam = iam(&env).await;
    iam.create_policy().policy_name(POLICY).policy_document(&old).send().await.or_panic("CreatePolicy");
    for _ in 0..4 {
        iam.create_policy_version()
            .policy_arn(policy_arn(&fx))
            .policy_document(&old)
            .set_as_default(false)
            .send()
            .await
            .or_panic("CreatePolicyVersion");
    }
    let out = setup(&env, &[]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    let details = step(&doc, "iam-policy")["details"].to_string();
    assert!(details.contains("delete oldest non-default version v2"), "{details}");
    let versions = iam.list_policy_versions().policy_arn(policy_arn(&fx)).send().await.or_panic("ListPolicyVersions");
    let mut ids: Vec<_> = versions.versions().iter().map(|v| v.version_id().unwrap().to_string()).collect();
    ids.sort();
    assert_eq!(ids, ["v1", "v3", "v4", "v5", "v6"]);
    let default: Vec<_> =
        versions.versions().iter().filter(|v| v.is_default_version()).map(|v| v.version_id().unwrap()).collect();
    assert_eq!(default, ["v6"]);
}

#[tokio::test]
async fn policy_granting_more_is_not_narrowed_without_force_policy() {
    let (env, fx) = setup_env().await;
    let mut doc: Value = serde_json::from_str(&reference("v2.7.0/iam_policy.json")).unwrap();
    doc["Statement"]
        .as_array_mut()
        .unwrap()
        .push(json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}));
    iam(&env)
        .await
        .create_policy()
        .policy_name(POLICY)
        .policy_document(doc.to_string())
        .send()
        .await
        .or_panic("CreatePolicy");
    let out = env.albctl(&["setup", "--cluster", CLUSTER, "--skip-controller"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("--force-policy") && stderr(&out).contains("s3:GetObject"), "{}", stderr(&out));
    assert_eq!(env.proxy.calls().writes().len(), 0);
    assert_exit(&setup(&env, &["--force-policy"]), 0);
    let (_, document) = default_policy_document(&env, &policy_arn(&fx)).await;
    assert!(albctl::policy::equivalent(&document, &albctl::policy::embedded_document(Partition::Aws)));
}

/// Runs albctl with bad input; asserts exit 2, exactly one stderr line containing `needle`,
/// and zero writes.
#[track_caller]
fn assert_bad_input(env: &AwsEnv, out: Output, needle: &str) {
    assert_exit(&out, 2);
    let err = stderr(&out);
    let lines: Vec<_> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line expected:\n{err}");
    assert!(lines[0].starts_with("error: ") && lines[0].contains(needle), "{err}");
    assert_eq!(env.proxy.calls().writes().len(), 0, "{:?}", env.proxy.calls().writes());
}

#[tokio::test]
async fn bad_input_exits_2_with_one_line_and_no_writes() {
    let (env, _fx) = setup_env().await;
    let run = |args: &[&str]| env.albctl(args);
    assert_bad_input(
        &env,
        run(&["setup", "--cluster", "nope", "--skip-controller"]),
        "'nope' not found in region us-west-2",
    );
    assert_bad_input(
        &env,
        run(&["setup", "--cluster", CLUSTER, "--region", "eu-central-1", "--skip-controller"]),
        "not found in region eu-central-1",
    );
    assert_bad_input(
        &env,
        run(&["setup", "--cluster", "bad/name", "--skip-controller"]),
        "not a valid EKS cluster name",
    );
    let long = "r".repeat(65);
    assert_bad_input(
        &env,
        run(&["setup", "--cluster", CLUSTER, "--skip-controller", "--role-name", &long]),
        "65 characters",
    );
    assert_bad_input(
        &env,
        env.albctl_with_env(
            &["setup", "--cluster", CLUSTER, "--skip-controller"],
            &[],
            &["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
        ),
        "no AWS credentials found",
    );
    assert_bad_input(&env, run(&["setup", "--skip-controller"]), "--cluster");
    assert_bad_input(
        &env,
        run(&["setup", "--cluster", CLUSTER, "--skip-controller", "-n", "Kube_System"]),
        "--namespace",
    );
    assert_bad_input(&env, run(&["policy", "show", "--partition", "aws-moon"]), "unknown AWS partition 'aws-moon'");
}

#[tokio::test]
async fn caller_in_an_unknown_partition_is_refused_before_any_write() {
    let env = AwsEnv::start_with_proxy_options(&["--replace", "GetCallerIdentity:<Arn>arn:<Arn>arn:aws-moon"]);
    fixture::build(&env, CLUSTER).await;
    let out = env.albctl(&["setup", "--cluster", CLUSTER, "--skip-controller"]);
    assert_bad_input(&env, out, "partition 'aws-moon'");
}

#[tokio::test]
async fn json_errors_are_json_too() {
    let (env, _fx) = setup_env().await;
    let out = setup(&env, &["--region", "eu-west-3"]);
    assert_exit(&out, 2);
    let doc = json_of(&out);
    assert_eq!(doc["schema_version"], "albctl.v1");
    assert!(doc["error"]["message"].as_str().unwrap().contains("eu-west-3"));
}

#[tokio::test]
async fn cluster_reporting_its_vpc_id_works_the_same() {
    let env = AwsEnv::start();
    let fx = fixture::build_with_vpc_id(&env, CLUSTER).await;
    let out = setup(&env, &[]);
    assert_exit(&out, 0);
    assert_eq!(env.proxy.calls().count("DescribeSubnets"), 1, "{:?}", env.proxy.calls().operations());
    let tags = fx.subnet_tags(&env, &fx.private_subnets[0]).await;
    assert_eq!(tags.get("kubernetes.io/role/internal-elb").map(String::as_str), Some("1"));
}

#[tokio::test]
async fn sub_commands_each_converge_their_part() {
    let (env, fx) = setup_env().await;
    let out = env.albctl(&["oidc", "show", "--cluster", CLUSTER]);
    assert_exit(&out, 0);
    assert!(stdout(&out).contains("missing"), "{}", stdout(&out));

    let out = env.albctl(&["iamserviceaccount", "create", "--cluster", CLUSTER, "--role-only"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("albctl oidc associate"), "{}", stderr(&out));

    assert_exit(&env.albctl(&["oidc", "associate", "--cluster", CLUSTER]), 0);
    assert_exit(&env.albctl(&["policy", "create"]), 0);
    let out = env.albctl(&["iamserviceaccount", "create", "--cluster", CLUSTER, "--role-only", "-o", "json"]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    assert_eq!(step(&doc, "iam-role")["status"], "created");
    assert_eq!(step(&doc, "iam-role")["id"], role_arn(&fx).as_str());
    assert_eq!(step(&doc, "iam-policy")["status"], "unchanged");
    assert_eq!(step(&doc, "role-policy-attachment")["status"], "created");

    let out = env.albctl(&["subnets", "list", "--cluster", CLUSTER, "-o", "json"]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    let schemes: Vec<(String, String)> = doc["subnets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap().to_string(), s["scheme"].as_str().unwrap().to_string()))
        .collect();
    for s in &fx.public_subnets {
        assert!(schemes.contains(&(s.clone(), "public".into())), "{schemes:?}");
    }
    for s in &fx.private_subnets {
        assert!(schemes.contains(&(s.clone(), "private".into())), "{schemes:?}");
    }
    assert_exit(&env.albctl(&["subnets", "tag", "--cluster", CLUSTER]), 0);
    env.proxy.reset();
    let out = env.albctl(&["setup", "--cluster", CLUSTER, "--skip-controller", "--check"]);
    assert_exit(&out, 0);

    let out = env.albctl(&["oidc", "show", "--cluster", CLUSTER, "-o", "json"]);
    assert_eq!(json_of(&out)["has_sts_audience"], true);
}

#[tokio::test]
async fn pod_identity_against_an_endpoint_without_the_api_is_a_clear_error() {
    // NB: without the proxy's EksDouble, moto answers the Pod Identity API with an HTML 404.
    let env = AwsEnv::start_with_proxy_options(&["--no-eks-double"]);
    let _fx = fixture::build(&env, CLUSTER).await;
    let out = env.albctl(&["setup", "--cluster", CLUSTER, "--skip-controller", "--identity", "pod-identity"]);
    assert_bad_input(&env, out, "eks:ListPodIdentityAssociations: the endpoint answered HTTP 404");
}

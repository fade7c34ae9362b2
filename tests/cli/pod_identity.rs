//! `--identity pod-identity` end to end: the albctl binary against moto for IAM and the proxy's
//! EksDouble for the Pod Identity and add-on APIs (checked against botocore's EKS model).

use serde_json::{Value, json};

use crate::common::{AwsEnv, CallLog, Fixture, assert_exit, eks_double, fixture, fixture::OrPanic, json_of};

const CLUSTER: &str = "demo";
const ROLE: &str = "AmazonEKSLoadBalancerControllerRole-demo";
const SA: &str = "aws-load-balancer-controller";

async fn world(agent: bool) -> (AwsEnv, Fixture) {
    let env = AwsEnv::start();
    let fx = fixture::build_with_vpc_id(&env, CLUSTER).await;
    if agent {
        eks_double::create_addon(&env, CLUSTER, "eks-pod-identity-agent");
    }
    (env, fx)
}

fn setup(env: &AwsEnv, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["setup", "--cluster", CLUSTER, "--skip-controller", "-o", "json"];
    args.extend_from_slice(extra);
    env.albctl(&args)
}

async fn trust(env: &AwsEnv) -> Value {
    let role = aws_sdk_iam::Client::new(&env.sdk().await).get_role().role_name(ROLE).send().await.or_panic("GetRole");
    albctl::policy::parse_document(role.role().unwrap().assume_role_policy_document().unwrap()).unwrap()
}

fn role_arn(fx: &Fixture) -> String {
    format!("arn:aws:iam::{}:role/{ROLE}", fx.account)
}

/// AWS's documented Pod Identity trust: pods.eks.amazonaws.com, sts:AssumeRole and sts:TagSession.
fn assert_pod_identity_trust(trust: &Value) {
    let statements = albctl::model::trust::statements_of(trust);
    assert_eq!(statements.len(), 1, "{trust:#}");
    let s = &statements[0];
    assert_eq!(s["Effect"], "Allow");
    assert_eq!(s["Principal"]["Service"], "pods.eks.amazonaws.com");
    let mut actions: Vec<&str> = s["Action"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    actions.sort();
    assert_eq!(actions, ["sts:AssumeRole", "sts:TagSession"], "{trust:#}");
}

#[tokio::test]
async fn pod_identity_setup_creates_role_and_one_association_then_writes_nothing() {
    let (env, fx) = world(true).await;
    let out = setup(&env, &["--identity", "pod-identity"]);
    assert_exit(&out, 0);
    let cold = env.proxy.calls();
    let associations = eks_double::associations(&env, CLUSTER);
    assert_eq!(associations.len(), 1, "{associations:?}");
    assert_eq!(associations[0].1, "kube-system");
    assert_eq!(associations[0].2, SA);
    assert_eq!(associations[0].3, role_arn(&fx));
    assert_pod_identity_trust(&trust(&env).await);
    assert_eq!(
        cold.count("CreateOpenIDConnectProvider"),
        0,
        "Pod Identity needs no OIDC provider: {:?}",
        cold.operations()
    );
    assert!(cold.iter().all(|c| c.model_violation.is_none()), "{cold:#?}");

    env.proxy.reset();
    let out = setup(&env, &["--identity", "pod-identity"]);
    assert_exit(&out, 0);
    let warm = env.proxy.calls();
    assert!(warm.writes().is_empty(), "a rerun writes nothing: {:?}", warm.operations());
    let doc = json_of(&out);
    assert!(doc["steps"].as_array().unwrap().iter().all(|s| s["status"] == "unchanged"), "{doc:#}");
    eprintln!(
        "pod identity setup: cold {} calls ({} writes), {} round trips; warm {} calls, {} round trips",
        cold.len(),
        cold.writes().len(),
        cold.round_trips(),
        warm.len(),
        warm.round_trips()
    );
    let out = setup(&env, &["--identity", "pod-identity", "--check"]);
    assert_exit(&out, 0);
}

#[tokio::test]
async fn pod_identity_drift_is_repaired_association_elsewhere_and_trust_edited() {
    let (env, fx) = world(true).await;
    assert_exit(&setup(&env, &["--identity", "pod-identity"]), 0);
    let (id, ..) = eks_double::associations(&env, CLUSTER).remove(0);
    let other = format!("arn:aws:iam::{}:role/someone-else", fx.account);
    eks_double::update_association(&env, CLUSTER, &id, &other);
    let edited = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": "sts:AssumeRole"}]});
    aws_sdk_iam::Client::new(&env.sdk().await)
        .update_assume_role_policy()
        .role_name(ROLE)
        .policy_document(edited.to_string())
        .send()
        .await
        .or_panic("UpdateAssumeRolePolicy");

    let out = setup(&env, &["--identity", "pod-identity", "--check"]);
    assert_exit(&out, 1);
    env.proxy.reset();
    assert_exit(&setup(&env, &["--identity", "pod-identity"]), 0);
    let calls = env.proxy.calls();
    assert_eq!(calls.count("UpdatePodIdentityAssociation"), 1, "{:?}", calls.operations());
    assert_eq!(calls.count("UpdateAssumeRolePolicy"), 1, "{:?}", calls.operations());
    assert_eq!(calls.count("CreatePodIdentityAssociation"), 0, "still one association: {:?}", calls.operations());
    let associations = eks_double::associations(&env, CLUSTER);
    assert_eq!((associations.len(), associations[0].3.as_str()), (1, role_arn(&fx).as_str()));
    assert_pod_identity_trust(&trust(&env).await);
    assert_exit(&setup(&env, &["--identity", "pod-identity", "--check"]), 0);
}

#[tokio::test]
async fn pod_identity_without_the_agent_add_on_warns() {
    let (env, _fx) = world(false).await;
    let out = setup(&env, &["--identity", "pod-identity"]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    let warnings = doc["warnings"].to_string();
    assert!(warnings.contains("eks-pod-identity-agent is not installed"), "{doc:#}");
}

#[tokio::test]
async fn teardown_removes_the_pod_identity_association() {
    let (env, _fx) = world(true).await;
    assert_exit(&setup(&env, &["--identity", "pod-identity"]), 0);
    assert_eq!(eks_double::associations(&env, CLUSTER).len(), 1);
    env.proxy.reset();
    let out = env.albctl(&["teardown", "--cluster", CLUSTER, "--skip-kubernetes", "--identity", "pod-identity"]);
    assert_exit(&out, 0);
    assert_eq!(env.proxy.calls().count("DeletePodIdentityAssociation"), 1, "{:?}", env.proxy.calls().operations());
    assert!(eks_double::associations(&env, CLUSTER).is_empty());
}

#[tokio::test]
async fn one_role_shared_by_two_clusters_through_pod_identity_outlives_the_first_teardown() {
    let (env, fx) = world(true).await;
    let _other = fixture::build_with_vpc_id(&env, "other").await;
    eks_double::create_addon(&env, "other", "eks-pod-identity-agent");
    let shared = "lbc-shared";
    for cluster in [CLUSTER, "other"] {
        let out =
            env.albctl(&["setup", "--cluster", cluster, "--skip-controller", "--role-name", shared, "-o", "json"]);
        assert_exit(&out, 0);
        assert_eq!(json_of(&out)["identity"]["identity"], "pod-identity");
    }
    let shared_arn = format!("arn:aws:iam::{}:role/{shared}", fx.account);
    for cluster in [CLUSTER, "other"] {
        let associations = eks_double::associations(&env, cluster);
        assert_eq!(associations.len(), 1, "{cluster}: {associations:?}");
        assert_eq!(associations[0].3, shared_arn, "{cluster} uses the shared role");
    }
    let iam = aws_sdk_iam::Client::new(&env.sdk().await);
    let tags = |out: aws_sdk_iam::operation::list_role_tags::ListRoleTagsOutput| -> Vec<String> {
        out.tags()
            .iter()
            .map(|t| format!("{}={}", t.key(), t.value()))
            .filter(|t| t.starts_with("albctl.io/pod-identity/"))
            .collect()
    };
    let users = tags(iam.list_role_tags().role_name(shared).send().await.or_panic("ListRoleTags"));
    assert_eq!(
        users,
        [
            "albctl.io/pod-identity/demo=kube-system/aws-load-balancer-controller",
            "albctl.io/pod-identity/other=kube-system/aws-load-balancer-controller"
        ]
    );
    // Reruns on both write nothing.
    env.proxy.reset();
    for cluster in [CLUSTER, "other"] {
        assert_exit(&env.albctl(&["setup", "--cluster", cluster, "--skip-controller", "--role-name", shared]), 0);
    }
    assert!(env.proxy.calls().writes().is_empty(), "{:?}", env.proxy.calls().operations());

    // The first teardown keeps the role the other cluster uses, and says so.
    let out = env.albctl(&["teardown", "--cluster", CLUSTER, "--skip-kubernetes", "--role-name", shared, "-o", "json"]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    let role_step = doc["steps"].as_array().unwrap().iter().find(|s| s["resource"] == "iam-role").cloned().unwrap();
    assert!(role_step["reason"].as_str().unwrap().contains("clusters other use it through Pod Identity"), "{doc:#}");
    assert!(eks_double::associations(&env, CLUSTER).is_empty(), "its own association goes");
    let users = tags(iam.list_role_tags().role_name(shared).send().await.or_panic("ListRoleTags"));
    assert_eq!(users, ["albctl.io/pod-identity/other=kube-system/aws-load-balancer-controller"]);
    assert_pod_identity_trust(&{
        let role = iam.get_role().role_name(shared).send().await.or_panic("GetRole");
        albctl::policy::parse_document(role.role().unwrap().assume_role_policy_document().unwrap()).unwrap()
    });

    // The last user's teardown deletes it.
    let out = env.albctl(&["teardown", "--cluster", "other", "--skip-kubernetes", "--role-name", shared]);
    assert_exit(&out, 0);
    assert!(iam.get_role().role_name(shared).send().await.is_err(), "the role is gone with its last user");
}

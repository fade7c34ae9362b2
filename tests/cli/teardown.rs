//! `teardown` against moto and a real kube-apiserver: `--dry-run` writes nothing, a
//! teardown after `setup` leaves the account and the cluster exactly as the fixture had them
//! (full snapshots of every API albctl touches), and what albctl did not create stays: a policy
//! another role still uses, tags that were there before, another cluster's tags, an OIDC provider
//! or role without albctl's tags, a ServiceAccount another tool manages or that setup took over.

use std::time::Duration;

use k8s_openapi::api::core::v1::ServiceAccount;
use kube::Api;
use kube::api::{Patch, PatchParams, PostParams};
use serde_json::{Value, json};

use crate::common::kube::Server;
use crate::common::snapshot::{self, assert_same};
use crate::common::wait::ALBCTL_TIMEOUT;
use crate::common::world::Options;
use crate::common::{self, AwsEnv, CallLog, Fixture, assert_exit, fixture, fixture::OrPanic, json_of, stderr, stdout};

const CLUSTER: &str = "demo";
const NS: &str = "kube-system";
const SA: &str = "aws-load-balancer-controller";
const ROLE: &str = "AmazonEKSLoadBalancerControllerRole-demo";
const POLICY: &str = "AWSLoadBalancerControllerIAMPolicy";

/// The shared world with this file's helpers.
struct World(common::World);

impl std::ops::Deref for World {
    type Target = common::World;
    fn deref(&self) -> &common::World {
        &self.0
    }
}

impl World {
    async fn kube_snapshot(&self) -> snapshot::KubeSnapshot {
        snapshot::kube(&self.client, NS).await
    }
}

fn steps(doc: &Value) -> &Vec<Value> {
    doc["steps"].as_array().expect("steps")
}

fn step<'a>(doc: &'a Value, resource: &str, id_part: &str) -> &'a Value {
    steps(doc)
        .iter()
        .find(|s| s["resource"] == resource && s["id"].as_str().unwrap().contains(id_part))
        .unwrap_or_else(|| panic!("no {resource} step with {id_part} in {doc:#}"))
}

async fn tag_subnet(env: &AwsEnv, subnet: &str, key: &str, value: &str) {
    aws_sdk_ec2::Client::new(&env.sdk().await)
        .create_tags()
        .resources(subnet)
        .tags(aws_sdk_ec2::types::Tag::builder().key(key).value(value).build())
        .send()
        .await
        .or_panic("ec2:CreateTags");
}

#[tokio::test]
async fn dry_run_changes_nothing_and_teardown_restores_the_account_and_cluster() {
    teardown_restores_on(Server::Current).await;
}

#[tokio::test]
async fn teardown_restores_the_account_and_cluster_on_the_oldest_server() {
    teardown_restores_on(Server::Oldest).await;
}

async fn teardown_restores_on(server: Server) {
    let w = World(common::World::start_with(Options { server, ..Options::new(CLUSTER) }).await);
    // Tags albctl did not add: a role tag already in place, and another cluster's tag.
    tag_subnet(&w.aws, &w.fx.public_subnets[0], "kubernetes.io/role/elb", "1").await;
    tag_subnet(&w.aws, &w.fx.private_subnets[0], "kubernetes.io/cluster/other", "shared").await;
    let aws_before = snapshot::aws(&w.aws).await;
    let kube_before = w.kube_snapshot().await;

    w.setup(&[]).await;
    let aws_after_setup = snapshot::aws(&w.aws).await;
    let kube_after_setup = w.kube_snapshot().await;
    assert!(!snapshot::diff(&aws_before, &aws_after_setup).is_empty(), "setup changed nothing on AWS?");
    assert!(kube_after_setup.versions.len() > kube_before.versions.len() + 14, "setup applied the controller");

    // --dry-run: the whole plan, no write at all.
    w.aws.proxy.reset();
    let out = w.albctl(&["teardown", "--dry-run", "--delete-crds", "--delete-oidc-provider", "-o", "json"]);
    assert_exit(&out, 0);
    let calls = w.aws.proxy.calls();
    assert_eq!(calls.writes().len(), 0, "{:?}", calls.operations());
    assert_same("AWS after --dry-run", &aws_after_setup, &snapshot::aws(&w.aws).await);
    assert_eq!(w.kube_snapshot().await, kube_after_setup, "--dry-run wrote to the cluster");
    let doc = json_of(&out);
    assert_eq!((doc["mode"].as_str(), doc["changed"].as_bool()), (Some("dry-run"), Some(true)), "{doc:#}");
    assert!(steps(&doc).iter().all(|s| ["planned", "kept", "absent"].contains(&s["status"].as_str().unwrap())));
    let first = &steps(&doc)[0];
    assert_eq!(
        (first["id"].as_str().unwrap(), first["action"].as_str().unwrap()),
        ("MutatingWebhookConfiguration aws-load-balancer-webhook", "delete"),
        "webhooks go first: {doc:#}"
    );
    for (resource, id) in [
        ("iam-role", ROLE),
        ("iam-policy", POLICY),
        ("iam-oidc-provider", "oidc-provider/"),
        ("kubernetes-object", "CustomResourceDefinition targetgroupbindings"),
        ("kubernetes-object", "Deployment kube-system/aws-load-balancer-controller"),
    ] {
        assert_eq!(step(&doc, resource, id)["action"], "delete", "{resource} {id}");
    }
    let text = w.albctl(&["teardown", "--dry-run"]);
    assert_exit(&text, 0);
    assert!(stdout(&text).contains("nothing was changed"), "{}", stdout(&text));
    assert!(stdout(&text).contains("= kept      iam-oidc-provider"), "{}", stdout(&text));

    // The real thing.
    w.aws.proxy.reset();
    let out = w.albctl(&["teardown", "--delete-crds", "--delete-oidc-provider", "-o", "json"]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    assert!(
        steps(&doc).iter().all(|s| ["deleted", "absent"].contains(&s["status"].as_str().unwrap())),
        "everything albctl made goes: {doc:#}\n{}",
        stderr(&out)
    );
    assert_same("AWS after teardown", &aws_before, &snapshot::aws(&w.aws).await);
    assert_same("the cluster after teardown", &kube_before.objects, &w.kube_snapshot().await.objects);
    let public = w.fx.subnet_tags(&w.aws, &w.fx.public_subnets[0]).await;
    assert_eq!(public.get("kubernetes.io/role/elb").map(String::as_str), Some("1"), "was there before setup");
    let private = w.fx.subnet_tags(&w.aws, &w.fx.private_subnets[0]).await;
    assert_eq!(private.get("kubernetes.io/cluster/other").map(String::as_str), Some("shared"), "another cluster's");

    // IAM order: attachment, role, policy (versions first), provider last.
    let calls = w.aws.proxy.calls();
    let ops = calls.operations();
    let at = |op: &str| ops.iter().position(|o| *o == op).unwrap_or_else(|| panic!("no {op} in {ops:?}"));
    assert!(at("DetachRolePolicy") < at("DeleteRole"), "{ops:?}");
    assert!(at("DeleteRole") < at("DeletePolicy"), "{ops:?}");
    assert!(at("DeletePolicy") < at("DeleteOpenIDConnectProvider"), "{ops:?}");
    // One call per subnet albctl tagged: not the public subnet that had its role tag already.
    assert_eq!(calls.count("DeleteTags"), 5, "{ops:?}");

    // Again: nothing left, nothing written.
    w.aws.proxy.reset();
    let out = w.albctl(&["teardown", "--delete-crds", "--delete-oidc-provider"]);
    assert_exit(&out, 0);
    assert!(stdout(&out).contains("Nothing to remove"), "{}", stdout(&out));
    assert_eq!(w.aws.proxy.calls().writes().len(), 0);
}

#[tokio::test]
async fn service_accounts_left_or_taken_over_by_setup_stay() {
    let w = World(common::World::start(CLUSTER).await);
    let role_arn = format!("arn:aws:iam::{}:role/{ROLE}", w.fx.account);
    let sas: Api<ServiceAccount> = Api::namespaced(w.client.clone(), NS);
    // Helm's ServiceAccount, already annotated with the role: setup leaves it alone.
    let helm_sa: ServiceAccount = serde_json::from_value(json!({
        "metadata": {"name": SA, "namespace": NS,
            "labels": {"app.kubernetes.io/managed-by": "Helm"},
            "annotations": {"eks.amazonaws.com/role-arn": role_arn}}
    }))
    .unwrap();
    sas.create(&PostParams::default(), &helm_sa).await.unwrap();
    w.setup(&[]).await;
    let version = sas.get(SA).await.unwrap().metadata.resource_version;

    let out = w.albctl(&["teardown", "--delete-crds", "-o", "json"]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    let kept = step(&doc, "kubernetes-object", "ServiceAccount kube-system/aws-load-balancer-controller");
    assert_eq!(kept["status"], "kept", "{kept:#}");
    assert!(kept["reason"].as_str().unwrap().contains("Helm"), "{kept:#}");
    let sa = sas.get(SA).await.expect("Helm's ServiceAccount is still there");
    assert_eq!(sa.metadata.resource_version, version, "and untouched");
    assert_eq!(step(&doc, "kubernetes-object", "Deployment")["status"], "deleted");

    // The same ServiceAccount with a wrong role: setup takes it over only with the flag; teardown
    // still does not delete it (the takeover is recorded on it).
    let patch = json!({"metadata": {"annotations": {"eks.amazonaws.com/role-arn": "arn:aws:iam::1:role/old"}}});
    sas.patch(SA, &PatchParams::default(), &Patch::Merge(&patch)).await.unwrap();
    w.setup(&["--override-existing-serviceaccounts"]).await;
    let sa = sas.get(SA).await.unwrap();
    assert_eq!(sa.metadata.labels.as_ref().unwrap()["app.kubernetes.io/managed-by"], "albctl");
    let adopted = sa.metadata.annotations.as_ref().unwrap().get("albctl.io/adopted-from").cloned();
    assert!(adopted.as_deref().is_some_and(|a| a.contains("Helm")), "{adopted:?}");

    // A later apply keeps the record.
    assert_exit(&w.albctl_with_kubelet(&["apply", "--timeout", ALBCTL_TIMEOUT]).await, 0);
    let annotations = sas.get(SA).await.unwrap().metadata.annotations.unwrap();
    assert_eq!(annotations.get("albctl.io/adopted-from"), adopted.as_ref());

    let out = w.albctl(&["teardown", "--delete-crds", "-o", "json"]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    let kept = step(&doc, "kubernetes-object", "ServiceAccount kube-system/aws-load-balancer-controller");
    assert_eq!(kept["status"], "kept", "{kept:#}");
    assert!(kept["reason"].as_str().unwrap().contains("taken over from Helm"), "{kept:#}");
    assert!(sas.get_opt(SA).await.unwrap().is_some(), "the adopted ServiceAccount stays");
    let left = snapshot::kube(&w.client, NS).await;
    let ours: Vec<&String> = left
        .objects
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, v)| v["labels"]["app.kubernetes.io/managed-by"] == "albctl" && !k.starts_with("ServiceAccount/"))
        .map(|(k, _)| k)
        .collect();
    assert!(ours.is_empty(), "left behind: {ours:?}");
}

async fn aws_only() -> (AwsEnv, Fixture) {
    let env = AwsEnv::start();
    let fx = fixture::build(&env, CLUSTER).await;
    (env, fx)
}

fn setup_aws(env: &AwsEnv) {
    let out = env.albctl(&["setup", "--cluster", CLUSTER, "--skip-controller", "-o", "json"]);
    assert_exit(&out, 0);
}

#[tokio::test]
async fn a_policy_another_role_uses_is_kept_and_the_cluster_must_be_reachable_or_skipped() {
    let (env, fx) = aws_only().await;
    setup_aws(&env);
    let iam = aws_sdk_iam::Client::new(&env.sdk().await);
    let policy_arn = format!("arn:aws:iam::{}:policy/{POLICY}", fx.account);
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    iam.create_role().role_name("other-team").assume_role_policy_document(trust).send().await.or_panic("CreateRole");
    iam.attach_role_policy().role_name("other-team").policy_arn(&policy_arn).send().await.or_panic("Attach");

    // moto's cluster endpoint is not a Kubernetes API server: teardown stops before any change.
    env.proxy.reset();
    let out = env.albctl(&["teardown", "--cluster", CLUSTER]);
    assert_exit(&out, 2);
    assert!(
        stderr(&out).contains("--skip-kubernetes") && stderr(&out).contains("nothing was changed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(env.proxy.calls().writes().len(), 0, "{:?}", env.proxy.calls().operations());

    let out = env.albctl(&["teardown", "--cluster", CLUSTER, "--skip-kubernetes", "-o", "json"]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    assert_eq!(doc["kubernetes"], false);
    assert!(doc["warnings"].to_string().contains("--skip-kubernetes"), "{doc:#}");
    assert_eq!(step(&doc, "iam-role", ROLE)["status"], "deleted");
    let policy = step(&doc, "iam-policy", POLICY);
    assert_eq!(policy["status"], "kept", "{policy:#}");
    assert!(policy["reason"].as_str().unwrap().contains("role other-team"), "{policy:#}");

    let role = iam.get_role().role_name(ROLE).send().await;
    assert!(role.is_err_and(|e| e.as_service_error().is_some_and(|s| s.is_no_such_entity_exception())));
    let attached = iam.list_attached_role_policies().role_name("other-team").send().await.or_panic("ListAttached");
    assert_eq!(
        attached.attached_policies().iter().filter_map(|p| p.policy_arn()).collect::<Vec<_>>(),
        [policy_arn.as_str()]
    );
    iam.get_policy().policy_arn(&policy_arn).send().await.or_panic("the policy is still there");
    for subnet in fx.subnets() {
        let tags = fx.subnet_tags(&env, &subnet).await;
        assert!(!tags.keys().any(|k| k.starts_with("kubernetes.io/role/") || k.starts_with("albctl.io/")), "{tags:?}");
    }
}

#[tokio::test]
async fn an_oidc_provider_and_a_role_albctl_did_not_create_stay() {
    let (env, fx) = aws_only().await;
    let iam = aws_sdk_iam::Client::new(&env.sdk().await);
    // Both made before setup, without albctl's tags (eksctl or a person made them).
    iam.create_open_id_connect_provider()
        .url(&fx.issuer)
        .client_id_list("sts.amazonaws.com")
        .send()
        .await
        .or_panic("CreateOpenIDConnectProvider");
    let host = fx.issuer.trim_start_matches("https://");
    let trust = json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow",
        "Principal": {"Federated": fx.oidc_provider_arn()},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {
            format!("{host}:sub"): "system:serviceaccount:kube-system:aws-load-balancer-controller",
            format!("{host}:aud"): "sts.amazonaws.com",
        }},
    }]});
    iam.create_role()
        .role_name(ROLE)
        .assume_role_policy_document(trust.to_string())
        .tags(aws_sdk_iam::types::Tag::builder().key("team").value("platform").build().unwrap())
        .send()
        .await
        .or_panic("CreateRole");
    let before = snapshot::aws(&env).await;
    setup_aws(&env);

    let out =
        env.albctl(&["teardown", "--cluster", CLUSTER, "--skip-kubernetes", "--delete-oidc-provider", "-o", "json"]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    for (resource, id) in [("iam-oidc-provider", "oidc-provider/"), ("iam-role", ROLE)] {
        let s = step(&doc, resource, id);
        assert_eq!(s["status"], "kept", "{s:#}");
        assert!(s["reason"].as_str().unwrap().contains("albctl did not create it"), "{s:#}");
    }
    let policy = step(&doc, "iam-policy", POLICY);
    assert_eq!(policy["status"], "kept", "attached to the role that stays: {policy:#}");

    let after = snapshot::aws(&env).await;
    let provider = format!("oidc_providers.{}", fx.oidc_provider_arn());
    assert_eq!(after["oidc_providers"], before["oidc_providers"], "the provider is untouched");
    assert_eq!(after["iam_roles"][ROLE]["trust"], before["iam_roles"][ROLE]["trust"], "{provider}");
    assert_eq!(after["iam_roles"][ROLE]["tags"], before["iam_roles"][ROLE]["tags"]);
    assert_eq!(after["subnet_tags"], before["subnet_tags"], "albctl's subnet tags go all the same");
}

#[tokio::test]
async fn a_failure_stops_teardown_before_aws_and_a_second_run_finishes() {
    use k8s_openapi::api::rbac::v1::{ClusterRole, ClusterRoleBinding};
    let w = World(common::World::start(CLUSTER).await);
    w.setup(&[]).await;
    // A user who may read everything and delete nothing.
    let role: ClusterRole = serde_json::from_value(json!({
        "metadata": {"name": "read-everything"},
        "rules": [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["get", "list"]}],
    }))
    .unwrap();
    let binding: ClusterRoleBinding = serde_json::from_value(json!({
        "metadata": {"name": "read-everything"},
        "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "read-everything"},
        "subjects": [{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "albctl-test-nobody"}],
    }))
    .unwrap();
    Api::<ClusterRole>::all(w.client.clone()).create(&PostParams::default(), &role).await.unwrap();
    Api::<ClusterRoleBinding>::all(w.client.clone()).create(&PostParams::default(), &binding).await.unwrap();
    let kubeconfig = w.kube.dir().join("reader.kubeconfig");
    let config = json!({
        "apiVersion": "v1", "kind": "Config",
        "clusters": [{"name": "c", "cluster": {"server": w.kube.url, "certificate-authority": w.kube.ca_file}}],
        "users": [{"name": "reader", "user": {"token": w.kube.unprivileged_token}}],
        "contexts": [{"name": "reader", "context": {"cluster": "c", "user": "reader"}}],
        "current-context": "reader",
    });
    std::fs::write(&kubeconfig, config.to_string()).unwrap();
    let before = w.kube_snapshot().await;

    w.aws.proxy.reset();
    let out = w.aws.albctl(&["teardown", "--cluster", CLUSTER, "--kubeconfig", kubeconfig.to_str().unwrap()]);
    assert_exit(&out, 2);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let failed: Vec<&&str> = lines.iter().filter(|l| l.starts_with("! failed")).collect();
    assert_eq!(failed.len(), 1, "{text}");
    assert!(failed[0].contains("MutatingWebhookConfiguration aws-load-balancer-webhook"), "{text}");
    for skipped in ["Deployment kube-system/aws-load-balancer-controller", ROLE, POLICY] {
        assert!(lines.iter().any(|l| l.starts_with("- skipped") && l.contains(skipped)), "{skipped}:\n{text}");
    }
    let err = stderr(&out);
    assert!(err.contains("forbidden") && err.contains("run it again"), "{err}");
    assert_eq!(w.aws.proxy.calls().writes().len(), 0, "nothing on AWS goes while the controller stays");
    assert_eq!(w.kube_snapshot().await, before, "nothing in the cluster went either");

    let out = w.albctl(&["teardown", "-o", "json"]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    assert_eq!(step(&doc, "kubernetes-object", "MutatingWebhookConfiguration")["status"], "deleted");
    assert_eq!(step(&doc, "iam-role", ROLE)["status"], "deleted");
}

/// `--identity pod-identity`: moto has no Pod Identity API, so EKS is the SDK's mock facility
/// here (as in pod_identity.rs) while IAM is moto; observe, plan and execute run as library calls.
#[tokio::test]
async fn pod_identity_association_goes_before_the_role() {
    use aws_sdk_eks::operation::delete_pod_identity_association::DeletePodIdentityAssociationOutput;
    use aws_sdk_eks::operation::describe_pod_identity_association::DescribePodIdentityAssociationOutput;
    use aws_sdk_eks::operation::list_pod_identity_associations::ListPodIdentityAssociationsOutput;
    use aws_sdk_eks::types::{PodIdentityAssociation, PodIdentityAssociationSummary};
    use aws_smithy_mocks::{RuleMode, mock, mock_client};

    use albctl::model::Identity;
    use albctl::model::plan::{Action, Resource};
    use albctl::model::trust::TrustPrincipal;
    use albctl::teardown::execute::{Outcome, execute};
    use albctl::teardown::{TeardownSpec, observe::observe_aws, plan_teardown};

    let (env, fx) = aws_only().await;
    assert_exit(&env.albctl(&["policy", "create"]), 0);
    let role_arn = format!("arn:aws:iam::{}:role/{ROLE}", fx.account);
    let policy_arn = format!("arn:aws:iam::{}:policy/{POLICY}", fx.account);
    let iam = aws_sdk_iam::Client::new(&env.sdk().await);
    let tag = |k: &str, v: &str| aws_sdk_iam::types::Tag::builder().key(k).value(v).build().unwrap();
    let trust = json!({"Version": "2012-10-17", "Statement": [TrustPrincipal::PodIdentity.statement()]});
    iam.create_role()
        .role_name(ROLE)
        .assume_role_policy_document(trust.to_string())
        .tags(tag("managed-by", "albctl"))
        .tags(tag("albctl.io/cluster", CLUSTER))
        .send()
        .await
        .or_panic("CreateRole");
    iam.attach_role_policy().role_name(ROLE).policy_arn(&policy_arn).send().await.or_panic("AttachRolePolicy");

    let listed = mock!(aws_sdk_eks::Client::list_pod_identity_associations)
        .match_requests(|r| r.namespace() == Some(NS) && r.service_account() == Some(SA))
        .then_output(|| {
            ListPodIdentityAssociationsOutput::builder()
                .associations(PodIdentityAssociationSummary::builder().association_id("a-123").build())
                .build()
        });
    let described_role = role_arn.clone();
    let described = mock!(aws_sdk_eks::Client::describe_pod_identity_association).then_output(move || {
        DescribePodIdentityAssociationOutput::builder()
            .association(PodIdentityAssociation::builder().association_id("a-123").role_arn(&described_role).build())
            .build()
    });
    let deleted = mock!(aws_sdk_eks::Client::delete_pod_identity_association)
        .match_requests(|r| r.cluster_name() == Some(CLUSTER) && r.association_id() == Some("a-123"))
        .then_output(|| DeletePodIdentityAssociationOutput::builder().build());
    let mut aws = albctl::aws::AwsClients::new(env.sdk().await);
    aws.eks = mock_client!(aws_sdk_eks, RuleMode::MatchAny, [&listed, &described, &deleted]);

    let spec = TeardownSpec {
        cluster: CLUSTER.into(),
        namespace: NS.into(),
        service_account: SA.into(),
        role_name: ROLE.into(),
        role_arn,
        policy_arn: policy_arn.clone(),
        oidc_arn: None,
        principal: TrustPrincipal::PodIdentity,
        identity: Identity::PodIdentity,
        delete_crds: false,
        delete_oidc_provider: false,
        delete_load_balancers: false,
    };
    let observed = observe_aws(&aws, &spec).await.expect("observe");
    let plan = plan_teardown(&spec, &observed, None);
    let kinds: Vec<(Resource, Action)> = plan.steps.iter().map(|s| (s.resource, s.action)).collect();
    assert_eq!(
        kinds,
        [
            (Resource::PodIdentityAssociation, Action::Delete),
            (Resource::RolePolicyAttachment, Action::Delete),
            (Resource::IamRole, Action::Delete),
            (Resource::IamPolicy, Action::Delete),
        ]
    );
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    let (outcomes, error) = execute(&aws, None, &plan, deadline).await;
    assert!(error.is_none(), "{error:?}");
    assert!(outcomes.iter().all(|o| *o == Outcome::Deleted), "{outcomes:?}");
    assert_eq!(deleted.num_calls(), 1, "DeletePodIdentityAssociation for a-123 in the cluster");
    let role = iam.get_role().role_name(ROLE).send().await;
    assert!(role.is_err_and(|e| e.as_service_error().is_some_and(|s| s.is_no_such_entity_exception())));
    let policy = iam.get_policy().policy_arn(&policy_arn).send().await;
    assert!(policy.is_err_and(|e| e.as_service_error().is_some_and(|s| s.is_no_such_entity_exception())));
}

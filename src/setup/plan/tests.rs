use serde_json::{Value, json};

use super::*;
use crate::model::Partition;
use crate::model::observed::PolicyVersionInfo;
use crate::model::observed::{OidcProviderState, PolicyState, RoleState};
use crate::model::subnets::{ClassifiedSubnet, Scheme};
use crate::model::trust::TrustPrincipal;
use crate::model::trust::{statements_equal, statements_of};
use crate::setup::desired::{RoleSpec, SubnetTagSpec};
use crate::setup::desired::{desired_irsa_principal, desired_oidc, desired_policy};

const ISSUER: &str = "https://oidc.eks.us-west-2.amazonaws.com/id/ABC";

fn role_spec() -> RoleSpec {
    let oidc = desired_oidc(Partition::Aws, "111122223333", "demo", ISSUER);
    RoleSpec {
        name: "r".into(),
        arn: "arn:aws:iam::111122223333:role/r".into(),
        principal: desired_irsa_principal(&oidc, "kube-system", "aws-load-balancer-controller"),
        policy_arn: "arn:aws:iam::111122223333:policy/P".into(),
        tags: crate::setup::desired::desired_iam_tags("demo"),
        cluster: "demo".into(),
    }
}

fn role_state(statements: Vec<Value>, tags: &[(&str, &str)]) -> RoleState {
    RoleState {
        name: "r".into(),
        arn: "arn:aws:iam::111122223333:role/r".into(),
        trust: json!({"Version": "2012-10-17", "Statement": statements}),
        tags: tags.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        attached_policy_arns: vec![],
    }
}

#[test]
fn adopted_role_is_kept_when_exact_refused_otherwise_and_never_changed_under_cloudformation() {
    let spec = role_spec();
    let mut exact = spec.principal.statement();
    exact["Action"] = json!(["sts:AssumeRoleWithWebIdentity"]);
    let cfn = [("aws:cloudformation:stack-name", "eksctl-demo-addon-iamserviceaccount-x")];
    let step = plan_adopted_role(&spec, Some(&role_state(vec![exact.clone()], &cfn)), false).unwrap();
    assert_eq!(step.action, Action::NoOp, "{step:?}");
    let mut wrong = exact.clone();
    wrong["Condition"]["StringEquals"] = json!({"x:sub": "system:serviceaccount:kube-system:other"});
    let err = plan_adopted_role(&spec, Some(&role_state(vec![wrong.clone()], &cfn)), true).unwrap_err();
    assert!(err.to_string().contains("CloudFormation stack eksctl-demo-addon-iamserviceaccount-x"), "{err}");
    let err = plan_adopted_role(&spec, Some(&role_state(vec![wrong.clone()], &[])), false).unwrap_err();
    assert!(err.to_string().contains("--adopt-role"), "{err}");
    let step = plan_adopted_role(&spec, Some(&role_state(vec![wrong], &[])), true).unwrap();
    assert_eq!(step.action, Action::Update);
    assert!(plan_adopted_role(&spec, None, false).unwrap_err().to_string().contains("does not exist"));
}

#[test]
fn plan_noop_when_trust_policy_equal_modulo_list_shapes() {
    let spec = role_spec();
    let mut s = spec.principal.statement();
    s["Action"] = json!(["sts:AssumeRoleWithWebIdentity"]);
    s["Sid"] = json!("x");
    let step = plan_role(&spec, Some(&role_state(vec![s], &[])), false).unwrap();
    assert_eq!(step.action, Action::NoOp);
}

#[test]
fn trust_without_aud_is_repaired_and_other_clusters_are_kept() {
    let spec = role_spec();
    let mut broken = spec.principal.statement();
    broken["Condition"]["StringEquals"].as_object_mut().unwrap().retain(|k, _| k.ends_with(":sub"));
    let other = json!({"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::111122223333:oidc-provider/other"},
        "Action": "sts:AssumeRoleWithWebIdentity"});
    let step = plan_role(&spec, Some(&role_state(vec![broken, other.clone()], &[])), false).unwrap();
    assert_eq!(step.action, Action::Update);
    let Op::UpdateTrust { trust, .. } = &step.op else { panic!("{:?}", step.op) };
    let trust: Value = serde_json::from_str(trust).unwrap();
    let statements = statements_of(&trust);
    assert_eq!(statements.len(), 2);
    assert!(statements.contains(&other));
    assert!(statements.iter().any(|s| statements_equal(s, &spec.principal.statement())));
}

#[test]
fn foreign_role_is_refused_unless_adopted() {
    let spec = role_spec();
    let foreign = json!({"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"});
    let err = plan_role(&spec, Some(&role_state(vec![foreign.clone()], &[])), false).unwrap_err();
    assert!(err.to_string().contains("--adopt-role"), "{err}");
    let step = plan_role(&spec, Some(&role_state(vec![foreign.clone()], &[])), true).unwrap();
    assert_eq!(step.action, Action::Update);
    let ours = role_state(vec![foreign], &[("managed-by", "albctl"), ("albctl.io/cluster", "demo")]);
    assert_eq!(plan_role(&spec, Some(&ours), false).unwrap().action, Action::Update);
}

#[test]
fn missing_role_is_created_with_one_statement() {
    let step = plan_role(&role_spec(), None, false).unwrap();
    let Op::CreateRole { trust, .. } = &step.op else { panic!() };
    let trust: Value = serde_json::from_str(trust).unwrap();
    assert_eq!(statements_of(&trust).len(), 1);
}

#[test]
fn pod_identity_trust_replaces_only_its_statement() {
    let mut spec = role_spec();
    spec.principal = TrustPrincipal::PodIdentity;
    let step = plan_role(&spec, None, false).unwrap();
    let Op::CreateRole { trust, .. } = &step.op else { panic!() };
    assert!(trust.contains("pods.eks.amazonaws.com") && trust.contains("sts:TagSession"));
}

fn policy_state(doc: Value, versions: usize) -> PolicyState {
    PolicyState {
        arn: "arn:aws:iam::1:policy/P".into(),
        default_version_id: format!("v{versions}"),
        document: doc,
        versions: (1..=versions)
            .map(|i| PolicyVersionInfo { version_id: format!("v{i}"), is_default: i == versions, created: None })
            .collect(),
        tags: BTreeMap::new(),
    }
}

#[test]
fn policy_noop_when_equal_and_create_when_absent() {
    let spec = desired_policy(Partition::Aws, "1", Some("demo"), "P");
    assert_eq!(plan_policy(&spec, None, false).unwrap().action, Action::Create);
    let state = policy_state(spec.document.clone(), 1);
    assert_eq!(plan_policy(&spec, Some(&state), false).unwrap().action, Action::NoOp);
}

#[test]
fn policy_missing_actions_get_new_version_deleting_oldest_at_limit() {
    let spec = desired_policy(Partition::Aws, "1", Some("demo"), "P");
    let mut doc = spec.document.clone();
    strip_action(&mut doc, "elasticloadbalancing:DescribeListenerAttributes");
    let step = plan_policy(&spec, Some(&policy_state(doc.clone(), 5)), false).unwrap();
    assert_eq!(step.action, Action::Update);
    assert!(
        step.details.iter().any(|d| d == "+ elasticloadbalancing:DescribeListenerAttributes"),
        "{:?}",
        step.details
    );
    let Op::NewPolicyVersion { delete_first, .. } = &step.op else { panic!() };
    assert_eq!(delete_first.as_deref(), Some("v1"));
    let step = plan_policy(&spec, Some(&policy_state(doc, 2)), false).unwrap();
    let Op::NewPolicyVersion { delete_first, .. } = &step.op else { panic!() };
    assert_eq!(delete_first, &None);
}

#[test]
fn policy_refuses_to_drop_permissions_without_force() {
    let spec = desired_policy(Partition::Aws, "1", Some("demo"), "P");
    let mut doc = spec.document.clone();
    strip_action(&mut doc, "elasticloadbalancing:DescribeListenerAttributes");
    doc["Statement"]
        .as_array_mut()
        .unwrap()
        .push(json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}));
    let err = plan_policy(&spec, Some(&policy_state(doc.clone(), 1)), false).unwrap_err();
    assert!(err.to_string().contains("--force-policy"), "{err}");
    let step = plan_policy(&spec, Some(&policy_state(doc, 1)), true).unwrap();
    assert!(step.details.iter().any(|d| d.starts_with("- s3:")), "{:?}", step.details);
}

fn strip_action(doc: &mut Value, action: &str) {
    for s in doc["Statement"].as_array_mut().unwrap() {
        if let Some(Value::Array(actions)) = s.get_mut("Action") {
            actions.retain(|a| a != action);
        }
    }
}

#[test]
fn subnet_tags_added_fixed_and_left_alone() {
    let spec = SubnetTagSpec { cluster: "demo".into(), cluster_tag: None };
    let subnets = [
        ClassifiedSubnet::fixture("subnet-1", "a", Scheme::Public, &[]),
        ClassifiedSubnet::fixture("subnet-2", "b", Scheme::Public, &[("kubernetes.io/role/elb", "true")]),
        ClassifiedSubnet::fixture(
            "subnet-3",
            "a",
            Scheme::Private,
            &[("kubernetes.io/role/internal-elb", "1"), ("kubernetes.io/cluster/other", "shared")],
        ),
        ClassifiedSubnet::fixture("subnet-4", "b", Scheme::Private, &[("kubernetes.io/role/internal-elb", "")]),
    ];
    let plan = plan_subnet_tags(&spec, &subnets);
    let step = |id: &str| plan.steps.iter().find(|s| s.id == id).unwrap();
    assert_eq!(step("subnet-1").action, Action::Create);
    let Op::TagSubnet { tags, .. } = &step("subnet-1").op else { panic!() };
    assert_eq!(tags.get("kubernetes.io/role/elb").map(String::as_str), Some("1"));
    assert_eq!(tags.get("albctl.io/subnet-tags/demo").map(String::as_str), Some("kubernetes.io/role/elb"));
    assert!(!tags.keys().any(|k| k.starts_with("kubernetes.io/cluster/")));
    assert_eq!(step("subnet-2").action, Action::Update);
    let Op::TagSubnet { tags, .. } = &step("subnet-2").op else { panic!() };
    assert!(!tags.contains_key("albctl.io/subnet-tags/demo"), "a fixed value is not recorded as added");
    assert_eq!(step("subnet-3").action, Action::Update, "shared with another cluster: this cluster's tag joins");
    let Op::TagSubnet { tags, .. } = &step("subnet-3").op else { panic!() };
    assert_eq!(tags.get("kubernetes.io/cluster/demo").map(String::as_str), Some("shared"));
    assert_eq!(tags.get("albctl.io/subnet-tags/demo").map(String::as_str), Some("kubernetes.io/cluster/demo"));
    assert!(!tags.contains_key("kubernetes.io/cluster/other"));
    assert_eq!(step("subnet-4").action, Action::NoOp);
}

#[test]
fn subnet_owned_by_another_cluster_is_left_alone_and_not_counted() {
    let spec = SubnetTagSpec { cluster: "demo".into(), cluster_tag: None };
    let subnets = [
        ClassifiedSubnet::fixture("subnet-1", "a", Scheme::Public, &[("kubernetes.io/role/elb", "1")]),
        ClassifiedSubnet::fixture("subnet-2", "b", Scheme::Public, &[("kubernetes.io/cluster/other", "owned")]),
        ClassifiedSubnet::fixture("subnet-3", "c", Scheme::Public, &[("kubernetes.io/role/elb", "1")]),
    ];
    let plan = plan_subnet_tags(&spec, &subnets);
    let step = plan.steps.iter().find(|s| s.id == "subnet-2").unwrap();
    assert_eq!(step.action, Action::NoOp);
    assert!(step.reason.contains("owned by cluster other") && step.reason.contains("left alone"), "{}", step.reason);
    assert!(plan.warnings.iter().any(|w| w.contains("subnet-2") && w.contains("owned")), "{:?}", plan.warnings);
    assert!(!plan.warnings.iter().any(|w| w.contains("public subnet AZ")), "two other AZs remain: {:?}", plan.warnings);
    let only_one = plan_subnet_tags(&spec, &subnets[..2]);
    assert!(only_one.warnings.iter().any(|w| w.contains("1 public subnet AZ(s)")), "{:?}", only_one.warnings);
}

#[test]
fn cluster_tag_only_when_asked_and_never_touches_other_clusters() {
    let spec = SubnetTagSpec { cluster: "demo".into(), cluster_tag: Some(crate::model::ClusterTag::Shared) };
    let subnets = [ClassifiedSubnet::fixture(
        "subnet-1",
        "a",
        Scheme::Public,
        &[("kubernetes.io/role/elb", "1"), ("kubernetes.io/cluster/other", "owned")],
    )];
    let plan = plan_subnet_tags(&spec, &subnets);
    let Op::TagSubnet { tags, .. } = &plan.steps[0].op else { panic!() };
    assert_eq!(tags.get("kubernetes.io/cluster/demo").map(String::as_str), Some("shared"));
    assert!(!tags.contains_key("kubernetes.io/cluster/other"));
    assert!(plan.steps[0].details.iter().any(|d| d.contains("other")));
}

#[test]
fn fewer_than_two_azs_warns() {
    let spec = SubnetTagSpec { cluster: "demo".into(), cluster_tag: None };
    let plan = plan_subnet_tags(&spec, &[ClassifiedSubnet::fixture("subnet-1", "a", Scheme::Public, &[])]);
    assert!(plan.warnings.iter().any(|w| w.contains("public subnet AZ")), "{:?}", plan.warnings);
}

#[test]
fn oidc_missing_client_id_is_added() {
    let spec = desired_oidc(Partition::Aws, "1", "demo", ISSUER);
    let state = OidcProviderState { arn: spec.arn.clone(), client_ids: vec!["other".into()], tags: BTreeMap::new() };
    let step = plan_oidc(&spec, Some(&state));
    assert_eq!(step.action, Action::Update);
    assert_eq!(step.op, Op::AddOidcClientIds { arn: spec.arn.clone(), client_ids: vec!["sts.amazonaws.com".into()] });
}

//! Teardown with Gateways: it refuses while Gateways or GatewayClasses hold the controller's
//! finalizers, `--delete-crds` also while the controller's Gateway configurations do, and
//! `--delete-load-balancers` deletes the Gateways first (waiting), then the GatewayClasses, then
//! (with `--delete-crds`) the configurations.

use serde_json::{Value, json};

use super::plan::{plan_teardown, refusal};
use super::{AwsObserved, KubeObserved, TeardownOp, TeardownSpec};
use crate::model::Identity;
use crate::model::observed::LoadBalancerState;
use crate::model::trust::TrustPrincipal;

fn spec() -> TeardownSpec {
    TeardownSpec {
        cluster: "demo".into(),
        namespace: "kube-system".into(),
        service_account: "aws-load-balancer-controller".into(),
        role_name: "R".into(),
        role_arn: "arn:aws:iam::1:role/R".into(),
        policy_arn: "arn:aws:iam::1:policy/P".into(),
        oidc_arn: None,
        principal: TrustPrincipal::PodIdentity,
        identity: Identity::Irsa,
        delete_crds: false,
        delete_oidc_provider: false,
        delete_load_balancers: false,
    }
}

fn object(api_version: &str, kind: &str, ns: Option<&str>, name: &str, finalizer: &str) -> Value {
    let mut v = json!({"apiVersion": api_version, "kind": kind,
        "metadata": {"name": name, "uid": name, "finalizers": [finalizer]}});
    if let Some(ns) = ns {
        v["metadata"]["namespace"] = json!(ns);
    }
    v
}

fn world() -> (AwsObserved, KubeObserved) {
    let mut aws = AwsObserved::default();
    aws.load_balancers.load_balancers = vec![LoadBalancerState {
        arn: "arn:lb/gw".into(),
        name: "k8s-default-gw-1".into(),
        tags: [("elbv2.k8s.aws/cluster", "demo"), ("gateway.k8s.aws.alb/stack", "default/gw")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..Default::default()
    }];
    let kube = KubeObserved {
        lb_objects: crate::loadbalancers::KubeObserved {
            gateways: vec![object(
                "gateway.networking.k8s.io/v1",
                "Gateway",
                Some("default"),
                "gw",
                "gateway.k8s.aws/alb",
            )],
            gateway_classes: vec![object(
                "gateway.networking.k8s.io/v1",
                "GatewayClass",
                None,
                "alb",
                "gateway.k8s.aws/gatewayclass",
            )],
            gateway_configurations: vec![object(
                "gateway.k8s.aws/v1",
                "TargetGroupConfiguration",
                Some("default"),
                "tgc",
                "gateway.k8s.aws/targetgroupconfigurations",
            )],
            ..Default::default()
        },
        controller: Some(json!({"status": {"availableReplicas": 2}})),
        ..Default::default()
    };
    (aws, kube)
}

#[test]
fn teardown_refuses_naming_the_gateway_with_its_load_balancer_and_the_class() {
    let (aws, kube) = world();
    let e = refusal(&spec(), &aws, Some(&kube)).expect("refused").to_string();
    assert!(e.contains("Gateway default/gw (load balancer k8s-default-gw-1)"), "{e}");
    assert!(e.contains("GatewayClass alb (no AWS resources of its own"), "{e}");
    assert!(e.contains("2 object(s)") && !e.contains("TargetGroupConfiguration"), "configurations stay: {e}");

    let mut crds = spec();
    crds.delete_crds = true;
    let e = refusal(&crds, &aws, Some(&kube)).expect("refused").to_string();
    assert!(e.contains("TargetGroupConfiguration default/tgc") && e.contains("3 object(s)"), "{e}");
}

#[test]
fn delete_load_balancers_deletes_gateways_then_classes_then_configurations_each_waited_for() {
    let (aws, kube) = world();
    let mut s = spec();
    s.delete_load_balancers = true;
    s.delete_crds = true;
    assert!(refusal(&s, &aws, Some(&kube)).is_none());
    let plan = plan_teardown(&s, &aws, Some(&kube));
    let deletes: Vec<(String, Vec<String>)> = plan
        .steps
        .iter()
        .filter_map(|st| match &st.op {
            TeardownOp::DeleteAndWait { object, wait_for, .. } => {
                Some((object.display(), wait_for.iter().map(|r| r.display()).collect()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        deletes,
        [
            ("Gateway default/gw".to_string(), vec!["Gateway default/gw".to_string()]),
            ("GatewayClass alb".to_string(), vec!["GatewayClass alb".to_string()]),
            (
                "TargetGroupConfiguration default/tgc".to_string(),
                vec!["TargetGroupConfiguration default/tgc".to_string()]
            ),
        ]
    );
    let first = &plan.steps[0];
    assert!(first.reason.contains("load balancer k8s-default-gw-1"), "{}", first.reason);

    s.delete_crds = false;
    let plan = plan_teardown(&s, &aws, Some(&kube));
    assert!(
        !plan.steps.iter().any(|st| st.id.contains("TargetGroupConfiguration")),
        "configurations are left without --delete-crds"
    );
}

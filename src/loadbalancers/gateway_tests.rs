//! Gateways in the load-balancer inventory: the Gateway stack tags name the owner, an orphan is
//! a Gateway stack whose Gateway is gone, and Gateways, GatewayClasses and the controller's
//! Gateway configurations are finalizer holders.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::plan_prune;
use crate::inventory::{AwsObserved, KubeObserved, OwnerKind, finalizer_holders, inventory};
use crate::model::observed::{LoadBalancerState, SecurityGroupState, TargetGroupState};
use crate::model::plan::{Action, Resource};

fn tags(stack: (&str, &str)) -> BTreeMap<String, String> {
    [("elbv2.k8s.aws/cluster", "c1"), stack].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn aws() -> AwsObserved {
    let lb = |name: &str, stack: (&str, &str)| LoadBalancerState {
        arn: format!("arn:lb/{name}"),
        name: name.into(),
        kind: "application".into(),
        security_groups: vec![format!("sg-{name}")],
        tags: tags(stack),
        ..Default::default()
    };
    let tg = |name: &str, stack: (&str, &str)| TargetGroupState {
        arn: format!("arn:tg/{name}"),
        name: name.into(),
        load_balancer_arns: vec![format!("arn:lb/{name}")],
        target_type: "ip".into(),
        tags: tags(stack),
    };
    let sg = |name: &str, stack: (&str, &str)| {
        let mut t = tags(stack);
        t.insert("gateway.k8s.aws.alb/resource".into(), "ManagedLBSecurityGroup".into());
        SecurityGroupState { id: format!("sg-{name}"), name: name.into(), tags: t, ..Default::default() }
    };
    let live = ("gateway.k8s.aws.alb/stack", "default/live");
    let gone = ("gateway.k8s.aws.alb/stack", "default/gone");
    let l4 = ("gateway.k8s.aws.nlb/stack", "tcp/l4");
    AwsObserved {
        load_balancers: vec![lb("live", live), lb("gone", gone), lb("l4", l4)],
        target_groups: vec![tg("live", live), tg("gone", gone), tg("l4", l4)],
        vpc_security_groups: vec![sg("live", live), sg("gone", gone)],
    }
}

fn object(api_version: &str, kind: &str, ns: Option<&str>, name: &str, finalizers: &[&str]) -> Value {
    let mut v = json!({"apiVersion": api_version, "kind": kind,
        "metadata": {"name": name, "uid": format!("uid-{name}"), "finalizers": finalizers}});
    if let Some(ns) = ns {
        v["metadata"]["namespace"] = json!(ns);
    }
    v
}

fn kube() -> KubeObserved {
    let gw = |ns: &str, name: &str, f: &str| object("gateway.networking.k8s.io/v1", "Gateway", Some(ns), name, &[f]);
    KubeObserved {
        gateways: vec![gw("default", "live", "gateway.k8s.aws/alb"), gw("tcp", "l4", "gateway.k8s.aws/nlb")],
        gateway_classes: vec![
            object("gateway.networking.k8s.io/v1", "GatewayClass", None, "alb", &["gateway.k8s.aws/gatewayclass"]),
            object("gateway.networking.k8s.io/v1", "GatewayClass", None, "envoy", &["other.io/finalizer"]),
        ],
        gateway_configurations: vec![object(
            "gateway.k8s.aws/v1",
            "LoadBalancerConfiguration",
            Some("default"),
            "internal",
            &["gateway.k8s.aws/loadbalancerconfigurations"],
        )],
        ..Default::default()
    }
}

#[test]
fn gateway_stacks_name_their_gateway_and_the_one_whose_gateway_is_gone_is_the_orphan() {
    let inv = inventory("c1", &aws(), &kube());
    let owners: Vec<(&str, OwnerKind, &str, bool)> = inv
        .load_balancers
        .iter()
        .map(|l| (l.load_balancer.name.as_str(), l.owner.kind, l.owner.name.as_str(), l.orphaned))
        .collect();
    assert_eq!(
        owners,
        [
            ("live", OwnerKind::Gateway, "default/live", false),
            ("gone", OwnerKind::Gateway, "default/gone", true),
            ("l4", OwnerKind::Gateway, "tcp/l4", false),
        ]
    );
    assert_eq!(inv.load_balancers[1].owner.display(), "Gateway default/gone");
    let orphan_sgs: Vec<&str> = inv.security_groups.iter().filter(|s| s.orphaned).map(|s| s.id.as_str()).collect();
    assert_eq!(orphan_sgs, ["sg-gone"]);
    assert_eq!(inv.security_groups[0].resource.as_deref(), Some("ManagedLBSecurityGroup"));

    let plan = plan_prune(&inv);
    let changes: Vec<(Resource, &str)> =
        plan.steps.iter().filter(|s| s.action != Action::NoOp).map(|s| (s.resource, s.id.as_str())).collect();
    assert_eq!(
        changes,
        [
            (Resource::LoadBalancer, "arn:lb/gone"),
            (Resource::TargetGroup, "arn:tg/gone"),
            (Resource::SecurityGroup, "sg-gone")
        ]
    );
    assert!(plan.steps.iter().any(|s| s.id == "arn:lb/live" && s.reason.contains("Gateway default/live exists")));
}

#[test]
fn gateways_classes_and_configurations_hold_finalizers_with_what_they_own() {
    let holders = finalizer_holders(&kube(), &aws());
    let seen: Vec<(String, String, bool)> =
        holders.iter().map(|h| (h.display(), h.load_balancer_text(), h.owns_aws_resources())).collect();
    let text = "no AWS resources of its own; the controller removes the finalizer once nothing uses it";
    assert_eq!(
        seen,
        [
            ("Gateway default/live".to_string(), "load balancer live".to_string(), true),
            ("Gateway tcp/l4".to_string(), "load balancer l4".to_string(), true),
            ("GatewayClass alb".to_string(), text.to_string(), false),
            ("LoadBalancerConfiguration default/internal".to_string(), text.to_string(), false),
        ],
        "the envoy class holds no controller finalizer"
    );
    assert_eq!(holders[2].object_ref().namespace, None, "a GatewayClass is cluster-scoped");
}

//! The prune plan over the inventory (`crate::inventory::owners` judges owners and orphans):
//! the orphans in dependency order, everything else a kept step. Pure.

use super::{Inventory, Owner, OwnerKind, PruneOp, PrunePlan, PruneStep};
use crate::model::plan::{Action, Resource};

fn step(
    resource: Resource,
    id: impl Into<String>,
    action: Action,
    reason: impl Into<String>,
    op: PruneOp,
) -> PruneStep {
    PruneStep { resource, id: id.into(), action, reason: reason.into(), details: vec![], op }
}

fn kept_reason(owner: &Owner, kept_because: Option<&String>) -> String {
    match (kept_because, owner.kind) {
        (Some(why), _) => format!("kept: {why}"),
        (None, OwnerKind::Unknown) => "kept: no stack tag names an owner, so albctl cannot tell it is orphaned".into(),
        (None, _) => format!("kept: {} exists", owner.display()),
    }
}

fn grant_text(g: &crate::model::observed::GroupGrant) -> String {
    let ports = match (g.from_port, g.to_port) {
        (Some(a), Some(b)) if a == b => format!(" port {a}"),
        (Some(a), Some(b)) if a >= 0 => format!(" ports {a}-{b}"),
        _ => String::new(),
    };
    let protocol = if g.protocol == "-1" { "all traffic".to_string() } else { g.protocol.clone() };
    format!("{protocol}{ports} from {}", g.source_group)
}

/// The prune plan: orphaned load balancers (their listeners and rules go with them), then
/// orphaned target groups, then for each orphaned security group the grants in other groups that
/// name it (node security groups) and the group itself. Everything else is a kept step.
pub fn plan_prune(inv: &Inventory) -> PrunePlan {
    let mut plan = PrunePlan::default();
    for lb in &inv.load_balancers {
        let l = &lb.load_balancer;
        let mut s = if lb.orphaned {
            step(
                Resource::LoadBalancer,
                &l.arn,
                Action::Delete,
                format!("orphaned: {} is gone; its listeners and rules go with it", lb.owner.display()),
                PruneOp::DeleteLoadBalancer { arn: l.arn.clone() },
            )
        } else {
            step(Resource::LoadBalancer, &l.arn, Action::NoOp, kept_reason(&lb.owner, None), PruneOp::Nothing)
        };
        s.details.push(format!("{} ({} {}, {})", l.name, l.scheme, l.kind, l.dns_name));
        plan.steps.push(s);
    }
    for tg in &inv.target_groups {
        let t = &tg.target_group;
        let mut s = if tg.orphaned {
            step(
                Resource::TargetGroup,
                &t.arn,
                Action::Delete,
                format!("orphaned: {} is gone", tg.owner.display()),
                PruneOp::DeleteTargetGroup { arn: t.arn.clone() },
            )
        } else {
            step(
                Resource::TargetGroup,
                &t.arn,
                Action::NoOp,
                kept_reason(&tg.owner, tg.kept_because.as_ref()),
                PruneOp::Nothing,
            )
        };
        s.details.push(t.name.clone());
        plan.steps.push(s);
    }
    for sg in &inv.security_groups {
        if !sg.orphaned {
            let mut s = step(
                Resource::SecurityGroup,
                &sg.id,
                Action::NoOp,
                kept_reason(&sg.owner, sg.kept_because.as_ref()),
                PruneOp::Nothing,
            );
            s.details.push(sg.name.clone());
            plan.steps.push(s);
            continue;
        }
        for (group_id, grant) in &sg.referenced_by {
            plan.steps.push(step(
                Resource::SecurityGroupRule,
                format!("{group_id}: {}", grant_text(grant)),
                Action::Update,
                format!("revoke: the rule names {}, which is deleted next", sg.id),
                PruneOp::RevokeGrant { group_id: group_id.clone(), grant: grant.clone() },
            ));
        }
        let mut s = step(
            Resource::SecurityGroup,
            &sg.id,
            Action::Delete,
            format!("orphaned: {} is gone", sg.owner.display()),
            PruneOp::DeleteSecurityGroup { id: sg.id.clone() },
        );
        s.details.push(sg.name.clone());
        plan.steps.push(s);
    }
    plan
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::{Value, json};

    use super::*;
    use crate::inventory::{AwsObserved, KubeObserved, finalizer_holders, inventory};
    use crate::model::observed::{GroupGrant, LoadBalancerState, SecurityGroupState, TargetGroupState};

    fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn lb(name: &str, stack: (&str, &str), sg: &str) -> LoadBalancerState {
        LoadBalancerState {
            arn: format!("arn:lb/{name}"),
            name: name.into(),
            kind: "application".into(),
            security_groups: vec![sg.into()],
            tags: tags(&[("elbv2.k8s.aws/cluster", "c1"), stack]),
            ..Default::default()
        }
    }

    fn tg(name: &str, lb: &str, stack: (&str, &str)) -> TargetGroupState {
        TargetGroupState {
            arn: format!("arn:tg/{name}"),
            name: name.into(),
            load_balancer_arns: vec![format!("arn:lb/{lb}")],
            target_type: "ip".into(),
            tags: tags(&[("elbv2.k8s.aws/cluster", "c1"), stack]),
        }
    }

    fn sg(id: &str, extra: &[(&str, &str)], grants: &[&str]) -> SecurityGroupState {
        let mut t = tags(extra);
        if !extra.is_empty() {
            t.entry("elbv2.k8s.aws/cluster".into()).or_insert_with(|| "c1".into());
        }
        SecurityGroupState {
            id: id.into(),
            name: id.into(),
            tags: t,
            group_grants: grants
                .iter()
                .map(|src| GroupGrant {
                    protocol: "tcp".into(),
                    from_port: Some(80),
                    to_port: Some(80),
                    source_group: src.to_string(),
                    pair: (None, None),
                })
                .collect(),
            ..Default::default()
        }
    }

    fn obj(kind: &str, ns: &str, name: &str, extra: Value) -> Value {
        let mut v = json!({"apiVersion": "v1", "kind": kind, "metadata": {"namespace": ns, "name": name, "uid": format!("uid-{name}")}});
        if let (Some(m), Some(e)) = (v["metadata"].as_object_mut(), extra.as_object()) {
            m.extend(e.clone());
        }
        v
    }

    fn world() -> (AwsObserved, KubeObserved) {
        let aws = AwsObserved {
            load_balancers: vec![
                lb("live", ("ingress.k8s.aws/stack", "default/live"), "sg-live"),
                lb("gone", ("ingress.k8s.aws/stack", "default/gone"), "sg-gone"),
                lb("shop", ("ingress.k8s.aws/stack", "shop"), "sg-shop"),
                lb("nlb", ("service.k8s.aws/stack", "default/nlb"), "sg-nlb"),
            ],
            target_groups: vec![
                tg("tg-live", "live", ("ingress.k8s.aws/stack", "default/live")),
                tg("tg-gone", "gone", ("ingress.k8s.aws/stack", "default/gone")),
                tg("tg-bound", "none", ("ingress.k8s.aws/stack", "default/gone2")),
            ],
            vpc_security_groups: vec![
                sg("sg-live", &[("ingress.k8s.aws/stack", "default/live")], &[]),
                sg("sg-gone", &[("ingress.k8s.aws/stack", "default/gone")], &[]),
                sg("sg-backend", &[("elbv2.k8s.aws/resource", "backend-sg")], &[]),
                sg("sg-node", &[], &["sg-gone", "sg-backend"]),
                sg("sg-other", &[("elbv2.k8s.aws/cluster", "c2"), ("ingress.k8s.aws/stack", "x/y")], &[]),
            ],
        };
        let kube = KubeObserved {
            ingresses: vec![
                obj("Ingress", "default", "live", json!({"finalizers": ["ingress.k8s.aws/resources"]})),
                obj(
                    "Ingress",
                    "shop",
                    "cart",
                    json!({"annotations": {"alb.ingress.kubernetes.io/group.name": "shop"}}),
                ),
            ],
            services: vec![],
            target_group_bindings: vec![
                json!({"metadata": {"namespace": "a", "name": "b"}, "spec": {"targetGroupARN": "arn:tg/tg-bound"}}),
            ],
            ..Default::default()
        };
        (aws, kube)
    }

    #[test]
    fn orphans_are_resources_whose_owner_is_gone_and_nothing_live_uses() {
        let (aws, kube) = world();
        let inv = inventory("c1", &aws, &kube);
        let orphan_lbs: Vec<&str> =
            inv.load_balancers.iter().filter(|l| l.orphaned).map(|l| l.load_balancer.name.as_str()).collect();
        assert_eq!(
            orphan_lbs,
            ["gone", "nlb"],
            "the implicit Ingress and the Service are gone; the group has a member"
        );
        let orphan_tgs: Vec<&str> =
            inv.target_groups.iter().filter(|t| t.orphaned).map(|t| t.target_group.name.as_str()).collect();
        assert_eq!(orphan_tgs, ["tg-gone"], "a TargetGroupBinding keeps tg-bound");
        let orphan_sgs: Vec<&str> = inv.security_groups.iter().filter(|s| s.orphaned).map(|s| s.id.as_str()).collect();
        assert_eq!(orphan_sgs, ["sg-gone"], "backend group serves live ones; other clusters' groups are not listed");
        assert!(inv.security_groups.iter().all(|s| s.id != "sg-other" && s.id != "sg-node"));
    }

    #[test]
    fn prune_plan_deletes_load_balancers_then_target_groups_then_revokes_then_groups() {
        let (aws, kube) = world();
        let plan = plan_prune(&inventory("c1", &aws, &kube));
        let changes: Vec<(Resource, &str)> =
            plan.steps.iter().filter(|s| s.action != Action::NoOp).map(|s| (s.resource, s.id.as_str())).collect();
        assert_eq!(
            changes,
            [
                (Resource::LoadBalancer, "arn:lb/gone"),
                (Resource::LoadBalancer, "arn:lb/nlb"),
                (Resource::TargetGroup, "arn:tg/tg-gone"),
                (Resource::SecurityGroupRule, "sg-node: tcp port 80 from sg-gone"),
                (Resource::SecurityGroup, "sg-gone"),
            ]
        );
        assert!(plan.steps.iter().any(|s| s.id == "arn:lb/live" && s.reason.contains("Ingress default/live exists")));
    }

    #[test]
    fn backend_group_is_an_orphan_once_nothing_is_left() {
        let (mut aws, _) = world();
        aws.load_balancers.retain(|l| l.name == "gone");
        let inv = inventory("c1", &aws, &KubeObserved::default());
        let backend = inv.security_groups.iter().find(|s| s.id == "sg-backend").unwrap();
        assert!(backend.orphaned);
        assert_eq!(backend.referenced_by.len(), 1, "the node group's rule naming it is revoked first");
    }

    #[test]
    fn an_ingress_group_member_through_ingress_class_params_keeps_the_group() {
        let (aws, mut kube) = world();
        kube.ingresses.truncate(1);
        kube.ingresses.push(obj("Ingress", "shop", "cart", json!({})));
        kube.ingresses[1]["spec"] = json!({"ingressClassName": "shop-alb"});
        kube.ingress_classes = vec![
            json!({"metadata": {"name": "shop-alb"}, "spec": {"parameters": {"kind": "IngressClassParams", "name": "p"}}}),
        ];
        kube.ingress_class_params = vec![json!({"metadata": {"name": "p"}, "spec": {"group": {"name": "shop"}}})];
        let inv = inventory("c1", &aws, &kube);
        assert!(!inv.load_balancers.iter().find(|l| l.load_balancer.name == "shop").unwrap().orphaned);
    }

    #[test]
    fn holders_name_their_load_balancers() {
        let (aws, mut kube) = world();
        kube.services.push(obj("Service", "default", "nlb", json!({"finalizers": ["service.k8s.aws/resources"]})));
        kube.ingresses.push(obj(
            "Ingress",
            "shop",
            "pay",
            json!({"finalizers": ["group.ingress.k8s.aws/shop"], "deletionTimestamp": "2026-01-01T00:00:00Z"}),
        ));
        let holders = finalizer_holders(&kube, &aws);
        let names: Vec<(String, String)> = holders.iter().map(|h| (h.display(), h.load_balancer_text())).collect();
        assert_eq!(
            names,
            [
                ("Ingress default/live".to_string(), "load balancer live".to_string()),
                ("Ingress shop/pay".to_string(), "load balancer shop".to_string()),
                ("Service default/nlb".to_string(), "load balancer nlb".to_string()),
            ]
        );
        assert!(holders[1].deletion_timestamp.is_some());
    }
}

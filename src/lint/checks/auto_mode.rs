//! `lint --target auto-mode`: what of the objects the controller owns today would not carry
//! over to EKS Auto Mode's load balancing (the readiness report for a move). Pure.
//!
//! From the EKS user guide's Auto Mode pages (auto-configure-alb, auto-configure-nlb,
//! migrate-auto): Auto Mode groups Ingresses only through IngressClassParams, and does not read
//! `group.name`, WAF Classic ids, Shield Advanced, listener attributes, annotations on the
//! IngressClass or `kubernetes.io/ingress.class`; Services: not `aws-load-balancer-type`,
//! `-internal`, the source-ranges annotation, nor the per-attribute annotations (use
//! `aws-load-balancer-attributes`); TargetGroupBinding: no `targetGroupName` (bring-your-own
//! by name), no `ipBlock` peers; no IPAM pools. Auto Mode cannot take over existing load
//! balancers: a move is blue/green by DNS, so every finding is about the *new* objects.

use super::{Emit, Role};

/// Ingress annotations Auto Mode does not read: (key or prefix, code, what to do instead).
const INGRESS: &[(&str, &str, &str)] = &[
    (
        "alb.ingress.kubernetes.io/group.name",
        "AUTO001",
        "group through IngressClassParams `group.name` on an Auto Mode IngressClass",
    ),
    (
        "alb.ingress.kubernetes.io/group.order",
        "AUTO001",
        "order within the group is not configurable per Ingress in Auto Mode",
    ),
    (
        "alb.ingress.kubernetes.io/waf-acl-id",
        "AUTO002",
        "WAF Classic is not supported: move to WAFv2 and associate the web ACL outside the cluster",
    ),
    (
        "alb.ingress.kubernetes.io/web-acl-id",
        "AUTO002",
        "WAF Classic is not supported: move to WAFv2 and associate the web ACL outside the cluster",
    ),
    (
        "alb.ingress.kubernetes.io/shield-advanced-protection",
        "AUTO003",
        "protect the new load balancer with Shield Advanced outside the cluster",
    ),
    (
        "alb.ingress.kubernetes.io/listener-attributes.",
        "AUTO004",
        "listener attributes are not supported; set them outside the cluster after the move",
    ),
    ("alb.ingress.kubernetes.io/ipam-ipv4-pool-id", "AUTO007", "IPAM pools are not supported by Auto Mode"),
    (
        "kubernetes.io/ingress.class",
        "AUTO005",
        "use spec.ingressClassName with an IngressClass of controller eks.amazonaws.com/alb",
    ),
];

/// Service annotations Auto Mode does not read.
const SERVICE: &[(&str, &str, &str)] = &[
    (
        "service.beta.kubernetes.io/aws-load-balancer-type",
        "AUTO006",
        "set spec.loadBalancerClass: eks.amazonaws.com/nlb",
    ),
    ("service.beta.kubernetes.io/aws-load-balancer-internal", "AUTO006", "use aws-load-balancer-scheme: internal"),
    ("service.beta.kubernetes.io/load-balancer-source-ranges", "AUTO006", "use spec.loadBalancerSourceRanges"),
    (
        "service.beta.kubernetes.io/aws-load-balancer-access-log-",
        "AUTO006",
        "use aws-load-balancer-attributes (access_logs.s3.*)",
    ),
    (
        "service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled",
        "AUTO006",
        "use aws-load-balancer-attributes (load_balancing.cross_zone.enabled)",
    ),
    (
        "service.beta.kubernetes.io/aws-load-balancer-listener-attributes.",
        "AUTO004",
        "listener attributes are not supported; set them outside the cluster after the move",
    ),
    (
        "service.beta.kubernetes.io/aws-load-balancer-ipam-ipv4-pool-id",
        "AUTO007",
        "IPAM pools are not supported by Auto Mode",
    ),
];

/// The (code, what to do instead) when EKS Auto Mode does not read annotation `key` on `kind`.
pub fn unsupported(kind: &str, key: &str) -> Option<(&'static str, &'static str)> {
    let table = match kind {
        "Ingress" => INGRESS,
        "Service" => SERVICE,
        _ => return None,
    };
    table
        .iter()
        .find(|(k, _, _)| if k.ends_with('.') || k.ends_with('-') { key.starts_with(k) } else { key == *k })
        .map(|(_, code, instead)| (*code, *instead))
}

/// Emits the readiness findings for one object the controller handles.
pub(crate) fn readiness(emit: &mut Emit, role: Role) {
    let kind = match role {
        Role::Ingress => "Ingress",
        Role::NlbService => "Service",
        Role::BackendService | Role::Params => return,
    };
    let keys: Vec<String> = emit.object.annotations().into_iter().map(|(k, _)| k.to_string()).collect();
    for key in keys {
        if let Some((code, instead)) = unsupported(kind, &key) {
            emit.key(code, &key, format!("{key}: EKS Auto Mode does not read it"), Some(instead.to_string()));
        }
    }
}

/// Emits the readiness findings for a TargetGroupBinding (any API version of the controller's).
pub(crate) fn target_group_binding(emit: &mut Emit) {
    let spec = &emit.object.value["spec"];
    if spec.get("targetGroupName").is_some() {
        let line = emit.object.line_of(&["spec", "targetGroupName"]);
        emit.at(
            "AUTO008",
            "spec.targetGroupName",
            line,
            "spec.targetGroupName: Auto Mode's TargetGroupBinding (eks.amazonaws.com/v1) has no bring-your-own target group by name".into(),
            Some("name the target group by spec.targetGroupARN".into()),
        );
    }
    let ip_blocks = spec["networking"]["ingress"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|rule| rule["from"].as_array().into_iter().flatten())
        .any(|peer| peer.get("ipBlock").is_some());
    if ip_blocks {
        emit.at(
            "AUTO008",
            "spec.networking.ingress[].from[].ipBlock",
            emit.object.line_of(&["spec", "networking"]),
            "ipBlock peers: Auto Mode's TargetGroupBinding supports security group peers only".into(),
            Some("open the node security group to those CIDRs outside the cluster, or use a securityGroup peer".into()),
        );
    }
}

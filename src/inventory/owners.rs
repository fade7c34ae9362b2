//! Pure judgements over what `observe` read: who owns each controller resource (its stack tag),
//! which are orphans, and which cluster objects hold a controller finalizer. No I/O.
//!
//! A resource is an orphan only when all of these hold: it carries this cluster's
//! `elbv2.k8s.aws/cluster` tag (observe keeps nothing else), its stack tag names an owner, that
//! owner does not exist in the cluster, and nothing live still uses it (a live load balancer
//! forwarding to a target group or carrying a security group, a TargetGroupBinding naming a
//! target group). A resource with no readable owner is listed and never pruned.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use super::{
    AwsObserved, Inventory, KubeObserved, LoadBalancerEntry, Owner, OwnerKind, SecurityGroupEntry, TargetGroupEntry,
};
use crate::model::gateway::{
    ALB_GATEWAY_STACK_TAG, CONFIGURATION_FINALIZERS, GATEWAY_RESOURCE_TAGS, NLB_GATEWAY_STACK_TAG,
    stack_tag_of_finalizer,
};
use crate::model::{
    LBC_BACKEND_SG, LBC_GROUP_FINALIZER_PREFIX, LBC_GROUP_NAME_ANNOTATION, LBC_INGRESS_FINALIZER,
    LBC_INGRESS_STACK_TAG, LBC_RESOURCE_TAG, LBC_SERVICE_STACK_TAG, is_lbc_finalizer,
};

fn ns_name(obj: &Value) -> String {
    format!(
        "{}/{}",
        obj["metadata"]["namespace"].as_str().unwrap_or_default(),
        obj["metadata"]["name"].as_str().unwrap_or_default()
    )
}

/// The IngressClass an Ingress names (the annotation wins over `spec.ingressClassName`, as in
/// the controller), or `None`.
pub fn ingress_class_of(ingress: &Value) -> Option<&str> {
    ingress["metadata"]["annotations"]["kubernetes.io/ingress.class"]
        .as_str()
        .or_else(|| ingress["spec"]["ingressClassName"].as_str())
}

/// Explicit IngressGroups and their members (`namespace/name`): the group.name annotation, or the
/// group of the IngressClassParams the Ingress's class points at.
pub fn ingress_groups(kube: &KubeObserved) -> BTreeMap<String, Vec<String>> {
    let params_group: BTreeMap<&str, &str> = kube
        .ingress_class_params
        .iter()
        .filter_map(|p| Some((p["metadata"]["name"].as_str()?, p["spec"]["group"]["name"].as_str()?)))
        .collect();
    let class_group: BTreeMap<&str, &str> = kube
        .ingress_classes
        .iter()
        .filter_map(|c| {
            let params = &c["spec"]["parameters"];
            if params["kind"].as_str() != Some("IngressClassParams") {
                return None;
            }
            Some((c["metadata"]["name"].as_str()?, *params_group.get(params["name"].as_str()?)?))
        })
        .collect();
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for ing in &kube.ingresses {
        let by_annotation = ing["metadata"]["annotations"][LBC_GROUP_NAME_ANNOTATION].as_str();
        let by_class = ingress_class_of(ing).and_then(|c| class_group.get(c).copied());
        for group in by_annotation.into_iter().chain(by_class) {
            groups.entry(group.to_string()).or_default().push(ns_name(ing));
        }
    }
    groups
}

struct Owners<'a> {
    cluster: &'a str,
    ingresses: BTreeSet<String>,
    services: BTreeSet<String>,
    gateways: BTreeSet<String>,
    groups: BTreeMap<String, Vec<String>>,
    /// TargetGroupBinding `namespace/name` by the target group ARN it names.
    bindings: BTreeMap<String, String>,
}

impl Owners<'_> {
    fn of_stack(&self, tags: &BTreeMap<String, String>) -> Owner {
        if let Some(stack) = tags.get(LBC_INGRESS_STACK_TAG) {
            return if stack.contains('/') {
                Owner { kind: OwnerKind::Ingress, name: stack.clone(), exists: self.ingresses.contains(stack) }
            } else {
                let exists = self.groups.get(stack).is_some_and(|m| !m.is_empty());
                Owner { kind: OwnerKind::IngressGroup, name: stack.clone(), exists }
            };
        }
        if let Some(stack) = tags.get(LBC_SERVICE_STACK_TAG) {
            return Owner { kind: OwnerKind::Service, name: stack.clone(), exists: self.services.contains(stack) };
        }
        if let Some(stack) = tags.get(ALB_GATEWAY_STACK_TAG).or_else(|| tags.get(NLB_GATEWAY_STACK_TAG)) {
            return Owner { kind: OwnerKind::Gateway, name: stack.clone(), exists: self.gateways.contains(stack) };
        }
        Owner { kind: OwnerKind::Unknown, name: String::new(), exists: true }
    }

    fn shared_backend(&self, exists: bool) -> Owner {
        Owner { kind: OwnerKind::SharedBackend, name: self.cluster.to_string(), exists }
    }
}

/// Whether an object holds a controller finalizer.
pub fn holds_lbc_finalizer(obj: &Value) -> bool {
    obj["metadata"]["finalizers"].as_array().is_some_and(|f| f.iter().filter_map(Value::as_str).any(is_lbc_finalizer))
}

/// Owners, orphans and what uses what, for every resource observe found.
pub fn inventory(cluster: &str, aws: &AwsObserved, kube: &KubeObserved) -> Inventory {
    let owners = Owners {
        cluster,
        ingresses: kube.ingresses.iter().map(ns_name).collect(),
        services: kube.services.iter().map(ns_name).collect(),
        gateways: kube.gateways.iter().map(ns_name).collect(),
        groups: ingress_groups(kube),
        bindings: kube
            .target_group_bindings
            .iter()
            .filter_map(|b| Some((b["spec"]["targetGroupARN"].as_str()?.to_string(), ns_name(b))))
            .collect(),
    };

    let load_balancers: Vec<LoadBalancerEntry> = aws
        .load_balancers
        .iter()
        .map(|lb| {
            let owner = owners.of_stack(&lb.tags);
            let target_groups = aws
                .target_groups
                .iter()
                .filter(|tg| tg.load_balancer_arns.contains(&lb.arn))
                .map(|tg| tg.name.clone())
                .collect();
            LoadBalancerEntry { load_balancer: lb.clone(), orphaned: !owner.exists, owner, target_groups }
        })
        .collect();
    let live_lbs: BTreeSet<&str> =
        load_balancers.iter().filter(|l| !l.orphaned).map(|l| l.load_balancer.arn.as_str()).collect();
    let live_lb_groups: BTreeSet<&str> = load_balancers
        .iter()
        .filter(|l| !l.orphaned)
        .flat_map(|l| l.load_balancer.security_groups.iter().map(String::as_str))
        .collect();

    let target_groups: Vec<TargetGroupEntry> = aws
        .target_groups
        .iter()
        .map(|tg| {
            let mut owner = owners.of_stack(&tg.tags);
            let mut kept_because = None;
            if let Some(binding) = owners.bindings.get(&tg.arn) {
                if owner.kind == OwnerKind::Unknown {
                    owner = Owner { kind: OwnerKind::TargetGroupBinding, name: binding.clone(), exists: true };
                } else if !owner.exists {
                    kept_because = Some(format!("TargetGroupBinding {binding} names it"));
                }
            }
            if let Some(lb) = tg.load_balancer_arns.iter().find(|a| live_lbs.contains(a.as_str()))
                && kept_because.is_none()
                && !owner.exists
            {
                kept_because = Some(format!("live load balancer {lb} forwards to it"));
            }
            TargetGroupEntry {
                target_group: tg.clone(),
                orphaned: !owner.exists && kept_because.is_none(),
                owner,
                kept_because,
            }
        })
        .collect();

    // NB: the shared backend group serves every load balancer and TargetGroupBinding of the
    // cluster; it is an orphan only when none is left and no object still holds a finalizer.
    let anything_live = !live_lbs.is_empty()
        || !kube.target_group_bindings.is_empty()
        || kube.ingresses.iter().chain(&kube.services).chain(&kube.gateways).any(holds_lbc_finalizer);
    let cluster_groups: Vec<_> = aws
        .vpc_security_groups
        .iter()
        .filter(|g| g.tags.get(crate::model::LBC_CLUSTER_TAG).is_some_and(|v| v == cluster))
        .collect();
    let security_groups = cluster_groups
        .into_iter()
        .map(|g| {
            let resource = g.tags.get(LBC_RESOURCE_TAG).cloned().or_else(|| {
                ["ingress.k8s.aws/resource", "service.k8s.aws/resource"]
                    .into_iter()
                    .chain(GATEWAY_RESOURCE_TAGS)
                    .find_map(|k| g.tags.get(k))
                    .cloned()
            });
            let owner = if g.tags.get(LBC_RESOURCE_TAG).is_some_and(|v| v == LBC_BACKEND_SG) {
                owners.shared_backend(anything_live)
            } else {
                owners.of_stack(&g.tags)
            };
            let kept_because = (!owner.exists && live_lb_groups.contains(g.id.as_str()))
                .then(|| "a live load balancer uses it".to_string());
            let referenced_by = aws
                .vpc_security_groups
                .iter()
                .filter(|other| other.id != g.id)
                .flat_map(|other| {
                    other
                        .group_grants
                        .iter()
                        .filter(|grant| grant.source_group == g.id)
                        .map(|grant| (other.id.clone(), grant.clone()))
                })
                .collect();
            SecurityGroupEntry {
                id: g.id.clone(),
                name: g.name.clone(),
                resource,
                tags: g.tags.clone(),
                orphaned: !owner.exists && kept_because.is_none(),
                owner,
                kept_because,
                referenced_by,
            }
        })
        .collect();
    Inventory { load_balancers, target_groups, security_groups }
}

/// An object holding a controller finalizer: an Ingress, Service, Gateway, TargetGroupBinding,
/// GatewayClass or one of the controller's Gateway configuration kinds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FinalizerHolder {
    /// `Ingress`, `Service`, `Gateway`, `TargetGroupBinding`, `GatewayClass`,
    /// `LoadBalancerConfiguration`, `TargetGroupConfiguration` or `ListenerRuleConfiguration`.
    pub kind: String,
    /// API version as read.
    pub api_version: String,
    /// Namespace (empty for a cluster-scoped GatewayClass).
    pub namespace: String,
    /// Object name (namespaced objects: without the namespace).
    pub name: String,
    /// `metadata.uid`; teardown deletes the object only while it still has this uid.
    pub uid: Option<String>,
    /// The controller finalizers it holds.
    pub finalizers: Vec<String>,
    /// When its deletion was asked for, if it was.
    pub deletion_timestamp: Option<String>,
    /// Names of the load balancers it owns (from their stack tags, or through its target group).
    pub load_balancers: Vec<String>,
    /// For a TargetGroupBinding, the target group it names.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_group_arn: Option<String>,
}

impl FinalizerHolder {
    /// `Ingress default/web`, `GatewayClass alb`.
    pub fn display(&self) -> String {
        self.object_ref().display()
    }

    /// Where the object is.
    pub fn object_ref(&self) -> crate::model::ObjectRef {
        crate::model::ObjectRef {
            api_version: self.api_version.clone(),
            kind: self.kind.clone(),
            namespace: (!self.namespace.is_empty()).then(|| self.namespace.clone()),
            name: self.name.clone(),
        }
    }

    /// Whether the controller makes AWS resources for it (Ingress, Service, Gateway,
    /// TargetGroupBinding); a GatewayClass or a configuration only waits for its users.
    pub fn owns_aws_resources(&self) -> bool {
        matches!(self.kind.as_str(), "Ingress" | "Service" | "Gateway" | "TargetGroupBinding")
    }

    /// `load balancer NAME`, `load balancers A, B`, or what is known instead.
    pub fn load_balancer_text(&self) -> String {
        if !self.owns_aws_resources() {
            return "no AWS resources of its own; the controller removes the finalizer once nothing uses it".into();
        }
        match (self.load_balancers.as_slice(), &self.target_group_arn) {
            ([one], _) => format!("load balancer {one}"),
            ([], Some(tg)) => format!("target group {tg}"),
            ([], None) => "no load balancer tagged for it found".into(),
            (many, _) => format!("load balancers {}", many.join(", ")),
        }
    }
}

/// Every object holding a controller finalizer, with the load balancers it owns: Ingresses,
/// Services and Gateways first, then TargetGroupBindings, GatewayClasses and the controller's
/// Gateway configurations (each kind by name).
pub fn finalizer_holders(kube: &KubeObserved, aws: &AwsObserved) -> Vec<FinalizerHolder> {
    let lbs_with = |key: &str, value: &str| -> Vec<String> {
        aws.load_balancers
            .iter()
            .filter(|l| l.tags.get(key).is_some_and(|v| v == value))
            .map(|l| l.name.clone())
            .collect()
    };
    let mut out = Vec::new();
    let configurations: Vec<(&str, &Value)> =
        kube.gateway_configurations.iter().map(|o| (o["kind"].as_str().unwrap_or_default(), o)).collect();
    let kinds = [
        ("Ingress", &kube.ingresses),
        ("Service", &kube.services),
        ("Gateway", &kube.gateways),
        ("TargetGroupBinding", &kube.target_group_bindings),
        ("GatewayClass", &kube.gateway_classes),
    ];
    let objects = kinds.into_iter().flat_map(|(kind, objects)| objects.iter().map(move |o| (kind, o))).chain(
        CONFIGURATION_FINALIZERS
            .iter()
            .flat_map(|(kind, _)| configurations.iter().filter(move |(k, _)| k == kind).map(|(k, o)| (*k, *o))),
    );
    for (kind, obj) in objects.filter(|(_, o)| holds_lbc_finalizer(o)) {
        let meta = &obj["metadata"];
        let finalizers: Vec<String> = meta["finalizers"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(|f| is_lbc_finalizer(f))
            .map(str::to_string)
            .collect();
        let id = ns_name(obj);
        let mut target_group_arn = None;
        let mut load_balancers = match kind {
            "Ingress" => {
                let mut names = Vec::new();
                for f in &finalizers {
                    let stack = match f.strip_prefix(LBC_GROUP_FINALIZER_PREFIX) {
                        Some(group) => group.to_string(),
                        None if f == LBC_INGRESS_FINALIZER => id.clone(),
                        None => continue,
                    };
                    names.extend(lbs_with(LBC_INGRESS_STACK_TAG, &stack));
                }
                names
            }
            "Service" => lbs_with(LBC_SERVICE_STACK_TAG, &id),
            "Gateway" => {
                finalizers.iter().filter_map(|f| stack_tag_of_finalizer(f)).flat_map(|tag| lbs_with(tag, &id)).collect()
            }
            "TargetGroupBinding" => {
                let arn = obj["spec"]["targetGroupARN"].as_str().unwrap_or_default().to_string();
                let lb_arns: Vec<&String> =
                    aws.target_groups.iter().filter(|t| t.arn == arn).flat_map(|t| &t.load_balancer_arns).collect();
                target_group_arn = Some(arn);
                aws.load_balancers.iter().filter(|l| lb_arns.contains(&&l.arn)).map(|l| l.name.clone()).collect()
            }
            _ => vec![],
        };
        load_balancers.sort();
        load_balancers.dedup();
        out.push(FinalizerHolder {
            kind: kind.to_string(),
            api_version: obj["apiVersion"].as_str().unwrap_or_default().to_string(),
            namespace: meta["namespace"].as_str().unwrap_or_default().to_string(),
            name: meta["name"].as_str().unwrap_or_default().to_string(),
            uid: meta["uid"].as_str().map(str::to_string),
            finalizers,
            deletion_timestamp: meta["deletionTimestamp"].as_str().map(str::to_string),
            load_balancers,
            target_group_arn,
        });
    }
    out
}

//! The load-balancer inventory: the AWS load balancers, target groups and security groups the
//! controller made for a cluster, and the cluster objects that own them. `observe` reads both
//! (ELBv2 and EC2 batched; the Kubernetes lists without discovery), `owners` judges (pure: who
//! owns each resource, which are orphans, which objects hold a controller finalizer).
//!
//! A shared reader below the workflows: `loadbalancers` (list, prune), `doctor` (LB00x) and
//! `teardown` (the finalizer refusal) all read and judge through it.
//!
//! May import: the `aws` and `kube` adapters and the shared domain; no workflow, not `context`.

use serde::Serialize;
use serde_json::Value;

use crate::model::observed::{GroupGrant, LoadBalancerState, SecurityGroupState, TargetGroupState};

pub mod observe;
pub mod owners;

pub use owners::{FinalizerHolder, finalizer_holders, ingress_class_of, inventory};

/// What the ELBv2 and EC2 reads returned (only resources tagged for the cluster, except
/// `vpc_security_groups`, which has every group of the VPC for the rules that name ours).
#[derive(Debug, Clone, Default)]
pub struct AwsObserved {
    /// Load balancers tagged for the cluster.
    pub load_balancers: Vec<LoadBalancerState>,
    /// Target groups tagged for the cluster.
    pub target_groups: Vec<TargetGroupState>,
    /// Every security group of the cluster's VPC.
    pub vpc_security_groups: Vec<SecurityGroupState>,
}

/// The cluster's objects that can own controller resources, as the API server returned them.
#[derive(Debug, Clone, Default)]
pub struct KubeObserved {
    /// Every Ingress.
    pub ingresses: Vec<Value>,
    /// Every Service.
    pub services: Vec<Value>,
    /// Every TargetGroupBinding (none when the CRD is not installed).
    pub target_group_bindings: Vec<Value>,
    /// Every IngressClass.
    pub ingress_classes: Vec<Value>,
    /// Every IngressClassParams (none when the CRD is not installed).
    pub ingress_class_params: Vec<Value>,
    /// Every Gateway (none when the Gateway API CRDs are not installed).
    pub gateways: Vec<Value>,
    /// Every GatewayClass (none when the Gateway API CRDs are not installed).
    pub gateway_classes: Vec<Value>,
    /// Every LoadBalancerConfiguration, TargetGroupConfiguration and ListenerRuleConfiguration
    /// (none of a kind whose CRD is not installed).
    pub gateway_configurations: Vec<Value>,
}

/// What kind of thing owns a controller resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum OwnerKind {
    /// An Ingress in an implicit group (stack `<namespace>/<name>`).
    Ingress,
    /// An explicit IngressGroup (stack = the group name): owned while any Ingress is in it.
    IngressGroup,
    /// A Service (stack `<namespace>/<name>`).
    Service,
    /// A Gateway (stack `<namespace>/<name>` in `gateway.k8s.aws.alb/stack` or `.nlb/stack`).
    Gateway,
    /// A TargetGroupBinding naming the target group.
    TargetGroupBinding,
    /// The shared backend security group: owned while the cluster has any load balancer or
    /// TargetGroupBinding.
    SharedBackend,
    /// No stack tag albctl can read: never judged an orphan.
    Unknown,
}

impl OwnerKind {
    /// Word for text output.
    pub fn label(self) -> &'static str {
        match self {
            OwnerKind::Ingress => "Ingress",
            OwnerKind::IngressGroup => "IngressGroup",
            OwnerKind::Service => "Service",
            OwnerKind::Gateway => "Gateway",
            OwnerKind::TargetGroupBinding => "TargetGroupBinding",
            OwnerKind::SharedBackend => "shared backend of",
            OwnerKind::Unknown => "unknown owner",
        }
    }
}

/// The owner of a controller resource, as its tags name it, and whether it exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Owner {
    /// Kind of owner.
    pub kind: OwnerKind,
    /// `namespace/name`, the group name, or the cluster name for the shared backend group.
    pub name: String,
    /// Whether it exists in the cluster.
    pub exists: bool,
}

impl Owner {
    /// `Ingress default/web`, `IngressGroup shop`.
    pub fn display(&self) -> String {
        match self.kind {
            OwnerKind::Unknown => "unknown owner (no stack tag)".into(),
            OwnerKind::SharedBackend => format!("shared backend of cluster {}", self.name),
            _ => format!("{} {}", self.kind.label(), self.name),
        }
    }
}

/// A load balancer with its owner.
#[derive(Debug, Clone, Serialize)]
pub struct LoadBalancerEntry {
    /// What ELBv2 says.
    #[serde(flatten)]
    pub load_balancer: LoadBalancerState,
    /// The Kubernetes object (or group) its tags name, and whether it still exists.
    pub owner: Owner,
    /// Owner gone: prune removes it.
    pub orphaned: bool,
    /// Names of the target groups it forwards to.
    pub target_groups: Vec<String>,
}

/// A target group with its owner.
#[derive(Debug, Clone, Serialize)]
pub struct TargetGroupEntry {
    /// What ELBv2 says.
    #[serde(flatten)]
    pub target_group: TargetGroupState,
    /// The Kubernetes object (or group) its tags name, and whether it still exists.
    pub owner: Owner,
    /// Owner gone and nothing live uses it: prune removes it.
    pub orphaned: bool,
    /// Why it is kept although its owner is gone (a live load balancer or TargetGroupBinding uses it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kept_because: Option<String>,
}

/// A controller-made security group with its owner.
#[derive(Debug, Clone, Serialize)]
pub struct SecurityGroupEntry {
    /// `sg-…` id.
    pub id: String,
    /// Its `GroupName` (not the `Name` tag).
    pub name: String,
    /// `elbv2.k8s.aws/resource` (e.g. `backend-sg`) or the stack resource tag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    /// Its tags, key to value, as AWS reports them (the controller's stack tags among them).
    pub tags: std::collections::BTreeMap<String, String>,
    /// The Kubernetes object (or group) its tags name, and whether it still exists.
    pub owner: Owner,
    /// Owner gone and nothing live uses it: prune removes it.
    pub orphaned: bool,
    /// Why it is kept although its owner is gone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kept_because: Option<String>,
    /// Ingress grants in other security groups that name this group as their source (`group_id`, grant).
    pub referenced_by: Vec<(String, GroupGrant)>,
}

/// Everything the controller made for the cluster, with owners.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Inventory {
    /// Load balancers tagged `elbv2.k8s.aws/cluster=<cluster>`, each with its owner and target groups.
    pub load_balancers: Vec<LoadBalancerEntry>,
    /// Target groups tagged for the cluster, each with its owner and, if kept, why.
    pub target_groups: Vec<TargetGroupEntry>,
    /// The VPC's groups tagged `elbv2.k8s.aws/cluster=<cluster>`, with owners and the grants naming them.
    pub security_groups: Vec<SecurityGroupEntry>,
}

impl Inventory {
    /// How many resources are orphaned.
    pub fn orphan_count(&self) -> usize {
        self.load_balancers.iter().filter(|l| l.orphaned).count()
            + self.target_groups.iter().filter(|t| t.orphaned).count()
            + self.security_groups.iter().filter(|s| s.orphaned).count()
    }

    /// `name (kind)` of every orphan, load balancers first.
    pub fn orphan_names(&self) -> Vec<String> {
        let lbs = self
            .load_balancers
            .iter()
            .filter(|l| l.orphaned)
            .map(|l| format!("load balancer {} (owner {} is gone)", l.load_balancer.name, l.owner.display()));
        let tgs = self
            .target_groups
            .iter()
            .filter(|t| t.orphaned)
            .map(|t| format!("target group {} (owner {} is gone)", t.target_group.name, t.owner.display()));
        let sgs = self
            .security_groups
            .iter()
            .filter(|s| s.orphaned)
            .map(|s| format!("security group {} {} (owner {} is gone)", s.id, s.name, s.owner.display()));
        lbs.chain(tgs).chain(sgs).collect()
    }
}

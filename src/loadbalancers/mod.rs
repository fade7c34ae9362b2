//! `loadbalancers list|prune`: the AWS load balancers, target groups and security groups the
//! controller made for this cluster, each with the owner its stack tag names, and the removal of
//! the orphans (owner gone) in dependency order.
//!
//! Same rooms as the other workflows: `observe` reads (the `inventory` room's AWS and Kubernetes
//! reads, concurrently), `plan` decides (pure: the order of the deletes; owners and orphans are
//! the inventory's judgement), `execute` runs that same plan. Only resources tagged
//! `elbv2.k8s.aws/cluster=<cluster>` are ever looked at, and a resource whose owner exists (or
//! that a live load balancer or a TargetGroupBinding uses) is never in a prune plan.
//!
//! May import: `context`, `inventory`, the `aws` adapter and the shared domain; no other workflow.

use crate::model::observed::GroupGrant;

pub mod execute;
pub mod observe;
pub mod plan;
pub mod report;

#[cfg(test)]
mod gateway_tests;

pub use crate::inventory::{
    AwsObserved, Inventory, KubeObserved, LoadBalancerEntry, Owner, OwnerKind, SecurityGroupEntry, TargetGroupEntry,
    inventory,
};
pub use plan::plan_prune;

/// The calls one prune step makes.
#[derive(Debug, Clone, PartialEq)]
pub enum PruneOp {
    /// Nothing: kept.
    Nothing,
    /// DeleteLoadBalancer (listeners and rules go with it).
    DeleteLoadBalancer {
        /// ARN.
        arn: String,
    },
    /// DeleteTargetGroup.
    DeleteTargetGroup {
        /// ARN.
        arn: String,
    },
    /// RevokeSecurityGroupIngress of one grant naming a group about to be deleted.
    RevokeGrant {
        /// The group holding the rule (e.g. a node security group).
        group_id: String,
        /// The ingress rule to revoke: protocol, ports, and the group about to be deleted as source.
        grant: GroupGrant,
    },
    /// DeleteSecurityGroup.
    DeleteSecurityGroup {
        /// `sg-…` id of the controller-made group.
        id: String,
    },
}

/// A prune plan.
pub type PrunePlan = crate::model::plan::Plan<PruneOp>;
/// One prune step.
pub type PruneStep = crate::model::plan::Step<PruneOp>;

//! The plan: a pure diff of desired against observed state.
//!
//! `--dry-run` prints a `Plan`; execution runs that same value. Unchanged resources stay in
//! the plan as `NoOp` steps so users see everything albctl looked at. The calls a step needs are
//! [`Op`]s here; `iam` plans the OIDC provider, policy, role, attachment and Pod Identity steps,
//! `subnets` the subnet tags.

use std::collections::BTreeMap;

pub use crate::model::plan::{Action, Resource};

mod iam;
mod subnets;

pub use iam::{
    plan_adopted_role, plan_association_removal, plan_attachment, plan_oidc, plan_pod_identity, plan_pod_identity_user,
    plan_policy, plan_role, plan_trust_removal,
};
pub use subnets::plan_subnet_tags;

/// A step of setup's plan.
pub type Step = crate::model::plan::Step<Op>;
/// Setup's plan: the AWS calls of the converging commands.
pub type Plan = crate::model::plan::Plan<Op>;

/// IAM keeps at most this many versions of a managed policy.
pub const MAX_POLICY_VERSIONS: usize = 5;

/// The AWS call(s) a step needs. Carries everything the executor needs, so execution never
/// recomputes anything.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Nothing to do.
    Nothing,
    /// CreateOpenIDConnectProvider.
    CreateOidcProvider {
        /// Issuer URL.
        url: String,
        /// Audiences to register: `sts.amazonaws.com`.
        client_ids: Vec<String>,
        /// Tags it is created with (albctl's ownership marks).
        tags: BTreeMap<String, String>,
    },
    /// AddClientIDToOpenIDConnectProvider for each id.
    AddOidcClientIds {
        /// Provider ARN.
        arn: String,
        /// Ids to add.
        client_ids: Vec<String>,
    },
    /// CreatePolicy.
    CreatePolicy {
        /// `--policy-name` (default `AWSLoadBalancerControllerIAMPolicy`).
        name: String,
        /// The embedded policy JSON for the caller's partition, sent as is.
        document: String,
        /// Tags it is created with (albctl's ownership marks).
        tags: BTreeMap<String, String>,
    },
    /// (DeletePolicyVersion of the oldest non-default version, then) CreatePolicyVersion as default.
    NewPolicyVersion {
        /// Policy ARN.
        arn: String,
        /// The embedded policy JSON for the caller's partition, made the default version.
        document: String,
        /// Version to delete first to stay within IAM's limit.
        delete_first: Option<String>,
    },
    /// CreateRole.
    CreateRole {
        /// The run's role name: `--role-name`, or albctl's default for the cluster.
        name: String,
        /// Trust policy text.
        trust: String,
        /// Tags it is created with (albctl's ownership marks).
        tags: BTreeMap<String, String>,
    },
    /// UpdateAssumeRolePolicy.
    UpdateTrust {
        /// The role whose trust policy is replaced, by name.
        name: String,
        /// New trust policy text.
        trust: String,
    },
    /// TagRole (the Pod Identity user tag of the cluster).
    TagRole {
        /// The controller's role, by name; it gets this cluster's Pod Identity user tag.
        name: String,
        /// Tags to set.
        tags: BTreeMap<String, String>,
    },
    /// AttachRolePolicy.
    AttachPolicy {
        /// The controller's role, by name (AttachRolePolicy takes no role ARN).
        role: String,
        /// Policy ARN.
        policy_arn: String,
    },
    /// CreatePodIdentityAssociation.
    CreatePodIdentityAssociation {
        /// EKS cluster name.
        cluster: String,
        /// Namespace of the controller's ServiceAccount.
        namespace: String,
        /// ServiceAccount.
        service_account: String,
        /// Role ARN.
        role_arn: String,
    },
    /// UpdatePodIdentityAssociation.
    UpdatePodIdentityAssociation {
        /// EKS cluster name.
        cluster: String,
        /// The association's id as EKS lists it (not its ARN).
        association_id: String,
        /// Role ARN.
        role_arn: String,
    },
    /// DeletePodIdentityAssociation (an install moving to IRSA, after its controller restarted).
    DeletePodIdentityAssociation {
        /// EKS cluster name.
        cluster: String,
        /// The association's id as EKS lists it (not its ARN).
        association_id: String,
    },
    /// CreateTags on one subnet (the executor batches subnets with equal tag sets).
    TagSubnet {
        /// `subnet-…` id.
        subnet_id: String,
        /// Tags to set.
        tags: BTreeMap<String, String>,
    },
}

impl Step {
    pub(super) fn noop(resource: Resource, id: impl Into<String>, reason: impl Into<String>) -> Step {
        Step { resource, id: id.into(), action: Action::NoOp, reason: reason.into(), details: vec![], op: Op::Nothing }
    }
}

#[cfg(test)]
mod tests;

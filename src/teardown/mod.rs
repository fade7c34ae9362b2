//! `teardown`: remove exactly what albctl created, in the reverse of setup's order.
//!
//! Same shape as the converging commands: `observe` reads (AWS and the cluster, concurrently),
//! `plan` decides (pure: what to delete, what to keep and why), `execute` runs that same plan.
//! What albctl created is known by its marks only: the tags `managed-by=albctl` and
//! `albctl.io/cluster=<cluster>` on IAM resources, the subnet marker tag naming the tags it
//! added, and on Kubernetes objects the `app.kubernetes.io/managed-by=albctl` label together with
//! field manager `albctl` (and no sign of having been adopted from another tool). Anything
//! without those marks is kept, and the plan says why.
//!
//! May import: `context`, `inventory` (the load balancers that stop it), the `aws` and `kube`
//! adapters, the shared domain, `setup::desired` for the identifiers setup made and the
//! controller's `render` for the names of the objects it made; `flow` runs it, `report` is its
//! document.

use serde_json::Value;

use crate::aws::iam::PolicyEntities;
use crate::model::Identity;
use crate::model::ObjectRef;
use crate::model::observed::{OidcProviderState, PodIdentityAssociationState, PolicyState, RoleState, SubnetState};
use crate::model::trust::TrustPrincipal;

pub mod execute;
pub mod flow;
pub mod observe;
pub mod plan;
pub mod report;

#[cfg(test)]
mod gateway_tests;

pub use plan::plan_teardown;

/// A kind albctl applies, as teardown looks for it.
#[derive(Debug, Clone, Copy)]
pub struct KindSpec {
    /// API versions to try, in order (the first one the server serves is used).
    pub api_versions: &'static [&'static str],
    /// Kind as the API server serves it, e.g. `IngressClass` (listed by albctl's labels).
    pub kind: &'static str,
    /// Namespaced (looked for in `--namespace` only) or cluster-scoped.
    pub namespaced: bool,
}

const fn kind(api_versions: &'static [&'static str], kind: &'static str, namespaced: bool) -> KindSpec {
    KindSpec { api_versions, kind, namespaced }
}

/// Kind of the CRDs.
pub const CRD_KIND: &str = "CustomResourceDefinition";

/// Every kind albctl applies, in teardown order: the webhook configurations first (the Service
/// mutator fails closed, so it must go before its backend), then the controller's objects in
/// the reverse of their apply order, the CRDs last.
pub const KINDS: &[KindSpec] = &[
    kind(&["admissionregistration.k8s.io/v1"], "MutatingWebhookConfiguration", false),
    kind(&["admissionregistration.k8s.io/v1"], "ValidatingWebhookConfiguration", false),
    kind(&["gateway.networking.k8s.io/v1"], "GatewayClass", false),
    kind(&["networking.k8s.io/v1"], "IngressClass", false),
    kind(&["elbv2.k8s.aws/v1beta1"], "IngressClassParams", false),
    kind(&["policy/v1"], "PodDisruptionBudget", true),
    kind(&["apps/v1"], "Deployment", true),
    kind(&["cert-manager.io/v1"], "Certificate", true),
    kind(&["cert-manager.io/v1"], "Issuer", true),
    kind(&["v1"], "Service", true),
    kind(&["v1"], "Secret", true),
    kind(&["rbac.authorization.k8s.io/v1"], "ClusterRoleBinding", false),
    kind(&["rbac.authorization.k8s.io/v1"], "ClusterRole", false),
    kind(&["rbac.authorization.k8s.io/v1"], "RoleBinding", true),
    kind(&["rbac.authorization.k8s.io/v1"], "Role", true),
    kind(&["v1"], "ServiceAccount", true),
    kind(&["apiextensions.k8s.io/v1"], CRD_KIND, false),
];

/// The TargetGroupBinding kind, counted before its CRD is deleted.
pub const TARGET_GROUP_BINDING: KindSpec = kind(&["elbv2.k8s.aws/v1beta1"], "TargetGroupBinding", true);

/// The label selector of the objects albctl renders.
pub fn object_selector() -> String {
    format!(
        "{}={},app.kubernetes.io/name={}",
        crate::model::MANAGED_BY_LABEL.0,
        crate::model::MANAGED_BY_LABEL.1,
        crate::controller::render::APP_NAME
    )
}

/// What teardown looks for: the names setup used.
#[derive(Debug, Clone)]
pub struct TeardownSpec {
    /// The cluster torn down, as `--cluster` names it.
    pub cluster: String,
    /// `--namespace` (default `kube-system`): where the controller's objects are looked for.
    pub namespace: String,
    /// ServiceAccount name.
    pub service_account: String,
    /// `--role-name`, else albctl's default for the cluster; looked up with GetRole.
    pub role_name: String,
    /// Role ARN.
    pub role_arn: String,
    /// Policy ARN.
    pub policy_arn: String,
    /// The cluster's OIDC provider ARN (IRSA only).
    pub oidc_arn: Option<String>,
    /// The principal setup's trust statement names.
    pub principal: TrustPrincipal,
    /// IRSA or Pod Identity.
    pub identity: Identity,
    /// Delete the CRDs too.
    pub delete_crds: bool,
    /// Delete the OIDC provider too (if albctl created it).
    pub delete_oidc_provider: bool,
    /// Delete the objects holding load balancer controller finalizers first, and wait until the
    /// controller has removed their load balancers (else teardown refuses while any exist).
    pub delete_load_balancers: bool,
}

/// What teardown read from AWS.
#[derive(Debug, Clone, Default)]
pub struct AwsObserved {
    /// The cluster's OIDC provider.
    pub oidc: Option<OidcProviderState>,
    /// Names of the roles that trust the provider (read only when it may be deleted).
    pub roles_trusting_provider: Vec<String>,
    /// The policy, with its versions.
    pub policy: Option<PolicyState>,
    /// Where the policy is attached.
    pub policy_entities: PolicyEntities,
    /// The role as GetRole shows it, with trust and attached policies; `None` when it does not exist.
    pub role: Option<RoleState>,
    /// The role's inline policy names.
    pub role_inline_policies: Vec<String>,
    /// The instance profiles the role is in.
    pub role_instance_profiles: Vec<String>,
    /// The Pod Identity association of the ServiceAccount (Pod Identity only).
    pub pod_identity: Option<PodIdentityAssociationState>,
    /// The subnets carrying this cluster's marker tag.
    pub subnets: Vec<SubnetState>,
    /// The load balancers and target groups tagged for the cluster (to name them).
    pub load_balancers: crate::inventory::AwsObserved,
}

/// What teardown read from the cluster.
#[derive(Debug, Clone, Default)]
pub struct KubeObserved {
    /// Objects of [`KINDS`] with albctl's labels (each with `apiVersion` and `kind`).
    pub objects: Vec<Value>,
    /// The controller's ServiceAccount by name, whoever manages it.
    pub service_account: Option<Value>,
    /// How many TargetGroupBindings exist (what deleting their CRD would take with it).
    pub target_group_bindings: usize,
    /// Ingresses, Services and TargetGroupBindings (the objects that hold controller finalizers).
    pub lb_objects: crate::inventory::KubeObserved,
    /// The controller Deployment by name, whoever installed it, if it exists.
    pub controller: Option<Value>,
}

/// The call(s) a teardown step makes. Carries everything, so execution recomputes nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum TeardownOp {
    /// Nothing: the resource is kept (`exists`) or is not there.
    Nothing {
        /// Whether the resource exists.
        exists: bool,
    },
    /// Delete a Kubernetes object if it still has this uid; optionally wait until it is gone.
    DeleteObject {
        /// Where it is: apiVersion, kind, namespace and name.
        object: ObjectRef,
        /// Its uid as read.
        uid: Option<String>,
        /// Wait until it is gone (CRDs: their custom resources go first).
        wait_gone: bool,
    },
    /// DeletePodIdentityAssociation.
    DeletePodIdentityAssociation {
        /// The cluster being torn down, which the association belongs to.
        cluster: String,
        /// The association's id as EKS lists it (not its ARN).
        association_id: String,
    },
    /// DetachRolePolicy.
    DetachPolicy {
        /// The role about to be deleted, by name; one such step runs per attached managed policy.
        role: String,
        /// Policy ARN.
        policy_arn: String,
    },
    /// DeleteRolePolicy for each inline policy, then DeleteRole.
    DeleteRole {
        /// The controller's role, by name; earlier steps detach its managed policies.
        name: String,
        /// Inline policies to delete first.
        inline_policies: Vec<String>,
    },
    /// UntagRole: this cluster's Pod Identity user tag, from a role other clusters still use.
    UntagRole {
        /// The role other clusters still use through Pod Identity, by name.
        name: String,
        /// Tag keys to remove.
        keys: Vec<String>,
    },
    /// UpdateAssumeRolePolicy with this cluster's statement removed.
    UpdateTrust {
        /// The role that stays because it also trusts others, by name.
        name: String,
        /// The remaining trust policy.
        trust: String,
    },
    /// DeletePolicyVersion for each non-default version, then DeletePolicy.
    DeletePolicy {
        /// Policy ARN.
        arn: String,
        /// Non-default versions.
        versions: Vec<String>,
    },
    /// DeleteTags (only while the values are unchanged), and CreateTags for a handed-over key.
    UntagSubnet {
        /// `subnet-…` id of a subnet carrying this cluster's marker tag.
        subnet_id: String,
        /// Tags to remove, with the values they must still have.
        remove: std::collections::BTreeMap<String, String>,
        /// Tags to set (another cluster's marker taking over a shared role tag).
        set: std::collections::BTreeMap<String, String>,
    },
    /// DeleteOpenIDConnectProvider.
    DeleteOidcProvider {
        /// Provider ARN.
        arn: String,
    },
    /// Delete an object holding a load balancer controller finalizer (if it still has this uid),
    /// then wait until every object of `wait_for` is gone, i.e. the controller has deleted their
    /// AWS resources and removed the finalizers (the last step of a group waits for the group).
    DeleteAndWait {
        /// The object holding a controller finalizer (an Ingress, Service, Gateway, ...).
        object: ObjectRef,
        /// Its uid as read.
        uid: Option<String>,
        /// Objects to wait for after the delete.
        wait_for: Vec<ObjectRef>,
    },
}

/// A teardown plan.
pub type TeardownPlan = crate::model::plan::Plan<TeardownOp>;
/// One teardown step.
pub type TeardownStep = crate::model::plan::Step<TeardownOp>;

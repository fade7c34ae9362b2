//! The plan vocabulary every workflow shares: steps with an action, a resource kind, the
//! identifier a user searches for and a reason; `--dry-run` prints a plan and execution runs
//! that same value. Each workflow brings its own `O`, the calls a step needs.

use serde::Serialize;

/// What a step does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Make a new resource.
    Create,
    /// Change an existing resource.
    Update,
    /// Remove a resource.
    Delete,
    /// Already as desired.
    #[serde(rename = "unchanged")]
    NoOp,
}

/// The kind of resource a step is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Resource {
    /// IAM OIDC identity provider.
    IamOidcProvider,
    /// Customer managed policy.
    IamPolicy,
    /// IAM role.
    IamRole,
    /// Managed policy attached to the role.
    RolePolicyAttachment,
    /// EKS Pod Identity association.
    PodIdentityAssociation,
    /// Tags on one subnet.
    SubnetTags,
    /// An object in the cluster (`Kind namespace/name`).
    KubernetesObject,
    /// An ELBv2 load balancer the controller made.
    LoadBalancer,
    /// An ELBv2 target group the controller made.
    TargetGroup,
    /// A security group the controller made.
    SecurityGroup,
    /// One ingress rule of a security group (e.g. a node group's rule naming a controller group).
    SecurityGroupRule,
}

impl Resource {
    /// Name shown in text output.
    pub fn label(self) -> &'static str {
        match self {
            Resource::IamOidcProvider => "iam-oidc-provider",
            Resource::IamPolicy => "iam-policy",
            Resource::IamRole => "iam-role",
            Resource::RolePolicyAttachment => "role-policy-attachment",
            Resource::PodIdentityAssociation => "pod-identity-association",
            Resource::SubnetTags => "subnet-tags",
            Resource::KubernetesObject => "kubernetes-object",
            Resource::LoadBalancer => "load-balancer",
            Resource::TargetGroup => "target-group",
            Resource::SecurityGroup => "security-group",
            Resource::SecurityGroupRule => "security-group-rule",
        }
    }
}

/// One step of a plan. `O` is what the executor runs (setup's AWS calls, teardown's deletions).
#[derive(Debug, Clone, Serialize)]
pub struct Step<O> {
    /// What kind of AWS or Kubernetes resource it touches; text output shows its label.
    pub resource: Resource,
    /// The identifier a user searches for (ARN, name, subnet id).
    pub id: String,
    /// Create, update, delete, or nothing (`unchanged` in JSON).
    pub action: Action,
    /// One-line reason.
    pub reason: String,
    /// Further lines (added actions, tag changes...).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
    /// The calls to make.
    #[serde(skip)]
    pub op: O,
}

impl<O> Step<O> {
    /// The step as a result document shows it, with what happened to it.
    pub fn doc<S>(&self, status: S) -> StepDoc<S> {
        StepDoc {
            resource: self.resource,
            id: self.id.clone(),
            action: self.action,
            status,
            reason: self.reason.clone(),
            details: self.details.clone(),
        }
    }
}

/// One step of a result document (`--output json` and the text report): the planned step
/// without its calls, and what happened. `S` is the workflow's outcome (setup's `Status`,
/// teardown's and prune's `Outcome`); in a dry run it says what would happen.
#[derive(Debug, Clone, Serialize)]
pub struct StepDoc<S> {
    /// Kind of resource, kebab-case in JSON (`iam-role`, `subnet-tags`, ...).
    pub resource: Resource,
    /// The identifier a user searches for (ARN, subnet id, `Kind namespace/name`, `group: rule`).
    pub id: String,
    /// The planned action.
    pub action: Action,
    /// What happened (or, in a dry run or check, what would).
    pub status: S,
    /// Why the step is needed, or why nothing is.
    pub reason: String,
    /// One line per statement, tag, finalizer or object the step touches.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
}

/// An ordered list of steps plus warnings worth reading.
#[derive(Debug, Clone, Serialize)]
#[serde(bound = "")]
pub struct Plan<O> {
    /// Steps in display order.
    pub steps: Vec<Step<O>>,
    /// Things albctl noticed and did not change.
    pub warnings: Vec<String>,
}

impl<O> Default for Plan<O> {
    fn default() -> Self {
        Plan { steps: Vec::new(), warnings: Vec::new() }
    }
}

impl<O> Plan<O> {
    /// Whether any step changes something.
    pub fn has_changes(&self) -> bool {
        self.steps.iter().any(|s| s.action != Action::NoOp)
    }

    /// Number of steps with this action.
    pub fn count(&self, action: Action) -> usize {
        self.steps.iter().filter(|s| s.action == action).count()
    }
}

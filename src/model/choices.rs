//! The choices a user makes that the pure planners and renderers branch on. The command line
//! parses straight into them (`clap::ValueEnum`), so `cli` imports them from here and nothing
//! below `commands` needs the command-line surface to name one.

use serde::Serialize;

/// Whether a run may write, and what it prints when it may not: the one answer every mutating
/// command gives (`--dry-run`, `--check`, `apply --dry-run=server`, `teardown --dry-run`,
/// `loadbalancers prune --dry-run`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Execute the plan.
    Apply,
    /// Print the plan and change nothing.
    DryRun,
    /// Print the plan, change nothing, exit 1 when it has changes (the drift gate).
    Check,
}

impl Mode {
    /// `--dry-run` and `--check` as the flags give them (`--check` wins).
    pub fn from_flags(dry_run: bool, check: bool) -> Mode {
        match (dry_run, check) {
            (_, true) => Mode::Check,
            (true, _) => Mode::DryRun,
            _ => Mode::Apply,
        }
    }

    /// Whether anything may be changed.
    pub fn writes(self) -> bool {
        self == Mode::Apply
    }
}

/// How the controller gets AWS credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Identity {
    /// IAM roles for service accounts (OIDC web identity).
    #[default]
    Irsa,
    /// EKS Pod Identity (role trusted by pods.eks.amazonaws.com plus an association).
    PodIdentity,
}

impl Identity {
    /// The `--identity` value that asks for it.
    pub fn flag(self) -> &'static str {
        match self {
            Identity::Irsa => "irsa",
            Identity::PodIdentity => "pod-identity",
        }
    }

    /// Its name in sentences.
    pub fn describe(self) -> &'static str {
        match self {
            Identity::Irsa => "IRSA",
            Identity::PodIdentity => "Pod Identity",
        }
    }
}

/// `--identity` as given: `Auto` is decided per install from what the cluster shows
/// (`setup::identity_choice::decide`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum IdentityRequest {
    /// An existing install keeps the identity it uses; a new one gets Pod Identity when the
    /// eks-pod-identity-agent add-on is ACTIVE, else IRSA.
    #[default]
    Auto,
    /// IAM roles for service accounts (OIDC web identity).
    Irsa,
    /// EKS Pod Identity (role trusted by pods.eks.amazonaws.com plus an association).
    PodIdentity,
}

impl IdentityRequest {
    /// The identity asked for by name; `None` for `auto`.
    pub fn explicit(self) -> Option<Identity> {
        match self {
            IdentityRequest::Auto => None,
            IdentityRequest::Irsa => Some(Identity::Irsa),
            IdentityRequest::PodIdentity => Some(Identity::PodIdentity),
        }
    }
}

/// Value of the opt-in `kubernetes.io/cluster/<name>` subnet tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ClusterTag {
    /// Shared by several clusters.
    Shared,
    /// Owned by this cluster.
    Owned,
}

impl ClusterTag {
    /// The tag value.
    pub fn as_str(self) -> &'static str {
        match self {
            ClusterTag::Shared => "shared",
            ClusterTag::Owned => "owned",
        }
    }
}

/// Where the controller image comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default)]
pub enum ImageRegistry {
    /// public.ecr.aws/eks (region independent).
    #[default]
    Public,
    /// The region's private Amazon EKS registry.
    Regional,
}

/// What `setup`/`apply` do about the controller's Gateway API support (`--gateway-api`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GatewayApiMode {
    /// Apply the controller's three gateway CRDs (upgraded on every run) and check the Gateway
    /// API's own CRDs; support is on where they are present.
    #[default]
    Auto,
    /// Also server-side apply the Gateway API standard bundle (CRDs and admission policy) of the
    /// version the controller is built against.
    Install,
    /// None of it; the controller's Gateway feature gates set to false explicitly.
    Off,
}

impl GatewayApiMode {
    /// The flag value, also what albctl records for the next run.
    pub fn as_str(self) -> &'static str {
        match self {
            GatewayApiMode::Auto => "auto",
            GatewayApiMode::Install => "install",
            GatewayApiMode::Off => "off",
        }
    }

    /// The mode a recorded value names, `None` for anything else.
    pub fn parse(value: &str) -> Option<GatewayApiMode> {
        [GatewayApiMode::Auto, GatewayApiMode::Install, GatewayApiMode::Off].into_iter().find(|m| m.as_str() == value)
    }
}

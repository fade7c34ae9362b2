//! `albctl doctor`: a catalogue of checks over facts read from AWS and Kubernetes.
//!
//! The catalogue ([`catalogue::CATALOGUE`]) is data: a stable code, a title, a severity, what
//! the check looks at, its fix and the pure function that judges it. [`gather`] reads the
//! facts (reads only, concurrently); [`evaluate`] runs every check over them. Nothing here
//! assumes albctl made the resources: a cluster set up by eksctl or Helm is judged the same way.
//!
//! May import: `context`, `inventory`, the `aws` and `kube` adapters, the shared domain, the
//! controller's `render` for the names and CRDs it compares against, and `lint`'s cluster lint
//! (K8S015); `fixes` holds the fix texts the catalogue and the checks share.

use serde::Serialize;

pub mod catalogue;
pub mod checks_auto_mode;
mod checks_gateway;
mod checks_gateway_objects;
mod checks_iam;
mod checks_k8s;
mod checks_lb;
mod checks_lint;
mod checks_net;
pub mod checks_pod_identity;
pub mod facts;
mod fixes;
pub mod gateway_needs;
pub mod gather;
mod gather_gateway;
pub mod report;
pub mod subnet_discovery;

pub use catalogue::{CATALOGUE, CheckSpec};
pub use facts::Facts;

/// Where a check belongs; the text report groups by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Area {
    /// The cluster's IAM OIDC provider.
    Oidc,
    /// The controller's IAM role, trust and policy.
    Iam,
    /// Subnets, security groups and nodes.
    Network,
    /// The controller's Kubernetes objects.
    Kubernetes,
    /// The load balancers the controller made and the objects that own them.
    #[serde(rename = "load-balancers")]
    LoadBalancers,
    /// The controller beside EKS Auto Mode's own load balancing.
    #[serde(rename = "auto-mode")]
    AutoMode,
    /// The Gateway API CRDs, the controller's Gateway feature gates, GatewayClasses, Gateways
    /// and routes.
    #[serde(rename = "gateway-api")]
    GatewayApi,
}

impl Area {
    /// Heading in the text report.
    pub fn heading(self) -> &'static str {
        match self {
            Area::Oidc => "OIDC provider",
            Area::Iam => "IAM role and policy",
            Area::Network => "Network",
            Area::Kubernetes => "Kubernetes",
            Area::LoadBalancers => "Load balancers",
            Area::AutoMode => "EKS Auto Mode",
            Area::GatewayApi => "Gateway API",
        }
    }
}

/// How bad it is when a check finds its problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The controller does not work (or not for some load balancers).
    Fail,
    /// Works today, but is fragile or not least-privilege.
    Warn,
    /// Worth knowing.
    Info,
}

/// A check's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Nothing wrong.
    Pass,
    /// The problem is there and breaks the controller.
    Fail,
    /// The problem is there; the controller works for now.
    Warn,
    /// Could not be judged (no Kubernetes access, a denied read, a missing prerequisite).
    Skipped,
}

impl Status {
    /// Short label for the text report.
    pub fn label(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "FAIL",
            Status::Warn => "warn",
            Status::Skipped => "skip",
        }
    }
}

/// What one check concluded, before the catalogue's data is joined in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Whether the problem is there (fail or warn), is not (pass), or could not be judged (skipped).
    pub status: Status,
    /// What was seen (ids, values), or why the check was skipped.
    pub evidence: String,
    /// A fix specific to what was seen; the catalogue's fix is used when `None`.
    pub fix: Option<String>,
}

impl Verdict {
    /// Nothing wrong; `evidence` says what was seen.
    pub fn pass(evidence: impl Into<String>) -> Verdict {
        Verdict { status: Status::Pass, evidence: evidence.into(), fix: None }
    }

    /// The problem is there.
    pub fn fail(evidence: impl Into<String>) -> Verdict {
        Verdict { status: Status::Fail, evidence: evidence.into(), fix: None }
    }

    /// The problem is there, the controller works for now.
    pub fn warn(evidence: impl Into<String>) -> Verdict {
        Verdict { status: Status::Warn, evidence: evidence.into(), fix: None }
    }

    /// Could not be judged, and why.
    pub fn skipped(reason: impl Into<String>) -> Verdict {
        Verdict { status: Status::Skipped, evidence: reason.into(), fix: None }
    }

    /// With a fix specific to what was seen.
    pub fn with_fix(mut self, fix: impl Into<String>) -> Verdict {
        self.fix = Some(fix.into());
        self
    }
}

/// One row of the report: the catalogue entry and its verdict.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    /// Stable code, e.g. `IAM007`.
    pub code: &'static str,
    /// The catalogue's area of the check; the text report prints it under that area's heading.
    pub area: Area,
    /// What the check asserts.
    pub title: &'static str,
    /// Severity when the problem is found.
    pub severity: Severity,
    /// What the check concluded (pass, fail, warn or skipped), as its verdict said.
    pub status: Status,
    /// What the check read.
    pub looked_at: &'static str,
    /// What it saw, or why it was skipped.
    pub evidence: String,
    /// What to run (present unless the check passed or was skipped).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

/// Counts by status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Checks that passed.
    pub pass: usize,
    /// Checks that failed.
    pub fail: usize,
    /// Checks that warned.
    pub warn: usize,
    /// Checks that could not run.
    pub skipped: usize,
    /// Every check, whatever its status: the sum of the four counts above.
    pub total: usize,
}

impl Summary {
    /// Counts the findings.
    pub fn of(findings: &[Finding]) -> Summary {
        let count = |s: Status| findings.iter().filter(|f| f.status == s).count();
        Summary {
            pass: count(Status::Pass),
            fail: count(Status::Fail),
            warn: count(Status::Warn),
            skipped: count(Status::Skipped),
            total: findings.len(),
        }
    }
}

/// Runs every check of the catalogue over the facts, in catalogue order.
pub fn evaluate(facts: &Facts) -> Vec<Finding> {
    CATALOGUE
        .iter()
        .map(|spec| {
            let verdict = (spec.check)(facts);
            let fix = match verdict.status {
                Status::Pass | Status::Skipped => None,
                Status::Fail | Status::Warn => Some(verdict.fix.unwrap_or_else(|| facts.render_fix(spec.fix))),
            };
            Finding {
                code: spec.code,
                area: spec.area,
                title: spec.title,
                severity: spec.severity,
                status: verdict.status,
                looked_at: spec.looked_at,
                evidence: verdict.evidence,
                fix,
            }
        })
        .collect()
}

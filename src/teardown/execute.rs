//! Runs a teardown plan, step by step in plan order, and reports what happened to each step.
//!
//! Strictly sequential: each step may depend on the ones before it (the policy needs the role
//! detached, the provider needs the role gone, nothing on AWS should go while the controller
//! still runs). The first failure stops the run; later steps are reported as skipped, and
//! running teardown again continues from where it stopped.

use serde::Serialize;
use tokio::time::Instant;

use super::{TeardownOp, TeardownPlan, TeardownStep};
use crate::aws::eventual::eventually;
use crate::aws::iam::DeleteOutcome;
use crate::aws::{self, AwsClients};
use crate::kube::inventory::Inventory;
use crate::model::ObjectRef;
use crate::model::plan::Action;

/// What happened to a teardown step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Not run (dry run).
    Planned,
    /// The step removed its target (an object, association, attachment, role, policy, provider or
    /// subnet tags).
    Deleted,
    /// Changed (a trust statement removed).
    Updated,
    /// Exists and is left as it is.
    Kept,
    /// Not there (or gone meanwhile): nothing to do.
    Absent,
    /// The call failed.
    Failed,
    /// Not run because an earlier step failed.
    Skipped,
}

impl Outcome {
    /// The outcome of a step that is not run: planned, or kept/absent for NoOp steps.
    pub fn unrun(step: &TeardownStep) -> Outcome {
        match (&step.op, step.action) {
            (TeardownOp::Nothing { exists: false }, _) => Outcome::Absent,
            (TeardownOp::Nothing { exists: true }, _) | (_, Action::NoOp) => Outcome::Kept,
            _ => Outcome::Planned,
        }
    }

    /// Whether the step changed something.
    pub fn is_change(self) -> bool {
        matches!(self, Outcome::Deleted | Outcome::Updated)
    }
}

/// Runs the plan. `inventory` is the cluster (absent with `--skip-kubernetes`, when the plan
/// has no Kubernetes steps); `deadline` bounds the waits for deleted CRDs.
pub async fn execute(
    aws: &AwsClients,
    mut inventory: Option<&mut Inventory>,
    plan: &TeardownPlan,
    deadline: Instant,
) -> (Vec<Outcome>, Option<anyhow::Error>) {
    let mut outcomes: Vec<Outcome> = plan.steps.iter().map(Outcome::unrun).collect();
    for (i, step) in plan.steps.iter().enumerate() {
        if outcomes[i] != Outcome::Planned {
            continue;
        }
        match run_step(aws, inventory.as_deref_mut(), step, deadline).await {
            Ok(outcome) => outcomes[i] = outcome,
            Err(e) => {
                outcomes[i] = Outcome::Failed;
                for later in outcomes.iter_mut().skip(i + 1).filter(|o| **o == Outcome::Planned) {
                    *later = Outcome::Skipped;
                }
                let verb = if step.action == Action::Update { "updating" } else { "deleting" };
                let e = e.context(format!("{verb} {} {}", step.resource.label(), step.id));
                return (outcomes, Some(e));
            }
        }
    }
    (outcomes, None)
}

fn deleted(outcome: DeleteOutcome) -> Outcome {
    match outcome {
        DeleteOutcome::Deleted | DeleteOutcome::Conflict => Outcome::Deleted,
        DeleteOutcome::Absent => Outcome::Absent,
    }
}

async fn run_step(
    aws: &AwsClients,
    inventory: Option<&mut Inventory>,
    step: &TeardownStep,
    deadline: Instant,
) -> anyhow::Result<Outcome> {
    let iam = &aws.iam;
    match &step.op {
        TeardownOp::Nothing { .. } => Ok(Outcome::unrun(step)),
        TeardownOp::DeleteObject { object, uid, wait_gone } => {
            let inventory = inventory.ok_or_else(|| anyhow::anyhow!("no connection to the cluster"))?;
            if !inventory.delete(object, uid.as_deref()).await? {
                return Ok(Outcome::Absent);
            }
            if *wait_gone {
                inventory.wait_gone(object, deadline).await?;
            }
            Ok(Outcome::Deleted)
        }
        TeardownOp::DeleteAndWait { object, uid, wait_for } => {
            let inventory = inventory.ok_or_else(|| anyhow::anyhow!("no connection to the cluster"))?;
            let deleted = inventory.delete(object, uid.as_deref()).await?;
            wait_finalizers(inventory, wait_for, deadline).await?;
            Ok(if deleted { Outcome::Deleted } else { Outcome::Absent })
        }
        TeardownOp::DeletePodIdentityAssociation { cluster, association_id } => {
            aws::eks::delete_pod_identity_association(&aws.eks, cluster, association_id).await?;
            Ok(Outcome::Deleted)
        }
        TeardownOp::DetachPolicy { role, policy_arn } => {
            aws::iam::detach_role_policy(iam, role, policy_arn).await?;
            Ok(Outcome::Deleted)
        }
        TeardownOp::DeleteRole { name, inline_policies } => {
            for policy in inline_policies {
                aws::iam::delete_role_inline_policy(iam, name, policy).await?;
            }
            let outcome = eventually(|| aws::iam::delete_role(iam, name), |o| *o != DeleteOutcome::Conflict).await?;
            if outcome == DeleteOutcome::Conflict {
                anyhow::bail!(
                    "IAM still sees policies or instance profiles on role {name}; check `aws iam list-attached-role-policies \
                     --role-name {name}` and `aws iam list-instance-profiles-for-role --role-name {name}`, then run teardown again"
                );
            }
            Ok(deleted(outcome))
        }
        TeardownOp::UntagRole { name, keys } => {
            aws::iam::untag_role(iam, name, keys).await?;
            Ok(Outcome::Updated)
        }
        TeardownOp::UpdateTrust { name, trust } => {
            if !aws::iam::update_trust(iam, name, trust).await? {
                anyhow::bail!(
                    "IAM rejected the remaining trust policy of role {name} (a principal it names is invalid)"
                );
            }
            Ok(Outcome::Updated)
        }
        TeardownOp::DeletePolicy { arn, versions } => {
            for version in versions {
                aws::iam::delete_policy_version(iam, arn, version).await?;
            }
            let outcome = eventually(|| aws::iam::delete_policy(iam, arn), |o| *o != DeleteOutcome::Conflict).await?;
            if outcome == DeleteOutcome::Conflict {
                anyhow::bail!(
                    "IAM still sees policy {arn} attached somewhere; check `aws iam list-entities-for-policy --policy-arn {arn}`, \
                     then run teardown again"
                );
            }
            Ok(deleted(outcome))
        }
        TeardownOp::UntagSubnet { subnet_id, remove, set } => {
            // NB: hand a shared role tag over to the other cluster's marker before removing ours.
            if !set.is_empty() {
                aws::ec2::create_tags(&aws.ec2, std::slice::from_ref(subnet_id), set).await?;
            }
            aws::ec2::delete_tags(&aws.ec2, subnet_id, remove).await?;
            Ok(Outcome::Deleted)
        }
        TeardownOp::DeleteOidcProvider { arn } => Ok(deleted(aws::iam::delete_oidc_provider(iam, arn).await?)),
    }
}

/// Waits until every object is gone (the controller deleted its AWS resources and removed its
/// finalizer), polling every 500 ms up to `deadline`.
async fn wait_finalizers(inventory: &mut Inventory, objects: &[ObjectRef], deadline: Instant) -> anyhow::Result<()> {
    const POLL: std::time::Duration = std::time::Duration::from_millis(500);
    loop {
        let mut waiting = Vec::new();
        for r in objects {
            if let Some(obj) = inventory.get(r).await? {
                waiting.push(format!("{} (finalizers {})", r.display(), obj["metadata"]["finalizers"]));
            }
        }
        if waiting.is_empty() {
            return Ok(());
        }
        if Instant::now() + POLL > deadline {
            anyhow::bail!(
                "still terminating after --timeout: {}; the controller has not finished deleting their load balancers \
                 (see `kubectl -n kube-system logs deployment/aws-load-balancer-controller`); run teardown again with \
                 --delete-load-balancers and a longer --timeout",
                waiting.join(", ")
            );
        }
        tokio::time::sleep(POLL).await;
    }
}

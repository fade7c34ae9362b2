//! Runs a prune plan, step by step in plan order (load balancers, target groups, rule
//! revocations, security groups), and reports what happened to each step.
//!
//! The first failure stops the run and later steps are reported as skipped: a security group
//! must not be deleted while a rule still names it, nor a target group while a listener of a
//! load balancer that failed to delete forwards to it. Running prune again continues.

use serde::Serialize;
use tokio::time::Instant;

use super::{PruneOp, PrunePlan, PruneStep};
use crate::aws::{self, AwsClients};

/// What happened to a prune step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Not run (dry run).
    Planned,
    /// The load balancer, target group or security group existed and was deleted.
    Deleted,
    /// The ingress rule was there and RevokeSecurityGroupIngress removed it.
    Revoked,
    /// Kept on purpose.
    Kept,
    /// Gone meanwhile: nothing to do.
    Absent,
    /// The call failed.
    Failed,
    /// Not run because an earlier step failed.
    Skipped,
}

impl Outcome {
    /// The outcome of a step that is not run.
    pub fn unrun(step: &PruneStep) -> Outcome {
        match step.op {
            PruneOp::Nothing => Outcome::Kept,
            _ => Outcome::Planned,
        }
    }
}

/// Runs the plan; `deadline` bounds the retries of a target group or security group still in use.
pub async fn execute(aws: &AwsClients, plan: &PrunePlan, deadline: Instant) -> (Vec<Outcome>, Option<anyhow::Error>) {
    let mut outcomes: Vec<Outcome> = plan.steps.iter().map(Outcome::unrun).collect();
    for (i, step) in plan.steps.iter().enumerate() {
        if outcomes[i] != Outcome::Planned {
            continue;
        }
        match run_step(aws, step, deadline).await {
            Ok(outcome) => outcomes[i] = outcome,
            Err(e) => {
                outcomes[i] = Outcome::Failed;
                for later in outcomes.iter_mut().skip(i + 1).filter(|o| **o == Outcome::Planned) {
                    *later = Outcome::Skipped;
                }
                return (outcomes, Some(e.context(format!("pruning {} {}", step.resource.label(), step.id))));
            }
        }
    }
    (outcomes, None)
}

fn gone(deleted: bool) -> Outcome {
    if deleted { Outcome::Deleted } else { Outcome::Absent }
}

async fn run_step(aws: &AwsClients, step: &PruneStep, deadline: Instant) -> anyhow::Result<Outcome> {
    Ok(match &step.op {
        PruneOp::Nothing => Outcome::Kept,
        PruneOp::DeleteLoadBalancer { arn } => gone(aws::elbv2::delete_load_balancer(&aws.elbv2, arn).await?),
        PruneOp::DeleteTargetGroup { arn } => gone(aws::elbv2::delete_target_group(&aws.elbv2, arn, deadline).await?),
        PruneOp::RevokeGrant { group_id, grant } => {
            if aws::ec2::revoke_group_grant(&aws.ec2, group_id, grant).await? {
                Outcome::Revoked
            } else {
                Outcome::Absent
            }
        }
        PruneOp::DeleteSecurityGroup { id } => gone(aws::ec2::delete_security_group(&aws.ec2, id, deadline).await?),
    })
}

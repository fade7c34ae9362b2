//! Runs a `Plan` through the AWS clients and reports what happened per step.
//!
//! Ordering follows what IAM needs, not a fixed list: the OIDC provider, the policy and the
//! subnet tags do not depend on each other and run concurrently; the role follows its
//! provider (IAM validates the trust's principal); attachments follow role and policy.
//! Waits for IAM eventual consistency are bounded.

use std::collections::BTreeMap;

use serde::Serialize;

use super::plan::{Action, Op, Plan, Resource, Step};
use crate::aws::eventual::{CONSISTENCY_DEADLINE, eventually};
use crate::aws::{self, AwsClients, iam::CreateRoleOutcome};
use crate::model::{CLUSTER_NAME_TAG, MANAGED_BY_TAG};

/// What happened to a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not run (dry run or check).
    Planned,
    /// The resource did not exist and the step made it (a subnet: its role tag added).
    Created,
    /// The step changed a resource that exists (trust, tags, client ids, policy version, association).
    Updated,
    /// The step deleted it (the Pod Identity association an install moving to IRSA no longer needs).
    Deleted,
    /// Nothing to do (or done meanwhile by someone else).
    Unchanged,
    /// The call failed.
    Failed,
    /// Not run because an earlier step it depends on failed.
    Skipped,
}

impl Status {
    /// The status a successful run of this step reports.
    pub fn done(action: Action) -> Status {
        match action {
            Action::Create => Status::Created,
            Action::Update => Status::Updated,
            Action::Delete => Status::Deleted,
            Action::NoOp => Status::Unchanged,
        }
    }
}

/// The result of executing a plan: one status per step (same order) and the errors.
#[derive(Debug)]
pub struct Report {
    /// Status per plan step.
    pub statuses: Vec<Status>,
    /// Errors, with the step they belong to.
    pub errors: Vec<(usize, anyhow::Error)>,
}

/// Executes the plan. Every step is attempted unless a step it depends on failed.
pub async fn execute(aws: &AwsClients, plan: &Plan) -> Report {
    let mut statuses: Vec<Status> =
        plan.steps.iter().map(|s| if s.action == Action::NoOp { Status::Unchanged } else { Status::Planned }).collect();
    let mut errors = Vec::new();
    let indices = |pred: &dyn Fn(&Step) -> bool| -> Vec<usize> {
        plan.steps.iter().enumerate().filter(|(_, s)| s.action != Action::NoOp && pred(s)).map(|(i, _)| i).collect()
    };
    let oidc = indices(&|s| s.resource == Resource::IamOidcProvider);
    let role = indices(&|s| s.resource == Resource::IamRole);
    let policy = indices(&|s| s.resource == Resource::IamPolicy);
    let subnets = indices(&|s| s.resource == Resource::SubnetTags);
    let after = indices(&|s| matches!(s.resource, Resource::RolePolicyAttachment | Resource::PodIdentityAssociation));

    let oidc_then_role = async {
        let mut out = run_each(aws, plan, &oidc).await;
        if out.iter().all(|(_, r)| r.is_ok()) {
            out.extend(run_each(aws, plan, &role).await);
        }
        out
    };
    let (first, second, third) =
        tokio::join!(oidc_then_role, run_each(aws, plan, &policy), tag_subnets(aws, plan, &subnets));
    for (i, result) in first.into_iter().chain(second).chain(third) {
        record(&mut statuses, &mut errors, plan, i, result);
    }
    let upstream_failed = !errors.is_empty();
    if upstream_failed {
        for i in role.iter().chain(&after) {
            if statuses[*i] == Status::Planned {
                statuses[*i] = Status::Skipped;
            }
        }
    } else {
        for (i, result) in run_each(aws, plan, &after).await {
            record(&mut statuses, &mut errors, plan, i, result);
        }
    }
    Report { statuses, errors }
}

fn record(
    statuses: &mut [Status],
    errors: &mut Vec<(usize, anyhow::Error)>,
    plan: &Plan,
    i: usize,
    result: anyhow::Result<Status>,
) {
    match result {
        Ok(status) => statuses[i] = status,
        Err(e) => {
            statuses[i] = Status::Failed;
            let step = &plan.steps[i];
            errors.push((i, e.context(format!("{} {} {}", verb(step.action), step.resource.label(), step.id))));
        }
    }
}

fn verb(action: Action) -> &'static str {
    match action {
        Action::Create => "creating",
        Action::Update => "updating",
        Action::Delete => "deleting",
        Action::NoOp => "checking",
    }
}

async fn run_each(aws: &AwsClients, plan: &Plan, indices: &[usize]) -> Vec<(usize, anyhow::Result<Status>)> {
    let mut out = Vec::new();
    for &i in indices {
        let result = run_step(aws, &plan.steps[i]).await;
        let failed = result.is_err();
        out.push((i, result));
        if failed {
            break;
        }
    }
    out
}

async fn run_step(aws: &AwsClients, step: &Step) -> anyhow::Result<Status> {
    let done = Status::done(step.action);
    match &step.op {
        Op::Nothing => Ok(Status::Unchanged),
        Op::CreateOidcProvider { url, client_ids, tags } => {
            aws::iam::create_oidc_provider(&aws.iam, url, client_ids, tags).await?;
            Ok(done)
        }
        Op::AddOidcClientIds { arn, client_ids } => {
            for id in client_ids {
                aws::iam::add_oidc_client_id(&aws.iam, arn, id).await?;
            }
            Ok(done)
        }
        Op::CreatePolicy { name, document, tags } => {
            let description = format!("AWS Load Balancer Controller {} (albctl)", crate::policy::CONTROLLER_VERSION);
            let created = aws::iam::create_policy(&aws.iam, name, document, &description, tags).await?;
            Ok(if created { done } else { Status::Unchanged })
        }
        Op::NewPolicyVersion { arn, document, delete_first } => {
            if let Some(v) = delete_first {
                aws::iam::delete_policy_version(&aws.iam, arn, v).await?;
            }
            aws::iam::create_policy_version(&aws.iam, arn, document).await?;
            Ok(done)
        }
        Op::CreateRole { name, trust, tags } => {
            let description = "AWS Load Balancer Controller (albctl)";
            let outcome = eventually(
                || aws::iam::create_role(&aws.iam, name, trust, description, tags),
                |o| *o != CreateRoleOutcome::PrincipalNotYetVisible,
            )
            .await?;
            match outcome {
                CreateRoleOutcome::Created => Ok(done),
                CreateRoleOutcome::AlreadyExists => Ok(Status::Unchanged),
                CreateRoleOutcome::PrincipalNotYetVisible => Err(not_visible("the role's trusted principal")),
            }
        }
        Op::UpdateTrust { name, trust } => {
            if eventually(|| aws::iam::update_trust(&aws.iam, name, trust), |ok| *ok).await? {
                Ok(done)
            } else {
                Err(not_visible("the role's trusted principal"))
            }
        }
        Op::TagRole { name, tags } => {
            aws::iam::tag_role(&aws.iam, name, tags).await?;
            Ok(done)
        }
        Op::AttachPolicy { role, policy_arn } => {
            if eventually(|| aws::iam::attach_role_policy(&aws.iam, role, policy_arn), |ok| *ok).await? {
                Ok(done)
            } else {
                Err(not_visible("the role or policy"))
            }
        }
        Op::CreatePodIdentityAssociation { cluster, namespace, service_account, role_arn } => {
            let tags = [MANAGED_BY_TAG, (CLUSTER_NAME_TAG, cluster.as_str())]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            aws::eks::create_pod_identity_association(&aws.eks, cluster, namespace, service_account, role_arn, tags)
                .await?;
            Ok(done)
        }
        Op::UpdatePodIdentityAssociation { cluster, association_id, role_arn } => {
            aws::eks::update_pod_identity_association(&aws.eks, cluster, association_id, role_arn).await?;
            Ok(done)
        }
        Op::DeletePodIdentityAssociation { cluster, association_id } => {
            aws::eks::delete_pod_identity_association(&aws.eks, cluster, association_id).await?;
            Ok(done)
        }
        Op::TagSubnet { subnet_id, tags } => {
            aws::ec2::create_tags(&aws.ec2, std::slice::from_ref(subnet_id), tags).await?;
            Ok(done)
        }
    }
}

/// Tags subnets, one CreateTags call per distinct tag set.
async fn tag_subnets(aws: &AwsClients, plan: &Plan, indices: &[usize]) -> Vec<(usize, anyhow::Result<Status>)> {
    let mut groups: BTreeMap<Vec<(String, String)>, Vec<usize>> = BTreeMap::new();
    for &i in indices {
        if let Op::TagSubnet { tags, .. } = &plan.steps[i].op {
            groups.entry(tags.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).or_default().push(i);
        }
    }
    let calls = groups.into_iter().map(|(tags, members)| async move {
        let ids: Vec<String> = members
            .iter()
            .filter_map(|i| match &plan.steps[*i].op {
                Op::TagSubnet { subnet_id, .. } => Some(subnet_id.clone()),
                _ => None,
            })
            .collect();
        let tags: BTreeMap<String, String> = tags.into_iter().collect();
        let result = aws::ec2::create_tags(&aws.ec2, &ids, &tags).await;
        let error = result.err().map(|e| format!("{e:#}"));
        members
            .into_iter()
            .map(|i| {
                let status = match &error {
                    None => Ok(Status::done(plan.steps[i].action)),
                    Some(e) => Err(anyhow::anyhow!("{e}")),
                };
                (i, status)
            })
            .collect::<Vec<_>>()
    });
    futures::future::join_all(calls).await.into_iter().flatten().collect()
}

fn not_visible(what: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "IAM did not see {what} within {}s (eventual consistency); run the same command again",
        CONSISTENCY_DEADLINE.as_secs()
    )
}

//! Workflow `setup`, the AWS half of albctl as one flow that each mutating command runs a part
//! of: `observe` (concurrent reads) -> `desired` (pure) -> `plan` (pure) -> print -> `execute`;
//! `report` is the result document, `chain` runs the AWS half and then the controller workflow.
//!
//! May import: `context`, the `aws` adapter (and `kube::connect`'s options, from `chain`), the
//! shared domain, and the `controller` workflow (from `chain` only). Below it, only `teardown`
//! imports it (`desired`, for the identifiers setup made).

pub mod chain;
pub mod desired;
pub mod execute;
pub mod identity_choice;
pub mod identity_move;
pub mod observe;
pub mod plan;
pub mod report;

use crate::aws;
use crate::cli::{IdentityArgs, SubnetArgs};
use crate::context::{Context, Resolved};
use crate::error::AlbctlError;
use crate::model::trust::TrustPrincipal;
use crate::model::validate_policy_name;
pub use crate::model::{Identity, Mode};
use crate::output::ExitStatus;
use desired::{RoleSpec, SubnetTagSpec};
use execute::Status;
use identity_choice::AgentAddon;
use plan::{Action, Plan};
use report::document;
pub use report::{ConvergeDoc, render_text};

/// Which parts of the AWS half a command converges.
#[derive(Debug, Clone, Copy, Default)]
pub struct Parts {
    /// The OIDC provider.
    pub oidc: bool,
    /// The controller's managed policy (created, or given a new default version).
    pub policy: bool,
    /// The role and its attachment (and Pod Identity association).
    pub role: bool,
    /// The subnet tags.
    pub subnets: bool,
}

/// Inputs of the AWS half; absent parts need no input.
#[derive(Debug, Clone)]
pub struct Inputs<'a> {
    /// `--policy-name`, or `AWSLoadBalancerControllerIAMPolicy` for commands without the flag.
    pub policy_name: &'a str,
    /// Replace policies that grant more.
    pub force_policy: bool,
    /// Identity flags (role part).
    pub identity: Option<&'a IdentityArgs>,
    /// Subnet flags (subnets part).
    pub subnets: Option<&'a SubnetArgs>,
    /// The role (named by `identity`) is one albctl adopted (`--adopt`): kept as it is when its
    /// trust is right, and the customer-managed policy attached to it is the controller policy.
    pub adopted_role: bool,
    /// The Pod Identity association and agent add-on as `setup` already read them to choose the
    /// identity; `None` reads them here when the run uses Pod Identity.
    pub pod_identity_seen: Option<&'a observe::PodIdentitySeen>,
}

/// Checks inputs that need no AWS call, so bad input fails before any request.
pub fn validate_inputs(inputs: &Inputs<'_>) -> anyhow::Result<()> {
    validate_policy_name(inputs.policy_name)?;
    if let Some(identity) = inputs.identity {
        identity.names.validate()?;
    }
    Ok(())
}

/// Observes, plans, prints and (in apply mode) executes the chosen parts.
pub async fn converge(
    command: &str,
    ctx: &Context,
    parts: Parts,
    inputs: &Inputs<'_>,
    mode: Mode,
) -> anyhow::Result<ExitStatus> {
    let (doc, error) = run(command, ctx, parts, inputs, mode).await?;
    ctx.output.emit_result(&doc, |style| render_text(&doc, style), error)?;
    Ok(if mode == Mode::Check && doc.changed { ExitStatus::Negative } else { ExitStatus::Success })
}

/// Observes, plans and (in apply mode) executes; returns the result document and the first
/// execution error, if any. Planning errors (bad state, refusals) are `Err`.
pub async fn run(
    command: &str,
    ctx: &Context,
    parts: Parts,
    inputs: &Inputs<'_>,
    mode: Mode,
) -> anyhow::Result<(ConvergeDoc, Option<anyhow::Error>)> {
    let plan = build_plan(ctx, parts, inputs).await?;
    Ok(run_plan(command, ctx, &plan, mode).await)
}

/// Executes a plan (in apply mode) and documents it.
pub async fn run_plan(command: &str, ctx: &Resolved, plan: &Plan, mode: Mode) -> (ConvergeDoc, Option<anyhow::Error>) {
    if mode.writes() {
        let report = execute::execute(&ctx.aws, plan).await;
        let doc = document(command, ctx, plan, &report.statuses, mode);
        return (doc, report.errors.into_iter().next().map(|(_, e)| e));
    }
    let statuses: Vec<Status> =
        plan.steps.iter().map(|s| if s.action == Action::NoOp { Status::Unchanged } else { Status::Planned }).collect();
    (document(command, ctx, plan, &statuses, mode), None)
}

/// Observes AWS and computes the plan for the chosen parts, for the identity and names of the
/// context.
pub async fn build_plan(ctx: &Context, parts: Parts, inputs: &Inputs<'_>) -> anyhow::Result<Plan> {
    let cluster_name = ctx.cluster.as_ref().map(|c| c.name.as_str());
    let identity_kind = ctx.names.identity;
    let irsa = identity_kind == Identity::Irsa;
    let oidc_spec = if (parts.oidc || parts.role) && irsa {
        Some(desired::desired_oidc(ctx.partition, &ctx.account, &ctx.cluster().name, ctx.issuer()?))
    } else {
        None
    };
    let mut policy_spec = desired::desired_policy(ctx.partition, &ctx.account, cluster_name, inputs.policy_name);
    let mut role_spec = match (parts.role, inputs.identity) {
        (true, Some(_)) => {
            let cluster = ctx.cluster();
            let principal = match &oidc_spec {
                Some(oidc) => desired::desired_irsa_principal(oidc, &ctx.names.namespace, &ctx.names.service_account),
                None => TrustPrincipal::PodIdentity,
            };
            Some(RoleSpec {
                arn: ctx.names.role_arn.clone(),
                name: ctx.names.role_name.clone(),
                principal,
                policy_arn: policy_spec.arn.clone(),
                tags: desired::desired_role_tags(&cluster.name, identity_kind, &ctx.names),
                cluster: cluster.name.clone(),
            })
        }
        _ => None,
    };

    let iam = &ctx.aws.iam;
    // NB: an adopted role is read first: the customer-managed policy attached to it is the
    // controller policy to keep current, whatever its name.
    let adopted_state = match (&mut role_spec, inputs.adopted_role) {
        (Some(spec), true) => {
            let state = aws::iam::find_role(iam, &spec.name).await?;
            if let Some(arn) = state.as_ref().and_then(|r| desired::adopted_policy_arn(r, &policy_spec.arn)) {
                policy_spec.name = arn.rsplit('/').next().unwrap_or_default().to_string();
                policy_spec.arn = arn;
                spec.policy_arn = policy_spec.arn.clone();
            }
            Some(state)
        }
        _ => None,
    };
    let oidc_read = async {
        match &oidc_spec {
            Some(spec) => aws::iam::find_oidc_provider(iam, &spec.arn).await,
            None => Ok(None),
        }
    };
    let policy_read = async {
        if parts.policy || parts.role { observe::observe_policy(ctx.reads(), &policy_spec).await } else { Ok(None) }
    };
    let role_read = async {
        match (&role_spec, &adopted_state) {
            (Some(_), Some(state)) => Ok(state.clone()),
            (Some(spec), None) => aws::iam::find_role(iam, &spec.name).await,
            (None, _) => Ok(None),
        }
    };
    let pod_identity_read = async {
        match (&role_spec, identity_kind, inputs.pod_identity_seen) {
            (Some(_), Identity::PodIdentity, Some(seen)) => anyhow::Ok(Some(seen.clone())),
            (Some(spec), Identity::PodIdentity, None) => {
                observe::observe_pod_identity(ctx, &spec.cluster, false).await.map(Some)
            }
            _ => anyhow::Ok(None),
        }
    };
    let subnets_read = async {
        match (parts.subnets, inputs.subnets) {
            (true, Some(args)) => observe::observe_subnets(ctx, args).await.map(Some),
            _ => Ok(None),
        }
    };
    let (oidc, policy, role, pod_identity, subnets) =
        tokio::join!(oidc_read, policy_read, role_read, pod_identity_read, subnets_read);
    let (oidc, policy, role, pod_identity, subnets) = (oidc?, policy?, role?, pod_identity?, subnets?);

    let mut plan = Plan::default();
    if let Some(spec) = &oidc_spec {
        if parts.oidc {
            plan.steps.push(plan::plan_oidc(spec, oidc.as_ref()));
        } else if oidc.is_none() {
            return Err(AlbctlError::refused(format!(
                "the cluster's IAM OIDC provider {} does not exist; IRSA needs it: run `albctl oidc associate --cluster {}` (or `albctl setup`) first",
                spec.arn,
                ctx.cluster().name
            )));
        }
    }
    if parts.policy || parts.role {
        if parts.policy {
            plan.steps.push(plan::plan_policy(&policy_spec, policy.as_ref(), inputs.force_policy)?);
        } else if policy.is_none() {
            return Err(AlbctlError::refused(format!(
                "policy {} does not exist; run `albctl policy create` first",
                policy_spec.arn
            )));
        }
    }
    if let Some(spec) = &role_spec {
        let adopt = inputs.identity.is_some_and(|i| i.adopt_role);
        if inputs.adopted_role {
            plan.steps.push(plan::plan_adopted_role(spec, role.as_ref(), adopt)?);
        } else {
            plan.steps.push(plan::plan_role(spec, role.as_ref(), adopt)?);
        }
        plan.steps.push(plan::plan_attachment(spec, role.as_ref()));
        if let (Some(_), Some(role)) = (&pod_identity, role.as_ref()) {
            let user = plan::plan_pod_identity_user(spec, Some(role), &ctx.names.namespace, &ctx.names.service_account);
            plan.steps.push(user);
        }
        if let Some(seen) = &pod_identity {
            plan.steps.push(plan::plan_pod_identity(
                &spec.cluster,
                &ctx.names.namespace,
                &ctx.names.service_account,
                &spec.arn,
                seen.association.as_ref(),
            ));
            match &seen.agent {
                AgentAddon::Status(status) if status == "ACTIVE" => {}
                AgentAddon::Status(status) => {
                    plan.warnings.push(format!("EKS add-on eks-pod-identity-agent is {status}, not ACTIVE"))
                }
                AgentAddon::Missing => plan.warnings.push(
                    "EKS add-on eks-pod-identity-agent is not installed: Pod Identity credentials will not reach the controller; \
                     install it with `aws eks create-addon --addon-name eks-pod-identity-agent --cluster-name ...`"
                        .into(),
                ),
                AgentAddon::Unread(why) => {
                    plan.warnings.push(format!("could not check the eks-pod-identity-agent add-on: {why}"))
                }
            }
        }
    }
    if let Some(subnets) = &subnets {
        let args = inputs.subnets.expect("subnets part has subnet args");
        let spec = SubnetTagSpec { cluster: ctx.cluster().name.clone(), cluster_tag: args.cluster_tag };
        let sub = plan::plan_subnet_tags(&spec, subnets);
        plan.steps.extend(sub.steps);
        plan.warnings.extend(sub.warnings);
    }
    Ok(plan)
}

/// Builds `Inputs` for commands that converge the identity parts.
pub fn identity_inputs<'a>(identity: &'a IdentityArgs, subnets: Option<&'a SubnetArgs>) -> Inputs<'a> {
    Inputs {
        policy_name: &identity.names.policy_name,
        force_policy: identity.force_policy,
        identity: Some(identity),
        subnets,
        adopted_role: false,
        pod_identity_seen: None,
    }
}

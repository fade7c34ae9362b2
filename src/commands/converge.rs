//! The AWS half of albctl as one flow that each mutating command runs a part of:
//! observe (concurrent reads) -> desired (pure) -> plan (pure) -> print -> execute.

use serde::Serialize;

use crate::aws;
use crate::cli::{GlobalArgs, Identity, IdentityArgs, PlanArgs, SubnetArgs};
use crate::context::Context;
use crate::desired::{self, RoleSpec, SubnetTagSpec, TrustPrincipal};
use crate::error::AlbctlError;
use crate::execute::{self, Status};
use crate::model::{self, validate_policy_name, validate_role_name};
use crate::observe;
use crate::output::{self, ExitStatus, Style};
use crate::plan::{self, Action, Plan};

/// How a plan is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Execute it.
    Apply,
    /// Print it only.
    DryRun,
    /// Print it; exit 1 when it has changes.
    Check,
}

impl Mode {
    /// From `--dry-run`/`--check`.
    pub fn from_args(args: &PlanArgs) -> Mode {
        match (args.dry_run, args.check) {
            (_, true) => Mode::Check,
            (true, _) => Mode::DryRun,
            _ => Mode::Apply,
        }
    }
}

/// Which parts of the AWS half a command converges.
#[derive(Debug, Clone, Copy, Default)]
pub struct Parts {
    /// The OIDC provider.
    pub oidc: bool,
    /// The policy.
    pub policy: bool,
    /// The role and its attachment (and Pod Identity association).
    pub role: bool,
    /// The subnet tags.
    pub subnets: bool,
}

/// Inputs of the AWS half; absent parts need no input.
#[derive(Debug, Clone)]
pub struct Inputs<'a> {
    /// Policy name.
    pub policy_name: &'a str,
    /// Replace policies that grant more.
    pub force_policy: bool,
    /// Identity flags (role part).
    pub identity: Option<&'a IdentityArgs>,
    /// Subnet flags (subnets part).
    pub subnets: Option<&'a SubnetArgs>,
}

/// The role name: `--role-name` (checked) or the default for the cluster.
pub fn role_name(identity: &IdentityArgs, cluster: &str) -> anyhow::Result<String> {
    match &identity.names.role_name {
        Some(name) => {
            validate_role_name(name)?;
            Ok(name.clone())
        }
        None => Ok(model::default_role_name(cluster)),
    }
}

/// Checks inputs that need no AWS call, so bad input fails before any request.
pub fn validate_inputs(inputs: &Inputs<'_>) -> anyhow::Result<()> {
    validate_policy_name(inputs.policy_name)?;
    if let Some(identity) = inputs.identity {
        identity.names.validate()?;
    }
    Ok(())
}

/// The result document of a converge run.
#[derive(Debug, Serialize)]
pub struct ConvergeDoc {
    /// Command that ran.
    pub command: String,
    /// Cluster name.
    pub cluster: Option<String>,
    /// Region.
    pub region: String,
    /// Account.
    pub account: String,
    /// apply, dry-run or check.
    pub mode: Mode,
    /// Whether anything changed (apply) or would change (dry-run/check).
    pub changed: bool,
    /// Steps with their outcome.
    pub steps: Vec<StepDoc>,
    /// Warnings.
    pub warnings: Vec<String>,
    /// Counts.
    pub summary: Summary,
}

/// One step in the result document.
#[derive(Debug, Serialize)]
pub struct StepDoc {
    /// Resource kind.
    pub resource: plan::Resource,
    /// Identifier.
    pub id: String,
    /// Planned action.
    pub action: Action,
    /// Outcome.
    pub status: Status,
    /// Why.
    pub reason: String,
    /// Details.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
}

/// Counts per outcome.
#[derive(Debug, Serialize, Default)]
pub struct Summary {
    /// Created (or to create).
    pub create: usize,
    /// Updated (or to update).
    pub update: usize,
    /// Unchanged.
    pub unchanged: usize,
    /// Failed or skipped.
    pub failed: usize,
}

/// Observes, plans, prints and (in apply mode) executes the chosen parts.
pub async fn converge(
    command: &str,
    global: &GlobalArgs,
    ctx: &Context,
    parts: Parts,
    inputs: &Inputs<'_>,
    mode: Mode,
) -> anyhow::Result<ExitStatus> {
    let (doc, error) = run(command, ctx, parts, inputs, mode).await?;
    print(global, &doc)?;
    if let Some(e) = error {
        return Err(e);
    }
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
    if mode == Mode::Apply {
        let report = execute::execute(&ctx.aws, &plan).await;
        let doc = document(command, ctx, &plan, &report.statuses, mode);
        return Ok((doc, report.errors.into_iter().next().map(|(_, e)| e)));
    }
    let statuses: Vec<Status> =
        plan.steps.iter().map(|s| if s.action == Action::NoOp { Status::Unchanged } else { Status::Planned }).collect();
    Ok((document(command, ctx, &plan, &statuses, mode), None))
}

/// Observes AWS and computes the plan for the chosen parts.
pub async fn build_plan(ctx: &Context, parts: Parts, inputs: &Inputs<'_>) -> anyhow::Result<Plan> {
    let cluster_name = ctx.cluster.as_ref().map(|c| c.name.as_str());
    let identity_kind = inputs.identity.map(|i| i.identity).unwrap_or_default();
    let irsa = identity_kind == Identity::Irsa;
    let oidc_spec = if (parts.oidc || parts.role) && irsa {
        Some(desired::desired_oidc(ctx.partition, &ctx.account, &ctx.cluster().name, ctx.issuer()?))
    } else {
        None
    };
    let policy_spec = desired::desired_policy(ctx.partition, &ctx.account, cluster_name, inputs.policy_name);
    let role_spec = match (parts.role, inputs.identity) {
        (true, Some(identity)) => {
            let cluster = ctx.cluster();
            let name = role_name(identity, &cluster.name)?;
            let principal = match (&oidc_spec, identity.identity) {
                (Some(oidc), Identity::Irsa) => {
                    desired::desired_irsa_principal(oidc, &identity.names.namespace, &identity.names.service_account)
                }
                _ => TrustPrincipal::PodIdentity,
            };
            Some(RoleSpec {
                arn: model::role_arn(ctx.partition, &ctx.account, &name),
                name,
                principal,
                policy_arn: policy_spec.arn.clone(),
                tags: desired::desired_iam_tags(&cluster.name),
                cluster: cluster.name.clone(),
            })
        }
        _ => None,
    };

    let iam = &ctx.aws.iam;
    let oidc_read = async {
        match &oidc_spec {
            Some(spec) => aws::iam::find_oidc_provider(iam, &spec.arn).await,
            None => Ok(None),
        }
    };
    let policy_read = async {
        if parts.policy || parts.role { observe::observe_policy(&ctx.aws, &policy_spec).await } else { Ok(None) }
    };
    let role_read = async {
        match &role_spec {
            Some(spec) => aws::iam::find_role(iam, &spec.name).await,
            None => Ok(None),
        }
    };
    let pod_identity_read = async {
        match (&role_spec, identity_kind) {
            (Some(spec), Identity::PodIdentity) => {
                let identity = inputs.identity.expect("role part has identity args");
                let association = aws::eks::find_pod_identity_association(
                    &ctx.aws.eks,
                    &spec.cluster,
                    &identity.names.namespace,
                    &identity.names.service_account,
                )
                .await?;
                let agent = aws::eks::find_addon_status(&ctx.aws.eks, &spec.cluster, "eks-pod-identity-agent").await;
                anyhow::Ok(Some((association, agent)))
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
        plan.steps.push(plan::plan_role(spec, role.as_ref(), adopt)?);
        plan.steps.push(plan::plan_attachment(spec, role.as_ref()));
        if let Some((association, agent)) = &pod_identity {
            let identity = inputs.identity.expect("role part has identity args");
            plan.steps.push(plan::plan_pod_identity(
                &spec.cluster,
                &identity.names.namespace,
                &identity.names.service_account,
                &spec.arn,
                association.as_ref(),
            ));
            match agent {
                Ok(Some(status)) if status == "ACTIVE" => {}
                Ok(Some(status)) => {
                    plan.warnings.push(format!("EKS add-on eks-pod-identity-agent is {status}, not ACTIVE"))
                }
                Ok(None) => plan.warnings.push(
                    "EKS add-on eks-pod-identity-agent is not installed: Pod Identity credentials will not reach the controller; \
                     install it with `aws eks create-addon --addon-name eks-pod-identity-agent --cluster-name ...`"
                        .into(),
                ),
                Err(e) => plan.warnings.push(format!("could not check the eks-pod-identity-agent add-on: {e:#}")),
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

fn document(command: &str, ctx: &Context, plan: &Plan, statuses: &[Status], mode: Mode) -> ConvergeDoc {
    let mut summary = Summary::default();
    let steps: Vec<StepDoc> = plan
        .steps
        .iter()
        .zip(statuses)
        .map(|(s, status)| {
            match (status, s.action) {
                (Status::Failed | Status::Skipped, _) => summary.failed += 1,
                (Status::Unchanged, _) | (_, Action::NoOp) => summary.unchanged += 1,
                (_, Action::Create) => summary.create += 1,
                (_, Action::Update | Action::Delete) => summary.update += 1,
            }
            StepDoc {
                resource: s.resource,
                id: s.id.clone(),
                action: s.action,
                status: *status,
                reason: s.reason.clone(),
                details: s.details.clone(),
            }
        })
        .collect();
    let changed = match mode {
        Mode::Apply => statuses.iter().any(|s| matches!(s, Status::Created | Status::Updated | Status::Deleted)),
        _ => plan.has_changes(),
    };
    ConvergeDoc {
        command: command.to_string(),
        cluster: ctx.cluster.as_ref().map(|c| c.name.clone()),
        region: ctx.region.clone(),
        account: ctx.account.clone(),
        mode,
        changed,
        steps,
        warnings: plan.warnings.clone(),
        summary,
    }
}

/// Prints a converge document in the chosen format.
pub fn print(global: &GlobalArgs, doc: &ConvergeDoc) -> anyhow::Result<()> {
    let style = Style::new(output::stdout_color(global.color));
    output::emit(global.output, doc, || render_text(doc, style))
}

/// Text rendering of a converge result.
pub fn render_text(doc: &ConvergeDoc, style: Style) -> String {
    let mut out = String::new();
    let cluster = doc.cluster.as_deref().map(|c| format!("cluster {c}, ")).unwrap_or_default();
    out.push_str(&style.dim(&format!("{cluster}region {}, account {}\n", doc.region, doc.account)));
    let width = doc.steps.iter().map(|s| s.resource.label().len()).max().unwrap_or(0);
    for step in &doc.steps {
        let (mark, word) = match (step.status, step.action) {
            (Status::Failed, _) => ("!", "failed"),
            (Status::Skipped, _) => ("-", "skipped"),
            (Status::Created, _) => ("+", "created"),
            (Status::Updated, _) => ("~", "updated"),
            (Status::Deleted, _) => ("-", "deleted"),
            (Status::Planned, Action::Create) => ("+", "create"),
            (Status::Planned, Action::Update) => ("~", "update"),
            (Status::Planned, Action::Delete) => ("-", "delete"),
            (Status::Planned, Action::NoOp) | (Status::Unchanged, _) => ("=", "unchanged"),
        };
        let label = format!("{:width$}", step.resource.label());
        out.push_str(&step_text(style, (mark, word), &label, &step.id, &step.reason, &step.details));
    }
    for w in &doc.warnings {
        out.push_str(&format!("{} {w}\n", style.yellow("warning:")));
    }
    let s = &doc.summary;
    let failed = if s.failed > 0 { format!(", {} failed", s.failed) } else { String::new() };
    let line = match doc.mode {
        Mode::Apply => format!("{} created, {} updated, {} unchanged{failed}.", s.create, s.update, s.unchanged),
        Mode::DryRun => format!(
            "Dry run: {} to create, {} to update, {} unchanged; nothing was changed.",
            s.create, s.update, s.unchanged
        ),
        Mode::Check if doc.changed => format!(
            "Drift: {} to create, {} to update, {} unchanged (run without --check to converge).",
            s.create, s.update, s.unchanged
        ),
        Mode::Check => format!("No drift: {} resources as desired.", s.unchanged),
    };
    out.push_str(&line);
    out.push('\n');
    out
}

/// One step in the text layout of every plan: `mark word resource id`, then the reason and the
/// details indented below. `mark` is `+`, `~`, `-`, `!` or `=` and picks the colour.
pub fn step_text(
    style: Style,
    (mark, word): (&str, &str),
    label: &str,
    id: &str,
    reason: &str,
    details: &[String],
) -> String {
    let paint = |text: &str| match mark {
        "+" => style.green(text),
        "~" => style.yellow(text),
        "!" | "-" => style.red(text),
        _ => style.dim(text),
    };
    let mut out = format!("{} {} {label}  {}\n", paint(mark), paint(&format!("{word:<9}")), style.bold(id));
    out.push_str(&format!("            {}\n", style.dim(reason)));
    for d in details {
        out.push_str(&format!("            {d}\n"));
    }
    out
}

/// Builds `Inputs` for commands that converge the identity parts.
pub fn identity_inputs<'a>(identity: &'a IdentityArgs, subnets: Option<&'a SubnetArgs>) -> Inputs<'a> {
    Inputs {
        policy_name: &identity.names.policy_name,
        force_policy: identity.force_policy,
        identity: Some(identity),
        subnets,
    }
}

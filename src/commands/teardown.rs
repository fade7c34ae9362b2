//! `albctl teardown`: observe (AWS and the cluster, concurrently), plan (pure), print, and
//! unless `--dry-run` execute that same plan, then print what happened per resource.
//!
//! Without access to the cluster teardown stops before any change (removing the role while the
//! controller runs would break it silently); `--skip-kubernetes` is the explicit way to remove
//! only the AWS side.

use serde::Serialize;
use tokio::time::Instant;

use crate::cli::{GlobalArgs, Identity, TeardownArgs};
use crate::context::{self, Context};
use crate::desired::{self, TrustPrincipal};
use crate::kube::connect;
use crate::kube::inventory::Inventory;
use crate::model;
use crate::output::{self, ExitStatus, Style};
use crate::plan::{Action, Resource};
use crate::progress::Progress;
use crate::teardown::execute::{self, Outcome};
use crate::teardown::{self, TeardownPlan, TeardownSpec, observe};

use super::converge::{self, Mode};

/// The result document of a teardown.
#[derive(Debug, Serialize)]
pub struct TeardownDoc {
    /// `teardown`.
    pub command: &'static str,
    /// Cluster name.
    pub cluster: String,
    /// Region.
    pub region: String,
    /// Account.
    pub account: String,
    /// `apply` or `dry-run`.
    pub mode: Mode,
    /// Whether anything was removed or changed (apply), or would be (dry-run).
    pub changed: bool,
    /// Whether the cluster was looked at.
    pub kubernetes: bool,
    /// Steps in execution order, with their outcome.
    pub steps: Vec<StepDoc>,
    /// Warnings.
    pub warnings: Vec<String>,
    /// Counts.
    pub summary: Summary,
}

/// One step of the result document.
#[derive(Debug, Serialize)]
pub struct StepDoc {
    /// Resource kind.
    pub resource: Resource,
    /// Identifier (ARN, subnet id, `Kind namespace/name`).
    pub id: String,
    /// `delete`, `update` or `unchanged`.
    pub action: Action,
    /// What happened.
    pub status: Outcome,
    /// Why.
    pub reason: String,
    /// Details.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
}

/// Counts per outcome (planned steps count as what they would do).
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// Deleted (or to delete).
    pub delete: usize,
    /// Updated (or to update).
    pub update: usize,
    /// Kept on purpose.
    pub kept: usize,
    /// Not there.
    pub absent: usize,
    /// Failed or skipped.
    pub failed: usize,
}

/// Runs `albctl teardown`.
pub async fn run(global: &GlobalArgs, args: &TeardownArgs) -> anyhow::Result<ExitStatus> {
    let cluster = context::cluster_name(global)?;
    args.names.validate()?;
    let mode = if args.dry_run { Mode::DryRun } else { Mode::Apply };
    let ctx = context::resolve(global, true).await?;
    let spec = spec(&ctx, args, &cluster)?;
    let deadline = Instant::now() + args.timeout;

    let progress = Progress::new(global);
    progress.set("reading what albctl created");
    let kube = async {
        if args.skip_kubernetes {
            return Ok(None);
        }
        let connected = connect::connect(&ctx, global).await?;
        let mut inventory = Inventory::new(connected.client().await?);
        let observed = observe::observe_kube(&mut inventory, &spec).await?;
        anyhow::Ok(Some((inventory, observed)))
    };
    let (kube, aws) = tokio::join!(kube, observe::observe_aws(&ctx.aws, &spec));
    let mut kube = kube.map_err(|e| {
        anyhow::anyhow!(
            "{e:#}; teardown reads the cluster before it removes anything, so nothing was changed: fix the access, \
             or pass --skip-kubernetes to remove only the AWS side of cluster {cluster}"
        )
    })?;
    let aws = aws?;
    if let Some(refused) = teardown::plan::refusal(&spec, &aws, kube.as_ref().map(|(_, observed)| observed)) {
        return Err(refused);
    }
    let plan = teardown::plan_teardown(&spec, &aws, kube.as_ref().map(|(_, observed)| observed));

    let (outcomes, error) = match mode {
        Mode::Apply => {
            progress.set("removing");
            execute::execute(&ctx.aws, kube.as_mut().map(|(inventory, _)| inventory), &plan, deadline).await
        }
        _ => (plan.steps.iter().map(Outcome::unrun).collect(), None),
    };
    progress.finish();
    let doc = document(&ctx, &plan, &outcomes, mode, kube.is_some());
    output::emit(global.output, &doc, || render_text(&doc, Style::new(output::stdout_color(global.color))))?;
    match error {
        Some(e) => Err(anyhow::anyhow!(
            "{e:#}; teardown stopped there (the list above shows what it removed); run it again once that is fixed"
        )),
        None => Ok(ExitStatus::Success),
    }
}

fn spec(ctx: &Context, args: &TeardownArgs, cluster: &str) -> anyhow::Result<TeardownSpec> {
    let names = &args.names;
    let role_name = names.role_name.clone().unwrap_or_else(|| model::default_role_name(cluster));
    let (oidc_arn, principal) = match args.identity {
        Identity::Irsa => {
            let oidc = desired::desired_oidc(ctx.partition, &ctx.account, cluster, ctx.issuer()?);
            let principal = desired::desired_irsa_principal(&oidc, &names.namespace, &names.service_account);
            (Some(oidc.arn), principal)
        }
        Identity::PodIdentity => (None, TrustPrincipal::PodIdentity),
    };
    Ok(TeardownSpec {
        cluster: cluster.to_string(),
        namespace: names.namespace.clone(),
        service_account: names.service_account.clone(),
        role_arn: model::role_arn(ctx.partition, &ctx.account, &role_name),
        role_name,
        policy_arn: model::policy_arn(ctx.partition, &ctx.account, &names.policy_name),
        oidc_arn,
        principal,
        identity: args.identity,
        delete_crds: args.delete_crds,
        delete_oidc_provider: args.delete_oidc_provider,
        delete_load_balancers: args.delete_load_balancers,
    })
}

fn document(ctx: &Context, plan: &TeardownPlan, outcomes: &[Outcome], mode: Mode, kubernetes: bool) -> TeardownDoc {
    let mut summary = Summary::default();
    let steps: Vec<StepDoc> = plan
        .steps
        .iter()
        .zip(outcomes)
        .map(|(s, outcome)| {
            match (outcome, s.action) {
                (Outcome::Failed | Outcome::Skipped, _) => summary.failed += 1,
                (Outcome::Kept, _) => summary.kept += 1,
                (Outcome::Absent, _) => summary.absent += 1,
                (Outcome::Updated, _) | (Outcome::Planned, Action::Update) => summary.update += 1,
                _ => summary.delete += 1,
            }
            StepDoc {
                resource: s.resource,
                id: s.id.clone(),
                action: s.action,
                status: *outcome,
                reason: s.reason.clone(),
                details: s.details.clone(),
            }
        })
        .collect();
    let changed = match mode {
        Mode::Apply => outcomes.iter().any(|o| o.is_change()),
        _ => plan.has_changes(),
    };
    TeardownDoc {
        command: "teardown",
        cluster: ctx.cluster().name.clone(),
        region: ctx.region.clone(),
        account: ctx.account.clone(),
        mode,
        changed,
        kubernetes,
        steps,
        warnings: plan.warnings.clone(),
        summary,
    }
}

/// Text rendering of a teardown, in the layout of `setup`'s plan.
pub fn render_text(doc: &TeardownDoc, style: Style) -> String {
    let mut out = style.dim(&format!("cluster {}, region {}, account {}\n", doc.cluster, doc.region, doc.account));
    let width = doc.steps.iter().map(|s| s.resource.label().len()).max().unwrap_or(0);
    for step in &doc.steps {
        let mark_word = match (step.status, step.action) {
            (Outcome::Failed, _) => ("!", "failed"),
            (Outcome::Skipped, _) => ("-", "skipped"),
            (Outcome::Deleted, _) => ("-", "deleted"),
            (Outcome::Updated, _) => ("~", "updated"),
            (Outcome::Planned, Action::Update) => ("~", "update"),
            (Outcome::Planned, _) => ("-", "delete"),
            (Outcome::Kept, _) => ("=", "kept"),
            (Outcome::Absent, _) => ("=", "absent"),
        };
        let label = format!("{:width$}", step.resource.label());
        out.push_str(&converge::step_text(style, mark_word, &label, &step.id, &step.reason, &step.details));
    }
    for w in &doc.warnings {
        out.push_str(&format!("{} {w}\n", style.yellow("warning:")));
    }
    let s = &doc.summary;
    let failed = if s.failed > 0 { format!(", {} failed or skipped", s.failed) } else { String::new() };
    let line = match doc.mode {
        _ if s.delete + s.update + s.failed == 0 => {
            format!("Nothing to remove: {} kept, {} absent.", s.kept, s.absent)
        }
        Mode::DryRun => {
            format!("Dry run: {} to delete, {} to update, {} kept; nothing was changed.", s.delete, s.update, s.kept)
        }
        _ => format!("{} deleted, {} updated, {} kept{failed}.", s.delete, s.update, s.kept),
    };
    out.push_str(&line);
    out.push('\n');
    out
}

//! `albctl policy create|show|diff`: the controller's IAM policy.

use serde::Serialize;

use crate::cli::{GlobalArgs, OutputFormat, PolicyCommand, PolicyDiffArgs, PolicyShowArgs};
use crate::context;
use crate::error::AlbctlError;
use crate::model::{self, Partition, validate_policy_name};
use crate::output::{self, ExitStatus};
use crate::{aws, policy};

use crate::setup::{self, Inputs, Parts};

/// Runs `albctl policy ...`.
pub async fn run(global: &GlobalArgs, command: &PolicyCommand) -> anyhow::Result<ExitStatus> {
    match command {
        PolicyCommand::Create(args) => {
            validate_policy_name(&args.policy_name)?;
            let ctx = context::resolve(global, global.cluster.is_some()).await?;
            let inputs = Inputs {
                policy_name: &args.policy_name,
                force_policy: args.force_policy,
                identity: None,
                subnets: None,
                adopted_role: false,
                pod_identity_seen: None,
            };
            let parts = Parts { policy: true, ..Parts::default() };
            setup::converge("policy create", &ctx, parts, &inputs, args.plan.mode()).await
        }
        PolicyCommand::Show(args) => show(global, args).await,
        PolicyCommand::Diff(args) => diff(global, args).await,
    }
}

async fn partition(global: &GlobalArgs, flag: Option<&str>) -> anyhow::Result<Partition> {
    match flag {
        Some(p) => Partition::parse(p),
        None => Ok(context::resolve(global, false).await?.partition),
    }
}

#[derive(Serialize)]
struct ShowDoc {
    partition: Partition,
    controller_version: &'static str,
    document: serde_json::Value,
}

async fn show(global: &GlobalArgs, args: &PolicyShowArgs) -> anyhow::Result<ExitStatus> {
    let partition = partition(global, args.partition.as_deref()).await?;
    if global.output == OutputFormat::Text {
        output::write_stdout(policy::embedded_text(partition))?;
    } else {
        let doc = ShowDoc {
            partition,
            controller_version: policy::CONTROLLER_VERSION,
            document: policy::embedded_document(partition),
        };
        output::emit(global.output, &doc, String::new)?;
    }
    Ok(ExitStatus::Success)
}

#[derive(Serialize)]
struct DiffDoc {
    source: String,
    partition: Partition,
    controller_version: &'static str,
    equivalent: bool,
    matches_upstream: Option<policy::RevisionMatch>,
    diff: policy::PolicyDiff,
}

async fn diff(global: &GlobalArgs, args: &PolicyDiffArgs) -> anyhow::Result<ExitStatus> {
    validate_policy_name(&args.policy_name)?;
    let (source, partition, existing) = match &args.file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| AlbctlError::usage(format!("cannot read --file {}: {e}", path.display())))?;
            let doc = policy::parse_document(&text)
                .map_err(|e| AlbctlError::usage(format!("--file {}: {e:#}", path.display())))?;
            let partition = partition(global, args.partition.as_deref()).await?;
            (path.display().to_string(), partition, doc)
        }
        None => {
            let ctx = context::resolve(global, false).await?;
            let arn = model::policy_arn(ctx.partition, &ctx.account, &args.policy_name);
            let state = aws::iam::find_policy(&ctx.aws.iam, &arn).await?.ok_or_else(|| {
                AlbctlError::usage(format!(
                    "policy {arn} does not exist; create it with `albctl policy create` (or name another with --policy-name)"
                ))
            })?;
            (format!("{arn} ({})", state.default_version_id), ctx.partition, state.document)
        }
    };
    let desired = policy::embedded_document(partition);
    let diff = policy::diff(&existing, &desired);
    let doc = DiffDoc {
        source,
        partition,
        controller_version: policy::CONTROLLER_VERSION,
        equivalent: diff.added.is_empty() && diff.removed.is_empty(),
        matches_upstream: policy::matching_revision(&existing),
        diff,
    };
    output::emit(global.output, &doc, || {
        let mut s = format!("{} vs the embedded {} policy ({}):\n", doc.source, doc.controller_version, doc.partition);
        match &doc.matches_upstream {
            Some(m) => s.push_str(&format!("grants what upstream {}..{} grants\n", m.first_tag, m.last_tag)),
            None => s.push_str("matches no upstream revision\n"),
        }
        if doc.equivalent {
            s.push_str("equivalent: nothing to add or remove\n");
        }
        for a in &doc.diff.added_actions {
            s.push_str(&format!("+ {a}\n"));
        }
        if doc.diff.added_actions.is_empty() && !doc.diff.added.is_empty() {
            s.push_str(&format!("+ {} resource/condition grant(s)\n", doc.diff.added.len()));
        }
        for a in &doc.diff.removed_actions {
            s.push_str(&format!("- {a}\n"));
        }
        if doc.diff.removed_actions.is_empty() && !doc.diff.removed.is_empty() {
            s.push_str(&format!("- {} resource/condition grant(s)\n", doc.diff.removed.len()));
        }
        s
    })?;
    Ok(if doc.equivalent { ExitStatus::Success } else { ExitStatus::Negative })
}

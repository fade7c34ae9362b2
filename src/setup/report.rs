//! The AWS half's result document (each step with its planned action and its outcome) and its
//! text layout.

use serde::Serialize;

use super::execute::Status;
use super::plan::{Action, Plan};
use crate::context::Resolved;
use crate::model::Mode;
use crate::model::plan::StepDoc;
use crate::output::{self, Style};

/// The result document of a converge run.
#[derive(Debug, Serialize)]
pub struct ConvergeDoc {
    /// Command that ran.
    pub command: String,
    /// The cluster worked on; `None` when none was given (`policy create` without `--cluster`).
    pub cluster: Option<String>,
    /// Region the run worked in.
    pub region: String,
    /// Account the caller's credentials belong to.
    pub account: String,
    /// apply, dry-run or check.
    pub mode: Mode,
    /// Whether anything changed (apply) or would change (dry-run/check).
    pub changed: bool,
    /// Steps with their outcome.
    pub steps: Vec<StepDoc<Status>>,
    /// What the plan warns of, one sentence each (printed after the steps).
    pub warnings: Vec<String>,
    /// How many steps ended in each outcome.
    pub summary: Summary,
}

/// Counts per outcome.
#[derive(Debug, Serialize, Default)]
pub struct Summary {
    /// Created (or to create).
    pub create: usize,
    /// Updated (or to update).
    pub update: usize,
    /// Steps that found AWS as desired.
    pub unchanged: usize,
    /// Failed or skipped.
    pub failed: usize,
}

/// The result document of a planned or executed run.
pub fn document(command: &str, ctx: &Resolved, plan: &Plan, statuses: &[Status], mode: Mode) -> ConvergeDoc {
    let mut summary = Summary::default();
    let steps: Vec<StepDoc<Status>> = plan
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
            s.doc(*status)
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
        out.push_str(&output::step_text(style, (mark, word), &label, &step.id, &step.reason, &step.details));
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

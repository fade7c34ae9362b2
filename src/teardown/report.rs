//! The teardown's result document (what was removed, kept or absent, per resource) and its
//! text layout, which is setup's.

use serde::Serialize;

use super::TeardownPlan;
use super::execute::Outcome;
use crate::context::Resolved;
use crate::model::Mode;
use crate::model::plan::{Action, StepDoc};
use crate::output::{self, Style};

/// The result document of a teardown.
#[derive(Debug, Serialize)]
pub struct TeardownDoc {
    /// `teardown`.
    pub command: &'static str,
    /// The cluster torn down, as `--cluster` names it.
    pub cluster: String,
    /// Region the run worked in.
    pub region: String,
    /// Account the caller's credentials belong to.
    pub account: String,
    /// `apply` or `dry-run`.
    pub mode: Mode,
    /// Whether anything was removed or changed (apply), or would be (dry-run).
    pub changed: bool,
    /// Whether the cluster was looked at.
    pub kubernetes: bool,
    /// Steps in execution order, with their outcome.
    pub steps: Vec<StepDoc<Outcome>>,
    /// What the plan warns of, one sentence each (printed after the steps).
    pub warnings: Vec<String>,
    /// How many steps ended in each outcome.
    pub summary: Summary,
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
    /// Steps whose resource was not there, or went meanwhile.
    pub absent: usize,
    /// Failed or skipped.
    pub failed: usize,
}

/// The result document of a planned or executed teardown.
pub fn document(
    ctx: &Resolved,
    plan: &TeardownPlan,
    outcomes: &[Outcome],
    mode: Mode,
    kubernetes: bool,
) -> TeardownDoc {
    let mut summary = Summary::default();
    let steps: Vec<StepDoc<Outcome>> = plan
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
            s.doc(*outcome)
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
        out.push_str(&output::step_text(style, mark_word, &label, &step.id, &step.reason, &step.details));
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

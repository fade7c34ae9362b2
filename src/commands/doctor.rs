//! `albctl doctor`: read AWS and Kubernetes state, judge it with the check catalogue, report.
//!
//! Exit 0 when no check fails (warnings and skipped checks allowed), 1 when any fails, 2 when
//! doctor could not run at all (no credentials, no such cluster).

use serde::Serialize;

use crate::cli::{DoctorArgs, GlobalArgs};
use crate::context;
use crate::doctor::{self, Area, CATALOGUE, Finding, Severity, Status, Summary, catalogue};
use crate::output::{self, ExitStatus, Style};
use crate::progress::Progress;

/// The report document (`-o json|yaml`).
#[derive(Debug, Serialize)]
pub struct DoctorDoc {
    /// Cluster.
    pub cluster: String,
    /// Region.
    pub region: String,
    /// Account.
    pub account: String,
    /// Controller version the checks expect.
    pub controller_version: &'static str,
    /// Counts by status.
    pub summary: Summary,
    /// Every check, in catalogue order.
    pub checks: Vec<Finding>,
}

/// One catalogue entry (`--list-checks -o json`).
#[derive(Debug, Serialize)]
struct CheckEntry {
    code: &'static str,
    area: Area,
    title: &'static str,
    severity: Severity,
    looked_at: &'static str,
    fix: &'static str,
}

/// Runs `albctl doctor`.
pub async fn run(global: &GlobalArgs, args: &DoctorArgs) -> anyhow::Result<ExitStatus> {
    if args.list_checks {
        let entries: Vec<CheckEntry> = CATALOGUE
            .iter()
            .map(|c| CheckEntry {
                code: c.code,
                area: c.area,
                title: c.title,
                severity: c.severity,
                looked_at: c.looked_at,
                fix: c.fix,
            })
            .collect();
        output::emit(global.output, &serde_json::json!({ "checks": entries }), catalogue::markdown_table)?;
        return Ok(ExitStatus::Success);
    }
    args.names.validate()?;
    let ctx = context::resolve(global, true).await?;
    let progress = Progress::new(global);
    progress.set("reading AWS and Kubernetes state");
    let facts = doctor::gather::gather(&ctx, global, args).await;
    progress.finish();
    let checks = doctor::evaluate(&facts);
    let doc = DoctorDoc {
        cluster: facts.target.cluster.clone(),
        region: facts.target.region.clone(),
        account: facts.target.account.clone(),
        controller_version: crate::policy::CONTROLLER_VERSION,
        summary: Summary::of(&checks),
        checks,
    };
    output::emit(global.output, &doc, || render_text(&doc, Style::new(output::stdout_color(global.color))))?;
    Ok(if doc.summary.fail > 0 { ExitStatus::Negative } else { ExitStatus::Success })
}

/// The text report: one block per area, one line per check, evidence and fix indented under
/// anything that did not pass, then the summary line.
pub fn render_text(doc: &DoctorDoc, style: Style) -> String {
    let mut out = format!(
        "albctl doctor: cluster {} ({}, account {}), controller {}\n",
        doc.cluster, doc.region, doc.account, doc.controller_version
    );
    let width = doc.checks.iter().map(|c| c.title.len()).max().unwrap_or(0);
    let mut area = None;
    for c in &doc.checks {
        if area != Some(c.area) {
            area = Some(c.area);
            out.push_str(&format!("\n{}\n", style.bold(c.area.heading())));
        }
        let label = match c.status {
            Status::Pass => style.green(c.status.label()),
            Status::Fail => style.red(c.status.label()),
            Status::Warn => style.yellow(c.status.label()),
            Status::Skipped => style.dim(c.status.label()),
        };
        out.push_str(&format!("  {label}  {:<7}  {:<width$}  {}\n", c.code, c.title, style.dim(&c.evidence)));
        if let Some(fix) = &c.fix {
            out.push_str(&format!("         {:<7}  fix: {fix}\n", ""));
        }
    }
    let s = &doc.summary;
    out.push_str(&format!(
        "\n{} checks: {} passed, {} failed, {} warnings, {} skipped\n",
        s.total, s.pass, s.fail, s.warn, s.skipped
    ));
    out
}

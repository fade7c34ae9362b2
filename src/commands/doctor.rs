//! `albctl doctor`: read AWS and Kubernetes state, judge it with the check catalogue, report.
//!
//! Exit 0 when no check fails (warnings and skipped checks allowed), 1 when any fails, 2 when
//! doctor could not run at all (no credentials, no such cluster). `--all-clusters` runs it on
//! every cluster of the account (the `fleet` workflow).

use serde::Serialize;

use crate::cli::{DoctorArgs, GlobalArgs};
use crate::doctor::report::{DoctorDoc, render_text};
use crate::doctor::{self, Area, CATALOGUE, Severity, catalogue};
use crate::model::Identity;
use crate::output::{self, ExitStatus};
use crate::progress::Progress;
use crate::{context, fleet};

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
    if args.fleet.all_clusters {
        let flags = context::flags(global);
        let doc = fleet::run(&flags, fleet::Job::Doctor(args), &args.fleet).await?;
        flags.output.emit(&doc.to_json(), |style| doc.render_text(style))?;
        return Ok(doc.exit_status());
    }
    args.names.validate()?;
    let ctx = context::resolve_named(global, true, &args.names.naming(Identity::Irsa)).await?;
    let progress = Progress::new(&ctx.output);
    progress.set("reading AWS and Kubernetes state");
    let facts = doctor::gather::gather(&ctx).await;
    progress.finish();
    let doc = DoctorDoc::of(&facts);
    ctx.output.emit(&doc, |style| render_text(&doc, style))?;
    Ok(doc.exit_status())
}

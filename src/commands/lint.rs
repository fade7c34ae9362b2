//! `albctl lint`: manifests (or, with `--cluster` and no paths, the cluster's live objects)
//! judged against the controller's annotation catalogue; text, JSON/YAML or SARIF.
//!
//! Exit 0 with no error findings (warnings allowed), 1 with any, 2 when lint could not run.

use serde::Serialize;

use crate::cli::{GlobalArgs, LintArgs, LintTarget, OutputFormat};
use crate::error::AlbctlError;
use crate::lint::{self, catalogue};
use crate::output::{self, ExitStatus, Style};
use crate::{aws, context};

/// One finding kind (`--list-checks -o json`).
#[derive(Debug, Serialize)]
struct CheckEntry {
    code: &'static str,
    severity: lint::Severity,
    title: &'static str,
    effect: &'static str,
    needs_cluster: bool,
}

/// Runs `albctl lint`.
pub async fn run(global: &GlobalArgs, args: &LintArgs) -> anyhow::Result<ExitStatus> {
    if args.list_checks {
        let entries: Vec<CheckEntry> = catalogue::CHECKS
            .iter()
            .map(|c| CheckEntry {
                code: c.code,
                severity: c.severity,
                title: c.title,
                effect: c.effect,
                needs_cluster: c.live,
            })
            .collect();
        let format = if global.output == OutputFormat::Sarif { OutputFormat::Json } else { global.output };
        output::emit(format, &serde_json::json!({ "checks": entries }), catalogue::markdown_table)?;
        return Ok(ExitStatus::Success);
    }
    let report = if !args.paths.is_empty() {
        if let Some(region) = &global.region {
            aws::validate_region(region)?;
        }
        lint::lint_files(&args.paths, global.region.clone(), args.target == LintTarget::AutoMode)?
    } else if global.cluster.is_some() {
        let ctx = context::resolve(global, true).await?;
        let client = ctx.kube().await?.client().await?;
        lint::lint_cluster(&ctx, client, args.target == LintTarget::AutoMode).await?
    } else {
        return Err(AlbctlError::usage(
            "nothing to lint: give manifest paths (`-` for stdin), or --cluster NAME for the cluster's live objects",
        ));
    };
    match global.output {
        OutputFormat::Sarif => {
            let mut body = serde_json::to_string_pretty(&lint::report::sarif(&report))?;
            body.push('\n');
            output::write_stdout(&body)?;
        }
        format => {
            let style = Style::new(output::stdout_color(global.color));
            output::emit(format, &lint::report::document(&report), || {
                lint::report::text(&report, style, global.verbose > 0)
            })?;
        }
    }
    Ok(if report.errors() > 0 { ExitStatus::Negative } else { ExitStatus::Success })
}

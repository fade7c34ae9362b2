//! `albctl teardown`: removes what albctl created, in reverse order; `--dry-run` prints the plan
//! and changes nothing. The flow lives in `teardown::flow`.

use crate::cli::{GlobalArgs, TeardownArgs};
use crate::context;
use crate::output::{self, ExitStatus, Style};
use crate::teardown::{flow, report};

/// Runs `albctl teardown`.
pub async fn run(global: &GlobalArgs, args: &TeardownArgs) -> anyhow::Result<ExitStatus> {
    let cluster = context::cluster_name(global)?;
    args.names.validate()?;
    let ctx = context::resolve(global, true).await?;
    let (doc, error) = flow::run(&ctx, global, args, &cluster).await?;
    let style = Style::new(output::stdout_color(global.color));
    output::emit_result(global.output, &doc, || report::render_text(&doc, style), error)?;
    Ok(ExitStatus::Success)
}

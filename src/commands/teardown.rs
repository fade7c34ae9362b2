//! `albctl teardown`: removes what albctl created, in reverse order; `--dry-run` prints the plan
//! and changes nothing. The flow lives in `teardown::flow`.

use crate::cli::{GlobalArgs, TeardownArgs};
use crate::context;
use crate::output::ExitStatus;
use crate::teardown::{flow, report};

/// Runs `albctl teardown`.
pub async fn run(global: &GlobalArgs, args: &TeardownArgs) -> anyhow::Result<ExitStatus> {
    let naming = args.names.naming(args.identity.explicit().unwrap_or_default());
    let ctx = context::resolve_named(global, true, &naming).await?;
    let (doc, error) = flow::run(&ctx, args).await?;
    ctx.output.emit_result(&doc, |style| report::render_text(&doc, style), error)?;
    Ok(ExitStatus::Success)
}

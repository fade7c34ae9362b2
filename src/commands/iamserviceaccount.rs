//! `albctl iamserviceaccount create`: the controller's IAM role (exact trust, policy
//! attached) and, without `--role-only`, its ServiceAccount annotated with the role.

use crate::cli::{GlobalArgs, IamServiceAccountCommand};
use crate::context;
use crate::output::ExitStatus;
use crate::setup::chain;

/// Runs `albctl iamserviceaccount ...`.
pub async fn run(global: &GlobalArgs, command: &IamServiceAccountCommand) -> anyhow::Result<ExitStatus> {
    let IamServiceAccountCommand::Create(args) = command;
    let target = context::target(global, true, args.identity.naming())?;
    crate::setup::validate_inputs(&crate::setup::identity_inputs(&args.identity, None))?;
    let ctx = target.resolve().await?;
    let (doc, error) = chain::iamserviceaccount(&ctx, args).await?;
    ctx.output.emit_result(&doc, |style| doc.render_text(style), error)?;
    Ok(doc.exit_status())
}

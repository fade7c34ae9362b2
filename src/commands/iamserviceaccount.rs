//! `albctl iamserviceaccount create`: the controller's IAM role (exact trust, policy
//! attached) and, without `--role-only`, its ServiceAccount annotated with the role.

use crate::cli::{GlobalArgs, IamServiceAccountCommand};
use crate::output::{self, ExitStatus, Style};
use crate::setup::chain;

/// Runs `albctl iamserviceaccount ...`.
pub async fn run(global: &GlobalArgs, command: &IamServiceAccountCommand) -> anyhow::Result<ExitStatus> {
    let IamServiceAccountCommand::Create(args) = command;
    let (doc, error) = chain::iamserviceaccount(global, args).await?;
    let style = Style::new(output::stdout_color(global.color));
    output::emit_result(global.output, &doc, || doc.render_text(style), error)?;
    Ok(doc.exit_status())
}

//! `albctl setup`: the whole chain, converging: OIDC provider, policy, role, subnet tags, then
//! the controller (ServiceAccount annotated with the role, RBAC, webhook TLS, Deployment,
//! webhooks once it is ready). `--skip-controller` stops after the AWS half.

use crate::cli::{GlobalArgs, SetupArgs};
use crate::output::{self, ExitStatus, Style};
use crate::setup::chain;

/// Runs `albctl setup`.
pub async fn run(global: &GlobalArgs, args: &SetupArgs) -> anyhow::Result<ExitStatus> {
    let (doc, error) = chain::setup(global, args).await?;
    let style = Style::new(output::stdout_color(global.color));
    output::emit_result(global.output, &doc, || doc.render_text(style), error)?;
    Ok(doc.exit_status())
}

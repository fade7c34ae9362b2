//! `albctl setup`: the whole chain, converging: OIDC provider, policy, role, subnet tags, then
//! the controller (ServiceAccount annotated with the role, RBAC, webhook TLS, Deployment,
//! webhooks once it is ready). `--skip-controller` stops after the AWS half. `--check
//! --all-clusters` is the drift gate over every cluster of the account (the `fleet` workflow).

use crate::cli::{GlobalArgs, SetupArgs};
use crate::fleet;
use crate::output::{self, ExitStatus, Style};
use crate::setup::chain;

/// Runs `albctl setup`.
pub async fn run(global: &GlobalArgs, args: &SetupArgs) -> anyhow::Result<ExitStatus> {
    if args.fleet.all_clusters {
        fleet::refuse_writing_run(args)?;
        let doc = fleet::run(global, fleet::Job::Check(args), &args.fleet).await?;
        let style = Style::new(output::stdout_color(global.color));
        output::emit(global.output, &doc.to_json(), || doc.render_text(style))?;
        return Ok(doc.exit_status());
    }
    let (doc, error) = chain::setup(global, args).await?;
    let style = Style::new(output::stdout_color(global.color));
    output::emit_result(global.output, &doc, || doc.render_text(style), error)?;
    Ok(doc.exit_status())
}

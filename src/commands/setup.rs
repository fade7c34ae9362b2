//! `albctl setup`: the whole chain, converging: OIDC provider, policy, role, subnet tags, then
//! the controller (ServiceAccount annotated with the role, RBAC, webhook TLS, Deployment,
//! webhooks once it is ready). `--skip-controller` stops after the AWS half. `--check
//! --all-clusters` is the drift gate over every cluster of the account (the `fleet` workflow).

use crate::cli::{GlobalArgs, SetupArgs};
use crate::output::ExitStatus;
use crate::setup::chain;
use crate::{context, fleet};

/// Runs `albctl setup`.
pub async fn run(global: &GlobalArgs, args: &SetupArgs) -> anyhow::Result<ExitStatus> {
    if args.fleet.all_clusters {
        fleet::refuse_writing_run(args)?;
        let flags = context::flags(global);
        let doc = fleet::run(&flags, fleet::Job::Check(args), &args.fleet).await?;
        flags.output.emit(&doc.to_json(), |style| doc.render_text(style))?;
        return Ok(doc.exit_status());
    }
    let target = context::target(global, true, args.identity.naming())?;
    chain::check_inputs(args, &context::kube_options(global))?;
    let ctx = target.resolve().await?;
    let (doc, error) = chain::setup(&ctx, args, true).await?;
    ctx.output.emit_result(&doc, |style| doc.render_text(style), error)?;
    Ok(doc.exit_status())
}

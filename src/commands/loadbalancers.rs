//! `albctl loadbalancers list|prune` (alias `lb`): observe (AWS and the cluster, concurrently),
//! judge owners (pure), print; `prune` then runs its plan unless `--dry-run`.

use tokio::time::Instant;

use crate::cli::{GlobalArgs, LoadBalancersCommand, PruneArgs};
use crate::context;
use crate::loadbalancers::{self, execute, execute::Outcome, observe, report};
use crate::model::Mode;
use crate::output::ExitStatus;

/// Runs `albctl loadbalancers ...`.
pub async fn run(global: &GlobalArgs, command: &LoadBalancersCommand) -> anyhow::Result<ExitStatus> {
    let ctx = context::resolve(global, true).await?;
    let (aws, kube) = observe::observe(&ctx).await?;
    let cluster = &ctx.cluster().name;
    let inventory = loadbalancers::inventory(cluster, &aws, &kube);
    match command {
        LoadBalancersCommand::List => {
            let doc = report::list_doc(cluster, &ctx.region, inventory);
            ctx.output.emit(&doc, |style| report::list_text(&doc, style))?;
            Ok(ExitStatus::Success)
        }
        LoadBalancersCommand::Prune(args) => prune(&ctx, args, &inventory).await,
    }
}

async fn prune(
    ctx: &context::Context,
    args: &PruneArgs,
    inventory: &loadbalancers::Inventory,
) -> anyhow::Result<ExitStatus> {
    let plan = loadbalancers::plan_prune(inventory);
    let mode = Mode::from_flags(args.dry_run, false);
    let (outcomes, error) = if mode.writes() {
        execute::execute(&ctx.aws, &plan, Instant::now() + args.timeout).await
    } else {
        (plan.steps.iter().map(Outcome::unrun).collect(), None)
    };
    let doc = report::prune_doc(&ctx.cluster().name, &ctx.region, &plan, &outcomes, mode);
    ctx.output.emit(&doc, |style| report::prune_text(&doc, style))?;
    match error {
        Some(e) => Err(anyhow::anyhow!(
            "{e:#}; prune stopped there (the list above shows what it removed); run it again once that is fixed"
        )),
        None => Ok(ExitStatus::Success),
    }
}

//! `albctl loadbalancers list|prune` (alias `lb`): observe (AWS and the cluster, concurrently),
//! judge owners (pure), print; `prune` then runs its plan unless `--dry-run`.

use tokio::time::Instant;

use crate::cli::{GlobalArgs, LoadBalancersCommand, PruneArgs};
use crate::context;
use crate::loadbalancers::{self, execute, execute::Outcome, observe, report};
use crate::output::{self, ExitStatus, Style};

/// Runs `albctl loadbalancers ...`.
pub async fn run(global: &GlobalArgs, command: &LoadBalancersCommand) -> anyhow::Result<ExitStatus> {
    context::cluster_name(global)?;
    let ctx = context::resolve(global, true).await?;
    let (aws, kube) = observe::observe(&ctx, global).await?;
    let cluster = &ctx.cluster().name;
    let inventory = loadbalancers::inventory(cluster, &aws, &kube);
    let style = Style::new(output::stdout_color(global.color));
    match command {
        LoadBalancersCommand::List => {
            let doc = report::list_doc(cluster, &ctx.region, inventory);
            output::emit(global.output, &doc, || report::list_text(&doc, style))?;
            Ok(ExitStatus::Success)
        }
        LoadBalancersCommand::Prune(args) => prune(global, &ctx, args, &inventory, style).await,
    }
}

async fn prune(
    global: &GlobalArgs,
    ctx: &context::Context,
    args: &PruneArgs,
    inventory: &loadbalancers::Inventory,
    style: Style,
) -> anyhow::Result<ExitStatus> {
    let plan = loadbalancers::plan_prune(inventory);
    let (outcomes, error) = if args.dry_run {
        (plan.steps.iter().map(Outcome::unrun).collect(), None)
    } else {
        execute::execute(&ctx.aws, &plan, Instant::now() + args.timeout).await
    };
    let doc = report::prune_doc(&ctx.cluster().name, &ctx.region, &plan, &outcomes, args.dry_run);
    output::emit(global.output, &doc, || report::prune_text(&doc, style))?;
    match error {
        Some(e) => Err(anyhow::anyhow!(
            "{e:#}; prune stopped there (the list above shows what it removed); run it again once that is fixed"
        )),
        None => Ok(ExitStatus::Success),
    }
}

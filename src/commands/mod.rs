//! One module per command: thin handlers that resolve a context, observe, plan, print and
//! (unless asked not to) execute.

use crate::cli::{Cli, Command, OutputFormat};
use crate::error::AlbctlError;
use crate::output::ExitStatus;

pub mod apply;
pub mod completions;
pub mod doctor;
pub mod iamserviceaccount;
pub mod lint;
pub mod loadbalancers;
pub mod migrate;
pub mod oidc;
pub mod policy;
pub mod render;
pub mod setup;
pub mod subnets;
pub mod teardown;

/// Dispatches a parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<ExitStatus> {
    let Cli { global, command } = cli;
    if global.output == OutputFormat::Sarif && !matches!(command, Command::Lint(_) | Command::Migrate(_)) {
        return Err(AlbctlError::usage(
            "-o sarif is only for `albctl lint` and `albctl migrate`; use -o text, json or yaml",
        ));
    }
    match &command {
        Command::Completions(args) => completions::run(args),
        Command::Man => completions::man(),
        Command::Setup(args) => setup::run(&global, args).await,
        Command::Oidc(cmd) => oidc::run(&global, cmd).await,
        Command::Policy(cmd) => policy::run(&global, cmd).await,
        Command::Iamserviceaccount(cmd) => iamserviceaccount::run(&global, cmd).await,
        Command::Subnets(cmd) => subnets::run(&global, cmd).await,
        Command::Render(args) => render::run(&global, args).await,
        Command::Apply(args) => apply::run(&global, args).await,
        Command::Doctor(args) => doctor::run(&global, args).await,
        Command::Teardown(args) => teardown::run(&global, args).await,
        Command::Lint(args) => lint::run(&global, args).await,
        Command::Loadbalancers(cmd) => loadbalancers::run(&global, cmd).await,
        Command::Migrate(cmd) => migrate::run(&global, cmd).await,
    }
}

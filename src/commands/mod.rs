//! One module per command: thin handlers that resolve a context, observe, plan, print and
//! (unless asked not to) execute.

use crate::cli::{Cli, Command};
use crate::error::AlbctlError;
use crate::output::ExitStatus;

pub mod completions;

/// Dispatches a parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<ExitStatus> {
    let Cli { global, command } = cli;
    let _ = &global;
    match command {
        Command::Completions(args) => completions::run(&args),
        Command::Man => completions::man(),
        Command::Setup(_) => not_yet("setup"),
        Command::Oidc(_) => not_yet("oidc"),
        Command::Policy(_) => not_yet("policy"),
        Command::Iamserviceaccount(_) => not_yet("iamserviceaccount"),
        Command::Subnets(_) => not_yet("subnets"),
        Command::Render(_) => not_yet("render"),
        Command::Apply(_) => not_yet("apply"),
        Command::Doctor(_) => not_yet("doctor"),
        Command::Teardown(_) => not_yet("teardown"),
    }
}

fn not_yet(command: &str) -> anyhow::Result<ExitStatus> {
    Err(AlbctlError::NotImplemented { command: command.into() }.into())
}

//! albctl: takes an Amazon EKS cluster to "AWS Load Balancer Controller running with
//! least-privilege credentials" in one command.
//!
//! Every mutating command follows observe -> desire -> plan -> execute: reads only, pure
//! functions for the desired state and the plan, and an executor that runs exactly the plan
//! that was printed.
//!
//! The layers, each importing only those below it:
//! 1. `commands` parse a command's arguments, call one workflow and print its document;
//! 2. workflows, one folder each: `setup` (AWS half, and the whole chain), `controller` (Kubernetes half), `teardown`, `doctor`, and `fleet` (doctor and `setup --check` over every cluster, on top of the other workflows);
//! 3. `context` (account, cluster, connection) over the adapters `aws` and `kube`, over the shared domain `model`, `policy`, `tls`, `cli`, `error`, `output`.

pub mod aws;
pub mod cli;
pub mod commands;
pub mod context;
pub mod controller;
pub mod doctor;
pub mod error;
pub mod fleet;
pub mod kube;
pub mod lint;
pub mod loadbalancers;
pub mod migrate;
pub mod model;
pub mod output;
pub mod policy;
pub mod progress;
pub mod setup;
pub mod teardown;
pub mod tls;

pub use output::ExitStatus;

/// Runs one parsed command line.
pub async fn run(cli: cli::Cli) -> anyhow::Result<ExitStatus> {
    commands::run(cli).await
}

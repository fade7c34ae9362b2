//! albctl: takes an Amazon EKS cluster to "AWS Load Balancer Controller running with
//! least-privilege credentials" in one command.
//!
//! Every mutating command follows observe -> desire -> plan -> execute: reads only, pure
//! functions for the desired state and the plan, and an executor that runs exactly the plan
//! that was printed.
//!
//! The layers, each importing only those below it:
//! 1. `commands` parse a command's arguments, resolve one `Context`, call one workflow and print
//!    its document; they and `context` are the only code that reads the global flags;
//! 2. `fleet`: doctor and `setup --check` over every cluster, on top of the workflows below;
//! 3. workflows, one folder each: `setup` (AWS half, and the whole chain, on top of `controller`),
//!    `controller` (Kubernetes half), `teardown`, `doctor` (on top of `lint`'s cluster lint),
//!    `migrate` (on top of `lint`'s reading), `lint`, `loadbalancers`;
//! 4. `context` (the resolved account and cluster, the run's names, output settings and one
//!    Kubernetes connection) and `inventory` (the load balancers the controller made and the
//!    objects that own them, read and judged for doctor, teardown and loadbalancers);
//! 5. the adapters `aws` and `kube`;
//! 6. the shared domain: `model`, `policy`, `tls`, `cli` (argument types), `error`, `output`, `progress`.

pub mod aws;
pub mod cli;
pub mod commands;
pub mod context;
pub mod controller;
pub mod doctor;
pub mod error;
pub mod fleet;
pub mod inventory;
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

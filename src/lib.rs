//! albctl: takes an Amazon EKS cluster to "AWS Load Balancer Controller running with
//! least-privilege credentials" in one command.
//!
//! Every mutating command follows observe -> desire -> plan -> execute: reads only, pure
//! functions for the desired state and the plan, and an executor that runs exactly the plan
//! that was printed.

pub mod aws;
pub mod cli;
pub mod commands;
pub mod context;
pub mod controller;
pub mod desired;
pub mod doctor;
pub mod error;
pub mod execute;
pub mod kube;
pub mod loadbalancers;
pub mod model;
pub mod observe;
pub mod observed;
pub mod output;
pub mod plan;
pub mod policy;
pub mod progress;
pub mod render;
pub mod teardown;
pub mod tls;

pub use output::ExitStatus;

/// Runs one parsed command line.
pub async fn run(cli: cli::Cli) -> anyhow::Result<ExitStatus> {
    commands::run(cli).await
}

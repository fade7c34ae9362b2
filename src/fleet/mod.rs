//! Workflow `fleet`: the read-only commands (`doctor`, `setup --check`) over every EKS cluster
//! of an account at once (`--all-clusters`), one result each, exit code the worst.
//!
//! Rooms: `discover` (the regions, eks:ListClusters in each, the name filter), `access` (how
//! each cluster's Kubernetes API is reached), `run` (the single-cluster paths of doctor and
//! setup on each cluster, bounded concurrency, one client set per region, account-wide reads
//! once), `report` (the document and its text). Nothing here writes: a writing run is refused
//! before any call.
//!
//! May import: `context`, the adapters, the shared domain, and the `doctor` and `setup`
//! workflows whose single-cluster paths it runs. Nothing imports it but its handlers.

pub mod access;
pub mod discover;
pub mod report;
pub mod run;

pub use report::FleetDoc;

use crate::cli::{DoctorArgs, FleetArgs, SetupArgs};
use crate::context::Flags;
use crate::error::AlbctlError;
use crate::model::Mode;
use crate::model::names::Naming;

/// Which single-cluster path runs on every cluster.
#[derive(Debug, Clone, Copy)]
pub enum Job<'a> {
    /// `doctor`.
    Doctor(&'a DoctorArgs),
    /// `setup --check`.
    Check(&'a SetupArgs),
}

impl Job<'_> {
    fn command(self) -> &'static str {
        match self {
            Job::Doctor(_) => "doctor",
            Job::Check(_) => "setup --check",
        }
    }

    /// The names every cluster's run uses.
    fn naming(self) -> Naming {
        match self {
            Job::Doctor(args) => args.names.naming(Default::default()),
            Job::Check(args) => args.identity.naming(),
        }
    }
}

/// Refuses `--all-clusters` for a `setup` that is not `--check` (plain `setup` writes;
/// `--dry-run` is refused too: `--check` prints the same plan).
pub fn refuse_writing_run(args: &SetupArgs) -> anyhow::Result<()> {
    if args.plan.mode() == Mode::Check {
        return Ok(());
    }
    Err(AlbctlError::usage(
        "--all-clusters is only for read-only runs: use `albctl setup --check --all-clusters` (the drift gate) \
         or `albctl doctor --all-clusters`; setup converges one cluster at a time (--cluster NAME)",
    ))
}

/// Runs `job` over every cluster `fleet` selects.
pub async fn run(flags: &Flags, job: Job<'_>, fleet: &FleetArgs) -> anyhow::Result<FleetDoc> {
    if flags.kube.context.is_some() || flags.kube.server.is_some() || flags.kube.certificate_authority.is_some() {
        return Err(AlbctlError::usage(
            "--context, --server and --certificate-authority name one cluster's API server; with --all-clusters \
             give --kubeconfig PATH (a context per cluster, named by its ARN as `aws eks update-kubeconfig` names it) \
             or nothing (each cluster's own endpoint)",
        ));
    }
    match job {
        Job::Doctor(args) => args.names.validate()?,
        Job::Check(args) => crate::setup::chain::check_inputs(args, &flags.kube)?,
    }
    let kubeconfig = match &flags.kube.kubeconfig {
        Some(path) => Some(access::KubeconfigIndex::load(path)?),
        None => None,
    };
    let discovery = discover::discover(flags, fleet).await?;
    let results = run::run_all(flags, job, &discovery, kubeconfig.as_ref(), usize::from(fleet.concurrency)).await;
    Ok(FleetDoc::new(job.command(), discovery.caller.account.clone(), discovery.regions.len(), results))
}

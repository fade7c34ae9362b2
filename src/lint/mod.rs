//! `albctl lint`: catch annotation mistakes before the controller silently ignores them.
//!
//! Rooms: [`gather`] reads manifests (files, directories, stdin) with the line of every object
//! and key, and [`live`] reads a cluster's objects and the AWS resources they reference;
//! [`catalogue`] is the data lint judges by (the controller's annotations, the finding kinds);
//! [`checks`] are pure functions from objects (and AWS answers) to findings; [`report`] renders
//! them as text, JSON or SARIF. Nothing here writes anywhere.
//!
//! May import: `context`, the `aws` and `kube` adapters and the shared domain; no other workflow.

use std::path::PathBuf;

use crate::context::Context;

pub mod catalogue;
pub mod checks;
pub mod gateway;
pub mod gather;
pub mod live;
pub mod report;

pub use catalogue::Severity;
pub use checks::{Finding, ObjectId, Options};

/// What was linted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Files, directories and stdin, as given.
    Files(Vec<String>),
    /// The live objects of a cluster.
    Cluster {
        /// The cluster whose live objects were read (`--cluster`).
        name: String,
        /// The run's region; certificate references must be in it.
        region: String,
    },
}

/// The result of one lint run.
#[derive(Debug, Clone)]
pub struct Report {
    /// What was linted.
    pub source: Source,
    /// How many objects were read: every object in the files, or of the listed kinds in the cluster.
    pub objects: usize,
    /// How many of them the controller handles, and so were checked (see `skipped` for the others).
    pub judged: usize,
    /// Objects skipped (not the controller's), with the reason.
    pub skipped: Vec<(String, String)>,
    /// Findings, by file and line.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Findings of severity error.
    pub fn errors(&self) -> usize {
        self.findings.iter().filter(|f| f.severity == Severity::Error).count()
    }

    /// Findings of severity warning.
    pub fn warnings(&self) -> usize {
        self.findings.len() - self.errors()
    }
}

/// Lints manifests; `region` (from `--region`) enables the certificate region check;
/// `auto_mode` judges what would not carry over to EKS Auto Mode instead.
pub fn lint_files(paths: &[PathBuf], region: Option<String>, auto_mode: bool) -> anyhow::Result<Report> {
    let objects = gather::read_inputs(paths)?;
    let outcome = checks::lint(&objects, &Options { region, auto_mode });
    Ok(Report {
        source: Source::Files(paths.iter().map(|p| p.display().to_string()).collect()),
        objects: objects.len(),
        judged: outcome.judged.len(),
        skipped: outcome.skipped,
        findings: outcome.findings,
    })
}

/// Lints a cluster's live objects and checks their AWS references (certificates, subnets,
/// security groups, web ACLs) in the cluster's region and VPC; with `auto_mode`, only what would
/// not carry over to EKS Auto Mode (no AWS reads).
pub async fn lint_cluster(ctx: &Context, client: kube::Client, auto_mode: bool) -> anyhow::Result<Report> {
    let cluster = ctx.cluster().name.clone();
    let objects = live::read_objects(client, &cluster).await?;
    let opts = Options { region: Some(ctx.region.clone()), auto_mode };
    let mut outcome = checks::lint(&objects, &opts);
    if !auto_mode {
        let mut references = checks::refs::references(&objects, &outcome.judged);
        references.extend(gateway::references(&objects, &outcome.judged));
        let answers = live::read_answers(ctx, &references).await?;
        checks::refs::check(&objects, &references, &answers, &opts, &mut outcome.findings);
    }
    outcome.findings.sort_by(|a, b| (&a.file, a.line, a.code).cmp(&(&b.file, b.line, b.code)));
    Ok(Report {
        source: Source::Cluster { name: cluster, region: ctx.region.clone() },
        objects: objects.len(),
        judged: outcome.judged.len(),
        skipped: outcome.skipped,
        findings: outcome.findings,
    })
}

//! Runs the single-cluster read-only paths over every discovered cluster, at most
//! `--concurrency` at a time: each cluster gets a context from its region's shared clients,
//! the run's caller identity and its shared account-wide reads, then doctor's gather and checks,
//! or setup's chain in check mode. Whatever goes wrong in one cluster (AccessDenied, a timeout,
//! an endpoint that does not answer) becomes that cluster's result.

use std::sync::Arc;

use futures::StreamExt as _;
use serde_json::Value;

use super::Job;
use super::access::{Access, KubeconfigIndex, kube_access};
use super::discover::{Discovery, RegionClusters};
use super::report::ClusterResult;
use crate::aws::shared::AccountReads;
use crate::context::{self, Context, Flags};
use crate::doctor::gather;
use crate::doctor::report::{DoctorDoc, controller_version_found};
use crate::doctor::{Facts, Status};
use crate::model::names::Naming;
use crate::output::one_line;
use crate::progress::RegionProgress;
use crate::setup::chain::{self, SetupDoc};
use crate::setup::plan::Action;

/// Everything the clusters of one run share.
struct Run<'a> {
    flags: &'a Flags,
    naming: Naming,
    job: Job<'a>,
    discovery: &'a Discovery,
    kubeconfig: Option<&'a KubeconfigIndex>,
    shared: Arc<AccountReads>,
}

/// Every cluster's result, in no particular order; regions that could not be listed give one
/// result each (cluster `-`).
pub async fn run_all(
    flags: &Flags,
    job: Job<'_>,
    discovery: &Discovery,
    kubeconfig: Option<&KubeconfigIndex>,
    concurrency: usize,
) -> Vec<ClusterResult> {
    let Some(first) = discovery.regions.first() else { return Vec::new() };
    // NB: IAM is global; one client (the first region's) serves the account-wide reads.
    let shared = Arc::new(AccountReads::new(first.clients.iam.clone()));
    let run = Run { flags, naming: job.naming(), job, discovery, kubeconfig, shared };
    let mut results = Vec::new();
    let mut work: Vec<(&RegionClusters, &str)> = Vec::new();
    for region in &discovery.regions {
        match &region.clusters {
            Ok(names) => work.extend(names.iter().map(|n| (region, n.as_str()))),
            Err(why) => results.push(ClusterResult::error(&region.region, "-", format!("listing clusters: {why}"))),
        }
    }
    let totals: Vec<(String, usize)> = discovery
        .regions
        .iter()
        .filter_map(|r| r.clusters.as_ref().ok().map(|c| (r.region.clone(), c.len())))
        .collect();
    let progress = RegionProgress::new(&flags.output, &totals);
    let done = futures::stream::iter(work)
        .map(|(region, name)| {
            let (run, progress) = (&run, &progress);
            async move {
                let result = run.cluster(region, name).await;
                progress.done(&region.region);
                result
            }
        })
        .buffer_unordered(concurrency.max(1))
        .collect::<Vec<_>>()
        .await;
    progress.finish();
    results.extend(done);
    results
}

impl Run<'_> {
    async fn cluster(&self, region: &RegionClusters, name: &str) -> ClusterResult {
        let resolved =
            context::resolve_cluster(region.clients.clone(), &self.discovery.caller, name, Some(self.shared.clone()))
                .await;
        let resolved = match resolved {
            Ok(resolved) => resolved,
            Err(e) => return ClusterResult::error(&region.region, name, one_line(&format!("{e:#}"))),
        };
        let access = match self.kubeconfig {
            Some(index) => index.choose(resolved.cluster()),
            None => Access::Endpoint,
        };
        let kube = kube_access(&access, name, self.kubeconfig.map(|k| k.path()));
        let ctx = Context::new(resolved, &self.naming, self.flags.output.silent(), kube);
        let mut result = match self.job {
            Job::Doctor(_) => doctor_result(&gather::gather(&ctx).await),
            Job::Check(args) => check_result(&ctx, args).await,
        };
        result.kubernetes_version = ctx.cluster().version.clone();
        result
    }
}

fn doctor_result(facts: &Facts) -> ClusterResult {
    let doc = DoctorDoc::of(facts);
    let skipped = facts
        .kube
        .service_account
        .get()
        .err()
        .filter(|why| why.starts_with("no Kubernetes access"))
        .map(|why| why.trim_start_matches("no Kubernetes access: ").to_string());
    ClusterResult {
        region: doc.region.clone(),
        cluster: doc.cluster.clone(),
        exit_code: doc.exit_status().code(),
        kubernetes_version: None,
        controller_version_found: controller_version_found(facts),
        failed: doc.summary.fail,
        warned: doc.checks.iter().filter(|c| c.status == Status::Warn).count(),
        first: doc.first_failure().map(str::to_string),
        kubernetes_skipped: skipped,
        error: None,
        document: serde_json::to_value(&doc).ok(),
    }
}

async fn check_result(ctx: &Context, args: &crate::cli::SetupArgs) -> ClusterResult {
    let (region, name) = (ctx.region.clone(), ctx.cluster().name.clone());
    // The controller half needs the API server; its wait is bounded as doctor's is, and a
    // cluster without access is judged on its AWS half alone.
    let mut skipped = None;
    let controller = match (args.skip_controller, ctx.kube_unavailable()) {
        (true, _) => false,
        (false, Some(why)) => {
            skipped = Some(why.to_string());
            false
        }
        (false, None) => match tokio::time::timeout(gather::KUBE_CONNECT_TIMEOUT, ctx.kube()).await {
            Ok(Ok(_)) => true,
            Ok(Err(e)) => {
                skipped = Some(one_line(&format!("{e:#}")));
                false
            }
            Err(_) => {
                skipped =
                    Some(format!("the API server did not answer within {} s", gather::KUBE_CONNECT_TIMEOUT.as_secs()));
                false
            }
        },
    };
    let (doc, error) = match chain::setup(ctx, args, controller).await {
        Ok(outcome) => outcome,
        Err(e) => return ClusterResult::error(&region, &name, one_line(&format!("{e:#}"))),
    };
    let mut result = setup_result(&region, &name, &doc);
    result.kubernetes_skipped = skipped;
    if let Some(e) = error {
        result.exit_code = 2;
        result.error = Some(one_line(&format!("{e:#}")));
    }
    result
}

fn setup_result(region: &str, name: &str, doc: &SetupDoc) -> ClusterResult {
    let aws_changes: Vec<String> = doc
        .aws
        .steps
        .iter()
        .filter(|s| s.action != Action::NoOp)
        .map(|s| format!("{} {}", s.resource.label(), s.id))
        .collect();
    let kube_changes: Vec<String> = doc
        .controller
        .iter()
        .flat_map(|c| c.objects.iter())
        .filter(|o| o.status.is_change())
        .map(|o| o.display_name())
        .collect();
    let changes: Vec<String> = aws_changes.into_iter().chain(kube_changes).collect();
    ClusterResult {
        region: region.to_string(),
        cluster: name.to_string(),
        exit_code: doc.exit_status().code(),
        kubernetes_version: None,
        controller_version_found: None,
        failed: changes.len(),
        warned: doc.aws.warnings.len(),
        first: changes.first().cloned(),
        kubernetes_skipped: None,
        error: None,
        document: serde_json::to_value(doc).ok().map(strip_schema),
    }
}

fn strip_schema(mut v: Value) -> Value {
    if let Value::Object(map) = &mut v {
        map.remove("schema_version");
    }
    v
}

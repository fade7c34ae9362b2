//! Resolves the command line into a `Context` once: SDK config, caller identity (account,
//! partition) and, when the command needs a cluster, DescribeCluster, run concurrently.
//!
//! Input checks that need no AWS call happen before any call is made.

use std::sync::Arc;

use anyhow::Context as _;

use crate::aws::shared::{AccountReads, Reads};
use crate::aws::sts::CallerIdentity;
use crate::aws::{self, AwsClients};
use crate::cli::GlobalArgs;
use crate::error::AlbctlError;
use crate::model::observed::{ClusterInfo, SubnetState};
use crate::model::{Partition, validate_cluster_name};

/// Everything a command needs to know about where it runs.
#[derive(Debug, Clone)]
pub struct Context {
    /// SDK clients.
    pub aws: AwsClients,
    /// Region in use.
    pub region: String,
    /// Caller's account.
    pub account: String,
    /// Caller's ARN.
    pub caller_arn: String,
    /// Partition from the caller's ARN.
    pub partition: Partition,
    /// The cluster, when the command needs one.
    pub cluster: Option<ClusterInfo>,
    /// The cluster's subnets when they were read to find its VPC (reused by subnet commands).
    pub cluster_subnets: Option<Vec<SubnetState>>,
    /// Account-wide reads shared with other clusters of the same run (fleet mode); `None`
    /// reads directly.
    pub shared: Option<Arc<AccountReads>>,
}

impl crate::kube::connect::ClusterTarget for Context {
    fn described_cluster(&self) -> Option<&ClusterInfo> {
        self.cluster.as_ref()
    }

    fn sdk_config(&self) -> &aws_types::SdkConfig {
        &self.aws.config
    }

    fn region(&self) -> &str {
        &self.region
    }

    fn partition(&self) -> Partition {
        self.partition
    }
}

impl Context {
    /// The cluster; only call on a context resolved with a cluster.
    pub fn cluster(&self) -> &ClusterInfo {
        self.cluster.as_ref().expect("context resolved without a cluster")
    }

    /// Account-wide reads: through the shared memo in a fleet run, else directly.
    pub fn reads(&self) -> Reads<'_> {
        Reads { iam: &self.aws.iam, shared: self.shared.as_deref() }
    }

    /// The cluster's OIDC issuer, or an error saying how to get one.
    pub fn issuer(&self) -> anyhow::Result<&str> {
        let cluster = self.cluster();
        cluster.issuer.as_deref().filter(|i| !i.is_empty()).ok_or_else(|| {
            anyhow::anyhow!(
                "cluster {} has no OIDC issuer in DescribeCluster; IRSA needs one (use --identity pod-identity instead)",
                cluster.name
            )
        })
    }
}

/// The cluster name from `--cluster`/`ALBCTL_CLUSTER`, checked.
pub fn cluster_name(global: &GlobalArgs) -> anyhow::Result<String> {
    let name = global
        .cluster
        .as_deref()
        .ok_or_else(|| AlbctlError::usage("no cluster given: pass --cluster NAME or set ALBCTL_CLUSTER"))?;
    validate_cluster_name(name)?;
    Ok(name.to_string())
}

/// Resolves the context. With `need_cluster`, DescribeCluster runs beside GetCallerIdentity.
pub async fn resolve(global: &GlobalArgs, need_cluster: bool) -> anyhow::Result<Context> {
    // Input checks first: a bad --cluster fails before any AWS call.
    if need_cluster {
        cluster_name(global)?;
    }
    let config = aws::load_config(global.region.as_deref(), global.profile.as_deref()).await?;
    resolve_with_config(config, global, need_cluster).await
}

/// [`resolve`] with an SDK config the caller built (tests, embedding); `--region` and
/// `--profile` are then the config's business.
pub async fn resolve_with_config(
    config: aws_config::SdkConfig,
    global: &GlobalArgs,
    need_cluster: bool,
) -> anyhow::Result<Context> {
    let name = if need_cluster { Some(cluster_name(global)?) } else { None };
    let clients = AwsClients::new(config);
    let (caller, cluster) = tokio::join!(aws::sts::fetch_caller_identity(&clients.sts), async {
        match &name {
            Some(n) => aws::eks::find_cluster(&clients.eks, n).await,
            None => Ok(None),
        }
    });
    let caller = caller?;
    let partition = Partition::from_arn(&caller.arn)?;
    complete(clients, &caller, partition, name.as_deref(), cluster?, None).await
}

/// A context for one cluster of a run whose caller identity and clients are already known
/// (fleet mode: one client set per region, one GetCallerIdentity, shared account-wide reads).
pub async fn resolve_cluster(
    clients: AwsClients,
    caller: &CallerIdentity,
    name: &str,
    shared: Option<Arc<AccountReads>>,
) -> anyhow::Result<Context> {
    validate_cluster_name(name)?;
    let partition = Partition::from_arn(&caller.arn)?;
    let cluster = aws::eks::find_cluster(&clients.eks, name).await?;
    complete(clients, caller, partition, Some(name), cluster, shared).await
}

async fn complete(
    clients: AwsClients,
    caller: &CallerIdentity,
    partition: Partition,
    name: Option<&str>,
    mut cluster: Option<ClusterInfo>,
    shared: Option<Arc<AccountReads>>,
) -> anyhow::Result<Context> {
    let region = clients.region().unwrap_or_default();
    if let (Some(n), None) = (name, &cluster) {
        return Err(
            AlbctlError::ClusterNotFound { cluster: n.to_string(), region, account: caller.account.clone() }.into()
        );
    }
    let mut cluster_subnets = None;
    if let Some(c) = cluster.as_mut().filter(|c| c.vpc_id.is_empty()) {
        // NB: some EKS responses (and emulators) omit vpcId; the subnets know it.
        let subnets = aws::ec2::fetch_subnets(&clients.ec2, &c.subnet_ids)
            .await
            .with_context(|| format!("finding the VPC of cluster {} from its subnets", c.name))?;
        c.vpc_id = subnets.first().map(|s| s.vpc_id.clone()).filter(|v| !v.is_empty()).ok_or_else(|| {
            anyhow::anyhow!(
                "cluster {} reports no VPC and no subnets; check it with `aws eks describe-cluster`",
                c.name
            )
        })?;
        cluster_subnets = Some(subnets);
    }
    Ok(Context {
        aws: clients,
        region,
        account: caller.account.clone(),
        caller_arn: caller.arn.clone(),
        partition,
        cluster,
        cluster_subnets,
        shared,
    })
}

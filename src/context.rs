//! Resolves the command line into the one [`Context`] a workflow sees, once: the SDK config,
//! the caller (account, partition) and, when the command needs a cluster, DescribeCluster, run
//! concurrently; the names the run agrees on; the output settings; and one Kubernetes handle
//! that connects on first use and is shared by every step of the run.
//!
//! This is the one place below `commands/` that reads the parsed command line (`GlobalArgs`).
//! Input checks that need no AWS call happen before any call is made.
//!
//! May import: the adapters `aws` and `kube`, the shared domain (`model`, `output`, `error`) and
//! `cli` (the global flags it resolves); no workflow.

use std::sync::Arc;

use anyhow::Context as _;
use tokio::sync::OnceCell;

use crate::aws::shared::{AccountReads, Reads};
use crate::aws::sts::CallerIdentity;
use crate::aws::{self, AwsClients};
use crate::cli::GlobalArgs;
use crate::error::AlbctlError;
use crate::kube::connect::{self, ClusterTarget, Kube};
use crate::model::names::{Names, Naming};
use crate::model::observed::{ClusterInfo, SubnetState};
use crate::model::{Partition, validate_cluster_name};
use crate::output;

/// Where a run points, as AWS resolved it: the clients, the caller's account and partition, and
/// the cluster when the command needs one.
#[derive(Debug, Clone)]
pub struct Resolved {
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

impl ClusterTarget for Resolved {
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

impl Resolved {
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

/// How a run reaches the cluster's Kubernetes API.
#[derive(Debug, Clone)]
pub enum KubeAccess {
    /// Connect as these options say, on first use.
    Connect(connect::Options),
    /// No way in (a fleet run found no kubeconfig context for the cluster): every use fails
    /// with this reason.
    Unavailable(String),
}

/// The one Kubernetes connection of a run: made on first use, then shared.
#[derive(Debug)]
struct KubeHandle {
    access: KubeAccess,
    connection: OnceCell<Kube>,
}

/// Everything a workflow needs to know about the run: where it points ([`Resolved`], reached
/// through `Deref`), the names every step agrees on, how it prints, and its Kubernetes API.
#[derive(Debug, Clone)]
pub struct Context {
    resolved: Resolved,
    /// The names the run agrees on.
    pub names: Names,
    /// How the run prints.
    pub output: output::Settings,
    kube: Arc<KubeHandle>,
}

impl std::ops::Deref for Context {
    type Target = Resolved;

    fn deref(&self) -> &Resolved {
        &self.resolved
    }
}

impl ClusterTarget for Context {
    fn described_cluster(&self) -> Option<&ClusterInfo> {
        self.resolved.described_cluster()
    }

    fn sdk_config(&self) -> &aws_types::SdkConfig {
        self.resolved.sdk_config()
    }

    fn region(&self) -> &str {
        &self.resolved.region
    }

    fn partition(&self) -> Partition {
        self.resolved.partition
    }
}

impl Context {
    /// A context from its parts: the names are derived here, once.
    pub fn new(resolved: Resolved, naming: &Naming, output: output::Settings, kube: KubeAccess) -> Context {
        let cluster = resolved.cluster.as_ref().map(|c| c.name.as_str());
        let names = Names::derive(resolved.partition, &resolved.account, cluster, naming);
        Context { resolved, names, output, kube: Arc::new(KubeHandle { access: kube, connection: OnceCell::new() }) }
    }

    /// The run's connection to the cluster's API server, made on the first call (which checks
    /// that the server answers and accepts albctl's credentials) and shared by every later one.
    /// A failed attempt is not kept: the next call tries again.
    pub async fn kube(&self) -> anyhow::Result<&Kube> {
        match &self.kube.access {
            KubeAccess::Unavailable(why) => Err(anyhow::anyhow!("{why}")),
            KubeAccess::Connect(options) => {
                self.kube.connection.get_or_try_init(|| connect::connect(&self.resolved, options)).await
            }
        }
    }

    /// Why the run has no Kubernetes access at all, when a fleet run decided so.
    pub fn kube_unavailable(&self) -> Option<&str> {
        match &self.kube.access {
            KubeAccess::Unavailable(why) => Some(why),
            KubeAccess::Connect(_) => None,
        }
    }

    /// The same run (and the same Kubernetes connection) with the identity `setup` decided for
    /// the install.
    pub fn with_identity(&self, identity: crate::model::Identity) -> Context {
        Context { names: Names { identity, ..self.names.clone() }, ..self.clone() }
    }

    /// The same run (and the same Kubernetes connection) with the role a ServiceAccount names
    /// as the adopted role.
    pub fn adopting(&self, role_arn: &str) -> Context {
        Context { names: self.names.with_adopted_role(role_arn), ..self.clone() }
    }
}

/// The output settings the global flags give.
pub fn output_settings(global: &GlobalArgs) -> output::Settings {
    output::Settings { format: global.output, color: global.color, quiet: global.quiet, verbose: global.verbose }
}

/// The Kubernetes access options the global flags give.
pub fn kube_options(global: &GlobalArgs) -> connect::Options {
    connect::Options {
        cluster: global.cluster.clone(),
        kubeconfig: global.kubeconfig.clone(),
        context: global.context.clone(),
        server: global.server.clone(),
        certificate_authority: global.certificate_authority.clone(),
    }
}

impl From<&GlobalArgs> for connect::Options {
    fn from(global: &GlobalArgs) -> connect::Options {
        kube_options(global)
    }
}

/// The global flags a run over many clusters needs before it resolves any of them (fleet mode):
/// region and profile for the one SDK config, Kubernetes options and output settings.
#[derive(Debug, Clone)]
pub struct Flags {
    /// `--region`.
    pub region: Option<String>,
    /// `--profile`.
    pub profile: Option<String>,
    /// How to reach each cluster's API server.
    pub kube: connect::Options,
    /// How the run prints.
    pub output: output::Settings,
}

/// The global flags of a run over many clusters.
pub fn flags(global: &GlobalArgs) -> Flags {
    Flags {
        region: global.region.clone(),
        profile: global.profile.clone(),
        kube: kube_options(global),
        output: output_settings(global),
    }
}

/// The cluster name from `--cluster`/`ALBCTL_CLUSTER`, checked.
fn cluster_name(global: &GlobalArgs) -> anyhow::Result<String> {
    let name = global
        .cluster
        .as_deref()
        .ok_or_else(|| AlbctlError::usage("no cluster given: pass --cluster NAME or set ALBCTL_CLUSTER"))?;
    validate_cluster_name(name)?;
    Ok(name.to_string())
}

/// What a run points at, checked from the flags before any AWS call: the cluster name (when the
/// command needs one; checked here and nowhere else) and the command's names. A command checks
/// its own inputs between [`target`] and [`Target::resolve`], so every bad input fails before
/// anything is read.
#[derive(Debug)]
pub struct Target<'a> {
    global: &'a GlobalArgs,
    cluster: Option<String>,
    naming: Naming,
}

/// Checks the cluster name (with `need_cluster`) and the names a command was given.
pub fn target<'a>(global: &'a GlobalArgs, need_cluster: bool, naming: Naming) -> anyhow::Result<Target<'a>> {
    let cluster = if need_cluster { Some(cluster_name(global)?) } else { None };
    naming.validate()?;
    Ok(Target { global, cluster, naming })
}

impl Target<'_> {
    /// The checked cluster name; `None` when the command needs no cluster.
    pub fn cluster(&self) -> Option<&str> {
        self.cluster.as_deref()
    }

    /// Resolves the context: the SDK config from `--region`/`--profile`, then GetCallerIdentity
    /// and (with a cluster) DescribeCluster, concurrently.
    pub async fn resolve(self) -> anyhow::Result<Context> {
        let config = aws::load_config(self.global.region.as_deref(), self.global.profile.as_deref()).await?;
        self.resolve_with_config(config).await
    }

    /// [`Target::resolve`] with an SDK config the caller built (tests, embedding); `--region`
    /// and `--profile` are then the config's business.
    pub async fn resolve_with_config(self, config: aws_config::SdkConfig) -> anyhow::Result<Context> {
        let clients = AwsClients::new(config);
        let (caller, cluster) = tokio::join!(aws::sts::fetch_caller_identity(&clients.sts), async {
            match &self.cluster {
                Some(n) => aws::eks::find_cluster(&clients.eks, n).await,
                None => Ok(None),
            }
        });
        let caller = caller?;
        let partition = Partition::from_arn(&caller.arn)?;
        let resolved = complete(clients, &caller, partition, self.cluster.as_deref(), cluster?, None).await?;
        let kube = KubeAccess::Connect(kube_options(self.global));
        Ok(Context::new(resolved, &self.naming, output_settings(self.global), kube))
    }
}

/// Resolves the context with the default names. With `need_cluster`, DescribeCluster runs
/// beside GetCallerIdentity.
pub async fn resolve(global: &GlobalArgs, need_cluster: bool) -> anyhow::Result<Context> {
    target(global, need_cluster, Naming::default())?.resolve().await
}

/// Resolves the context with a command's names (checked before any AWS call).
pub async fn resolve_named(global: &GlobalArgs, need_cluster: bool, naming: &Naming) -> anyhow::Result<Context> {
    target(global, need_cluster, naming.clone())?.resolve().await
}

/// [`resolve`] with an SDK config the caller built (tests, embedding).
pub async fn resolve_with_config(
    config: aws_config::SdkConfig,
    global: &GlobalArgs,
    need_cluster: bool,
) -> anyhow::Result<Context> {
    target(global, need_cluster, Naming::default())?.resolve_with_config(config).await
}

/// A context for one cluster of a run whose caller identity and clients are already known
/// (fleet mode: one client set per region, one GetCallerIdentity, shared account-wide reads).
pub async fn resolve_cluster(
    clients: AwsClients,
    caller: &CallerIdentity,
    name: &str,
    shared: Option<Arc<AccountReads>>,
) -> anyhow::Result<Resolved> {
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
) -> anyhow::Result<Resolved> {
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
    Ok(Resolved {
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

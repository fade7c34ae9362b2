//! The workflow's reads: the inventory's AWS and Kubernetes halves at once, over the run's
//! connection.

use crate::inventory::observe::{Scope, observe_aws, observe_kube};
use crate::inventory::{AwsObserved, KubeObserved};

/// Both halves at once: the AWS reads and (over the run's connection) the cluster's objects.
/// The cluster must be readable: without it no resource can be judged.
pub async fn observe(ctx: &crate::context::Context) -> anyhow::Result<(AwsObserved, KubeObserved)> {
    let cluster = ctx.cluster();
    let kube = async { observe_kube(&ctx.kube().await?.client().await?).await };
    let (aws, kube) = tokio::join!(observe_aws(&ctx.aws, &cluster.name, &cluster.vpc_id, Scope::Everything), kube);
    let kube = kube.map_err(|e| {
        anyhow::anyhow!(
            "{e:#}; albctl reads the cluster's Ingresses, Services, Gateways and TargetGroupBindings to tell orphans from live \
             load balancers, so nothing was judged: fix the access (--kubeconfig, --context, --server)"
        )
    })?;
    Ok((aws?, kube))
}

//! Reads only: the controller's AWS resources for the cluster and the cluster objects that can
//! own them.
//!
//! AWS in two round trips: DescribeLoadBalancers, DescribeTargetGroups and DescribeSecurityGroups
//! (the VPC) at once, then DescribeTags for every load balancer and target group in batches of
//! 20, all at once. Kubernetes: five lists at once (Ingresses, Services, TargetGroupBindings,
//! IngressClasses, IngressClassParams), without discovery; a kind the server does not serve (a
//! CRD not installed) lists as empty, Forbidden is an error.

use kube::Client;
use kube::api::{Api, ApiResource, DynamicObject, ListParams};
use kube::core::GroupVersionKind;
use serde_json::Value;

use super::{AwsObserved, KubeObserved};
use crate::aws::{self, AwsClients};
use crate::model::LBC_CLUSTER_TAG;

/// Which AWS reads to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Load balancers, target groups and the VPC's security groups (list, prune, doctor).
    Everything,
    /// Load balancers and target groups only (teardown names them; it deletes none itself).
    LoadBalancers,
}

/// The load balancers and target groups tagged `elbv2.k8s.aws/cluster=<cluster>` (and, with
/// [`Scope::Everything`], every security group of `vpc_id`).
pub async fn observe_aws(aws: &AwsClients, cluster: &str, vpc_id: &str, scope: Scope) -> anyhow::Result<AwsObserved> {
    let groups = async {
        match scope {
            Scope::Everything => aws::ec2::list_vpc_security_groups(&aws.ec2, vpc_id).await,
            Scope::LoadBalancers => Ok(vec![]),
        }
    };
    let (lbs, tgs, groups) =
        tokio::join!(aws::elbv2::list_load_balancers(&aws.elbv2), aws::elbv2::list_target_groups(&aws.elbv2), groups);
    let (mut lbs, mut tgs, vpc_security_groups) = (lbs?, tgs?, groups?);
    let arns: Vec<String> = lbs.iter().map(|l| l.arn.clone()).chain(tgs.iter().map(|t| t.arn.clone())).collect();
    let mut tags = aws::elbv2::describe_tags(&aws.elbv2, &arns).await?;
    let ours = |t: &std::collections::BTreeMap<String, String>| t.get(LBC_CLUSTER_TAG).is_some_and(|v| v == cluster);
    for lb in &mut lbs {
        lb.tags = tags.remove(&lb.arn).unwrap_or_default();
    }
    for tg in &mut tgs {
        tg.tags = tags.remove(&tg.arn).unwrap_or_default();
    }
    lbs.retain(|l| ours(&l.tags));
    tgs.retain(|t| ours(&t.tags));
    Ok(AwsObserved { load_balancers: lbs, target_groups: tgs, vpc_security_groups })
}

/// Lists a kind in every namespace; `Ok(None)` when the server does not serve it.
async fn list_kind(client: &Client, api_version: &str, kind: &str, plural: &str) -> anyhow::Result<Option<Vec<Value>>> {
    let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
    let ar = ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk(group, version, kind), plural);
    let api: Api<DynamicObject> = Api::all_with(client.clone(), &ar);
    match api.list(&ListParams::default()).await {
        Ok(list) => Ok(Some(
            list.items
                .into_iter()
                .map(|o| {
                    let mut v = serde_json::to_value(o).unwrap_or(Value::Null);
                    v["apiVersion"] = Value::String(api_version.to_string());
                    v["kind"] = Value::String(kind.to_string());
                    v
                })
                .collect(),
        )),
        // NB: a group/version that is not served answers a plain 404, not a NotFound Status.
        Err(kube::Error::Api(s)) if s.code == 404 => Ok(None),
        Err(e) => Err(anyhow::Error::new(e).context(format!("listing {kind} objects"))),
    }
}

/// Every Ingress, Service, TargetGroupBinding, IngressClass and IngressClassParams.
pub async fn observe_kube(client: &Client) -> anyhow::Result<KubeObserved> {
    let ingresses = async {
        anyhow::Ok(list_kind(client, "networking.k8s.io/v1", "Ingress", "ingresses").await?.unwrap_or_default())
    };
    let (ingresses, services, bindings, classes, params) = tokio::join!(
        ingresses,
        list_kind(client, "v1", "Service", "services"),
        list_kind(client, "elbv2.k8s.aws/v1beta1", "TargetGroupBinding", "targetgroupbindings"),
        list_kind(client, "networking.k8s.io/v1", "IngressClass", "ingressclasses"),
        list_kind(client, "elbv2.k8s.aws/v1beta1", "IngressClassParams", "ingressclassparams"),
    );
    Ok(KubeObserved {
        ingresses: ingresses?,
        services: services?.unwrap_or_default(),
        target_group_bindings: bindings?.unwrap_or_default(),
        ingress_classes: classes?.unwrap_or_default(),
        ingress_class_params: params?.unwrap_or_default(),
    })
}

/// Both halves at once: the AWS reads and (over a fresh connection) the cluster's objects. The
/// cluster must be readable: without it no resource can be judged.
pub async fn observe(
    ctx: &crate::context::Context,
    global: &crate::cli::GlobalArgs,
) -> anyhow::Result<(AwsObserved, KubeObserved)> {
    let cluster = ctx.cluster();
    let kube = async {
        let connected = crate::kube::connect::connect(ctx, global).await?;
        observe_kube(&connected.client().await?).await
    };
    let (aws, kube) = tokio::join!(observe_aws(&ctx.aws, &cluster.name, &cluster.vpc_id, Scope::Everything), kube);
    let kube = kube.map_err(|e| {
        anyhow::anyhow!(
            "{e:#}; albctl reads the cluster's Ingresses, Services and TargetGroupBindings to tell orphans from live \
             load balancers, so nothing was judged: fix the access (--kubeconfig, --context, --server)"
        )
    })?;
    Ok((aws?, kube))
}

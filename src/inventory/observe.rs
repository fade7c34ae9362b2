//! Reads only: the controller's AWS resources for the cluster and the cluster objects that can
//! own them.
//!
//! AWS in two round trips: DescribeLoadBalancers, DescribeTargetGroups and DescribeSecurityGroups
//! (the VPC) at once, then DescribeTags for every load balancer and target group in batches of
//! 20, all at once. Kubernetes: ten lists at once (Ingresses, Services, TargetGroupBindings,
//! IngressClasses, IngressClassParams, Gateways, GatewayClasses and the controller's three
//! Gateway configuration kinds), without discovery; a kind the server does not serve (a CRD
//! not installed) lists as empty, Forbidden is an error.

use kube::Client;
use kube::api::{Api, ApiResource, DynamicObject, ListParams};
use kube::core::GroupVersionKind;
use serde_json::Value;

use super::{AwsObserved, KubeObserved};
use crate::aws::{self, AwsClients};
use crate::model::LBC_CLUSTER_TAG;
use crate::model::gateway::{CONFIGURATION_KINDS, GATEWAY, GATEWAY_CLASS, GatewayKind};

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

/// Every object of a Gateway kind, by the first API version the server serves (none when it
/// serves none: the CRD is not installed).
async fn list_gateway_kind(client: &Client, kind: &GatewayKind) -> anyhow::Result<Vec<Value>> {
    for api_version in kind.api_versions {
        if let Some(items) = list_kind(client, api_version, kind.kind, kind.plural).await? {
            return Ok(items);
        }
    }
    Ok(vec![])
}

/// Every Ingress, Service, TargetGroupBinding, IngressClass and IngressClassParams, and every
/// Gateway, GatewayClass and controller Gateway configuration.
pub async fn observe_kube(client: &Client) -> anyhow::Result<KubeObserved> {
    let gateway_side = async {
        let [lbc, tgc, lrc] = &CONFIGURATION_KINDS;
        let (gateways, classes, lbc, tgc, lrc) = tokio::join!(
            list_gateway_kind(client, &GATEWAY),
            list_gateway_kind(client, &GATEWAY_CLASS),
            list_gateway_kind(client, lbc),
            list_gateway_kind(client, tgc),
            list_gateway_kind(client, lrc),
        );
        anyhow::Ok((gateways?, classes?, [lbc?, tgc?, lrc?].concat()))
    };
    let ingresses = async {
        anyhow::Ok(list_kind(client, "networking.k8s.io/v1", "Ingress", "ingresses").await?.unwrap_or_default())
    };
    let (ingresses, services, bindings, classes, params, gateway_side) = tokio::join!(
        ingresses,
        list_kind(client, "v1", "Service", "services"),
        list_kind(client, "elbv2.k8s.aws/v1beta1", "TargetGroupBinding", "targetgroupbindings"),
        list_kind(client, "networking.k8s.io/v1", "IngressClass", "ingressclasses"),
        list_kind(client, "elbv2.k8s.aws/v1beta1", "IngressClassParams", "ingressclassparams"),
        gateway_side,
    );
    let (gateways, gateway_classes, gateway_configurations) = gateway_side?;
    Ok(KubeObserved {
        ingresses: ingresses?,
        services: services?.unwrap_or_default(),
        target_group_bindings: bindings?.unwrap_or_default(),
        ingress_classes: classes?.unwrap_or_default(),
        ingress_class_params: params?.unwrap_or_default(),
        gateways,
        gateway_classes,
        gateway_configurations,
    })
}

//! EKS: the cluster description, Pod Identity associations and the agent add-on.

use std::collections::HashMap;

use anyhow::Context as _;
use aws_sdk_eks::Client;

use super::api_error;
use crate::model::observed::{AutoModeState, ClusterInfo, PodIdentityAssociationState};

/// DescribeCluster; `Ok(None)` when the cluster does not exist in this region.
///
/// NB: `vpc_id` is left empty when EKS (or an emulator) omits it; the caller derives it.
pub async fn find_cluster(eks: &Client, name: &str) -> anyhow::Result<Option<ClusterInfo>> {
    let cluster = match eks.describe_cluster().name(name).send().await {
        Ok(out) => out.cluster.context("eks:DescribeCluster answered without a cluster")?,
        Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => return Ok(None),
        Err(e) => return Err(api_error("eks:DescribeCluster", e)),
    };
    let vpc = cluster.resources_vpc_config();
    Ok(Some(ClusterInfo {
        name: name.to_string(),
        arn: cluster.arn().unwrap_or_default().to_string(),
        version: cluster.version().map(str::to_string),
        status: cluster.status().map(|s| s.as_str().to_string()),
        endpoint: cluster.endpoint().map(str::to_string),
        certificate_authority: cluster.certificate_authority().and_then(|c| c.data()).map(str::to_string),
        issuer: cluster.identity().and_then(|i| i.oidc()).and_then(|o| o.issuer()).map(str::to_string),
        vpc_id: vpc.and_then(|v| v.vpc_id()).unwrap_or_default().to_string(),
        subnet_ids: vpc.map(|v| v.subnet_ids().to_vec()).unwrap_or_default(),
        security_group_ids: vpc.map(|v| v.security_group_ids().to_vec()).unwrap_or_default(),
        cluster_security_group_id: vpc.and_then(|v| v.cluster_security_group_id()).map(str::to_string),
        auto_mode: auto_mode_of(&cluster),
    }))
}

/// The Auto Mode fields of a DescribeCluster answer.
fn auto_mode_of(cluster: &aws_sdk_eks::types::Cluster) -> AutoModeState {
    let elb = cluster.kubernetes_network_config().and_then(|k| k.elastic_load_balancing());
    AutoModeState {
        compute: cluster.compute_config().and_then(|c| c.enabled()).unwrap_or(false),
        load_balancing: elb.and_then(|e| e.enabled()).unwrap_or(false),
        block_storage: cluster
            .storage_config()
            .and_then(|s| s.block_storage())
            .and_then(|b| b.enabled())
            .unwrap_or(false),
        gateway_api_crds_managed: elb.and_then(|e| e.gateway_api()).and_then(|g| g.crds()).and_then(|c| c.managed()),
    }
}

/// The Pod Identity association for a namespace/ServiceAccount, if any.
pub async fn find_pod_identity_association(
    eks: &Client,
    cluster: &str,
    namespace: &str,
    service_account: &str,
) -> anyhow::Result<Option<PodIdentityAssociationState>> {
    let list = eks
        .list_pod_identity_associations()
        .cluster_name(cluster)
        .namespace(namespace)
        .service_account(service_account)
        .send()
        .await
        .map_err(|e| api_error("eks:ListPodIdentityAssociations", e))?;
    let Some(summary) = list.associations().first() else { return Ok(None) };
    let id = summary.association_id().unwrap_or_default().to_string();
    let described = eks
        .describe_pod_identity_association()
        .cluster_name(cluster)
        .association_id(&id)
        .send()
        .await
        .map_err(|e| api_error("eks:DescribePodIdentityAssociation", e))?;
    Ok(Some(PodIdentityAssociationState {
        id,
        arn: summary.association_arn().map(str::to_string),
        namespace: namespace.to_string(),
        service_account: service_account.to_string(),
        role_arn: described.association().and_then(|a| a.role_arn()).map(str::to_string),
    }))
}

/// Creates a Pod Identity association.
pub async fn create_pod_identity_association(
    eks: &Client,
    cluster: &str,
    namespace: &str,
    service_account: &str,
    role_arn: &str,
    tags: HashMap<String, String>,
) -> anyhow::Result<()> {
    let res = eks
        .create_pod_identity_association()
        .cluster_name(cluster)
        .namespace(namespace)
        .service_account(service_account)
        .role_arn(role_arn)
        .set_tags(Some(tags))
        .send()
        .await;
    match res {
        Ok(_) => Ok(()),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_in_use_exception()) => Ok(()),
        Err(e) => Err(api_error("eks:CreatePodIdentityAssociation", e)),
    }
}

/// Points an existing association at another role.
pub async fn update_pod_identity_association(
    eks: &Client,
    cluster: &str,
    association_id: &str,
    role_arn: &str,
) -> anyhow::Result<()> {
    eks.update_pod_identity_association()
        .cluster_name(cluster)
        .association_id(association_id)
        .role_arn(role_arn)
        .send()
        .await
        .map_err(|e| api_error("eks:UpdatePodIdentityAssociation", e))?;
    Ok(())
}

/// Status of an EKS add-on (`None` when not installed).
pub async fn find_addon_status(eks: &Client, cluster: &str, addon: &str) -> anyhow::Result<Option<String>> {
    match eks.describe_addon().cluster_name(cluster).addon_name(addon).send().await {
        Ok(out) => Ok(Some(
            out.addon().and_then(|a| a.status()).map(|s| s.as_str().to_string()).unwrap_or_else(|| "UNKNOWN".into()),
        )),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => Ok(None),
        Err(e) => Err(api_error("eks:DescribeAddon", e)),
    }
}

/// Deletes a Pod Identity association; an absent one is done.
pub async fn delete_pod_identity_association(eks: &Client, cluster: &str, association_id: &str) -> anyhow::Result<()> {
    match eks.delete_pod_identity_association().cluster_name(cluster).association_id(association_id).send().await {
        Ok(_) => Ok(()),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_resource_not_found_exception()) => Ok(()),
        Err(e) => Err(api_error("eks:DeletePodIdentityAssociation", e)),
    }
}

/// Every cluster name in the client's region (ListClusters, all pages).
pub async fn list_clusters(eks: &Client) -> anyhow::Result<Vec<String>> {
    let pages: Vec<_> = eks
        .list_clusters()
        .into_paginator()
        .send()
        .try_collect()
        .await
        .map_err(|e| api_error("eks:ListClusters", e))?;
    let mut names: Vec<String> = pages.iter().flat_map(|p| p.clusters().iter().cloned()).collect();
    names.sort();
    Ok(names)
}

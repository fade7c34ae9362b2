//! EC2 reads about the cluster's nodes: instances, their IMDS settings and the security groups
//! of their network interfaces. Read by `doctor` only; the VPC's security groups themselves come
//! from `ec2::list_vpc_security_groups`.

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::Filter;

use super::api_error;
use crate::model::observed::NodeInstance;

fn filter(name: &str, values: &[&str]) -> Filter {
    Filter::builder().name(name).set_values(Some(values.iter().map(|v| v.to_string()).collect())).build()
}

/// Whether an instance's tags make it a node of `cluster` (kubelet's cluster tag, or the tags
/// EKS managed node groups and Karpenter set).
fn is_node_of(tags: &[aws_sdk_ec2::types::Tag], cluster: &str) -> bool {
    let cluster_tag = format!("{}{cluster}", crate::model::CLUSTER_TAG_PREFIX);
    tags.iter().any(|t| match (t.key(), t.value()) {
        (Some(k), _) if k == cluster_tag => true,
        (Some("eks:cluster-name" | "aws:eks:cluster-name"), Some(v)) => v == cluster,
        _ => false,
    })
}

/// Running (or starting) instances in the VPC that are nodes of the cluster.
pub async fn list_cluster_nodes(ec2: &Client, vpc_id: &str, cluster: &str) -> anyhow::Result<Vec<NodeInstance>> {
    let reservations = ec2
        .describe_instances()
        .filters(filter("vpc-id", &[vpc_id]))
        .filters(filter("instance-state-name", &["pending", "running"]))
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| api_error("ec2:DescribeInstances", e))?;
    Ok(reservations
        .iter()
        .flat_map(|r| r.instances())
        .filter(|i| is_node_of(i.tags(), cluster))
        .map(|i| {
            let group_ids = |groups: &[aws_sdk_ec2::types::GroupIdentifier]| -> Vec<String> {
                groups.iter().filter_map(|g| g.group_id().map(str::to_string)).collect()
            };
            let mut eni_groups: Vec<(String, Vec<String>)> = i
                .network_interfaces()
                .iter()
                .map(|n| (n.network_interface_id().unwrap_or("eni-?").to_string(), group_ids(n.groups())))
                .collect();
            if eni_groups.is_empty() {
                eni_groups.push(("primary ENI".into(), group_ids(i.security_groups())));
            }
            NodeInstance {
                id: i.instance_id().unwrap_or_default().to_string(),
                hop_limit: i.metadata_options().and_then(|m| m.http_put_response_hop_limit()),
                eni_groups,
            }
        })
        .collect())
}

//! EC2 reads about the cluster's nodes: instances (IMDS settings, ENI security groups) and the
//! VPC's security groups. Read by `doctor` only.

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::Filter;

use super::api_error;
use crate::model::observed::{IngressRule, NodeInstance, SecurityGroup};

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

/// Every security group of the VPC with its tags and ingress rules.
pub async fn list_security_groups(ec2: &Client, vpc_id: &str) -> anyhow::Result<Vec<SecurityGroup>> {
    let groups = ec2
        .describe_security_groups()
        .filters(filter("vpc-id", &[vpc_id]))
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| api_error("ec2:DescribeSecurityGroups", e))?;
    Ok(groups
        .iter()
        .map(|g| SecurityGroup {
            id: g.group_id().unwrap_or_default().to_string(),
            name: g.group_name().unwrap_or_default().to_string(),
            tags: super::tag_map(g.tags()),
            ingress: g
                .ip_permissions()
                .iter()
                .map(|p| IngressRule {
                    protocol: p.ip_protocol().unwrap_or("-1").to_string(),
                    from_port: p.from_port(),
                    to_port: p.to_port(),
                    source_groups: p
                        .user_id_group_pairs()
                        .iter()
                        .filter_map(|u| u.group_id().map(str::to_string))
                        .collect(),
                    cidrs: p.ip_ranges().iter().filter_map(|r| r.cidr_ip().map(str::to_string)).collect(),
                })
                .collect(),
        })
        .collect())
}

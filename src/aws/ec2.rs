//! EC2: subnets and route tables (reads) and subnet tags (CreateTags, and DeleteTags for
//! teardown); security groups of a VPC (read), and for `loadbalancers prune` the revocation of
//! one source-group grant and the deletion of a controller-made security group.

use std::collections::BTreeMap;

use std::time::Duration;

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{Filter, IpPermission, Tag, UserIdGroupPair};
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use tokio::time::Instant;

use super::api_error;
use crate::model::observed::{CidrGrant, GroupGrant, RouteTableState, SecurityGroupState, SubnetState};

fn filter(name: &str, value: &str) -> Filter {
    Filter::builder().name(name).values(value).build()
}

fn subnet_state(s: &aws_sdk_ec2::types::Subnet) -> SubnetState {
    SubnetState {
        id: s.subnet_id().unwrap_or_default().to_string(),
        vpc_id: s.vpc_id().unwrap_or_default().to_string(),
        availability_zone: s.availability_zone().unwrap_or_default().to_string(),
        cidr: s.cidr_block().map(str::to_string),
        available_ips: s.available_ip_address_count(),
        tags: super::tag_map(s.tags()),
        map_public_ip_on_launch: s.map_public_ip_on_launch().unwrap_or(false),
    }
}

/// The subnets with these ids; an id that does not exist is an error naming it.
pub async fn fetch_subnets(ec2: &Client, ids: &[String]) -> anyhow::Result<Vec<SubnetState>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let subnets = ec2
        .describe_subnets()
        .set_subnet_ids(Some(ids.to_vec()))
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| {
            let code = e.as_service_error().and_then(|s| aws_sdk_ec2::error::ProvideErrorMetadata::code(s));
            if matches!(code, Some("InvalidSubnetID.NotFound" | "InvalidSubnetID.Malformed")) {
                let message = e.as_service_error().and_then(|s| aws_sdk_ec2::error::ProvideErrorMetadata::message(s));
                let id = missing_id(message.unwrap_or_default(), ids);
                return crate::error::AlbctlError::usage(format!(
                    "subnet {id} not found in this account and region; check the id (aws ec2 describe-subnets --subnet-ids {id})"
                ));
            }
            api_error("ec2:DescribeSubnets", e)
        })?;
    Ok(subnets.iter().map(subnet_state).collect())
}

/// The id EC2 names in its not-found message (`The subnet ID 'subnet-x' does not exist`), else
/// every id asked for.
fn missing_id(message: &str, asked: &[String]) -> String {
    asked.iter().find(|id| message.contains(id.as_str())).cloned().unwrap_or_else(|| asked.join(", "))
}

/// Every subnet of a VPC.
pub async fn list_vpc_subnets(ec2: &Client, vpc_id: &str) -> anyhow::Result<Vec<SubnetState>> {
    describe_subnets(ec2.describe_subnets().filters(filter("vpc-id", vpc_id))).await
}

async fn describe_subnets(
    request: aws_sdk_ec2::operation::describe_subnets::builders::DescribeSubnetsFluentBuilder,
) -> anyhow::Result<Vec<SubnetState>> {
    let subnets =
        request.into_paginator().items().send().try_collect().await.map_err(|e| api_error("ec2:DescribeSubnets", e))?;
    Ok(subnets.iter().map(subnet_state).collect())
}

/// Every route table of a VPC.
pub async fn list_route_tables(ec2: &Client, vpc_id: &str) -> anyhow::Result<Vec<RouteTableState>> {
    let tables = ec2
        .describe_route_tables()
        .filters(filter("vpc-id", vpc_id))
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| api_error("ec2:DescribeRouteTables", e))?;
    Ok(tables
        .iter()
        .map(|t| RouteTableState {
            id: t.route_table_id().unwrap_or_default().to_string(),
            vpc_id: t.vpc_id().unwrap_or_default().to_string(),
            main: t.associations().iter().any(|a| a.main().unwrap_or(false)),
            subnet_ids: t.associations().iter().filter_map(|a| a.subnet_id().map(str::to_string)).collect(),
            routes: t
                .routes()
                .iter()
                .map(|r| {
                    let dest = r
                        .destination_cidr_block()
                        .or(r.destination_ipv6_cidr_block())
                        .or(r.destination_prefix_list_id())
                        .unwrap_or_default()
                        .to_string();
                    let target = r
                        .gateway_id()
                        .or(r.nat_gateway_id())
                        .or(r.transit_gateway_id())
                        .or(r.vpc_peering_connection_id())
                        .or(r.network_interface_id())
                        .or(r.instance_id())
                        .or(r.egress_only_internet_gateway_id())
                        .or(r.local_gateway_id())
                        .or(r.carrier_gateway_id())
                        .unwrap_or_default()
                        .to_string();
                    (dest, target)
                })
                .collect(),
        })
        .collect())
}

/// Sets the same tags on several resources in one call.
pub async fn create_tags(ec2: &Client, resources: &[String], tags: &BTreeMap<String, String>) -> anyhow::Result<()> {
    ec2.create_tags()
        .set_resources(Some(resources.to_vec()))
        .set_tags(Some(tags.iter().map(|(k, v)| Tag::builder().key(k).value(v).build()).collect()))
        .send()
        .await
        .map_err(|e| api_error("ec2:CreateTags", e))?;
    Ok(())
}

/// Every subnet in the region that carries a tag with this key (any value).
pub async fn list_subnets_with_tag_key(ec2: &Client, key: &str) -> anyhow::Result<Vec<SubnetState>> {
    describe_subnets(ec2.describe_subnets().filters(filter("tag-key", key))).await
}

/// Removes tags from one resource. Each tag is removed only while it still has the given value,
/// so a value someone changed since albctl looked is left alone.
pub async fn delete_tags(ec2: &Client, resource: &str, tags: &BTreeMap<String, String>) -> anyhow::Result<()> {
    ec2.delete_tags()
        .resources(resource)
        .set_tags(Some(tags.iter().map(|(k, v)| Tag::builder().key(k).value(v).build()).collect()))
        .send()
        .await
        .map_err(|e| api_error("ec2:DeleteTags", e))?;
    Ok(())
}

/// Every security group of a VPC with its tags and ingress grants (the one DescribeSecurityGroups reader).
pub async fn list_vpc_security_groups(ec2: &Client, vpc_id: &str) -> anyhow::Result<Vec<SecurityGroupState>> {
    let groups = ec2
        .describe_security_groups()
        .filters(filter("vpc-id", vpc_id))
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| api_error("ec2:DescribeSecurityGroups", e))?;
    Ok(groups.iter().map(security_group_state).collect())
}

/// A security group as DescribeSecurityGroups gives it, with each ingress permission split into
/// one grant per source group and one per IPv4 range.
fn security_group_state(g: &aws_sdk_ec2::types::SecurityGroup) -> SecurityGroupState {
    let (mut group_grants, mut cidr_grants) = (Vec::new(), Vec::new());
    for p in g.ip_permissions() {
        let protocol = p.ip_protocol().unwrap_or("-1").to_string();
        for pair in p.user_id_group_pairs() {
            let Some(source_group) = pair.group_id() else { continue };
            group_grants.push(GroupGrant {
                protocol: protocol.clone(),
                from_port: p.from_port(),
                to_port: p.to_port(),
                source_group: source_group.to_string(),
                pair: (pair.user_id().map(str::to_string), pair.description().map(str::to_string)),
            });
        }
        for range in p.ip_ranges() {
            let Some(cidr) = range.cidr_ip() else { continue };
            cidr_grants.push(CidrGrant {
                protocol: protocol.clone(),
                from_port: p.from_port(),
                to_port: p.to_port(),
                cidr: cidr.to_string(),
            });
        }
    }
    SecurityGroupState {
        id: g.group_id().unwrap_or_default().to_string(),
        name: g.group_name().unwrap_or_default().to_string(),
        description: g.description().unwrap_or_default().to_string(),
        tags: super::tag_map(g.tags()),
        group_grants,
        cidr_grants,
    }
}

/// RevokeSecurityGroupIngress of exactly one source-group grant. `Ok(false)`: it was not there.
pub async fn revoke_group_grant(ec2: &Client, group_id: &str, grant: &GroupGrant) -> anyhow::Result<bool> {
    let permission = IpPermission::builder()
        .ip_protocol(&grant.protocol)
        .set_from_port(grant.from_port)
        .set_to_port(grant.to_port)
        .user_id_group_pairs(
            UserIdGroupPair::builder()
                .group_id(&grant.source_group)
                .set_user_id(grant.pair.0.clone())
                .set_description(grant.pair.1.clone())
                .build(),
        )
        .build();
    match ec2.revoke_security_group_ingress().group_id(group_id).ip_permissions(permission).send().await {
        Ok(_) => Ok(true),
        Err(e) if e.code().is_some_and(|c| c == "InvalidPermission.NotFound" || c == "InvalidGroup.NotFound") => {
            Ok(false)
        }
        Err(e) => Err(api_error("ec2:RevokeSecurityGroupIngress", e)),
    }
}

/// DeleteSecurityGroup. While something still uses the group (DependencyViolation: the network
/// interfaces of a just-deleted load balancer linger for a while) it is asked again every 5 s
/// until `deadline`. `Ok(false)`: it was already gone.
pub async fn delete_security_group(ec2: &Client, group_id: &str, deadline: Instant) -> anyhow::Result<bool> {
    const EVERY: Duration = Duration::from_secs(5);
    loop {
        match ec2.delete_security_group().group_id(group_id).send().await {
            Ok(_) => return Ok(true),
            Err(e) if e.code() == Some("InvalidGroup.NotFound") => return Ok(false),
            Err(e) if e.code() == Some("DependencyViolation") && Instant::now() + EVERY < deadline => {
                tracing::info!("security group {group_id} still in use; retrying");
                tokio::time::sleep(EVERY).await;
            }
            Err(e) => return Err(api_error("ec2:DeleteSecurityGroup", e)),
        }
    }
}

/// The regions enabled for the account (DescribeRegions without `AllRegions`: opted-in or
/// opt-in not required), as EC2 in the client's region lists them: that is the caller's partition.
pub async fn list_enabled_regions(ec2: &Client) -> anyhow::Result<Vec<String>> {
    let out = ec2.describe_regions().send().await.map_err(|e| api_error("ec2:DescribeRegions", e))?;
    let mut names: Vec<String> = out
        .regions()
        .iter()
        .filter(|r| r.opt_in_status().is_none_or(|s| s != "not-opted-in"))
        .filter_map(|r| r.region_name().map(str::to_string))
        .collect();
    names.sort();
    Ok(names)
}

/// A security group of a VPC, as `lint --cluster` matches references against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityGroupSummary {
    /// `sg-…` id.
    pub id: String,
    /// Its `GroupName` (not the `Name` tag); a reference may use either.
    pub name: String,
    /// Its `Name` tag.
    pub name_tag: Option<String>,
}

/// Every security group of a VPC (id, name, Name tag).
pub async fn list_vpc_security_group_summaries(
    ec2: &Client,
    vpc_id: &str,
) -> anyhow::Result<Vec<SecurityGroupSummary>> {
    Ok(list_vpc_security_groups(ec2, vpc_id)
        .await?
        .into_iter()
        .map(|g| SecurityGroupSummary { name_tag: g.tags.get("Name").cloned(), id: g.id, name: g.name })
        .collect())
}

//! ELBv2 (the load balancers, target groups and listeners the controller makes): reads in as few
//! round trips as the API allows, and the two deletes `loadbalancers prune` needs.
//!
//! DescribeLoadBalancers and DescribeTargetGroups list the region (400 per page); DescribeTags
//! takes at most 20 ARNs, so tags are read in batches of 20, all batches at once. Listeners and
//! rules are never read or deleted one by one: they go with their load balancer.

use std::collections::BTreeMap;
use std::time::Duration;

use aws_sdk_elasticloadbalancingv2::Client;
use aws_sdk_elasticloadbalancingv2::types::TagDescription;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use tokio::time::Instant;

use super::api_error;
use crate::model::observed::{LoadBalancerState, TargetGroupState};

/// DescribeTags accepts at most this many ARNs per call.
pub const TAG_BATCH: usize = 20;
const PAGE_SIZE: i32 = 400;
const RETRY_EVERY: Duration = Duration::from_secs(2);

/// Every load balancer in the region (tags not filled in).
pub async fn list_load_balancers(elbv2: &Client) -> anyhow::Result<Vec<LoadBalancerState>> {
    let lbs = elbv2
        .describe_load_balancers()
        .page_size(PAGE_SIZE)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| api_error("elasticloadbalancing:DescribeLoadBalancers", e))?;
    Ok(lbs
        .iter()
        .map(|lb| LoadBalancerState {
            arn: lb.load_balancer_arn().unwrap_or_default().to_string(),
            name: lb.load_balancer_name().unwrap_or_default().to_string(),
            kind: lb.r#type().map(|t| t.as_str().to_string()).unwrap_or_default(),
            scheme: lb.scheme().map(|s| s.as_str().to_string()).unwrap_or_default(),
            state: lb.state().and_then(|s| s.code()).map(|c| c.as_str().to_string()).unwrap_or_default(),
            dns_name: lb.dns_name().unwrap_or_default().to_string(),
            vpc_id: lb.vpc_id().unwrap_or_default().to_string(),
            security_groups: lb.security_groups().to_vec(),
            tags: BTreeMap::new(),
        })
        .collect())
}

/// Every target group in the region (tags not filled in).
pub async fn list_target_groups(elbv2: &Client) -> anyhow::Result<Vec<TargetGroupState>> {
    let tgs = elbv2
        .describe_target_groups()
        .page_size(PAGE_SIZE)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| api_error("elasticloadbalancing:DescribeTargetGroups", e))?;
    Ok(tgs
        .iter()
        .map(|tg| TargetGroupState {
            arn: tg.target_group_arn().unwrap_or_default().to_string(),
            name: tg.target_group_name().unwrap_or_default().to_string(),
            load_balancer_arns: tg.load_balancer_arns().to_vec(),
            target_type: tg.target_type().map(|t| t.as_str().to_string()).unwrap_or_default(),
            tags: BTreeMap::new(),
        })
        .collect())
}

fn tag_map(d: &TagDescription) -> BTreeMap<String, String> {
    super::tag_map(d.tags())
}

async fn describe_tags_batch(
    elbv2: &Client,
    arns: &[String],
) -> anyhow::Result<BTreeMap<String, BTreeMap<String, String>>> {
    let answer = elbv2.describe_tags().set_resource_arns(Some(arns.to_vec())).send().await;
    match answer {
        Ok(out) => Ok(out
            .tag_descriptions()
            .iter()
            .filter_map(|d| Some((d.resource_arn()?.to_string(), tag_map(d))))
            .collect()),
        // NB: one ARN deleted since it was listed fails the whole batch; ask one by one then.
        Err(e)
            if arns.len() > 1
                && e.as_service_error().and_then(|s| s.code()).is_some_and(|c| c.ends_with("NotFound")) =>
        {
            let mut all = BTreeMap::new();
            for arn in arns {
                all.extend(Box::pin(describe_tags_batch(elbv2, std::slice::from_ref(arn))).await?);
            }
            Ok(all)
        }
        Err(e) if e.as_service_error().and_then(|s| s.code()).is_some_and(|c| c.ends_with("NotFound")) => {
            Ok(BTreeMap::new())
        }
        Err(e) => Err(api_error("elasticloadbalancing:DescribeTags", e)),
    }
}

/// Tags of these load balancers and target groups, in batches of [`TAG_BATCH`] sent at once.
/// An ARN that no longer exists has no entry.
pub async fn describe_tags(
    elbv2: &Client,
    arns: &[String],
) -> anyhow::Result<BTreeMap<String, BTreeMap<String, String>>> {
    let batches = arns.chunks(TAG_BATCH).map(|batch| describe_tags_batch(elbv2, batch));
    let answers = futures::future::try_join_all(batches).await?;
    Ok(answers.into_iter().flatten().collect())
}

/// DeleteLoadBalancer (its listeners and rules go with it). `Ok(false)`: it was already gone.
pub async fn delete_load_balancer(elbv2: &Client, arn: &str) -> anyhow::Result<bool> {
    match elbv2.delete_load_balancer().load_balancer_arn(arn).send().await {
        Ok(_) => Ok(true),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_load_balancer_not_found_exception()) => Ok(false),
        Err(e) if e.as_service_error().is_some_and(|s| s.is_operation_not_permitted_exception()) => {
            Err(anyhow::anyhow!(
                "load balancer {arn} has deletion protection on ({}); turn it off with `aws elbv2 modify-load-balancer-attributes \
                 --load-balancer-arn {arn} --attributes Key=deletion_protection.enabled,Value=false` if it really is an orphan",
                e.as_service_error().and_then(|s| s.message()).unwrap_or("OperationNotPermitted")
            ))
        }
        Err(e) => Err(api_error("elasticloadbalancing:DeleteLoadBalancer", e)),
    }
}

/// DeleteTargetGroup. A group still in use by a listener that is being deleted (ResourceInUse)
/// is asked again every 2 s until `deadline`. `Ok(false)`: it was already gone.
pub async fn delete_target_group(elbv2: &Client, arn: &str, deadline: Instant) -> anyhow::Result<bool> {
    loop {
        match elbv2.delete_target_group().target_group_arn(arn).send().await {
            Ok(_) => return Ok(true),
            Err(e) if e.as_service_error().and_then(|s| s.code()) == Some("TargetGroupNotFound") => return Ok(false),
            Err(e)
                if e.as_service_error().is_some_and(|s| s.is_resource_in_use_exception())
                    && Instant::now() + RETRY_EVERY < deadline =>
            {
                tracing::info!("target group {arn} still in use; retrying");
                tokio::time::sleep(RETRY_EVERY).await;
            }
            Err(e) => return Err(api_error("elasticloadbalancing:DeleteTargetGroup", e)),
        }
    }
}

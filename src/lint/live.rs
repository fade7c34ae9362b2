//! `lint --cluster`: reads the cluster's Ingresses, IngressClasses, Services and
//! IngressClassParams, and then, for the references the judged objects make, ACM, EC2 and WAFv2.
//! Reads only; a kind the server does not serve (no IngressClassParams CRD) reads as none.

use std::collections::BTreeMap;

use anyhow::Context as _;
use serde_json::Value;

use super::checks::refs::{self, AwsAnswers, RefKind, VpcResource};
use super::gather::Object;
use crate::aws;
use crate::context::Context;
use crate::kube::inventory::Inventory;

/// The kinds read, with the API versions tried in order.
const KINDS: &[(&[&str], &str)] = &[
    (&["networking.k8s.io/v1"], "IngressClass"),
    (&["networking.k8s.io/v1"], "Ingress"),
    (&["v1"], "Service"),
    (&["elbv2.k8s.aws/v1beta1"], "IngressClassParams"),
];

/// The address a live object's findings carry instead of a file.
pub fn address(cluster: &str, o: &Value) -> String {
    let kind = o["kind"].as_str().unwrap_or_default();
    let name = o["metadata"]["name"].as_str().unwrap_or_default();
    match o["metadata"]["namespace"].as_str() {
        Some(ns) => format!("kubernetes://{cluster}/{ns}/{kind}/{name}"),
        None => format!("kubernetes://{cluster}/{kind}/{name}"),
    }
}

/// Every object lint judges, from the cluster.
pub async fn read_objects(client: kube::Client, cluster: &str) -> anyhow::Result<Vec<Object>> {
    let mut inventory = Inventory::new(client);
    let mut out = Vec::new();
    for (versions, kind) in KINDS {
        let items =
            inventory.list(versions, kind, None, "").await.with_context(|| format!("listing {kind} objects"))?;
        for item in items {
            let file = address(cluster, &item);
            let mut o = Object::new(item, file, None);
            if o.value["metadata"]["namespace"].is_null() {
                o.namespace = String::new();
            }
            out.push(o);
        }
    }
    Ok(out)
}

/// Asks AWS about the references: each in-region certificate, and the VPC's subnets, security
/// groups and web ACLs when any is referenced. Independent reads run concurrently.
pub async fn read_answers(ctx: &Context, references: &[refs::Reference]) -> anyhow::Result<AwsAnswers> {
    let vpc_id = ctx.cluster.as_ref().map(|c| c.vpc_id.clone()).unwrap_or_default();
    let wants = |k: RefKind| references.iter().any(|r| r.kind == k);
    let arns = refs::certificates_to_read(references, &ctx.region);
    let certificates = async {
        let reads = arns.iter().map(|arn| async move {
            let found = aws::acm::find_certificate(&ctx.aws.acm, arn).await?;
            Ok::<_, anyhow::Error>((arn.clone(), found.map(|c| c.status)))
        });
        futures::future::try_join_all(reads).await.map(|v| v.into_iter().collect::<BTreeMap<_, _>>())
    };
    let subnets = async {
        if !wants(RefKind::Subnet) {
            return Ok(vec![]);
        }
        let subnets = aws::ec2::list_vpc_subnets(&ctx.aws.ec2, &vpc_id).await?;
        Ok::<_, anyhow::Error>(
            subnets
                .into_iter()
                .map(|s| VpcResource { names: s.tags.get("Name").cloned().into_iter().collect(), id: s.id })
                .collect(),
        )
    };
    let groups = async {
        if !wants(RefKind::SecurityGroup) {
            return Ok(vec![]);
        }
        let groups = aws::ec2::list_vpc_security_group_summaries(&ctx.aws.ec2, &vpc_id).await?;
        Ok::<_, anyhow::Error>(
            groups
                .into_iter()
                .map(|g| VpcResource { names: g.name_tag.into_iter().chain([g.name]).collect(), id: g.id })
                .collect(),
        )
    };
    let acls = async {
        if !wants(RefKind::WebAclArn) && !wants(RefKind::WebAclName) {
            return Ok(vec![]);
        }
        let acls = aws::wafv2::list_regional_web_acls(&ctx.aws.wafv2).await?;
        Ok::<_, anyhow::Error>(acls.into_iter().map(|a| (a.name, a.arn)).collect())
    };
    let (certificates, subnets, security_groups, web_acls) = tokio::join!(certificates, subnets, groups, acls);
    Ok(AwsAnswers {
        region: ctx.region.clone(),
        vpc_id,
        certificates: certificates?,
        subnets: subnets?,
        security_groups: security_groups?,
        web_acls: web_acls?,
    })
}

//! `albctl subnets list|tag`: which subnets are public or private (with evidence) and the
//! role tags the controller discovers them by.

use serde::Serialize;

use crate::cli::{GlobalArgs, SubnetArgs, SubnetsCommand};
use crate::context;
use crate::model::DEFAULT_POLICY_NAME;
use crate::model::subnets::ClassifiedSubnet;
use crate::output::{self, ExitStatus};
use crate::setup::desired::SubnetTagSpec;
use crate::setup::{observe, plan};

use crate::setup::{self, Inputs, Parts};

/// Runs `albctl subnets ...`.
pub async fn run(global: &GlobalArgs, command: &SubnetsCommand) -> anyhow::Result<ExitStatus> {
    match command {
        SubnetsCommand::List(args) => list(global, args).await,
        SubnetsCommand::Tag(args) => {
            let ctx = context::resolve(global, true).await?;
            let inputs = Inputs {
                policy_name: DEFAULT_POLICY_NAME,
                force_policy: false,
                identity: None,
                subnets: Some(&args.subnets),
                adopted_role: false,
                pod_identity_seen: None,
            };
            let parts = Parts { subnets: true, ..Parts::default() };
            setup::converge("subnets tag", &ctx, parts, &inputs, args.plan.mode()).await
        }
    }
}

#[derive(Serialize)]
struct ListDoc {
    cluster: String,
    vpc_id: String,
    subnets: Vec<SubnetRow>,
    warnings: Vec<String>,
}

#[derive(Serialize)]
struct SubnetRow {
    #[serde(flatten)]
    subnet: ClassifiedSubnet,
    role_tag: &'static str,
    role_tag_ok: bool,
}

async fn list(global: &GlobalArgs, args: &SubnetArgs) -> anyhow::Result<ExitStatus> {
    let ctx = context::resolve(global, true).await?;
    let subnets = observe::observe_subnets(&ctx, args).await?;
    let cluster = ctx.cluster();
    let spec = SubnetTagSpec { cluster: cluster.name.clone(), cluster_tag: args.cluster_tag };
    let warnings = plan::plan_subnet_tags(&spec, &subnets).warnings;
    let rows: Vec<SubnetRow> = subnets
        .into_iter()
        .map(|s| {
            let role_tag = s.scheme.role_tag();
            let role_tag_ok =
                s.subnet.tags.get(role_tag).is_some_and(|v| crate::model::subnets::role_tag_value_matches(v));
            SubnetRow { subnet: s, role_tag, role_tag_ok }
        })
        .collect();
    let doc = ListDoc { cluster: cluster.name.clone(), vpc_id: cluster.vpc_id.clone(), subnets: rows, warnings };
    output::emit(global.output, &doc, || {
        let mut s = format!("cluster {}, VPC {}\n", doc.cluster, doc.vpc_id);
        s.push_str(&format!(
            "{:<26} {:<12} {:<8} {:>8}  {:<32} {}\n",
            "SUBNET", "AZ", "SCHEME", "FREE IPS", "ROLE TAG", "EVIDENCE"
        ));
        for r in &doc.subnets {
            let tag = match r.subnet.subnet.tags.get(r.role_tag) {
                Some(v) if r.role_tag_ok => format!("{}={v}", r.role_tag),
                Some(v) => format!("{}={v} (wrong)", r.role_tag),
                None => "missing".to_string(),
            };
            s.push_str(&format!(
                "{:<26} {:<12} {:<8} {:>8}  {:<32} {}\n",
                r.subnet.subnet.id,
                r.subnet.subnet.availability_zone,
                r.subnet.scheme.as_str(),
                r.subnet.subnet.available_ips.map(|n| n.to_string()).unwrap_or_else(|| "?".into()),
                tag,
                r.subnet.evidence
            ));
        }
        for w in &doc.warnings {
            s.push_str(&format!("warning: {w}\n"));
        }
        s
    })?;
    Ok(ExitStatus::Success)
}

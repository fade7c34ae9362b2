//! Checks of subnets, node security groups and ENIs (pure).

use std::collections::BTreeSet;

use super::facts::Facts;
use super::subnet_discovery::{Discovery, Found, discover};
use super::{Status, Verdict};
use crate::model::CLUSTER_TAG_PREFIX;
use crate::model::observed::{NodeInstance, SecurityGroupState};
use crate::model::subnets::{
    ClassifiedSubnet, ForeignClaim, MIN_FREE_IPS, Scheme, foreign_claim, role_tag_value_matches,
};

const WEBHOOK_PORT: i32 = 9443;

fn subnets(facts: &Facts) -> Result<&[ClassifiedSubnet], String> {
    facts.aws.subnets.get().map(Vec::as_slice)
}

fn role_tag(s: &ClassifiedSubnet) -> Option<(&'static str, &str)> {
    [Scheme::Public.role_tag(), Scheme::Private.role_tag()]
        .into_iter()
        .find_map(|k| s.subnet.tags.get(k).map(|v| (k, v.as_str())))
}

fn list(items: impl IntoIterator<Item = String>) -> String {
    let v: Vec<String> = items.into_iter().collect();
    if v.is_empty() { "none".into() } else { v.join(", ") }
}

fn scheme_found(facts: &Facts, scheme: Scheme) -> Verdict {
    let subnets = match subnets(facts) {
        Ok(s) => s,
        Err(why) => return Verdict::skipped(why),
    };
    let key = scheme.role_tag();
    let kind = if scheme == Scheme::Public { "internet-facing" } else { "internal" };
    let d = discover(subnets, scheme, &facts.target.cluster);
    let of_scheme = subnets.iter().filter(|s| s.scheme == scheme).count();
    if d.found == Found::Reachability && of_scheme == 0 {
        return Verdict::pass(format!(
            "the VPC {} has no {} subnets and none is tagged {key}: no {kind} load balancers here",
            facts.aws.cluster.vpc_id,
            scheme.as_str()
        ));
    }
    let excluded = list(d.excluded.iter().map(|(id, why)| format!("{id}: {why}")));
    if d.chosen.is_empty() {
        let how = match d.found {
            Found::RoleTag => format!("the subnets tagged {key}"),
            Found::Reachability => {
                format!("no subnet has {key}, and the {} subnets found by route tables", scheme.as_str())
            }
        };
        return Verdict::fail(format!(
            "{how} are all unusable ({excluded}): the controller cannot place {kind} load balancers"
        ));
    }
    match d.found {
        Found::RoleTag => Verdict::pass(format!("{key} finds {}", d.chosen_text())),
        Found::Reachability => Verdict::pass(format!(
            "note: no subnet has {key}; the controller (v3.5.0, SubnetDiscoveryByReachability) finds {} by their route tables; `albctl subnets tag` makes it explicit",
            d.chosen_text()
        )),
    }
}

/// NET001.
pub fn public_tagged(facts: &Facts) -> Verdict {
    scheme_found(facts, Scheme::Public)
}

/// NET002.
pub fn private_tagged(facts: &Facts) -> Verdict {
    scheme_found(facts, Scheme::Private)
}

/// Zones of the subnets `d` chose, with those of the candidates it left out only because other
/// clusters claim them.
fn zones_with_foreign<'a>(subnets: &'a [ClassifiedSubnet], d: &'a Discovery, cluster: &str) -> BTreeSet<&'a str> {
    d.excluded
        .iter()
        .filter_map(|(id, _)| subnets.iter().find(|s| &s.subnet.id == id))
        .filter(|s| foreign_claim(&s.subnet.tags, cluster) != ForeignClaim::None)
        .map(|s| s.subnet.availability_zone.as_str())
        .chain(d.chosen.keys().map(String::as_str))
        .collect()
}

/// NET003. A zone shortage that only other clusters' tags cause is NET005's failure (it names the
/// subnets and the fix); NET003 notes it and passes, so one fault is reported once.
pub fn two_zones(facts: &Facts) -> Verdict {
    let subnets = match subnets(facts) {
        Ok(s) => s,
        Err(why) => return Verdict::skipped(why),
    };
    let cluster = &facts.target.cluster;
    let net005_fails = not_other_cluster(facts).status == Status::Fail;
    let mut short = Vec::new();
    let mut seen = Vec::new();
    for scheme in [Scheme::Public, Scheme::Private] {
        let d = discover(subnets, scheme, cluster);
        if d.chosen.is_empty() {
            continue;
        }
        if d.enough_for_alb() {
            seen.push(format!("{}: {}", scheme.as_str(), d.chosen_text()));
        } else if net005_fails && zones_with_foreign(subnets, &d, cluster).len() >= 2 {
            seen.push(format!(
                "note: the usable {} subnets are in one zone ({}) because other clusters claim the rest (NET005)",
                scheme.as_str(),
                d.chosen_text()
            ));
        } else {
            short.push(format!("the usable {} subnets are all in one zone ({})", scheme.as_str(), d.chosen_text()));
        }
    }
    if short.is_empty() {
        return Verdict::pass(if seen.is_empty() {
            "no usable subnets (NET001/NET002)".into()
        } else {
            seen.join("; ")
        });
    }
    Verdict::fail(format!("{}; an Application Load Balancer needs subnets in 2 Availability Zones", short.join("; ")))
}

/// NET004.
pub fn tag_values(facts: &Facts) -> Verdict {
    let subnets = match subnets(facts) {
        Ok(s) => s,
        Err(why) => return Verdict::skipped(why),
    };
    let wrong: Vec<String> = subnets
        .iter()
        .filter_map(|s| {
            role_tag(s).filter(|(_, v)| !role_tag_value_matches(v)).map(|(k, v)| format!("{} {k}={v}", s.subnet.id))
        })
        .collect();
    if wrong.is_empty() {
        return Verdict::pass("every role tag is 1 or empty");
    }
    Verdict::fail(format!("{}: the controller only matches the value 1 (or empty)", wrong.join(", ")))
}

/// NET005. The controller skips subnets tagged for other clusters only. A subnet other clusters
/// share (`shared`) fails: `subnets tag` adds this cluster's `shared` tag beside theirs. A subnet
/// another cluster owns (`owned`) is not albctl's to change: a warning while the usable subnets
/// of each scheme still span two Availability Zones, a failure when they no longer do.
pub fn not_other_cluster(facts: &Facts) -> Verdict {
    let subnets = match subnets(facts) {
        Ok(s) => s,
        Err(why) => return Verdict::skipped(why),
    };
    let cluster = &facts.target.cluster;
    let mut shared = Vec::new();
    let mut owned = Vec::new();
    for s in subnets {
        match foreign_claim(&s.subnet.tags, cluster) {
            ForeignClaim::None => {}
            ForeignClaim::Shared(names) => shared.push(format!("{} (shared with {})", s.subnet.id, names.join(", "))),
            ForeignClaim::Owned(names) => owned.push((s, names.join(", "))),
        }
    }
    if !shared.is_empty() {
        return Verdict::fail(format!(
            "{}: tagged for other clusters only, so the controller of {cluster} skips them; \
             adding kubernetes.io/cluster/{cluster}=shared beside their tags makes them usable",
            shared.join(", ")
        ));
    }
    if owned.is_empty() {
        return Verdict::pass("no subnet is tagged only for another cluster");
    }
    let owned_text = owned.iter().map(|(s, by)| format!("{} (owned by {by})", s.subnet.id)).collect::<Vec<_>>();
    let mut short = Vec::new();
    let mut spans = Vec::new();
    for scheme in [Scheme::Public, Scheme::Private] {
        if !owned.iter().any(|(s, _)| s.scheme == scheme) {
            continue;
        }
        let key = scheme.role_tag();
        let zones: BTreeSet<&str> = subnets
            .iter()
            .filter(|s| s.scheme == scheme && s.subnet.tags.get(key).is_some_and(|v| role_tag_value_matches(v)))
            .filter(|s| foreign_claim(&s.subnet.tags, cluster) == ForeignClaim::None)
            .map(|s| s.subnet.availability_zone.as_str())
            .collect();
        let names = zones.iter().copied().collect::<Vec<_>>().join(", ");
        if zones.len() < 2 {
            short.push(format!("usable {} subnets span {} AZ(s) ({names})", scheme.as_str(), zones.len()));
        } else {
            spans.push(format!("usable {} subnets span {names}", scheme.as_str()));
        }
    }
    if !short.is_empty() {
        return Verdict::fail(format!(
            "{}: the controller of {cluster} does not use subnets another cluster owns, and {}; \
             an Application Load Balancer needs subnets in 2 Availability Zones",
            owned_text.join(", "),
            short.join("; ")
        ))
        .with_fix(format!(
            "albctl subnets tag --cluster {cluster} --public-subnets/--private-subnets naming subnets of this cluster in another Availability Zone"
        ));
    }
    Verdict::warn(format!(
        "{}: the controller of {cluster} does not use subnets another cluster owns (left alone); {}",
        owned_text.join(", "),
        spans.join("; ")
    ))
}

/// NET006.
pub fn free_addresses(facts: &Facts) -> Verdict {
    let subnets = match subnets(facts) {
        Ok(s) => s,
        Err(why) => return Verdict::skipped(why),
    };
    let low: Vec<String> = subnets
        .iter()
        .filter(|s| role_tag(s).is_some())
        .filter_map(|s| {
            let free = s.subnet.available_ips?;
            (free < MIN_FREE_IPS).then(|| format!("{} has {free}", s.subnet.id))
        })
        .collect();
    if low.is_empty() {
        return Verdict::pass(format!("every role-tagged subnet has at least {MIN_FREE_IPS} free addresses"));
    }
    Verdict::warn(format!(
        "{} free addresses; a load balancer needs {MIN_FREE_IPS} in each of its subnets",
        low.join(", ")
    ))
}

fn nodes(facts: &Facts) -> Result<(&[NodeInstance], &[SecurityGroupState]), String> {
    let nodes = facts.aws.nodes.get()?;
    if nodes.is_empty() {
        return Err(format!(
            "no EC2 instances tagged for cluster {} in its VPC (Fargate only, or no nodes yet)",
            facts.target.cluster
        ));
    }
    Ok((nodes, facts.aws.security_groups.get()?))
}

/// NET007.
pub fn webhook_port_open(facts: &Facts) -> Verdict {
    let (nodes, groups) = match nodes(facts) {
        Ok(x) => x,
        Err(why) => return Verdict::skipped(why),
    };
    let Some(cluster_sg) = facts.aws.cluster.cluster_security_group_id.as_deref() else {
        return Verdict::skipped("DescribeCluster names no cluster security group");
    };
    let admits = |group_id: &str| -> bool {
        group_id == cluster_sg
            || groups.iter().filter(|g| g.id == group_id).any(|g| {
                g.group_grants
                    .iter()
                    .any(|r| r.admits_tcp(WEBHOOK_PORT) && (r.source_group == cluster_sg || r.source_group == group_id))
                    || g.cidr_grants.iter().any(|r| r.admits_tcp(WEBHOOK_PORT) && r.cidr == "0.0.0.0/0")
            })
    };
    let mut closed = Vec::new();
    for node in nodes {
        let node_groups: BTreeSet<&str> =
            node.eni_groups.iter().flat_map(|(_, g)| g.iter().map(String::as_str)).collect();
        if !node_groups.iter().any(|g| admits(g)) {
            closed.push(format!("{} ({})", node.id, node_groups.into_iter().collect::<Vec<_>>().join(", ")));
        }
    }
    if closed.is_empty() {
        return Verdict::pass(format!("{} node(s) admit {WEBHOOK_PORT} from {cluster_sg}", nodes.len()));
    }
    Verdict::fail(format!(
        "nodes {} do not admit TCP {WEBHOOK_PORT} from the cluster security group {cluster_sg}: \
         the API server cannot call the webhook (context deadline exceeded)",
        closed.join(", ")
    ))
    .with_fix(format!(
        "aws ec2 authorize-security-group-ingress --group-id <node group> --protocol tcp --port {WEBHOOK_PORT} --source-group {cluster_sg}"
    ))
}

/// NET008.
pub fn one_tagged_group(facts: &Facts) -> Verdict {
    let (nodes, groups) = match nodes(facts) {
        Ok(x) => x,
        Err(why) => return Verdict::skipped(why),
    };
    let key = format!("{CLUSTER_TAG_PREFIX}{}", facts.target.cluster);
    let tagged = |id: &str| groups.iter().any(|g| g.id == id && g.tags.contains_key(&key));
    let mut bad = Vec::new();
    for node in nodes {
        for (eni, eni_groups) in &node.eni_groups {
            if eni_groups.len() < 2 {
                continue;
            }
            let with_tag: Vec<&str> = eni_groups.iter().map(String::as_str).filter(|g| tagged(g)).collect();
            if with_tag.len() != 1 {
                bad.push(format!(
                    "{} {eni}: {} groups, {} tagged {key} ({})",
                    node.id,
                    eni_groups.len(),
                    with_tag.len(),
                    if with_tag.is_empty() { eni_groups.join(", ") } else { with_tag.join(", ") }
                ));
            }
        }
    }
    if bad.is_empty() {
        return Verdict::pass(format!("{} node(s): one security group per ENI or exactly one tagged", nodes.len()));
    }
    Verdict::fail(format!(
        "{}: the controller expects exactly one security group tagged {key} on a node ENI with several",
        bad.join("; ")
    ))
}

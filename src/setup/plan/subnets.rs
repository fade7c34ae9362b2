//! The subnet steps: the role tags the controller's discovery needs (and the opt-in cluster tag),
//! and warnings about what discovery would get wrong that albctl leaves alone.

use std::collections::{BTreeMap, BTreeSet};

use super::{Action, Op, Plan, Resource, Step};
use crate::model::CLUSTER_TAG_PREFIX;
use crate::model::subnets::{
    ClassifiedSubnet, ForeignClaim, MIN_FREE_IPS, Scheme, foreign_claim, role_tag_value_matches,
};
use crate::setup::desired::SubnetTagSpec;

/// Role tags (and the opt-in cluster tag) on every candidate subnet, plus warnings about
/// discovery problems albctl does not fix by itself.
pub fn plan_subnet_tags(spec: &SubnetTagSpec, subnets: &[ClassifiedSubnet]) -> Plan {
    let mut plan = Plan::default();
    let cluster_key = spec.cluster_tag_key();
    let marker_key = spec.marker_key();
    let mut left_alone: BTreeSet<&str> = BTreeSet::new();
    for c in subnets {
        let tags = &c.subnet.tags;
        if let (ForeignClaim::Owned(owners), None) = (foreign_claim(tags, &spec.cluster), spec.cluster_tag) {
            let owners = owners.join(", ");
            plan.steps.push(Step::noop(
                Resource::SubnetTags,
                &c.subnet.id,
                format!(
                    "{} ({}); owned by cluster {owners}: left alone, and this cluster's controller does not use it",
                    c.scheme.as_str(),
                    c.evidence
                ),
            ));
            plan.warnings.push(format!(
                "subnet {} is owned by cluster {owners} (kubernetes.io/cluster/{owners}=owned): albctl leaves it alone \
                 and this cluster's load balancers do not use it (--cluster-tag shared tags it all the same)",
                c.subnet.id
            ));
            left_alone.insert(c.subnet.id.as_str());
            continue;
        }
        let role_key = c.scheme.role_tag();
        let mut set = BTreeMap::new();
        let mut added = Vec::new();
        let mut details = Vec::new();
        match tags.get(role_key) {
            None => {
                set.insert(role_key.to_string(), "1".to_string());
                added.push(role_key.to_string());
                details.push(format!("+ {role_key}=1"));
                // NB: since v2.13 the controller would infer the scheme from the route table when no
                // subnet has the role tag; the tag makes the choice explicit and stable.
                details.push(
                    "note: explicit beats inferred: untagged, the controller would pick subnets by route table".into(),
                );
            }
            Some(v) if !role_tag_value_matches(v) => {
                set.insert(role_key.to_string(), "1".to_string());
                details.push(format!("~ {role_key}: '{v}' -> '1' (the controller only matches '1' or '')"));
            }
            Some(_) => {}
        }
        let other_clusters: Vec<&str> = tags
            .keys()
            .filter_map(|k| k.strip_prefix(CLUSTER_TAG_PREFIX))
            .filter(|name| *name != spec.cluster)
            .collect();
        let claim = foreign_claim(tags, &spec.cluster);
        let cluster_tag = match (&claim, spec.cluster_tag) {
            (_, Some(t)) => Some(t.as_str()),
            // NB: the controller skips subnets tagged for other clusters only; where they share
            // the subnet, this cluster's `shared` tag beside theirs makes it usable here too.
            (ForeignClaim::Shared(_), None) => Some("shared"),
            _ => None,
        };
        if let Some(value) = cluster_tag {
            match tags.get(&cluster_key) {
                None => {
                    set.insert(cluster_key.clone(), value.to_string());
                    added.push(cluster_key.clone());
                    details.push(format!("+ {cluster_key}={value}"));
                    if !other_clusters.is_empty() {
                        details.push(format!(
                            "note: also tagged for cluster(s) {} (kept); the controller skips subnets tagged for other clusters only",
                            other_clusters.join(", ")
                        ));
                    } else {
                        plan.warnings.push(format!(
                            "subnet {}: adding {cluster_key} hides it from the discovery of other clusters that rely on untagged subnets",
                            c.subnet.id
                        ));
                    }
                }
                Some(v) if v != value && spec.cluster_tag.is_some() => {
                    set.insert(cluster_key.clone(), value.to_string());
                    details.push(format!("~ {cluster_key}: '{v}' -> '{value}'"));
                }
                Some(_) => {}
            }
        }
        let opposite = match c.scheme {
            Scheme::Public => Scheme::Private.role_tag(),
            Scheme::Private => Scheme::Public.role_tag(),
        };
        if tags.contains_key(opposite) {
            plan.warnings.push(format!(
                "subnet {} is {} but also carries {opposite} (left as is)",
                c.subnet.id,
                c.scheme.as_str()
            ));
        }
        if let Some(ips) = c.subnet.available_ips.filter(|n| *n < MIN_FREE_IPS) {
            plan.warnings.push(format!(
                "subnet {} has only {ips} free IP addresses; load balancers need at least {MIN_FREE_IPS}",
                c.subnet.id
            ));
        }
        if !added.is_empty() {
            let mut recorded: BTreeSet<String> = tags
                .get(&marker_key)
                .map(|v| v.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect())
                .unwrap_or_default();
            recorded.extend(added.iter().cloned());
            set.insert(marker_key.clone(), recorded.into_iter().collect::<Vec<_>>().join(","));
        }
        let reason = format!("{} ({})", c.scheme.as_str(), c.evidence);
        if set.is_empty() {
            plan.steps.push(Step::noop(Resource::SubnetTags, &c.subnet.id, reason));
            continue;
        }
        let action = if added.iter().any(|k| k == role_key) { Action::Create } else { Action::Update };
        plan.steps.push(Step {
            resource: Resource::SubnetTags,
            id: c.subnet.id.clone(),
            action,
            reason,
            details,
            op: Op::TagSubnet { subnet_id: c.subnet.id.clone(), tags: set },
        });
    }
    for scheme in [Scheme::Public, Scheme::Private] {
        let azs: BTreeSet<&str> = subnets
            .iter()
            .filter(|c| c.scheme == scheme && !left_alone.contains(c.subnet.id.as_str()))
            .map(|c| c.subnet.availability_zone.as_str())
            .collect();
        if azs.len() < 2 {
            let kind = match scheme {
                Scheme::Public => "internet-facing",
                Scheme::Private => "internal",
            };
            plan.warnings.push(format!(
                "{} {} subnet AZ(s) ({}): {kind} ALBs need subnets in at least 2 AZs",
                azs.len(),
                scheme.as_str(),
                azs.iter().copied().collect::<Vec<_>>().join(", ")
            ));
        }
    }
    plan
}

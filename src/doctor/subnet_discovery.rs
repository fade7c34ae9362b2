//! Subnet discovery as the pinned controller (v3.5.0) does it, for doctor's NET checks. Pure.
//!
//! From `pkg/networking/subnet_resolver.go` at v3.5.0 (`ResolveViaDiscovery`): the candidates are
//! the VPC's subnets whose role tag (`kubernetes.io/role/elb` for internet-facing,
//! `kubernetes.io/role/internal-elb` for internal) has the value `1` or is empty. Only when no
//! subnet matches (and the feature gate `SubnetDiscoveryByReachability`, on by default, is on) are
//! the candidates the VPC's subnets whose route table (explicit association, else the main table)
//! does (internet-facing) or does not (internal) route to an `igw-` gateway. A candidate is
//! eligible unless it is tagged for other clusters only (`kubernetes.io/cluster/<other>`) or has
//! fewer than 8 free addresses; one subnet per Availability Zone is chosen (one with this
//! cluster's tag first, then the lowest id). An Application Load Balancer needs two zones.

use std::collections::BTreeMap;

use crate::model::subnets::{
    ClassifiedSubnet, ForeignClaim, MIN_FREE_IPS, Scheme, foreign_claim, role_tag_value_matches,
};

/// How the candidates were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// By the role tag.
    RoleTag,
    /// No subnet had the role tag: by route tables.
    Reachability,
}

/// What discovery finds for one scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Discovery {
    /// How the candidates were found.
    pub found: Found,
    /// The chosen subnet per Availability Zone (zone -> subnet id).
    pub chosen: BTreeMap<String, String>,
    /// Candidates left out, with the reason.
    pub excluded: Vec<(String, String)>,
}

impl Discovery {
    /// Whether an Application Load Balancer of this scheme can be made (two zones).
    pub fn enough_for_alb(&self) -> bool {
        self.chosen.len() >= 2
    }

    /// `subnet (zone)` list of the chosen subnets.
    pub fn chosen_text(&self) -> String {
        if self.chosen.is_empty() {
            return "none".into();
        }
        self.chosen.iter().map(|(az, id)| format!("{id} ({az})")).collect::<Vec<_>>().join(", ")
    }
}

/// Discovers the subnets of `scheme` among the VPC's `subnets` the way v3.5.0 does.
pub fn discover(subnets: &[ClassifiedSubnet], scheme: Scheme, cluster: &str) -> Discovery {
    let key = scheme.role_tag();
    let tagged: Vec<&ClassifiedSubnet> =
        subnets.iter().filter(|s| s.subnet.tags.get(key).is_some_and(|v| role_tag_value_matches(v))).collect();
    let (found, candidates) = if tagged.is_empty() {
        (Found::Reachability, subnets.iter().filter(|s| s.scheme == scheme).collect())
    } else {
        (Found::RoleTag, tagged)
    };
    let own_tag = format!("{}{cluster}", crate::model::CLUSTER_TAG_PREFIX);
    let mut excluded = Vec::new();
    let mut by_zone: BTreeMap<String, Vec<&ClassifiedSubnet>> = BTreeMap::new();
    for s in candidates {
        if foreign_claim(&s.subnet.tags, cluster) != ForeignClaim::None {
            excluded.push((s.subnet.id.clone(), "tagged for other clusters only".to_string()));
        } else if s.subnet.available_ips.is_some_and(|n| n < MIN_FREE_IPS) {
            let n = s.subnet.available_ips.unwrap_or_default();
            excluded.push((s.subnet.id.clone(), format!("{n} free addresses (< {MIN_FREE_IPS})")));
        } else {
            by_zone.entry(s.subnet.availability_zone.clone()).or_default().push(s);
        }
    }
    let chosen = by_zone
        .into_iter()
        .map(|(az, mut list)| {
            list.sort_by_key(|s| (!s.subnet.tags.contains_key(&own_tag), s.subnet.id.clone()));
            (az, list[0].subnet.id.clone())
        })
        .collect();
    Discovery { found, chosen, excluded }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untagged_subnets_are_found_by_their_routes() {
        let vpc = [
            ClassifiedSubnet::fixture("subnet-a", "az-a", Scheme::Public, &[]),
            ClassifiedSubnet::fixture("subnet-b", "az-b", Scheme::Public, &[]),
            ClassifiedSubnet::fixture("subnet-c", "az-a", Scheme::Private, &[]),
        ];
        let d = discover(&vpc, Scheme::Public, "demo");
        assert_eq!(d.found, Found::Reachability);
        assert!(d.enough_for_alb(), "{d:?}");
        let d = discover(&vpc, Scheme::Private, "demo");
        assert_eq!((d.found, d.chosen.len()), (Found::Reachability, 1));
    }

    #[test]
    fn a_role_tag_anywhere_turns_the_fallback_off() {
        let vpc = [
            ClassifiedSubnet::fixture("subnet-a", "az-a", Scheme::Public, &[("kubernetes.io/role/elb", "1")]),
            ClassifiedSubnet::fixture("subnet-b", "az-b", Scheme::Public, &[]),
        ];
        let d = discover(&vpc, Scheme::Public, "demo");
        assert_eq!(d.found, Found::RoleTag);
        assert!(!d.enough_for_alb(), "only the tagged subnet counts: {d:?}");
        // A value other than 1 or empty does not match, so the fallback applies.
        let vpc = [
            ClassifiedSubnet::fixture("subnet-a", "az-a", Scheme::Public, &[("kubernetes.io/role/elb", "true")]),
            ClassifiedSubnet::fixture("subnet-b", "az-b", Scheme::Public, &[]),
        ];
        assert_eq!(discover(&vpc, Scheme::Public, "demo").found, Found::Reachability);
    }

    #[test]
    fn public_subnets_in_one_zone_are_not_enough() {
        let vpc = [
            ClassifiedSubnet::fixture("subnet-a", "az-a", Scheme::Public, &[]),
            ClassifiedSubnet::fixture("subnet-b", "az-a", Scheme::Public, &[]),
        ];
        let d = discover(&vpc, Scheme::Public, "demo");
        assert!(!d.enough_for_alb());
        assert_eq!(d.chosen.get("az-a").map(String::as_str), Some("subnet-a"), "lowest id wins");
    }

    #[test]
    fn other_clusters_and_full_subnets_are_excluded_and_own_tag_preferred() {
        let mut full = ClassifiedSubnet::fixture("subnet-f", "az-c", Scheme::Public, &[]);
        full.subnet.available_ips = Some(3);
        let vpc = [
            ClassifiedSubnet::fixture("subnet-a", "az-a", Scheme::Public, &[("kubernetes.io/cluster/other", "owned")]),
            ClassifiedSubnet::fixture("subnet-b", "az-b", Scheme::Public, &[]),
            ClassifiedSubnet::fixture("subnet-z", "az-b", Scheme::Public, &[("kubernetes.io/cluster/demo", "shared")]),
            full,
        ];
        let d = discover(&vpc, Scheme::Public, "demo");
        assert_eq!(d.chosen.len(), 1);
        assert_eq!(d.chosen.get("az-b").map(String::as_str), Some("subnet-z"));
        assert_eq!(d.excluded.len(), 2, "{d:?}");
    }
}

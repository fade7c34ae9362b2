//! Subnet classification, as the controller's discovery sees subnets: public or private by
//! route table, and which role-tag values it matches. Pure; shared by setup, doctor and teardown.

use serde::Serialize;

use super::observed::{RouteTableState, SubnetState};
use std::collections::BTreeMap;

use super::{CLUSTER_TAG_PREFIX, PRIVATE_ROLE_TAG, PUBLIC_ROLE_TAG};

/// The controller's minimum of free addresses in a subnet (`defaultMinimalAvailableIPAddressCount`):
/// discovery skips a subnet with fewer, and a load balancer needs this many in each of its subnets.
pub const MIN_FREE_IPS: i32 = 8;

/// Whether a subnet is for internet-facing or internal load balancers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    /// Has a route to an internet gateway.
    Public,
    /// No route to an internet gateway.
    Private,
}

impl Scheme {
    /// The role tag the controller discovers this scheme's subnets by.
    pub fn role_tag(self) -> &'static str {
        match self {
            Scheme::Public => PUBLIC_ROLE_TAG,
            Scheme::Private => PRIVATE_ROLE_TAG,
        }
    }

    /// `public` / `private`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Public => "public",
            Scheme::Private => "private",
        }
    }
}

/// A subnet with its scheme and the evidence for it.
#[derive(Debug, Clone, Serialize)]
pub struct ClassifiedSubnet {
    /// What EC2 says of it (id, VPC, zone, CIDR, tags), flattened into the JSON object.
    #[serde(flatten)]
    pub subnet: SubnetState,
    /// Public or private.
    pub scheme: Scheme,
    /// Why that scheme, in words: `--public-subnets`/`--private-subnets`, or its route table's routes.
    pub evidence: String,
}

#[cfg(test)]
impl ClassifiedSubnet {
    /// A subnet of `vpc-1` with room for load balancers (4000 free addresses), for unit tests.
    pub fn fixture(id: &str, az: &str, scheme: Scheme, tags: &[(&str, &str)]) -> ClassifiedSubnet {
        ClassifiedSubnet {
            subnet: SubnetState {
                id: id.into(),
                vpc_id: "vpc-1".into(),
                availability_zone: az.into(),
                cidr: None,
                available_ips: Some(4000),
                tags: tags.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
                map_public_ip_on_launch: false,
            },
            scheme,
            evidence: "test".into(),
        }
    }
}

/// Classifies subnets by their route table (explicit association, else the VPC's main table):
/// public when it routes to an `igw-` gateway. Subnets named in `public`/`private` take that
/// scheme regardless.
pub fn classify_subnets(
    subnets: &[SubnetState],
    route_tables: &[RouteTableState],
    public: &[String],
    private: &[String],
) -> Vec<ClassifiedSubnet> {
    let mut out: Vec<ClassifiedSubnet> = subnets
        .iter()
        .map(|s| {
            if public.contains(&s.id) {
                return ClassifiedSubnet {
                    subnet: s.clone(),
                    scheme: Scheme::Public,
                    evidence: "--public-subnets".into(),
                };
            }
            if private.contains(&s.id) {
                return ClassifiedSubnet {
                    subnet: s.clone(),
                    scheme: Scheme::Private,
                    evidence: "--private-subnets".into(),
                };
            }
            let explicit = route_tables.iter().find(|t| t.subnet_ids.contains(&s.id));
            let (table, how) = match explicit {
                Some(t) => (Some(t), "explicitly associated"),
                None => (route_tables.iter().find(|t| t.main && t.vpc_id == s.vpc_id), "VPC main"),
            };
            let Some(table) = table else {
                return ClassifiedSubnet {
                    subnet: s.clone(),
                    scheme: Scheme::Private,
                    evidence: "no route table found: no route to an internet gateway".into(),
                };
            };
            match table.routes.iter().find(|(_, target)| target.starts_with("igw-")) {
                Some((dest, igw)) => ClassifiedSubnet {
                    subnet: s.clone(),
                    scheme: Scheme::Public,
                    evidence: format!("route table {} ({how}) routes {dest} to {igw}", table.id),
                },
                None => {
                    let default = table
                        .routes
                        .iter()
                        .find(|(dest, _)| dest == "0.0.0.0/0")
                        .map(|(_, t)| format!("0.0.0.0/0 goes to {t}"))
                        .unwrap_or_else(|| "no default route".into());
                    ClassifiedSubnet {
                        subnet: s.clone(),
                        scheme: Scheme::Private,
                        evidence: format!("route table {} ({how}) has no internet gateway route; {default}", table.id),
                    }
                }
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.scheme, &a.subnet.availability_zone, &a.subnet.id).cmp(&(
            b.scheme,
            &b.subnet.availability_zone,
            &b.subnet.id,
        ))
    });
    out
}

/// Values of a role tag that the controller's discovery matches.
pub fn role_tag_value_matches(value: &str) -> bool {
    value == "1" || value.is_empty()
}

/// How other clusters' `kubernetes.io/cluster/<name>` tags claim a subnet, as this cluster's
/// controller sees it: it skips a subnet tagged for other clusters unless the subnet is also
/// tagged for its own cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ForeignClaim {
    /// Tagged for this cluster, or for no cluster: usable.
    None,
    /// Tagged `shared` for other clusters only: skipped until this cluster's `shared` tag is
    /// added beside theirs.
    Shared(Vec<String>),
    /// Tagged `owned` by another cluster: skipped, and not albctl's to change.
    Owned(Vec<String>),
}

/// The claim other clusters' tags make on a subnet with these tags, for `cluster`.
pub fn foreign_claim(tags: &BTreeMap<String, String>, cluster: &str) -> ForeignClaim {
    if tags.contains_key(&format!("{CLUSTER_TAG_PREFIX}{cluster}")) {
        return ForeignClaim::None;
    }
    let others: Vec<(&str, &str)> = tags
        .iter()
        .filter_map(|(k, v)| k.strip_prefix(CLUSTER_TAG_PREFIX).map(|name| (name, v.as_str())))
        .filter(|(name, _)| *name != cluster)
        .collect();
    if others.is_empty() {
        return ForeignClaim::None;
    }
    let owners: Vec<String> = others.iter().filter(|(_, v)| *v == "owned").map(|(n, _)| n.to_string()).collect();
    if owners.is_empty() {
        ForeignClaim::Shared(others.iter().map(|(n, _)| n.to_string()).collect())
    } else {
        ForeignClaim::Owned(owners)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn subnet(id: &str, az: &str) -> SubnetState {
        SubnetState {
            id: id.into(),
            vpc_id: "vpc-1".into(),
            availability_zone: az.into(),
            cidr: None,
            available_ips: Some(100),
            tags: BTreeMap::new(),
            map_public_ip_on_launch: false,
        }
    }

    fn table(id: &str, main: bool, subnets: &[&str], routes: &[(&str, &str)]) -> RouteTableState {
        RouteTableState {
            id: id.into(),
            vpc_id: "vpc-1".into(),
            main,
            subnet_ids: subnets.iter().map(|s| s.to_string()).collect(),
            routes: routes.iter().map(|(d, t)| (d.to_string(), t.to_string())).collect(),
        }
    }

    #[test]
    fn classify_uses_explicit_association_then_main_table() {
        let subnets = [subnet("subnet-a", "a"), subnet("subnet-b", "b"), subnet("subnet-c", "c")];
        let tables = [
            table("rtb-pub", false, &["subnet-a"], &[("10.0.0.0/16", "local"), ("0.0.0.0/0", "igw-1")]),
            table("rtb-priv", false, &["subnet-b"], &[("0.0.0.0/0", "nat-1")]),
            table("rtb-main", true, &[], &[("0.0.0.0/0", "igw-1")]),
        ];
        let c = classify_subnets(&subnets, &tables, &[], &[]);
        let by_id = |id: &str| c.iter().find(|s| s.subnet.id == id).unwrap();
        assert_eq!(by_id("subnet-a").scheme, Scheme::Public);
        assert_eq!(by_id("subnet-b").scheme, Scheme::Private);
        assert!(by_id("subnet-b").evidence.contains("nat-1"), "{}", by_id("subnet-b").evidence);
        assert_eq!(by_id("subnet-c").scheme, Scheme::Public);
        assert!(by_id("subnet-c").evidence.contains("VPC main"));
    }

    #[test]
    fn explicit_lists_override_routes() {
        let subnets = [subnet("subnet-a", "a")];
        let tables = [table("rtb", true, &[], &[("0.0.0.0/0", "igw-1")])];
        let c = classify_subnets(&subnets, &tables, &[], &["subnet-a".into()]);
        assert_eq!(c[0].scheme, Scheme::Private);
    }

    #[test]
    fn role_tag_values() {
        assert!(role_tag_value_matches("1"));
        assert!(role_tag_value_matches(""));
        assert!(!role_tag_value_matches("true"));
    }

    #[test]
    fn foreign_claims_by_value() {
        let tags = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
        };
        assert_eq!(foreign_claim(&tags(&[]), "demo"), ForeignClaim::None);
        assert_eq!(
            foreign_claim(&tags(&[("kubernetes.io/cluster/a", "shared")]), "demo"),
            ForeignClaim::Shared(vec!["a".into()])
        );
        assert_eq!(
            foreign_claim(
                &tags(&[("kubernetes.io/cluster/a", "shared"), ("kubernetes.io/cluster/b", "owned")]),
                "demo"
            ),
            ForeignClaim::Owned(vec!["b".into()])
        );
        assert_eq!(
            foreign_claim(
                &tags(&[("kubernetes.io/cluster/a", "owned"), ("kubernetes.io/cluster/demo", "shared")]),
                "demo"
            ),
            ForeignClaim::None
        );
    }
}

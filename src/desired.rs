//! Desired state: pure functions from the resolved inputs to what AWS should hold.
//!
//! No SDK clients, no I/O: every function here is a value transformation, tested in-file.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use crate::cli::ClusterTag;
use crate::model::{
    self, CLUSTER_NAME_TAG, CLUSTER_TAG_PREFIX, MANAGED_BY_TAG, POD_IDENTITY_SERVICE, PRIVATE_ROLE_TAG,
    PUBLIC_ROLE_TAG, Partition, STS_AUDIENCE,
};
use crate::observed::{RouteTableState, SubnetState};

/// Tags albctl puts on the IAM resources it creates for a cluster.
pub fn desired_iam_tags(cluster: &str) -> BTreeMap<String, String> {
    BTreeMap::from([
        (MANAGED_BY_TAG.0.to_string(), MANAGED_BY_TAG.1.to_string()),
        (CLUSTER_NAME_TAG.to_string(), cluster.to_string()),
    ])
}

/// The cluster's IAM OIDC provider.
#[derive(Debug, Clone, Serialize)]
pub struct OidcSpec {
    /// Deterministic ARN.
    pub arn: String,
    /// Issuer URL.
    pub url: String,
    /// Client ids that must be present.
    pub client_ids: Vec<String>,
    /// Tags for creation.
    pub tags: BTreeMap<String, String>,
}

/// Desired OIDC provider for an issuer.
pub fn desired_oidc(partition: Partition, account: &str, cluster: &str, issuer: &str) -> OidcSpec {
    OidcSpec {
        arn: model::oidc_provider_arn(partition, account, issuer),
        url: issuer.trim_end_matches('/').to_string(),
        client_ids: vec![STS_AUDIENCE.to_string()],
        tags: desired_iam_tags(cluster),
    }
}

/// The controller's managed policy.
#[derive(Debug, Clone, Serialize)]
pub struct PolicySpec {
    /// Policy name.
    pub name: String,
    /// Deterministic ARN.
    pub arn: String,
    /// The embedded document (as sent to IAM).
    #[serde(skip)]
    pub document_text: String,
    /// The embedded document, parsed.
    #[serde(skip)]
    pub document: Value,
    /// Tags for creation.
    pub tags: BTreeMap<String, String>,
}

/// Desired controller policy for the caller's partition.
pub fn desired_policy(partition: Partition, account: &str, cluster: Option<&str>, name: &str) -> PolicySpec {
    let mut tags = BTreeMap::from([(MANAGED_BY_TAG.0.to_string(), MANAGED_BY_TAG.1.to_string())]);
    if let Some(cluster) = cluster {
        tags.insert(CLUSTER_NAME_TAG.to_string(), cluster.to_string());
    }
    PolicySpec {
        name: name.to_string(),
        arn: model::policy_arn(partition, account, name),
        document_text: crate::policy::embedded_text(partition).to_string(),
        document: crate::policy::embedded_document(partition),
        tags,
    }
}

/// Who may assume the controller's role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum TrustPrincipal {
    /// IRSA: the cluster's OIDC provider, for one ServiceAccount.
    Irsa {
        /// Provider ARN.
        provider_arn: String,
        /// Issuer host+path (condition key prefix).
        issuer_host_path: String,
        /// `system:serviceaccount:<ns>:<sa>`.
        subject: String,
    },
    /// EKS Pod Identity.
    PodIdentity,
}

impl TrustPrincipal {
    /// The one trust statement albctl wants for this principal.
    pub fn statement(&self) -> Value {
        match self {
            TrustPrincipal::Irsa { provider_arn, issuer_host_path, subject } => json!({
                "Effect": "Allow",
                "Principal": { "Federated": provider_arn },
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": { "StringEquals": {
                    format!("{issuer_host_path}:sub"): subject,
                    format!("{issuer_host_path}:aud"): STS_AUDIENCE,
                }},
            }),
            TrustPrincipal::PodIdentity => json!({
                "Effect": "Allow",
                "Principal": { "Service": POD_IDENTITY_SERVICE },
                "Action": ["sts:AssumeRole", "sts:TagSession"],
            }),
        }
    }

    /// Whether an existing trust statement is about this principal (and so is albctl's to fix).
    pub fn owns_statement(&self, statement: &Value) -> bool {
        let principal = statement.get("Principal");
        match self {
            TrustPrincipal::Irsa { provider_arn, .. } => {
                string_or_list(principal.and_then(|p| p.get("Federated"))).iter().any(|f| f == provider_arn)
            }
            TrustPrincipal::PodIdentity => {
                string_or_list(principal.and_then(|p| p.get("Service"))).iter().any(|s| s == POD_IDENTITY_SERVICE)
            }
        }
    }

    /// Short description for messages.
    pub fn describe(&self) -> String {
        match self {
            TrustPrincipal::Irsa { provider_arn, subject, .. } => format!("{subject} via {provider_arn}"),
            TrustPrincipal::PodIdentity => format!("EKS Pod Identity ({POD_IDENTITY_SERVICE})"),
        }
    }
}

/// A JSON string or list of strings, as IAM documents allow.
pub fn string_or_list(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
        _ => vec![],
    }
}

/// The controller's IAM role.
#[derive(Debug, Clone, Serialize)]
pub struct RoleSpec {
    /// Role name.
    pub name: String,
    /// Deterministic ARN.
    pub arn: String,
    /// Trust principal.
    pub principal: TrustPrincipal,
    /// ARN of the policy to attach.
    pub policy_arn: String,
    /// Tags for creation.
    pub tags: BTreeMap<String, String>,
    /// Cluster the role is for.
    pub cluster: String,
}

/// Desired IRSA principal.
pub fn desired_irsa_principal(oidc: &OidcSpec, namespace: &str, service_account: &str) -> TrustPrincipal {
    TrustPrincipal::Irsa {
        provider_arn: oidc.arn.clone(),
        issuer_host_path: model::issuer_host_path(&oidc.url).to_string(),
        subject: format!("system:serviceaccount:{namespace}:{service_account}"),
    }
}

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
    /// The subnet.
    #[serde(flatten)]
    pub subnet: SubnetState,
    /// Public or private.
    pub scheme: Scheme,
    /// Why.
    pub evidence: String,
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

/// The subnet tags albctl wants for a cluster.
#[derive(Debug, Clone)]
pub struct SubnetTagSpec {
    /// Cluster name.
    pub cluster: String,
    /// Opt-in cluster tag value.
    pub cluster_tag: Option<ClusterTag>,
}

impl SubnetTagSpec {
    /// `kubernetes.io/cluster/<cluster>`.
    pub fn cluster_tag_key(&self) -> String {
        format!("{CLUSTER_TAG_PREFIX}{}", self.cluster)
    }

    /// The marker tag recording which keys albctl added on a subnet for this cluster.
    pub fn marker_key(&self) -> String {
        format!("{}{}", model::SUBNET_MARKER_TAG_PREFIX, self.cluster)
    }
}

#[cfg(test)]
mod tests {
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
    fn irsa_statement_is_exact() {
        let oidc = desired_oidc(Partition::Aws, "111122223333", "c", "https://oidc.eks.us-west-2.amazonaws.com/id/X");
        let p = desired_irsa_principal(&oidc, "kube-system", "aws-load-balancer-controller");
        let s = p.statement();
        assert_eq!(s["Principal"]["Federated"], oidc.arn);
        assert_eq!(
            s["Condition"]["StringEquals"]["oidc.eks.us-west-2.amazonaws.com/id/X:sub"],
            "system:serviceaccount:kube-system:aws-load-balancer-controller"
        );
        assert_eq!(s["Condition"]["StringEquals"]["oidc.eks.us-west-2.amazonaws.com/id/X:aud"], "sts.amazonaws.com");
        assert!(p.owns_statement(&s));
        assert!(!TrustPrincipal::PodIdentity.owns_statement(&s));
    }

    #[test]
    fn role_tag_values() {
        assert!(role_tag_value_matches("1"));
        assert!(role_tag_value_matches(""));
        assert!(!role_tag_value_matches("true"));
    }
}

//! What albctl read from AWS: the `*State` types the planner diffs against.
//!
//! Plain data, filled by `aws/` and read by `plan`; nothing here calls AWS.

use std::collections::BTreeMap;

use serde::Serialize;

/// The EKS cluster as DescribeCluster (and, for a missing VPC id, its subnets) tells it.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterInfo {
    /// The name DescribeCluster was asked for (`--cluster`, or one a fleet run listed).
    pub name: String,
    /// Cluster ARN.
    pub arn: String,
    /// Kubernetes version, e.g. `1.30`.
    pub version: Option<String>,
    /// Status, e.g. `ACTIVE`.
    pub status: Option<String>,
    /// API server endpoint.
    pub endpoint: Option<String>,
    /// Base64 PEM of the cluster CA.
    #[serde(skip)]
    pub certificate_authority: Option<String>,
    /// OIDC issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/<ID>`).
    pub issuer: Option<String>,
    /// VPC id (derived from the subnets when DescribeCluster lacks it).
    pub vpc_id: String,
    /// Subnets of the cluster.
    pub subnet_ids: Vec<String>,
    /// Additional security groups.
    pub security_group_ids: Vec<String>,
    /// The cluster security group EKS made.
    pub cluster_security_group_id: Option<String>,
    /// EKS Auto Mode, as DescribeCluster shows it (all off when the fields are absent).
    pub auto_mode: AutoModeState,
}

/// EKS Auto Mode's capabilities of a cluster (`computeConfig`, `kubernetesNetworkConfig.
/// elasticLoadBalancing`, `storageConfig`); EKS enables the three together.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AutoModeState {
    /// `computeConfig.enabled`.
    pub compute: bool,
    /// `kubernetesNetworkConfig.elasticLoadBalancing.enabled`: Auto Mode's own load balancer
    /// controller runs (IngressClass controller `eks.amazonaws.com/alb`).
    pub load_balancing: bool,
    /// `storageConfig.blockStorage.enabled`.
    pub block_storage: bool,
    /// `kubernetesNetworkConfig.elasticLoadBalancing.gatewayApi.crds.managed`: AWS manages the
    /// Gateway API CRDs (`None` when DescribeCluster does not say).
    pub gateway_api_crds_managed: Option<bool>,
}

impl AutoModeState {
    /// Whether Auto Mode's load balancing runs beside (or instead of) the self-managed controller.
    pub fn enabled(&self) -> bool {
        self.load_balancing || self.compute
    }
}

/// An IAM OIDC identity provider.
#[derive(Debug, Clone, Serialize)]
pub struct OidcProviderState {
    /// Provider ARN.
    pub arn: String,
    /// Audiences (client ids).
    pub client_ids: Vec<String>,
    /// Its tags, key to value, as AWS reports them (albctl's ownership marks among them).
    pub tags: BTreeMap<String, String>,
}

/// One version of a managed policy.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyVersionInfo {
    /// e.g. `v3`.
    pub version_id: String,
    /// Whether it is the default version.
    pub is_default: bool,
    /// Creation time (RFC 3339) where known.
    pub created: Option<String>,
}

/// A customer managed policy and its default document.
#[derive(Debug, Clone, Serialize)]
pub struct PolicyState {
    /// Policy ARN.
    pub arn: String,
    /// Default version id.
    pub default_version_id: String,
    /// The default version's document, parsed.
    pub document: serde_json::Value,
    /// Every version (filled only when an update is being planned).
    pub versions: Vec<PolicyVersionInfo>,
    /// Its tags, key to value, as AWS reports them (albctl's ownership marks among them).
    pub tags: BTreeMap<String, String>,
}

/// An IAM role with its trust policy and attached managed policies.
#[derive(Debug, Clone, Serialize)]
pub struct RoleState {
    /// The name GetRole was asked for (without the path an `arn` may carry).
    pub name: String,
    /// Role ARN.
    pub arn: String,
    /// Trust policy, parsed.
    pub trust: serde_json::Value,
    /// Its tags, key to value, as AWS reports them (albctl's ownership marks among them).
    pub tags: BTreeMap<String, String>,
    /// ARNs of attached managed policies.
    pub attached_policy_arns: Vec<String>,
}

/// A subnet with the facts that classify it.
#[derive(Debug, Clone, Serialize)]
pub struct SubnetState {
    /// `subnet-…` id.
    pub id: String,
    /// VPC id.
    pub vpc_id: String,
    /// Zone name, e.g. `us-west-2a`; setup warns when a scheme's subnets span fewer than two.
    pub availability_zone: String,
    /// IPv4 CIDR.
    pub cidr: Option<String>,
    /// Free IPv4 addresses.
    pub available_ips: Option<i32>,
    /// Its tags, key to value, as AWS reports them (albctl's ownership marks among them).
    pub tags: BTreeMap<String, String>,
    /// Whether it maps public IPs on launch (evidence only; routing decides).
    pub map_public_ip_on_launch: bool,
}

/// A route table, reduced to what classification needs.
#[derive(Debug, Clone, Serialize)]
pub struct RouteTableState {
    /// Route table id.
    pub id: String,
    /// VPC id.
    pub vpc_id: String,
    /// Whether it is the VPC's main route table.
    pub main: bool,
    /// Subnets explicitly associated with it.
    pub subnet_ids: Vec<String>,
    /// Routes as (destination, target) where target is the gateway/NAT/etc id.
    pub routes: Vec<(String, String)>,
}

/// An EKS Pod Identity association.
#[derive(Debug, Clone, Serialize)]
pub struct PodIdentityAssociationState {
    /// The association's id as EKS lists it (not its ARN).
    pub id: String,
    /// Association ARN.
    pub arn: Option<String>,
    /// Namespace of the ServiceAccount the association is for.
    pub namespace: String,
    /// ServiceAccount.
    pub service_account: String,
    /// Role ARN (filled by DescribePodIdentityAssociation).
    pub role_arn: Option<String>,
}

/// An EC2 instance that is a node of the cluster.
#[derive(Debug, Clone, Default)]
pub struct NodeInstance {
    /// `i-…` id, as doctor's node findings name it.
    pub id: String,
    /// IMDS `HttpPutResponseHopLimit`.
    pub hop_limit: Option<i32>,
    /// Security groups per network interface (the instance's groups when it lists no interfaces).
    pub eni_groups: Vec<(String, Vec<String>)>,
}

/// An ELBv2 load balancer (ALB, NLB or GWLB) as DescribeLoadBalancers and DescribeTags tell it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LoadBalancerState {
    /// ARN.
    pub arn: String,
    /// Its name in AWS (what the console and the aws CLI show).
    pub name: String,
    /// `application`, `network` or `gateway` (from `Type`; NB: the ARN's `app/`/`net/` is not
    /// trusted, emulators write `app/` for every type).
    #[serde(rename = "type")]
    pub kind: String,
    /// `internet-facing` or `internal`.
    pub scheme: String,
    /// `active`, `provisioning`, `active_impaired` or `failed`.
    pub state: String,
    /// DNS name.
    pub dns_name: String,
    /// VPC id.
    pub vpc_id: String,
    /// Security groups attached to it (ALBs, and NLBs made with one).
    pub security_groups: Vec<String>,
    /// Its tags, key to value, as AWS reports them (albctl's ownership marks among them).
    pub tags: BTreeMap<String, String>,
}

/// An ELBv2 target group.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TargetGroupState {
    /// ARN.
    pub arn: String,
    /// Its name in AWS (what the console and the aws CLI show).
    pub name: String,
    /// ARNs of the load balancers that forward to it.
    pub load_balancer_arns: Vec<String>,
    /// `instance`, `ip`, `lambda` or `alb`.
    pub target_type: String,
    /// Its tags, key to value, as AWS reports them (albctl's ownership marks among them).
    pub tags: BTreeMap<String, String>,
}

/// Whether a permission with this protocol and port range admits TCP traffic to `port`
/// (`-1` is every protocol; a missing port bound is open on that side).
fn admits_tcp(protocol: &str, from_port: Option<i32>, to_port: Option<i32>, port: i32) -> bool {
    match protocol {
        "-1" | "all" => true,
        "tcp" | "6" => from_port.unwrap_or(0) <= port && port <= to_port.unwrap_or(65535),
        _ => false,
    }
}

/// One source-group grant inside a security group's ingress permissions.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct GroupGrant {
    /// `tcp`, `udp`, `icmp` or `-1` (all).
    pub protocol: String,
    /// First port of the range (None when the protocol has no ports, as with `-1`).
    pub from_port: Option<i32>,
    /// Last port of the range, inclusive (None as for `from_port`).
    pub to_port: Option<i32>,
    /// The security group the rule admits traffic from.
    pub source_group: String,
    /// The grant's account id and description, as read (sent back on revocation so the
    /// grant matches exactly).
    #[serde(skip)]
    pub pair: (Option<String>, Option<String>),
}

/// A security group of the cluster's VPC with its tags and ingress grants, as one
/// DescribeSecurityGroups read gives it to doctor, teardown, `loadbalancers` and `lint --cluster`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SecurityGroupState {
    /// `sg-…` id.
    pub id: String,
    /// Its `GroupName` (not the `Name` tag).
    pub name: String,
    /// Its description, as given when it was created.
    pub description: String,
    /// Its tags, key to value, as AWS reports them (albctl's ownership marks among them).
    pub tags: BTreeMap<String, String>,
    /// Ingress grants that name another security group as the source.
    pub group_grants: Vec<GroupGrant>,
    /// Ingress grants that name an IPv4 range as the source.
    pub cidr_grants: Vec<CidrGrant>,
}

impl GroupGrant {
    /// Whether the grant admits TCP traffic to `port`.
    pub fn admits_tcp(&self, port: i32) -> bool {
        admits_tcp(&self.protocol, self.from_port, self.to_port, port)
    }
}

/// One IPv4-range grant inside a security group's ingress permissions.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CidrGrant {
    /// `tcp`, `udp`, `icmp` or `-1` (all).
    pub protocol: String,
    /// First port of the range (None when the protocol has no ports, as with `-1`).
    pub from_port: Option<i32>,
    /// Last port of the range, inclusive (None as for `from_port`).
    pub to_port: Option<i32>,
    /// The source range, for example `0.0.0.0/0`.
    pub cidr: String,
}

impl CidrGrant {
    /// Whether the grant admits TCP traffic to `port`.
    pub fn admits_tcp(&self, port: i32) -> bool {
        admits_tcp(&self.protocol, self.from_port, self.to_port, port)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cidr(protocol: &str, ports: Option<(i32, i32)>) -> CidrGrant {
        CidrGrant {
            protocol: protocol.into(),
            from_port: ports.map(|p| p.0),
            to_port: ports.map(|p| p.1),
            cidr: "0.0.0.0/0".into(),
        }
    }

    #[test]
    fn a_grant_admits_tcp_to_a_port_by_protocol_and_range() {
        assert!(cidr("-1", None).admits_tcp(9443), "every protocol, no ports");
        assert!(cidr("tcp", Some((9443, 9443))).admits_tcp(9443));
        assert!(cidr("6", Some((1024, 65535))).admits_tcp(9443), "TCP by protocol number");
        assert!(!cidr("tcp", Some((443, 443))).admits_tcp(9443), "another port");
        assert!(!cidr("udp", Some((0, 65535))).admits_tcp(9443), "not TCP");
        let group = GroupGrant {
            protocol: "tcp".into(),
            from_port: Some(9000),
            to_port: Some(9999),
            source_group: "sg-1".into(),
            pair: (None, None),
        };
        assert!(group.admits_tcp(9443));
        assert!(!group.admits_tcp(10250));
    }
}

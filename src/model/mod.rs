//! Domain types and the names and constants albctl uses everywhere.
//!
//! Pure data: no SDK clients, no I/O. Every constant is defined here once.
//!
//! Shared domain, below the adapters: imports no adapter and no workflow. `observed` holds the
//! state the adapters read, `plan` the plan vocabulary, `subnets`, `trust` and `ownership` the
//! pure rules more than one workflow needs.

use std::fmt;

use serde::Serialize;

use crate::error::AlbctlError;

pub mod choices;
pub mod gateway;
pub mod gateway_api;
pub mod kube_version;
pub mod names;
pub mod observed;
pub mod ownership;
pub mod plan;
pub mod subnets;
pub mod trust;

pub use choices::{ClusterTag, GatewayApiMode, Identity, IdentityRequest, ImageRegistry, Mode};

/// Server-side apply field manager for every Kubernetes write.
pub const FIELD_MANAGER: &str = "albctl";
/// Label key/value albctl puts on the Kubernetes objects it manages.
pub const MANAGED_BY_LABEL: (&str, &str) = ("app.kubernetes.io/managed-by", "albctl");
/// AWS tag albctl puts on the IAM resources it creates.
pub const MANAGED_BY_TAG: (&str, &str) = ("managed-by", "albctl");
/// `spec.controller` of the IngressClasses the controller serves (Auto Mode's is
/// `eks.amazonaws.com/alb`).
pub const INGRESS_CLASS_CONTROLLER: &str = "ingress.k8s.aws/alb";
/// The EKS add-on that delivers Pod Identity credentials to pods (its DaemonSet in kube-system
/// has the same name).
pub const POD_IDENTITY_AGENT: &str = "eks-pod-identity-agent";
/// Prefix of the role tag `albctl.io/pod-identity/<cluster>` = `<namespace>/<service-account>`:
/// the cluster's controller uses the role through a Pod Identity association. One Pod Identity
/// trust statement serves every cluster, so these tags are how teardown knows who else uses it.
pub const POD_IDENTITY_USER_TAG_PREFIX: &str = "albctl.io/pod-identity/";
/// AWS tag naming the cluster an albctl-created IAM resource was made for.
pub const CLUSTER_NAME_TAG: &str = "albctl.io/cluster";
/// Annotation albctl puts on an object it took over from another tool
/// (`--override-existing-serviceaccounts`), naming that tool, so `teardown` never deletes it.
pub const ADOPTED_ANNOTATION: &str = "albctl.io/adopted-from";
/// Annotation on the ServiceAccount recording that its `eks.amazonaws.com/role-arn` names a role
/// albctl adopted (`setup --adopt`) rather than created: later runs keep using that role, and
/// teardown keeps it.
pub const ADOPTED_ROLE_ANNOTATION: &str = "albctl.io/adopted-role";
/// Subnet tag prefix recording which role tags albctl added for a cluster
/// (`albctl.io/subnet-tags/<cluster>` = comma-separated tag keys), so teardown removes only those.
pub const SUBNET_MARKER_TAG_PREFIX: &str = "albctl.io/subnet-tags/";
/// Tag the controller discovers internet-facing load balancer subnets by.
pub const PUBLIC_ROLE_TAG: &str = "kubernetes.io/role/elb";
/// Tag the controller discovers internal load balancer subnets by.
pub const PRIVATE_ROLE_TAG: &str = "kubernetes.io/role/internal-elb";
/// Prefix of the per-cluster subnet tag.
pub const CLUSTER_TAG_PREFIX: &str = "kubernetes.io/cluster/";
/// The OIDC audience (client id) of IRSA tokens.
pub const STS_AUDIENCE: &str = "sts.amazonaws.com";
/// Principal service of EKS Pod Identity.
pub const POD_IDENTITY_SERVICE: &str = "pods.eks.amazonaws.com";
/// ServiceAccount annotation IRSA reads.
pub const ROLE_ARN_ANNOTATION: &str = "eks.amazonaws.com/role-arn";
/// Default role name prefix (eksctl and the AWS docs use this name).
pub const ROLE_NAME_PREFIX: &str = "AmazonEKSLoadBalancerControllerRole";
/// Default name of the controller policy (the AWS docs' name).
pub const DEFAULT_POLICY_NAME: &str = "AWSLoadBalancerControllerIAMPolicy";
/// Default namespace of the controller.
pub const DEFAULT_NAMESPACE: &str = "kube-system";
/// Default name of the controller's ServiceAccount.
pub const DEFAULT_SERVICE_ACCOUNT: &str = "aws-load-balancer-controller";
/// IAM's limit on role names.
pub const MAX_ROLE_NAME: usize = 64;

/// An AWS partition albctl ships a controller policy for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "String")]
pub enum Partition {
    /// `aws`
    Aws,
    /// `aws-cn`
    AwsCn,
    /// `aws-us-gov`
    AwsUsGov,
    /// `aws-eusc` (European Sovereign Cloud)
    AwsEusc,
    /// `aws-iso`
    AwsIso,
    /// `aws-iso-b`
    AwsIsoB,
    /// `aws-iso-e`
    AwsIsoE,
    /// `aws-iso-f`
    AwsIsoF,
}

impl Partition {
    /// Every partition, in a stable order.
    pub const ALL: [Partition; 8] = [
        Partition::Aws,
        Partition::AwsCn,
        Partition::AwsUsGov,
        Partition::AwsEusc,
        Partition::AwsIso,
        Partition::AwsIsoB,
        Partition::AwsIsoE,
        Partition::AwsIsoF,
    ];

    /// The partition as it appears in ARNs.
    pub fn as_str(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsCn => "aws-cn",
            Partition::AwsUsGov => "aws-us-gov",
            Partition::AwsEusc => "aws-eusc",
            Partition::AwsIso => "aws-iso",
            Partition::AwsIsoB => "aws-iso-b",
            Partition::AwsIsoE => "aws-iso-e",
            Partition::AwsIsoF => "aws-iso-f",
        }
    }

    /// DNS suffix of the partition's service endpoints.
    pub fn dns_suffix(self) -> &'static str {
        match self {
            Partition::Aws | Partition::AwsUsGov => "amazonaws.com",
            Partition::AwsCn => "amazonaws.com.cn",
            Partition::AwsEusc => "amazonaws.eu",
            Partition::AwsIso => "c2s.ic.gov",
            Partition::AwsIsoB => "sc2s.sgov.gov",
            Partition::AwsIsoE => "cloud.adc-e.uk",
            Partition::AwsIsoF => "csp.hci.ic.gov",
        }
    }

    /// Parses a partition name (`aws`, `aws-cn`, ...).
    pub fn parse(name: &str) -> anyhow::Result<Partition> {
        Partition::ALL.into_iter().find(|p| p.as_str() == name).ok_or_else(|| {
            AlbctlError::usage(format!(
                "unknown AWS partition '{name}'; albctl knows {}",
                Partition::ALL.map(|p| p.as_str()).join(", ")
            ))
        })
    }

    /// The partition of an ARN (`arn:<partition>:...`).
    pub fn from_arn(arn: &str) -> anyhow::Result<Partition> {
        let mut parts = arn.split(':');
        match (parts.next(), parts.next()) {
            (Some("arn"), Some(p)) if !p.is_empty() => Partition::parse(p).map_err(|_| {
                AlbctlError::usage(format!(
                    "the caller ARN {arn} is in partition '{p}', for which albctl has no controller policy (known: {}); use credentials in a supported partition",
                    Partition::ALL.map(|p| p.as_str()).join(", ")
                ))
            }),
            _ => Err(AlbctlError::usage(format!("'{arn}' is not an ARN"))),
        }
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<Partition> for String {
    fn from(p: Partition) -> String {
        p.as_str().to_string()
    }
}

/// Where a Kubernetes object is: enough to read or delete it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectRef {
    /// `group/version` (or `v1`).
    pub api_version: String,
    /// Object kind, e.g. `Deployment`.
    pub kind: String,
    /// Namespace of a namespaced object.
    pub namespace: Option<String>,
    /// Object name (namespaced objects: without the namespace).
    pub name: String,
}

impl ObjectRef {
    /// `Kind namespace/name` or `Kind name`.
    pub fn display(&self) -> String {
        match &self.namespace {
            Some(ns) => format!("{} {ns}/{}", self.kind, self.name),
            None => format!("{} {}", self.kind, self.name),
        }
    }
}

/// Checks an EKS cluster name the way EKS does (1-100 chars, `[0-9A-Za-z][A-Za-z0-9-_]*`).
pub fn validate_cluster_name(name: &str) -> anyhow::Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 100
        && name.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(AlbctlError::usage(format!(
            "'{name}' is not a valid EKS cluster name (1-100 characters: letters, digits, '-' and '_', starting with a letter or digit); pass the name shown by `aws eks list-clusters`"
        )))
    }
}

/// Checks an IAM role name (1-64 chars of `[\w+=,.@-]`).
pub fn validate_role_name(name: &str) -> anyhow::Result<()> {
    if name.is_empty() || name.len() > MAX_ROLE_NAME {
        return Err(AlbctlError::usage(format!(
            "--role-name '{name}' is {} characters; IAM role names are 1-{MAX_ROLE_NAME} characters: pass a shorter --role-name",
            name.len()
        )));
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c)) {
        return Err(AlbctlError::usage(format!(
            "--role-name '{name}' has characters IAM does not allow (letters, digits and _+=,.@- only)"
        )));
    }
    Ok(())
}

/// Checks an IAM policy name (1-128 chars of `[\w+=,.@-]`).
pub fn validate_policy_name(name: &str) -> anyhow::Result<()> {
    if name.is_empty() || name.len() > 128 || !name.chars().all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c))
    {
        return Err(AlbctlError::usage(format!(
            "--policy-name '{name}' is not a valid IAM policy name (1-128 characters: letters, digits and _+=,.@-)"
        )));
    }
    Ok(())
}

/// Checks a Kubernetes namespace or ServiceAccount name (DNS-1123 subdomain/label).
pub fn validate_k8s_name(flag: &str, name: &str) -> anyhow::Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 253
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric());
    if ok {
        Ok(())
    } else {
        Err(AlbctlError::usage(format!(
            "{flag} '{name}' is not a valid Kubernetes name (lowercase letters, digits, '-' and '.', starting and ending with a letter or digit)"
        )))
    }
}

/// The default role name for a cluster: `AmazonEKSLoadBalancerControllerRole-<cluster>`,
/// shortened deterministically to 64 characters (a hash of the full name replaces the tail).
pub fn default_role_name(cluster: &str) -> String {
    let full = format!("{ROLE_NAME_PREFIX}-{cluster}");
    if full.len() <= MAX_ROLE_NAME {
        return full;
    }
    let hash = format!("{:08x}", fnv1a32(full.as_bytes()));
    let keep = MAX_ROLE_NAME - hash.len() - 1;
    format!("{}-{hash}", &full[..keep])
}

fn fnv1a32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(*b)).wrapping_mul(0x0100_0193))
}

/// The issuer without its scheme: `oidc.eks.<region>.amazonaws.com/id/<ID>`.
pub fn issuer_host_path(issuer: &str) -> &str {
    issuer.strip_prefix("https://").unwrap_or(issuer).trim_end_matches('/')
}

/// `arn:<partition>:iam::<account>:oidc-provider/<issuer host+path>`.
pub fn oidc_provider_arn(partition: Partition, account: &str, issuer: &str) -> String {
    format!("arn:{partition}:iam::{account}:oidc-provider/{}", issuer_host_path(issuer))
}

/// `arn:<partition>:iam::<account>:policy/<name>`.
pub fn policy_arn(partition: Partition, account: &str, name: &str) -> String {
    format!("arn:{partition}:iam::{account}:policy/{name}")
}

/// `arn:<partition>:iam::<account>:role/<name>`.
pub fn role_arn(partition: Partition, account: &str, name: &str) -> String {
    format!("arn:{partition}:iam::{account}:role/{name}")
}

/// The tag the load balancer controller puts on every AWS resource it makes (value: the cluster
/// name given to the controller).
pub const LBC_CLUSTER_TAG: &str = "elbv2.k8s.aws/cluster";
/// The controller's stack tag on what it makes for an Ingress group: `<namespace>/<name>` for an
/// implicit group (one Ingress), the group name for an explicit IngressGroup.
pub const LBC_INGRESS_STACK_TAG: &str = "ingress.k8s.aws/stack";
/// The controller's stack tag on what it makes for a Service: `<namespace>/<name>`.
pub const LBC_SERVICE_STACK_TAG: &str = "service.k8s.aws/stack";
/// The controller's per-resource tag key (value e.g. `backend-sg` on the shared backend group).
pub const LBC_RESOURCE_TAG: &str = "elbv2.k8s.aws/resource";
/// `elbv2.k8s.aws/resource` value of the shared backend security group.
pub const LBC_BACKEND_SG: &str = "backend-sg";
/// Finalizer of an Ingress in an implicit group.
pub const LBC_INGRESS_FINALIZER: &str = "ingress.k8s.aws/resources";
/// Prefix of the finalizer of an Ingress in an explicit group (`group.ingress.k8s.aws/<group>`).
pub const LBC_GROUP_FINALIZER_PREFIX: &str = "group.ingress.k8s.aws/";
/// Finalizer of a Service the controller reconciles.
pub const LBC_SERVICE_FINALIZER: &str = "service.k8s.aws/resources";
/// Finalizer of a TargetGroupBinding.
pub const LBC_TGB_FINALIZER: &str = "elbv2.k8s.aws/resources";
/// Annotation naming an Ingress's explicit group.
pub const LBC_GROUP_NAME_ANNOTATION: &str = "alb.ingress.kubernetes.io/group.name";

/// Whether a finalizer is one the load balancer controller holds.
pub fn is_lbc_finalizer(finalizer: &str) -> bool {
    matches!(finalizer, LBC_INGRESS_FINALIZER | LBC_SERVICE_FINALIZER | LBC_TGB_FINALIZER)
        || finalizer.starts_with(LBC_GROUP_FINALIZER_PREFIX)
        || gateway::is_gateway_finalizer(finalizer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_comes_from_arn() {
        assert_eq!(Partition::from_arn("arn:aws-cn:sts::1:user/x").unwrap(), Partition::AwsCn);
        assert_eq!(Partition::from_arn("arn:aws-iso-f:iam::1:role/x").unwrap(), Partition::AwsIsoF);
        let err = Partition::from_arn("arn:aws-moon:sts::1:user/x").unwrap_err().to_string();
        assert!(err.contains("aws-moon"), "{err}");
        assert!(Partition::from_arn("nonsense").is_err());
    }

    #[test]
    fn default_role_name_fits_64_and_is_stable() {
        assert_eq!(default_role_name("eks-demo"), "AmazonEKSLoadBalancerControllerRole-eks-demo");
        let long = "c".repeat(100);
        let a = default_role_name(&long);
        assert_eq!(a.len(), 64);
        assert_eq!(a, default_role_name(&long));
        assert_ne!(a, default_role_name(&"d".repeat(100)));
        validate_role_name(&a).unwrap();
    }

    #[test]
    fn cluster_names_are_checked_like_eks() {
        validate_cluster_name("eks-demo_1").unwrap();
        for bad in ["", "-x", "a b", "a/b", &"a".repeat(101)] {
            assert!(validate_cluster_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn role_names_over_64_are_refused() {
        assert!(validate_role_name(&"r".repeat(65)).is_err());
        validate_role_name(&"r".repeat(64)).unwrap();
    }

    #[test]
    fn arns_are_deterministic() {
        assert_eq!(
            oidc_provider_arn(Partition::Aws, "111122223333", "https://oidc.eks.us-west-2.amazonaws.com/id/ABC"),
            "arn:aws:iam::111122223333:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC"
        );
        assert_eq!(policy_arn(Partition::AwsCn, "1", "P"), "arn:aws-cn:iam::1:policy/P");
    }
}

//! Desired state: pure functions from the resolved inputs to what AWS should hold.
//!
//! No SDK clients, no I/O: every function here is a value transformation, tested in-file.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::model::ClusterTag;
use crate::model::names::Names;
use crate::model::trust::TrustPrincipal;
use crate::model::{
    self, CLUSTER_NAME_TAG, CLUSTER_TAG_PREFIX, Identity, MANAGED_BY_TAG, POD_IDENTITY_USER_TAG_PREFIX, Partition,
    STS_AUDIENCE,
};

/// Tags albctl puts on the IAM resources it creates for a cluster.
pub fn desired_iam_tags(cluster: &str) -> BTreeMap<String, String> {
    BTreeMap::from([
        (MANAGED_BY_TAG.0.to_string(), MANAGED_BY_TAG.1.to_string()),
        (CLUSTER_NAME_TAG.to_string(), cluster.to_string()),
    ])
}

/// The tags of the controller's role: albctl's marks, and with Pod Identity the tag naming the
/// cluster as a user of the role (`POD_IDENTITY_USER_TAG_PREFIX`).
pub fn desired_role_tags(cluster: &str, identity: Identity, names: &Names) -> BTreeMap<String, String> {
    let mut tags = desired_iam_tags(cluster);
    if identity == Identity::PodIdentity {
        tags.insert(
            format!("{POD_IDENTITY_USER_TAG_PREFIX}{cluster}"),
            format!("{}/{}", names.namespace, names.service_account),
        );
    }
    tags
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
    /// `--policy-name` (default `AWSLoadBalancerControllerIAMPolicy`); `arn` ends with it.
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

/// The controller's IAM role.
#[derive(Debug, Clone, Serialize)]
pub struct RoleSpec {
    /// The run's role: `--role-name`, albctl's default for the cluster, or the one adopted.
    pub name: String,
    /// Deterministic ARN.
    pub arn: String,
    /// Whom the trust statement admits: one ServiceAccount via the OIDC provider (IRSA), or Pod Identity.
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

/// The controller policy of an adopted role: the desired one when it is attached, else the one
/// customer-managed policy attached to the role (eksctl's `--attach-policy-arn`), if there is
/// exactly one.
pub fn adopted_policy_arn(role: &crate::model::observed::RoleState, desired_arn: &str) -> Option<String> {
    if role.attached_policy_arns.iter().any(|a| a == desired_arn) {
        return None;
    }
    let account = desired_arn.split(':').nth(4).unwrap_or_default();
    let customer: Vec<&String> = role
        .attached_policy_arns
        .iter()
        .filter(|a| a.split(':').nth(4) == Some(account) && a.contains(":policy/"))
        .collect();
    match customer.as_slice() {
        [one] => Some((*one).clone()),
        _ => None,
    }
}

/// The subnet tags albctl wants for a cluster.
#[derive(Debug, Clone)]
pub struct SubnetTagSpec {
    /// Names the `kubernetes.io/cluster/<cluster>` tag and albctl's marker tag.
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
}

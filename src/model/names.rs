//! The names a run agrees on: the controller's namespace and ServiceAccount, its IAM policy and
//! role, with their ARNs. Derived once per run ([`Names::derive`]) from what the user asked
//! ([`Naming`]) and the account the credentials belong to; every step reads them from there.

use super::{Identity, Partition, default_role_name, policy_arn, role_arn};
use crate::error::AlbctlError;

/// What the user asked for: names given or defaulted by the flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Naming {
    /// Namespace of the controller's ServiceAccount.
    pub namespace: String,
    /// Name of the controller's ServiceAccount.
    pub service_account: String,
    /// Name of the controller policy.
    pub policy_name: String,
    /// `--role-name`; `None` takes albctl's default for the cluster.
    pub role_name: Option<String>,
    /// `--role-arn` (`apply`, `render`): the role as a whole ARN, used as given.
    pub role_arn: Option<String>,
    /// IRSA or Pod Identity.
    pub identity: Identity,
}

impl Default for Naming {
    fn default() -> Self {
        Naming {
            namespace: super::DEFAULT_NAMESPACE.into(),
            service_account: super::DEFAULT_SERVICE_ACCOUNT.into(),
            policy_name: super::DEFAULT_POLICY_NAME.into(),
            role_name: None,
            role_arn: None,
            identity: Identity::Irsa,
        }
    }
}

impl Naming {
    /// Checks every name (no AWS call), so bad input fails before any request.
    pub fn validate(&self) -> anyhow::Result<()> {
        super::validate_k8s_name("--namespace", &self.namespace)?;
        super::validate_k8s_name("--service-account", &self.service_account)?;
        super::validate_policy_name(&self.policy_name)?;
        if let Some(role) = &self.role_name {
            super::validate_role_name(role)?;
        }
        Ok(())
    }
}

/// Where the role's name came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleFrom {
    /// `--role-name` or `--role-arn`.
    Flag,
    /// albctl's default for the cluster.
    Default,
    /// The ServiceAccount named a role albctl adopted (`--adopt`, or a run before).
    Adopted,
}

/// The names every step of a run uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Names {
    /// Namespace of the controller's ServiceAccount.
    pub namespace: String,
    /// Name of the controller's ServiceAccount.
    pub service_account: String,
    /// Name of the controller policy.
    pub policy_name: String,
    /// `arn:<partition>:iam::<account>:policy/<policy_name>`.
    pub policy_arn: String,
    /// The role's name; empty when the run has no cluster to default it from.
    pub role_name: String,
    /// The role's ARN; empty when `role_name` is.
    pub role_arn: String,
    /// Where `role_name` came from.
    pub role_from: RoleFrom,
    /// IRSA or Pod Identity.
    pub identity: Identity,
}

impl Names {
    /// The names for `naming` in `account`; the default role name needs the `cluster`.
    pub fn derive(partition: Partition, account: &str, cluster: Option<&str>, naming: &Naming) -> Names {
        let (role_name, role_arn, role_from) = match (&naming.role_arn, &naming.role_name, cluster) {
            (Some(arn), _, _) => (arn.rsplit('/').next().unwrap_or_default().to_string(), arn.clone(), RoleFrom::Flag),
            (None, Some(name), _) => (name.clone(), role_arn(partition, account, name), RoleFrom::Flag),
            (None, None, Some(cluster)) => {
                let name = default_role_name(cluster);
                let arn = role_arn(partition, account, &name);
                (name, arn, RoleFrom::Default)
            }
            (None, None, None) => (String::new(), String::new(), RoleFrom::Default),
        };
        Names {
            namespace: naming.namespace.clone(),
            service_account: naming.service_account.clone(),
            policy_arn: policy_arn(partition, account, &naming.policy_name),
            policy_name: naming.policy_name.clone(),
            role_name,
            role_arn,
            role_from,
            identity: naming.identity,
        }
    }

    /// The same names with the role a ServiceAccount names as adopted (`arn` checked by
    /// [`adopted_role`]).
    pub fn with_adopted_role(&self, arn: &str) -> Names {
        let name = arn.rsplit('/').next().unwrap_or_default();
        // NB: the role is used by name; its ARN is rebuilt without the path, as IAM resolves it.
        let prefix = arn.split(":role/").next().unwrap_or_default();
        Names {
            role_name: name.to_string(),
            role_arn: format!("{prefix}:role/{name}"),
            role_from: RoleFrom::Adopted,
            ..self.clone()
        }
    }

    /// The role ARN the ServiceAccount is annotated with: IRSA only.
    pub fn irsa_role_arn(&self) -> Option<String> {
        (self.identity == Identity::Irsa && !self.role_arn.is_empty()).then(|| self.role_arn.clone())
    }
}

/// The role albctl keeps using because the ServiceAccount names it (`adopt`: this run takes it
/// over; otherwise only a role an earlier `--adopt` recorded), refused unless it is a role of
/// `account`. `None`: no such role, the run uses its own.
pub fn adopted_role(
    service_account: Option<&serde_json::Value>,
    adopt: bool,
    account: &str,
    names: &Names,
) -> anyhow::Result<Option<String>> {
    let Some(arn) = super::ownership::adopted_role_arn(service_account, adopt) else { return Ok(None) };
    let in_account = arn.split(':').nth(4).unwrap_or_default() == account;
    let name = arn.rsplit('/').next().unwrap_or_default();
    if !in_account || !arn.contains(":role/") || super::validate_role_name(name).is_err() {
        return Err(AlbctlError::refused(format!(
            "the ServiceAccount {}/{} names role {arn}, which is not a role of account {account}: albctl adopts only a \
             role of this account; fix its {} annotation or pass --role-name",
            names.namespace,
            names.service_account,
            super::ROLE_ARN_ANNOTATION
        )));
    }
    Ok(Some(arn))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_default_the_role_from_the_cluster_and_take_flags_as_given() {
        let names = Names::derive(Partition::Aws, "111122223333", Some("demo"), &Naming::default());
        assert_eq!(names.role_name, "AmazonEKSLoadBalancerControllerRole-demo");
        assert_eq!(names.role_arn, "arn:aws:iam::111122223333:role/AmazonEKSLoadBalancerControllerRole-demo");
        assert_eq!(names.policy_arn, "arn:aws:iam::111122223333:policy/AWSLoadBalancerControllerIAMPolicy");
        assert_eq!(names.role_from, RoleFrom::Default);
        let flagged = Naming { role_arn: Some("arn:aws:iam::444455556666:role/x/r".into()), ..Naming::default() };
        let names = Names::derive(Partition::Aws, "111122223333", Some("demo"), &flagged);
        assert_eq!((names.role_name.as_str(), names.role_from), ("r", RoleFrom::Flag));
    }

    #[test]
    fn an_adopted_role_must_be_a_role_of_the_account() {
        let names = Names::derive(Partition::Aws, "111122223333", Some("demo"), &Naming::default());
        let sa = |arn: &str| serde_json::json!({"metadata": {"annotations": {super::super::ROLE_ARN_ANNOTATION: arn}}});
        let ours = sa("arn:aws:iam::111122223333:role/eksctl-demo-role");
        assert_eq!(
            adopted_role(Some(&ours), true, "111122223333", &names).unwrap().as_deref(),
            Some("arn:aws:iam::111122223333:role/eksctl-demo-role")
        );
        let foreign = sa("arn:aws:iam::444455556666:role/other");
        assert!(adopted_role(Some(&foreign), true, "111122223333", &names).is_err());
        assert_eq!(adopted_role(None, true, "111122223333", &names).unwrap(), None);
    }
}

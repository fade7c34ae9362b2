//! `--identity auto|irsa|pod-identity`: which credentials the controller gets, and why; and the
//! order of writes that moves an install between IRSA and Pod Identity without a moment in which
//! its ServiceAccount has neither. Pure.

use serde::Serialize;

use crate::model::Identity;

/// What the user asked for: `None` is `--identity auto`.
pub type Requested = Option<Identity>;

/// The `eks-pod-identity-agent` add-on as DescribeAddon shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AgentAddon {
    /// Installed, with this status (`ACTIVE`, `DEGRADED`, ...).
    Status(String),
    /// Not installed.
    Missing,
    /// Could not be read (the reason).
    Unread(String),
}

/// How the install's credentials are set up today.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Installed {
    /// The ServiceAccount's `eks.amazonaws.com/role-arn`, if any.
    pub role_annotation: Option<String>,
    /// The Pod Identity association's id, if one exists for the ServiceAccount.
    pub association: Option<String>,
    /// The role, when it trusts the cluster's OIDC provider for the ServiceAccount; read instead
    /// of the annotation when the ServiceAccount is not (`--skip-controller`).
    pub irsa_role: Option<String>,
}

/// The choice and the sentence the plan prints for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// What the install gets.
    pub identity: Identity,
    /// Why, in one sentence.
    pub reason: String,
    /// Set when the install moves from the other identity (the plan orders its writes).
    pub moving_from: Option<Identity>,
}

/// Decides the identity. An existing install keeps what it uses; a new one gets Pod Identity when
/// the agent add-on is ACTIVE, else IRSA. An explicit request wins and may move an install.
pub fn decide(requested: Requested, installed: &Installed, agent: &AgentAddon) -> Decision {
    let current = match (&installed.association, &installed.role_annotation, &installed.irsa_role) {
        // NB: with both, pods get the annotation's role (web identity precedes the container
        // provider in the SDKs' chain), so IRSA is what the install uses.
        (_, Some(_), _) => Some(Identity::Irsa),
        (Some(_), None, _) => Some(Identity::PodIdentity),
        (None, None, Some(_)) => Some(Identity::Irsa),
        (None, None, None) => None,
    };
    if let Some(wanted) = requested {
        let moving_from = current.filter(|c| *c != wanted);
        let reason = match moving_from {
            Some(from) => format!("--identity {}: moving the install from {}", wanted.flag(), from.describe()),
            None => format!("--identity {}", wanted.flag()),
        };
        return Decision { identity: wanted, reason, moving_from };
    }
    if let Some(current) = current {
        let reason = match current {
            Identity::Irsa => match &installed.role_annotation {
                Some(role) => format!("auto: the install uses IRSA (the ServiceAccount names {role}); it keeps it"),
                None => format!(
                    "auto: the install uses IRSA (role {} trusts the cluster's OIDC provider); it keeps it",
                    installed.irsa_role.as_deref().unwrap_or_default()
                ),
            },
            Identity::PodIdentity => format!(
                "auto: the install uses Pod Identity (association {}); it keeps it",
                installed.association.as_deref().unwrap_or_default()
            ),
        };
        return Decision { identity: current, reason, moving_from: None };
    }
    match agent {
        AgentAddon::Status(s) if s == "ACTIVE" => Decision {
            identity: Identity::PodIdentity,
            reason: "auto: a new install, and the eks-pod-identity-agent add-on is ACTIVE: Pod Identity (no OIDC provider needed)".into(),
            moving_from: None,
        },
        AgentAddon::Status(s) => Decision {
            identity: Identity::Irsa,
            reason: format!("auto: a new install, and the eks-pod-identity-agent add-on is {s}, not ACTIVE: IRSA"),
            moving_from: None,
        },
        AgentAddon::Missing => Decision {
            identity: Identity::Irsa,
            reason: "auto: a new install without the eks-pod-identity-agent add-on: IRSA (install the add-on, or pass --identity pod-identity after it)".into(),
            moving_from: None,
        },
        AgentAddon::Unread(why) => Decision {
            identity: Identity::Irsa,
            reason: format!("auto: the eks-pod-identity-agent add-on could not be read ({why}): IRSA"),
            moving_from: None,
        },
    }
}

/// One write of a move between identities, in the order it must run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MoveStep {
    /// Add the new principal's trust statement to the role (the old one stays).
    TrustAddNew,
    /// Create the Pod Identity association.
    CreateAssociation,
    /// Set the ServiceAccount's role annotation.
    AnnotateServiceAccount,
    /// Remove the ServiceAccount's role annotation.
    RemoveAnnotation,
    /// Restart the controller so its pods pick up the new credentials.
    RestartController,
    /// Delete the Pod Identity association.
    DeleteAssociation,
    /// Remove the old principal's trust statement.
    TrustRemoveOld,
}

impl MoveStep {
    /// The step as the plan prints it.
    pub fn describe(self) -> &'static str {
        match self {
            MoveStep::TrustAddNew => "role trusts the new principal too",
            MoveStep::CreateAssociation => "create the Pod Identity association",
            MoveStep::AnnotateServiceAccount => "annotate the ServiceAccount with the role",
            MoveStep::RemoveAnnotation => "remove the ServiceAccount's role annotation",
            MoveStep::RestartController => "restart the controller",
            MoveStep::DeleteAssociation => "delete the Pod Identity association",
            MoveStep::TrustRemoveOld => "remove the old principal's trust",
        }
    }
}

/// The order of writes for a move: the new credentials are complete before anything of the old
/// ones goes, the controller restarts onto them, and only then is the old trust removed. At every
/// point in between the ServiceAccount has at least one working credential.
pub fn move_order(to: Identity) -> &'static [MoveStep] {
    use MoveStep::*;
    match to {
        // The association works once the annotation is gone (IRSA wins while both are there).
        Identity::PodIdentity => &[TrustAddNew, CreateAssociation, RemoveAnnotation, RestartController, TrustRemoveOld],
        // The annotation wins as soon as it is set, so the old trust and the association can go
        // after the restart (the executor writes the role before associations).
        Identity::Irsa => &[TrustAddNew, AnnotateServiceAccount, RestartController, TrustRemoveOld, DeleteAssociation],
    }
}

/// Whether the ServiceAccount has a working credential after each prefix of `steps`, starting
/// from `from`: (annotation with IRSA trust) or (association with Pod Identity trust).
pub fn credentials_after_each_step(from: Identity, steps: &[MoveStep]) -> Vec<bool> {
    let (mut annotation, mut association) = (from == Identity::Irsa, from == Identity::PodIdentity);
    let (mut irsa_trust, mut pi_trust) = (annotation, association);
    let to = if from == Identity::Irsa { Identity::PodIdentity } else { Identity::Irsa };
    steps
        .iter()
        .map(|step| {
            match (step, to) {
                (MoveStep::TrustAddNew, Identity::PodIdentity) => pi_trust = true,
                (MoveStep::TrustAddNew, Identity::Irsa) => irsa_trust = true,
                (MoveStep::TrustRemoveOld, Identity::PodIdentity) => irsa_trust = false,
                (MoveStep::TrustRemoveOld, Identity::Irsa) => pi_trust = false,
                (MoveStep::CreateAssociation, _) => association = true,
                (MoveStep::DeleteAssociation, _) => association = false,
                (MoveStep::AnnotateServiceAccount, _) => annotation = true,
                (MoveStep::RemoveAnnotation, _) => annotation = false,
                (MoveStep::RestartController, _) => {}
            }
            // NB: with both configured the annotation wins, so it must be backed by IRSA trust.
            if annotation { irsa_trust } else { association && pi_trust }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn active() -> AgentAddon {
        AgentAddon::Status("ACTIVE".into())
    }

    #[test]
    fn auto_picks_pod_identity_only_where_the_agent_is_active() {
        let new = Installed::default();
        let d = decide(None, &new, &active());
        assert_eq!(d.identity, Identity::PodIdentity);
        assert!(d.reason.contains("ACTIVE"), "{d:?}");
        assert_eq!(decide(None, &new, &AgentAddon::Missing).identity, Identity::Irsa);
        assert_eq!(decide(None, &new, &AgentAddon::Status("DEGRADED".into())).identity, Identity::Irsa);
        assert_eq!(decide(None, &new, &AgentAddon::Unread("denied".into())).identity, Identity::Irsa);
    }

    #[test]
    fn auto_keeps_what_an_install_uses() {
        let irsa = Installed { role_annotation: Some("arn:aws:iam::1:role/r".into()), ..Installed::default() };
        let d = decide(None, &irsa, &active());
        assert_eq!((d.identity, d.moving_from), (Identity::Irsa, None));
        let pi = Installed { association: Some("a-1".into()), ..Installed::default() };
        assert_eq!(decide(None, &pi, &AgentAddon::Missing).identity, Identity::PodIdentity);
        let both = Installed { role_annotation: Some("arn".into()), association: Some("a-1".into()), irsa_role: None };
        let trusted = Installed { irsa_role: Some("arn:aws:iam::1:role/r".into()), ..Installed::default() };
        assert_eq!(
            decide(None, &trusted, &active()).identity,
            Identity::Irsa,
            "the AWS half alone knows its IRSA role"
        );
        assert_eq!(decide(None, &both, &active()).identity, Identity::Irsa, "the annotation's role is what pods get");
    }

    #[test]
    fn an_explicit_identity_moves_an_install() {
        let irsa = Installed { role_annotation: Some("arn".into()), ..Installed::default() };
        let d = decide(Some(Identity::PodIdentity), &irsa, &active());
        assert_eq!(d.moving_from, Some(Identity::Irsa));
        assert!(d.reason.contains("moving the install from IRSA"), "{d:?}");
        assert_eq!(decide(Some(Identity::Irsa), &irsa, &active()).moving_from, None);
    }

    #[test]
    fn a_move_never_leaves_the_service_account_without_credentials() {
        for (from, to) in [(Identity::Irsa, Identity::PodIdentity), (Identity::PodIdentity, Identity::Irsa)] {
            let steps = move_order(to);
            let ok = credentials_after_each_step(from, steps);
            assert!(ok.iter().all(|b| *b), "{from:?} -> {to:?}: {steps:?} {ok:?}");
            assert_eq!(steps.first(), Some(&MoveStep::TrustAddNew));
            let restart = steps.iter().position(|s| *s == MoveStep::RestartController).expect("a restart");
            for removal in [MoveStep::TrustRemoveOld, MoveStep::DeleteAssociation, MoveStep::RemoveAnnotation] {
                if let Some(at) = steps.iter().position(|s| *s == removal) {
                    let before_restart_ok = removal == MoveStep::RemoveAnnotation;
                    assert!(at > restart || before_restart_ok, "{removal:?} runs after the restart: {steps:?}");
                }
            }
        }
        // The wrong order is caught: the old trust removed before the annotation goes.
        let bad =
            [MoveStep::TrustAddNew, MoveStep::CreateAssociation, MoveStep::TrustRemoveOld, MoveStep::RemoveAnnotation];
        assert!(credentials_after_each_step(Identity::Irsa, &bad).contains(&false));
    }
}

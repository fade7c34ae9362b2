//! `--identity auto|irsa|pod-identity`: which credentials the controller gets, and why; and the
//! order of writes that moves an install between IRSA and Pod Identity without a moment in which
//! its ServiceAccount has neither. Pure.

use serde::Serialize;

/// The identity the controller's ServiceAccount is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Chosen {
    /// IAM roles for service accounts (OIDC provider, role annotation).
    Irsa,
    /// EKS Pod Identity (association, no annotation).
    PodIdentity,
}

/// What the user asked for: `None` is `--identity auto`.
pub type Requested = Option<Chosen>;

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
}

/// The choice and the sentence the plan prints for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// What the install gets.
    pub identity: Chosen,
    /// Why, in one sentence.
    pub reason: String,
    /// Set when the install moves from the other identity (the plan orders its writes).
    pub moving_from: Option<Chosen>,
}

/// Decides the identity. An existing install keeps what it uses; a new one gets Pod Identity when
/// the agent add-on is ACTIVE, else IRSA. An explicit request wins and may move an install.
pub fn decide(requested: Requested, installed: &Installed, agent: &AgentAddon) -> Decision {
    let current = match (&installed.association, &installed.role_annotation) {
        // NB: with both, pods get the annotation's role (web identity precedes the container
        // provider in the SDKs' chain), so IRSA is what the install uses.
        (_, Some(_)) => Some(Chosen::Irsa),
        (Some(_), None) => Some(Chosen::PodIdentity),
        (None, None) => None,
    };
    if let Some(wanted) = requested {
        let moving_from = current.filter(|c| *c != wanted);
        let reason = match moving_from {
            Some(from) => format!("--identity {}: moving the install from {}", flag(wanted), describe(from)),
            None => format!("--identity {}", flag(wanted)),
        };
        return Decision { identity: wanted, reason, moving_from };
    }
    if let Some(current) = current {
        let reason = match current {
            Chosen::Irsa => format!(
                "auto: the install uses IRSA (the ServiceAccount names {}); it keeps it",
                installed.role_annotation.as_deref().unwrap_or_default()
            ),
            Chosen::PodIdentity => format!(
                "auto: the install uses Pod Identity (association {}); it keeps it",
                installed.association.as_deref().unwrap_or_default()
            ),
        };
        return Decision { identity: current, reason, moving_from: None };
    }
    match agent {
        AgentAddon::Status(s) if s == "ACTIVE" => Decision {
            identity: Chosen::PodIdentity,
            reason: "auto: a new install, and the eks-pod-identity-agent add-on is ACTIVE: Pod Identity (no OIDC provider needed)".into(),
            moving_from: None,
        },
        AgentAddon::Status(s) => Decision {
            identity: Chosen::Irsa,
            reason: format!("auto: a new install, and the eks-pod-identity-agent add-on is {s}, not ACTIVE: IRSA"),
            moving_from: None,
        },
        AgentAddon::Missing => Decision {
            identity: Chosen::Irsa,
            reason: "auto: a new install without the eks-pod-identity-agent add-on: IRSA (install the add-on, or pass --identity pod-identity after it)".into(),
            moving_from: None,
        },
        AgentAddon::Unread(why) => Decision {
            identity: Chosen::Irsa,
            reason: format!("auto: the eks-pod-identity-agent add-on could not be read ({why}): IRSA"),
            moving_from: None,
        },
    }
}

fn flag(c: Chosen) -> &'static str {
    match c {
        Chosen::Irsa => "irsa",
        Chosen::PodIdentity => "pod-identity",
    }
}

fn describe(c: Chosen) -> &'static str {
    match c {
        Chosen::Irsa => "IRSA",
        Chosen::PodIdentity => "Pod Identity",
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

/// The order of writes for a move: the new credentials are complete before anything of the old
/// ones goes, the controller restarts onto them, and only then is the old trust removed. At every
/// point in between the ServiceAccount has at least one working credential.
pub fn move_order(to: Chosen) -> &'static [MoveStep] {
    use MoveStep::*;
    match to {
        // The association works once the annotation is gone (IRSA wins while both are there).
        Chosen::PodIdentity => &[TrustAddNew, CreateAssociation, RemoveAnnotation, RestartController, TrustRemoveOld],
        // The annotation wins as soon as it is set, so the association can go after the restart.
        Chosen::Irsa => &[TrustAddNew, AnnotateServiceAccount, RestartController, DeleteAssociation, TrustRemoveOld],
    }
}

/// Whether the ServiceAccount has a working credential after each prefix of `steps`, starting
/// from `from`: (annotation with IRSA trust) or (association with Pod Identity trust).
pub fn credentials_after_each_step(from: Chosen, steps: &[MoveStep]) -> Vec<bool> {
    let (mut annotation, mut association) = (from == Chosen::Irsa, from == Chosen::PodIdentity);
    let (mut irsa_trust, mut pi_trust) = (annotation, association);
    let to = if from == Chosen::Irsa { Chosen::PodIdentity } else { Chosen::Irsa };
    steps
        .iter()
        .map(|step| {
            match (step, to) {
                (MoveStep::TrustAddNew, Chosen::PodIdentity) => pi_trust = true,
                (MoveStep::TrustAddNew, Chosen::Irsa) => irsa_trust = true,
                (MoveStep::TrustRemoveOld, Chosen::PodIdentity) => irsa_trust = false,
                (MoveStep::TrustRemoveOld, Chosen::Irsa) => pi_trust = false,
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
        assert_eq!(d.identity, Chosen::PodIdentity);
        assert!(d.reason.contains("ACTIVE"), "{d:?}");
        assert_eq!(decide(None, &new, &AgentAddon::Missing).identity, Chosen::Irsa);
        assert_eq!(decide(None, &new, &AgentAddon::Status("DEGRADED".into())).identity, Chosen::Irsa);
        assert_eq!(decide(None, &new, &AgentAddon::Unread("denied".into())).identity, Chosen::Irsa);
    }

    #[test]
    fn auto_keeps_what_an_install_uses() {
        let irsa = Installed { role_annotation: Some("arn:aws:iam::1:role/r".into()), association: None };
        let d = decide(None, &irsa, &active());
        assert_eq!((d.identity, d.moving_from), (Chosen::Irsa, None));
        let pi = Installed { role_annotation: None, association: Some("a-1".into()) };
        assert_eq!(decide(None, &pi, &AgentAddon::Missing).identity, Chosen::PodIdentity);
        let both = Installed { role_annotation: Some("arn".into()), association: Some("a-1".into()) };
        assert_eq!(decide(None, &both, &active()).identity, Chosen::Irsa, "the annotation's role is what pods get");
    }

    #[test]
    fn an_explicit_identity_moves_an_install() {
        let irsa = Installed { role_annotation: Some("arn".into()), association: None };
        let d = decide(Some(Chosen::PodIdentity), &irsa, &active());
        assert_eq!(d.moving_from, Some(Chosen::Irsa));
        assert!(d.reason.contains("moving the install from IRSA"), "{d:?}");
        assert_eq!(decide(Some(Chosen::Irsa), &irsa, &active()).moving_from, None);
    }

    #[test]
    fn a_move_never_leaves_the_service_account_without_credentials() {
        for (from, to) in [(Chosen::Irsa, Chosen::PodIdentity), (Chosen::PodIdentity, Chosen::Irsa)] {
            let steps = move_order(to);
            let ok = credentials_after_each_step(from, steps);
            assert!(ok.iter().all(|b| *b), "{from:?} -> {to:?}: {steps:?} {ok:?}");
            assert_eq!(steps.first(), Some(&MoveStep::TrustAddNew));
            assert_eq!(steps.last(), Some(&MoveStep::TrustRemoveOld));
        }
        // The wrong order is caught: the old trust removed before the annotation goes.
        let bad =
            [MoveStep::TrustAddNew, MoveStep::CreateAssociation, MoveStep::TrustRemoveOld, MoveStep::RemoveAnnotation];
        assert!(credentials_after_each_step(Chosen::Irsa, &bad).contains(&false));
    }
}

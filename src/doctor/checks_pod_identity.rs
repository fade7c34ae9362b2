//! Checks of an EKS Pod Identity install (pure): the `eks-pod-identity-agent` add-on and its
//! DaemonSet, the association for the controller's ServiceAccount, the role's trust for
//! `pods.eks.amazonaws.com`, and an IRSA annotation left beside an association.
//!
//! Which credentials the controller's pods get when both are configured: the EKS pod identity
//! webhook injects `AWS_ROLE_ARN`/`AWS_WEB_IDENTITY_TOKEN_FILE` for the annotation and the agent
//! injects `AWS_CONTAINER_CREDENTIALS_FULL_URI` for the association; the AWS SDKs' default
//! credential chain (the controller is Go, aws-sdk-go-v2) tries web identity before the container
//! provider, so the IRSA role wins and the association's role is not used.

use serde_json::Value;

use super::Verdict;
use super::facts::{Facts, Seen};
use crate::model::observed::{PodIdentityAssociationState, RoleState};
use crate::model::trust::{statements_of, string_or_list};
use crate::model::{POD_IDENTITY_SERVICE, ROLE_ARN_ANNOTATION};

/// The add-on that delivers Pod Identity credentials to pods.
pub const AGENT_ADDON: &str = crate::model::POD_IDENTITY_AGENT;
/// The agent's DaemonSet (kube-system).
pub const AGENT_DAEMONSET: &str = crate::model::POD_IDENTITY_AGENT;

/// What doctor read about Pod Identity for the controller's ServiceAccount.
#[derive(Debug, Clone)]
pub struct PodIdentityFacts {
    /// DescribeAddon `eks-pod-identity-agent`: its status, `None` when the add-on is not installed.
    pub agent_addon: Seen<Option<String>>,
    /// `kube-system/eks-pod-identity-agent` DaemonSet, `None` when absent.
    pub agent_daemonset: Seen<Option<Value>>,
    /// The association for the controller's namespace/ServiceAccount.
    pub association: Seen<Option<PodIdentityAssociationState>>,
    /// Whether the controller's role trusts EKS Pod Identity and no web identity (a Pod Identity role).
    pub role_for_pod_identity: bool,
}

/// Which credentials an install is set up with, from the association and the SA annotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstallIdentity {
    /// An association exists (an IRSA annotation may also be there: see IAM014).
    PodIdentity,
    /// The ServiceAccount names a role and no association exists.
    Irsa,
    /// Neither: the controller has no credentials of its own.
    Neither,
}

/// How the install gets credentials; `Err` when the association could not be read. Without an
/// association or an annotation, an install whose role trusts only EKS Pod Identity has lost its
/// association; any other is judged as IRSA (by OIDC001-IAM005).
pub fn install_identity(pi: &PodIdentityFacts, annotation: Option<&str>) -> Result<InstallIdentity, String> {
    Ok(match (pi.association.get()?, annotation) {
        (Some(_), _) => InstallIdentity::PodIdentity,
        (None, Some(_)) => InstallIdentity::Irsa,
        (None, None) if pi.role_for_pod_identity => InstallIdentity::Neither,
        (None, None) => InstallIdentity::Irsa,
    })
}

fn only_for_pod_identity(pi: &PodIdentityFacts, annotation: Option<&str>) -> Result<(), Verdict> {
    match install_identity(pi, annotation) {
        Err(why) => Err(Verdict::skipped(why)),
        Ok(InstallIdentity::Irsa) => Err(Verdict::skipped("the install uses IRSA (no Pod Identity association)")),
        Ok(_) => Ok(()),
    }
}

/// IAM010: the agent add-on is installed and ACTIVE (judged for Pod Identity installs).
pub fn agent_addon(pi: &PodIdentityFacts, annotation: Option<&str>, cluster: &str) -> Verdict {
    if let Err(v) = only_for_pod_identity(pi, annotation) {
        return v;
    }
    match pi.agent_addon.get() {
        Err(why) => Verdict::skipped(why),
        Ok(Some(status)) if status == "ACTIVE" => Verdict::pass(format!("EKS add-on {AGENT_ADDON} is ACTIVE")),
        Ok(Some(status)) => Verdict::fail(format!(
            "EKS add-on {AGENT_ADDON} is {status}, not ACTIVE: pods may get no Pod Identity credentials"
        ))
        .with_fix(format!("aws eks describe-addon --cluster-name {cluster} --addon-name {AGENT_ADDON}")),
        Ok(None) => Verdict::fail(format!(
            "EKS add-on {AGENT_ADDON} is not installed: the association's credentials never reach the controller"
        ))
        .with_fix(format!("aws eks create-addon --cluster-name {cluster} --addon-name {AGENT_ADDON}")),
    }
}

/// IAM011: the agent DaemonSet has every scheduled pod ready.
pub fn agent_daemonset(pi: &PodIdentityFacts, annotation: Option<&str>) -> Verdict {
    if let Err(v) = only_for_pod_identity(pi, annotation) {
        return v;
    }
    match pi.agent_daemonset.get() {
        Err(why) => Verdict::skipped(why),
        Ok(None) => Verdict::fail(format!("no DaemonSet kube-system/{AGENT_DAEMONSET}: the agent is not running")),
        Ok(Some(ds)) => {
            let count = |k: &str| ds.pointer(&format!("/status/{k}")).and_then(Value::as_i64).unwrap_or(0);
            let (desired, ready) = (count("desiredNumberScheduled"), count("numberReady"));
            if desired > 0 && ready >= desired {
                Verdict::pass(format!("kube-system/{AGENT_DAEMONSET}: {ready}/{desired} ready"))
            } else {
                Verdict::fail(format!(
                    "kube-system/{AGENT_DAEMONSET}: {ready}/{desired} ready; pods on nodes without a ready agent get no credentials"
                ))
                .with_fix(format!("kubectl -n kube-system describe daemonset {AGENT_DAEMONSET}"))
            }
        }
    }
}

/// IAM012: an association for the controller's ServiceAccount names the role that carries the
/// controller policy (`role` is that role, as IAM001/IAM006 judge it).
pub fn association_role(
    pi: &PodIdentityFacts,
    annotation: Option<&str>,
    role: Option<&RoleState>,
    target: (&str, &str),
    fix: &str,
) -> Verdict {
    let (namespace, sa) = target;
    let association = match install_identity(pi, annotation) {
        Err(why) => return Verdict::skipped(why),
        Ok(InstallIdentity::Irsa) => return Verdict::skipped("the install uses IRSA (no Pod Identity association)"),
        Ok(InstallIdentity::Neither) => {
            return Verdict::fail(format!(
                "no Pod Identity association for {namespace}/{sa} and no IRSA role annotation: the controller has no AWS credentials of its own"
            ))
            .with_fix(fix.to_string());
        }
        Ok(InstallIdentity::PodIdentity) => {
            pi.association.get().ok().and_then(Option::as_ref).expect("PodIdentity has one")
        }
    };
    let named = association.role_arn.as_deref().unwrap_or("<none>");
    match role {
        None => {
            Verdict::skipped(format!("association {} names {named}; the role was not read (IAM001)", association.id))
        }
        Some(r) if r.arn == named => Verdict::pass(format!("association {} names {named}", association.id)),
        Some(r) => Verdict::fail(format!(
            "association {} for {namespace}/{sa} names {named}, not {} (the role with the controller policy)",
            association.id, r.arn
        ))
        .with_fix(fix.to_string()),
    }
}

/// Whether a trust statement lets EKS Pod Identity assume the role: `Allow`, principal
/// `pods.eks.amazonaws.com`, actions `sts:AssumeRole` and `sts:TagSession` (AWS's documented trust).
pub fn admits_pod_identity(statement: &Value) -> bool {
    let allow = statement.get("Effect").and_then(Value::as_str) == Some("Allow");
    let principal = string_or_list(statement.get("Principal").and_then(|p| p.get("Service")));
    let actions: Vec<String> = string_or_list(statement.get("Action")).iter().map(|a| a.to_ascii_lowercase()).collect();
    let has = |a: &str| actions.iter().any(|x| x == a || x == "sts:*" || x == "*");
    allow && principal.iter().any(|p| p == POD_IDENTITY_SERVICE) && has("sts:assumerole") && has("sts:tagsession")
}

/// IAM013: the role's trust admits EKS Pod Identity (`sts:AssumeRole` and `sts:TagSession`).
pub fn trust(pi: &PodIdentityFacts, annotation: Option<&str>, role: Option<&RoleState>, fix: &str) -> Verdict {
    if let Err(v) = only_for_pod_identity(pi, annotation) {
        return v;
    }
    let Some(role) = role else { return Verdict::skipped("the role was not read (IAM001)") };
    let statements = statements_of(&role.trust);
    if statements.iter().any(admits_pod_identity) {
        return Verdict::pass(format!(
            "{} trusts {POD_IDENTITY_SERVICE} for sts:AssumeRole and sts:TagSession",
            role.name
        ));
    }
    let partial = statements.iter().find(|s| {
        string_or_list(s.get("Principal").and_then(|p| p.get("Service"))).iter().any(|p| p == POD_IDENTITY_SERVICE)
    });
    let evidence = match partial {
        Some(s) => format!(
            "{} trusts {POD_IDENTITY_SERVICE} with {} for actions [{}]; Pod Identity needs Allow for sts:AssumeRole and sts:TagSession",
            role.name,
            s.get("Effect").and_then(Value::as_str).unwrap_or("?"),
            string_or_list(s.get("Action")).join(", ")
        ),
        None => format!("{} does not trust {POD_IDENTITY_SERVICE}: EKS Pod Identity cannot assume it", role.name),
    };
    Verdict::fail(evidence).with_fix(fix.to_string())
}

/// IAM014: no IRSA annotation beside an association (the annotation's role would win).
pub fn leftover_annotation(pi: &PodIdentityFacts, annotation: Option<&str>, fix: &str) -> Verdict {
    let association = match pi.association.get() {
        Err(why) => return Verdict::skipped(why),
        Ok(None) => return Verdict::skipped("no Pod Identity association"),
        Ok(Some(a)) => a,
    };
    match annotation {
        None => Verdict::pass(format!("association {} only; no eks.amazonaws.com/role-arn annotation", association.id)),
        Some(role) => Verdict::warn(format!(
            "the ServiceAccount keeps eks.amazonaws.com/role-arn={role} beside association {} ({}): pods get the IRSA role's credentials (web identity precedes the container provider in the AWS SDKs' credential chain), not the association's",
            association.id,
            association.role_arn.as_deref().unwrap_or("<no role>")
        ))
        .with_fix(fix.to_string()),
    }
}

// ---- over doctor's facts ----

fn annotation(facts: &Facts) -> Option<&str> {
    let sa = facts.kube.service_account.get().ok()?.as_ref()?;
    sa["metadata"]["annotations"][ROLE_ARN_ANNOTATION].as_str()
}

fn role_of(facts: &Facts) -> Option<&RoleState> {
    facts.aws.role.get().ok().and_then(Option::as_ref)
}

fn pod_identity_facts(facts: &Facts) -> PodIdentityFacts {
    let role_for_pod_identity = role_of(facts).is_some_and(|r| {
        let statements = statements_of(&r.trust);
        statements.iter().any(|s| {
            string_or_list(s.get("Principal").and_then(|p| p.get("Service"))).iter().any(|p| p == POD_IDENTITY_SERVICE)
        }) && !statements.iter().any(|s| s.get("Principal").and_then(|p| p.get("Federated")).is_some())
    });
    PodIdentityFacts {
        agent_addon: facts.aws.pod_identity_agent.clone(),
        agent_daemonset: facts.kube.pod_identity_agent.clone(),
        association: facts.aws.pod_identity_association.clone(),
        role_for_pod_identity,
    }
}

/// Whether the controller's pods get Pod Identity credentials (so the IRSA checks do not apply).
pub fn uses_pod_identity(facts: &Facts) -> bool {
    let pi = pod_identity_facts(facts);
    matches!(install_identity(&pi, annotation(facts)), Ok(InstallIdentity::PodIdentity | InstallIdentity::Neither))
        && annotation(facts).is_none()
}

fn fix(facts: &Facts) -> String {
    format!("albctl setup --cluster {} --identity pod-identity", facts.target.cluster)
}

/// IAM010.
pub fn iam010(facts: &Facts) -> Verdict {
    agent_addon(&pod_identity_facts(facts), annotation(facts), &facts.target.cluster)
}

/// IAM011.
pub fn iam011(facts: &Facts) -> Verdict {
    agent_daemonset(&pod_identity_facts(facts), annotation(facts))
}

/// IAM012.
pub fn iam012(facts: &Facts) -> Verdict {
    let target = (facts.target.namespace.as_str(), facts.target.service_account.as_str());
    association_role(&pod_identity_facts(facts), annotation(facts), role_of(facts), target, &fix(facts))
}

/// IAM013.
pub fn iam013(facts: &Facts) -> Verdict {
    trust(&pod_identity_facts(facts), annotation(facts), role_of(facts), &fix(facts))
}

/// IAM014.
pub fn iam014(facts: &Facts) -> Verdict {
    let fix = format!(
        "finish the move: albctl setup --cluster {c} --identity pod-identity (removes the annotation), or go back: albctl setup --cluster {c} --identity irsa",
        c = facts.target.cluster
    );
    leftover_annotation(&pod_identity_facts(facts), annotation(facts), &fix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doctor::Status;
    use serde_json::json;

    const ROLE_ARN: &str = "arn:aws:iam::111122223333:role/lbc";

    fn association(role: &str) -> PodIdentityAssociationState {
        PodIdentityAssociationState {
            id: "a-0123456789abcdefg".into(),
            arn: None,
            namespace: "kube-system".into(),
            service_account: "aws-load-balancer-controller".into(),
            role_arn: Some(role.into()),
        }
    }

    fn facts(addon: Option<&str>, ready: (i64, i64), assoc: Option<PodIdentityAssociationState>) -> PodIdentityFacts {
        PodIdentityFacts {
            agent_addon: Seen::Got(addon.map(str::to_string)),
            agent_daemonset: Seen::Got(Some(
                json!({"status": {"desiredNumberScheduled": ready.1, "numberReady": ready.0}}),
            )),
            association: Seen::Got(assoc),
            role_for_pod_identity: true,
        }
    }

    fn role(trust: Value) -> RoleState {
        RoleState {
            name: "lbc".into(),
            arn: ROLE_ARN.into(),
            trust,
            tags: Default::default(),
            attached_policy_arns: vec![],
        }
    }

    fn pod_identity_trust() -> Value {
        json!({"Statement": [{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"},
                              "Action": ["sts:AssumeRole", "sts:TagSession"]}]})
    }

    #[test]
    fn a_healthy_pod_identity_install_passes_every_check() {
        let pi = facts(Some("ACTIVE"), (3, 3), Some(association(ROLE_ARN)));
        let r = role(pod_identity_trust());
        assert_eq!(agent_addon(&pi, None, "demo").status, Status::Pass);
        assert_eq!(agent_daemonset(&pi, None).status, Status::Pass);
        assert_eq!(association_role(&pi, None, Some(&r), ("kube-system", "sa"), "fix").status, Status::Pass);
        assert_eq!(trust(&pi, None, Some(&r), "fix").status, Status::Pass);
        assert_eq!(leftover_annotation(&pi, None, "fix").status, Status::Pass);
    }

    #[test]
    fn each_fault_fails_its_own_check() {
        let r = role(pod_identity_trust());
        let missing_agent = facts(None, (3, 3), Some(association(ROLE_ARN)));
        let v = agent_addon(&missing_agent, None, "demo");
        assert_eq!(v.status, Status::Fail);
        assert!(v.fix.as_deref().unwrap().contains("create-addon"), "{v:?}");
        let degraded = facts(Some("DEGRADED"), (3, 3), Some(association(ROLE_ARN)));
        assert_eq!(agent_addon(&degraded, None, "demo").status, Status::Fail);
        let not_ready = facts(Some("ACTIVE"), (1, 3), Some(association(ROLE_ARN)));
        assert_eq!(agent_daemonset(&not_ready, None).status, Status::Fail);
        let elsewhere = facts(Some("ACTIVE"), (3, 3), Some(association("arn:aws:iam::111122223333:role/other")));
        let v = association_role(&elsewhere, None, Some(&r), ("kube-system", "sa"), "fix");
        assert_eq!(v.status, Status::Fail);
        assert!(v.evidence.contains("role/other"), "{v:?}");
        let removed = facts(Some("ACTIVE"), (3, 3), None);
        assert_eq!(association_role(&removed, None, Some(&r), ("kube-system", "sa"), "fix").status, Status::Fail);
        let pi = facts(Some("ACTIVE"), (3, 3), Some(association(ROLE_ARN)));
        let edited = role(json!({"Statement": [{"Effect": "Allow", "Principal": {"Service": "pods.eks.amazonaws.com"},
                                                 "Action": "sts:AssumeRole"}]}));
        let v = trust(&pi, None, Some(&edited), "fix");
        assert_eq!(v.status, Status::Fail);
        assert!(v.evidence.contains("sts:TagSession"), "{v:?}");
        let gone = role(json!({"Statement": []}));
        assert_eq!(trust(&pi, None, Some(&gone), "fix").status, Status::Fail);
    }

    #[test]
    fn an_irsa_install_skips_the_pod_identity_checks() {
        let mut pi = facts(None, (0, 0), None);
        pi.role_for_pod_identity = false;
        assert_eq!(association_role(&pi, None, None, ("kube-system", "sa"), "fix").status, Status::Skipped);
        let annotation = Some(ROLE_ARN);
        assert_eq!(agent_addon(&pi, annotation, "demo").status, Status::Skipped);
        assert_eq!(agent_daemonset(&pi, annotation).status, Status::Skipped);
        assert_eq!(association_role(&pi, annotation, None, ("kube-system", "sa"), "fix").status, Status::Skipped);
        assert_eq!(trust(&pi, annotation, None, "fix").status, Status::Skipped);
        assert_eq!(leftover_annotation(&pi, annotation, "fix").status, Status::Skipped);
    }

    #[test]
    fn an_annotation_beside_an_association_warns_and_names_who_wins() {
        let pi = facts(Some("ACTIVE"), (3, 3), Some(association(ROLE_ARN)));
        let v = leftover_annotation(&pi, Some("arn:aws:iam::111122223333:role/irsa"), "fix");
        assert_eq!(v.status, Status::Warn);
        assert!(v.evidence.contains("IRSA role's credentials"), "{v:?}");
    }

    #[test]
    fn unread_facts_skip_rather_than_fail() {
        let pi = PodIdentityFacts {
            agent_addon: Seen::Unread("denied".into()),
            agent_daemonset: Seen::Unread("no kube".into()),
            association: Seen::Unread("eks:ListPodIdentityAssociations denied".into()),
            role_for_pod_identity: true,
        };
        assert_eq!(agent_addon(&pi, None, "demo").status, Status::Skipped);
        assert_eq!(association_role(&pi, None, None, ("kube-system", "sa"), "fix").status, Status::Skipped);
    }
}

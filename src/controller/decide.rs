//! Pure decisions of the Kubernetes half: whether the webhook TLS material in the cluster can
//! be reused, and whether the ServiceAccount may be written.
//!
//! No kube client, no I/O: inputs are the objects as read (JSON), outputs are values.

use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;

use crate::error::AlbctlError;
use crate::model::ownership::foreign_manager;
use crate::model::{ADOPTED_ANNOTATION, ROLE_ARN_ANNOTATION};
use crate::tls::{self, WebhookTls, tls_from_secret};

/// Where the webhook TLS material comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "source", rename_all = "kebab-case")]
pub enum TlsSource {
    /// The valid Secret in the cluster.
    Reused,
    /// A new CA and serving certificate, made by this run.
    Generated {
        /// Why the existing material was not reused.
        reason: String,
    },
    /// cert-manager issues it (`enableCertManager`); albctl renders no Secret.
    CertManager,
}

/// The TLS material to apply and, while rotating, the CA bundle that trusts old and new.
#[derive(Debug, Clone)]
pub struct TlsDecision {
    /// Material for the Secret.
    pub tls: WebhookTls,
    /// Where it came from.
    pub source: TlsSource,
    /// PEM to put in the webhook configurations' caBundle.
    pub ca_bundle: String,
}

/// Reuses the cluster's Secret when it is valid (chain, SANs, > 30 days left) unless a
/// rotation is asked; otherwise generates new material. On rotation of a valid CA the
/// caBundle trusts both CAs, so webhook calls keep working while pods pick up the new cert.
pub fn decide_tls(
    existing: Option<&Value>,
    rotate: bool,
    service: &str,
    namespace: &str,
    now: OffsetDateTime,
) -> anyhow::Result<TlsDecision> {
    let current = existing.map(tls_from_secret);
    let problem = match &current {
        None => Some("no webhook Secret yet".to_string()),
        Some(None) => Some("the Secret lacks ca.crt, tls.crt or tls.key".to_string()),
        Some(Some(t)) => tls::validate(t, service, namespace, now).err().map(|p| p.to_string()),
    };
    match (problem, current.flatten()) {
        (None, Some(t)) if !rotate => {
            Ok(TlsDecision { ca_bundle: t.ca_crt.clone(), tls: t, source: TlsSource::Reused })
        }
        (problem, old) => {
            let fresh = tls::generate(service, namespace, now)?;
            let mut ca_bundle = fresh.ca_crt.clone();
            if let (true, Some(old)) = (problem.is_none(), old) {
                ca_bundle.push_str(&old.ca_crt);
            }
            let reason = problem.unwrap_or_else(|| "--rotate-webhook-cert".into());
            Ok(TlsDecision { tls: fresh, source: TlsSource::Generated { reason }, ca_bundle })
        }
    }
}

/// What to do with the controller's ServiceAccount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServiceAccountDecision {
    /// Apply albctl's ServiceAccount (new, albctl's own, or taken over with the flag).
    Apply,
    /// Leave a ServiceAccount managed by another tool alone: it already has the right role.
    KeepForeign {
        /// Who manages it.
        manager: String,
    },
}

/// The [`ADOPTED_ANNOTATION`] value to apply with the ServiceAccount: the one recorded by an
/// earlier takeover (kept, or the next apply would drop it), or, when this apply takes over
/// another tool's ServiceAccount, that tool.
pub fn adoption_record(existing: Option<&Value>, override_existing: bool) -> Option<String> {
    let meta = existing?.get("metadata")?;
    let recorded = meta.get("annotations").and_then(|a| a.get(ADOPTED_ANNOTATION)).and_then(Value::as_str);
    match recorded {
        Some(from) => Some(from.to_string()),
        None if override_existing => foreign_manager(meta),
        None => None,
    }
}

/// Decides whether the ServiceAccount may be written: one that another tool manages is taken
/// over only with `--override-existing-serviceaccounts`.
pub fn decide_service_account(
    existing: Option<&Value>,
    namespace: &str,
    name: &str,
    role_arn: Option<&str>,
    override_existing: bool,
) -> anyhow::Result<ServiceAccountDecision> {
    let Some(meta) = existing.and_then(|sa| sa.get("metadata")) else { return Ok(ServiceAccountDecision::Apply) };
    let Some(manager) = foreign_manager(meta) else { return Ok(ServiceAccountDecision::Apply) };
    if override_existing {
        return Ok(ServiceAccountDecision::Apply);
    }
    let current = meta.get("annotations").and_then(|a| a.get(ROLE_ARN_ANNOTATION)).and_then(Value::as_str);
    if current == role_arn {
        return Ok(ServiceAccountDecision::KeepForeign { manager });
    }
    Err(AlbctlError::refused(format!(
        "ServiceAccount {namespace}/{name} exists and is managed by {manager}; its {ROLE_ARN_ANNOTATION} is {} instead of {}: \
         albctl does not take it over: pass --override-existing-serviceaccounts to let albctl manage it \
         (or --adopt to take over the install and keep the role it names)",
        current.unwrap_or("missing"),
        role_arn.unwrap_or("none")
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ownership::adopted_from;
    use serde_json::json;

    fn now() -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }

    fn secret_of(t: &WebhookTls) -> Value {
        let b = |s: &str| base64::Engine::encode(&base64::engine::general_purpose::STANDARD, s);
        json!({"data": {"ca.crt": b(&t.ca_crt), "tls.crt": b(&t.tls_crt), "tls.key": b(&t.tls_key)}})
    }

    #[test]
    fn valid_secret_is_reused_and_ca_bundle_is_its_ca() {
        let t = tls::generate("svc", "ns", now()).unwrap();
        let d = decide_tls(Some(&secret_of(&t)), false, "svc", "ns", now()).unwrap();
        assert_eq!(d.source, TlsSource::Reused);
        assert_eq!(d.tls, t);
        assert_eq!(d.ca_bundle, t.ca_crt);
    }

    #[test]
    fn wrong_san_or_missing_key_is_replaced_with_a_reason() {
        let t = tls::generate("other", "ns", now()).unwrap();
        let d = decide_tls(Some(&secret_of(&t)), false, "svc", "ns", now()).unwrap();
        assert!(matches!(d.source, TlsSource::Generated { .. }));
        assert_ne!(d.tls.ca_crt, t.ca_crt);
        assert_eq!(d.ca_bundle, d.tls.ca_crt);
        let d = decide_tls(Some(&json!({"data": {}})), false, "svc", "ns", now()).unwrap();
        let TlsSource::Generated { reason } = d.source else { panic!() };
        assert!(reason.contains("lacks"), "{reason}");
    }

    #[test]
    fn rotation_trusts_old_and_new_ca() {
        let t = tls::generate("svc", "ns", now()).unwrap();
        let d = decide_tls(Some(&secret_of(&t)), true, "svc", "ns", now()).unwrap();
        assert_ne!(d.tls.ca_crt, t.ca_crt);
        assert!(d.ca_bundle.contains(&t.ca_crt) && d.ca_bundle.contains(&d.tls.ca_crt));
    }

    #[test]
    fn helm_service_account_needs_the_override_flag() {
        let sa = json!({"metadata": {"labels": {"app.kubernetes.io/managed-by": "Helm"}}});
        let err = decide_service_account(Some(&sa), "kube-system", "sa", Some("arn:r"), false).unwrap_err();
        assert!(err.to_string().contains("--override-existing-serviceaccounts"), "{err}");
        assert_eq!(
            decide_service_account(Some(&sa), "kube-system", "sa", Some("arn:r"), true).unwrap(),
            ServiceAccountDecision::Apply
        );
        let annotated = json!({"metadata": {"labels": {"app.kubernetes.io/managed-by": "Helm"},
            "annotations": {"eks.amazonaws.com/role-arn": "arn:r"}}});
        assert!(matches!(
            decide_service_account(Some(&annotated), "kube-system", "sa", Some("arn:r"), false).unwrap(),
            ServiceAccountDecision::KeepForeign { .. }
        ));
        let ours = json!({"metadata": {"labels": {"app.kubernetes.io/managed-by": "albctl"}}});
        assert_eq!(
            decide_service_account(Some(&ours), "kube-system", "sa", Some("arn:r"), false).unwrap(),
            ServiceAccountDecision::Apply
        );
    }

    #[test]
    fn takeover_is_recorded_and_adopted_objects_are_recognised() {
        let helm = json!({"metadata": {"labels": {"app.kubernetes.io/managed-by": "Helm"}}});
        assert_eq!(adoption_record(Some(&helm), false), None);
        let from = adoption_record(Some(&helm), true).unwrap();
        assert!(from.contains("Helm"), "{from}");
        let recorded = json!({"metadata": {"labels": {"app.kubernetes.io/managed-by": "albctl"},
            "annotations": {"albctl.io/adopted-from": "kubectl"}}});
        assert_eq!(adoption_record(Some(&recorded), false).as_deref(), Some("kubectl"));
        assert_eq!(adopted_from(&recorded["metadata"]).as_deref(), Some("kubectl"));
        let ours = json!({"metadata": {"labels": {"app.kubernetes.io/managed-by": "albctl"}}});
        assert_eq!(adoption_record(Some(&ours), true), None);
        assert_eq!(adopted_from(&ours["metadata"]), None);
        let helm_taken = json!({"labels": {"app.kubernetes.io/managed-by": "albctl"},
            "annotations": {"meta.helm.sh/release-name": "lbc"}});
        assert_eq!(adopted_from(&helm_taken).as_deref(), Some("Helm release lbc"));
    }
}

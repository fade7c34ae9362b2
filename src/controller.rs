//! Pure decisions of the Kubernetes half: whether the webhook TLS material in the cluster can
//! be reused, whether the ServiceAccount may be written, and whether the controller is ready.
//!
//! No kube client, no I/O: inputs are the objects as read (JSON), outputs are values.

use serde::Serialize;
use serde_json::Value;
use time::OffsetDateTime;

use crate::error::AlbctlError;
use crate::model::{ADOPTED_ANNOTATION, MANAGED_BY_LABEL, ROLE_ARN_ANNOTATION};
use crate::tls::{self, WebhookTls};

/// Where the webhook TLS material comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "source", rename_all = "kebab-case")]
pub enum TlsSource {
    /// The valid Secret in the cluster.
    Reused,
    /// Made now.
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

/// The webhook Secret's PEM fields, as read from the cluster.
pub fn tls_from_secret(secret: &Value) -> Option<WebhookTls> {
    let field = |k: &str| -> Option<String> {
        let b64 = secret.get("data")?.get(k)?.as_str()?;
        let bytes = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64).ok()?;
        String::from_utf8(bytes).ok()
    };
    Some(WebhookTls { ca_crt: field("ca.crt")?, tls_crt: field("tls.crt")?, tls_key: field("tls.key")? })
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

/// Who manages an object, by its labels and annotations, when it is not albctl.
pub fn foreign_manager(metadata: &Value) -> Option<String> {
    let labels = metadata.get("labels").and_then(Value::as_object);
    let annotations = metadata.get("annotations").and_then(Value::as_object);
    let label = |k: &str| labels.and_then(|l| l.get(k)).and_then(Value::as_str);
    if label(MANAGED_BY_LABEL.0) == Some(MANAGED_BY_LABEL.1) {
        return None;
    }
    if let Some(m) = label(MANAGED_BY_LABEL.0) {
        return Some(format!("{m} (label {}={m})", MANAGED_BY_LABEL.0));
    }
    if let Some(release) = annotations.and_then(|a| a.get("meta.helm.sh/release-name")).and_then(Value::as_str) {
        return Some(format!("Helm release {release}"));
    }
    if labels.is_some_and(|l| l.keys().any(|k| k.starts_with("alpha.eksctl.io/") || k.starts_with("eksctl.io/"))) {
        return Some("eksctl".into());
    }
    Some("another tool (no albctl label)".into())
}

/// The tool an object was taken over from, if albctl adopted it rather than created it: the
/// [`ADOPTED_ANNOTATION`] albctl records on takeover, else the marks Helm and eksctl leave that
/// a takeover does not remove (Helm's release annotation, eksctl's labels).
pub fn adopted_from(metadata: &Value) -> Option<String> {
    let annotations = metadata.get("annotations").and_then(Value::as_object);
    let labels = metadata.get("labels").and_then(Value::as_object);
    if let Some(from) = annotations.and_then(|a| a.get(ADOPTED_ANNOTATION)).and_then(Value::as_str) {
        return Some(from.to_string());
    }
    if let Some(release) = annotations.and_then(|a| a.get("meta.helm.sh/release-name")).and_then(Value::as_str) {
        return Some(format!("Helm release {release}"));
    }
    if labels.is_some_and(|l| l.keys().any(|k| k.starts_with("alpha.eksctl.io/") || k.starts_with("eksctl.io/"))) {
        return Some("eksctl".into());
    }
    None
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
         albctl does not take it over: pass --override-existing-serviceaccounts to let albctl manage it",
        current.unwrap_or("missing"),
        role_arn.unwrap_or("none")
    )))
}

/// Whether a Deployment has rolled out and is Available, as `kubectl rollout status` judges:
/// the observed generation is current and every desired replica is updated and available.
/// Returns the verdict and a short description of the state.
pub fn deployment_ready(deployment: &Value) -> (bool, String) {
    let n = |v: &Value| v.as_i64().unwrap_or(0);
    let generation = n(&deployment["metadata"]["generation"]);
    let status = &deployment["status"];
    let observed = n(&status["observedGeneration"]);
    let desired = deployment["spec"]["replicas"].as_i64().unwrap_or(1);
    let updated = n(&status["updatedReplicas"]);
    let available = n(&status["availableReplicas"]);
    let condition = status["conditions"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["type"] == "Available"))
        .map(|c| c["status"] == "True")
        .unwrap_or(false);
    let ready = observed >= generation && updated >= desired && available >= desired && condition;
    let mut why = format!("{available}/{desired} replicas available, {updated} updated");
    if observed < generation {
        why.push_str(&format!(", generation {generation} not yet observed"));
    }
    if !condition {
        why.push_str(", condition Available is not True");
    }
    (ready, why)
}

/// Number of ready addresses in an Endpoints object.
pub fn ready_endpoints(endpoints: &Value) -> usize {
    endpoints["subsets"]
        .as_array()
        .map(|s| s.iter().map(|s| s["addresses"].as_array().map_or(0, Vec::len)).sum())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;
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

    #[test]
    fn deployment_readiness_needs_current_generation_and_all_replicas() {
        let mut d = json!({"metadata": {"generation": 2}, "spec": {"replicas": 2},
            "status": {"observedGeneration": 1, "updatedReplicas": 2, "availableReplicas": 2,
                       "conditions": [{"type": "Available", "status": "True"}]}});
        assert!(!deployment_ready(&d).0, "previous rollout must not count");
        d["status"]["observedGeneration"] = json!(2);
        assert!(deployment_ready(&d).0);
        d["status"]["availableReplicas"] = json!(1);
        let (ready, why) = deployment_ready(&d);
        assert!(!ready && why.contains("1/2"), "{why}");
    }

    #[test]
    fn endpoints_count_ready_addresses_only() {
        let e = json!({"subsets": [{"addresses": [{"ip": "10.0.0.1"}], "notReadyAddresses": [{"ip": "10.0.0.2"}]}]});
        assert_eq!(ready_endpoints(&e), 1);
        assert_eq!(ready_endpoints(&json!({})), 0);
    }
}

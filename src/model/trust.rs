//! IAM trust vocabulary shared by the workflows and the IAM adapter: who may assume the
//! controller's role, and the list-or-string shapes IAM documents allow. Pure.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Value, json};

use super::{POD_IDENTITY_SERVICE, STS_AUDIENCE};

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

/// The statements of a policy document as a list (IAM allows one object or a list).
pub fn statements_of(doc: &Value) -> Vec<Value> {
    match doc.get("Statement") {
        Some(Value::Array(items)) => items.clone(),
        Some(obj @ Value::Object(_)) => vec![obj.clone()],
        _ => vec![],
    }
}

/// The principals of `statements` as one sorted line (`Federated arn:...`, `Service pods...`),
/// each named once: how setup and teardown name the trust they keep.
pub fn describe_principals(statements: &[&Value]) -> String {
    let mut names: Vec<String> = statements
        .iter()
        .flat_map(|s| match s.get("Principal") {
            Some(Value::Object(p)) => p
                .iter()
                .flat_map(|(kind, v)| string_or_list(Some(v)).into_iter().map(move |x| format!("{kind} {x}")))
                .collect::<Vec<_>>(),
            Some(Value::String(p)) => vec![p.clone()],
            _ => vec![],
        })
        .collect();
    names.sort();
    names.dedup();
    names.join(", ")
}

/// Semantic equality of two trust statements: single strings equal one-element lists,
/// list order does not matter, `Sid` is ignored.
pub fn statements_equal(a: &Value, b: &Value) -> bool {
    canonical(a, true) == canonical(b, true)
}

/// A statement in a form equal for every layout IAM allows (see [`statements_equal`]).
fn canonical(v: &Value, top: bool) -> Value {
    match v {
        Value::Object(map) => {
            let mut out: BTreeMap<String, Value> = BTreeMap::new();
            for (k, val) in map {
                if top && k == "Sid" {
                    continue;
                }
                out.insert(k.clone(), canonical(val, false));
            }
            Value::Object(out.into_iter().collect())
        }
        Value::Array(items) => {
            let mut items: Vec<Value> = items.iter().map(|i| canonical(i, false)).collect();
            items.sort_by_key(|a| a.to_string());
            items.dedup();
            if items.len() == 1 { items.pop().unwrap_or(Value::Null) } else { Value::Array(items) }
        }
        other => other.clone(),
    }
}

/// A statement on one line without its `Sid`, as plan details show it.
pub fn statement_line(v: &Value) -> String {
    let mut c = v.clone();
    if let Some(obj) = c.as_object_mut() {
        obj.remove("Sid");
    }
    c.to_string()
}

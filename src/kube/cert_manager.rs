//! Whether cert-manager is installed, for `enableCertManager`: its Issuer and Certificate kinds
//! must be served before albctl applies any of them.
//!
//! Reads only (two CRD GETs); the caller refuses before its first write when they are missing,
//! so a cluster without cert-manager is never left with half an installation.

use serde_json::json;

use super::apply::Applier;
use crate::error::AlbctlError;

/// The CRDs `enableCertManager` needs.
pub const CRDS: [&str; 2] = ["certificates.cert-manager.io", "issuers.cert-manager.io"];

/// The cert-manager CRDs from [`CRDS`] that the cluster does not have.
pub async fn missing_crds(applier: &mut Applier) -> anyhow::Result<Vec<&'static str>> {
    let mut missing = Vec::new();
    for name in CRDS {
        let stub = json!({
            "apiVersion": "apiextensions.k8s.io/v1",
            "kind": "CustomResourceDefinition",
            "metadata": {"name": name},
        });
        if applier.get(&stub).await?.is_none() {
            missing.push(name);
        }
    }
    Ok(missing)
}

/// Refuses, in one line, when cert-manager's CRDs are missing.
pub async fn require(applier: &mut Applier) -> anyhow::Result<()> {
    let missing = missing_crds(applier).await?;
    if missing.is_empty() {
        return Ok(());
    }
    Err(AlbctlError::refused(format!(
        "enableCertManager is set but cert-manager is not installed (CRD {} not found); install cert-manager \
         first (https://cert-manager.io/docs/installation/), or set enableCertManager: false",
        missing.join(" and ")
    )))
}

//! The Gateway API's own standard-channel bundle (CRDs, the `safe-upgrades` ValidatingAdmissionPolicy
//! and its binding) at the version the controller is built against, as `scripts/test-deps.sh`
//! downloads it from the `sigs.k8s.io/gateway-api` Go module. Never committed.

use std::path::PathBuf;

use serde_json::Value;

use super::kube::{apply_objects, wait_established};

/// The downloaded `config/crd` folder: `$ALBCTL_TEST_GATEWAY_API_CRDS`, else the cache's.
pub fn crds_dir() -> PathBuf {
    std::env::var_os("ALBCTL_TEST_GATEWAY_API_CRDS").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(std::env::var_os("HOME").expect("HOME is not set")).join(".cache/albctl/gateway-api-v1.6.0")
    })
}

/// Every document of one channel's files (`standard` or `experimental`), in file-name order.
pub fn bundle(channel: &str) -> Vec<Value> {
    let dir = crds_dir().join(channel);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}; run scripts/test-deps.sh", dir.display()))
        .map(|e| e.expect("reading the bundle folder").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let mut docs = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for doc in serde_saphyr::from_multiple::<Value>(&text)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
            .into_iter()
            .filter(|d| !d.is_null())
        {
            docs.push(doc);
        }
    }
    docs
}

/// Server-side applies the standard bundle (CRDs first, then the admission policy and binding)
/// and waits until every CRD is Established; returns the CRD names.
pub async fn install_standard(client: &kube::Client) -> Vec<String> {
    let (crds, rest): (Vec<Value>, Vec<Value>) =
        bundle("standard").into_iter().partition(|d| d["kind"] == "CustomResourceDefinition");
    let failures = apply_objects(client, &crds, false).await;
    assert!(failures.is_empty(), "Gateway API CRDs rejected:\n{}", failures.join("\n"));
    let names: Vec<String> = crds.iter().map(|c| c["metadata"]["name"].as_str().unwrap().to_string()).collect();
    wait_established(client, &names.iter().map(String::as_str).collect::<Vec<_>>()).await;
    let failures = apply_objects(client, &rest, false).await;
    assert!(failures.is_empty(), "Gateway API admission policy rejected:\n{}", failures.join("\n"));
    names
}

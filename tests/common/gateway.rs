//! The real Gateway API v1.6 standard-channel CRDs in the test API server, and the Gateway API
//! objects the controller's users create.
//!
//! The CRDs come from the Go module `sigs.k8s.io/gateway-api` (never committed), as
//! [`super::gateway_api`] finds them.

use std::path::PathBuf;

use kube::Api;
use kube::api::{ApiResource, DynamicObject, Patch, PatchParams, PostParams};
use kube::core::GroupVersionKind;
use serde_json::{Value, json};

/// The standard-channel directory of the Gateway API module.
pub fn crds_dir() -> PathBuf {
    let dir = super::gateway_api::crds_dir().join("standard");
    assert!(dir.join("gateway.networking.k8s.io_gateways.yaml").is_file(), "no Gateway CRD in {}", dir.display());
    dir
}

/// Every document of every `gateway.networking.k8s.io_*.yaml` file of the standard channel:
/// the CRDs and the safe-upgrades ValidatingAdmissionPolicy and its binding.
pub fn standard_documents() -> Vec<Value> {
    let dir = crds_dir();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("gateway.networking.k8s.io_"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let docs: Vec<Value> =
            serde_saphyr::from_multiple(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", f.display()));
        out.extend(docs.into_iter().filter(Value::is_object));
    }
    out
}

/// Server-side applies the standard-channel CRDs (field manager `manager`, as a user's
/// `kubectl apply --server-side` would) and waits until each is Established.
pub async fn install_crds(client: &kube::Client, manager: &str) {
    let crds: Api<DynamicObject> = Api::all_with(client.clone(), &crd_resource());
    let mut names = Vec::new();
    for doc in standard_documents().into_iter().filter(|d| d["kind"] == "CustomResourceDefinition") {
        let name = doc["metadata"]["name"].as_str().unwrap().to_string();
        let obj: DynamicObject = serde_json::from_value(doc).unwrap();
        crds.patch(&name, &PatchParams::apply(manager).force(), &Patch::Apply(&obj))
            .await
            .unwrap_or_else(|e| panic!("applying CRD {name}: {e}"));
        names.push(name);
    }
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    super::kube::wait_established(client, &names).await;
}

fn crd_resource() -> ApiResource {
    ApiResource::from_gvk_with_plural(
        &GroupVersionKind::gvk("apiextensions.k8s.io", "v1", "CustomResourceDefinition"),
        "customresourcedefinitions",
    )
}

fn resource(kind: &str, plural: &str) -> ApiResource {
    ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk("gateway.networking.k8s.io", "v1", kind), plural)
}

/// The Gateways of a namespace.
pub fn gateways(client: &kube::Client, ns: &str) -> Api<DynamicObject> {
    Api::namespaced_with(client.clone(), ns, &resource("Gateway", "gateways"))
}

/// The GatewayClasses.
pub fn gateway_classes(client: &kube::Client) -> Api<DynamicObject> {
    Api::all_with(client.clone(), &resource("GatewayClass", "gatewayclasses"))
}

/// Creates a GatewayClass of `controller` holding the controller's class finalizer, as the
/// controller leaves it after its first reconcile.
pub async fn create_class(client: &kube::Client, name: &str, controller: &str) -> Value {
    let obj: DynamicObject = serde_json::from_value(json!({
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "GatewayClass",
        "metadata": {"name": name, "finalizers": ["gateway.k8s.aws/gatewayclass"]},
        "spec": {"controllerName": controller},
    }))
    .unwrap();
    let made = gateway_classes(client).create(&PostParams::default(), &obj).await.expect("creating GatewayClass");
    serde_json::to_value(made).unwrap()
}

/// Creates a Gateway of `class` with one HTTP listener, holding `finalizer` (as the controller
/// leaves an ALB Gateway: `gateway.k8s.aws/alb`).
pub async fn create_gateway(client: &kube::Client, ns: &str, name: &str, class: &str, finalizer: &str) -> Value {
    let obj: DynamicObject = serde_json::from_value(json!({
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway",
        "metadata": {"namespace": ns, "name": name, "finalizers": [finalizer]},
        "spec": {"gatewayClassName": class, "listeners": [{"name": "http", "protocol": "HTTP", "port": 80}]},
    }))
    .unwrap();
    let made = gateways(client, ns).create(&PostParams::default(), &obj).await.expect("creating Gateway");
    serde_json::to_value(made).unwrap()
}

/// Removes every finalizer of a Gateway (what an operator does once its AWS resources are gone)
/// and waits until the API server has deleted it.
pub async fn release_gateway(client: &kube::Client, ns: &str, name: &str) {
    let api = gateways(client, ns);
    api.patch(name, &PatchParams::default(), &Patch::Merge(json!({"metadata": {"finalizers": null}})))
        .await
        .expect("removing the Gateway's finalizers");
    super::kube::wait_gone(&api, name).await;
}

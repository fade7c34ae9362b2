//! `enableCertManager: true` against a real kube-apiserver and moto: `apply` and `setup`
//! refuse in one line, before any Kubernetes or AWS write, when cert-manager's CRDs are missing; with them it applies the
//! Issuers and Certificates instead of a Secret, and leaves the webhooks' caBundle to
//! cert-manager's CA injector.

use k8s_openapi::api::admissionregistration::v1::{MutatingWebhookConfiguration, ValidatingWebhookConfiguration};
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Secret;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::Api;
use kube::api::{ApiResource, DynamicObject, ListParams, Patch, PatchParams, PostParams};
use serde_json::json;

use crate::common::kube::{Kubelet, wait_established};
use crate::common::{self, CallLog, assert_exit, json_of, stderr};

const CLUSTER: &str = "demo";
const NS: &str = "kube-system";
const WEBHOOK: &str = "aws-load-balancer-webhook";

/// The shared world with a values file turning cert-manager mode on, and this file's helpers.
struct World {
    world: common::World,
    values: tempfile::TempDir,
}

impl std::ops::Deref for World {
    type Target = common::World;
    fn deref(&self) -> &common::World {
        &self.world
    }
}

impl World {
    async fn start() -> World {
        let world = common::World::start(CLUSTER).await;
        let values = tempfile::tempdir().unwrap();
        std::fs::write(values.path().join("values.yaml"), "enableCertManager: true\n").unwrap();
        World { world, values }
    }

    fn apply(&self, extra: &[&str]) -> std::process::Output {
        let kubeconfig = self.kube.kubeconfig();
        let values = self.values.path().join("values.yaml");
        let mut args = vec!["apply", "--cluster", CLUSTER, "--kubeconfig", kubeconfig.to_str().unwrap()];
        args.extend(["-f", values.to_str().unwrap()]);
        args.extend(extra);
        self.aws.albctl(&args)
    }

    /// Every object name in the namespace and cluster-wide kinds albctl writes, to see that
    /// nothing was written.
    async fn written(&self) -> Vec<String> {
        let mut out = Vec::new();
        let crds: Api<CustomResourceDefinition> = Api::all(self.client.clone());
        out.extend(crds.list(&ListParams::default()).await.unwrap().into_iter().filter_map(|c| c.metadata.name));
        let deployments: Api<Deployment> = Api::namespaced(self.client.clone(), NS);
        out.extend(deployments.list(&ListParams::default()).await.unwrap().into_iter().filter_map(|d| d.metadata.name));
        let secrets: Api<Secret> = Api::namespaced(self.client.clone(), NS);
        out.extend(
            secrets
                .list(&ListParams::default().labels("app.kubernetes.io/managed-by=albctl"))
                .await
                .unwrap()
                .into_iter()
                .filter_map(|s| s.metadata.name),
        );
        out
    }

    /// Installs stand-ins for cert-manager's Certificate and Issuer CRDs (any spec accepted) and
    /// waits until they are served.
    async fn install_cert_manager_crds(&self) {
        let crds: Api<CustomResourceDefinition> = Api::all(self.client.clone());
        for (kind, plural) in [("Certificate", "certificates"), ("Issuer", "issuers")] {
            let crd: CustomResourceDefinition = serde_json::from_value(json!({
                "apiVersion": "apiextensions.k8s.io/v1",
                "kind": "CustomResourceDefinition",
                "metadata": {"name": format!("{plural}.cert-manager.io")},
                "spec": {
                    "group": "cert-manager.io",
                    "scope": "Namespaced",
                    "names": {"kind": kind, "plural": plural, "singular": kind.to_lowercase(), "listKind": format!("{kind}List")},
                    "versions": [{
                        "name": "v1", "served": true, "storage": true,
                        "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": true}},
                    }],
                },
            }))
            .unwrap();
            crds.create(&PostParams::default(), &crd).await.unwrap();
        }
        wait_established(&self.client, &["certificates.cert-manager.io", "issuers.cert-manager.io"]).await;
    }

    fn cert_manager_api(&self, kind: &str, plural: &str) -> Api<DynamicObject> {
        let gvk = kube::core::GroupVersionKind::gvk("cert-manager.io", "v1", kind);
        Api::namespaced_with(self.client.clone(), NS, &ApiResource::from_gvk_with_plural(&gvk, plural))
    }
}

#[tokio::test]
async fn apply_refuses_without_cert_manager_before_any_write() {
    let w = World::start().await;
    let before = w.written().await;
    let out = w.apply(&["--timeout", "5s"]);
    assert_exit(&out, 2);
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one line: {err}");
    for needle in ["cert-manager is not installed", "certificates.cert-manager.io", "issuers.cert-manager.io"] {
        assert!(lines[0].contains(needle), "{needle}: {err}");
    }
    assert_eq!(w.written().await, before, "nothing written to the cluster");
    assert!(w.aws.proxy.calls().writes().is_empty(), "no AWS writes: {:?}", w.aws.proxy.calls().writes());

    // setup refuses the same way, before its AWS half writes anything.
    let kubeconfig = w.kube.kubeconfig();
    let values = w.values.path().join("values.yaml");
    let out = w.aws.albctl(&[
        "setup",
        "--cluster",
        CLUSTER,
        "--kubeconfig",
        kubeconfig.to_str().unwrap(),
        "-f",
        values.to_str().unwrap(),
        "--timeout",
        "5s",
    ]);
    assert_exit(&out, 2);
    let err = stderr(&out);
    assert_eq!(err.lines().filter(|l| !l.trim().is_empty()).count(), 1, "one line: {err}");
    assert!(err.contains("cert-manager is not installed"), "{err}");
    assert!(w.aws.proxy.calls().writes().is_empty(), "setup wrote to AWS: {:?}", w.aws.proxy.calls().writes());
    assert_eq!(w.written().await, before, "nothing written to the cluster by setup");
}

#[tokio::test(flavor = "multi_thread")]
async fn apply_with_cert_manager_installs_issuers_and_leaves_the_ca_bundle_to_it() {
    let w = World::start().await;
    w.install_cert_manager_crds().await;
    // No kubelet: play one while apply waits for the controller to be Available.
    let kubelet = Kubelet::start(&w.client);
    let out = w.apply(&["--timeout", "120s", "-o", "json"]);
    kubelet.stop().await;
    assert_exit(&out, 0);
    let doc = json_of(&out);
    assert_eq!(doc["webhook_tls"]["source"], "cert-manager", "{doc:#}");

    let issuers = w.cert_manager_api("Issuer", "issuers");
    for name in ["aws-load-balancer-selfsigned-issuer", "aws-load-balancer-root-issuer"] {
        assert!(issuers.get_opt(name).await.unwrap().is_some(), "{name}");
    }
    let certificates = w.cert_manager_api("Certificate", "certificates");
    assert!(certificates.get_opt("aws-load-balancer-root-cert").await.unwrap().is_some());
    let serving = certificates.get("aws-load-balancer-serving-cert").await.unwrap();
    assert_eq!(serving.data["spec"]["secretName"], "aws-load-balancer-tls");
    let secrets: Api<Secret> = Api::namespaced(w.client.clone(), NS);
    assert!(secrets.get_opt("aws-load-balancer-tls").await.unwrap().is_none(), "the Secret is cert-manager's to make");

    let mutating: Api<MutatingWebhookConfiguration> = Api::all(w.client.clone());
    let validating: Api<ValidatingWebhookConfiguration> = Api::all(w.client.clone());
    let m = mutating.get(WEBHOOK).await.unwrap();
    let v = validating.get(WEBHOOK).await.unwrap();
    for annotations in [&m.metadata.annotations, &v.metadata.annotations] {
        assert_eq!(
            annotations.as_ref().unwrap()["cert-manager.io/inject-ca-from"],
            "kube-system/aws-load-balancer-serving-cert"
        );
    }
    let hooks = m.webhooks.clone().unwrap_or_default();
    assert!(!hooks.is_empty() && hooks.iter().all(|h| h.client_config.ca_bundle.is_none()), "no caBundle from albctl");

    // cert-manager's CA injector fills the caBundle; a later apply keeps it and writes nothing.
    let mut injected = serde_json::to_value(&m).unwrap();
    for hook in injected["webhooks"].as_array_mut().unwrap() {
        hook["clientConfig"]["caBundle"] = json!("LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==");
    }
    let patch = json!({"apiVersion": "admissionregistration.k8s.io/v1", "kind": "MutatingWebhookConfiguration",
        "metadata": {"name": WEBHOOK}, "webhooks": injected["webhooks"]});
    mutating.patch(WEBHOOK, &PatchParams::apply("cert-manager-cainjector"), &Patch::Apply(&patch)).await.unwrap();
    let version = mutating.get(WEBHOOK).await.unwrap().metadata.resource_version;
    let out = w.apply(&["--timeout", "20s", "-o", "json"]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    for o in doc["objects"].as_array().unwrap() {
        assert_eq!(o["status"], "unchanged", "{o}");
    }
    let after = mutating.get(WEBHOOK).await.unwrap();
    assert_eq!(after.metadata.resource_version, version);
    assert!(after.webhooks.unwrap().iter().all(|h| h.client_config.ca_bundle.is_some()), "the injected caBundle stays");
}

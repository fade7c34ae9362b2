//! The controller half against a real kube-apiserver and moto: `apply` in webhook-safe
//! order with its readiness wait, idempotence by resourceVersion, webhook TLS reuse and
//! replacement, ServiceAccount takeover rules, server-side dry run, and `setup` end to end.

use std::collections::BTreeMap;
use std::process::Output;

use k8s_openapi::api::admissionregistration::v1::{MutatingWebhookConfiguration, ValidatingWebhookConfiguration};
use k8s_openapi::api::core::v1::{Secret, ServiceAccount};
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::Api;
use kube::api::{DynamicObject, ListParams, PostParams};
use serde_json::json;

use crate::common::gateway_api;
use crate::common::kube::{Server, add_ready_endpoints, mark_deployment_available};
use crate::common::wait::ALBCTL_TIMEOUT;
use crate::common::world::Options;
use crate::common::{self, assert_exit, fixture::OrPanic, json_of, stderr};

const CLUSTER: &str = "demo";
const NS: &str = "kube-system";
const SA: &str = "aws-load-balancer-controller";
const WEBHOOK: &str = "aws-load-balancer-webhook";

/// The shared world with this file's helpers.
struct World(common::World);

impl std::ops::Deref for World {
    type Target = common::World;
    fn deref(&self) -> &common::World {
        &self.0
    }
}

impl World {
    async fn start() -> World {
        World(common::World::start(CLUSTER).await)
    }

    async fn make_ready(&self) {
        mark_deployment_available(&self.client, NS, "aws-load-balancer-controller").await;
        add_ready_endpoints(&self.client, NS, "aws-load-balancer-webhook-service", "10.0.0.10").await;
    }

    async fn webhooks_exist(&self) -> (bool, bool) {
        let m: Api<MutatingWebhookConfiguration> = Api::all(self.client.clone());
        let v: Api<ValidatingWebhookConfiguration> = Api::all(self.client.clone());
        (m.get_opt(WEBHOOK).await.unwrap().is_some(), v.get_opt(WEBHOOK).await.unwrap().is_some())
    }

    async fn secret(&self) -> Secret {
        Api::<Secret>::namespaced(self.client.clone(), NS).get("aws-load-balancer-tls").await.unwrap()
    }

    /// resourceVersion of every object albctl manages, keyed by kind/namespace/name.
    async fn versions(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for (api_version, kind, plural, namespaced) in [
            ("apiextensions.k8s.io/v1", "CustomResourceDefinition", "customresourcedefinitions", false),
            ("v1", "ServiceAccount", "serviceaccounts", true),
            ("v1", "Secret", "secrets", true),
            ("v1", "Service", "services", true),
            ("apps/v1", "Deployment", "deployments", true),
            ("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", false),
            ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", false),
            ("rbac.authorization.k8s.io/v1", "Role", "roles", true),
            ("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings", true),
            ("policy/v1beta1", "PodDisruptionBudget", "poddisruptionbudgets", true),
            ("networking.k8s.io/v1", "IngressClass", "ingressclasses", false),
            ("elbv2.k8s.aws/v1beta1", "IngressClassParams", "ingressclassparams", false),
            ("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", "mutatingwebhookconfigurations", false),
            (
                "admissionregistration.k8s.io/v1",
                "ValidatingWebhookConfiguration",
                "validatingwebhookconfigurations",
                false,
            ),
        ] {
            let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
            let gvk = kube::core::GroupVersionKind::gvk(group, version, kind);
            let ar = kube::api::ApiResource::from_gvk_with_plural(&gvk, plural);
            let api: Api<DynamicObject> = if namespaced {
                Api::namespaced_with(self.client.clone(), NS, &ar)
            } else {
                Api::all_with(self.client.clone(), &ar)
            };
            let list = match api.list(&ListParams::default().labels("app.kubernetes.io/managed-by=albctl")).await {
                Ok(list) => list,
                Err(kube::Error::Api(s)) if s.code == 404 => continue, // CRD not installed
                Err(e) => panic!("listing {kind}: {e}"),
            };
            for o in list {
                let name = format!(
                    "{kind}/{}/{}",
                    o.metadata.namespace.clone().unwrap_or_default(),
                    o.metadata.name.clone().unwrap()
                );
                out.insert(name, o.metadata.resource_version.clone().unwrap());
            }
        }
        out
    }
}

fn b64(bytes: &[u8]) -> String {
    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, bytes)
}

async fn ca_bundles(client: &kube::Client) -> Vec<String> {
    let m: Api<MutatingWebhookConfiguration> = Api::all(client.clone());
    let v: Api<ValidatingWebhookConfiguration> = Api::all(client.clone());
    let mut out = Vec::new();
    for hooks in [
        m.get(WEBHOOK)
            .await
            .unwrap()
            .webhooks
            .unwrap_or_default()
            .into_iter()
            .map(|w| w.client_config)
            .collect::<Vec<_>>(),
        v.get(WEBHOOK).await.unwrap().webhooks.unwrap_or_default().into_iter().map(|w| w.client_config).collect(),
    ] {
        out.extend(hooks.into_iter().map(|c| b64(&c.ca_bundle.expect("caBundle").0)));
    }
    out
}

#[tokio::test]
async fn apply_waits_for_the_controller_before_any_webhook_then_completes_and_converges() {
    let w = World::start().await;
    let out = w.albctl(&["apply", "--timeout", "20s"]);
    assert_exit(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("Deployment kube-system/aws-load-balancer-controller to be Available"), "{err}");
    assert!(err.contains("aws-load-balancer-webhook-service to have ready endpoints"), "{err}");
    assert_eq!(w.webhooks_exist().await, (false, false), "no webhook configuration before the controller is up");
    let crds: Api<CustomResourceDefinition> = Api::all(w.client.clone());
    for crd in ["targetgroupbindings.elbv2.k8s.aws", "ingressclassparams.elbv2.k8s.aws"] {
        assert!(crds.get_opt(crd).await.unwrap().is_some(), "{crd}");
    }
    let deployments: Api<k8s_openapi::api::apps::v1::Deployment> = Api::namespaced(w.client.clone(), NS);
    let deployment = serde_json::to_value(deployments.get("aws-load-balancer-controller").await.unwrap()).unwrap();
    let args = deployment["spec"]["template"]["spec"]["containers"][0]["args"].to_string();
    for arg in [
        "--cluster-name=demo",
        "--ingress-class=alb",
        "--aws-region=us-west-2",
        &format!("--aws-vpc-id={}", w.fx.vpc_id),
    ] {
        assert!(args.contains(arg), "{arg} missing from {args}");
    }

    w.make_ready().await;
    let out = w.albctl(&["apply", "--timeout", "20s", "-o", "json"]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    assert_eq!(doc["ready"], true);
    assert_eq!(w.webhooks_exist().await, (true, true));
    let secret = w.secret().await;
    let ca = b64(&secret.data.as_ref().unwrap()["ca.crt"].0);
    let bundles = ca_bundles(&w.client).await;
    assert!(!bundles.is_empty() && bundles.iter().all(|b| *b == ca), "caBundle comes from the Secret's ca.crt");

    let before = w.versions().await;
    assert!(before.len() >= 14, "{before:#?}");
    let out = w.albctl(&["apply", "--timeout", "20s", "-o", "json"]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    assert_eq!(doc["webhook_tls"]["source"], "reused");
    for o in doc["objects"].as_array().unwrap() {
        assert_eq!(o["status"], "unchanged", "{o}\n{}", stderr(&out));
    }
    assert_eq!(w.versions().await, before, "a second apply changes no resourceVersion");
    assert_eq!(w.secret().await.data, secret.data, "same certificate");
}

#[tokio::test]
async fn a_bad_webhook_certificate_is_replaced_and_the_ca_bundle_follows() {
    let w = World::start().await;
    assert_exit(&w.albctl_with_kubelet(&["apply", "--timeout", ALBCTL_TIMEOUT]).await, 0);

    // A certificate for the wrong service name (wrong SANs), then an expired one.
    let now = time::OffsetDateTime::now_utc();
    let wrong_san = albctl::tls::generate("some-other-service", NS, now).unwrap();
    let expired = albctl::tls::generate_with_validity(
        "aws-load-balancer-webhook-service",
        NS,
        now - time::Duration::days(400),
        now - time::Duration::days(1),
    )
    .unwrap();
    for (bad, why) in [(wrong_san, "dns names"), (expired, "expired")] {
        let secrets: Api<Secret> = Api::namespaced(w.client.clone(), NS);
        let patch = json!({"data": {"ca.crt": b64(bad.ca_crt.as_bytes()), "tls.crt": b64(bad.tls_crt.as_bytes()), "tls.key": b64(bad.tls_key.as_bytes())}});
        secrets
            .patch("aws-load-balancer-tls", &kube::api::PatchParams::default(), &kube::api::Patch::Merge(&patch))
            .await
            .unwrap();
        let out = w.albctl(&["apply", "--timeout", "20s", "-o", "json"]);
        assert_exit(&out, 0);
        let doc = json_of(&out);
        assert_eq!(doc["webhook_tls"]["source"], "generated", "{why}: {doc:#}");
        let reason = doc["webhook_tls"]["reason"].as_str().unwrap().to_lowercase();
        assert!(reason.contains(&why.to_lowercase()), "{why}: {reason}");
        let secret = w.secret().await;
        let ca = b64(&secret.data.as_ref().unwrap()["ca.crt"].0);
        assert_ne!(ca, b64(bad.ca_crt.as_bytes()), "{why}: replaced");
        assert!(ca_bundles(&w.client).await.iter().all(|b| *b == ca), "{why}: caBundle follows the Secret");
    }
}

#[tokio::test]
async fn a_service_account_managed_by_helm_needs_the_override_flag() {
    let w = World::start().await;
    let sas: Api<ServiceAccount> = Api::namespaced(w.client.clone(), NS);
    let helm_sa: ServiceAccount = serde_json::from_value(json!({
        "metadata": {"name": SA, "namespace": NS,
            "labels": {"app.kubernetes.io/managed-by": "Helm"},
            "annotations": {"meta.helm.sh/release-name": "aws-load-balancer-controller"}}
    }))
    .unwrap();
    sas.create(&PostParams::default(), &helm_sa).await.unwrap();
    let version = sas.get(SA).await.unwrap().metadata.resource_version;

    let out = w.albctl(&["apply", "--timeout", "1s"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("--override-existing-serviceaccounts"), "{}", stderr(&out));
    assert_eq!(sas.get(SA).await.unwrap().metadata.resource_version, version, "not modified");

    let role = format!("arn:aws:iam::{}:role/AmazonEKSLoadBalancerControllerRole-demo", w.fx.account);
    let out =
        w.albctl_with_kubelet(&["apply", "--timeout", ALBCTL_TIMEOUT, "--override-existing-serviceaccounts"]).await;
    assert_exit(&out, 0);
    let sa = sas.get(SA).await.unwrap();
    assert_eq!(sa.metadata.annotations.as_ref().unwrap()["eks.amazonaws.com/role-arn"], role);
    assert_eq!(sa.metadata.labels.as_ref().unwrap()["app.kubernetes.io/managed-by"], "albctl");

    w.make_ready().await;
    assert_exit(&w.albctl(&["apply", "--timeout", "20s"]), 0);
    let sa = sas.get(SA).await.unwrap();
    assert_eq!(sa.metadata.annotations.as_ref().unwrap()["eks.amazonaws.com/role-arn"], role, "annotation survives");
}

#[tokio::test]
async fn server_side_dry_run_validates_everything_and_persists_nothing() {
    let w = World::start().await;
    let out = w.albctl(&["apply", "--dry-run=server", "-o", "json"]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    let objects = doc["objects"].as_array().unwrap();
    assert!(objects.len() >= 16, "{doc:#}");
    assert!(objects.iter().all(|o| o["status"] == "would-create"), "{doc:#}");
    assert!(w.versions().await.is_empty(), "dry run persisted objects");
}

#[tokio::test]
async fn setup_end_to_end_then_everything_unchanged() {
    setup_twice_on(Server::Current).await;
}

#[tokio::test]
async fn setup_end_to_end_then_everything_unchanged_on_the_oldest_server() {
    setup_twice_on(Server::Oldest).await;
}

async fn setup_twice_on(server: Server) {
    let w = World(common::World::start_with(Options { server, ..Options::new(CLUSTER) }).await);
    let out = w.albctl_with_kubelet(&["setup", "--timeout", ALBCTL_TIMEOUT, "-o", "json"]).await;
    assert_exit(&out, 0);
    let doc = json_of(&out);
    assert_eq!(doc["controller"]["ready"], true, "{doc:#}");

    let role = aws_sdk_iam::Client::new(&w.aws.sdk().await)
        .get_role()
        .role_name("AmazonEKSLoadBalancerControllerRole-demo")
        .send()
        .await
        .or_panic("GetRole");
    let sa = Api::<ServiceAccount>::namespaced(w.client.clone(), NS).get(SA).await.unwrap();
    assert_eq!(sa.metadata.annotations.as_ref().unwrap()["eks.amazonaws.com/role-arn"], role.role().unwrap().arn());
    assert_eq!(w.webhooks_exist().await, (true, true));

    let before = w.versions().await;
    w.aws.proxy.reset();
    let out = w.albctl(&["setup", "--timeout", "20s", "-o", "json"]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    assert_eq!(doc["changed"], false, "{doc:#}");
    assert!(doc["steps"].as_array().unwrap().iter().all(|s| s["status"] == "unchanged"));
    for o in doc["controller"]["objects"].as_array().unwrap() {
        assert_eq!(o["status"], "unchanged", "{o}");
    }
    assert_eq!(w.versions().await, before);
    use crate::common::CallLog;
    assert_eq!(w.aws.proxy.calls().writes().len(), 0);
    let out = w.albctl(&["setup", "--check"]);
    assert_exit(&out, 0);
}

/// Parses stdout as JSON documents, however many there are.
fn json_documents(out: &Output) -> Vec<serde_json::Value> {
    serde_json::Deserializer::from_slice(&out.stdout)
        .into_iter::<serde_json::Value>()
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", String::from_utf8_lossy(&out.stdout)))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_failed_setup_or_teardown_prints_one_json_document_with_its_error() {
    // DeleteRole is denied from the start; setup never calls it, teardown does.
    let w =
        World(common::World::start_with(Options { proxy: &["--deny", "DeleteRole"], ..Options::new(CLUSTER) }).await);
    // The controller never becomes ready (nobody plays kubelet): setup fails after its AWS half.
    let out = w.albctl(&["setup", "--timeout", "2s", "-o", "json"]);
    assert_exit(&out, 2);
    let docs = json_documents(&out);
    assert_eq!(docs.len(), 1, "one document on stdout: {docs:#?}");
    let doc = &docs[0];
    assert_eq!(doc["schema_version"], "albctl.v1");
    assert!(doc["steps"].as_array().is_some_and(|s| !s.is_empty()), "the AWS steps are in it: {doc:#}");
    assert!(doc["controller"]["objects"].as_array().is_some_and(|o| !o.is_empty()), "{doc:#}");
    assert_eq!(doc["error"]["exit_code"], 2);
    assert!(doc["error"]["message"].as_str().unwrap().contains("to be Available"), "{doc:#}");
    let err = stderr(&out);
    assert_eq!(err.lines().filter(|l| l.starts_with("error: ")).count(), 1, "{err}");

    // A teardown that AWS stops part-way (DeleteRole denied): the same one document.
    let out = w.albctl(&["teardown", "-o", "json"]);
    assert_exit(&out, 2);
    let docs = json_documents(&out);
    assert_eq!(docs.len(), 1, "one document on stdout: {docs:#?}");
    assert_eq!(docs[0]["command"], "teardown");
    assert!(docs[0]["error"]["message"].as_str().unwrap().contains("DeleteRole"), "{:#}", docs[0]);
    assert!(docs[0]["steps"].as_array().unwrap().iter().any(|s| s["status"] == "failed"), "{:#}", docs[0]);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_gateway_path_runs_beside_the_gateway_apis_own_crds() {
    let w = World::start().await;
    let standard = gateway_api::install_standard(&w.client).await;
    assert!(standard.len() >= 8, "the standard channel's CRDs: {standard:?}");

    let out = w.albctl_with_kubelet(&["setup", "--gateway-api", "--timeout", ALBCTL_TIMEOUT, "-o", "json"]).await;
    assert_exit(&out, 0);
    let doc = json_of(&out);
    let crds: Vec<&str> = doc["controller"]["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["kind"] == "CustomResourceDefinition")
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    let gateway = [
        "listenerruleconfigurations.gateway.k8s.aws",
        "loadbalancerconfigurations.gateway.k8s.aws",
        "targetgroupconfigurations.gateway.k8s.aws",
    ];
    for name in gateway {
        assert!(crds.contains(&name), "{name} not applied: {crds:?}");
    }
    crate::common::kube::wait_established(&w.client, &gateway).await;

    // The Gateway API's own CRDs are not albctl's: untouched, and the second run writes nothing.
    let out = w.albctl_with_kubelet(&["setup", "--gateway-api", "--timeout", ALBCTL_TIMEOUT, "-o", "json"]).await;
    assert_exit(&out, 0);
    let doc = json_of(&out);
    for o in doc["controller"]["objects"].as_array().unwrap() {
        assert_eq!(o["status"], "unchanged", "{o}");
        assert!(!o["name"].as_str().unwrap().ends_with("gateway.networking.k8s.io"), "albctl wrote {o}");
    }
}

/// A default `setup` (IRSA, no `--role-name`: it reads the ServiceAccount for an adopted role,
/// then prepares and applies the controller) opens one connection to the API server. Every
/// connection albctl makes asks the server for its version once, so the API server's own audit
/// log of `GET /version` counts them.
#[tokio::test]
async fn a_default_setup_connects_to_the_api_server_once() {
    let audit = tempfile::tempdir().expect("temporary directory");
    let policy = audit.path().join("policy.yaml");
    std::fs::write(
        &policy,
        "apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n\
         - level: Metadata\n  nonResourceURLs: [/version]\n- level: None\n",
    )
    .expect("writing the audit policy");
    let log = audit.path().join("audit.log");
    let flags = [
        format!("--audit-policy-file={}", policy.display()),
        format!("--audit-log-path={}", log.display()),
        "--audit-log-mode=blocking".to_string(),
    ];
    let aws = crate::common::AwsEnv::start();
    let _fx = crate::common::fixture::build(&aws, CLUSTER).await;
    let kube = crate::common::kube::KubeApiServer::start_with(&flags.iter().map(String::as_str).collect::<Vec<_>>());
    let version_requests = || {
        std::fs::read_to_string(&log)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("an audit event"))
            .filter(|e| e["requestURI"] == "/version" && e["stage"] == "ResponseComplete")
            .count()
    };
    let before = version_requests();
    let kubeconfig = kube.kubeconfig();
    let out =
        aws.albctl(&["setup", "--timeout", "2s", "--cluster", CLUSTER, "--kubeconfig", kubeconfig.to_str().unwrap()]);
    // The controller never becomes ready here (no kubelet): setup gets as far as its wait.
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("to be Available"), "{}", stderr(&out));
    assert_eq!(version_requests() - before, 1, "connections made by one setup run");
}

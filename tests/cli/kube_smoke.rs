//! Smoke tests of the kube-apiserver harness, and of the rendered manifests against a real
//! v1.20 API server: every object must pass server-side apply validation.

use std::time::Duration;

use albctl::controller::render::{self, RenderInput, Values};
use albctl::model::ImageRegistry;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::Endpoints;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::api::{Api, DynamicObject, Patch, PatchParams};
use kube::core::GroupVersionKind;
use kube::discovery::{Discovery, Scope};
use kube::runtime::wait::{await_condition, conditions};
use serde_json::Value as Json;

use crate::common::kube::{KubeApiServer, add_ready_endpoints, mark_deployment_available};

/// A fixed render input. Gateway CRDs only for servers that can hold them (>= 1.25).
fn input(server_version: Option<(u32, u32)>) -> RenderInput {
    let namespace = "kube-system";
    RenderInput {
        cluster_name: "smoke".into(),
        region: "eu-west-1".into(),
        vpc_id: "vpc-0123456789abcdef0".into(),
        namespace: namespace.into(),
        service_account: "aws-load-balancer-controller".into(),
        role_arn: Some("arn:aws:iam::111122223333:role/AmazonEKSLoadBalancerControllerRole-smoke".into()),
        image: render::image_for(ImageRegistry::Public, "eu-west-1", None, render::DEFAULT_CONTROLLER_VERSION).unwrap(),
        values: Values::default(),
        gateway_api: server_version.is_none_or(|v| v >= (1, 25)),
        tls: albctl::tls::generate(render::WEBHOOK_SERVICE_NAME, namespace, time::OffsetDateTime::now_utc()).unwrap(),
        server_version,
    }
}

async fn server_version(client: &kube::Client) -> (u32, u32) {
    let info = client.apiserver_version().await.expect("GET /version");
    let minor: String = info.minor.chars().take_while(char::is_ascii_digit).collect();
    (info.major.parse().unwrap(), minor.parse().unwrap())
}

fn gvk_of(obj: &Json) -> GroupVersionKind {
    let api_version = obj["apiVersion"].as_str().unwrap();
    let (group, version) = api_version.split_once('/').unwrap_or(("", api_version));
    GroupVersionKind::gvk(group, version, obj["kind"].as_str().unwrap())
}

fn name_of(obj: &Json) -> String {
    format!("{}/{}", obj["kind"].as_str().unwrap_or("?"), obj["metadata"]["name"].as_str().unwrap_or("?"))
}

/// Server-side apply of each object (field manager albctl), dry-run or for real; returns the
/// failures as "Kind/name: error".
async fn apply(client: &kube::Client, objects: &[Json], dry_run: bool) -> Vec<String> {
    let discovery = Discovery::new(client.clone()).run().await.expect("discovery");
    let mut params = PatchParams::apply("albctl");
    if dry_run {
        params = params.dry_run();
    }
    let mut failures = Vec::new();
    for obj in objects {
        let gvk = gvk_of(obj);
        let Some((ar, caps)) = discovery.resolve_gvk(&gvk) else {
            failures.push(format!("{}: the server does not serve {gvk:?}", name_of(obj)));
            continue;
        };
        let api: Api<DynamicObject> = match caps.scope {
            Scope::Namespaced => {
                Api::namespaced_with(client.clone(), obj["metadata"]["namespace"].as_str().unwrap(), &ar)
            }
            Scope::Cluster => Api::all_with(client.clone(), &ar),
        };
        let name = obj["metadata"]["name"].as_str().unwrap();
        if let Err(e) = api.patch(name, &params, &Patch::Apply(obj)).await {
            failures.push(format!("{}: {e}", name_of(obj)));
        }
    }
    failures
}

async fn wait_established(client: &kube::Client, crds: &[Json]) {
    let api: Api<CustomResourceDefinition> = Api::all(client.clone());
    for crd in crds {
        let name = crd["metadata"]["name"].as_str().unwrap();
        tokio::time::timeout(
            Duration::from_secs(30),
            await_condition(api.clone(), name, conditions::is_crd_established()),
        )
        .await
        .unwrap_or_else(|_| panic!("CRD {name} not Established within 30 s"))
        .expect("watching the CRD");
    }
}

#[tokio::test]
async fn apiserver_starts_and_is_v1_20() {
    let server = KubeApiServer::start();
    eprintln!("kube-apiserver ready after {:?}", server.startup);
    let client = server.client().await;
    let info = client.apiserver_version().await.unwrap();
    assert_eq!(info.major, "1");
    assert!(info.git_version.starts_with("v1.20."), "{}", info.git_version);
    assert_eq!(server_version(&client).await, (1, 20));

    // The kubeconfig works for a client built from it.
    let kubeconfig = kube::config::Kubeconfig::read_from(server.kubeconfig()).unwrap();
    let config = kube::Config::from_custom_kubeconfig(kubeconfig, &Default::default()).await.unwrap();
    let from_file = kube::Client::try_from(config).unwrap();
    assert_eq!(from_file.apiserver_version().await.unwrap().git_version, info.git_version);

    // The unprivileged user is authenticated but may do nothing.
    let nobody = server.client_with_token(&server.unprivileged_token).await;
    let err = Api::<Deployment>::namespaced(nobody, "kube-system").list(&Default::default()).await.unwrap_err();
    assert!(matches!(err, kube::Error::Api(ref s) if s.is_forbidden()), "{err}");
}

#[tokio::test]
async fn rendered_objects_pass_server_side_apply() {
    let server = KubeApiServer::start();
    let client = server.client().await;
    let version = server_version(&client).await;
    let objects = render::render(&input(Some(version))).unwrap();
    let (crds, rest): (Vec<Json>, Vec<Json>) =
        objects.into_iter().partition(|o| o["kind"] == "CustomResourceDefinition");
    assert_eq!(crds.len(), 4);

    // CRDs for real (their kinds must exist before IngressClassParams can be checked) ...
    let failures = apply(&client, &crds, false).await;
    assert!(failures.is_empty(), "CRDs rejected:\n{}", failures.join("\n"));
    wait_established(&client, &crds).await;

    // ... then everything else as a server-side dry run.
    let failures = apply(&client, &rest, true).await;
    assert!(
        failures.is_empty(),
        "objects rejected by the v1.20 API server:\n{}\n{}",
        failures.join("\n"),
        server.log_tail()
    );
    // Nothing was persisted by the dry run.
    let deployments: Api<Deployment> = Api::namespaced(client.clone(), "kube-system");
    assert!(deployments.get_opt(render::DEPLOYMENT_NAME).await.unwrap().is_none());
}

#[tokio::test]
async fn v1_20_rejects_what_albctl_strips() {
    let server = KubeApiServer::start();
    let client = server.client().await;
    // Rendered for an unknown (current) server: CEL rules kept, PDB policy/v1.
    let mut current = input(None);
    current.gateway_api = false;
    let objects = render::render(&current).unwrap();
    let with_rules: Vec<Json> = objects
        .iter()
        .filter(|o| o["kind"] == "CustomResourceDefinition" && o.to_string().contains("x-kubernetes-validations"))
        .cloned()
        .collect();
    let failures = apply(&client, &with_rules, true).await;
    assert!(!failures.is_empty(), "v1.20 accepted every CRD with x-kubernetes-validations");
    for failure in &failures {
        assert!(failure.contains("x-kubernetes-validations: field not declared in schema"), "{failure}");
    }
    let pdb: Vec<Json> = objects.iter().filter(|o| o["kind"] == "PodDisruptionBudget").cloned().collect();
    let failures = apply(&client, &pdb, true).await;
    assert_eq!(failures.len(), 1, "v1.20 does not serve policy/v1");
}

#[tokio::test]
async fn deployments_can_be_marked_available_and_services_given_endpoints() {
    let server = KubeApiServer::start();
    let client = server.client().await;
    let version = server_version(&client).await;
    let objects = render::render(&input(Some(version))).unwrap();
    let wanted: Vec<Json> =
        objects.into_iter().filter(|o| o["kind"] == "Deployment" || o["kind"] == "Service").collect();
    let failures = apply(&client, &wanted, false).await;
    assert!(failures.is_empty(), "{failures:?}");

    mark_deployment_available(&client, "kube-system", render::DEPLOYMENT_NAME).await;
    let deploy =
        Api::<Deployment>::namespaced(client.clone(), "kube-system").get(render::DEPLOYMENT_NAME).await.unwrap();
    let status = deploy.status.unwrap();
    assert_eq!(status.observed_generation, deploy.metadata.generation);
    assert_eq!(status.available_replicas, Some(2));
    assert_eq!(status.ready_replicas, Some(2));
    assert_eq!(status.updated_replicas, Some(2));
    let available = status.conditions.unwrap().into_iter().find(|c| c.type_ == "Available").unwrap();
    assert_eq!(available.status, "True");

    add_ready_endpoints(&client, "kube-system", render::WEBHOOK_SERVICE_NAME, "10.0.0.10").await;
    // Applying again replaces, not appends.
    add_ready_endpoints(&client, "kube-system", render::WEBHOOK_SERVICE_NAME, "10.0.0.11").await;
    let ep = Api::<Endpoints>::namespaced(client, "kube-system").get(render::WEBHOOK_SERVICE_NAME).await.unwrap();
    let subsets = ep.subsets.unwrap();
    assert_eq!(subsets.len(), 1);
    let addresses = subsets[0].addresses.clone().unwrap();
    assert_eq!(addresses.len(), 1);
    assert_eq!(addresses[0].ip, "10.0.0.11");
    assert_eq!(subsets[0].ports.as_ref().unwrap()[0].port, 9443);
}

//! Smoke tests of the kube-apiserver harness, and of the rendered manifests against real API
//! servers (the newest Kubernetes minor EKS offers and the oldest it still supports): every object
//! must pass server-side apply validation, and what today's servers enforce (CRD validation rules,
//! ValidatingAdmissionPolicy) is enforced.

use albctl::controller::render::{self, RenderInput, Values};
use albctl::model::ImageRegistry;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::discovery::v1::EndpointSlice;
use kube::api::Api;
use serde_json::Value as Json;

use crate::common::kube::{
    KubeApiServer, Server, add_ready_endpoints, apply_objects, mark_deployment_available, wait_established,
};
use crate::common::{gateway_api, wait};

/// A fixed render input, gateway CRDs included.
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
        gateway_api: true,
        tls: albctl::tls::generate(render::WEBHOOK_SERVICE_NAME, namespace, time::OffsetDateTime::now_utc()).unwrap(),
        server_version,
    }
}

async fn server_version(client: &kube::Client) -> (u32, u32) {
    let info = client.apiserver_version().await.expect("GET /version");
    let minor: String = info.minor.chars().take_while(char::is_ascii_digit).collect();
    (info.major.parse().unwrap(), minor.parse().unwrap())
}

#[tokio::test]
async fn apiservers_start_and_report_their_versions() {
    for which in [Server::Current, Server::Oldest] {
        let server = KubeApiServer::start_server(which, &[]);
        eprintln!("kube-apiserver {} ready after {:?}", which.version(), server.startup);
        let client = server.client().await;
        let info = client.apiserver_version().await.unwrap();
        assert_eq!(info.git_version, which.version(), "the binary built for {which:?}");
        assert_eq!(info.major, "1");

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
}

#[tokio::test]
async fn rendered_objects_pass_server_side_apply() {
    for which in [Server::Current, Server::Oldest] {
        let server = KubeApiServer::start_server(which, &[]);
        let client = server.client().await;
        let version = server_version(&client).await;
        let objects = render::render(&input(Some(version))).unwrap();
        let (crds, rest): (Vec<Json>, Vec<Json>) =
            objects.into_iter().partition(|o| o["kind"] == "CustomResourceDefinition");
        assert_eq!(crds.len(), 7, "four CRDs and the three gateway CRDs");

        // CRDs for real (their kinds must exist before IngressClassParams can be checked) ...
        let failures = apply_objects(&client, &crds, false).await;
        assert!(failures.is_empty(), "CRDs rejected by {}:\n{}", which.version(), failures.join("\n"));
        let names: Vec<&str> = crds.iter().map(|c| c["metadata"]["name"].as_str().unwrap()).collect();
        wait_established(&client, &names).await;

        // ... then everything else as a server-side dry run.
        let failures = apply_objects(&client, &rest, true).await;
        assert!(
            failures.is_empty(),
            "objects rejected by the {} API server:\n{}\n{}",
            which.version(),
            failures.join("\n"),
            server.log_tail()
        );
        // Nothing was persisted by the dry run.
        let deployments: Api<Deployment> = Api::namespaced(client.clone(), "kube-system");
        assert!(deployments.get_opt(render::DEPLOYMENT_NAME).await.unwrap().is_none());
    }
}

#[tokio::test]
async fn the_controllers_crd_validation_rules_are_enforced() {
    let server = KubeApiServer::start();
    let client = server.client().await;
    let mut with_rules = input(Some(server_version(&client).await));
    with_rules.gateway_api = false;
    let params = render::render(&with_rules)
        .unwrap()
        .into_iter()
        .find(|o| o["metadata"]["name"] == "ingressclassparams.elbv2.k8s.aws")
        .unwrap();
    assert!(params.to_string().contains("x-kubernetes-validations"), "the CRD carries CEL rules on this server");
    assert!(apply_objects(&client, &[params], false).await.is_empty());
    wait_established(&client, &["ingressclassparams.elbv2.k8s.aws"]).await;

    // The rule `!(has(self.prefixListsIDs) && has(self.PrefixListsIDs))` rejects both spellings at once.
    let both = serde_json::json!({
        "apiVersion": "elbv2.k8s.aws/v1beta1", "kind": "IngressClassParams", "metadata": {"name": "both"},
        "spec": {"prefixListsIDs": ["pl-1"], "PrefixListsIDs": ["pl-2"]},
    });
    let failures = apply_objects(&client, &[both], true).await;
    assert_eq!(failures.len(), 1, "the API server enforced no CEL rule");
    assert!(failures[0].contains("cannot specify both 'prefixListsIDs' and 'PrefixListsIDs' fields"), "{failures:?}");
}

#[tokio::test]
async fn the_gateway_api_bundles_admission_policy_is_enforced() {
    let server = KubeApiServer::start();
    let client = server.client().await;
    let crds = gateway_api::install_standard(&client).await;
    assert!(crds.iter().any(|c| c == "gateways.gateway.networking.k8s.io"), "{crds:?}");

    // The safe-upgrades ValidatingAdmissionPolicy refuses experimental CRDs over standard ones.
    let experimental = gateway_api::bundle("experimental")
        .into_iter()
        .find(|d| d["metadata"]["name"] == "gateways.gateway.networking.k8s.io")
        .expect("the experimental Gateway CRD");
    let refusal = wait::until("the safe-upgrades policy to deny an experimental CRD", wait::PATIENCE, || {
        let (client, experimental) = (client.clone(), experimental.clone());
        async move {
            let failures = apply_objects(&client, &[experimental], true).await;
            failures.into_iter().next().ok_or_else(|| "the experimental CRD was accepted".to_string())
        }
    })
    .await;
    assert!(
        refusal.contains("Installing experimental CRDs on top of standard channel CRDs is prohibited"),
        "{refusal}"
    );
}

#[tokio::test]
async fn deployments_can_be_marked_available_and_services_given_endpoints() {
    let server = KubeApiServer::start();
    let client = server.client().await;
    let version = server_version(&client).await;
    let objects = render::render(&input(Some(version))).unwrap();
    let wanted: Vec<Json> =
        objects.into_iter().filter(|o| o["kind"] == "Deployment" || o["kind"] == "Service").collect();
    let failures = apply_objects(&client, &wanted, false).await;
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
    let slices = Api::<EndpointSlice>::namespaced(client, "kube-system")
        .list(
            &kube::api::ListParams::default()
                .labels(&format!("kubernetes.io/service-name={}", render::WEBHOOK_SERVICE_NAME)),
        )
        .await
        .unwrap()
        .items;
    assert_eq!(slices.len(), 1, "one slice for the Service");
    assert_eq!(slices[0].endpoints.len(), 1);
    assert_eq!(slices[0].endpoints[0].addresses, vec!["10.0.0.11".to_string()]);
    assert_eq!(slices[0].ports.as_ref().unwrap()[0].port, Some(9443));
}

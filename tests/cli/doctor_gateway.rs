//! doctor's Gateway API area (GW001-GW011) against moto and a real kube-apiserver with the real
//! Gateway API v1.6 standard CRDs and the controller's own gateway.k8s.aws CRDs (albctl's
//! templates, which are upstream's at v3.5.0): a cluster without them is not judged, a healthy
//! Gateway set passes every check, and each fault is built for real and must fail (or warn)
//! with its evidence and fix.
//!
//! No controller runs: the test writes the status a controller would write (conditions of
//! GatewayClasses, Gateways and routes) and its events, and creates the controller's pods.

use std::time::Duration;

use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{Event, Pod};
use kube::Api;
use kube::api::{ApiResource, DeleteParams, DynamicObject, ListParams, Patch, PatchParams, PostParams};
use kube::core::GroupVersionKind;
use serde_json::{Value, json};

use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;

use crate::common::kube::{apply_objects, mark_deployment_available, wait_established, wait_gone};
use crate::common::{self, gateway, json_of, stderr, wait};

const CLUSTER: &str = "demo";
const NS: &str = "kube-system";
const DEPLOYMENT: &str = "aws-load-balancer-controller";
const CLASS: &str = "alb";
const GW_CODES: [&str; 11] =
    ["GW001", "GW002", "GW003", "GW004", "GW005", "GW006", "GW007", "GW008", "GW009", "GW010", "GW011"];
const LBC_CRDS: [&str; 3] = [
    "loadbalancerconfigurations.gateway.k8s.aws",
    "targetgroupconfigurations.gateway.k8s.aws",
    "listenerruleconfigurations.gateway.k8s.aws",
];

/// Which Gateway CRDs exist before `setup` starts the controller.
#[derive(Clone, Copy, PartialEq)]
enum Crds {
    /// None: a cluster that only uses Ingress.
    None,
    /// The standard bundle and the controller's CRDs at v1, as v3.5.0 needs them.
    Current,
    /// The standard bundle and the controller's CRDs at v1beta1 only, as v3.4.x left them.
    ControllerV1beta1Only,
}

struct GwWorld {
    w: common::World,
}

impl GwWorld {
    /// The AWS half and the controller applied by `setup` (the kubelet played), the Gateway CRDs
    /// `crds` says installed before it, then two controller pods.
    async fn start(crds: Crds) -> GwWorld {
        let w = common::World::start_eks_like(CLUSTER).await;
        if crds != Crds::None {
            gateway::install_crds(&w.client, "kubectl").await;
        }
        w.setup(&[]).await;
        // NB: setup made its GatewayClasses and brought the controller's CRDs to v1; each scenario
        // starts from the cluster `crds` describes, without a GatewayClass.
        let classes = api(&w.client, "GatewayClass", "gatewayclasses", None);
        let made = [albctl::model::gateway_api::DEFAULT_ALB_CLASS, albctl::model::gateway_api::DEFAULT_NLB_CLASS];
        for class in made.into_iter().filter(|_| crds != Crds::None) {
            if classes.get_opt(class).await.unwrap().is_some() {
                classes.delete(class, &DeleteParams::default()).await.unwrap();
                wait_gone(&classes, class).await;
            }
        }
        let crd_api: Api<CustomResourceDefinition> = Api::all(w.client.clone());
        let mut deleted = Vec::new();
        for name in LBC_CRDS {
            if crd_api.get_opt(name).await.unwrap().is_some() {
                crd_api.delete(name, &DeleteParams::default()).await.unwrap();
                deleted.push(name);
            }
        }
        for name in deleted {
            wait_gone(&crd_api, name).await;
        }
        match crds {
            Crds::None => {}
            Crds::Current => install_controller_crds(&w.client, false).await,
            Crds::ControllerV1beta1Only => install_controller_crds(&w.client, true).await,
        }
        let g = GwWorld { w };
        g.restart_pods().await;
        g
    }

    fn client(&self) -> &kube::Client {
        &self.w.client
    }

    /// Replaces the controller pods with two new ones (a rollout restart, played).
    async fn restart_pods(&self) {
        let pods: Api<Pod> = Api::namespaced(self.client().clone(), NS);
        let deploy: Api<Deployment> = Api::namespaced(self.client().clone(), NS);
        let labels = deploy.get(DEPLOYMENT).await.unwrap().spec.unwrap().selector.match_labels.unwrap();
        let selector: Vec<String> = labels.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let lp = ListParams::default().labels(&selector.join(","));
        pods.delete_collection(&DeleteParams { grace_period_seconds: Some(0), ..Default::default() }, &lp)
            .await
            .unwrap();
        wait::until_true("the old controller pods to be gone", wait::PATIENCE, || async {
            pods.list(&lp).await.unwrap().items.is_empty()
        })
        .await;
        // The web identity environment the EKS pod identity webhook injects (K8S004).
        let role_arn = format!("arn:aws:iam::{}:role/AmazonEKSLoadBalancerControllerRole-{CLUSTER}", self.w.fx.account);
        let env = json!([{"name": "AWS_ROLE_ARN", "value": role_arn},
            {"name": "AWS_WEB_IDENTITY_TOKEN_FILE", "value": "/var/run/secrets/eks.amazonaws.com/serviceaccount/token"}]);
        for i in 0..2 {
            let pod: Pod = serde_json::from_value(json!({
                "metadata": {"generateName": format!("{DEPLOYMENT}-{i}-"), "namespace": NS, "labels": labels},
                "spec": {"serviceAccountName": DEPLOYMENT, "automountServiceAccountToken": false, "containers": [{"name": DEPLOYMENT,
                    "image": "public.ecr.aws/eks/aws-load-balancer-controller:v3.5.0", "env": env}]},
            }))
            .unwrap();
            pods.create(&PostParams::default(), &pod).await.unwrap();
        }
    }

    /// `doctor -o json`; its exit code agrees with its failures.
    fn doctor(&self) -> Value {
        let out = self.w.albctl(&["doctor", "-o", "json"]);
        assert!(matches!(out.status.code(), Some(0 | 1)), "doctor could not run: {}", stderr(&out));
        let doc = json_of(&out);
        let failed = doc["summary"]["fail"].as_u64().unwrap();
        assert_eq!(out.status.code(), Some(if failed > 0 { 1 } else { 0 }), "exit code vs {doc:#}");
        doc
    }

    async fn set_controller_args(&self, extra: &[&str]) {
        let api: Api<Deployment> = Api::namespaced(self.client().clone(), NS);
        let d = api.get(DEPLOYMENT).await.unwrap();
        let mut args = d.spec.unwrap().template.spec.unwrap().containers[0].args.clone().unwrap();
        args.extend(extra.iter().map(|a| a.to_string()));
        let patch = json!({"spec": {"template": {"spec": {"containers": [{"name": DEPLOYMENT, "args": args}]}}}});
        api.patch(DEPLOYMENT, &PatchParams::default(), &Patch::Strategic(&patch)).await.unwrap();
        mark_deployment_available(self.client(), NS, DEPLOYMENT).await;
    }
}

fn finding<'a>(doc: &'a Value, code: &str) -> &'a Value {
    doc["checks"].as_array().unwrap().iter().find(|c| c["code"] == code).unwrap_or_else(|| panic!("no {code}"))
}

fn evidence(doc: &Value, code: &str) -> String {
    finding(doc, code)["evidence"].as_str().unwrap().to_string()
}

fn fix(doc: &Value, code: &str) -> String {
    finding(doc, code)["fix"].as_str().unwrap_or_default().to_string()
}

/// Each GW code has its status in `expected`, and every GW code not named there passes.
fn assert_gw(doc: &Value, expected: &[(&str, &str)]) {
    for code in GW_CODES {
        let want = expected.iter().find(|(c, _)| *c == code).map_or("pass", |(_, s)| *s);
        assert_eq!(finding(doc, code)["status"], want, "{code}: {:#}", finding(doc, code));
    }
}

/// The controller's three gateway.k8s.aws CRDs from albctl's templates (upstream's at v3.5.0);
/// with `v1beta1_only`, as v3.4.x installed them: v1 dropped, v1beta1 the storage version.
async fn install_controller_crds(client: &kube::Client, v1beta1_only: bool) {
    let mut crds = Vec::new();
    for name in LBC_CRDS {
        let path = format!("{}/templates/crds/gateway/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
        let mut crd: Value = serde_saphyr::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if v1beta1_only {
            let versions = crd["spec"]["versions"].as_array_mut().unwrap();
            versions.retain(|v| v["name"] == "v1beta1");
            assert_eq!(versions.len(), 1, "{name} has no v1beta1 version");
            versions[0]["storage"] = json!(true);
            versions[0]["served"] = json!(true);
            versions[0].as_object_mut().unwrap().remove("deprecated");
            versions[0].as_object_mut().unwrap().remove("deprecationWarning");
        }
        crds.push(crd);
    }
    let failures = apply_objects(client, &crds, false).await;
    assert!(failures.is_empty(), "controller gateway CRDs rejected:\n{}", failures.join("\n"));
    wait_established(client, &LBC_CRDS).await;
}

/// Waits until the wall clock (the API server's: same host) is in a later second than `rfc3339`,
/// so that what is written next has a later timestamp (the API server keeps whole seconds).
async fn wait_past(rfc3339: &str) {
    let then = time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339).unwrap();
    wait::until_true(&format!("the clock to pass {rfc3339}"), Duration::from_secs(5), || async move {
        time::OffsetDateTime::now_utc().unix_timestamp() > then.unix_timestamp()
    })
    .await;
}

fn api(client: &kube::Client, kind: &str, plural: &str, ns: Option<&str>) -> Api<DynamicObject> {
    let ar = ApiResource::from_gvk_with_plural(&GroupVersionKind::gvk("gateway.networking.k8s.io", "v1", kind), plural);
    match ns {
        Some(ns) => Api::namespaced_with(client.clone(), ns, &ar),
        None => Api::all_with(client.clone(), &ar),
    }
}

fn condition(kind: &str, status: &str, reason: &str, message: &str) -> Value {
    json!({"type": kind, "status": status, "reason": reason, "message": message,
           "lastTransitionTime": "2026-01-01T10:00:00Z", "observedGeneration": 1})
}

/// Writes `status` as the controller would (the status subresource).
async fn set_status(api: &Api<DynamicObject>, name: &str, status: Value) {
    api.patch_status(name, &PatchParams::default(), &Patch::Merge(json!({"status": status})))
        .await
        .unwrap_or_else(|e| panic!("writing the status of {name}: {e}"));
}

async fn accepted_class(client: &kube::Client) {
    gateway::create_class(client, CLASS, "gateway.k8s.aws/alb").await;
    let classes = api(client, "GatewayClass", "gatewayclasses", None);
    set_status(&classes, CLASS, json!({"conditions": [condition("Accepted", "True", "Accepted", "")]})).await;
}

async fn gateway_with(client: &kube::Client, name: &str, accepted: Value, programmed: Value) {
    gateway::create_gateway(client, "default", name, CLASS, "gateway.k8s.aws/alb").await;
    let gateways = api(client, "Gateway", "gateways", Some("default"));
    set_status(&gateways, name, json!({"conditions": [accepted, programmed]})).await;
}

async fn programmed_gateway(client: &kube::Client, name: &str) {
    let accepted = condition("Accepted", "True", "Accepted", "");
    gateway_with(client, name, accepted, condition("Programmed", "True", "Programmed", "")).await;
}

/// An HTTPRoute to `gw` with the parent status the controller writes: `accepted` and `resolved`.
async fn route(client: &kube::Client, name: &str, gw: &str, accepted: Value, resolved: Value) {
    let routes = api(client, "HTTPRoute", "httproutes", Some("default"));
    let obj: DynamicObject = serde_json::from_value(json!({
        "apiVersion": "gateway.networking.k8s.io/v1", "kind": "HTTPRoute",
        "metadata": {"namespace": "default", "name": name},
        "spec": {"parentRefs": [{"name": gw}], "rules": [{"backendRefs": [{"name": name, "port": 80}]}]},
    }))
    .unwrap();
    routes.create(&PostParams::default(), &obj).await.unwrap_or_else(|e| panic!("creating HTTPRoute {name}: {e}"));
    let parent = json!({"parentRef": {"group": "gateway.networking.k8s.io", "kind": "Gateway", "name": gw},
        "controllerName": "gateway.k8s.aws/alb", "conditions": [accepted, resolved]});
    set_status(&routes, name, json!({"parents": [parent]})).await;
}

async fn gateway_event(client: &kube::Client, gw: &str, type_: &str, reason: &str, message: &str, at: &str) {
    let ev: Event = serde_json::from_value(json!({
        "metadata": {"namespace": "default", "generateName": format!("{gw}.")},
        "involvedObject": {"apiVersion": "gateway.networking.k8s.io/v1", "kind": "Gateway", "namespace": "default", "name": gw},
        "type": type_, "reason": reason, "message": message, "count": 2,
        "firstTimestamp": at, "lastTimestamp": at, "source": {"component": "gateway"},
    }))
    .unwrap();
    Api::<Event>::namespaced(client.clone(), "default").create(&PostParams::default(), &ev).await.unwrap();
}

// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn a_healthy_gateway_set_passes_every_gateway_api_check() {
    let g = GwWorld::start(Crds::Current).await;
    let c = g.client().clone();
    // Before any GatewayClass: Gateway support is on, but nothing uses it.
    let doc = g.doctor();
    assert_gw(&doc, &[("GW007", "warn"), ("GW008", "skipped")]);
    assert!(
        evidence(&doc, "GW007").contains("no GatewayClass names gateway.k8s.aws/alb"),
        "{}",
        evidence(&doc, "GW007")
    );
    assert!(
        fix(&doc, "GW007").starts_with("albctl setup --cluster demo (makes GatewayClasses"),
        "{}",
        fix(&doc, "GW007")
    );

    accepted_class(&c).await;
    programmed_gateway(&c, "gw").await;
    let ok = || condition("Accepted", "True", "Accepted", "");
    route(&c, "web", "gw", ok(), condition("ResolvedRefs", "True", "ResolvedRefs", "")).await;
    gateway_event(
        &c,
        "gw",
        "Warning",
        "FailedDeployModel",
        "Failed deploy model due to throttling",
        "2026-01-01T09:00:00Z",
    )
    .await;
    gateway_event(&c, "gw", "Normal", "SuccessfullyReconciled", "Successfully reconciled", "2026-01-01T09:05:00Z")
        .await;

    let doc = g.doctor();
    assert_gw(&doc, &[]);
    assert!(evidence(&doc, "GW002").contains("bundle version v1.6.0"), "{}", evidence(&doc, "GW002"));
    assert!(evidence(&doc, "GW006").contains("2 controller pod(s)"), "{}", evidence(&doc, "GW006"));
    assert!(evidence(&doc, "GW009").contains("1 Gateway(s)"), "a failure fixed since: {}", evidence(&doc, "GW009"));
    assert!(evidence(&doc, "GW010").contains("1 attachment(s)"), "{}", evidence(&doc, "GW010"));
    assert_eq!(finding(&doc, "GW001")["area"], "gateway-api");
    let text = String::from_utf8(g.w.albctl(&["doctor"]).stdout).unwrap();
    assert!(text.contains("\nGateway API\n"), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn gw006_crds_installed_after_the_controller_started_until_it_restarts() {
    // An Ingress-only cluster: not judged, nothing fails.
    let g = GwWorld::start(Crds::None).await;
    let doc = g.doctor();
    for code in GW_CODES {
        assert_eq!(finding(&doc, code)["status"], "skipped", "{code}: {:#}", finding(&doc, code));
        assert!(evidence(&doc, code).starts_with("Gateway API not in use"), "{code}: {}", evidence(&doc, code));
    }
    assert_eq!(doc["summary"]["fail"], 0, "{doc:#}");

    // The CRDs arrive after the controller started: it never looks again.
    let pods: Api<Pod> = Api::namespaced(g.client().clone(), NS);
    let newest = pods
        .list(&ListParams::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|p| p.metadata.creation_timestamp.unwrap().0.to_string())
        .max()
        .unwrap();
    wait_past(&newest).await;
    gateway::install_crds(g.client(), "kubectl").await;
    install_controller_crds(g.client(), false).await;
    let doc = g.doctor();
    assert_gw(&doc, &[("GW006", "fail"), ("GW007", "warn"), ("GW008", "skipped")]);
    let e = evidence(&doc, "GW006");
    assert!(e.contains("ALBGatewayAPI off (missed gateways.gateway.networking.k8s.io"), "{e}");
    assert!(e.contains("NLBGatewayAPI off") && e.contains("GatewayListenerSet off"), "{e}");
    assert!(e.contains("loadbalancerconfigurations.gateway.k8s.aws"), "{e}");
    assert_eq!(fix(&doc, "GW006"), "kubectl -n kube-system rollout restart deployment/aws-load-balancer-controller");

    g.restart_pods().await;
    let doc = g.doctor();
    assert_gw(&doc, &[("GW007", "warn"), ("GW008", "skipped")]);
}

#[tokio::test(flavor = "multi_thread")]
async fn gw004_v1beta1_only_controller_crds_are_the_upgrade_trap_and_an_upgrade_needs_a_restart() {
    let g = GwWorld::start(Crds::ControllerV1beta1Only).await;
    accepted_class(g.client()).await;
    let doc = g.doctor();
    assert_gw(&doc, &[("GW004", "fail")]);
    let e = evidence(&doc, "GW004");
    assert!(e.contains("LoadBalancerConfiguration (served only at v1beta1)"), "{e}");
    assert!(e.contains("ALBGatewayAPI is off; NLBGatewayAPI is off"), "{e}");
    assert!(e.contains("the v3.5.0 upgrade trap"), "{e}");
    assert!(
        fix(&doc, "GW004")
            .starts_with("albctl setup --cluster demo (upgrades the controller's gateway CRDs and restarts it)")
    );

    // Upgraded in place (v1 added, v1 the storage version): the running pods still have the
    // gates off, since they looked before the upgrade.
    let pods: Api<Pod> = Api::namespaced(g.client().clone(), NS);
    let newest = pods
        .list(&ListParams::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|p| p.metadata.creation_timestamp.unwrap().0.to_string())
        .max()
        .unwrap();
    wait_past(&newest).await;
    install_controller_crds(g.client(), false).await;
    let doc = g.doctor();
    assert_gw(&doc, &[("GW006", "fail")]);
    assert!(evidence(&doc, "GW006").contains("ALBGatewayAPI off (missed loadbalancerconfigurations.gateway.k8s.aws"));
    g.restart_pods().await;
    assert_gw(&g.doctor(), &[]);
}

#[tokio::test(flavor = "multi_thread")]
async fn gw001_gw002_gw003_an_old_experimental_tcproute_and_a_missing_grpcroute() {
    let g = GwWorld::start(Crds::Current).await;
    accepted_class(g.client()).await;
    // TCPRoute as Gateway API v1.4's experimental channel had it: v1alpha2 only.
    let mut tcp = gateway::standard_documents()
        .into_iter()
        .find(|d| d["metadata"]["name"] == "tcproutes.gateway.networking.k8s.io")
        .unwrap();
    tcp["metadata"]["annotations"]["gateway.networking.k8s.io/bundle-version"] = json!("v1.4.0");
    tcp["metadata"]["annotations"]["gateway.networking.k8s.io/channel"] = json!("experimental");
    let versions = tcp["spec"]["versions"].as_array_mut().unwrap();
    versions.retain(|v| v["name"] == "v1alpha2");
    versions[0]["served"] = json!(true);
    versions[0]["storage"] = json!(true);
    let crds: Api<DynamicObject> = Api::all_with(
        g.client().clone(),
        &ApiResource::from_gvk_with_plural(
            &GroupVersionKind::gvk("apiextensions.k8s.io", "v1", "CustomResourceDefinition"),
            "customresourcedefinitions",
        ),
    );
    crds.delete("tcproutes.gateway.networking.k8s.io", &DeleteParams::default()).await.unwrap();
    crate::common::kube::wait_gone(&crds, "tcproutes.gateway.networking.k8s.io").await;
    let failures = apply_objects(g.client(), &[tcp], false).await;
    assert!(failures.is_empty(), "{failures:?}");
    wait_established(g.client(), &["tcproutes.gateway.networking.k8s.io"]).await;
    g.restart_pods().await;

    let doc = g.doctor();
    assert_gw(&doc, &[("GW001", "fail"), ("GW002", "fail"), ("GW003", "warn")]);
    let e = evidence(&doc, "GW001");
    assert!(e.contains("TCPRoute (served only at v1alpha2)") && e.contains("NLBGatewayAPI is off"), "{e}");
    assert!(!e.contains("ALBGatewayAPI"), "the ALB gate needs no TCPRoute: {e}");
    assert!(fix(&doc, "GW001").starts_with("albctl setup --cluster demo --gateway-api install; or: kubectl apply"));
    assert!(fix(&doc, "GW001").contains("standard-install.yaml, then kubectl -n kube-system rollout restart"));
    assert!(
        evidence(&doc, "GW002").contains("tcproutes.gateway.networking.k8s.io (v1.4.0)"),
        "{}",
        evidence(&doc, "GW002")
    );
    assert!(evidence(&doc, "GW003").contains("tcproutes.gateway.networking.k8s.io"), "{}", evidence(&doc, "GW003"));
    assert!(fix(&doc, "GW003").contains("--force-conflicts"), "{}", fix(&doc, "GW003"));

    // Without GRPCRoute the ALB gate goes off too.
    crds.delete("grpcroutes.gateway.networking.k8s.io", &DeleteParams::default()).await.unwrap();
    crate::common::kube::wait_gone(&crds, "grpcroutes.gateway.networking.k8s.io").await;
    let doc = g.doctor();
    let e = evidence(&doc, "GW001");
    assert!(
        e.contains("GRPCRoute (no CRD grpcroutes.gateway.networking.k8s.io)") && e.contains("ALBGatewayAPI is off"),
        "{e}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn gw005_gates_off_by_flag_while_a_gatewayclass_needs_them() {
    let g = GwWorld::start(Crds::Current).await;
    accepted_class(g.client()).await;
    g.set_controller_args(&["--feature-gates=ALBGatewayAPI=false,NLBGatewayAPI=false,GatewayListenerSet=false"]).await;
    let doc = g.doctor();
    for code in GW_CODES.iter().filter(|c| **c != "GW005") {
        assert_eq!(finding(&doc, code)["status"], "skipped", "{code}: {:#}", finding(&doc, code));
        assert!(evidence(&doc, code).contains("off by flag"), "{code}: {}", evidence(&doc, code));
    }
    assert_eq!(finding(&doc, "GW005")["status"], "fail", "{:#}", finding(&doc, "GW005"));
    let e = evidence(&doc, "GW005");
    assert!(
        e.contains("ALBGatewayAPI=false by flag")
            && e.contains("GatewayClass alb (gateway.k8s.aws/alb) needs ALBGatewayAPI"),
        "{e}"
    );
    assert!(fix(&doc, "GW005").contains("albctl apply --cluster demo --values FILE"), "{}", fix(&doc, "GW005"));

    // Off on purpose and nothing needs it: passes.
    api(g.client(), "GatewayClass", "gatewayclasses", None)
        .patch(CLASS, &PatchParams::default(), &Patch::Merge(json!({"metadata": {"finalizers": null}})))
        .await
        .unwrap();
    api(g.client(), "GatewayClass", "gatewayclasses", None).delete(CLASS, &DeleteParams::default()).await.unwrap();
    crate::common::kube::wait_gone(&api(g.client(), "GatewayClass", "gatewayclasses", None), CLASS).await;
    assert_eq!(finding(&g.doctor(), "GW005")["status"], "pass");
}

#[tokio::test(flavor = "multi_thread")]
async fn gw008_gw009_gatewayclass_and_gateway_the_controller_never_reconciled() {
    let g = GwWorld::start(Crds::Current).await;
    let c = g.client().clone();
    // As the CRDs' defaults leave them until a controller writes status: Pending.
    gateway::create_class(&c, CLASS, "gateway.k8s.aws/alb").await;
    gateway::create_gateway(&c, "default", "gw", CLASS, "gateway.k8s.aws/alb").await;
    let doc = g.doctor();
    assert_gw(&doc, &[("GW008", "fail"), ("GW009", "fail")]);
    assert!(
        evidence(&doc, "GW008").contains("GatewayClass alb: Accepted=Unknown (Pending: Waiting for controller)"),
        "{}",
        evidence(&doc, "GW008")
    );
    assert!(fix(&doc, "GW008").contains("rollout restart"), "{}", fix(&doc, "GW008"));
    let e = evidence(&doc, "GW009");
    assert!(e.contains("Gateway default/gw (class alb): Accepted=Unknown (Pending"), "{e}");
    assert!(fix(&doc, "GW009").contains("kubectl -n default describe gateway gw"), "{}", fix(&doc, "GW009"));
}

#[tokio::test(flavor = "multi_thread")]
async fn gw009_gateway_not_programmed_with_its_newest_warning_events_then_stuck_on_its_finalizer() {
    let g = GwWorld::start(Crds::Current).await;
    let c = g.client().clone();
    accepted_class(&c).await;
    let accepted = condition("Accepted", "True", "Accepted", "");
    let programmed = condition("Programmed", "False", "Invalid", "Failed deploy model due to AccessDenied");
    gateway_with(&c, "gw", accepted, programmed).await;
    gateway_event(&c, "gw", "Normal", "SuccessfullyReconciled", "Successfully reconciled", "2026-01-01T09:00:00Z")
        .await;
    gateway_event(
        &c,
        "gw",
        "Warning",
        "FailedBuildModel",
        "Failed build model due to no certificate found for host a.example.com",
        "2026-01-01T10:00:00Z",
    )
    .await;
    gateway_event(
        &c,
        "gw",
        "Warning",
        "FailedDeployModel",
        "Failed deploy model due to AccessDenied: elasticloadbalancing:CreateLoadBalancer",
        "2026-01-01T10:05:00Z",
    )
    .await;

    let doc = g.doctor();
    assert_gw(&doc, &[("GW009", "fail")]);
    let e = evidence(&doc, "GW009");
    assert!(e.contains("Programmed=False (Invalid: Failed deploy model due to AccessDenied)"), "{e}");
    let newest = e.find("FailedDeployModel (2x, last 2026-01-01T10:05:00Z): Failed deploy model due to AccessDenied: elasticloadbalancing:CreateLoadBalancer");
    let older = e.find("FailedBuildModel (2x, last 2026-01-01T10:00:00Z)");
    assert!(newest.is_some() && older.is_some() && newest < older, "newest Warning first: {e}");
    assert!(!e.contains("Successfully reconciled"), "{e}");

    // Deleted while no controller runs: it stays, terminating, and doctor names it stuck.
    Api::<Deployment>::namespaced(c.clone(), NS).delete(DEPLOYMENT, &DeleteParams::default()).await.unwrap();
    gateway::gateways(&c, "default").delete("gw", &DeleteParams::default()).await.unwrap();
    let doc = g.doctor();
    let e = evidence(&doc, "GW009");
    assert!(e.contains("stuck on finalizer gateway.k8s.aws/alb with no controller available"), "{e}");
    assert!(fix(&doc, "GW009").contains("albctl apply --cluster demo"), "{}", fix(&doc, "GW009"));
    assert_eq!(finding(&doc, "LB002")["status"], "fail", "{:#}", finding(&doc, "LB002"));
    assert!(
        evidence(&doc, "LB002").contains("Gateway default/gw (finalizer gateway.k8s.aws/alb"),
        "{}",
        evidence(&doc, "LB002")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn gw010_gw011_routes_their_gateway_did_not_accept_or_whose_backends_do_not_resolve() {
    let g = GwWorld::start(Crds::Current).await;
    let c = g.client().clone();
    accepted_class(&c).await;
    programmed_gateway(&c, "gw").await;
    let ok = || condition("Accepted", "True", "Accepted", "");
    let resolved = || condition("ResolvedRefs", "True", "ResolvedRefs", "");
    route(&c, "good", "gw", ok(), resolved()).await;
    let refused =
        condition("Accepted", "False", "NotAllowedByListeners", "no listener of gw allows HTTPRoute from default");
    route(&c, "refused", "gw", refused, resolved()).await;
    let missing = condition("ResolvedRefs", "False", "BackendNotFound", "Service default/missing not found");
    route(&c, "missing", "gw", ok(), missing).await;

    let doc = g.doctor();
    assert_gw(&doc, &[("GW010", "fail"), ("GW011", "fail")]);
    let e = evidence(&doc, "GW010");
    assert!(e.contains("HTTPRoute default/refused: Gateway default/gw: Accepted=False (NotAllowedByListeners: no listener of gw allows HTTPRoute from default)"), "{e}");
    assert!(!e.contains("default/good") && !e.contains("default/missing"), "{e}");
    assert!(fix(&doc, "GW010").contains("kubectl -n default describe httproute refused"), "{}", fix(&doc, "GW010"));
    let e = evidence(&doc, "GW011");
    assert!(e.contains("HTTPRoute default/missing: Gateway default/gw: ResolvedRefs=False (BackendNotFound: Service default/missing not found)"), "{e}");
    assert!(!e.contains("default/good") && !e.contains("default/refused"), "{e}");
    assert!(fix(&doc, "GW011").contains("kubectl -n default describe httproute missing"), "{}", fix(&doc, "GW011"));
}

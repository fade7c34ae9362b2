//! `setup --gateway-api auto|install|off` against moto and a real kube-apiserver with the real
//! Gateway API v1.6 standard bundle: without the Gateway API CRDs the plan and the result say
//! support is off and why; `install` from a bundle file installs the CRDs and the admission
//! policy and makes the GatewayClasses, and a second run writes nothing; CRDs another field
//! manager owns are left alone and named; the upgrade trap (v1beta1-only controller gateway
//! CRDs) is repaired and the controller restarted; the pinned release asset comes over HTTPS and
//! a wrong checksum is refused in one line before any write. Also measures what Gateway support
//! adds to a converged run.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use k8s_openapi::api::apps::v1::Deployment;
use kube::Api;
use kube::api::{DeleteParams, DynamicObject, Patch, PatchParams};
use serde_json::{Value, json};

use crate::common::bundle_server::{BundleServer, standard_install};
use crate::common::kube::{wait_established, wait_gone};
use crate::common::wait::ALBCTL_TIMEOUT;
use crate::common::world::{Options, World};
use crate::common::{CallLog, assert_exit, gateway, gateway_api, json_of, stderr, stdout};

const CLUSTER: &str = "demo";
const STANDARD_CRDS: usize = 10;
const LBC_GATEWAY_CRDS: [&str; 3] = [
    "listenerruleconfigurations.gateway.k8s.aws",
    "loadbalancerconfigurations.gateway.k8s.aws",
    "targetgroupconfigurations.gateway.k8s.aws",
];

/// The bundle as a file, in a folder dropped with the returned guard.
fn bundle_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("standard-install.yaml");
    std::fs::write(&path, standard_install()).unwrap();
    (dir, path)
}

fn crds(
    client: &kube::Client,
) -> Api<k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition> {
    Api::all(client.clone())
}

async fn crd_json(client: &kube::Client, name: &str) -> Option<Value> {
    crds(client).get_opt(name).await.unwrap().map(|c| serde_json::to_value(c).unwrap())
}

fn managers(obj: &Value) -> Vec<String> {
    obj["metadata"]["managedFields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["manager"].as_str().map(str::to_string))
        .collect()
}

async fn standard_crds_present(client: &kube::Client) -> Vec<String> {
    let all = crds(client).list(&Default::default()).await.unwrap();
    all.items
        .iter()
        .filter_map(|c| c.metadata.name.clone())
        .filter(|n| n.ends_with(".gateway.networking.k8s.io"))
        .collect()
}

fn admission(client: &kube::Client, kind: &str, plural: &str) -> Api<DynamicObject> {
    let ar = kube::api::ApiResource::from_gvk_with_plural(
        &kube::core::GroupVersionKind::gvk("admissionregistration.k8s.io", "v1", kind),
        plural,
    );
    Api::all_with(client.clone(), &ar)
}

fn gateway_doc(doc: &Value) -> &Value {
    &doc["controller"]["gateway"]
}

#[tokio::test(flavor = "multi_thread")]
async fn setup_without_the_gateway_api_crds_says_support_is_off_and_why() {
    let w = World::start(CLUSTER).await;
    let plan = w.albctl(&["setup", "--dry-run"]);
    assert_exit(&plan, 0);
    let text = stdout(&plan);
    assert!(
        text.contains("Gateway API (--gateway-api auto, the default): support off; Gateway API CRDs found absent"),
        "{text}"
    );
    assert!(text.contains("Gateway support stays off") && text.contains("run with --gateway-api install"), "{text}");

    let out = w.albctl_with_kubelet(&["setup", "--timeout", ALBCTL_TIMEOUT, "-o", "json"]).await;
    assert_exit(&out, 0);
    let doc = json_of(&out);
    let g = gateway_doc(&doc);
    assert_eq!(g["mode"], "auto", "{g:#}");
    assert_eq!(g["support"], "off", "{g:#}");
    assert_eq!(g["gates"], json!({"ALBGatewayAPI": false, "GatewayListenerSet": false, "NLBGatewayAPI": false}));
    let notes = g["notes"].to_string();
    assert!(notes.contains("ALBGatewayAPI (needs Gateway, GatewayClass, HTTPRoute, GRPCRoute"), "{notes}");
    assert!(notes.contains("--gateway-api install"), "{notes}");
    // The controller's own gateway CRDs are applied all the same (as `helm install` makes them).
    for name in LBC_GATEWAY_CRDS {
        let crd = crd_json(&w.client, name).await.unwrap_or_else(|| panic!("{name} not applied"));
        assert!(crd["spec"]["versions"].as_array().unwrap().iter().any(|v| v["name"] == "v1" && v["storage"] == true));
    }
    assert!(standard_crds_present(&w.client).await.is_empty(), "auto installs no Gateway API CRD");
    let deployments: Api<Deployment> = Api::namespaced(w.client.clone(), "kube-system");
    let d = deployments.get("aws-load-balancer-controller").await.unwrap();
    assert_eq!(d.metadata.annotations.unwrap()["albctl.io/gateway-api"], "auto", "the choice is recorded");
}

#[tokio::test(flavor = "multi_thread")]
async fn install_from_a_bundle_file_installs_the_crds_and_policy_makes_the_classes_and_then_writes_nothing() {
    let (w, audit) = audited_world().await;
    let (_dir, file) = bundle_file();
    let file = file.to_str().unwrap();
    let out = w
        .albctl_with_kubelet(&[
            "setup",
            "--gateway-api",
            "install",
            "--gateway-api-bundle",
            file,
            "--timeout",
            ALBCTL_TIMEOUT,
            "-o",
            "json",
        ])
        .await;
    assert_exit(&out, 0);
    let doc = json_of(&out);
    let g = gateway_doc(&doc);
    assert_eq!(g["support"], "on", "{g:#}");
    assert_eq!(g["standard_crds"], "absent", "as found before the run: {g:#}");
    assert!(g["bundle"].as_str().unwrap().starts_with("file "), "{g:#}");
    assert!(g.get("left_alone").is_none(), "{g:#}");

    let present = standard_crds_present(&w.client).await;
    assert_eq!(present.len(), STANDARD_CRDS, "{present:?}");
    for name in &present {
        let crd = crd_json(&w.client, name).await.unwrap();
        assert!(managers(&crd).contains(&"albctl".to_string()), "{name}: {:?}", managers(&crd));
        assert_eq!(crd["metadata"]["annotations"]["gateway.networking.k8s.io/bundle-version"], "v1.6.0");
    }
    let policy = "safe-upgrades.gateway.networking.k8s.io";
    assert!(
        admission(&w.client, "ValidatingAdmissionPolicy", "validatingadmissionpolicies")
            .get_opt(policy)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        admission(&w.client, "ValidatingAdmissionPolicyBinding", "validatingadmissionpolicybindings")
            .get_opt(policy)
            .await
            .unwrap()
            .is_some()
    );
    for (name, controller) in [("albctl-alb", "gateway.k8s.aws/alb"), ("albctl-nlb", "gateway.k8s.aws/nlb")] {
        let class =
            gateway::gateway_classes(&w.client).get(name).await.unwrap_or_else(|e| panic!("GatewayClass {name}: {e}"));
        assert_eq!(class.data["spec"]["controllerName"], controller);
        assert_eq!(class.metadata.labels.as_ref().unwrap()["app.kubernetes.io/managed-by"], "albctl");
    }

    // Second run, the flag left out: the last run's choice (install) is followed, nothing is
    // downloaded (the bundle is in place) and nothing is written.
    w.aws.proxy.reset();
    let (calls, out) = audited(&w, &audit, &["setup", "--timeout", ALBCTL_TIMEOUT, "-o", "json"]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    let g = gateway_doc(&doc);
    assert_eq!(g["mode"], "install", "{g:#}");
    assert_eq!(g["mode_from"], "last-run", "{g:#}");
    assert_eq!(g["support"], "on", "{g:#}");
    assert!(g["bundle"].as_str().unwrap().contains("not downloaded"), "{g:#}");
    for o in doc["controller"]["objects"].as_array().unwrap() {
        assert_eq!(o["status"], "unchanged", "{o}");
    }
    assert!(w.aws.proxy.calls().writes().is_empty(), "AWS writes: {:?}", w.aws.proxy.calls().writes());
    assert_eq!(calls.writes, 0, "Kubernetes writes on a converged run: {:?}", calls.write_lines);

    // With the file again: compared object by object, still nothing written.
    let (calls, out) =
        audited(&w, &audit, &["setup", "--gateway-api-bundle", file, "--timeout", ALBCTL_TIMEOUT, "-o", "json"]);
    assert_exit(&out, 0);
    assert_eq!(calls.writes, 0, "Kubernetes writes with the bundle file on a converged run: {:?}", calls.write_lines);
    let doc = json_of(&out);
    let bundle_objects = doc["controller"]["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["name"].as_str().unwrap().ends_with("gateway.networking.k8s.io"))
        .count();
    assert_eq!(bundle_objects, STANDARD_CRDS + 2, "every bundle object compared: {doc:#}");
}

#[tokio::test(flavor = "multi_thread")]
async fn crds_another_field_manager_owns_are_left_alone_and_named() {
    let w = World::start(CLUSTER).await;
    gateway::install_crds(&w.client, "argocd-controller").await;
    let (_dir, file) = bundle_file();
    let out = w
        .albctl_with_kubelet(&[
            "setup",
            "--gateway-api",
            "install",
            "--gateway-api-bundle",
            file.to_str().unwrap(),
            "--timeout",
            ALBCTL_TIMEOUT,
        ])
        .await;
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(text.contains("support on"), "present at v1.6.0, so the controller can use them:\n{text}");
    let lines: Vec<&str> = text.lines().filter(|l| l.contains("left alone:")).collect();
    assert_eq!(lines.len(), STANDARD_CRDS, "one line per CRD:\n{text}");
    assert!(
        lines.iter().any(|l| l.contains(
            "CustomResourceDefinition httproutes.gateway.networking.k8s.io: owned by field manager argocd-controller: \
             left as is (rerun with --adopt to take it over)"
        )),
        "{text}"
    );
    for name in standard_crds_present(&w.client).await {
        let crd = crd_json(&w.client, &name).await.unwrap();
        assert_eq!(
            managers(&crd).iter().filter(|m| *m == "albctl").count(),
            0,
            "albctl wrote {name}: {:?}",
            managers(&crd)
        );
    }
    // What nobody owned yet (the admission policy) is installed; the classes are made.
    let policy = "safe-upgrades.gateway.networking.k8s.io";
    assert!(
        admission(&w.client, "ValidatingAdmissionPolicy", "validatingadmissionpolicies")
            .get_opt(policy)
            .await
            .unwrap()
            .is_some()
    );
    assert!(gateway::gateway_classes(&w.client).get_opt("albctl-alb").await.unwrap().is_some());

    // --adopt takes them over: albctl's fields now, the other manager's gone.
    let out = w
        .albctl_with_kubelet(&[
            "setup",
            "--gateway-api",
            "install",
            "--gateway-api-bundle",
            file.to_str().unwrap(),
            "--adopt",
            "--timeout",
            ALBCTL_TIMEOUT,
            "-o",
            "json",
        ])
        .await;
    assert_exit(&out, 0);
    let doc = json_of(&out);
    assert!(gateway_doc(&doc).get("left_alone").is_none(), "{:#}", gateway_doc(&doc));
    let taken = doc["controller"]["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["note"].as_str().is_some_and(|n| n.contains("taken over from field managers argocd-controller")))
        .count();
    assert_eq!(taken, STANDARD_CRDS, "{doc:#}");
    for name in standard_crds_present(&w.client).await {
        let m = managers(&crd_json(&w.client, &name).await.unwrap());
        assert!(m.contains(&"albctl".to_string()) && !m.contains(&"argocd-controller".to_string()), "{name}: {m:?}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_upgrade_trap_v1beta1_only_controller_crds_are_upgraded_and_the_controller_restarted() {
    let w = World::start(CLUSTER).await;
    gateway_api::install_standard(&w.client).await;
    w.setup(&[]).await;
    let deployments: Api<Deployment> = Api::namespaced(w.client.clone(), "kube-system");

    // As v3.4.x left them: the controller's gateway CRDs serve v1beta1 only, and the controller
    // runs without a record of what it detected.
    for name in LBC_GATEWAY_CRDS {
        let mut crd = crd_json(&w.client, name).await.unwrap();
        crds(&w.client).delete(name, &DeleteParams::default()).await.unwrap();
        wait_gone(&crds(&w.client), name).await;
        let versions: Vec<Value> = crd["spec"]["versions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v["name"] == "v1beta1")
            .map(|v| {
                let mut v = v.clone();
                v["storage"] = json!(true);
                v
            })
            .collect();
        crd["spec"]["versions"] = json!(versions);
        for key in ["managedFields", "resourceVersion", "uid", "creationTimestamp", "generation"] {
            crd["metadata"].as_object_mut().unwrap().remove(key);
        }
        crd.as_object_mut().unwrap().remove("status");
        let obj: DynamicObject = serde_json::from_value(crd).unwrap();
        Api::<DynamicObject>::all_with(
            w.client.clone(),
            &kube::api::ApiResource::from_gvk_with_plural(
                &kube::core::GroupVersionKind::gvk("apiextensions.k8s.io", "v1", "CustomResourceDefinition"),
                "customresourcedefinitions",
            ),
        )
        .patch(name, &PatchParams::apply("albctl").force(), &Patch::Apply(&obj))
        .await
        .unwrap();
    }
    wait_established(&w.client, &LBC_GATEWAY_CRDS).await;
    let strip = json!({"metadata": {"annotations": {"albctl.io/gateway-crds-detected": null}}});
    deployments.patch("aws-load-balancer-controller", &PatchParams::default(), &Patch::Merge(&strip)).await.unwrap();
    let stripped = deployments.get("aws-load-balancer-controller").await.unwrap();
    crate::common::kube::mark_deployment_available(&w.client, "kube-system", "aws-load-balancer-controller").await;

    let out = w.albctl_with_kubelet(&["setup", "--timeout", ALBCTL_TIMEOUT, "-o", "json"]).await;
    assert_exit(&out, 0);
    let doc = json_of(&out);
    let g = gateway_doc(&doc);
    let why = g["restart"].as_str().unwrap_or_else(|| panic!("no restart: {g:#}"));
    assert!(why.contains("started without the CRDs installed now"), "{why}");
    let objects = doc["controller"]["objects"].as_array().unwrap();
    for name in LBC_GATEWAY_CRDS {
        let o = objects.iter().find(|o| o["name"] == name).unwrap();
        assert_eq!(o["status"], "updated", "{o}");
        let crd = crd_json(&w.client, name).await.unwrap();
        assert!(crd["spec"]["versions"].as_array().unwrap().iter().any(|v| v["name"] == "v1" && v["served"] == true));
    }
    let d = objects.iter().find(|o| o["kind"] == "Deployment").unwrap();
    assert_eq!(d["status"], "updated", "{d}");
    assert!(d["note"].as_str().unwrap().starts_with("restarts the controller"), "{d}");
    assert_eq!(doc["controller"]["ready"], true, "waited for the rollout");
    let after = deployments.get("aws-load-balancer-controller").await.unwrap();
    assert!(after.metadata.generation > stripped.metadata.generation, "a new rollout");
    let detected = "ALBGatewayAPI=true,GatewayListenerSet=true,NLBGatewayAPI=true";
    assert_eq!(after.metadata.annotations.as_ref().unwrap()["albctl.io/gateway-crds-detected"], detected);
    let template = after.spec.as_ref().unwrap().template.metadata.as_ref().unwrap().annotations.clone().unwrap();
    assert!(template["albctl.io/gateway-restart"].starts_with(detected), "{template:?}");
    let status = after.status.clone().unwrap();
    assert_eq!(status.observed_generation, after.metadata.generation, "the run waited for the new rollout");

    // Converged: no second restart.
    let out = w.albctl(&["setup", "-o", "json"]);
    assert_exit(&out, 0);
    assert!(json_of(&out)["controller"]["gateway"].get("restart").is_none(), "{}", stdout(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_bundle_comes_over_https_and_a_wrong_checksum_is_refused_before_any_write() {
    let good = standard_install();
    let mut bad = good.clone();
    bad.extend_from_slice(b"# one more line\n");
    let server = BundleServer::start(&[("standard-install.yaml", &good), ("tampered.yaml", &bad)]);
    let w = World::start(CLUSTER).await;
    let ca = server.ca().to_str().unwrap().to_string();

    let url = format!("{}/tampered.yaml", server.base);
    let env = [("ALBCTL_TEST_GATEWAY_API_BUNDLE_URL", url.as_str()), ("SSL_CERT_FILE", ca.as_str())];
    w.aws.proxy.reset();
    let out =
        w.albctl_with_kubelet_env(&["setup", "--gateway-api", "install", "--timeout", ALBCTL_TIMEOUT], &env).await;
    assert_exit(&out, 2);
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("sha256")).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].contains(&url) && lines[0].contains("nothing was written"), "{err}");
    assert!(
        w.aws.proxy.calls().writes().is_empty(),
        "AWS writes before the refusal: {:?}",
        w.aws.proxy.calls().writes()
    );
    assert!(standard_crds_present(&w.client).await.is_empty());
    let deployments: Api<Deployment> = Api::namespaced(w.client.clone(), "kube-system");
    assert!(deployments.get_opt("aws-load-balancer-controller").await.unwrap().is_none(), "nothing applied");

    let url = format!("{}/standard-install.yaml", server.base);
    let env = [("ALBCTL_TEST_GATEWAY_API_BUNDLE_URL", url.as_str()), ("SSL_CERT_FILE", ca.as_str())];
    let out = w
        .albctl_with_kubelet_env(
            &["setup", "--gateway-api", "install", "--timeout", ALBCTL_TIMEOUT, "-o", "json"],
            &env,
        )
        .await;
    assert_exit(&out, 0);
    let doc = json_of(&out);
    let g = gateway_doc(&doc);
    assert_eq!(g["support"], "on", "{g:#}");
    assert!(
        g["bundle"].as_str().unwrap().contains("a557172e8348f758479e9ee4000bbbb4b4aa48302a6b73461823ea5349bad56d"),
        "{g:#}"
    );
    assert_eq!(standard_crds_present(&w.client).await.len(), STANDARD_CRDS);
}

/// What one albctl run asked of the API server, from its audit log.
struct Calls {
    requests: usize,
    lines: Vec<String>,
    writes: usize,
    write_lines: Vec<String>,
    elapsed: Duration,
}

/// Runs albctl (no kubelet: nothing else talks to the server meanwhile) and reads the audit
/// events its requests left.
fn audited(w: &World, audit: &tempfile::TempDir, args: &[&str]) -> (Calls, std::process::Output) {
    let log = audit.path().join("audit.log");
    let before = std::fs::read_to_string(&log).map(|t| t.lines().count()).unwrap_or(0);
    let started = Instant::now();
    let out = w.albctl(args);
    let elapsed = started.elapsed();
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    // NB: the API server's own requests (its lease, as `system:apiserver`) are not albctl's.
    let events: Vec<Value> = text
        .lines()
        .skip(before)
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|e| !e["user"]["username"].as_str().unwrap_or_default().starts_with("system:"))
        .collect();
    assert!(!events.is_empty(), "no audit events in {}: is the audit log on?", log.display());
    let write_lines: Vec<String> = events
        .iter()
        .filter(|e| matches!(e["verb"].as_str(), Some("create" | "update" | "patch" | "delete" | "deletecollection")))
        .map(|e| format!("{} {}", e["verb"], e["requestURI"]))
        .collect();
    let lines = events.iter().map(|e| format!("{} {}", e["verb"], e["requestURI"])).collect();
    (Calls { requests: events.len(), lines, writes: write_lines.len(), write_lines, elapsed }, out)
}

/// A world whose API server logs every request (metadata only) into the returned folder.
async fn audited_world() -> (World, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let policy = dir.path().join("audit-policy.yaml");
    std::fs::write(
        &policy,
        "apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n- level: Metadata\n",
    )
    .unwrap();
    let flags = [
        format!("--audit-policy-file={}", policy.display()),
        format!("--audit-log-path={}", dir.path().join("audit.log").display()),
        "--audit-log-mode=blocking".to_string(),
    ];
    let refs: Vec<&str> = flags.iter().map(String::as_str).collect();
    let w = World::start_with(Options { server_flags: &refs, ..Options::new(CLUSTER) }).await;
    (w, dir)
}

/// What `setup` adds to a converged run when Gateway support is on: the same cluster converged
/// with `--gateway-api off`, then with `install` (bundle in place), three runs each.
#[tokio::test(flavor = "multi_thread")]
async fn gateway_support_adds_little_to_a_converged_run() {
    let (w, audit) = audited_world().await;
    let (_bundle_dir, file) = bundle_file();

    w.setup(&["--gateway-api", "off"]).await;
    let off: Vec<Calls> = (0..3).map(|_| converged(&w, &audit, &["setup", "--gateway-api", "off"])).collect();
    w.setup(&["--gateway-api", "install", "--gateway-api-bundle", file.to_str().unwrap()]).await;
    let on: Vec<Calls> = (0..3).map(|_| converged(&w, &audit, &["setup"])).collect();

    let median = |c: &[Calls]| {
        let mut t: Vec<Duration> = c.iter().map(|c| c.elapsed).collect();
        t.sort();
        t[1]
    };
    let (off_calls, on_calls) = (off[0].requests, on[0].requests);
    eprintln!(
        "converged setup, Gateway support off: {off_calls} Kubernetes requests, median {:?}; on (install, bundle in place): \
         {on_calls} requests, median {:?}; Gateway support adds {} requests (reads only) and {:?}",
        median(&off),
        median(&on),
        on_calls as i64 - off_calls as i64,
        median(&on).saturating_sub(median(&off)),
    );
    let mut added = on[0].lines.clone();
    for l in &off[0].lines {
        if let Some(i) = added.iter().position(|a| a == l) {
            added.remove(i);
        }
    }
    eprintln!("requests Gateway support adds:\n{}", added.join("\n"));
    for c in off.iter().chain(&on) {
        assert_eq!(c.writes, 0, "a converged run wrote: {:?}", c.write_lines);
    }
    assert!(added.iter().all(|l| l.starts_with("\"get\"")), "Gateway support adds only reads: {added:?}");
    // NB: 13 CRD reads, 2 GatewayClasses, the admission policy and binding, 2 discovery reads,
    // and the controller's 3 gateway CRDs through the ordinary CRD path (foreign-object check,
    // apply, Established wait: 9). Anything more is a new request per run.
    assert!(added.len() <= 30, "Gateway support adds {} requests: {added:#?}", added.len());
}

fn converged(w: &World, audit: &tempfile::TempDir, args: &[&str]) -> Calls {
    let (calls, out) = audited(w, audit, args);
    assert_exit(&out, 0);
    calls
}

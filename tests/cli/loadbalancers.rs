//! The load-balancer lifecycle against moto (ELBv2, EC2) and a real kube-apiserver: `loadbalancers
//! list` maps objects to their load balancers, `prune` removes exactly the orphans, teardown
//! refuses while objects hold controller finalizers and, with `--delete-load-balancers`, lets
//! the controller remove them first.
//!
//! There is no controller here: `common::lbc` builds what it would have made, and its
//! `ControllerStandIn` (a test double) plays its documented part on deletion.

use kube::Api;
use serde_json::{Value, json};

use crate::common::lbc::{self, ControllerStandIn, Owner, Stack};
use crate::common::snapshot;
use crate::common::wait::ALBCTL_TIMEOUT;
use crate::common::world::Options;
use crate::common::{self, CallLog, assert_exit, json_of, stderr, stdout};

const CLUSTER: &str = "demo";

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
        World::start_with_proxy(&[]).await
    }

    /// A world whose recording proxy has these options (e.g. a delay on every request).
    async fn start_with_proxy(options: &[&str]) -> World {
        World(common::World::start_with(Options { eks_like: true, proxy: options, ..Options::new(CLUSTER) }).await)
    }

    /// `setup` with the Ingress validation and Service mutator webhooks off (nothing serves
    /// webhooks here, and the tests create and update Ingresses and Services afterwards), while
    /// playing the kubelet.
    async fn setup_without_webhooks(&self) {
        let values = self.kube.dir().join("values.yaml");
        std::fs::write(
            &values,
            "enableServiceMutatorWebhook: false\nwebhookConfig:\n  disableIngressValidation: true\n",
        )
        .unwrap();
        self.setup(&["-f", values.to_str().unwrap()]).await;
    }

    async fn ingress(&self, ns: &str, name: &str) -> Value {
        lbc::create(&self.client, "ingresses", lbc::ingress(ns, name)).await
    }

    async fn service(&self, ns: &str, name: &str) -> Value {
        lbc::create(&self.client, "services", lbc::lb_service(ns, name)).await
    }

    async fn stack(&self, owner: Owner<'_>, short: &str) -> Stack {
        lbc::make_stack(&self.aws, &self.fx, Some(CLUSTER), owner, short).await
    }
}

fn line_with<'a>(text: &'a str, needle: &str) -> &'a str {
    text.lines().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("no line with {needle:?} in:\n{text}"))
}

/// A live Ingress and Service with their stacks, an orphaned Ingress stack, and look-alikes
/// that must never be touched: the same stack tag without the cluster tag, and another
/// cluster's stack.
struct Mixed {
    web: Stack,
    nlb: Stack,
    gone: Stack,
    untagged: Stack,
    other_cluster: Stack,
}

async fn mixed(w: &World) -> Mixed {
    w.ingress("default", "web").await;
    w.service("default", "nlb").await;
    Mixed {
        web: w.stack(Owner::Ingress("default/web"), "default-web").await,
        nlb: w.stack(Owner::Service("default/nlb"), "default-nlb").await,
        gone: w.stack(Owner::Ingress("default/gone"), "default-gone").await,
        untagged: lbc::make_stack(&w.aws, &w.fx, None, Owner::Ingress("default/gone"), "untagged").await,
        other_cluster: lbc::make_stack(&w.aws, &w.fx, Some("other"), Owner::Ingress("default/gone"), "other").await,
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn list_maps_each_object_to_its_load_balancer_and_names_the_orphans() {
    let w = World::start().await;
    let m = mixed(&w).await;
    w.aws.proxy.reset();

    let out = w.albctl(&["loadbalancers", "list"]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(line_with(&text, &m.web.lb_name).contains("Ingress default/web"), "{text}");
    assert!(line_with(&text, &m.web.lb_name).contains("application"), "{text}");
    let nlb = line_with(&text, &m.nlb.lb_name);
    assert!(nlb.contains("Service default/nlb") && nlb.contains("network"), "type from Type, not the ARN: {text}");
    assert!(line_with(&text, &m.gone.lb_name).contains("Ingress default/gone (gone: orphaned)"), "{text}");
    assert!(line_with(&text, &m.gone.tg_name).contains("orphaned target group"), "{text}");
    assert!(line_with(&text, &m.gone.sg_id).contains("orphaned security group"), "{text}");
    for foreign in [&m.untagged, &m.other_cluster] {
        assert!(!text.contains(&foreign.lb_name) && !text.contains(&foreign.sg_id), "not this cluster's: {text}");
    }
    assert!(text.contains("3 orphaned"), "{text}");

    // The alias and JSON: everything, with owners.
    let out = w.albctl(&["lb", "list", "-o", "json"]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    assert!(doc["schema_version"].is_number() || doc["schema_version"].is_string());
    let lbs = doc["load_balancers"].as_array().unwrap();
    assert_eq!(lbs.len(), 3, "{doc:#}");
    let by_name = |name: &str| lbs.iter().find(|l| l["name"] == name).unwrap_or_else(|| panic!("{name} in {doc:#}"));
    let web = by_name(&m.web.lb_name);
    assert_eq!(web["owner"], json!({"kind": "ingress", "name": "default/web", "exists": true}));
    assert_eq!((web["orphaned"].clone(), web["type"].clone()), (json!(false), json!("application")));
    assert_eq!(web["target_groups"], json!([m.web.tg_name]));
    assert!(web["dns_name"].as_str().unwrap().contains("elb"), "{web:#}");
    assert_eq!(by_name(&m.nlb.lb_name)["owner"]["kind"], "service");
    assert_eq!(by_name(&m.gone.lb_name)["orphaned"], true);
    let owners: Vec<(String, Value)> = doc["owners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (format!("{} {}", o["kind"].as_str().unwrap(), o["name"].as_str().unwrap()), o["load_balancers"].clone())
        })
        .collect();
    assert!(owners.contains(&("ingress default/web".into(), json!([m.web.lb_name]))), "{owners:?}");
    assert!(owners.contains(&("service default/nlb".into(), json!([m.nlb.lb_name]))), "{owners:?}");
    assert_eq!(doc["summary"]["orphaned"], 3);
    assert!(w.aws.proxy.calls().writes().is_empty(), "list wrote: {:?}", w.aws.proxy.calls().operations());
}

#[tokio::test(flavor = "multi_thread")]
async fn prune_removes_exactly_the_orphans_after_revoking_the_node_rule_and_dry_run_writes_nothing() {
    let w = World::start().await;
    let m = mixed(&w).await;
    let node_group = lbc::make_node_group_admitting(&w.aws, &w.fx, &m.gone.sg_id).await;
    let before = lbc::elb_state(&w.aws).await;

    w.aws.proxy.reset();
    let out = w.albctl(&["loadbalancers", "prune", "--dry-run"]);
    assert_exit(&out, 0);
    let text = stdout(&out);
    assert!(line_with(&text, &m.gone.lb_arn).starts_with("- delete"), "{text}");
    assert!(line_with(&text, &m.web.lb_arn).starts_with("= kept"), "{text}");
    assert!(text.contains(&format!("{node_group}: tcp port 80 from {}", m.gone.sg_id)), "{text}");
    assert!(text.contains("nothing was changed"), "{text}");
    assert!(w.aws.proxy.calls().writes().is_empty(), "dry run wrote: {:?}", w.aws.proxy.calls().writes());
    assert_eq!(lbc::elb_state(&w.aws).await.tagged_for(CLUSTER), before.tagged_for(CLUSTER));

    w.aws.proxy.reset();
    let out = w.albctl(&["loadbalancers", "prune", "-o", "json"]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    let calls = w.aws.proxy.calls();
    let writes: Vec<&str> = calls.writes().iter().map(|c| c.operation.as_str()).collect();
    assert_eq!(
        writes,
        ["DeleteLoadBalancer", "DeleteTargetGroup", "RevokeSecurityGroupIngress", "DeleteSecurityGroup"],
        "dependency order, one call each: {doc:#}"
    );
    eprintln!(
        "prune of one orphan (ALB + target group + security group + one node rule): {} reads, {} writes",
        calls.reads().len(),
        writes.len()
    );
    let changed: Vec<(String, String)> = doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] != "kept")
        .map(|s| (s["resource"].as_str().unwrap().to_string(), s["status"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(changed.len(), 4, "{doc:#}");

    let after = lbc::elb_state(&w.aws).await;
    for gone in [&m.gone.lb_arn, &m.gone.tg_arn] {
        assert!(!after.load_balancers.contains_key(gone) && !after.target_groups.contains_key(gone), "{gone} left");
    }
    assert!(!after.security_groups.contains_key(&m.gone.sg_id));
    for kept in [&m.web, &m.nlb, &m.untagged, &m.other_cluster] {
        assert!(after.load_balancers.contains_key(&kept.lb_arn), "{} was touched", kept.lb_name);
        assert!(after.target_groups.contains_key(&kept.tg_arn), "{} was touched", kept.tg_name);
        assert!(after.security_groups.contains_key(&kept.sg_id), "{} was touched", kept.sg_id);
    }
    assert!(!lbc::source_groups_of(&w.aws, &node_group).await.contains(&m.gone.sg_id), "node rule not revoked");

    // Converged: nothing left to prune, no writes.
    w.aws.proxy.reset();
    let out = w.albctl(&["loadbalancers", "prune"]);
    assert_exit(&out, 0);
    assert!(stdout(&out).contains("No orphans"), "{}", stdout(&out));
    assert!(w.aws.proxy.calls().writes().is_empty());
}

/// AWS calls and sequential round trips of `loadbalancers list` (context included), counted
/// from the proxy's log, for 1 and 50 load balancers (each with a target group). The proxy holds
/// every request 100 ms, so calls sent together overlap in its log however loaded the machine is.
#[tokio::test(flavor = "multi_thread")]
async fn list_reads_are_batched_one_and_fifty_load_balancers() {
    let w = World::start_with_proxy(&["--delay-ms", "100"]).await;
    let mut made = 0;
    for n in [1usize, 50] {
        while made < n {
            w.stack(Owner::Ingress(&format!("default/app{made}")), &format!("app{made}")).await;
            made += 1;
        }
        w.aws.proxy.reset();
        let out = w.albctl(&["loadbalancers", "list", "-o", "json"]);
        assert_exit(&out, 0);
        assert_eq!(json_of(&out)["summary"]["load_balancers"], n);
        let calls = w.aws.proxy.calls();
        let tag_batches = (2 * n).div_ceil(20);
        eprintln!(
            "loadbalancers list, {n} load balancer(s): {} AWS calls ({:?}), {} round trips",
            calls.len(),
            calls.operations(),
            calls.round_trips()
        );
        assert_eq!(calls.count("DescribeTags"), tag_batches, "{:?}", calls.operations());
        assert_eq!(calls.len(), 2 + 3 + tag_batches, "context 2, listings 3, tags: {:?}", calls.operations());
        assert_eq!(calls.round_trips(), 3, "context, listings, tags: {calls:#?}");
    }
}

// ------------------------------------------------------------------------------- teardown

#[tokio::test(flavor = "multi_thread")]
async fn teardown_refuses_while_an_ingress_holds_its_load_balancer_and_changes_nothing() {
    let w = World::start().await;
    w.setup_without_webhooks().await;
    let ingress = w.ingress("default", "web").await;
    let web = w.stack(Owner::Ingress("default/web"), "default-web").await;
    let aws_before = snapshot::aws(&w.aws).await;
    let kube_before = snapshot::kube(&w.client, "kube-system").await;

    w.aws.proxy.reset();
    let out = w.albctl(&["teardown"]);
    assert_exit(&out, 2);
    let err = stderr(&out);
    assert!(err.contains(&format!("Ingress default/web (load balancer {})", web.lb_name)), "{err}");
    assert!(err.contains("--delete-load-balancers") && err.contains("nothing was changed"), "{err}");
    assert!(w.aws.proxy.calls().writes().is_empty(), "AWS writes: {:?}", w.aws.proxy.calls().writes());
    snapshot::assert_same("AWS after a refused teardown", &aws_before, &snapshot::aws(&w.aws).await);
    let kube_after = snapshot::kube(&w.client, "kube-system").await;
    assert_eq!(kube_before.versions, kube_after.versions, "the controller's objects were changed");
    let api: Api<kube::api::DynamicObject> = Api::namespaced_with(
        w.client.clone(),
        "default",
        &kube::api::ApiResource::from_gvk_with_plural(
            &kube::core::GroupVersionKind::gvk("networking.k8s.io", "v1", "Ingress"),
            "ingresses",
        ),
    );
    let now = api.get("web").await.unwrap();
    assert_eq!(now.metadata.resource_version.as_deref(), ingress["metadata"]["resourceVersion"].as_str());
    assert!(now.metadata.deletion_timestamp.is_none());
    assert!(lbc::elb_state(&w.aws).await.load_balancers.contains_key(&web.lb_arn));
}

#[tokio::test(flavor = "multi_thread")]
async fn teardown_without_a_running_controller_points_to_apply_and_never_strips_a_finalizer() {
    let w = World::start().await;
    w.ingress("default", "web").await;
    let web = w.stack(Owner::Ingress("default/web"), "default-web").await;
    w.aws.proxy.reset();
    let out = w.albctl(&["teardown", "--delete-load-balancers"]);
    assert_exit(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("controller is not running") && err.contains("albctl apply --cluster demo"), "{err}");
    assert!(err.contains(&web.lb_name), "{err}");
    assert!(w.aws.proxy.calls().writes().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn teardown_delete_load_balancers_lets_the_controller_remove_them_first_then_the_rest() {
    let w = World::start().await;
    w.setup_without_webhooks().await;
    w.ingress("default", "web").await;
    w.service("default", "nlb").await;
    w.stack(Owner::Ingress("default/web"), "default-web").await;
    w.stack(Owner::Service("default/nlb"), "default-nlb").await;
    assert_eq!(lbc::elb_state(&w.aws).await.tagged_for(CLUSTER).len(), 6);

    let stand_in = ControllerStandIn::start(&w.aws, &w.client, CLUSTER).await;
    let out = tokio::task::spawn_blocking({
        let cmd = w.args(&["teardown", "--delete-load-balancers", "--timeout", ALBCTL_TIMEOUT, "-o", "json"]);
        let mut command = w.aws.command(crate::common::env::albctl_bin());
        command.args(cmd).env("NO_COLOR", "1");
        move || command.output().unwrap()
    })
    .await
    .unwrap();
    let handled = stand_in.stop().await;
    assert_exit(&out, 0);
    let doc = json_of(&out);
    let steps: Vec<(String, String)> = doc["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["id"].as_str().unwrap().to_string(), s["status"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(steps[0], ("Ingress default/web".into(), "deleted".into()), "{doc:#}");
    assert_eq!(steps[1], ("Service default/nlb".into(), "deleted".into()), "{doc:#}");
    assert!(steps[2].0.starts_with("MutatingWebhookConfiguration"), "then the rest: {doc:#}");
    let mut handled_sorted = handled.clone();
    handled_sorted.sort();
    assert_eq!(handled_sorted, ["Ingress default/web", "Service default/nlb"], "the stand-in finished both");
    assert!(lbc::elb_state(&w.aws).await.tagged_for(CLUSTER).is_empty(), "controller resources remain");
    let role = aws_sdk_iam::Client::new(&w.aws.sdk().await)
        .get_role()
        .role_name("AmazonEKSLoadBalancerControllerRole-demo")
        .send()
        .await;
    assert!(role.is_err(), "teardown went on after the load balancers were gone");
}

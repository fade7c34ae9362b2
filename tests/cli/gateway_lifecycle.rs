//! A Gateway's load balancer through the load-balancer lifecycle, against moto and a real
//! kube-apiserver with the real Gateway API v1.6 standard CRDs: `loadbalancers list` names the
//! Gateway as its owner, teardown refuses naming the Gateway and its GatewayClass, doctor LB002
//! names the Gateway stuck on its finalizer once it is deleted without a controller, and when the
//! Gateway is gone, `loadbalancers prune` removes exactly its load balancer.
//!
//! No controller runs: `common::lbc` makes the AWS resources as the controller tags them
//! (`gateway.k8s.aws.alb/stack` = `namespace/name`), `common::gateway` the objects with the
//! finalizers the controller leaves.

use kube::api::DeleteParams;
use serde_json::{Value, json};

use crate::common::kube::KubeApiServer;
use crate::common::lbc::{self, Owner};
use crate::common::{AwsEnv, CallLog, assert_exit, fixture, gateway, json_of, stderr, stdout};

const CLUSTER: &str = "demo";
const CLASS: &str = "albctl-test-alb";

fn finding<'a>(doc: &'a Value, code: &str) -> &'a Value {
    doc["checks"].as_array().unwrap().iter().find(|c| c["code"] == code).unwrap_or_else(|| panic!("no {code}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_gateway_load_balancer_is_listed_guards_teardown_is_named_stuck_and_pruned_once_orphaned() {
    let aws = AwsEnv::start();
    let fx = fixture::build_with_vpc_id(&aws, CLUSTER).await;
    let server = KubeApiServer::start();
    let client = server.client().await;
    gateway::install_crds(&client, "kubectl").await;
    let kubeconfig = server.kubeconfig();
    let albctl = |args: &[&str]| {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--cluster", CLUSTER, "--kubeconfig", kubeconfig.to_str().unwrap()]);
        aws.albctl(&all)
    };
    assert_exit(&albctl(&["setup", "--skip-controller"]), 0);

    gateway::create_class(&client, CLASS, "gateway.k8s.aws/alb").await;
    gateway::create_gateway(&client, "default", "gw", CLASS, "gateway.k8s.aws/alb").await;
    lbc::create(&client, "ingresses", lbc::ingress("default", "web")).await;
    let gw = lbc::make_stack(&aws, &fx, Some(CLUSTER), Owner::AlbGateway("default/gw"), "default-gw").await;
    let web = lbc::make_stack(&aws, &fx, Some(CLUSTER), Owner::Ingress("default/web"), "default-web").await;

    // Listed with its owner, not as "unknown owner".
    let out = albctl(&["loadbalancers", "list", "-o", "json"]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    let lb = doc["load_balancers"].as_array().unwrap().iter().find(|l| l["name"] == gw.lb_name.as_str()).unwrap();
    assert_eq!(lb["owner"], json!({"kind": "gateway", "name": "default/gw", "exists": true}), "{doc:#}");
    assert_eq!(lb["orphaned"], false);
    assert_eq!(doc["summary"]["orphaned"], 0, "{doc:#}");

    // Teardown refuses, naming the Gateway with its load balancer and the GatewayClass.
    aws.proxy.reset();
    let out = albctl(&["teardown"]);
    assert_exit(&out, 2);
    let err = stderr(&out);
    assert!(err.contains(&format!("Gateway default/gw (load balancer {})", gw.lb_name)), "{err}");
    assert!(err.contains(&format!("GatewayClass {CLASS}")), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    assert!(aws.proxy.calls().writes().is_empty(), "teardown wrote: {:?}", aws.proxy.calls().writes());

    // Deleted without a controller: it stays, terminating, and doctor says why.
    gateway::gateways(&client, "default").delete("gw", &DeleteParams::default()).await.unwrap();
    let out = albctl(&["doctor", "-o", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let doc = json_of(&out);
    let lb002 = finding(&doc, "LB002");
    assert_eq!(lb002["status"], "fail", "{lb002:#}");
    let evidence = lb002["evidence"].as_str().unwrap();
    assert!(evidence.contains("Gateway default/gw (finalizer gateway.k8s.aws/alb"), "{evidence}");
    let fix = lb002["fix"].as_str().unwrap();
    assert!(fix.contains(&format!("Gateway default/gw: its load balancer {} still exists", gw.lb_name)), "{fix}");
    assert_eq!(finding(&doc, "LB001")["status"], "pass", "the Gateway still exists: {:#}", finding(&doc, "LB001"));

    // Gone (its finalizer removed by hand): its load balancer is an orphan and prune removes
    // exactly its stack.
    gateway::release_gateway(&client, "default", "gw").await;
    aws.proxy.reset();
    let out = albctl(&["loadbalancers", "prune", "-o", "json"]);
    assert_exit(&out, 0);
    let calls = aws.proxy.calls();
    let writes: Vec<&str> = calls.writes().iter().map(|c| c.operation.as_str()).collect();
    assert_eq!(writes, ["DeleteLoadBalancer", "DeleteTargetGroup", "DeleteSecurityGroup"], "{}", stdout(&out));
    let after = lbc::elb_state(&aws).await;
    assert!(!after.load_balancers.contains_key(&gw.lb_arn) && !after.target_groups.contains_key(&gw.tg_arn));
    assert!(!after.security_groups.contains_key(&gw.sg_id));
    assert!(after.load_balancers.contains_key(&web.lb_arn) && after.target_groups.contains_key(&web.tg_arn));
    assert!(after.security_groups.contains_key(&web.sg_id), "the Ingress's stack was touched");
}

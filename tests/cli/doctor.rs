//! `albctl doctor` against moto and a real kube-apiserver: a converged cluster passes every
//! check; then, one test per check, the broken state is built for real and exactly that check
//! must fail (or warn), with its fix in the output.

use std::collections::BTreeMap;
use std::process::Output;

use aws_sdk_ec2::types::{
    InstanceMetadataOptionsRequest, IpPermission, ResourceType, Tag, TagSpecification, UserIdGroupPair,
};
use k8s_openapi::api::admissionregistration::v1::MutatingWebhookConfiguration;
use k8s_openapi::api::apps::v1::Deployment;
use k8s_openapi::api::core::v1::{Pod, Secret, ServiceAccount};
use k8s_openapi::api::discovery::v1::EndpointSlice;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::Api;
use kube::api::{DeleteParams, ListParams, Patch, PatchParams, PostParams};
use serde_json::{Value, json};

use crate::common::kube::{KubeApiServer, Kubelet, Server, mark_deployment_available};
use crate::common::world::Options;
use crate::common::{self, AwsEnv, Fixture, assert_exit, fixture, fixture::OrPanic, json_of, stderr};

const CLUSTER: &str = "demo";
const NS: &str = "kube-system";
const SA: &str = "aws-load-balancer-controller";
const DEPLOYMENT: &str = "aws-load-balancer-controller";
const ROLE: &str = "AmazonEKSLoadBalancerControllerRole-demo";
const POLICY: &str = "AWSLoadBalancerControllerIAMPolicy";
const WEBHOOK: &str = "aws-load-balancer-webhook";
const WEBHOOK_SERVICE: &str = "aws-load-balancer-webhook-service";
const TLS_SECRET: &str = "aws-load-balancer-tls";

struct World {
    aws: AwsEnv,
    fx: Fixture,
    kube: Option<(KubeApiServer, kube::Client)>,
}

impl World {
    /// The AWS half converged (`setup --skip-controller`) on a fixture that looks like real EKS
    /// (vpcId and cluster security group in DescribeCluster), with one node in the cluster
    /// security group whose IMDS hop limit is 1. No Kubernetes.
    async fn aws_only() -> World {
        let aws = AwsEnv::start();
        let fx = fixture::build_with_vpc_id(&aws, CLUSTER).await;
        let w = World { aws, fx, kube: None };
        w.add_node(&[&w.fx.cluster_sg.clone()]).await;
        w.tag_group(&w.fx.cluster_sg, &format!("kubernetes.io/cluster/{CLUSTER}"), "owned").await;
        let out = w.aws.albctl(&["setup", "--cluster", CLUSTER, "--skip-controller"]);
        assert_exit(&out, 0);
        w
    }

    /// Like [`World::aws_only`], set up with EKS Pod Identity (the agent add-on installed in the
    /// proxy's EksDouble first).
    async fn aws_only_pod_identity() -> World {
        let aws = AwsEnv::start();
        let fx = fixture::build_with_vpc_id(&aws, CLUSTER).await;
        common::eks_double::create_addon(&aws, CLUSTER, "eks-pod-identity-agent");
        let w = World { aws, fx, kube: None };
        w.add_node(&[&w.fx.cluster_sg.clone()]).await;
        w.tag_group(&w.fx.cluster_sg, &format!("kubernetes.io/cluster/{CLUSTER}"), "owned").await;
        let out = w.aws.albctl(&["setup", "--cluster", CLUSTER, "--skip-controller", "--identity", "pod-identity"]);
        assert_exit(&out, 0);
        w
    }

    /// Everything converged: the AWS half, the controller applied by `setup` (the test plays
    /// kubelet and controller-manager: Deployment Available, webhook endpoints ready) and two
    /// controller pods with the web identity environment the EKS pod identity webhook injects.
    async fn converged() -> World {
        World::converged_with(&[]).await
    }

    /// [`World::converged`] with these objects (`(plural, object)`) created before `setup`, while
    /// no admission webhook is there yet.
    async fn converged_with(objects: &[(&str, Value)]) -> World {
        World::converged_on(Server::Current, objects).await
    }

    /// [`World::converged_with`] on the given API server build.
    async fn converged_on(which: Server, objects: &[(&str, Value)]) -> World {
        let options = Options { eks_like: true, server: which, ..Options::new(CLUSTER) };
        let common::World { aws, fx, kube: server, client } = common::World::start_with(options).await;
        for (plural, obj) in objects {
            crate::common::lbc::create(&client, plural, obj.clone()).await;
        }
        let w = World { aws, fx, kube: Some((server, client)) };
        w.add_node(&[&w.fx.cluster_sg.clone()]).await;
        w.tag_group(&w.fx.cluster_sg, &format!("kubernetes.io/cluster/{CLUSTER}"), "owned").await;

        let kubelet = Kubelet::start(w.client());
        let out = w.albctl(&["setup", "--timeout", "30s"]);
        kubelet.stop().await;
        assert_exit(&out, 0);
        let role_arn = format!("arn:aws:iam::{}:role/{ROLE}", w.fx.account);
        for i in 0..2 {
            w.create_pod(&format!("{DEPLOYMENT}-{i}"), Some(&role_arn)).await;
        }
        w
    }

    fn client(&self) -> &kube::Client {
        &self.kube.as_ref().expect("a world with Kubernetes").1
    }

    fn albctl(&self, args: &[&str]) -> Output {
        let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        all.extend(["--cluster".into(), CLUSTER.into()]);
        if let Some((server, _)) = &self.kube {
            all.extend(["--kubeconfig".into(), server.kubeconfig().display().to_string()]);
        }
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        self.aws.albctl(&refs)
    }

    /// `doctor -o json` (plus `extra`), its exit code checked against the findings.
    fn doctor(&self, extra: &[&str]) -> (Output, Value) {
        let mut args = vec!["doctor", "-o", "json"];
        args.extend_from_slice(extra);
        let out = self.albctl(&args);
        assert!(matches!(out.status.code(), Some(0 | 1)), "doctor could not run: {}", stderr(&out));
        let doc = json_of(&out);
        let failed = doc["summary"]["fail"].as_u64().unwrap();
        assert_eq!(out.status.code(), Some(if failed > 0 { 1 } else { 0 }), "exit code vs {doc:#}");
        (out, doc)
    }

    /// `doctor` in text, for the fix and evidence lines a person reads.
    fn doctor_text(&self) -> String {
        String::from_utf8(self.albctl(&["doctor"]).stdout).unwrap()
    }

    async fn iam(&self) -> aws_sdk_iam::Client {
        aws_sdk_iam::Client::new(&self.aws.sdk().await)
    }

    async fn ec2(&self) -> aws_sdk_ec2::Client {
        aws_sdk_ec2::Client::new(&self.aws.sdk().await)
    }

    /// A node of the cluster (tagged as EKS managed node groups tag theirs) in the first private
    /// subnet with these security groups and IMDS hop limit 1.
    async fn add_node(&self, groups: &[&str]) -> String {
        let ec2 = self.ec2().await;
        let image = ec2.describe_images().owners("amazon").send().await.or_panic("ec2:DescribeImages");
        let image = image.images()[0].image_id().unwrap().to_string();
        let tags = TagSpecification::builder()
            .resource_type(ResourceType::Instance)
            .tags(Tag::builder().key("eks:cluster-name").value(CLUSTER).build())
            .tags(Tag::builder().key(format!("kubernetes.io/cluster/{CLUSTER}")).value("owned").build())
            .build();
        let out = ec2
            .run_instances()
            .image_id(image)
            .min_count(1)
            .max_count(1)
            .subnet_id(&self.fx.private_subnets[0])
            .set_security_group_ids(Some(groups.iter().map(|g| g.to_string()).collect()))
            .metadata_options(InstanceMetadataOptionsRequest::builder().http_put_response_hop_limit(1).build())
            .tag_specifications(tags)
            .send()
            .await
            .or_panic("ec2:RunInstances");
        out.instances()[0].instance_id().unwrap().to_string()
    }

    async fn tag_group(&self, id: &str, key: &str, value: &str) {
        self.ec2()
            .await
            .create_tags()
            .resources(id)
            .tags(Tag::builder().key(key).value(value).build())
            .send()
            .await
            .or_panic("ec2:CreateTags");
    }

    async fn new_group(&self, name: &str) -> String {
        let out = self
            .ec2()
            .await
            .create_security_group()
            .vpc_id(&self.fx.vpc_id)
            .group_name(name)
            .description(name)
            .send()
            .await
            .or_panic("ec2:CreateSecurityGroup");
        out.group_id().unwrap().to_string()
    }

    /// Associates a subnet with another route table (ReplaceRouteTableAssociation).
    async fn move_to_route_table(&self, subnet: &str, table: &str) {
        let ec2 = self.ec2().await;
        let tables = ec2.describe_route_tables().send().await.or_panic("ec2:DescribeRouteTables");
        let association = tables
            .route_tables()
            .iter()
            .flat_map(|t| t.associations())
            .find(|a| a.subnet_id() == Some(subnet))
            .and_then(|a| a.route_table_association_id())
            .unwrap_or_else(|| panic!("{subnet} has no explicit route table association"))
            .to_string();
        ec2.replace_route_table_association()
            .association_id(association)
            .route_table_id(table)
            .send()
            .await
            .or_panic("ec2:ReplaceRouteTableAssociation");
    }

    async fn untag_subnets(&self, ids: &[String], key: &str) {
        self.ec2()
            .await
            .delete_tags()
            .set_resources(Some(ids.to_vec()))
            .tags(Tag::builder().key(key).build())
            .send()
            .await
            .or_panic("ec2:DeleteTags");
    }

    async fn set_trust(&self, trust: Value) {
        self.iam()
            .await
            .update_assume_role_policy()
            .role_name(ROLE)
            .policy_document(trust.to_string())
            .send()
            .await
            .or_panic("iam:UpdateAssumeRolePolicy");
    }

    fn host_path(&self) -> String {
        self.fx.issuer.trim_start_matches("https://").to_string()
    }

    fn trust_with(&self, conditions: Value) -> Value {
        json!({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow",
            "Principal": {"Federated": self.fx.oidc_provider_arn()},
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": conditions,
        }]})
    }

    /// Makes `document` the default version of albctl's policy.
    async fn set_policy_document(&self, document: &str) {
        let arn = format!("arn:aws:iam::{}:policy/{POLICY}", self.fx.account);
        self.iam()
            .await
            .create_policy_version()
            .policy_arn(arn)
            .policy_document(document)
            .set_as_default(true)
            .send()
            .await
            .or_panic("iam:CreatePolicyVersion");
    }

    async fn create_pod(&self, name: &str, role_arn: Option<&str>) {
        let deploy: Api<Deployment> = Api::namespaced(self.client().clone(), NS);
        let d = deploy.get(DEPLOYMENT).await.unwrap();
        let labels = d.spec.unwrap().selector.match_labels.unwrap();
        let mut env = vec![];
        if let Some(arn) = role_arn {
            env.push(json!({"name": "AWS_ROLE_ARN", "value": arn}));
            env.push(json!({"name": "AWS_WEB_IDENTITY_TOKEN_FILE",
                "value": "/var/run/secrets/eks.amazonaws.com/serviceaccount/token"}));
        }
        let pod: Pod = serde_json::from_value(json!({
            "apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "namespace": NS, "labels": labels},
            "spec": {
                "serviceAccountName": SA,
                "automountServiceAccountToken": false,
                "containers": [{"name": "aws-load-balancer-controller",
                    "image": "public.ecr.aws/eks/aws-load-balancer-controller:v3.5.0", "env": env}],
            },
        }))
        .unwrap();
        Api::<Pod>::namespaced(self.client().clone(), NS).create(&PostParams::default(), &pod).await.unwrap();
    }

    async fn patch_deployment(&self, patch: Value) {
        let api: Api<Deployment> = Api::namespaced(self.client().clone(), NS);
        api.patch(DEPLOYMENT, &PatchParams::default(), &Patch::Strategic(&patch)).await.unwrap();
        mark_deployment_available(self.client(), NS, DEPLOYMENT).await;
    }

    async fn deployment_args(&self) -> Vec<String> {
        let api: Api<Deployment> = Api::namespaced(self.client().clone(), NS);
        let d = api.get(DEPLOYMENT).await.unwrap();
        d.spec.unwrap().template.spec.unwrap().containers[0].args.clone().unwrap()
    }

    async fn set_args(&self, args: Vec<String>) {
        self.patch_deployment(json!({"spec": {"template": {"spec": {"containers": [
            {"name": "aws-load-balancer-controller", "args": args}
        ]}}}}))
        .await;
    }
}

fn statuses(doc: &Value) -> BTreeMap<String, String> {
    doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["code"].as_str().unwrap().to_string(), c["status"].as_str().unwrap().to_string()))
        .collect()
}

fn finding<'a>(doc: &'a Value, code: &str) -> &'a Value {
    doc["checks"].as_array().unwrap().iter().find(|c| c["code"] == code).unwrap_or_else(|| panic!("no {code}"))
}

/// `code` has `status`, its fix contains `fix`, and no other check fails or warns.
fn assert_only(doc: &Value, code: &str, status: &str, fix: &str) {
    let all = statuses(doc);
    assert_eq!(all[code], status, "{code}: {:#}", finding(doc, code));
    let f = finding(doc, code);
    assert!(f["fix"].as_str().unwrap_or_default().contains(fix), "{code} fix lacks {fix:?}: {f:#}");
    let others: Vec<String> = all
        .iter()
        .filter(|(c, s)| c.as_str() != code && (s.as_str() == "fail" || s.as_str() == "warn"))
        .map(|(c, s)| format!("{c}={s}: {}", finding(doc, c)["evidence"]))
        .collect();
    assert!(others.is_empty(), "only {code} should be {status}, also: {others:#?}");
}

fn evidence(doc: &Value, code: &str) -> String {
    finding(doc, code)["evidence"].as_str().unwrap().to_string()
}

// ---------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn converged_cluster_passes_every_check_and_makes_no_writes() {
    converged_passes_on(Server::Current).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn converged_cluster_passes_every_check_on_the_oldest_server() {
    converged_passes_on(Server::Oldest).await;
}

async fn converged_passes_on(server: Server) {
    let w = World::converged_on(server, &[]).await;
    w.aws.proxy.reset();
    let (_, doc) = w.doctor(&[]);
    // An IRSA install without Gateway API: the Pod Identity and Gateway API checks are skipped,
    // every other check passes.
    let pod_identity = ["IAM010", "IAM011", "IAM012", "IAM013", "IAM014"];
    let not_passing: Vec<String> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            let off_auto_mode = c["code"].as_str().unwrap().starts_with("AM");
            let skipped = off_auto_mode || pod_identity.iter().any(|p| c["code"] == *p) || c["area"] == "gateway-api";
            let expected = if skipped { "skipped" } else { "pass" };
            c["status"] != expected
        })
        .map(|c| format!("{} {}: {}", c["code"], c["status"], c["evidence"]))
        .collect();
    assert!(not_passing.is_empty(), "{not_passing:#?}");
    assert!(doc["checks"].as_array().unwrap().len() >= 20);
    for field in ["code", "area", "title", "severity", "status", "looked_at", "evidence"] {
        assert!(doc["checks"][0][field].is_string(), "{field} missing: {:#}", doc["checks"][0]);
    }
    use crate::common::CallLog;
    assert_eq!(w.aws.proxy.calls().writes().len(), 0, "doctor wrote: {:?}", w.aws.proxy.calls().writes());

    let text = w.doctor_text();
    for heading in ["OIDC provider", "IAM role and policy", "Network", "Kubernetes"] {
        assert!(text.contains(heading), "{text}");
    }
    assert!(text.contains("0 failed"), "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn without_kubernetes_access_aws_checks_run_and_kubernetes_ones_are_skipped() {
    let w = World::aws_only().await;
    // No kube flags: the cluster endpoint from DescribeCluster, which does not exist here.
    let (_, doc) = w.doctor(&[]);
    for (code, status) in statuses(&doc) {
        // NB: the load balancer checks judge AWS resources by their owners in the cluster.
        if code.starts_with("K8S") || code.starts_with("LB") || code.starts_with("GW") {
            assert_eq!(status, "skipped", "{code}");
            assert!(evidence(&doc, &code).contains("no Kubernetes access"), "{}", evidence(&doc, &code));
        } else if ["IAM010", "IAM011", "IAM012", "IAM013", "IAM014"].contains(&code.as_str()) || code.starts_with("AM")
        {
            // NB: an IRSA install (no association) has no Pod Identity to judge, a cluster without
            // Auto Mode no Auto Mode.
            assert_eq!(status, "skipped", "{code}: {}", evidence(&doc, &code));
        } else {
            assert_eq!(status, "pass", "{code}: {}", evidence(&doc, &code));
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn access_denied_on_get_role_is_a_finding_not_a_missing_role() {
    let aws = AwsEnv::start_with_proxy_options(&["--deny", "GetRole"]);
    let fx = fixture::build_with_vpc_id(&aws, CLUSTER).await;
    let w = World { aws, fx, kube: None };
    // Through the proxy, GetRole is denied: setup says so and stops.
    let out = w.aws.albctl(&["setup", "--cluster", CLUSTER, "--skip-controller"]);
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("iam:GetRole"), "{}", stderr(&out));
    // Converge with full rights (straight to moto), then diagnose with the limited ones.
    let moto = w.aws.moto.url.clone();
    // NB: moto has no Pod Identity API; with --identity irsa setup goes on without it.
    let out = w.aws.albctl_with_env(
        &["setup", "--cluster", CLUSTER, "--skip-controller", "--identity", "irsa"],
        &[("AWS_ENDPOINT_URL", moto.as_str())],
        &[],
    );
    assert_exit(&out, 0);
    let (out, doc) = w.doctor(&[]);
    assert_eq!(finding(&doc, "IAM001")["status"], "skipped", "{:#}", finding(&doc, "IAM001"));
    assert!(evidence(&doc, "IAM001").contains("AccessDenied on iam:GetRole"));
    assert_eq!(finding(&doc, "IAM009")["status"], "warn");
    assert!(evidence(&doc, "IAM009").contains("iam:GetRole"), "{}", evidence(&doc, "IAM009"));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("no IAM role"));
}

// --- OIDC ---------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn oidc001_provider_deleted() {
    let w = World::aws_only().await;
    w.iam()
        .await
        .delete_open_id_connect_provider()
        .open_id_connect_provider_arn(w.fx.oidc_provider_arn())
        .send()
        .await
        .or_panic("iam:DeleteOpenIDConnectProvider");
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "OIDC001", "fail", "albctl oidc associate --cluster demo");
}

#[tokio::test(flavor = "multi_thread")]
async fn oidc002_client_id_missing() {
    let w = World::aws_only().await;
    let iam = w.iam().await;
    // As another tool might have made it: the issuer's provider with another audience only.
    iam.delete_open_id_connect_provider()
        .open_id_connect_provider_arn(w.fx.oidc_provider_arn())
        .send()
        .await
        .or_panic("iam:DeleteOpenIDConnectProvider");
    iam.create_open_id_connect_provider()
        .url(&w.fx.issuer)
        .client_id_list("other.example.com")
        .thumbprint_list("9e99a48a9960b14926bb7f3b02e22da2b0ab7280")
        .send()
        .await
        .or_panic("iam:CreateOpenIDConnectProvider");
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "OIDC002", "fail", "albctl oidc associate --cluster demo");
}

// --- IAM ----------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn iam001_role_deleted() {
    let w = World::aws_only().await;
    let iam = w.iam().await;
    let policy_arn = format!("arn:aws:iam::{}:policy/{POLICY}", w.fx.account);
    iam.detach_role_policy().role_name(ROLE).policy_arn(policy_arn).send().await.or_panic("iam:DetachRolePolicy");
    iam.delete_role().role_name(ROLE).send().await.or_panic("iam:DeleteRole");
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "IAM001", "fail", "albctl iamserviceaccount create --cluster demo");
    assert!(evidence(&doc, "IAM001").contains(ROLE));
}

#[tokio::test(flavor = "multi_thread")]
async fn iam002_trust_names_another_provider() {
    let w = World::aws_only().await;
    let other = format!("arn:aws:iam::{}:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/OTHER", w.fx.account);
    let hp = "oidc.eks.us-west-2.amazonaws.com/id/OTHER";
    w.set_trust(json!({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": other}, "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {
            format!("{hp}:sub"): "system:serviceaccount:kube-system:aws-load-balancer-controller",
            format!("{hp}:aud"): "sts.amazonaws.com"}},
    }]}))
    .await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "IAM002", "fail", "albctl iamserviceaccount create --cluster demo");
    assert!(evidence(&doc, "IAM002").contains("OTHER"));
}

#[tokio::test(flavor = "multi_thread")]
async fn iam003_trust_with_wrong_subject() {
    let w = World::aws_only().await;
    let hp = w.host_path();
    w.set_trust(w.trust_with(json!({"StringEquals": {
        format!("{hp}:sub"): "system:serviceaccount:default:aws-load-balancer-controller",
        format!("{hp}:aud"): "sts.amazonaws.com"}})))
        .await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "IAM003", "fail", "albctl iamserviceaccount create --cluster demo");
    assert!(evidence(&doc, "IAM003").contains("system:serviceaccount:default:"), "{}", evidence(&doc, "IAM003"));
}

#[tokio::test(flavor = "multi_thread")]
async fn iam004_trust_with_wrong_audience() {
    let w = World::aws_only().await;
    let hp = w.host_path();
    w.set_trust(w.trust_with(json!({"StringEquals": {
        format!("{hp}:sub"): "system:serviceaccount:kube-system:aws-load-balancer-controller",
        format!("{hp}:aud"): "sts.example.com"}})))
        .await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "IAM004", "fail", "albctl iamserviceaccount create --cluster demo");
}

#[tokio::test(flavor = "multi_thread")]
async fn iam005_trust_with_wildcard_string_like() {
    let w = World::aws_only().await;
    let hp = w.host_path();
    w.set_trust(w.trust_with(json!({
        "StringLike": {format!("{hp}:sub"): "system:serviceaccount:kube-system:*"},
        "StringEquals": {format!("{hp}:aud"): "sts.amazonaws.com"}})))
        .await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "IAM005", "fail", "albctl iamserviceaccount create --cluster demo");
    assert!(evidence(&doc, "IAM005").contains("system:serviceaccount:kube-system:*"));
}

#[tokio::test(flavor = "multi_thread")]
async fn iam006_policy_detached() {
    let w = World::aws_only().await;
    let policy_arn = format!("arn:aws:iam::{}:policy/{POLICY}", w.fx.account);
    w.iam()
        .await
        .detach_role_policy()
        .role_name(ROLE)
        .policy_arn(policy_arn)
        .send()
        .await
        .or_panic("iam:DetachRolePolicy");
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "IAM006", "fail", "albctl iamserviceaccount create --cluster demo");
}

#[tokio::test(flavor = "multi_thread")]
async fn iam007_policy_from_v2_7_0_names_the_revision_and_missing_actions() {
    let w = World::aws_only().await;
    let old = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/reference/aws-load-balancer-controller/v2.7.0/iam_policy.json"),
    )
    .unwrap();
    w.set_policy_document(&old).await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "IAM007", "fail", "albctl policy create --cluster demo");
    let e = evidence(&doc, "IAM007");
    assert!(e.contains("v2.7.0"), "{e}");
    assert!(e.contains("elasticloadbalancing:DescribeListenerAttributes"), "{e}");
}

#[tokio::test(flavor = "multi_thread")]
async fn iam008_no_service_linked_role_and_no_permission_to_create_it() {
    let w = World::aws_only().await;
    let mut policy: Value = serde_json::from_str(include_str!("../../policies/aws.json")).unwrap();
    policy["Statement"].as_array_mut().unwrap().retain(|s| {
        let a = &s["Action"];
        !(a == "iam:CreateServiceLinkedRole"
            || a.as_array().is_some_and(|l| l.iter().any(|x| x == "iam:CreateServiceLinkedRole")))
    });
    w.set_policy_document(&policy.to_string()).await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "IAM008", "fail", "aws iam create-service-linked-role");
}

// --- Network ------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn net001_net002_untagged_subnets_with_correct_routes_pass_with_a_note() {
    // v3.5.0 falls back to route tables when no subnet carries the role tag.
    let w = World::aws_only().await;
    w.untag_subnets(&w.fx.public_subnets, "kubernetes.io/role/elb").await;
    w.untag_subnets(&w.fx.private_subnets, "kubernetes.io/role/internal-elb").await;
    let (out, doc) = w.doctor(&[]);
    assert_exit(&out, 0);
    for net in ["NET001", "NET002", "NET003"] {
        assert_eq!(finding(&doc, net)["status"], "pass", "{:#}", finding(&doc, net));
    }
    let e = evidence(&doc, "NET001");
    assert!(e.starts_with("note: no subnet has kubernetes.io/role/elb") && e.contains("route tables"), "{e}");
    assert!(w.fx.public_subnets.iter().all(|s| e.contains(s.as_str())), "{e}");
    assert!(evidence(&doc, "NET002").contains(&w.fx.private_subnets[0]), "{}", evidence(&doc, "NET002"));
}

#[tokio::test(flavor = "multi_thread")]
async fn net001_public_subnets_the_controller_cannot_use_fail() {
    // Untagged, so found by route tables, but every one is another cluster's: none is usable.
    let w = World::aws_only().await;
    w.untag_subnets(&w.fx.public_subnets, "kubernetes.io/role/elb").await;
    for s in &w.fx.public_subnets {
        w.tag_group(s, "kubernetes.io/cluster/other", "owned").await;
    }
    let (_, doc) = w.doctor(&[]);
    assert_eq!(finding(&doc, "NET001")["status"], "fail", "{:#}", finding(&doc, "NET001"));
    let e = evidence(&doc, "NET001");
    assert!(e.contains("found by route tables") && e.contains("tagged for other clusters only"), "{e}");
    assert!(finding(&doc, "NET001")["fix"].as_str().unwrap().contains("albctl subnets tag --cluster demo"));
}

#[tokio::test(flavor = "multi_thread")]
async fn net002_private_subnets_tagged_for_another_cluster_only_fail() {
    let w = World::aws_only().await;
    w.untag_subnets(&w.fx.private_subnets, "kubernetes.io/role/internal-elb").await;
    w.untag_subnets(&w.fx.public_subnets, "kubernetes.io/role/elb").await;
    for s in &w.fx.private_subnets {
        w.tag_group(s, "kubernetes.io/cluster/other", "owned").await;
    }
    let (_, doc) = w.doctor(&[]);
    assert_eq!(finding(&doc, "NET002")["status"], "fail", "{:#}", finding(&doc, "NET002"));
    assert!(evidence(&doc, "NET002").contains("tagged for other clusters only"), "{}", evidence(&doc, "NET002"));
}

#[tokio::test(flavor = "multi_thread")]
async fn net003_tagged_subnets_left_in_one_zone() {
    let w = World::aws_only().await;
    w.untag_subnets(&w.fx.public_subnets[1..], "kubernetes.io/role/elb").await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "NET003", "fail", "albctl subnets tag --cluster demo");
    assert!(evidence(&doc, "NET003").contains(&w.fx.azs[0]), "{}", evidence(&doc, "NET003"));
}

#[tokio::test(flavor = "multi_thread")]
async fn net003_untagged_public_subnets_routed_in_one_zone_still_fail() {
    // No role tags: the controller finds public subnets by their routes, and only one zone has one.
    let w = World::aws_only().await;
    w.untag_subnets(&w.fx.public_subnets, "kubernetes.io/role/elb").await;
    for s in &w.fx.public_subnets[1..] {
        w.move_to_route_table(s, &w.fx.private_route_table).await;
    }
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "NET003", "fail", "albctl subnets tag --cluster demo");
    let e = evidence(&doc, "NET003");
    assert!(e.contains("public subnets are all in one zone") && e.contains(&w.fx.azs[0]), "{e}");
}

#[tokio::test(flavor = "multi_thread")]
async fn net004_role_tag_true() {
    let w = World::aws_only().await;
    w.tag_group(&w.fx.public_subnets[0], "kubernetes.io/role/elb", "true").await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "NET004", "fail", "albctl subnets tag --cluster demo");
    assert!(evidence(&doc, "NET004").contains("kubernetes.io/role/elb=true"));
}

#[tokio::test(flavor = "multi_thread")]
async fn net005_subnet_owned_by_another_cluster_warns_while_two_zones_remain() {
    let w = World::aws_only().await;
    w.tag_group(&w.fx.public_subnets[0], "kubernetes.io/cluster/other", "owned").await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "NET005", "warn", "albctl subnets tag --cluster demo");
    let seen = evidence(&doc, "NET005");
    assert!(seen.contains(&w.fx.public_subnets[0]) && seen.contains("owned by other"), "{seen}");

    // With a second public subnet owned elsewhere, one AZ is left: an ALB cannot be made.
    w.tag_group(&w.fx.public_subnets[1], "kubernetes.io/cluster/other", "owned").await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "NET005", "fail", "in another Availability Zone");
    assert!(evidence(&doc, "NET005").contains("span 1 AZ(s)"), "{}", evidence(&doc, "NET005"));
    // NET003 sees the same shortage among the subnets the controller finds and leaves it to NET005.
    assert!(evidence(&doc, "NET003").contains("(NET005)"), "{}", evidence(&doc, "NET003"));
}

#[tokio::test(flavor = "multi_thread")]
async fn net005_subnet_shared_only_with_another_cluster_fails_until_tagged() {
    let w = World::aws_only().await;
    w.tag_group(&w.fx.public_subnets[0], "kubernetes.io/cluster/other", "shared").await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "NET005", "fail", "albctl subnets tag --cluster demo");
    assert!(evidence(&doc, "NET005").contains("shared with other"), "{}", evidence(&doc, "NET005"));
    let out = w.aws.albctl(&["subnets", "tag", "--cluster", CLUSTER]);
    assert_exit(&out, 0);
    let (_, doc) = w.doctor(&[]);
    assert_eq!(finding(&doc, "NET005")["status"], "pass", "{:#}", finding(&doc, "NET005"));
}

#[tokio::test(flavor = "multi_thread")]
async fn setup_then_doctor_agree_on_subnets_shared_with_and_owned_by_other_clusters() {
    let aws = AwsEnv::start();
    let fx = fixture::build_with_vpc_id(&aws, CLUSTER).await;
    let w = World { aws, fx, kube: None };
    w.add_node(&[&w.fx.cluster_sg.clone()]).await;
    w.tag_group(&w.fx.cluster_sg, &format!("kubernetes.io/cluster/{CLUSTER}"), "owned").await;
    let (shared, owned) = (w.fx.public_subnets[0].clone(), w.fx.private_subnets[1].clone());
    w.tag_group(&shared, "kubernetes.io/cluster/blue", "shared").await;
    w.tag_group(&owned, "kubernetes.io/cluster/green", "owned").await;
    let before = crate::common::snapshot::aws(&w.aws).await;

    let out = w.aws.albctl(&["setup", "--cluster", CLUSTER, "--skip-controller"]);
    assert_exit(&out, 0);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(text.contains("owned by cluster green: left alone"), "{text}");
    let tags = subnet_tags(&w, &shared).await;
    assert_eq!(tags.get("kubernetes.io/cluster/demo").map(String::as_str), Some("shared"), "{tags:?}");
    assert_eq!(tags.get("kubernetes.io/cluster/blue").map(String::as_str), Some("shared"), "{tags:?}");
    let owned_tags = subnet_tags(&w, &owned).await;
    assert!(
        owned_tags.keys().all(|k| k == "Name" || k == "kubernetes.io/cluster/green"),
        "the subnet green owns is left alone: {owned_tags:?}"
    );

    let (_, doc) = w.doctor(&[]);
    let failed: Vec<String> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] == "fail")
        .map(|c| format!("{} {}", c["code"], c["evidence"]))
        .collect();
    assert!(failed.is_empty(), "setup converged, so doctor must not fail: {failed:#?}");
    assert_eq!(finding(&doc, "NET005")["status"], "warn", "{:#}", finding(&doc, "NET005"));
    assert!(evidence(&doc, "NET005").contains(&owned), "{}", evidence(&doc, "NET005"));

    let out = w.aws.albctl(&["teardown", "--cluster", CLUSTER, "--skip-kubernetes", "--delete-oidc-provider"]);
    assert_exit(&out, 0);
    let after = crate::common::snapshot::aws(&w.aws).await;
    crate::common::snapshot::assert_same("AWS after setup and teardown", &before, &after);
}

async fn subnet_tags(w: &World, id: &str) -> BTreeMap<String, String> {
    let out = w.ec2().await.describe_subnets().subnet_ids(id).send().await.or_panic("ec2:DescribeSubnets");
    out.subnets()[0].tags().iter().map(|t| (t.key().unwrap().to_string(), t.value().unwrap().to_string())).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn net006_tagged_subnet_with_few_free_addresses() {
    let w = World::aws_only().await;
    let ec2 = w.ec2().await;
    let subnet = ec2
        .create_subnet()
        .vpc_id(&w.fx.vpc_id)
        .cidr_block("10.0.240.0/28")
        .availability_zone(&w.fx.azs[0])
        .send()
        .await
        .or_panic("ec2:CreateSubnet");
    let id = subnet.subnet().unwrap().subnet_id().unwrap().to_string();
    for _ in 0..4 {
        ec2.create_network_interface().subnet_id(&id).send().await.or_panic("ec2:CreateNetworkInterface");
    }
    w.tag_group(&id, "kubernetes.io/role/internal-elb", "1").await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "NET006", "warn", "albctl subnets list --cluster demo");
    assert!(evidence(&doc, "NET006").contains(&id));
}

#[tokio::test(flavor = "multi_thread")]
async fn net007_node_group_without_9443_from_the_cluster_group() {
    let w = World::aws_only().await;
    let node_sg = w.new_group("nodes-without-webhook-port").await;
    let node = w.add_node(&[&node_sg]).await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "NET007", "fail", "--port 9443");
    assert!(evidence(&doc, "NET007").contains(&node));

    // The rule the fix names makes it pass.
    w.ec2()
        .await
        .authorize_security_group_ingress()
        .group_id(&node_sg)
        .ip_permissions(
            IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(9443)
                .to_port(9443)
                .user_id_group_pairs(UserIdGroupPair::builder().group_id(&w.fx.cluster_sg).build())
                .build(),
        )
        .send()
        .await
        .or_panic("ec2:AuthorizeSecurityGroupIngress");
    let (_, doc) = w.doctor(&[]);
    assert_eq!(statuses(&doc)["NET007"], "pass");
}

#[tokio::test(flavor = "multi_thread")]
async fn net008_two_tagged_groups_on_a_node_eni() {
    let w = World::aws_only().await;
    let second = w.new_group("second-tagged").await;
    w.tag_group(&second, &format!("kubernetes.io/cluster/{CLUSTER}"), "owned").await;
    w.add_node(&[&w.fx.cluster_sg.clone(), &second]).await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "NET008", "fail", "kubernetes.io/cluster/demo");
}

// --- Kubernetes ---------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn k8s001_service_account_deleted() {
    let w = World::converged().await;
    Api::<ServiceAccount>::namespaced(w.client().clone(), NS).delete(SA, &DeleteParams::default()).await.unwrap();
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "K8S001", "fail", "albctl iamserviceaccount create --cluster demo");
}

#[tokio::test(flavor = "multi_thread")]
async fn k8s002_annotation_removed() {
    let w = World::converged().await;
    let patch = json!({"metadata": {"annotations": {"eks.amazonaws.com/role-arn": null}}});
    Api::<ServiceAccount>::namespaced(w.client().clone(), NS)
        .patch(SA, &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "K8S002", "fail", "albctl iamserviceaccount create --cluster demo");
}

#[tokio::test(flavor = "multi_thread")]
async fn k8s003_deployment_points_at_another_service_account() {
    let w = World::converged().await;
    w.patch_deployment(json!({"spec": {"template": {"spec": {"serviceAccountName": "default"}}}})).await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "K8S003", "fail", "albctl apply --cluster demo");
}

#[tokio::test(flavor = "multi_thread")]
async fn k8s004_pods_without_web_identity_environment() {
    let w = World::converged().await;
    let pods: Api<Pod> = Api::namespaced(w.client().clone(), NS);
    pods.delete_collection(&DeleteParams::default(), &ListParams::default()).await.unwrap();
    w.create_pod("started-before-annotation", None).await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "K8S004", "fail", "rollout restart");
}

#[tokio::test(flavor = "multi_thread")]
async fn k8s005_vpc_id_dropped_with_imds_hop_limit_one() {
    let w = World::converged().await;
    let args: Vec<String> = w.deployment_args().await.into_iter().filter(|a| !a.starts_with("--aws-vpc-id")).collect();
    w.set_args(args).await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "K8S005", "fail", "albctl apply --cluster demo");
    assert!(evidence(&doc, "K8S005").contains("hop limit 1"), "{}", evidence(&doc, "K8S005"));
}

#[tokio::test(flavor = "multi_thread")]
async fn k8s006_wrong_cluster_name() {
    let w = World::converged().await;
    let args: Vec<String> = w
        .deployment_args()
        .await
        .into_iter()
        .map(|a| if a.starts_with("--cluster-name") { "--cluster-name=other".into() } else { a })
        .collect();
    w.set_args(args).await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "K8S006", "fail", "albctl apply --cluster demo");
}

#[tokio::test(flavor = "multi_thread")]
async fn k8s007_crd_deleted() {
    let w = World::converged().await;
    Api::<CustomResourceDefinition>::all(w.client().clone())
        .delete("targetgroupbindings.elbv2.k8s.aws", &DeleteParams::default())
        .await
        .unwrap();
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "K8S007", "fail", "albctl apply --cluster demo");
    let e = evidence(&doc, "K8S007");
    assert!(e.contains("targetgroupbindings.elbv2.k8s.aws is missing") || e.contains("is being deleted"), "{e}");
}

#[tokio::test(flavor = "multi_thread")]
async fn k8s008_corrupt_ca_bundle() {
    let w = World::converged().await;
    let other = albctl::tls::generate(WEBHOOK_SERVICE, NS, time::OffsetDateTime::now_utc()).unwrap();
    let api: Api<MutatingWebhookConfiguration> = Api::all(w.client().clone());
    let mut m = api.get(WEBHOOK).await.unwrap();
    for hook in m.webhooks.as_mut().unwrap() {
        hook.client_config.ca_bundle = Some(k8s_openapi::ByteString(other.ca_crt.clone().into_bytes()));
    }
    api.replace(WEBHOOK, &PostParams::default(), &m).await.unwrap();
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "K8S008", "fail", "albctl apply --cluster demo");
    assert!(evidence(&doc, "K8S008").contains("unknown authority"));
}

#[tokio::test(flavor = "multi_thread")]
async fn k8s009_expired_certificate() {
    let w = World::converged().await;
    let now = time::OffsetDateTime::now_utc();
    let tls = albctl::tls::generate_with_validity(
        WEBHOOK_SERVICE,
        NS,
        now - time::Duration::days(400),
        now - time::Duration::days(35),
    )
    .unwrap();
    let secret = json!({"data": {
        "ca.crt": base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &tls.ca_crt),
        "tls.crt": base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &tls.tls_crt),
        "tls.key": base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &tls.tls_key),
    }});
    Api::<Secret>::namespaced(w.client().clone(), NS)
        .patch(TLS_SECRET, &PatchParams::default(), &Patch::Merge(&secret))
        .await
        .unwrap();
    // The webhooks trust the new CA, so only the expiry is wrong.
    for kind in ["mutating", "validating"] {
        let bundle = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, &tls.ca_crt);
        set_ca_bundles(w.client(), kind, &bundle).await;
    }
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "K8S009", "fail", "albctl apply --cluster demo");
    assert!(evidence(&doc, "K8S009").contains("expired"), "{}", evidence(&doc, "K8S009"));
}

async fn set_ca_bundles(client: &kube::Client, kind: &str, bundle_b64: &str) {
    use k8s_openapi::api::admissionregistration::v1::ValidatingWebhookConfiguration;
    let bytes = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, bundle_b64).unwrap();
    if kind == "mutating" {
        let api: Api<MutatingWebhookConfiguration> = Api::all(client.clone());
        let mut m = api.get(WEBHOOK).await.unwrap();
        for hook in m.webhooks.as_mut().unwrap() {
            hook.client_config.ca_bundle = Some(k8s_openapi::ByteString(bytes.clone()));
        }
        api.replace(WEBHOOK, &PostParams::default(), &m).await.unwrap();
    } else {
        let api: Api<ValidatingWebhookConfiguration> = Api::all(client.clone());
        let mut v = api.get(WEBHOOK).await.unwrap();
        for hook in v.webhooks.as_mut().unwrap() {
            hook.client_config.ca_bundle = Some(k8s_openapi::ByteString(bytes.clone()));
        }
        api.replace(WEBHOOK, &PostParams::default(), &v).await.unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn k8s010_webhook_service_without_endpoints() {
    let w = World::converged().await;
    Api::<EndpointSlice>::namespaced(w.client().clone(), NS)
        .delete(&crate::common::kube::endpoint_slice_name(WEBHOOK_SERVICE), &DeleteParams::default())
        .await
        .unwrap();
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "K8S010", "fail", "get pods");
    assert!(evidence(&doc, "K8S010").contains("no endpoints available for service"));
}

#[tokio::test(flavor = "multi_thread")]
async fn k8s011_deployment_not_available_says_image_pull() {
    let w = World::converged().await;
    let status = json!({"status": {"availableReplicas": 0, "conditions": [{"type": "Available", "status": "False",
        "reason": "MinimumReplicasUnavailable", "message": "Deployment does not have minimum availability."}]}});
    Api::<Deployment>::namespaced(w.client().clone(), NS)
        .patch_status(DEPLOYMENT, &PatchParams::default(), &Patch::Merge(&status))
        .await
        .unwrap();
    let pod_status = json!({"status": {"phase": "Pending", "containerStatuses": [{
        "name": "aws-load-balancer-controller", "ready": false, "restartCount": 0,
        "image": "public.ecr.aws/eks/aws-load-balancer-controller:v3.5.0", "imageID": "",
        "state": {"waiting": {"reason": "ImagePullBackOff",
            "message": "Back-off pulling image \"public.ecr.aws/eks/aws-load-balancer-controller:v3.5.0\""}}}]}});
    Api::<Pod>::namespaced(w.client().clone(), NS)
        .patch_status(&format!("{DEPLOYMENT}-0"), &PatchParams::default(), &Patch::Merge(&pod_status))
        .await
        .unwrap();
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "K8S011", "fail", "albctl apply --cluster demo");
    assert!(evidence(&doc, "K8S011").contains("ImagePullBackOff"), "{}", evidence(&doc, "K8S011"));
}

#[tokio::test(flavor = "multi_thread")]
async fn k8s012_image_from_another_partitions_registry() {
    let w = World::converged().await;
    let image = "918309763551.dkr.ecr.cn-north-1.amazonaws.com.cn/amazon/aws-load-balancer-controller:v3.5.0";
    w.patch_deployment(json!({"spec": {"template": {"spec": {"containers": [
        {"name": "aws-load-balancer-controller", "image": image}]}}}}))
        .await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "K8S012", "fail", "--image-registry regional");
    assert!(evidence(&doc, "K8S012").contains("aws-cn"), "{}", evidence(&doc, "K8S012"));
}

#[tokio::test(flavor = "multi_thread")]
async fn k8s013_image_from_another_regions_registry() {
    let w = World::converged().await;
    let image = "602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon/aws-load-balancer-controller:v3.5.0";
    w.patch_deployment(json!({"spec": {"template": {"spec": {"containers": [
        {"name": "aws-load-balancer-controller", "image": image}]}}}}))
        .await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "K8S013", "warn", "--image-registry regional");
}

#[tokio::test(flavor = "multi_thread")]
async fn k8s014_forbidden_reads_are_a_finding() {
    let w = World::converged().await;
    let (server, _) = w.kube.as_ref().unwrap();
    let kubeconfig = server.dir().join("kubeconfig-nobody");
    let admin = std::fs::read_to_string(server.kubeconfig()).unwrap();
    std::fs::write(&kubeconfig, admin.replace(&server.token, &server.unprivileged_token)).unwrap();
    let out =
        w.aws.albctl(&["doctor", "-o", "json", "--cluster", CLUSTER, "--kubeconfig", kubeconfig.to_str().unwrap()]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    assert_eq!(finding(&doc, "K8S014")["status"], "warn", "{:#}", finding(&doc, "K8S014"));
    assert!(evidence(&doc, "K8S014").contains("get serviceaccounts"), "{}", evidence(&doc, "K8S014"));
    assert_eq!(finding(&doc, "K8S001")["status"], "skipped");
    assert!(evidence(&doc, "K8S001").contains("forbidden"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_eksctl_and_helm_install_is_judged_by_what_the_service_account_names() {
    let w = World::converged().await;
    let iam = w.iam().await;
    // eksctl's names: its own role and a policy of another name, the same grants.
    let role = "eksctl-demo-addon-iamserviceaccount-kube-sys-Role1-ABCDEF";
    let policy = iam
        .create_policy()
        .policy_name("AWSLoadBalancerControllerIAMPolicy-eksctl")
        .policy_document(include_str!("../../policies/aws.json"))
        .send()
        .await
        .or_panic("iam:CreatePolicy");
    let hp = w.host_path();
    let trust = w.trust_with(json!({"StringEquals": {
        format!("{hp}:sub"): "system:serviceaccount:kube-system:aws-load-balancer-controller",
        format!("{hp}:aud"): "sts.amazonaws.com"}}));
    let created = iam
        .create_role()
        .role_name(role)
        .assume_role_policy_document(trust.to_string())
        .send()
        .await
        .or_panic("iam:CreateRole");
    let role_arn = created.role().unwrap().arn().to_string();
    iam.attach_role_policy()
        .role_name(role)
        .policy_arn(policy.policy().unwrap().arn().unwrap())
        .send()
        .await
        .or_panic("iam:AttachRolePolicy");
    // albctl's role is gone; only the ServiceAccount's annotation leads to the right one.
    let ours = format!("arn:aws:iam::{}:policy/{POLICY}", w.fx.account);
    iam.detach_role_policy().role_name(ROLE).policy_arn(ours).send().await.or_panic("iam:DetachRolePolicy");
    iam.delete_role().role_name(ROLE).send().await.or_panic("iam:DeleteRole");
    let patch = json!({"metadata": {
        "labels": {"app.kubernetes.io/managed-by": "eksctl"},
        "annotations": {"eks.amazonaws.com/role-arn": role_arn}}});
    Api::<ServiceAccount>::namespaced(w.client().clone(), NS)
        .patch(SA, &PatchParams::default(), &Patch::Merge(&patch))
        .await
        .unwrap();

    // Pods started before the annotation changed keep the old role: K8S004 says so.
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "K8S004", "fail", "rollout restart");
    assert!(evidence(&doc, "K8S004").contains(ROLE), "{}", evidence(&doc, "K8S004"));

    // After the restart every check passes, judged on eksctl's role and policy.
    let pods: Api<Pod> = Api::namespaced(w.client().clone(), NS);
    pods.delete_collection(&DeleteParams::default(), &ListParams::default()).await.unwrap();
    w.create_pod("restarted", Some(&role_arn)).await;
    let (_, doc) = w.doctor(&[]);
    // An IRSA install: the Pod Identity checks (IAM010-IAM014) are skipped, every other one passes.
    let not_passing: Vec<String> = statuses(&doc)
        .into_iter()
        .filter(|(c, s)| {
            let skipped = ["IAM010", "IAM011", "IAM012", "IAM013", "IAM014"].contains(&c.as_str())
                || c.starts_with("GW")
                || c.starts_with("AM");
            s != if skipped { "skipped" } else { "pass" }
        })
        .map(|(c, s)| format!("{c}={s}"))
        .collect();
    assert!(not_passing.is_empty(), "{not_passing:?}: {doc:#}");
    assert!(evidence(&doc, "IAM001").contains(role), "{}", evidence(&doc, "IAM001"));
    assert!(evidence(&doc, "IAM006").contains("AWSLoadBalancerControllerIAMPolicy-eksctl"));
}

// ------------------------------------------------------------------------- load balancers

/// The AWS half converged and a cluster without any controller (no `apply`).
async fn world_without_controller() -> World {
    let common::World { aws, fx, kube: server, client } = common::World::start_eks_like(CLUSTER).await;
    let w = World { aws, fx, kube: Some((server, client)) };
    let out = w.albctl(&["setup", "--skip-controller"]);
    assert_exit(&out, 0);
    w
}

async fn event(
    client: &kube::Client,
    (kind, ns, name): (&str, &str, &str),
    type_: &str,
    reason: &str,
    message: &str,
    at: &str,
) {
    let api_version = match kind {
        "Ingress" => "networking.k8s.io/v1",
        "TargetGroupBinding" => "elbv2.k8s.aws/v1beta1",
        _ => "v1",
    };
    let ev: k8s_openapi::api::core::v1::Event = serde_json::from_value(json!({
        "metadata": {"namespace": ns, "generateName": format!("{name}.")},
        "involvedObject": {"apiVersion": api_version, "kind": kind, "namespace": ns, "name": name},
        "type": type_, "reason": reason, "message": message, "count": 2,
        "firstTimestamp": at, "lastTimestamp": at,
        "source": {"component": if kind == "Service" { "service" } else { "ingress" }},
    }))
    .unwrap();
    Api::<k8s_openapi::api::core::v1::Event>::namespaced(client.clone(), ns)
        .create(&PostParams::default(), &ev)
        .await
        .unwrap_or_else(|e| panic!("creating an event: {e}"));
}

#[tokio::test(flavor = "multi_thread")]
async fn lb001_orphaned_load_balancer_target_group_and_security_group() {
    let w = World::converged().await;
    use crate::common::lbc::{Owner, make_stack};
    let gone = make_stack(&w.aws, &w.fx, Some(CLUSTER), Owner::Ingress("default/gone"), "default-gone").await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "LB001", "fail", "albctl loadbalancers prune --cluster demo");
    let e = evidence(&doc, "LB001");
    for name in [&gone.lb_name, &gone.tg_name, &gone.sg_id] {
        assert!(e.contains(name.as_str()), "{name} not named: {e}");
    }
    assert!(e.contains("orphaned") && e.contains("Ingress default/gone"), "{e}");
}

#[tokio::test(flavor = "multi_thread")]
async fn lb002_ingress_stuck_on_its_finalizer_without_a_controller() {
    use crate::common::lbc::{self, Owner};
    let w = world_without_controller().await;
    let client = w.client().clone();
    lbc::create(&client, "ingresses", lbc::ingress("default", "web")).await;
    lbc::create(&client, "services", lbc::lb_service("default", "nlb")).await;
    let nlb = lbc::make_stack(&w.aws, &w.fx, Some(CLUSTER), Owner::Service("default/nlb"), "default-nlb").await;
    // kubectl delete: both stay, terminating, because nobody removes the finalizers.
    let ing = kube::api::ApiResource::from_gvk_with_plural(
        &kube::core::GroupVersionKind::gvk("networking.k8s.io", "v1", "Ingress"),
        "ingresses",
    );
    Api::<kube::api::DynamicObject>::namespaced_with(client.clone(), "default", &ing)
        .delete("web", &DeleteParams::default())
        .await
        .unwrap();
    Api::<k8s_openapi::api::core::v1::Service>::namespaced(client.clone(), "default")
        .delete("nlb", &DeleteParams::default())
        .await
        .unwrap();

    let (_, doc) = w.doctor(&[]);
    let f = finding(&doc, "LB002");
    assert_eq!(f["status"], "fail", "{f:#}");
    let e = evidence(&doc, "LB002");
    assert!(e.contains("Ingress default/web (finalizer ingress.k8s.aws/resources"), "{e}");
    assert!(e.contains("Service default/nlb (finalizer service.k8s.aws/resources"), "{e}");
    let fix = f["fix"].as_str().unwrap();
    assert!(fix.contains("albctl apply --cluster demo"), "{fix}");
    assert!(
        fix.contains(r#"kubectl -n default patch ingress web --type merge -p '{"metadata":{"finalizers":[]}}'"#),
        "its AWS resources are verifiably gone: {fix}"
    );
    assert!(fix.contains(&format!("Service default/nlb: its load balancer {} still exists", nlb.lb_name)), "{fix}");
    assert!(!fix.contains("patch service nlb"), "never suggest removing a finalizer whose resources exist: {fix}");
}

#[tokio::test(flavor = "multi_thread")]
async fn lb003_reconcile_failures_from_events_grouped_by_object_and_linked_to_their_checks() {
    let w = World::converged().await;
    let c = w.client().clone();
    let denied = "Failed deploy model due to AccessDeniedException: User: arn:aws:sts::123:assumed-role/lbc is not \
                  authorized to perform: elasticloadbalancing:DescribeListenerAttributes";
    event(&c, ("Ingress", "default", "web"), "Warning", "FailedDeployModel", denied, "2026-01-01T10:00:00Z").await;
    event(&c, ("Ingress", "default", "web"), "Warning", "FailedDeployModel", denied, "2026-01-01T10:05:00Z").await;
    let subnets = "Failed build model due to couldn't auto-discover subnets: unable to resolve at least one subnet";
    event(&c, ("Ingress", "default", "cart"), "Warning", "FailedBuildModel", subnets, "2026-01-01T10:00:00Z").await;
    event(
        &c,
        ("TargetGroupBinding", "default", "tgb"),
        "Warning",
        "BackendNotFound",
        "backend not found: Service default/x",
        "2026-01-01T10:00:00Z",
    )
    .await;
    // Fixed since: a later success hides the failure.
    event(
        &c,
        ("Service", "default", "old"),
        "Warning",
        "FailedDeployModel",
        "Failed deploy model due to x",
        "2026-01-01T09:00:00Z",
    )
    .await;
    event(
        &c,
        ("Service", "default", "old"),
        "Normal",
        "SuccessfullyReconciled",
        "Successfully reconciled",
        "2026-01-01T09:10:00Z",
    )
    .await;

    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "LB003", "fail", "albctl policy create --cluster demo");
    let e = evidence(&doc, "LB003");
    assert!(e.contains("Ingress default/web: FailedDeployModel (4x, last 2026-01-01T10:05:00Z)"), "grouped: {e}");
    assert!(e.contains("DescribeListenerAttributes [see IAM007]"), "{e}");
    assert!(e.contains("Ingress default/cart: FailedBuildModel") && e.contains("[see NET001/NET002]"), "{e}");
    assert!(e.contains("TargetGroupBinding default/tgb: BackendNotFound"), "{e}");
    assert!(!e.contains("default/old"), "reconciled since: {e}");
    assert!(finding(&doc, "LB003")["fix"].as_str().unwrap().contains("albctl subnets tag --cluster demo"));
}

#[tokio::test(flavor = "multi_thread")]
async fn lb004_ingress_with_a_missing_class_or_none_without_a_default() {
    let ingress = |name: &str, class: Option<&str>| {
        let mut spec = json!({"defaultBackend": {"service": {"name": "web", "port": {"number": 80}}}});
        if let Some(c) = class {
            spec["ingressClassName"] = json!(c);
        }
        (
            "ingresses",
            json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
                              "metadata": {"namespace": "default", "name": name}, "spec": spec}),
        )
    };
    let w = World::converged_with(&[
        ingress("typo", Some("alb-typo")),
        ingress("classless", None),
        ingress("ok", Some("alb")),
    ])
    .await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "LB004", "warn", "ingressClassName");
    let e = evidence(&doc, "LB004");
    assert!(e.contains("Ingress default/typo names IngressClass alb-typo, which does not exist"), "{e}");
    assert!(e.contains("Ingress default/classless names no IngressClass"), "{e}");
    assert!(!e.contains("default/ok"), "{e}");
}

// --- Pod Identity ---------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn pod_identity_install_doctor_green_and_irsa_checks_skipped() {
    let w = World::aws_only_pod_identity().await;
    let (out, doc) = w.doctor(&[]);
    assert_exit(&out, 0);
    for code in ["IAM010", "IAM012", "IAM013"] {
        assert_eq!(finding(&doc, code)["status"], "pass", "{:#}", finding(&doc, code));
    }
    for code in ["OIDC001", "OIDC002", "IAM002", "IAM003", "IAM004", "IAM005"] {
        assert_eq!(finding(&doc, code)["status"], "skipped", "{:#}", finding(&doc, code));
    }
    assert_eq!(finding(&doc, "IAM011")["status"], "skipped", "no Kubernetes here: {:#}", finding(&doc, "IAM011"));
}

#[tokio::test(flavor = "multi_thread")]
async fn iam010_pod_identity_agent_add_on_missing() {
    let w = World::aws_only_pod_identity().await;
    common::eks_double::delete_addon(&w.aws, CLUSTER, "eks-pod-identity-agent");
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "IAM010", "fail", "aws eks create-addon --cluster-name demo --addon-name eks-pod-identity-agent");
}

#[tokio::test(flavor = "multi_thread")]
async fn iam012_pod_identity_association_removed_or_pointing_elsewhere() {
    let w = World::aws_only_pod_identity().await;
    let (id, ..) = common::eks_double::associations(&w.aws, CLUSTER).remove(0);
    let other = format!("arn:aws:iam::{}:role/someone-else", w.fx.account);
    common::eks_double::update_association(&w.aws, CLUSTER, &id, &other);
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "IAM012", "fail", "albctl setup --cluster demo --identity pod-identity");
    assert!(evidence(&doc, "IAM012").contains("role/someone-else"), "{}", evidence(&doc, "IAM012"));

    common::eks_double::delete_association(&w.aws, CLUSTER, &id);
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "IAM012", "fail", "albctl setup --cluster demo --identity pod-identity");
    assert!(evidence(&doc, "IAM012").contains("no Pod Identity association"), "{}", evidence(&doc, "IAM012"));
}

#[tokio::test(flavor = "multi_thread")]
async fn iam013_pod_identity_trust_edited() {
    let w = World::aws_only_pod_identity().await;
    w.set_trust(json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
        "Principal": {"Service": "pods.eks.amazonaws.com"}, "Action": "sts:AssumeRole"}]}))
        .await;
    let (_, doc) = w.doctor(&[]);
    assert_only(&doc, "IAM013", "fail", "albctl setup --cluster demo --identity pod-identity");
    assert!(evidence(&doc, "IAM013").contains("sts:TagSession"), "{}", evidence(&doc, "IAM013"));
}

// ------------------------------------------------------------------------- EKS Auto Mode

#[tokio::test(flavor = "multi_thread")]
async fn auto_mode_class_clash_is_refused_before_any_write_then_side_by_side_setup_and_doctor_green() {
    let options = Options { eks_like: true, ..Options::new(CLUSTER) };
    let common::World { aws, fx, kube: server, client } = common::World::start_with(options).await;
    common::eks_double::enable_auto_mode(&aws, CLUSTER);
    // The EKS docs' own Auto Mode example names its IngressClass `alb`, as the chart does.
    let classes: Api<k8s_openapi::api::networking::v1::IngressClass> = Api::all(client.clone());
    let auto_class =
        serde_json::from_value(json!({"metadata": {"name": "alb"}, "spec": {"controller": "eks.amazonaws.com/alb"}}))
            .unwrap();
    classes.create(&PostParams::default(), &auto_class).await.or_panic("creating Auto Mode's IngressClass");
    let w = World { aws, fx, kube: Some((server, client)) };
    w.add_node(&[&w.fx.cluster_sg.clone()]).await;
    w.tag_group(&w.fx.cluster_sg, &format!("kubernetes.io/cluster/{CLUSTER}"), "owned").await;

    w.aws.proxy.reset();
    let out = w.albctl(&["setup", "--timeout", "30s"]);
    assert_exit(&out, 2);
    let err = stderr(&out);
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(err.contains("IngressClass alb belongs to controller eks.amazonaws.com/alb"), "{err}");
    assert!(err.contains("--ingress-class NAME"), "{err}");
    use crate::common::CallLog;
    assert!(w.aws.proxy.calls().writes().is_empty(), "{:?}", w.aws.proxy.calls().operations());
    let deployments: Api<Deployment> = Api::namespaced(w.client().clone(), NS);
    assert!(deployments.get_opt(DEPLOYMENT).await.unwrap().is_none(), "nothing applied");

    let kubelet = Kubelet::start(w.client());
    let out = w.albctl(&["setup", "--timeout", "30s", "--ingress-class", "alb-lbc"]);
    kubelet.stop().await;
    assert_exit(&out, 0);
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(text.contains("both run side by side"), "{text}");
    assert!(text.contains("Service mutator webhook off"), "{text}");
    let ours = classes.get("alb-lbc").await.or_panic("reading IngressClass alb-lbc");
    assert_eq!(ours.spec.unwrap().controller.as_deref(), Some("ingress.k8s.aws/alb"));
    assert_eq!(
        classes.get("alb").await.unwrap().spec.unwrap().controller.as_deref(),
        Some("eks.amazonaws.com/alb"),
        "Auto Mode's class is untouched"
    );
    let mutating: Api<MutatingWebhookConfiguration> = Api::all(w.client().clone());
    let names: Vec<String> = mutating
        .get("aws-load-balancer-webhook")
        .await
        .or_panic("reading the MutatingWebhookConfiguration")
        .webhooks
        .unwrap_or_default()
        .into_iter()
        .map(|h| h.name)
        .collect();
    assert!(!names.iter().any(|n| n == "mservice.elbv2.k8s.aws"), "Service mutator off: {names:?}");
    let role_arn = format!("arn:aws:iam::{}:role/{ROLE}", w.fx.account);
    for i in 0..2 {
        w.create_pod(&format!("{DEPLOYMENT}-{i}"), Some(&role_arn)).await;
    }

    let (_, doc) = w.doctor(&[]);
    let not_passing: Vec<String> = statuses(&doc)
        .into_iter()
        .filter(|(c, s)| {
            let skipped =
                ["IAM010", "IAM011", "IAM012", "IAM013", "IAM014"].contains(&c.as_str()) || c.starts_with("GW");
            s != if skipped { "skipped" } else { "pass" }
        })
        .map(|(c, s)| format!("{c}={s}: {}", evidence(&doc, &c)))
        .collect();
    assert!(not_passing.is_empty(), "{not_passing:#?}");
    for code in ["AM001", "AM002", "AM003", "AM004", "AM005"] {
        assert_eq!(finding(&doc, code)["area"], "auto-mode", "{:#}", finding(&doc, code));
    }

    // The faults AM001 and AM004 judge: the controller told to serve Auto Mode's class, without
    // --aws-region and --aws-vpc-id.
    let args = json!({"spec": {"template": {"spec": {"containers": [{"name": "aws-load-balancer-controller",
        "args": ["--cluster-name=demo", "--ingress-class=alb"]}]}}}});
    deployments
        .patch(DEPLOYMENT, &PatchParams::default(), &Patch::Strategic(&args))
        .await
        .or_panic("patching the controller's args");
    let (_, doc) = w.doctor(&[]);
    assert_eq!(finding(&doc, "AM001")["status"], "fail", "{:#}", finding(&doc, "AM001"));
    assert!(evidence(&doc, "AM001").contains("eks.amazonaws.com/alb"), "{}", evidence(&doc, "AM001"));
    assert_eq!(finding(&doc, "AM004")["status"], "fail", "{:#}", finding(&doc, "AM004"));
    assert!(evidence(&doc, "AM004").contains("--aws-region and --aws-vpc-id"), "{}", evidence(&doc, "AM004"));
}

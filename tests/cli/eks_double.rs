//! EksDouble, the proxy's answer to the EKS APIs moto 5.2.1 lacks: it answers the AWS SDK for
//! Rust as EKS would, and it refuses any request or answer botocore's EKS model does not allow.

use aws_sdk_eks::types::{AddonStatus, ComputeConfigRequest};
use aws_smithy_types::error::display::DisplayErrorContext;

use crate::common::{AwsEnv, CallLog, eks_double, fixture, fixture::OrPanic, http_request};

const CLUSTER: &str = "demo";

fn raw(env: &AwsEnv, method: &str, path: &str, body: &str) -> crate::common::HttpResponse {
    let auth = format!(
        "AWS4-HMAC-SHA256 Credential=testing/20250101/{}/eks/aws4_request, SignedHeaders=host, Signature=0",
        env.region
    );
    let headers = [("Content-Type", "application/json"), ("Authorization", auth.as_str())];
    http_request(&env.proxy.url, method, path, &headers, body.as_bytes()).expect("request through the proxy")
}

#[tokio::test]
async fn eks_double_answers_the_sdk_for_associations_addons_and_auto_mode() {
    let env = AwsEnv::start();
    let fx = fixture::build(&env, CLUSTER).await;
    let eks = aws_sdk_eks::Client::new(&env.sdk_via_proxy().await);
    let role = format!("arn:aws:iam::{}:role/lbc", fx.account);

    let created = eks
        .create_pod_identity_association()
        .cluster_name(CLUSTER)
        .namespace("kube-system")
        .service_account("aws-load-balancer-controller")
        .role_arn(&role)
        .tags("managed-by", "albctl")
        .send()
        .await
        .or_panic("CreatePodIdentityAssociation");
    let a = created.association().expect("association");
    let id = a.association_id().expect("id").to_string();
    assert!(id.starts_with("a-") && id.len() == 19, "{id}");
    assert_eq!(
        a.association_arn(),
        Some(format!("arn:aws:eks:us-west-2:{}:podidentityassociation/{CLUSTER}/{id}", fx.account).as_str())
    );
    let again = eks
        .create_pod_identity_association()
        .cluster_name(CLUSTER)
        .namespace("kube-system")
        .service_account("aws-load-balancer-controller")
        .role_arn(&role)
        .send()
        .await;
    assert!(
        again.as_ref().err().and_then(|e| e.as_service_error()).is_some_and(|e| e.is_resource_in_use_exception()),
        "one association per ServiceAccount: {again:?}"
    );
    let listed = eks
        .list_pod_identity_associations()
        .cluster_name(CLUSTER)
        .namespace("kube-system")
        .service_account("aws-load-balancer-controller")
        .send()
        .await
        .or_panic("ListPodIdentityAssociations");
    assert_eq!(listed.associations().len(), 1);
    let other_sa = eks
        .list_pod_identity_associations()
        .cluster_name(CLUSTER)
        .service_account("someone-else")
        .send()
        .await
        .or_panic("ListPodIdentityAssociations");
    assert!(other_sa.associations().is_empty());
    let other = format!("arn:aws:iam::{}:role/other", fx.account);
    eks.update_pod_identity_association()
        .cluster_name(CLUSTER)
        .association_id(&id)
        .role_arn(&other)
        .send()
        .await
        .or_panic("UpdatePodIdentityAssociation");
    let described = eks
        .describe_pod_identity_association()
        .cluster_name(CLUSTER)
        .association_id(&id)
        .send()
        .await
        .or_panic("DescribePodIdentityAssociation");
    assert_eq!(described.association().and_then(|a| a.role_arn()), Some(other.as_str()));
    eks.delete_pod_identity_association()
        .cluster_name(CLUSTER)
        .association_id(&id)
        .send()
        .await
        .or_panic("DeletePodIdentityAssociation");
    let gone = eks.describe_pod_identity_association().cluster_name(CLUSTER).association_id(&id).send().await;
    assert!(
        gone.as_ref().err().and_then(|e| e.as_service_error()).is_some_and(|e| e.is_resource_not_found_exception()),
        "{gone:?}"
    );

    let missing = eks.describe_addon().cluster_name(CLUSTER).addon_name("eks-pod-identity-agent").send().await;
    assert!(
        missing.as_ref().err().and_then(|e| e.as_service_error()).is_some_and(|e| e.is_resource_not_found_exception()),
        "{missing:?}"
    );
    let added = eks
        .create_addon()
        .cluster_name(CLUSTER)
        .addon_name("eks-pod-identity-agent")
        .send()
        .await
        .or_panic("CreateAddon");
    assert_eq!(added.addon().and_then(|a| a.status()), Some(&AddonStatus::Creating));
    let addon = eks
        .describe_addon()
        .cluster_name(CLUSTER)
        .addon_name("eks-pod-identity-agent")
        .send()
        .await
        .or_panic("DescribeAddon");
    assert_eq!(addon.addon().and_then(|a| a.status()), Some(&AddonStatus::Active));
    let names = eks.list_addons().cluster_name(CLUSTER).send().await.or_panic("ListAddons");
    assert_eq!(names.addons(), ["eks-pod-identity-agent"]);

    let before = eks.describe_cluster().name(CLUSTER).send().await.or_panic("DescribeCluster");
    assert!(before.cluster().and_then(|c| c.compute_config()).is_none(), "not Auto Mode yet");
    let half = eks
        .update_cluster_config()
        .name(CLUSTER)
        .compute_config(ComputeConfigRequest::builder().enabled(true).build())
        .send()
        .await;
    assert!(
        half.as_ref().err().and_then(|e| e.as_service_error()).is_some_and(|e| e.is_invalid_parameter_exception()),
        "Auto Mode is compute, storage and load balancing together: {half:?}"
    );
    eks_double::enable_auto_mode(&env, CLUSTER);
    let after = eks.describe_cluster().name(CLUSTER).send().await.or_panic("DescribeCluster");
    let c = after.cluster().expect("cluster");
    assert_eq!(c.compute_config().and_then(|c| c.enabled()), Some(true));
    assert_eq!(
        c.kubernetes_network_config().and_then(|k| k.elastic_load_balancing()).and_then(|e| e.enabled()),
        Some(true)
    );
    assert_eq!(c.storage_config().and_then(|s| s.block_storage()).and_then(|b| b.enabled()), Some(true));
    assert_eq!(c.name(), Some(CLUSTER), "moto's part of the answer is kept");

    let unknown = eks.list_addons().cluster_name("no-such-cluster").send().await;
    assert!(
        unknown.as_ref().err().and_then(|e| e.as_service_error()).is_some_and(|e| e.is_resource_not_found_exception()),
        "{unknown:?}"
    );

    let calls = env.proxy.calls();
    assert!(calls.iter().all(|c| c.model_violation.is_none()), "{calls:#?}");
    for c in calls.iter().filter(|c| c.service == "eks") {
        assert_eq!(c.double.as_deref(), Some("EksDouble"), "{c:?}");
    }
    assert!(calls.count("CreatePodIdentityAssociation") == 2 && calls.count("DescribeAddon") == 2, "{calls:#?}");
}

#[tokio::test]
async fn eks_double_refuses_a_request_the_model_does_not_allow() {
    let env = AwsEnv::start();
    fixture::build(&env, CLUSTER).await;

    let path = format!("/clusters/{CLUSTER}/pod-identity-associations");
    let resp = raw(&env, "POST", &path, r#"{"namespace":"kube-system","serviceAccount":"x","role":"r"}"#);
    assert_eq!(resp.status, 400, "{resp:?}");
    assert!(
        resp.headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("x-amzn-ErrorType") && v == "InvalidParameterException")
    );
    assert!(resp.body.contains("EksDouble: request does not fit"), "{}", resp.body);
    assert!(resp.body.contains("roleArn: required member missing"), "{}", resp.body);
    assert!(resp.body.contains("role: not a member of CreatePodIdentityAssociationRequest"), "{}", resp.body);

    let resp = raw(&env, "GET", &format!("{path}?maxResults=500"), "");
    assert_eq!(resp.status, 400, "{resp:?}");
    assert!(resp.body.contains("maxResults: 500 is above the maximum 100"), "{}", resp.body);

    let resp = raw(&env, "POST", &path, r#"{"namespace":"kube-system","serviceAccount":"x","roleArn":"r","tags":{}}"#);
    assert_eq!(resp.status, 400, "an empty tag map is below TagMap's minimum: {resp:?}");
    assert!(resp.body.contains("tags: 0 entries is below the minimum 1"), "{}", resp.body);

    let calls = env.proxy.calls();
    assert_eq!(calls.len(), 3, "{calls:#?}");
    assert!(
        calls.iter().all(|c| c.model_violation.is_some() && c.double.as_deref() == Some("EksDouble")),
        "{calls:#?}"
    );
    assert!(eks_double::associations(&env, CLUSTER).is_empty(), "a refused request changes nothing");
}

#[tokio::test]
async fn eks_double_refuses_an_answer_the_model_does_not_allow() {
    // A `--replace` that makes an answer no real EKS could give is refused; one that stays valid passes.
    let env = AwsEnv::start_with_proxy_options(&[
        "--replace",
        r#"DescribeAddon:"ACTIVE":"RUNNING""#,
        "--replace",
        r#"ListAddons:"eks-pod-identity-agent":17"#,
    ]);
    fixture::build(&env, CLUSTER).await;
    eks_double::create_addon(&env, CLUSTER, "eks-pod-identity-agent");
    let eks = aws_sdk_eks::Client::new(&env.sdk_via_proxy().await);

    let described = eks.describe_addon().cluster_name(CLUSTER).addon_name("eks-pod-identity-agent").send().await;
    let err = described.expect_err("an add-on status outside AddonStatus is refused");
    assert!(
        format!("{}", DisplayErrorContext(&err)).contains("EksDoubleModelViolation"),
        "{}",
        DisplayErrorContext(&err)
    );
    let listed = eks.list_addons().cluster_name(CLUSTER).send().await;
    assert!(listed.is_err(), "a number where the model has a string is refused: {listed:?}");

    let calls = env.proxy.calls();
    let violation = |op: &str| calls.iter().find(|c| c.operation == op).and_then(|c| c.model_violation.clone());
    assert!(violation("DescribeAddon").is_some_and(|v| v.contains("'RUNNING' is not one of")), "{calls:#?}");
    assert!(violation("ListAddons").is_some_and(|v| v.contains("addons[0]: expected a string")), "{calls:#?}");
    assert!(calls.iter().all(|c| c.status == 500), "{calls:#?}");

    let env = AwsEnv::on_reset_moto(env.into_moto(), &["--replace", r#"DescribeAddon:"ACTIVE":"DEGRADED""#]);
    fixture::build(&env, CLUSTER).await;
    eks_double::create_addon(&env, CLUSTER, "eks-pod-identity-agent");
    let eks = aws_sdk_eks::Client::new(&env.sdk_via_proxy().await);
    let out = eks
        .describe_addon()
        .cluster_name(CLUSTER)
        .addon_name("eks-pod-identity-agent")
        .send()
        .await
        .or_panic("DescribeAddon");
    assert_eq!(out.addon().and_then(|a| a.status()), Some(&AddonStatus::Degraded), "a valid replacement passes");
}

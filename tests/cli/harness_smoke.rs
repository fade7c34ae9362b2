//! Tests of the harness itself: if these fail, every emulator test after them means nothing.
//!
//! They check that the fixture looks like an eksctl-style cluster in moto, that the proxy
//! records SDK calls correctly, injects faults in each AWS wire protocol, and rewrites answers.

use std::time::Duration;

use aws_sdk_ec2::error::ProvideErrorMetadata;
use aws_smithy_types::retry::RetryConfig;

use crate::common::{AwsEnv, CallLog, fixture};

/// An SDK config through the proxy with retries off, so an injected fault reaches the caller.
async fn no_retry_config(env: &AwsEnv) -> aws_config::SdkConfig {
    env.sdk_via_proxy().await.into_builder().retry_config(RetryConfig::disabled()).build()
}

#[tokio::test]
async fn fixture_cluster_has_six_subnets_and_no_vpc_id() {
    let started = std::time::Instant::now();
    let env = AwsEnv::start();
    let up = started.elapsed();
    let fx = fixture::build(&env, "demo").await;
    eprintln!("moto + proxy up in {up:?}, fixture built in {:?}", started.elapsed() - up);

    let config = env.sdk().await;
    let out = aws_sdk_eks::Client::new(&config).describe_cluster().name("demo").send().await.unwrap();
    let vpc = out.cluster().unwrap().resources_vpc_config().unwrap();
    let mut subnets = vpc.subnet_ids().to_vec();
    subnets.sort();
    let mut expected = fx.subnets();
    expected.sort();
    assert_eq!(subnets, expected);
    assert_eq!(vpc.vpc_id(), None, "moto does not derive vpcId (albctl must)");
    assert!(fx.issuer.starts_with("https://oidc.eks.us-west-2.amazonaws.com/id/"), "{}", fx.issuer);
    assert_eq!(fx.azs, ["us-west-2a", "us-west-2b", "us-west-2c"]);

    // Public subnets route 0.0.0.0/0 to the internet gateway, private ones to the NAT gateway.
    let ec2 = aws_sdk_ec2::Client::new(&config);
    for (subnet, public) in
        fx.public_subnets.iter().map(|s| (s, true)).chain(fx.private_subnets.iter().map(|s| (s, false)))
    {
        let filter = aws_sdk_ec2::types::Filter::builder().name("association.subnet-id").values(subnet).build();
        let tables = ec2.describe_route_tables().filters(filter).send().await.unwrap();
        let [table] = tables.route_tables() else { panic!("{subnet}: expected one route table, got {tables:?}") };
        let default = table.routes().iter().find(|r| r.destination_cidr_block() == Some("0.0.0.0/0")).unwrap();
        if public {
            assert_eq!(default.gateway_id(), Some(fx.igw_id.as_str()), "{subnet}");
        } else {
            assert_eq!(default.nat_gateway_id(), Some(fx.nat_id.as_str()), "{subnet}");
        }
    }
    assert!(fx.subnet_tags(&env, &fx.public_subnets[0]).await.get("Name").is_some_and(|n| n == "demo-public-a"));
    assert!(env.proxy.calls().is_empty(), "fixture calls must bypass the proxy");
}

#[tokio::test]
async fn fixture_with_vpc_id_reports_vpc_and_cluster_security_group() {
    let env = AwsEnv::start();
    let fx = fixture::build_with_vpc_id(&env, "demo").await;

    let out = aws_sdk_eks::Client::new(&env.sdk().await).describe_cluster().name("demo").send().await.unwrap();
    let vpc = out.cluster().unwrap().resources_vpc_config().unwrap();
    assert_eq!(vpc.vpc_id(), Some(fx.vpc_id.as_str()));
    assert_eq!(vpc.cluster_security_group_id(), Some(fx.cluster_sg.as_str()));
    assert_eq!(vpc.subnet_ids().len(), 6);
}

#[tokio::test]
async fn proxy_records_service_operation_and_write_flag() {
    let env = AwsEnv::start();
    let config = env.sdk_via_proxy().await;
    aws_sdk_sts::Client::new(&config).get_caller_identity().send().await.unwrap();
    aws_sdk_iam::Client::new(&config)
        .create_role()
        .role_name("r")
        .assume_role_policy_document("{}")
        .send()
        .await
        .unwrap();
    aws_sdk_ec2::Client::new(&config).describe_vpcs().send().await.unwrap();
    let eks = aws_sdk_eks::Client::new(&config);
    eks.list_clusters().send().await.unwrap();
    let missing = eks.describe_cluster().name("nope").send().await.unwrap_err();
    assert_eq!(missing.code(), Some("ResourceNotFoundException"));

    let calls = env.proxy.calls();
    let seen: Vec<(&str, &str, bool, u16)> =
        calls.iter().map(|c| (c.service.as_str(), c.operation.as_str(), c.write, c.status)).collect();
    assert_eq!(
        seen,
        [
            ("sts", "GetCallerIdentity", false, 200),
            ("iam", "CreateRole", true, 200),
            ("ec2", "DescribeVpcs", false, 200),
            ("eks", "ListClusters", false, 200),
            ("eks", "DescribeCluster", false, 404),
        ]
    );
    assert_eq!(calls.iter().map(|c| c.seq).collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
    assert!(calls.iter().all(|c| c.fault.is_none()));
    assert_eq!(calls.writes().len(), 1);
    assert_eq!(calls.reads().len(), 4);
    assert_eq!(calls.count("DescribeVpcs"), 1);

    env.proxy.reset();
    assert!(env.proxy.calls().is_empty());
}

#[tokio::test]
async fn proxy_throttles_the_chosen_requests_in_each_protocol() {
    let env = AwsEnv::start_with_proxy_options(&["--faults", "throttle", "--fault-at", "1,2,3"]);
    let config = no_retry_config(&env).await;
    let sts = aws_sdk_sts::Client::new(&config);

    let err = sts.get_caller_identity().send().await.unwrap_err();
    assert_eq!(err.code(), Some("Throttling"), "query protocol");
    let err = aws_sdk_eks::Client::new(&config).list_clusters().send().await.unwrap_err();
    assert_eq!(err.code(), Some("ThrottlingException"), "REST JSON");
    let err = aws_sdk_ec2::Client::new(&config).describe_vpcs().send().await.unwrap_err();
    assert_eq!(err.code(), Some("RequestLimitExceeded"), "EC2 query");
    sts.get_caller_identity().send().await.expect("the 4th request is not faulted");

    let calls = env.proxy.calls();
    let faults: Vec<(u16, Option<&str>)> = calls.iter().map(|c| (c.status, c.fault.as_deref())).collect();
    // EC2 answers RequestLimitExceeded with 503, as the real service does.
    assert_eq!(faults, [(400, Some("throttle")), (400, Some("throttle")), (503, Some("throttle")), (200, None)]);

    // A reset restarts the count (requests 1-3 fault again); the SDK's standard retry absorbs them.
    env.proxy.reset();
    let retry = RetryConfig::standard().with_max_attempts(4).with_initial_backoff(Duration::from_millis(10));
    let retrying = env.sdk_via_proxy().await.into_builder().retry_config(retry).build();
    aws_sdk_sts::Client::new(&retrying).get_caller_identity().send().await.expect("retried past the throttles");
    let statuses: Vec<u16> = env.proxy.calls().iter().map(|c| c.status).collect();
    assert_eq!(statuses, [400, 400, 400, 200]);
}

#[tokio::test]
async fn proxy_injects_5xx_and_dropped_connections() {
    let env = AwsEnv::start_with_proxy_options(&["--faults", "500,503,drop", "--fault-at", "1,2,3"]);
    let iam = aws_sdk_iam::Client::new(&no_retry_config(&env).await);

    assert_eq!(iam.list_roles().send().await.unwrap_err().code(), Some("InternalFailure"));
    assert_eq!(iam.list_roles().send().await.unwrap_err().code(), Some("ServiceUnavailable"));
    let dropped = iam.list_roles().send().await.unwrap_err();
    assert!(matches!(dropped, aws_sdk_iam::error::SdkError::DispatchFailure(_)), "{dropped:?}");
    iam.list_roles().send().await.expect("the 4th request is not faulted");

    let faults: Vec<(u16, Option<String>)> = env.proxy.calls().into_iter().map(|c| (c.status, c.fault)).collect();
    assert_eq!(faults, [(500, Some("500".into())), (503, Some("503".into())), (0, Some("drop".into())), (200, None)]);

    // The SDK's standard retry treats all three as transient.
    env.proxy.reset();
    let retry = RetryConfig::standard().with_max_attempts(4).with_initial_backoff(Duration::from_millis(10));
    let retrying = env.sdk_via_proxy().await.into_builder().retry_config(retry).build();
    aws_sdk_iam::Client::new(&retrying).list_roles().send().await.expect("retried past 500, 503 and a drop");
    let statuses: Vec<u16> = env.proxy.calls().iter().map(|c| c.status).collect();
    assert_eq!(statuses, [500, 503, 0, 200]);
}

#[tokio::test]
async fn proxy_replace_rewrites_one_operations_answer() {
    let env = AwsEnv::start_with_proxy_options(&["--replace", "GetCallerIdentity:123456789012:210987654321"]);
    let config = env.sdk_via_proxy().await;
    let me = aws_sdk_sts::Client::new(&config).get_caller_identity().send().await.unwrap();
    assert_eq!(me.account(), Some("210987654321"));
    assert_eq!(me.arn(), Some("arn:aws:sts::210987654321:user/moto"));
    // Other operations are untouched.
    let role = aws_sdk_iam::Client::new(&config)
        .create_role()
        .role_name("r")
        .assume_role_policy_document("{}")
        .send()
        .await
        .unwrap();
    assert!(role.role().unwrap().arn().contains("123456789012"));
}

#[test]
fn albctl_runs_with_the_harness_environment() {
    let env = AwsEnv::start();
    let out = env.albctl(&["--version"]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("albctl "));
    assert!(env.proxy.calls().is_empty());
}

#[tokio::test]
async fn proxy_logs_when_each_request_arrived_and_was_answered() {
    // The benchmark reads these times to find the critical path of a run's requests.
    let env = AwsEnv::start_with_proxy_options(&["--delay-ms", "100"]);
    let config = env.sdk_via_proxy().await;
    let sts = aws_sdk_sts::Client::new(&config);
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let (a, b) = tokio::join!(sts.get_caller_identity().send(), ec2.describe_vpcs().send());
    a.unwrap();
    b.unwrap();
    sts.get_caller_identity().send().await.unwrap();

    let log = std::fs::read_to_string(env.proxy.log_path()).unwrap();
    let times: Vec<(f64, f64)> = log
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .map(|v| (v["start"].as_f64().expect("start"), v["end"].as_f64().expect("end")))
        .collect();
    let [first, second, third] = times[..] else { panic!("expected 3 requests, got {times:?}") };
    for (start, end) in [first, second, third] {
        assert!(end - start >= 0.1, "every request waits the added 100 ms: {times:?}");
    }
    let (concurrent, last) = ((first.0.max(second.0), first.1.min(second.1)), third);
    assert!(concurrent.0 < concurrent.1, "the two concurrent requests overlap: {times:?}");
    assert!(last.0 >= first.1.max(second.1), "the third starts after both were answered: {times:?}");
}

//! `--identity pod-identity`: moto has no Pod Identity or add-on API (it answers an HTML 404,
//! see setup_aws.rs), so the EKS client here is the SDK's mock facility while IAM is moto. The
//! plan and the executor are albctl's own, run as library calls.

use aws_sdk_eks::operation::create_pod_identity_association::CreatePodIdentityAssociationOutput;
use aws_sdk_eks::operation::describe_addon::{DescribeAddonError, DescribeAddonOutput};
use aws_sdk_eks::operation::describe_pod_identity_association::DescribePodIdentityAssociationOutput;
use aws_sdk_eks::operation::list_pod_identity_associations::ListPodIdentityAssociationsOutput;
use aws_sdk_eks::types::error::ResourceNotFoundException;
use aws_sdk_eks::types::{Addon, AddonStatus, PodIdentityAssociation, PodIdentityAssociationSummary};
use aws_smithy_mocks::{RuleMode, mock, mock_client};

use albctl::aws::AwsClients;
use albctl::cli::{Identity, IdentityArgs, NamingArgs};
use albctl::context::Context;
use albctl::model::Partition;
use albctl::model::observed::ClusterInfo;
use albctl::model::plan::{Action, Resource};
use albctl::setup::execute::{self, Status};
use albctl::setup::{self, Parts};

use crate::common::{AwsEnv, Fixture, fixture, fixture::OrPanic};

const ROLE: &str = "AmazonEKSLoadBalancerControllerRole-demo";

fn identity() -> IdentityArgs {
    IdentityArgs {
        names: NamingArgs {
            namespace: "kube-system".into(),
            service_account: "aws-load-balancer-controller".into(),
            policy_name: "AWSLoadBalancerControllerIAMPolicy".into(),
            role_name: None,
        },
        identity: Identity::PodIdentity,
        force_policy: false,
        adopt_role: false,
        override_existing_serviceaccounts: false,
    }
}

async fn context(env: &AwsEnv, fx: &Fixture, eks: aws_sdk_eks::Client) -> Context {
    let mut aws = AwsClients::new(env.sdk().await);
    aws.eks = eks;
    Context {
        aws,
        region: fx.region.clone(),
        account: fx.account.clone(),
        caller_arn: format!("arn:aws:sts::{}:user/test", fx.account),
        partition: Partition::Aws,
        cluster: Some(ClusterInfo {
            name: fx.cluster.clone(),
            arn: String::new(),
            version: Some("1.30".into()),
            status: Some("ACTIVE".into()),
            endpoint: None,
            certificate_authority: None,
            issuer: Some(fx.issuer.clone()),
            vpc_id: fx.vpc_id.clone(),
            subnet_ids: fx.subnets(),
            security_group_ids: vec![],
            cluster_security_group_id: None,
            auto_mode: Default::default(),
        }),
        cluster_subnets: None,
        shared: None,
    }
}

#[tokio::test]
async fn pod_identity_role_and_association_are_created_then_unchanged() {
    let env = AwsEnv::start();
    let fx = fixture::build(&env, "demo").await;
    let role_arn = format!("arn:aws:iam::{}:role/{ROLE}", fx.account);

    let list_empty = mock!(aws_sdk_eks::Client::list_pod_identity_associations)
        .match_requests(|r| {
            r.namespace() == Some("kube-system") && r.service_account() == Some("aws-load-balancer-controller")
        })
        .then_output(|| ListPodIdentityAssociationsOutput::builder().build());
    let agent_missing = mock!(aws_sdk_eks::Client::describe_addon).then_error(|| {
        DescribeAddonError::ResourceNotFoundException(ResourceNotFoundException::builder().message("no addon").build())
    });
    let expected_role = role_arn.clone();
    let create = mock!(aws_sdk_eks::Client::create_pod_identity_association)
        .match_requests(move |r| {
            r.cluster_name() == Some("demo")
                && r.namespace() == Some("kube-system")
                && r.service_account() == Some("aws-load-balancer-controller")
                && r.role_arn() == Some(expected_role.as_str())
        })
        .then_output(|| CreatePodIdentityAssociationOutput::builder().build());
    let eks = mock_client!(aws_sdk_eks, RuleMode::MatchAny, [&list_empty, &agent_missing, &create]);
    let ctx = context(&env, &fx, eks).await;
    let args = identity();
    let inputs = setup::identity_inputs(&args, None);
    let parts = Parts { policy: true, role: true, ..Parts::default() };

    let plan = setup::build_plan(&ctx, parts, &inputs).await.expect("plan");
    let kinds: Vec<(Resource, Action)> = plan.steps.iter().map(|s| (s.resource, s.action)).collect();
    assert_eq!(
        kinds,
        [
            (Resource::IamPolicy, Action::Create),
            (Resource::IamRole, Action::Create),
            (Resource::RolePolicyAttachment, Action::Create),
            (Resource::PodIdentityAssociation, Action::Create),
        ]
    );
    assert!(plan.warnings.iter().any(|w| w.contains("eks-pod-identity-agent is not installed")), "{:?}", plan.warnings);
    let report = execute::execute(&ctx.aws, &plan).await;
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(report.statuses.iter().all(|s| *s == Status::Created), "{:?}", report.statuses);
    assert_eq!(create.num_calls(), 1, "CreatePodIdentityAssociation with the role ARN, namespace and ServiceAccount");

    let role = aws_sdk_iam::Client::new(&env.sdk().await).get_role().role_name(ROLE).send().await.or_panic("GetRole");
    let trust = albctl::policy::parse_document(role.role().unwrap().assume_role_policy_document().unwrap()).unwrap();
    let statements = albctl::model::trust::statements_of(&trust);
    assert_eq!(statements.len(), 1);
    assert_eq!(statements[0]["Principal"]["Service"], "pods.eks.amazonaws.com");
    assert!(albctl::setup::plan::statements_equal(
        &statements[0]["Action"],
        &serde_json::json!(["sts:TagSession", "sts:AssumeRole"])
    ));

    // Second pass: the association exists with this role and the agent is active.
    let listed = mock!(aws_sdk_eks::Client::list_pod_identity_associations).then_output(|| {
        ListPodIdentityAssociationsOutput::builder()
            .associations(
                PodIdentityAssociationSummary::builder()
                    .association_id("a-123")
                    .association_arn("arn:aws:eks:us-west-2:1:podidentityassociation/demo/a-123")
                    .namespace("kube-system")
                    .service_account("aws-load-balancer-controller")
                    .build(),
            )
            .build()
    });
    let described_role = role_arn.clone();
    let described = mock!(aws_sdk_eks::Client::describe_pod_identity_association).then_output(move || {
        DescribePodIdentityAssociationOutput::builder()
            .association(
                PodIdentityAssociation::builder().association_id("a-123").role_arn(described_role.clone()).build(),
            )
            .build()
    });
    let agent = mock!(aws_sdk_eks::Client::describe_addon).then_output(|| {
        DescribeAddonOutput::builder().addon(Addon::builder().status(AddonStatus::Active).build()).build()
    });
    let eks = mock_client!(aws_sdk_eks, RuleMode::MatchAny, [&listed, &described, &agent]);
    let ctx = context(&env, &fx, eks).await;
    let plan = setup::build_plan(&ctx, parts, &inputs).await.expect("plan");
    assert!(!plan.has_changes(), "{:#?}", plan.steps);
    assert!(plan.warnings.is_empty(), "{:?}", plan.warnings);
}

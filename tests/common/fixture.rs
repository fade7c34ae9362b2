//! The AWS account an albctl test starts from: an EKS cluster in a VPC laid out the way eksctl
//! and the AWS guides lay one out, built in moto with the AWS SDK for Rust.
//!
//! Three public subnets (route table 0.0.0.0/0 -> internet gateway) and three private ones
//! (0.0.0.0/0 -> NAT gateway), one of each per AZ, every subnet explicitly associated; a cluster
//! security group and role; and the cluster on all six subnets. Nothing albctl would create
//! (OIDC provider, policy, IRSA role, subnet role tags) exists yet. Fixture calls go to moto
//! directly, so they never appear in the proxy's call log.

use std::collections::BTreeMap;

use aws_sdk_ec2::types::{DomainType, ResourceType, Tag, TagSpecification};
use aws_smithy_types::error::display::DisplayErrorContext;
use futures::future::{join_all, try_join_all};

use super::{AwsEnv, TEST_ACCESS_KEY, http_request};

/// The fixture's identifiers, as tests need them for arguments and assertions.
#[derive(Debug, Clone)]
pub struct Fixture {
    /// Region of everything (`us-west-2`).
    pub region: String,
    /// EKS cluster name.
    pub cluster: String,
    /// The cluster's VPC (10.0.0.0/16).
    pub vpc_id: String,
    /// The internet gateway attached to the VPC.
    pub igw_id: String,
    /// The NAT gateway in the first public subnet.
    pub nat_id: String,
    /// Public subnets, one per AZ in `azs` order.
    pub public_subnets: Vec<String>,
    /// Private subnets, one per AZ in `azs` order.
    pub private_subnets: Vec<String>,
    /// `<region>a`, `<region>b`, `<region>c`.
    pub azs: Vec<String>,
    /// Route table of the public subnets (0.0.0.0/0 -> `igw_id`).
    pub public_route_table: String,
    /// Route table of the private subnets (0.0.0.0/0 -> `nat_id`).
    pub private_route_table: String,
    /// The cluster's OIDC issuer URL (`https://oidc.eks.<region>.amazonaws.com/id/<ID>`).
    pub issuer: String,
    /// The cluster security group (`eks-cluster-sg-<cluster>`).
    pub cluster_sg: String,
    /// The cluster's IAM role ARN.
    pub cluster_role_arn: String,
    /// moto's account id.
    pub account: String,
}

/// Builds the fixture and creates the cluster with the SDK's CreateCluster.
///
/// NB: the SDK cannot send `vpcId` (output-only) and moto does not derive it, so DescribeCluster
/// has neither `vpcId` nor `clusterSecurityGroupId`: albctl must derive the VPC from the subnets.
pub async fn build(env: &AwsEnv, cluster: &str) -> Fixture {
    build_on(env, cluster, &eks_version(super::kube::CURRENT_VERSION)).await
}

/// [`build`] with the cluster on Kubernetes `version` as EKS spells it (`"1.37"`).
pub async fn build_on(env: &AwsEnv, cluster: &str, version: &str) -> Fixture {
    let fixture = network(env, cluster).await;
    let config = env.sdk().await;
    let vpc_config = aws_sdk_eks::types::VpcConfigRequest::builder()
        .set_subnet_ids(Some(fixture.subnets()))
        .endpoint_public_access(true)
        .endpoint_private_access(false)
        .build();
    aws_sdk_eks::Client::new(&config)
        .create_cluster()
        .name(cluster)
        .version(version)
        .role_arn(&fixture.cluster_role_arn)
        .resources_vpc_config(vpc_config)
        .send()
        .await
        .or_panic("eks:CreateCluster");
    with_issuer(env, fixture).await
}

/// Builds the fixture and creates the cluster with a raw JSON CreateCluster that also carries
/// `vpcId` and `clusterSecurityGroupId`, so DescribeCluster looks like real EKS.
pub async fn build_with_vpc_id(env: &AwsEnv, cluster: &str) -> Fixture {
    build_with_vpc_id_on(env, cluster, &eks_version(super::kube::CURRENT_VERSION)).await
}

/// [`build_with_vpc_id`] with the cluster on Kubernetes `version` as EKS spells it (`"1.32"`).
pub async fn build_with_vpc_id_on(env: &AwsEnv, cluster: &str, version: &str) -> Fixture {
    let fixture = network(env, cluster).await;
    let body = serde_json::json!({
        "name": cluster,
        "version": version,
        "roleArn": fixture.cluster_role_arn,
        "resourcesVpcConfig": {
            "subnetIds": fixture.subnets(),
            "securityGroupIds": [],
            "clusterSecurityGroupId": fixture.cluster_sg,
            "vpcId": fixture.vpc_id,
            "endpointPublicAccess": true,
            "endpointPrivateAccess": false,
            "publicAccessCidrs": ["0.0.0.0/0"],
        },
        "tags": {"fixture": "albctl-tests"},
    });
    // moto does not check signatures, but routes by the credential scope's region and service.
    let auth = format!(
        "AWS4-HMAC-SHA256 Credential={TEST_ACCESS_KEY}/20250101/{}/eks/aws4_request, SignedHeaders=host, Signature=0",
        fixture.region
    );
    let headers = [("Content-Type", "application/json"), ("Authorization", auth.as_str())];
    let resp = http_request(&env.moto.url, "POST", "/clusters", &headers, body.to_string().as_bytes())
        .expect("POST /clusters to moto");
    assert_eq!(resp.status, 200, "raw CreateCluster failed: {}", resp.body);
    with_issuer(env, fixture).await
}

/// A server's `gitVersion` (`v1.37.2`) as DescribeCluster spells the cluster's version (`1.37`),
/// so the fixture cluster runs what the test's API server runs.
pub fn eks_version(git_version: &str) -> String {
    git_version.trim_start_matches('v').splitn(3, '.').take(2).collect::<Vec<_>>().join(".")
}

impl Fixture {
    /// All six subnets: public first, then private.
    pub fn subnets(&self) -> Vec<String> {
        self.public_subnets.iter().chain(&self.private_subnets).cloned().collect()
    }

    /// The OIDC provider ARN albctl is expected to create for this cluster.
    pub fn oidc_provider_arn(&self) -> String {
        let host_path = self.issuer.trim_start_matches("https://");
        format!("arn:aws:iam::{}:oidc-provider/{host_path}", self.account)
    }

    /// A subnet's tags as they are in moto now.
    pub async fn subnet_tags(&self, env: &AwsEnv, id: &str) -> BTreeMap<String, String> {
        let out = aws_sdk_ec2::Client::new(&env.sdk().await)
            .describe_subnets()
            .subnet_ids(id)
            .send()
            .await
            .or_panic("ec2:DescribeSubnets");
        let subnet = out.subnets().first().unwrap_or_else(|| panic!("subnet {id} not found"));
        subnet
            .tags()
            .iter()
            .map(|t| (t.key().unwrap_or_default().to_string(), t.value().unwrap_or_default().to_string()))
            .collect()
    }
}

/// Everything but the cluster; `issuer` is left empty.
async fn network(env: &AwsEnv, cluster: &str) -> Fixture {
    let config = env.sdk().await;
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let iam = aws_sdk_iam::Client::new(&config);
    let sts = aws_sdk_sts::Client::new(&config);
    let region = env.region.clone();
    let azs: Vec<String> = ["a", "b", "c"].iter().map(|s| format!("{region}{s}")).collect();

    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"eks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let (identity, vpc, igw, role) = futures::join!(
        sts.get_caller_identity().send(),
        ec2.create_vpc()
            .cidr_block("10.0.0.0/16")
            .tag_specifications(name_tag(ResourceType::Vpc, &format!("{cluster}-vpc")))
            .send(),
        ec2.create_internet_gateway()
            .tag_specifications(name_tag(ResourceType::InternetGateway, &format!("{cluster}-igw")))
            .send(),
        iam.create_role().role_name(format!("{cluster}-cluster-role")).assume_role_policy_document(trust).send(),
    );
    let account = required(identity.or_panic("sts:GetCallerIdentity").account(), "account");
    let vpc_id = required(vpc.or_panic("ec2:CreateVpc").vpc().and_then(|v| v.vpc_id()), "vpc id");
    let igw_id = required(
        igw.or_panic("ec2:CreateInternetGateway").internet_gateway().and_then(|g| g.internet_gateway_id()),
        "igw id",
    );
    let cluster_role_arn =
        role.or_panic("iam:CreateRole").role().expect("CreateRole returns the role").arn().to_string();

    let subnet = |kind: &'static str, index: usize, cidr: String| {
        let (ec2, vpc_id, az) = (ec2.clone(), vpc_id.clone(), azs[index].clone());
        let name = format!("{cluster}-{kind}-{}", az.trim_start_matches(region.as_str()));
        async move {
            let out = ec2
                .create_subnet()
                .vpc_id(vpc_id)
                .cidr_block(cidr)
                .availability_zone(az)
                .tag_specifications(name_tag(ResourceType::Subnet, &name))
                .send()
                .await
                .or_panic("ec2:CreateSubnet");
            required(out.subnet().and_then(|s| s.subnet_id()), "subnet id")
        }
    };
    // /20s: public 10.0.0.0, .16, .32; private 10.0.128.0, .144, .160.
    let public = join_all((0..3).map(|i| subnet("public", i, format!("10.0.{}.0/20", 16 * i))));
    let private = join_all((0..3).map(|i| subnet("private", i, format!("10.0.{}.0/20", 128 + 16 * i))));
    let sg = ec2
        .create_security_group()
        .vpc_id(&vpc_id)
        .group_name(format!("eks-cluster-sg-{cluster}"))
        .description("EKS created security group applied to ENI that is attached to EKS Control Plane master nodes")
        .send();
    let attach = ec2.attach_internet_gateway().internet_gateway_id(&igw_id).vpc_id(&vpc_id).send();
    let (public_subnets, private_subnets, sg, attach) = futures::join!(public, private, sg, attach);
    let cluster_sg = required(sg.or_panic("ec2:CreateSecurityGroup").group_id(), "security group id");
    attach.or_panic("ec2:AttachInternetGateway");

    let eip = ec2.allocate_address().domain(DomainType::Vpc).send().await.or_panic("ec2:AllocateAddress");
    let nat = ec2
        .create_nat_gateway()
        .subnet_id(&public_subnets[0])
        .allocation_id(required(eip.allocation_id(), "allocation id"))
        .tag_specifications(name_tag(ResourceType::Natgateway, &format!("{cluster}-nat")))
        .send()
        .await
        .or_panic("ec2:CreateNatGateway");
    let nat_id = required(nat.nat_gateway().and_then(|n| n.nat_gateway_id()), "nat gateway id");

    let route_table = |name: String, subnets: Vec<String>, igw: Option<String>, nat: Option<String>| {
        let (ec2, vpc_id) = (ec2.clone(), vpc_id.clone());
        async move {
            let out = ec2
                .create_route_table()
                .vpc_id(vpc_id)
                .tag_specifications(name_tag(ResourceType::RouteTable, &name))
                .send()
                .await
                .or_panic("ec2:CreateRouteTable");
            let id = required(out.route_table().and_then(|r| r.route_table_id()), "route table id");
            ec2.create_route()
                .route_table_id(&id)
                .destination_cidr_block("0.0.0.0/0")
                .set_gateway_id(igw)
                .set_nat_gateway_id(nat)
                .send()
                .await
                .or_panic("ec2:CreateRoute");
            try_join_all(subnets.iter().map(|s| ec2.associate_route_table().route_table_id(&id).subnet_id(s).send()))
                .await
                .or_panic("ec2:AssociateRouteTable");
            id
        }
    };
    let (public_route_table, private_route_table) = futures::join!(
        route_table(format!("{cluster}-public"), public_subnets.clone(), Some(igw_id.clone()), None),
        route_table(format!("{cluster}-private"), private_subnets.clone(), None, Some(nat_id.clone())),
    );

    Fixture {
        region,
        cluster: cluster.to_string(),
        vpc_id,
        igw_id,
        nat_id,
        public_subnets,
        private_subnets,
        azs,
        public_route_table,
        private_route_table,
        issuer: String::new(),
        cluster_sg,
        cluster_role_arn,
        account,
    }
}

/// Reads the issuer moto made up for the new cluster.
async fn with_issuer(env: &AwsEnv, mut fixture: Fixture) -> Fixture {
    let out = aws_sdk_eks::Client::new(&env.sdk().await)
        .describe_cluster()
        .name(&fixture.cluster)
        .send()
        .await
        .or_panic("eks:DescribeCluster");
    let issuer = out.cluster().and_then(|c| c.identity()).and_then(|i| i.oidc()).and_then(|o| o.issuer());
    fixture.issuer = required(issuer, "cluster OIDC issuer");
    fixture
}

fn name_tag(resource: ResourceType, name: &str) -> TagSpecification {
    TagSpecification::builder().resource_type(resource).tags(Tag::builder().key("Name").value(name).build()).build()
}

fn required(value: Option<&str>, what: &str) -> String {
    value.unwrap_or_else(|| panic!("moto's answer lacks the {what}")).to_string()
}

/// `expect` for SDK results, with the error's full chain in the panic message.
pub trait OrPanic<T> {
    /// The value, or a panic naming the operation and the whole error chain.
    fn or_panic(self, operation: &str) -> T;
}

impl<T, E: std::error::Error> OrPanic<T> for Result<T, E> {
    fn or_panic(self, operation: &str) -> T {
        self.unwrap_or_else(|e| panic!("{operation} against moto failed: {}", DisplayErrorContext(&e)))
    }
}

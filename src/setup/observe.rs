//! Observation: reads the AWS state a plan is computed from. Reads only; independent reads
//! run concurrently.

use super::desired::PolicySpec;
use super::identity_choice::AgentAddon;
use crate::aws;
use crate::aws::shared::Reads;
use crate::cli::{SubnetArgs, SubnetsFrom};
use crate::context::{Context, Resolved};
use crate::error::AlbctlError;
use crate::model::observed::{PodIdentityAssociationState, PolicyState, SubnetState};
use crate::model::subnets::{ClassifiedSubnet, classify_subnets};

/// The policy with its default document; its versions are listed only when the document
/// differs from the desired one (an update will need them). Account-wide: a fleet run reads it
/// once for all its clusters through `reads`.
pub async fn observe_policy(reads: Reads<'_>, spec: &PolicySpec) -> anyhow::Result<Option<PolicyState>> {
    let Some(mut state) = reads.find_policy(&spec.arn).await? else { return Ok(None) };
    if !crate::policy::equivalent(&state.document, &spec.document) {
        state.versions = reads.list_policy_versions(&spec.arn).await?;
    }
    Ok(Some(state))
}

/// The candidate subnets, classified public/private with evidence.
pub async fn observe_subnets(ctx: &Resolved, args: &SubnetArgs) -> anyhow::Result<Vec<ClassifiedSubnet>> {
    let cluster = ctx.cluster();
    let explicit: Vec<String> = args.public_subnets.iter().chain(&args.private_subnets).cloned().collect();
    if let Some(both) = args.public_subnets.iter().find(|s| args.private_subnets.contains(s)) {
        return Err(AlbctlError::usage(format!("subnet {both} is in both --public-subnets and --private-subnets")));
    }
    let subnets = async {
        if !explicit.is_empty() {
            let found = aws::ec2::fetch_subnets(&ctx.aws.ec2, &explicit).await?;
            check_all_found(&explicit, &found)?;
            return Ok(found);
        }
        match args.subnets_from {
            SubnetsFrom::Vpc => aws::ec2::list_vpc_subnets(&ctx.aws.ec2, &cluster.vpc_id).await,
            SubnetsFrom::Cluster => match &ctx.cluster_subnets {
                Some(s) => Ok(s.clone()),
                None => aws::ec2::fetch_subnets(&ctx.aws.ec2, &cluster.subnet_ids).await,
            },
        }
    };
    let tables = aws::ec2::list_route_tables(&ctx.aws.ec2, &cluster.vpc_id);
    let (subnets, tables) = tokio::join!(subnets, tables);
    let subnets: Vec<SubnetState> = subnets?;
    if let Some(foreign) = subnets.iter().find(|s| s.vpc_id != cluster.vpc_id) {
        return Err(AlbctlError::usage(format!(
            "subnet {} is in {}, not in the cluster's VPC {}",
            foreign.id, foreign.vpc_id, cluster.vpc_id
        )));
    }
    Ok(classify_subnets(&subnets, &tables?, &args.public_subnets, &args.private_subnets))
}

fn check_all_found(wanted: &[String], found: &[SubnetState]) -> anyhow::Result<()> {
    if let Some(missing) = wanted.iter().find(|w| !found.iter().any(|f| &f.id == *w)) {
        return Err(AlbctlError::usage(format!("subnet {missing} not found in this account and region")));
    }
    Ok(())
}

/// What EKS shows of Pod Identity for the controller's ServiceAccount.
#[derive(Debug, Clone)]
pub struct PodIdentitySeen {
    /// The association for the ServiceAccount, if one exists.
    pub association: Option<PodIdentityAssociationState>,
    /// The `eks-pod-identity-agent` add-on.
    pub agent: AgentAddon,
    /// Why the association could not be read, when the run could go on without it.
    pub association_unread: Option<String>,
}

/// Reads the association for the context's ServiceAccount and the agent add-on, concurrently.
/// A failed add-on read is kept as the reason (the identity falls back to IRSA and the plan
/// says why); a failed association read is an error unless `association_optional` (an
/// explicit `--identity irsa`, which then cannot see an install to move off Pod Identity).
pub async fn observe_pod_identity(
    ctx: &Context,
    cluster: &str,
    association_optional: bool,
) -> anyhow::Result<PodIdentitySeen> {
    let (namespace, service_account) = (&ctx.names.namespace, &ctx.names.service_account);
    let (association, agent) = tokio::join!(
        aws::eks::find_pod_identity_association(&ctx.aws.eks, cluster, namespace, service_account),
        aws::eks::find_addon_status(&ctx.aws.eks, cluster, crate::model::POD_IDENTITY_AGENT)
    );
    let agent = match agent {
        Ok(Some(status)) => AgentAddon::Status(status),
        Ok(None) => AgentAddon::Missing,
        Err(e) => AgentAddon::Unread(format!("{e:#}")),
    };
    let (association, association_unread) = match association {
        Ok(a) => (a, None),
        Err(e) if association_optional => (None, Some(format!("{e:#}"))),
        Err(e) => return Err(e),
    };
    Ok(PodIdentitySeen { association, agent, association_unread })
}

/// The context's role when it exists and trusts the cluster's OIDC provider for the
/// ServiceAccount (an install on IRSA, seen from AWS alone); `None` otherwise, or without an issuer.
pub async fn role_trusting_irsa(ctx: &Context) -> anyhow::Result<Option<String>> {
    let Ok(issuer) = ctx.issuer() else { return Ok(None) };
    let oidc = super::desired::desired_oidc(ctx.partition, &ctx.account, &ctx.cluster().name, issuer);
    let principal = super::desired::desired_irsa_principal(&oidc, &ctx.names.namespace, &ctx.names.service_account);
    let Some(role) = aws::iam::find_role(&ctx.aws.iam, &ctx.names.role_name).await? else { return Ok(None) };
    let trusts = crate::model::trust::statements_of(&role.trust).iter().any(|s| principal.owns_statement(s));
    Ok(trusts.then_some(role.arn))
}

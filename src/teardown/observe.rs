//! Teardown's reads: AWS resources by their deterministic names and by albctl's tags, cluster
//! objects by albctl's label. Reads only; the AWS reads run concurrently.

use crate::aws::{self, AwsClients};
use crate::inventory::{self, observe::Scope};
use crate::kube::inventory::Inventory;
use crate::model::Identity;
use crate::model::observed::PodIdentityAssociationState;
use crate::model::{ObjectRef, SUBNET_MARKER_TAG_PREFIX};

use super::{AwsObserved, KINDS, KubeObserved, TeardownSpec, object_selector};

/// Reads everything the AWS half of the plan needs.
pub async fn observe_aws(aws: &AwsClients, spec: &TeardownSpec) -> anyhow::Result<AwsObserved> {
    observe_aws_knowing(aws, spec, None).await
}

/// [`observe_aws`], with the Pod Identity association already read (`Some`) not read again.
pub async fn observe_aws_knowing(
    aws: &AwsClients,
    spec: &TeardownSpec,
    association: Option<Option<PodIdentityAssociationState>>,
) -> anyhow::Result<AwsObserved> {
    let iam = &aws.iam;
    let oidc = async {
        let Some(arn) = &spec.oidc_arn else { return anyhow::Ok((None, vec![])) };
        let provider = aws::iam::find_oidc_provider(iam, arn).await?;
        // NB: ListRoles reads every role; only worth it when the provider may be deleted.
        let ours = provider.as_ref().is_some_and(|p| {
            p.tags.get(crate::model::MANAGED_BY_TAG.0).is_some_and(|v| v == crate::model::MANAGED_BY_TAG.1)
        });
        let trusting =
            if ours && spec.delete_oidc_provider { aws::iam::list_roles_trusting(iam, arn).await? } else { vec![] };
        Ok((provider, trusting))
    };
    let policy = async {
        let Some(mut policy) = aws::iam::find_policy(iam, &spec.policy_arn).await? else {
            return anyhow::Ok((None, Default::default()));
        };
        let (versions, entities) = tokio::join!(
            aws::iam::list_policy_versions(iam, &spec.policy_arn),
            aws::iam::list_entities_for_policy(iam, &spec.policy_arn)
        );
        policy.versions = versions?;
        Ok((Some(policy), entities?))
    };
    let role = async {
        let (role, inline, profiles) = tokio::join!(
            aws::iam::find_role(iam, &spec.role_name),
            aws::iam::list_role_inline_policies(iam, &spec.role_name),
            aws::iam::list_instance_profiles_for_role(iam, &spec.role_name)
        );
        anyhow::Ok((role?, inline?, profiles?))
    };
    let pod_identity = async {
        match (spec.identity, association) {
            (Identity::PodIdentity, Some(known)) => Ok(known),
            (Identity::PodIdentity, None) => {
                aws::eks::find_pod_identity_association(&aws.eks, &spec.cluster, &spec.namespace, &spec.service_account)
                    .await
            }
            (Identity::Irsa, _) => Ok(None),
        }
    };
    let marker = format!("{SUBNET_MARKER_TAG_PREFIX}{}", spec.cluster);
    let subnets = aws::ec2::list_subnets_with_tag_key(&aws.ec2, &marker);
    let lbs = inventory::observe::observe_aws(aws, &spec.cluster, "", Scope::LoadBalancers);
    let (oidc, policy, role, pod_identity, subnets, lbs) = tokio::join!(oidc, policy, role, pod_identity, subnets, lbs);
    let (oidc, roles_trusting_provider) = oidc?;
    let (policy, policy_entities) = policy?;
    let (role, role_inline_policies, role_instance_profiles) = role?;
    Ok(AwsObserved {
        oidc,
        roles_trusting_provider,
        policy,
        policy_entities,
        role,
        role_inline_policies,
        role_instance_profiles,
        pod_identity: pod_identity?,
        subnets: subnets?,
        load_balancers: lbs?,
    })
}

/// Reads albctl's objects (every kind it applies, by label), the ServiceAccount by name, how
/// many TargetGroupBindings their CRD would take with it, the objects that can hold controller
/// finalizers and the controller Deployment by name.
pub async fn observe_kube(inventory: &mut Inventory, spec: &TeardownSpec) -> anyhow::Result<KubeObserved> {
    let selector = object_selector();
    let mut objects = Vec::new();
    for kind in KINDS {
        let namespace = kind.namespaced.then_some(spec.namespace.as_str());
        objects.extend(inventory.list(kind.api_versions, kind.kind, namespace, &selector).await?);
    }
    let service_account = inventory
        .get(&ObjectRef {
            api_version: "v1".into(),
            kind: "ServiceAccount".into(),
            namespace: Some(spec.namespace.clone()),
            name: spec.service_account.clone(),
        })
        .await?;
    let lb_objects = inventory::observe::observe_kube(inventory.client()).await?;
    let target_group_bindings = lb_objects.target_group_bindings.len();
    let controller = inventory
        .get(&ObjectRef {
            api_version: "apps/v1".into(),
            kind: "Deployment".into(),
            namespace: Some(spec.namespace.clone()),
            name: crate::controller::render::DEPLOYMENT_NAME.into(),
        })
        .await?;
    Ok(KubeObserved { objects, service_account, target_group_bindings, lb_objects, controller })
}

//! The teardown flow: read AWS and the cluster concurrently, plan (pure), and unless it is a
//! dry run execute that same plan.
//!
//! Without access to the cluster teardown stops before any change (removing the role while the
//! controller runs would break it silently); `--skip-kubernetes` is the explicit way to remove
//! only the AWS side.

use tokio::time::Instant;

use super::execute::{self, Outcome};
use super::report::{TeardownDoc, document};
use super::{TeardownSpec, observe};
use crate::aws;
use crate::cli::TeardownArgs;
use crate::context::Context;
use crate::kube::inventory::Inventory;
use crate::model::observed::PodIdentityAssociationState;
use crate::model::trust::TrustPrincipal;
use crate::model::{Identity, IdentityRequest, Mode};
use crate::progress::Progress;
use crate::setup::desired;

/// The teardown's targets: the run's names, and what the flags ask to delete too.
pub fn spec(ctx: &Context, args: &TeardownArgs) -> anyhow::Result<TeardownSpec> {
    let names = &ctx.names;
    let cluster = &ctx.cluster().name;
    let (oidc_arn, principal) = match names.identity {
        Identity::Irsa => {
            let oidc = desired::desired_oidc(ctx.partition, &ctx.account, cluster, ctx.issuer()?);
            let principal = desired::desired_irsa_principal(&oidc, &names.namespace, &names.service_account);
            (Some(oidc.arn), principal)
        }
        Identity::PodIdentity => (None, TrustPrincipal::PodIdentity),
    };
    Ok(TeardownSpec {
        cluster: cluster.clone(),
        namespace: names.namespace.clone(),
        service_account: names.service_account.clone(),
        role_arn: names.role_arn.clone(),
        role_name: names.role_name.clone(),
        policy_arn: names.policy_arn.clone(),
        oidc_arn,
        principal,
        identity: names.identity,
        delete_crds: args.delete_crds,
        delete_oidc_provider: args.delete_oidc_provider,
        delete_load_balancers: args.delete_load_balancers,
    })
}

/// The context with the identity the install uses: as asked, or with `auto` Pod Identity when
/// an association for the ServiceAccount names albctl's role, else IRSA; and the association,
/// when it was read to decide.
async fn with_installed_identity(
    ctx: &Context,
    request: IdentityRequest,
) -> anyhow::Result<(Context, Option<Option<PodIdentityAssociationState>>)> {
    if let Some(identity) = request.explicit() {
        return Ok((ctx.with_identity(identity), None));
    }
    let names = &ctx.names;
    let association = aws::eks::find_pod_identity_association(
        &ctx.aws.eks,
        &ctx.cluster().name,
        &names.namespace,
        &names.service_account,
    )
    .await?;
    let ours = association.as_ref().is_some_and(|a| a.role_arn.as_deref() == Some(names.role_arn.as_str()));
    Ok((ctx.with_identity(if ours { Identity::PodIdentity } else { Identity::Irsa }), Some(association)))
}

/// Runs a teardown on the resolved context: the document of what was (or would be) done, and
/// the error that stopped execution part-way, if one did. Errors before any change (the
/// cluster cannot be read) are `Err`.
pub async fn run(ctx: &Context, args: &TeardownArgs) -> anyhow::Result<(TeardownDoc, Option<anyhow::Error>)> {
    let mode = Mode::from_flags(args.dry_run, false);
    let (ctx, association) = with_installed_identity(ctx, args.identity).await?;
    let ctx = &ctx;
    let spec = spec(ctx, args)?;
    let cluster = &spec.cluster;
    let deadline = Instant::now() + args.timeout;

    let progress = Progress::new(&ctx.output);
    progress.set("reading what albctl created");
    let kube = async {
        if args.skip_kubernetes {
            return Ok(None);
        }
        let mut inventory = Inventory::new(ctx.kube().await?.client().await?);
        let observed = observe::observe_kube(&mut inventory, &spec).await?;
        anyhow::Ok(Some((inventory, observed)))
    };
    let (kube, aws) = tokio::join!(kube, observe::observe_aws_knowing(&ctx.aws, &spec, association));
    let mut kube = kube.map_err(|e| {
        anyhow::anyhow!(
            "{e:#}; teardown reads the cluster before it removes anything, so nothing was changed: fix the access, \
             or pass --skip-kubernetes to remove only the AWS side of cluster {cluster}"
        )
    })?;
    let aws = aws?;
    // NB: before any write: objects holding controller finalizers stop teardown (or, with
    // --delete-load-balancers, go first).
    if let Some(refused) = super::plan::refusal(&spec, &aws, kube.as_ref().map(|(_, observed)| observed)) {
        return Err(refused);
    }
    let plan = super::plan_teardown(&spec, &aws, kube.as_ref().map(|(_, observed)| observed));

    let (outcomes, error) = match mode.writes() {
        true => {
            progress.set("removing");
            execute::execute(&ctx.aws, kube.as_mut().map(|(inventory, _)| inventory), &plan, deadline).await
        }
        false => (plan.steps.iter().map(Outcome::unrun).collect(), None),
    };
    progress.finish();
    let error = error.map(|e| {
        anyhow::anyhow!(
            "{e:#}; teardown stopped there (the list above shows what it removed); run it again once that is fixed"
        )
    });
    Ok((document(ctx, &plan, &outcomes, mode, kube.is_some()), error))
}

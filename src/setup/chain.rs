//! The whole chain, AWS half then Kubernetes half, as `setup` and `iamserviceaccount create`
//! run it: OIDC provider, policy, role, subnet tags, then the ServiceAccount annotated with the
//! role and (for `setup`) the controller, webhooks last.
//!
//! Input that needs no AWS call (names, values files, the kubeconfig path) is checked first,
//! so bad input fails before anything is written.

use serde::Serialize;

use super::{ConvergeDoc, Mode, Parts};
use crate::cli::{ControllerArgs, GlobalArgs, IamServiceAccountCreateArgs, Identity, SetupArgs};
use crate::context::{self, Context};
use crate::controller::{self, ApplyDoc, ControllerInputs};
use crate::error::AlbctlError;
use crate::kube::connect;
use crate::model;
use crate::output::{ExitStatus, Style};

/// The result of a chain: the AWS half and, unless it was skipped, the Kubernetes half.
#[derive(Debug, Serialize)]
pub struct SetupDoc {
    /// AWS resources.
    #[serde(flatten)]
    pub aws: ConvergeDoc,
    /// Kubernetes objects.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub controller: Option<ApplyDoc>,
    /// How the plan was used.
    #[serde(skip)]
    pub mode: Mode,
}

impl SetupDoc {
    /// 1 when `--check` found drift, else 0.
    pub fn exit_status(&self) -> ExitStatus {
        let changed = self.aws.changed || self.controller.as_ref().is_some_and(|c| c.changed);
        if self.mode == Mode::Check && changed { ExitStatus::Negative } else { ExitStatus::Success }
    }

    /// Text layout: the AWS steps, then the Kubernetes objects.
    pub fn render_text(&self, style: Style) -> String {
        match &self.controller {
            Some(controller) => {
                format!("{}\n{}", super::render_text(&self.aws, style), controller::render_text(controller, style))
            }
            None => super::render_text(&self.aws, style),
        }
    }
}

/// Runs `setup`: the AWS half, then (unless `--skip-controller`) the controller.
pub async fn setup(global: &GlobalArgs, args: &SetupArgs) -> anyhow::Result<(SetupDoc, Option<anyhow::Error>)> {
    context::cluster_name(global)?;
    check_inputs(global, args)?;
    let ctx = context::resolve(global, true).await?;
    let kube = if args.skip_controller { None } else { Some(Kube::Connect(global)) };
    setup_in(&ctx, kube, args).await
}

/// The input checks that need no AWS call (names, values files, the kubeconfig path), so bad
/// input fails before anything is read or written.
pub fn check_inputs(global: &GlobalArgs, args: &SetupArgs) -> anyhow::Result<()> {
    let inputs = super::identity_inputs(&args.identity, Some(&args.subnets));
    super::validate_inputs(&inputs)?;
    if !args.skip_controller {
        // NB: a bad values file must fail before the AWS half writes anything.
        let (values, _) = controller::render::Values::from_files(&args.controller.values)?;
        controller::render::check_image_choice(args.controller.image_registry, &values)?;
        if let Some(path) = global.kubeconfig.as_ref().filter(|p| !p.is_file()) {
            return Err(AlbctlError::usage(format!(
                "--kubeconfig {}: no such file; give the path of a kubeconfig, or leave it out to use the cluster's endpoint",
                path.display()
            )));
        }
    }
    Ok(())
}

/// How the chain reaches the cluster's Kubernetes API.
pub enum Kube<'a> {
    /// Connect as these flags say.
    Connect(&'a GlobalArgs),
    /// Already connected (a fleet run bounds the wait for each cluster's API server); the flags
    /// decide only whether a spinner shows.
    Connected(Box<connect::Kube>, &'a GlobalArgs),
}

/// `setup` on a resolved context: the AWS half, then the controller through `kube` (`None`
/// stops after the AWS half, as `--skip-controller` does).
pub async fn setup_in(
    ctx: &Context,
    kube: Option<Kube<'_>>,
    args: &SetupArgs,
) -> anyhow::Result<(SetupDoc, Option<anyhow::Error>)> {
    let cluster = ctx.cluster();
    if let Some(version) = cluster.version.as_deref().and_then(model::kube_version::parse) {
        let what = format!("EKS cluster {}", cluster.name);
        model::kube_version::require_supported(version, &what, crate::policy::CONTROLLER_VERSION)?;
    }
    let mode = Mode::from_args(&args.plan);
    let parts = Parts { oidc: args.identity.identity == Identity::Irsa, policy: true, role: true, subnets: true };
    let (identity, adopted_role) = adopted_identity(ctx, kube.as_ref(), args).await?;
    let mut inputs = super::identity_inputs(&identity, Some(&args.subnets));
    inputs.adopted_role = adopted_role;
    let controller_inputs = ControllerInputs {
        controller: &args.controller,
        namespace: &args.identity.names.namespace,
        service_account: &args.identity.names.service_account,
        role_arn: irsa_role_arn(ctx, &identity, &ctx.cluster().name)?,
        timeout: args.timeout,
        rotate_webhook_cert: args.rotate_webhook_cert,
        override_existing_serviceaccounts: args.identity.override_existing_serviceaccounts,
        dry_run: mode != Mode::Apply,
        service_account_only: false,
        adopt: args.adopt.adopt,
        forget_helm_release: args.adopt.forget_helm_release,
        adopted_role,
    };
    // NB: the controller half is read and judged while AWS is observed, so that a refusal there
    // (an object another tool manages) stops setup before its AWS half writes anything.
    let prepare = async {
        match kube {
            None => Ok(None),
            Some(Kube::Connect(global)) => controller::prepare(ctx, global, &controller_inputs).await.map(Some),
            Some(Kube::Connected(kube, global)) => {
                controller::prepare_connected(ctx, *kube, global, &controller_inputs).await.map(Some)
            }
        }
    };
    let (plan, prepared) = tokio::join!(super::build_plan(ctx, parts, &inputs), prepare);
    let (plan, prepared) = (plan?, prepared?);
    let (aws, error) = super::run_plan("setup", ctx, &plan, mode).await;
    let Some(prepared) = prepared.filter(|_| error.is_none()) else {
        return Ok((SetupDoc { aws, controller: None, mode }, error));
    };
    let (controller, error) = prepared.apply(&controller_inputs).await;
    Ok((SetupDoc { aws, controller: Some(controller), mode }, error))
}

/// The identity flags with the role the ServiceAccount names when albctl adopts it (`--adopt`)
/// or adopted it before, and whether it did. `--role-name` and Pod Identity keep their own role.
async fn adopted_identity(
    ctx: &Context,
    kube: Option<&Kube<'_>>,
    args: &SetupArgs,
) -> anyhow::Result<(crate::cli::IdentityArgs, bool)> {
    let mut identity = args.identity.clone();
    let Some(kube) = kube else { return Ok((identity, false)) };
    if args.skip_controller || identity.identity != Identity::Irsa || identity.names.role_name.is_some() {
        return Ok((identity, false));
    }
    let names = &identity.names;
    let sa = match kube {
        Kube::Connect(global) => {
            controller::read_service_account(ctx, global, &names.namespace, &names.service_account).await?
        }
        Kube::Connected(connected, _) => {
            controller::read_service_account_on(connected, &names.namespace, &names.service_account).await?
        }
    };
    let Some(arn) = model::ownership::adopted_role_arn(sa.as_ref(), args.adopt.adopt) else {
        return Ok((identity, false));
    };
    let account = arn.split(':').nth(4).unwrap_or_default();
    let name = arn.rsplit('/').next().unwrap_or_default().to_string();
    if account != ctx.account || !arn.contains(":role/") || model::validate_role_name(&name).is_err() {
        return Err(AlbctlError::refused(format!(
            "the ServiceAccount {}/{} names role {arn}, which is not a role of account {}: albctl adopts only a role of \
             this account; fix its {} annotation or pass --role-name",
            names.namespace,
            names.service_account,
            ctx.account,
            model::ROLE_ARN_ANNOTATION
        )));
    }
    identity.names.role_name = Some(name);
    Ok((identity, true))
}

/// Runs `iamserviceaccount create`: policy and role, then (unless `--role-only`) the annotated
/// ServiceAccount.
pub async fn iamserviceaccount(
    global: &GlobalArgs,
    args: &IamServiceAccountCreateArgs,
) -> anyhow::Result<(SetupDoc, Option<anyhow::Error>)> {
    let cluster = context::cluster_name(global)?;
    let inputs = super::identity_inputs(&args.identity, None);
    super::validate_inputs(&inputs)?;
    let ctx = context::resolve(global, true).await?;
    let parts = Parts { policy: true, role: true, ..Parts::default() };
    let mode = Mode::from_args(&args.plan);
    let (aws, error) = super::run("iamserviceaccount create", &ctx, parts, &inputs, mode).await?;
    if args.role_only || error.is_some() {
        return Ok((SetupDoc { aws, controller: None, mode }, error));
    }
    let controller_args =
        ControllerArgs { values: vec![], image_registry: None, image: None, vpc_id: None, gateway_api: false };
    let controller_inputs = ControllerInputs {
        controller: &controller_args,
        namespace: &args.identity.names.namespace,
        service_account: &args.identity.names.service_account,
        role_arn: irsa_role_arn(&ctx, &args.identity, &cluster).unwrap_or_default(),
        timeout: std::time::Duration::from_secs(60),
        rotate_webhook_cert: false,
        override_existing_serviceaccounts: args.identity.override_existing_serviceaccounts,
        dry_run: mode != Mode::Apply,
        service_account_only: true,
        adopt: false,
        forget_helm_release: false,
        adopted_role: false,
    };
    let (sa, error) = controller::apply_controller(&ctx, global, &controller_inputs).await?;
    Ok((SetupDoc { aws, controller: Some(sa), mode }, error))
}

/// The role ARN the ServiceAccount is annotated with (IRSA only).
fn irsa_role_arn(ctx: &Context, identity: &crate::cli::IdentityArgs, cluster: &str) -> anyhow::Result<Option<String>> {
    Ok(match identity.identity {
        Identity::Irsa => Some(model::role_arn(ctx.partition, &ctx.account, &super::role_name(identity, cluster)?)),
        Identity::PodIdentity => None,
    })
}

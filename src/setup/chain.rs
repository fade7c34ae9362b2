//! The whole chain, AWS half then Kubernetes half, as `setup` and `iamserviceaccount create`
//! run it: OIDC provider, policy, role, subnet tags, then the ServiceAccount annotated with the
//! role and (for `setup`) the controller, webhooks last.
//!
//! Input that needs no AWS call (names, values files, the kubeconfig path) is checked first,
//! so bad input fails before anything is written.

use serde::Serialize;

use super::{ConvergeDoc, Mode, Parts};
use crate::cli::{ControllerArgs, IamServiceAccountCreateArgs, SetupArgs};
use crate::context::Context;
use crate::controller::{self, ApplyDoc, ControllerInputs};
use crate::error::AlbctlError;
use crate::kube::connect;
use crate::model::{self, Identity};
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

/// The input checks that need no AWS call (names, values files, the kubeconfig path), so bad
/// input fails before anything is read or written.
pub fn check_inputs(args: &SetupArgs, kube: &connect::Options) -> anyhow::Result<()> {
    let inputs = super::identity_inputs(&args.identity, Some(&args.subnets));
    super::validate_inputs(&inputs)?;
    if !args.skip_controller {
        // NB: a bad values file must fail before the AWS half writes anything.
        let (values, _) = controller::render::Values::from_files(&args.controller.values)?;
        controller::render::check_image_choice(args.controller.image_registry, &values)?;
        if let Some(path) = kube.kubeconfig.as_ref().filter(|p| !p.is_file()) {
            return Err(AlbctlError::usage(format!(
                "--kubeconfig {}: no such file; give the path of a kubeconfig, or leave it out to use the cluster's endpoint",
                path.display()
            )));
        }
    }
    Ok(())
}

/// Runs `setup` on a resolved context: the AWS half, then (unless `--skip-controller`, or a
/// fleet run found no way to the cluster: `controller` false) the controller, over the
/// context's one Kubernetes connection.
pub async fn setup(
    ctx: &Context,
    args: &SetupArgs,
    controller: bool,
) -> anyhow::Result<(SetupDoc, Option<anyhow::Error>)> {
    let cluster = ctx.cluster();
    if let Some(version) = cluster.version.as_deref().and_then(model::kube_version::parse) {
        let what = format!("EKS cluster {}", cluster.name);
        model::kube_version::require_supported(version, &what, crate::policy::CONTROLLER_VERSION)?;
    }
    let controller = controller && !args.skip_controller;
    let mode = args.plan.mode();
    let parts = Parts { oidc: args.identity.identity == Identity::Irsa, policy: true, role: true, subnets: true };
    let adopted = if controller { adopted_role(ctx, args).await? } else { None };
    let ctx = match &adopted {
        Some(arn) => ctx.adopting(arn),
        None => ctx.clone(),
    };
    let mut identity = args.identity.clone();
    if adopted.is_some() {
        identity.names.role_name = Some(ctx.names.role_name.clone());
    }
    let mut inputs = super::identity_inputs(&identity, Some(&args.subnets));
    inputs.adopted_role = adopted.is_some();
    let controller_inputs = ControllerInputs {
        timeout: args.timeout,
        rotate_webhook_cert: args.rotate_webhook_cert,
        override_existing_serviceaccounts: args.identity.override_existing_serviceaccounts,
        adopt: args.adopt.adopt,
        forget_helm_release: args.adopt.forget_helm_release,
        gateway: controller::gateway::GatewayFlags::from_args(&args.controller, &args.gateway),
        ..ControllerInputs::new(&args.controller, mode)
    };
    // NB: the controller half is read and judged while AWS is observed, so that a refusal there
    // (an object another tool manages) stops setup before its AWS half writes anything.
    let prepare = async {
        match controller {
            true => controller::prepare(&ctx, &controller_inputs).await.map(Some),
            false => Ok(None),
        }
    };
    let (plan, prepared) = tokio::join!(super::build_plan(&ctx, parts, &inputs), prepare);
    let (plan, prepared) = (plan?, prepared?);
    let (aws, error) = super::run_plan("setup", &ctx, &plan, mode).await;
    let Some(prepared) = prepared.filter(|_| error.is_none()) else {
        return Ok((SetupDoc { aws, controller: None, mode }, error));
    };
    let (controller, error) = prepared.apply(&controller_inputs).await;
    Ok((SetupDoc { aws, controller: Some(controller), mode }, error))
}

/// The role the ServiceAccount names when albctl adopts it (`--adopt`) or adopted it before.
/// `--role-name` and Pod Identity keep their own role.
async fn adopted_role(ctx: &Context, args: &SetupArgs) -> anyhow::Result<Option<String>> {
    if args.identity.identity != Identity::Irsa || args.identity.names.role_name.is_some() {
        return Ok(None);
    }
    let sa = controller::read_service_account(ctx).await?;
    model::names::adopted_role(sa.as_ref(), args.adopt.adopt, &ctx.account, &ctx.names)
}

/// Runs `iamserviceaccount create`: policy and role, then (unless `--role-only`) the annotated
/// ServiceAccount.
pub async fn iamserviceaccount(
    ctx: &Context,
    args: &IamServiceAccountCreateArgs,
) -> anyhow::Result<(SetupDoc, Option<anyhow::Error>)> {
    let inputs = super::identity_inputs(&args.identity, None);
    let parts = Parts { policy: true, role: true, ..Parts::default() };
    let mode = args.plan.mode();
    let (aws, error) = super::run("iamserviceaccount create", ctx, parts, &inputs, mode).await?;
    if args.role_only || error.is_some() {
        return Ok((SetupDoc { aws, controller: None, mode }, error));
    }
    let controller_args = ControllerArgs::default();
    let controller_inputs = ControllerInputs {
        override_existing_serviceaccounts: args.identity.override_existing_serviceaccounts,
        service_account_only: true,
        ..ControllerInputs::new(&controller_args, mode)
    };
    let (sa, error) = controller::apply_controller(ctx, &controller_inputs).await?;
    Ok((SetupDoc { aws, controller: Some(sa), mode }, error))
}

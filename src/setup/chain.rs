//! The whole chain, AWS half then Kubernetes half, as `setup` and `iamserviceaccount create`
//! run it: OIDC provider, policy, role, subnet tags, then the ServiceAccount annotated with the
//! role and (for `setup`) the controller, webhooks last.
//!
//! Input that needs no AWS call (names, values files, the kubeconfig path) is checked first,
//! so bad input fails before anything is written.

use serde::Serialize;

use super::identity_choice::{self, Installed, MoveStep};
use super::{ConvergeDoc, Mode, Parts};
use crate::cli::{ControllerArgs, IamServiceAccountCreateArgs, SetupArgs};
use crate::context::Context;
use crate::controller::{self, ApplyDoc, ControllerInputs};
use crate::error::AlbctlError;
use crate::kube::connect;
use crate::model::{self, Identity};
use crate::output::{ExitStatus, Style};

/// The result of a chain: the AWS half and, unless it was skipped, the Kubernetes half; on a
/// move between identities, the writes that finish it.
#[derive(Debug, Serialize)]
pub struct SetupDoc {
    /// The identity the install gets and why (`setup` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<IdentityDoc>,
    /// AWS resources.
    #[serde(flatten)]
    pub aws: ConvergeDoc,
    /// The Kubernetes half (the ServiceAccount alone for `iamserviceaccount create`); `None` if not run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub controller: Option<ApplyDoc>,
    /// After the controller runs on the new credentials, the old ones removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finish: Option<ConvergeDoc>,
    /// How the plan was used.
    #[serde(skip)]
    pub mode: Mode,
}

/// The identity decision as the plan shows it.
#[derive(Debug, Serialize)]
pub struct IdentityDoc {
    /// What the install gets.
    pub identity: Identity,
    /// Why, in one sentence.
    pub reason: String,
    /// The identity the install moves off, when it moves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moving_from: Option<Identity>,
    /// A move's writes in the order they run (empty when the install does not move).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub order: Vec<MoveStep>,
    /// Whether the controller was restarted onto the new credentials.
    pub restarted: bool,
}

impl SetupDoc {
    fn aws_only(aws: ConvergeDoc, mode: Mode) -> SetupDoc {
        SetupDoc { identity: None, aws, controller: None, finish: None, mode }
    }

    /// 1 when `--check` found drift, else 0.
    pub fn exit_status(&self) -> ExitStatus {
        let changed = self.aws.changed
            || self.controller.as_ref().is_some_and(|c| c.changed)
            || self.finish.as_ref().is_some_and(|f| f.changed);
        if self.mode == Mode::Check && changed { ExitStatus::Negative } else { ExitStatus::Success }
    }

    /// Text layout: the identity decision, the AWS steps, the Kubernetes objects, then the
    /// writes that finish a move.
    pub fn render_text(&self, style: Style) -> String {
        let mut out = String::new();
        if let Some(identity) = &self.identity {
            out.push_str(&format!("identity: {} ({})\n", identity.identity.describe(), identity.reason));
            if !identity.order.is_empty() {
                let order: Vec<&str> = identity.order.iter().map(|s| s.describe()).collect();
                out.push_str(&format!("move order: {}\n", order.join(" -> ")));
            }
        }
        out.push_str(&super::render_text(&self.aws, style));
        if let Some(controller) = &self.controller {
            out.push_str(&format!("\n{}", controller::render_text(controller, style)));
        }
        if let Some(finish) = &self.finish {
            out.push_str(&format!("\nfinishing the move:\n{}", super::render_text(finish, style)));
        }
        out
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

/// Runs `setup` on a resolved context: decides the identity, then the AWS half, then (unless
/// `--skip-controller`, or a fleet run found no way to the cluster: `controller` false) the
/// controller over the context's one Kubernetes connection; on a move between identities, the
/// restart and the removal of the old credentials last.
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
    let read_sa = async {
        match controller {
            true => controller::read_service_account(ctx).await,
            false => Ok(None),
        }
    };
    let explicit_irsa = args.identity.identity.explicit() == Some(Identity::Irsa);
    let (sa, seen) = tokio::join!(read_sa, super::observe::observe_pod_identity(ctx, &cluster.name, explicit_irsa));
    let (sa, seen) = (sa?, seen?);
    let role_annotation =
        sa.as_ref().and_then(|sa| sa["metadata"]["annotations"][model::ROLE_ARN_ANNOTATION].as_str()).map(String::from);
    // NB: without the ServiceAccount (--skip-controller), an install on IRSA shows in its role's trust.
    let irsa_role = match (controller, args.identity.identity.explicit(), &seen.association) {
        (false, None, None) => super::observe::role_trusting_irsa(ctx).await?,
        _ => None,
    };
    let installed =
        Installed { role_annotation, association: seen.association.as_ref().map(|a| a.id.clone()), irsa_role };
    let decision = identity_choice::decide(args.identity.identity.explicit(), &installed, &seen.agent);
    let ctx = ctx.with_identity(decision.identity);
    // NB: --skip-controller cannot finish a move (the annotation and the restart are the
    // controller half's), so the old credentials stay and the plan says so.
    let moving = decision.moving_from.filter(|_| controller);
    let adopted = match (controller, decision.identity, &args.identity.names.role_name) {
        (true, Identity::Irsa, None) => {
            model::names::adopted_role(sa.as_ref(), args.adopt.adopt, &ctx.account, &ctx.names)?
        }
        _ => None,
    };
    let ctx = match &adopted {
        Some(arn) => ctx.adopting(arn),
        None => ctx,
    };
    let parts = Parts { oidc: decision.identity == Identity::Irsa, policy: true, role: true, subnets: true };
    let mut inputs = super::identity_inputs(&args.identity, Some(&args.subnets));
    inputs.adopted_role = adopted.is_some();
    inputs.pod_identity_seen = Some(&seen);
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
    let (mut plan, prepared) = (plan?, prepared?);
    if let Some(why) = &seen.association_unread {
        plan.warnings.push(format!(
            "the Pod Identity associations could not be read ({why}); an association this install may have is left as it is"
        ));
    }
    if let (Some(from), false) = (decision.moving_from, controller) {
        plan.warnings.push(format!(
            "the install still has its {} credentials: a move finishes only with the controller half (run setup without --skip-controller)",
            from.describe()
        ));
    }
    let identity = IdentityDoc {
        identity: decision.identity,
        reason: decision.reason.clone(),
        moving_from: decision.moving_from,
        order: moving.map(|_| identity_choice::move_order(decision.identity).to_vec()).unwrap_or_default(),
        restarted: false,
    };
    let (aws, error) = super::run_plan("setup", &ctx, &plan, mode).await;
    let mut doc = SetupDoc { identity: Some(identity), ..SetupDoc::aws_only(aws, mode) };
    let Some(prepared) = prepared.filter(|_| error.is_none()) else {
        return Ok((doc, error));
    };
    let (applied, error) = prepared.apply(&controller_inputs).await;
    doc.controller = Some(applied);
    let Some(from) = moving.filter(|_| error.is_none()) else {
        return Ok((doc, error));
    };
    if mode.writes() {
        let reason = format!("credentials moved from {} to {}", from.describe(), decision.identity.describe());
        let restarted = async {
            if decision.identity == Identity::PodIdentity {
                controller::restart::remove_role_annotation(&ctx).await?;
            }
            controller::restart::restart(&ctx, &reason, args.timeout).await
        };
        if let Err(e) = restarted.await {
            return Ok((doc, Some(e)));
        }
        if let Some(identity) = doc.identity.as_mut() {
            identity.restarted = true;
        }
    }
    let finish = super::identity_move::plan_finish(&ctx, &plan, from, seen.association.as_ref()).await?;
    let (finish, error) = super::run_plan("setup", &ctx, &finish, mode).await;
    doc.finish = Some(finish);
    Ok((doc, error))
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
        return Ok((SetupDoc::aws_only(aws, mode), error));
    }
    let controller_args = ControllerArgs::default();
    let controller_inputs = ControllerInputs {
        override_existing_serviceaccounts: args.identity.override_existing_serviceaccounts,
        service_account_only: true,
        ..ControllerInputs::new(&controller_args, mode)
    };
    let (sa, error) = controller::apply_controller(ctx, &controller_inputs).await?;
    Ok((SetupDoc { controller: Some(sa), ..SetupDoc::aws_only(aws, mode) }, error))
}

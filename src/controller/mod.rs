//! Workflow `controller`, the Kubernetes half: `render` (the manifests, pure), `decide` (what to
//! reuse or refuse given the live objects, pure), `apply` (server-side apply in the order the
//! webhooks need: CRDs, wait Established; ServiceAccount, RBAC, Secret, Service, Deployment,
//! PDB, IngressClassParams, IngressClass; wait until the controller is Available and its
//! webhook Service has endpoints; only then the webhook configurations), `report` (the
//! document). Used by `albctl apply` and by `setup`'s chain.
//!
//! May import: `context`, the `kube` adapter and the shared domain (its own flags,
//! `cli::ControllerArgs` and `cli::GatewayArgs`, among it); never another workflow.

pub mod apply;
pub mod coexist;
pub mod decide;
pub mod gateway;
pub mod render;
pub mod report;
pub mod restart;

use apply::{apply_in_order, find_takeovers, refuse_foreign_objects, set_ca_bundle};
pub use report::{ApplyDoc, HelmRelease, Takeover, render_text};

use std::time::Duration;

use serde_json::{Value, json};
use time::OffsetDateTime;
use tokio::time::Instant;

use crate::cli::ControllerArgs;
use crate::context::Context;
use crate::kube::apply::Applier;
use crate::kube::connect;
use crate::model::names::RoleFrom;
use crate::model::{self, Mode};
use crate::progress::Progress;
use render::{RenderInput, Values};

/// What the controller half needs besides the context (whose names say the namespace, the
/// ServiceAccount and the role it is annotated with).
#[derive(Debug, Clone)]
pub struct ControllerInputs<'a> {
    /// Values files, image, VPC id, IngressClass and Gateway API mode, as the flags give them.
    pub controller: &'a ControllerArgs,
    /// How long to wait for the controller to become ready.
    pub timeout: Duration,
    /// Make new webhook TLS material.
    pub rotate_webhook_cert: bool,
    /// Take over a ServiceAccount another tool manages.
    pub override_existing_serviceaccounts: bool,
    /// Whether to write; anything else is a server-side dry run.
    pub mode: Mode,
    /// Apply only the ServiceAccount (`iamserviceaccount create`).
    pub service_account_only: bool,
    /// Take over the install another tool made (`--adopt`).
    pub adopt: bool,
    /// With `adopt`: delete the Helm release records of the objects taken over.
    pub forget_helm_release: bool,
    /// The Gateway API flags (the mode comes from `controller`).
    pub gateway: gateway::GatewayFlags,
}

impl<'a> ControllerInputs<'a> {
    /// The inputs with nothing asked beyond the rendering flags: a minute's wait, no rotation,
    /// no takeover.
    pub fn new(controller: &'a ControllerArgs, mode: Mode) -> ControllerInputs<'a> {
        ControllerInputs {
            controller,
            timeout: Duration::from_secs(60),
            rotate_webhook_cert: false,
            override_existing_serviceaccounts: false,
            mode,
            service_account_only: false,
            adopt: false,
            forget_helm_release: false,
            gateway: gateway::GatewayFlags {
                mode: controller.gateway_api,
                bundle_file: None,
                alb_class: model::gateway_api::DEFAULT_ALB_CLASS.into(),
                nlb_class: model::gateway_api::DEFAULT_NLB_CLASS.into(),
            },
        }
    }

    /// Whether writes are only asked of the API server as a dry run.
    pub fn dry_run(&self) -> bool {
        !self.mode.writes()
    }
}

/// Renders and applies the controller. Errors before anything was applied are `Err`; a failure
/// part-way (e.g. the readiness wait timing out) returns the document so far and the error.
pub async fn apply_controller(
    ctx: &Context,
    inputs: &ControllerInputs<'_>,
) -> anyhow::Result<(ApplyDoc, Option<anyhow::Error>)> {
    Ok(prepare(ctx, inputs).await?.apply(inputs).await)
}

/// The controller half read, decided and rendered, with every refusal already made: what is
/// left is writing. `setup` prepares while it observes AWS, so a refusal (a foreign object, a
/// ServiceAccount another tool manages) stops it before its AWS half writes anything.
pub struct Prepared<'a> {
    kube: &'a connect::Kube,
    namespace: String,
    client: kube::Client,
    applier: Applier,
    objects: Vec<Value>,
    sa_decision: decide::ServiceAccountDecision,
    gateway: Option<gateway::GatewayPlan>,
    doc: ApplyDoc,
    progress: Progress,
}

impl std::fmt::Debug for Prepared<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared").field("objects", &self.objects.len()).finish_non_exhaustive()
    }
}

/// Reads what the cluster holds over the run's connection, decides (TLS reuse, ServiceAccount
/// takeover), renders and refuses foreign objects. Reads only.
pub async fn prepare<'a>(ctx: &'a Context, inputs: &ControllerInputs<'_>) -> anyhow::Result<Prepared<'a>> {
    let (mut values, image) = values_and_image(ctx, inputs)?;
    let progress = Progress::new(&ctx.output);
    progress.set(format!("connecting to the API server of {}", ctx.cluster().name));
    let kube = ctx.kube().await?;
    let names = &ctx.names;
    let role_arn = names.irsa_role_arn();
    let adopted_role = names.role_from == RoleFrom::Adopted;
    let cluster = ctx.cluster();
    if let Some(version) = cluster.version.as_deref().and_then(model::kube_version::parse) {
        let what = format!("EKS cluster {}", cluster.name);
        model::kube_version::require_supported(version, &what, crate::policy::CONTROLLER_VERSION)?;
    }
    let client = kube.client().await?;
    let version = kube.version();
    let mut applier = Applier::new(client.clone(), inputs.dry_run()).adopting(inputs.adopt);
    let cert_manager = values.enable_cert_manager && !inputs.service_account_only;
    if cert_manager {
        // NB: before the first write: without its CRDs nothing of cert-manager mode can apply.
        crate::kube::cert_manager::require(&mut applier).await?;
    }

    // NB: before the first write: a bundle that fails its checks stops the run here.
    let gateway = match inputs.service_account_only {
        true => None,
        false => Some(gateway::prepare(&mut applier, ctx, &inputs.gateway, inputs.adopt, version).await?),
    };
    if let Some(plan) = &gateway {
        if plan.gates_off {
            gateway::set_gates_off(&mut values.controller_config.feature_gates)?;
        }
        values.deployment_annotations.extend(plan.deployment_annotations.clone());
        values.pod_annotations.extend(plan.pod_annotations.clone());
    }
    let namespace = names.namespace.as_str();
    let stub = |api_version: &str, kind: &str, name: &str| json!({"apiVersion": api_version, "kind": kind, "metadata": {"name": name, "namespace": namespace}});
    let secret = applier.get(&stub("v1", "Secret", render::TLS_SECRET_NAME)).await?;
    let service_account = applier.get(&stub("v1", "ServiceAccount", &names.service_account)).await?;
    let sa_decision = decide::decide_service_account(
        service_account.as_ref(),
        namespace,
        &names.service_account,
        role_arn.as_deref(),
        inputs.override_existing_serviceaccounts || inputs.adopt,
    );
    let adopted = decide::adoption_record(service_account.as_ref(), inputs.override_existing_serviceaccounts);
    let tls = decide::decide_tls(
        secret.as_ref(),
        inputs.rotate_webhook_cert,
        render::WEBHOOK_SERVICE_NAME,
        namespace,
        OffsetDateTime::now_utc(),
    )?;
    let side_by_side = cluster
        .auto_mode
        .enabled()
        .then(|| coexist::side_by_side_note(&values.ingress_class, values.enable_service_mutator_webhook));
    let objects = render::render(&RenderInput {
        cluster_name: cluster.name.clone(),
        region: ctx.region.clone(),
        vpc_id: inputs.controller.vpc_id.clone().unwrap_or_else(|| cluster.vpc_id.clone()),
        namespace: namespace.to_string(),
        service_account: names.service_account.clone(),
        role_arn: role_arn.clone(),
        image,
        values,
        gateway_api: gateway.as_ref().is_some_and(|g| g.controller_crds),
        tls: tls.tls.clone(),
        server_version: Some(version),
    })?;
    let objects: Vec<Value> = objects
        .into_iter()
        .map(|mut o| {
            // NB: with cert-manager its CA injector owns the caBundle; albctl leaves it out.
            if !cert_manager {
                set_ca_bundle(&mut o, &tls.ca_bundle);
            }
            if let (true, Some(from)) = (o["kind"] == "ServiceAccount", &adopted) {
                o["metadata"]["annotations"][model::ADOPTED_ANNOTATION] = json!(from);
            }
            if let (true, true, Some(arn)) = (o["kind"] == "ServiceAccount", adopted_role, &role_arn) {
                o["metadata"]["annotations"][model::ADOPTED_ROLE_ANNOTATION] = json!(arn);
            }
            o
        })
        .filter(|o| !inputs.service_account_only || o["kind"] == "ServiceAccount")
        .collect();

    if let Some(class) = objects.iter().find(|o| o["kind"] == "IngressClass") {
        // NB: spec.controller is immutable: a class another controller holds fails the apply.
        let name = class["metadata"]["name"].as_str().unwrap_or_default();
        let existing = applier
            .get(&json!({"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": {"name": name}}))
            .await?;
        coexist::check_ingress_class(existing.as_ref(), name, &cluster.name)?;
    }

    let mut doc = ApplyDoc {
        server_version: format!("{}.{}", version.0, version.1),
        mode: if inputs.dry_run() { "dry-run" } else { "apply" },
        webhook_tls: (!inputs.service_account_only)
            .then(|| if cert_manager { decide::TlsSource::CertManager } else { tls.source.clone() }),
        objects: Vec::new(),
        ready: false,
        changed: false,
        takeovers: Vec::new(),
        helm_releases: Vec::new(),
        warnings: side_by_side.into_iter().collect(),
        gateway: gateway.as_ref().map(|g| g.doc.clone()),
    };
    if inputs.adopt {
        let (takeovers, releases) = find_takeovers(&mut applier, &objects).await?;
        doc.takeovers = takeovers;
        for (name, namespace) in releases {
            let records = crate::kube::helm::release_records(&client, &namespace, &name).await?;
            if !inputs.forget_helm_release && !records.is_empty() {
                doc.warnings.push(format!(
                    "Helm release {namespace}/{name} still tracks the objects albctl took over: a later `helm upgrade` \
                     would fight albctl over them; rerun with --forget-helm-release to delete its records"
                ));
            }
            let forgotten = inputs.forget_helm_release && !records.is_empty();
            doc.helm_releases.push(HelmRelease { name, namespace, records, forgotten });
        }
    } else {
        // NB: before the ServiceAccount's own refusal: a whole install another tool made is the
        // news, and --adopt the way past it.
        refuse_foreign_objects(&mut applier, &objects).await?;
    }
    let sa_decision = sa_decision?;
    Ok(Prepared {
        kube,
        namespace: namespace.to_string(),
        client,
        applier,
        objects,
        sa_decision,
        gateway,
        doc,
        progress,
    })
}

/// The values files (their warnings logged) and the controller image they and the flags choose.
fn values_and_image(ctx: &Context, inputs: &ControllerInputs<'_>) -> anyhow::Result<(Values, String)> {
    let (mut values, warnings) = Values::from_files(&inputs.controller.values)?;
    for w in warnings {
        tracing::warn!("{w}");
    }
    if let Some(class) = &inputs.controller.ingress_class {
        values.ingress_class = class.clone();
    }
    // NB: beside EKS Auto Mode, class-less LoadBalancer Services stay with Auto Mode's default.
    let auto_mode = ctx.cluster.as_ref().is_some_and(|c| c.auto_mode.enabled());
    values.enable_service_mutator_webhook = coexist::service_mutator_enabled(auto_mode, values.service_mutator_given());
    let image = render::controller_image(
        inputs.controller.image_registry,
        inputs.controller.image.as_deref(),
        &values,
        &ctx.region,
        crate::policy::CONTROLLER_VERSION,
    )?;
    Ok((values, image))
}

impl Prepared<'_> {
    /// Writes in the order the webhooks need, with the waits between; the document of what
    /// happened and the error that stopped it part-way, if one did.
    pub async fn apply(self, inputs: &ControllerInputs<'_>) -> (ApplyDoc, Option<anyhow::Error>) {
        let Prepared { kube, namespace, client, mut applier, objects, sa_decision, gateway, mut doc, progress } = self;
        let deadline = Instant::now() + inputs.timeout;
        let mut result = apply_in_order(
            kube,
            &mut applier,
            &objects,
            inputs,
            &namespace,
            &sa_decision,
            gateway.as_ref(),
            deadline,
            &progress,
            &mut doc,
        )
        .await;
        if result.is_ok() {
            // NB: only once every object is albctl's: a failure before leaves Helm able to roll back.
            for release in doc.helm_releases.iter().filter(|r| r.forgotten) {
                progress.set(format!("deleting the records of Helm release {}", release.name));
                if let Err(e) =
                    crate::kube::helm::forget_release(&client, &release.namespace, &release.name, inputs.dry_run())
                        .await
                {
                    result = Err(e);
                    break;
                }
            }
        }
        progress.finish();
        doc.changed = doc.objects.iter().any(|o| o.status.is_change())
            || !doc.takeovers.is_empty()
            || doc.helm_releases.iter().any(|r| r.forgotten);
        (doc, result.err())
    }
}

/// The controller's ServiceAccount as the cluster holds it, if it exists, read over the run's
/// connection: `setup` and `apply` read the role it names before anything else. Reads only.
pub async fn read_service_account(ctx: &Context) -> anyhow::Result<Option<Value>> {
    let client = ctx.kube().await?.client().await?;
    let (namespace, name) = (&ctx.names.namespace, &ctx.names.service_account);
    let mut applier = Applier::new(client, true);
    applier
        .get(&json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name, "namespace": namespace}}))
        .await
}

//! Workflow `controller`, the Kubernetes half: `render` (the manifests, pure), `decide` (what to
//! reuse or refuse given the live objects, pure), `apply` (server-side apply in the order the
//! webhooks need: CRDs, wait Established; ServiceAccount, RBAC, Secret, Service, Deployment,
//! PDB, IngressClassParams, IngressClass; wait until the controller is Available and its
//! webhook Service has endpoints; only then the webhook configurations), `report` (the
//! document). Used by `albctl apply` and by `setup`'s chain.
//!
//! May import: `context`, the `kube` adapter and the shared domain; never another workflow.

pub mod apply;
pub mod coexist;
pub mod decide;
pub mod render;
pub mod report;

use apply::{apply_in_order, find_takeovers, refuse_foreign_objects, set_ca_bundle};
pub use report::{ApplyDoc, HelmRelease, Takeover, render_text};

use std::time::Duration;

use serde_json::{Value, json};
use time::OffsetDateTime;
use tokio::time::Instant;

use crate::cli::{ControllerArgs, GlobalArgs};
use crate::context::Context;
use crate::kube::apply::Applier;
use crate::kube::connect;
use crate::model;
use crate::progress::Progress;
use render::{RenderInput, Values};

/// What the controller half needs besides the context.
#[derive(Debug, Clone)]
pub struct ControllerInputs<'a> {
    /// Rendering flags.
    pub controller: &'a ControllerArgs,
    /// Namespace.
    pub namespace: &'a str,
    /// ServiceAccount name.
    pub service_account: &'a str,
    /// Role ARN for the IRSA annotation (`None` with Pod Identity).
    pub role_arn: Option<String>,
    /// Wait limit.
    pub timeout: Duration,
    /// Make new webhook TLS material.
    pub rotate_webhook_cert: bool,
    /// Take over a ServiceAccount another tool manages.
    pub override_existing_serviceaccounts: bool,
    /// Server-side dry run.
    pub dry_run: bool,
    /// Apply only the ServiceAccount (`iamserviceaccount create`).
    pub service_account_only: bool,
    /// Take over the install another tool made (`--adopt`).
    pub adopt: bool,
    /// With `adopt`: delete the Helm release records of the objects taken over.
    pub forget_helm_release: bool,
    /// `role_arn` names a role albctl adopted rather than created: recorded on the
    /// ServiceAccount ([`model::ADOPTED_ROLE_ANNOTATION`]) so later runs keep it.
    pub adopted_role: bool,
}

/// Renders and applies the controller. Errors before anything was applied are `Err`; a failure
/// part-way (e.g. the readiness wait timing out) returns the document so far and the error.
pub async fn apply_controller(
    ctx: &Context,
    global: &GlobalArgs,
    inputs: &ControllerInputs<'_>,
) -> anyhow::Result<(ApplyDoc, Option<anyhow::Error>)> {
    Ok(prepare(ctx, global, inputs).await?.apply(inputs).await)
}

/// The controller half read, decided and rendered, with every refusal already made: what is
/// left is writing. `setup` prepares while it observes AWS, so a refusal (a foreign object, a
/// ServiceAccount another tool manages) stops it before its AWS half writes anything.
pub struct Prepared {
    kube: connect::Kube,
    client: kube::Client,
    applier: Applier,
    objects: Vec<Value>,
    sa_decision: decide::ServiceAccountDecision,
    doc: ApplyDoc,
    progress: Progress,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared").field("objects", &self.objects.len()).finish_non_exhaustive()
    }
}

/// Connects, reads what the cluster holds, decides (TLS reuse, ServiceAccount takeover), renders
/// and refuses foreign objects. Reads only.
pub async fn prepare(ctx: &Context, global: &GlobalArgs, inputs: &ControllerInputs<'_>) -> anyhow::Result<Prepared> {
    let (values, image) = values_and_image(ctx, inputs)?;
    let progress = Progress::new(global);
    progress.set(format!("connecting to the API server of {}", ctx.cluster().name));
    let kube = connect::connect(ctx, global).await?;
    prepare_on(ctx, kube, progress, inputs, values, image).await
}

/// [`prepare`] on a connection the caller made (a fleet run bounds each cluster's wait for its
/// API server first); `global` only decides whether a spinner shows.
pub async fn prepare_connected(
    ctx: &Context,
    kube: connect::Kube,
    global: &GlobalArgs,
    inputs: &ControllerInputs<'_>,
) -> anyhow::Result<Prepared> {
    let (values, image) = values_and_image(ctx, inputs)?;
    prepare_on(ctx, kube, Progress::new(global), inputs, values, image).await
}

/// The values files (their warnings logged) and the controller image they and the flags choose.
fn values_and_image(ctx: &Context, inputs: &ControllerInputs<'_>) -> anyhow::Result<(Values, String)> {
    let (values, warnings) = Values::from_files(&inputs.controller.values)?;
    for w in warnings {
        tracing::warn!("{w}");
    }
    let image = render::controller_image(
        inputs.controller.image_registry,
        inputs.controller.image.as_deref(),
        &values,
        &ctx.region,
        crate::policy::CONTROLLER_VERSION,
    )?;
    Ok((values, image))
}

async fn prepare_on(
    ctx: &Context,
    kube: connect::Kube,
    progress: Progress,
    inputs: &ControllerInputs<'_>,
    values: Values,
    image: String,
) -> anyhow::Result<Prepared> {
    let cluster = ctx.cluster();
    if let Some(version) = cluster.version.as_deref().and_then(model::kube_version::parse) {
        let what = format!("EKS cluster {}", cluster.name);
        model::kube_version::require_supported(version, &what, crate::policy::CONTROLLER_VERSION)?;
    }
    let client = kube.client().await?;
    let version = connect::server_version(&client).await?;
    let mut applier = Applier::new(client.clone(), inputs.dry_run).adopting(inputs.adopt);
    let cert_manager = values.enable_cert_manager && !inputs.service_account_only;
    if cert_manager {
        // NB: before the first write: without its CRDs nothing of cert-manager mode can apply.
        crate::kube::cert_manager::require(&mut applier).await?;
    }

    let stub = |api_version: &str, kind: &str, name: &str| json!({"apiVersion": api_version, "kind": kind, "metadata": {"name": name, "namespace": inputs.namespace}});
    let secret = applier.get(&stub("v1", "Secret", render::TLS_SECRET_NAME)).await?;
    let service_account = applier.get(&stub("v1", "ServiceAccount", inputs.service_account)).await?;
    let sa_decision = decide::decide_service_account(
        service_account.as_ref(),
        inputs.namespace,
        inputs.service_account,
        inputs.role_arn.as_deref(),
        inputs.override_existing_serviceaccounts || inputs.adopt,
    );
    let adopted = decide::adoption_record(service_account.as_ref(), inputs.override_existing_serviceaccounts);
    let tls = decide::decide_tls(
        secret.as_ref(),
        inputs.rotate_webhook_cert,
        render::WEBHOOK_SERVICE_NAME,
        inputs.namespace,
        OffsetDateTime::now_utc(),
    )?;
    let objects = render::render(&RenderInput {
        cluster_name: cluster.name.clone(),
        region: ctx.region.clone(),
        vpc_id: inputs.controller.vpc_id.clone().unwrap_or_else(|| cluster.vpc_id.clone()),
        namespace: inputs.namespace.to_string(),
        service_account: inputs.service_account.to_string(),
        role_arn: inputs.role_arn.clone(),
        image,
        values,
        gateway_api: inputs.controller.gateway_api,
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
            if let (true, true, Some(arn)) = (o["kind"] == "ServiceAccount", inputs.adopted_role, &inputs.role_arn) {
                o["metadata"]["annotations"][model::ADOPTED_ROLE_ANNOTATION] = json!(arn);
            }
            o
        })
        .filter(|o| !inputs.service_account_only || o["kind"] == "ServiceAccount")
        .collect();

    let doc = ApplyDoc {
        server_version: format!("{}.{}", version.0, version.1),
        mode: if inputs.dry_run { "dry-run" } else { "apply" },
        webhook_tls: (!inputs.service_account_only)
            .then(|| if cert_manager { decide::TlsSource::CertManager } else { tls.source.clone() }),
        objects: Vec::new(),
        ready: false,
        changed: false,
        takeovers: Vec::new(),
        helm_releases: Vec::new(),
        warnings: Vec::new(),
    };
    let mut doc = doc;
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
    Ok(Prepared { kube, client, applier, objects, sa_decision, doc, progress })
}

impl Prepared {
    /// Writes in the order the webhooks need, with the waits between; the document of what
    /// happened and the error that stopped it part-way, if one did.
    pub async fn apply(self, inputs: &ControllerInputs<'_>) -> (ApplyDoc, Option<anyhow::Error>) {
        let Prepared { kube, client, mut applier, objects, sa_decision, mut doc, progress } = self;
        let deadline = Instant::now() + inputs.timeout;
        let mut result =
            apply_in_order(&kube, &mut applier, &objects, inputs, &sa_decision, deadline, &progress, &mut doc).await;
        if result.is_ok() {
            // NB: only once every object is albctl's: a failure before leaves Helm able to roll back.
            for release in doc.helm_releases.iter().filter(|r| r.forgotten) {
                progress.set(format!("deleting the records of Helm release {}", release.name));
                if let Err(e) =
                    crate::kube::helm::forget_release(&client, &release.namespace, &release.name, inputs.dry_run).await
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

/// The controller's ServiceAccount as the cluster holds it, if it exists: `setup --adopt` reads
/// the role it names before planning the AWS half. Reads only.
pub async fn read_service_account(
    ctx: &Context,
    global: &GlobalArgs,
    namespace: &str,
    name: &str,
) -> anyhow::Result<Option<Value>> {
    let kube = connect::connect(ctx, global).await?;
    read_service_account_on(&kube, namespace, name).await
}

/// [`read_service_account`] on an existing connection.
pub async fn read_service_account_on(
    kube: &connect::Kube,
    namespace: &str,
    name: &str,
) -> anyhow::Result<Option<Value>> {
    let client = kube.client().await?;
    let mut applier = Applier::new(client, true);
    applier
        .get(&json!({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": name, "namespace": namespace}}))
        .await
}

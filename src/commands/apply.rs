//! `albctl apply`, and the controller half of `setup`: render, then server-side apply in the
//! order the webhooks need: CRDs (wait Established); ServiceAccount, RBAC, Secret, Service,
//! Deployment, PDB, IngressClassParams, IngressClass; wait until the controller is Available and
//! its webhook Service has endpoints; only then the webhook configurations.

use std::time::Duration;

use base64::Engine as _;
use serde::Serialize;
use serde_json::{Value, json};
use time::OffsetDateTime;
use tokio::time::Instant;

use crate::cli::{ApplyArgs, ControllerArgs, GlobalArgs};
use crate::context::{self, Context};
use crate::controller::{self, ServiceAccountDecision, TlsSource};
use crate::error::AlbctlError;
use crate::kube::apply::{Applier, ObjectOutcome, ObjectStatus};
use crate::kube::{connect, wait};
use crate::model;
use crate::output::{self, ExitStatus, Style};
use crate::progress::Progress;
use crate::render::{self, RenderInput, Values};

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
}

/// Result document of the controller half.
#[derive(Debug, Serialize)]
pub struct ApplyDoc {
    /// Kubernetes server version.
    pub server_version: String,
    /// `apply` or `dry-run`.
    pub mode: &'static str,
    /// Webhook TLS source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_tls: Option<TlsSource>,
    /// Per-object outcomes in apply order.
    pub objects: Vec<ObjectOutcome>,
    /// Whether the controller was seen ready.
    pub ready: bool,
    /// Whether anything changed (or would).
    pub changed: bool,
}

/// Runs `albctl apply`.
pub async fn run(global: &GlobalArgs, args: &ApplyArgs) -> anyhow::Result<ExitStatus> {
    let cluster = context::cluster_name(global)?;
    model::validate_k8s_name("--namespace", &args.namespace)?;
    model::validate_k8s_name("--service-account", &args.service_account)?;
    let dry_run = match args.dry_run.as_deref() {
        None => false,
        Some("server") => true,
        Some(other) => {
            return Err(crate::error::AlbctlError::usage(format!(
                "--dry-run={other} is not supported; use --dry-run=server (the API server validates without persisting)"
            )));
        }
    };
    let ctx = context::resolve(global, true).await?;
    let role_arn = args
        .role_arn
        .clone()
        .unwrap_or_else(|| model::role_arn(ctx.partition, &ctx.account, &model::default_role_name(&cluster)));
    let inputs = ControllerInputs {
        controller: &args.controller,
        namespace: &args.namespace,
        service_account: &args.service_account,
        role_arn: Some(role_arn),
        timeout: args.timeout,
        rotate_webhook_cert: args.rotate_webhook_cert,
        override_existing_serviceaccounts: args.override_existing_serviceaccounts,
        dry_run,
        service_account_only: false,
    };
    let (doc, error) = apply_controller(&ctx, global, &inputs).await?;
    output::emit(global.output, &doc, || render_text(&doc, Style::new(output::stdout_color(global.color))))?;
    match error {
        Some(e) => Err(e),
        None => Ok(ExitStatus::Success),
    }
}

/// Renders and applies the controller. Errors before anything was applied are `Err`; a failure
/// part-way (e.g. the readiness wait timing out) returns the document so far and the error.
pub async fn apply_controller(
    ctx: &Context,
    global: &GlobalArgs,
    inputs: &ControllerInputs<'_>,
) -> anyhow::Result<(ApplyDoc, Option<anyhow::Error>)> {
    let (values, warnings) = Values::from_files(&inputs.controller.values)?;
    for w in warnings {
        tracing::warn!("{w}");
    }
    let cluster = ctx.cluster();
    let image = render::controller_image(
        inputs.controller.image_registry,
        inputs.controller.image.as_deref(),
        &values,
        &ctx.region,
        crate::policy::CONTROLLER_VERSION,
    )?;
    let progress = Progress::new(global);
    progress.set(format!("connecting to the API server of {}", cluster.name));
    let kube = connect::connect(ctx, global).await?;
    let client = kube.client().await?;
    let version = connect::server_version(&client).await?;
    let mut applier = Applier::new(client.clone(), inputs.dry_run);
    let cert_manager = values.enable_cert_manager && !inputs.service_account_only;
    if cert_manager {
        crate::kube::cert_manager::require(&mut applier).await?;
    }

    let stub = |api_version: &str, kind: &str, name: &str| json!({"apiVersion": api_version, "kind": kind, "metadata": {"name": name, "namespace": inputs.namespace}});
    let secret = applier.get(&stub("v1", "Secret", render::TLS_SECRET_NAME)).await?;
    let service_account = applier.get(&stub("v1", "ServiceAccount", inputs.service_account)).await?;
    let sa_decision = controller::decide_service_account(
        service_account.as_ref(),
        inputs.namespace,
        inputs.service_account,
        inputs.role_arn.as_deref(),
        inputs.override_existing_serviceaccounts,
    )?;
    let adopted = controller::adoption_record(service_account.as_ref(), inputs.override_existing_serviceaccounts);
    let tls = controller::decide_tls(
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
            o
        })
        .filter(|o| !inputs.service_account_only || o["kind"] == "ServiceAccount")
        .collect();

    let mut doc = ApplyDoc {
        server_version: format!("{}.{}", version.0, version.1),
        mode: if inputs.dry_run { "dry-run" } else { "apply" },
        webhook_tls: (!inputs.service_account_only)
            .then(|| if cert_manager { TlsSource::CertManager } else { tls.source.clone() }),
        objects: Vec::new(),
        ready: false,
        changed: false,
    };
    refuse_foreign_objects(&mut applier, &objects).await?;
    let deadline = Instant::now() + inputs.timeout;
    let result =
        apply_in_order(&kube, &mut applier, &objects, inputs, &sa_decision, deadline, &progress, &mut doc).await;
    progress.finish();
    doc.changed = doc.objects.iter().any(|o| o.status.is_change());
    Ok((doc, result.err()))
}

/// Refuses, before the first write, when an object albctl would apply exists and is managed by
/// a named other tool (Helm, eksctl, a `managed-by` label): a half-applied install that then
/// stops on that object's conflict helps nobody. The ServiceAccount has its own rule
/// (`--override-existing-serviceaccounts`); objects with no manager label keep the apply's own
/// conflict check.
async fn refuse_foreign_objects(applier: &mut Applier, objects: &[Value]) -> anyhow::Result<()> {
    for obj in objects.iter().filter(|o| o["kind"] != "ServiceAccount") {
        let Some(existing) = applier.get(obj).await? else { continue };
        let Some(manager) = controller::foreign_manager(&existing["metadata"]) else { continue };
        if manager.starts_with("another tool") {
            continue;
        }
        return Err(AlbctlError::refused(format!(
            "{} {} already exists and is managed by {manager}; albctl does not take over another installation's objects: \
             remove it first (e.g. `helm uninstall aws-load-balancer-controller -n kube-system`), then rerun",
            obj["kind"].as_str().unwrap_or_default(),
            obj["metadata"]["name"].as_str().unwrap_or_default()
        )));
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn apply_in_order(
    kube: &connect::Kube,
    applier: &mut Applier,
    objects: &[Value],
    inputs: &ControllerInputs<'_>,
    sa_decision: &ServiceAccountDecision,
    deadline: Instant,
    progress: &Progress,
    doc: &mut ApplyDoc,
) -> anyhow::Result<()> {
    let is = |o: &Value, kinds: &[&str]| kinds.iter().any(|k| o["kind"] == *k);
    let webhooks = ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"];
    let crds: Vec<&Value> = objects.iter().filter(|o| is(o, &["CustomResourceDefinition"])).collect();
    let middle: Vec<&Value> =
        objects.iter().filter(|o| !is(o, &["CustomResourceDefinition"]) && !is(o, &webhooks)).collect();
    let last: Vec<&Value> = objects.iter().filter(|o| is(o, &webhooks)).collect();

    for crd in &crds {
        progress.set(format!("applying {}", crd["metadata"]["name"].as_str().unwrap_or_default()));
        doc.objects.push(applier.apply(crd, false).await?);
    }
    if !inputs.dry_run && !crds.is_empty() {
        let names: Vec<String> =
            crds.iter().filter_map(|c| c["metadata"]["name"].as_str().map(str::to_string)).collect();
        wait::crds_established(kube, &names, deadline, progress).await?;
    }
    for obj in &middle {
        if let (true, ServiceAccountDecision::KeepForeign { manager }) = (obj["kind"] == "ServiceAccount", sa_decision)
        {
            doc.objects.push(ObjectOutcome::of(
                obj,
                ObjectStatus::Kept,
                format!("managed by {manager}, already annotated with the role; left as is"),
            ));
            continue;
        }
        progress.set(format!("applying {} {}", obj["kind"].as_str().unwrap_or_default(), obj["metadata"]["name"]));
        let take_over = obj["kind"] == "ServiceAccount" && inputs.override_existing_serviceaccounts;
        doc.objects.push(applier.apply(obj, take_over).await?);
    }
    if inputs.service_account_only {
        return Ok(());
    }
    if !inputs.dry_run {
        wait::controller_ready(
            kube,
            inputs.namespace,
            render::DEPLOYMENT_NAME,
            render::WEBHOOK_SERVICE_NAME,
            deadline,
            inputs.timeout,
            progress,
        )
        .await?;
        doc.ready = true;
    }
    for obj in &last {
        progress.set(format!("applying {}", obj["kind"].as_str().unwrap_or_default()));
        doc.objects.push(applier.apply(obj, false).await?);
    }
    Ok(())
}

/// Sets every webhook's caBundle (base64 PEM), e.g. to trust old and new CA while rotating.
fn set_ca_bundle(obj: &mut Value, pem: &str) {
    let encoded = base64::engine::general_purpose::STANDARD.encode(pem);
    if let Some(hooks) = obj.get_mut("webhooks").and_then(Value::as_array_mut) {
        for hook in hooks {
            if let Some(cc) = hook.get_mut("clientConfig").and_then(Value::as_object_mut) {
                cc.insert("caBundle".into(), Value::String(encoded.clone()));
            }
        }
    }
}

/// Text rendering of the controller half.
pub fn render_text(doc: &ApplyDoc, style: Style) -> String {
    let mut out = format!("Kubernetes {} ({})\n", doc.server_version, doc.mode);
    match &doc.webhook_tls {
        Some(TlsSource::Reused) => out.push_str("webhook certificate: reused from the cluster's Secret\n"),
        Some(TlsSource::Generated { reason }) => out.push_str(&format!("webhook certificate: new ({reason})\n")),
        Some(TlsSource::CertManager) => out.push_str("webhook certificate: issued by cert-manager\n"),
        None => {}
    }
    for o in &doc.objects {
        let (mark, word) = match o.status {
            ObjectStatus::Created => (style.green("+"), style.green("created  ")),
            ObjectStatus::Updated => (style.yellow("~"), style.yellow("updated  ")),
            ObjectStatus::WouldCreate => (style.green("+"), style.green("create   ")),
            ObjectStatus::WouldUpdate => (style.yellow("~"), style.yellow("update   ")),
            ObjectStatus::Unchanged => ("=".into(), style.dim("unchanged")),
            ObjectStatus::Kept => ("=".into(), style.dim("kept     ")),
            ObjectStatus::Skipped => ("-".into(), style.dim("skipped  ")),
        };
        out.push_str(&format!("{mark} {word} {}", o.display_name()));
        if let Some(note) = &o.note {
            out.push_str(&format!("  {}", style.dim(&format!("({note})"))));
        }
        out.push('\n');
    }
    let count = |pred: fn(ObjectStatus) -> bool| doc.objects.iter().filter(|o| pred(o.status)).count();
    let (created, updated) = if doc.mode == "dry-run" { ("to create", "to update") } else { ("created", "updated") };
    out.push_str(&format!(
        "{} {created}, {} {updated}, {} unchanged{}\n",
        count(|s| matches!(s, ObjectStatus::Created | ObjectStatus::WouldCreate)),
        count(|s| matches!(s, ObjectStatus::Updated | ObjectStatus::WouldUpdate)),
        count(|s| matches!(s, ObjectStatus::Unchanged | ObjectStatus::Kept)),
        if doc.ready { "; controller ready" } else { "" }
    ));
    out
}

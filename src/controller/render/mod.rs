//! The controller manifests: the object set of the upstream Helm chart v3.5.0 with default
//! values, plus a PodDisruptionBudget, from albctl's own templates under `templates/`.
//!
//! Exists so `render` and `apply` share one pure function from inputs to Kubernetes objects, in
//! the order they must be applied (design section 4). Pure: no `kube::Client`, no tokio, no
//! AWS SDK, no clock and no randomness (the TLS material is an input), so the same input always
//! gives the same objects. It never prints; callers decide where the private key may go.

use std::collections::BTreeMap;

use anyhow::{Context as _, bail};
use base64::Engine as _;
use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;
use serde_json::{Map, Value as Json, json};

use crate::model::ImageRegistry;
use crate::model::{MANAGED_BY_LABEL, kube_version};
use crate::tls::WebhookTls;

mod values;
pub(crate) mod yaml;

pub use values::{
    CertManagerValues, ClusterSecretsPermissions, ControllerConfig, FailurePolicyValues, ImageValues,
    IngressClassConfig, IngressClassParamsValues, RootCertValues, SelectorValues, ServiceAccountValues,
    ServiceMutatorWebhookConfig, Values, WebhookConfigValues,
};

/// The controller version whose manifests these templates produce.
pub const DEFAULT_CONTROLLER_VERSION: &str = "v3.5.0";
/// The public, region-independent image repository.
pub const PUBLIC_REPOSITORY: &str = "public.ecr.aws/eks/aws-load-balancer-controller";
/// `app.kubernetes.io/name` of every object (the chart's name).
pub const APP_NAME: &str = "aws-load-balancer-controller";
/// `app.kubernetes.io/instance` of every object (the chart's usual release name).
pub const INSTANCE: &str = "aws-load-balancer-controller";
/// Name of the Deployment (and its PodDisruptionBudget).
pub const DEPLOYMENT_NAME: &str = "aws-load-balancer-controller";
/// Name of the webhook Service; the serving certificate is made for it.
pub const WEBHOOK_SERVICE_NAME: &str = "aws-load-balancer-webhook-service";
/// Name of the `kubernetes.io/tls` Secret holding the webhook certificate.
pub const TLS_SECRET_NAME: &str = "aws-load-balancer-tls";
/// Name of both webhook configurations.
pub const WEBHOOK_CONFIGURATION_NAME: &str = "aws-load-balancer-webhook";
/// The chart's prefix of the webhook objects' names (its name without `-controller`).
const NAME_PREFIX: &str = "aws-load-balancer";
/// Name of the cert-manager Certificate for the webhook (with `enableCertManager`).
pub const SERVING_CERT_NAME: &str = "aws-load-balancer-serving-cert";
/// The leader-election lock (ConfigMap/Lease) name the controller uses.
pub const LEADER_ELECTION_ID: &str = "aws-load-balancer-controller-leader";

/// The templates, in apply order within the non-CRD objects.
const TEMPLATES: &[(&str, &str)] = &[
    ("serviceaccount.yaml.j2", include_str!("../../../templates/serviceaccount.yaml.j2")),
    ("rbac.yaml.j2", include_str!("../../../templates/rbac.yaml.j2")),
    ("secret.yaml.j2", include_str!("../../../templates/secret.yaml.j2")),
    ("certmanager.yaml.j2", include_str!("../../../templates/certmanager.yaml.j2")),
    ("service.yaml.j2", include_str!("../../../templates/service.yaml.j2")),
    ("deployment.yaml.j2", include_str!("../../../templates/deployment.yaml.j2")),
    ("pdb.yaml.j2", include_str!("../../../templates/pdb.yaml.j2")),
    ("ingressclass.yaml.j2", include_str!("../../../templates/ingressclass.yaml.j2")),
    ("webhooks.yaml.j2", include_str!("../../../templates/webhooks.yaml.j2")),
];

/// The controller's own CRDs (always installed).
const CRDS: &[(&str, &str)] = &[
    (
        "albtargetcontrolconfigs.elbv2.k8s.aws",
        include_str!("../../../templates/crds/albtargetcontrolconfigs.elbv2.k8s.aws.yaml"),
    ),
    ("globalaccelerators.aga.k8s.aws", include_str!("../../../templates/crds/globalaccelerators.aga.k8s.aws.yaml")),
    ("ingressclassparams.elbv2.k8s.aws", include_str!("../../../templates/crds/ingressclassparams.elbv2.k8s.aws.yaml")),
    (
        "targetgroupbindings.elbv2.k8s.aws",
        include_str!("../../../templates/crds/targetgroupbindings.elbv2.k8s.aws.yaml"),
    ),
];

/// The controller's Gateway API companion CRDs (only with `--gateway-api`).
const GATEWAY_CRDS: &[(&str, &str)] = &[
    (
        "listenerruleconfigurations.gateway.k8s.aws",
        include_str!("../../../templates/crds/gateway/listenerruleconfigurations.gateway.k8s.aws.yaml"),
    ),
    (
        "loadbalancerconfigurations.gateway.k8s.aws",
        include_str!("../../../templates/crds/gateway/loadbalancerconfigurations.gateway.k8s.aws.yaml"),
    ),
    (
        "targetgroupconfigurations.gateway.k8s.aws",
        include_str!("../../../templates/crds/gateway/targetgroupconfigurations.gateway.k8s.aws.yaml"),
    ),
];

/// Region -> Amazon EKS private registry.
const IMAGE_REGISTRIES: &str = include_str!("../../../templates/image-registries.yaml");

/// Everything the manifests depend on. Building one is the caller's job (flags, DescribeCluster,
/// the Secret already in the cluster); rendering it is pure.
#[derive(Debug, Clone)]
pub struct RenderInput {
    /// EKS cluster name (`--cluster-name`).
    pub cluster_name: String,
    /// AWS Region (`--aws-region`).
    pub region: String,
    /// VPC ID (`--aws-vpc-id`).
    pub vpc_id: String,
    /// Namespace of the controller.
    pub namespace: String,
    /// Name of the controller's ServiceAccount.
    pub service_account: String,
    /// IAM role for IRSA (`eks.amazonaws.com/role-arn`); `None` with Pod Identity.
    pub role_arn: Option<String>,
    /// Full controller image reference (see [`image_for`]).
    pub image: String,
    /// Values-file knobs.
    pub values: Values,
    /// Also render the controller's three gateway CRDs (`--gateway-api auto|install`).
    pub gateway_api: bool,
    /// The webhook TLS material (generated or reused).
    pub tls: WebhookTls,
    /// Server `(major, minor)`; `None` when unknown (offline render): assume a current server.
    pub server_version: Option<(u32, u32)>,
}

/// The controller image for a registry choice: `image_override` if given; the public image; or
/// `<region's EKS registry>/amazon/aws-load-balancer-controller:<version>`.
pub fn image_for(
    registry: ImageRegistry,
    region: &str,
    image_override: Option<&str>,
    version: &str,
) -> anyhow::Result<String> {
    if let Some(image) = image_override {
        let image = image.trim();
        if image.is_empty() || image.contains(char::is_whitespace) {
            bail!("--image '{image}' is not an image reference");
        }
        return Ok(image.to_string());
    }
    match registry {
        ImageRegistry::Public => Ok(format!("{PUBLIC_REPOSITORY}:{version}")),
        ImageRegistry::Regional => {
            let registries = image_registries()?;
            let Some(registry) = registries.get(region) else {
                bail!(
                    "no Amazon EKS regional image registry is known for region '{region}'; \
                     use --image-registry public, or --image with a full image reference"
                );
            };
            Ok(format!("{registry}/{}:{version}", registries_image_path()?))
        }
    }
}

/// The controller image as the flags and the values files choose it, the way the chart reads
/// `image`: `--image` wins; else `image.repository:image.tag` from the values (the tag defaulting
/// to `version`, the repository to the public one); else the `--image-registry` choice (public by
/// default) with `image.tag`. `--image-registry` together with `image.repository` is an error:
/// both name the registry, and silently preferring one would pull an image the user did not ask for.
pub fn controller_image(
    registry: Option<ImageRegistry>,
    image_override: Option<&str>,
    values: &Values,
    region: &str,
    version: &str,
) -> anyhow::Result<String> {
    check_image_choice(registry, values)?;
    if image_override.is_some() {
        return image_for(ImageRegistry::Public, region, image_override, version);
    }
    let tag = values.image.tag.as_deref().filter(|t| !t.is_empty()).unwrap_or(version);
    match values.image.repository.as_deref().filter(|r| !r.is_empty()) {
        Some(repository) => Ok(format!("{repository}:{tag}")),
        None => image_for(registry.unwrap_or_default(), region, None, tag),
    }
}

/// Refuses `--image-registry` together with a values file's `image.repository` (see
/// [`controller_image`]); callers run it before anything is written.
pub fn check_image_choice(registry: Option<ImageRegistry>, values: &Values) -> anyhow::Result<()> {
    if let (Some(registry), Some(repository)) = (registry, values.image.repository.as_deref().filter(|r| !r.is_empty()))
    {
        let flag = match registry {
            ImageRegistry::Public => "public",
            ImageRegistry::Regional => "regional",
        };
        return Err(crate::error::AlbctlError::usage(format!(
            "--image-registry {flag} and image.repository '{repository}' in the values file both choose the \
             controller image; drop one of them"
        )));
    }
    Ok(())
}

/// Region -> registry host, from the embedded table.
pub fn image_registries() -> anyhow::Result<BTreeMap<String, String>> {
    let doc = yaml::from_str(IMAGE_REGISTRIES).context("parsing the embedded image registry table")?;
    let mut out = BTreeMap::new();
    for entry in doc["registries"].as_array().into_iter().flatten() {
        let (Some(region), Some(account), Some(host)) =
            (entry["region"].as_str(), entry["account"].as_str(), entry["host"].as_str())
        else {
            bail!("malformed entry in the embedded image registry table: {entry}");
        };
        out.insert(region.to_string(), format!("{account}.{host}"));
    }
    Ok(out)
}

fn registries_image_path() -> anyhow::Result<String> {
    let doc = yaml::from_str(IMAGE_REGISTRIES)?;
    doc["image_path"].as_str().map(str::to_string).context("image_path missing from the embedded registry table")
}

/// Renders every object, in apply order: CRDs; ServiceAccount, RBAC, Secret, Service,
/// Deployment, PodDisruptionBudget, IngressClassParams, IngressClass; then the webhook
/// configurations last.
pub fn render(input: &RenderInput) -> anyhow::Result<Vec<Json>> {
    check_input(input)?;
    if let Some(version) = input.server_version {
        kube_version::require_supported(version, "the API server", crate::policy::CONTROLLER_VERSION)?;
    }
    if input.gateway_api && input.server_version.is_some_and(|v| v < kube_version::CEL_VALIDATION) {
        let (major, minor) = input.server_version.unwrap_or_default();
        bail!(
            "--gateway-api needs Kubernetes 1.25 or newer (the server is {major}.{minor}): the Gateway API \
             CRDs the controller works with rely on CEL validation, and older servers reject the \
             controller's gateway CRDs"
        );
    }
    let labels = common_labels(&input.values);

    let mut objects = crds(input.gateway_api)?;
    if input.server_version.is_some_and(|v| v < kube_version::CEL_VALIDATION) {
        for crd in &mut objects {
            strip_validation_rules(crd);
        }
    }

    let ctx = template_context(input)?;
    let env = environment()?;
    for (name, _) in TEMPLATES {
        let text = env
            .get_template(name)
            .and_then(|t| t.render(&ctx))
            .with_context(|| format!("rendering template {name}"))?;
        let docs = yaml::from_multiple(&text).with_context(|| format!("parsing the output of template {name}"))?;
        objects.extend(docs);
    }

    for obj in &mut objects {
        add_labels(obj, &labels)?;
    }
    objects.sort_by_key(apply_rank);
    Ok(objects)
}

/// The objects as one multi-document YAML stream, each document starting with `---`.
pub fn to_yaml(objects: &[Json]) -> String {
    let mut out = String::new();
    for obj in objects {
        out.push_str("---\n");
        // Serialising JSON values cannot fail; keep the error visible in the output if it ever does.
        match yaml::to_string(obj) {
            Ok(text) => out.push_str(&text),
            Err(e) => out.push_str(&format!("# error: {e:#}\n")),
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out
}

/// A stable file name for `--output-dir`, e.g. `10-deployment-aws-load-balancer-controller.yaml`.
/// The numeric prefix is the apply order, so sorting the names sorts the objects.
pub fn file_name(obj: &Json) -> String {
    let kind = obj["kind"].as_str().unwrap_or("object").to_ascii_lowercase();
    let name: String = obj["metadata"]["name"]
        .as_str()
        .unwrap_or("unnamed")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '-' })
        .collect();
    format!("{:02}-{kind}-{name}.yaml", apply_rank(obj))
}

/// A copy of the objects with the TLS material (Secret data, webhook caBundles) replaced by
/// `<masked>`, for output that must be stable or must not carry the key.
pub fn mask_tls_material(objects: &[Json]) -> Vec<Json> {
    let mut out = objects.to_vec();
    for obj in &mut out {
        if obj["kind"] == "Secret"
            && let Some(data) = obj.get_mut("data").and_then(Json::as_object_mut)
        {
            for v in data.values_mut() {
                *v = json!("<masked>");
            }
        }
        if let Some(hooks) = obj.get_mut("webhooks").and_then(Json::as_array_mut) {
            for hook in hooks {
                if let Some(cc) = hook.get_mut("clientConfig").and_then(Json::as_object_mut)
                    && cc.contains_key("caBundle")
                {
                    cc.insert("caBundle".into(), json!("<masked>"));
                }
            }
        }
    }
    out
}

/// Position in the apply order (design section 4); also the file name prefix.
fn apply_rank(obj: &Json) -> u8 {
    match obj["kind"].as_str().unwrap_or_default() {
        "CustomResourceDefinition" => 0,
        "ServiceAccount" => 1,
        "Role" => 2,
        "RoleBinding" => 3,
        "ClusterRole" => 4,
        "ClusterRoleBinding" => 5,
        "Secret" => 6,
        "Service" => 7,
        "Issuer" => 8,
        "Certificate" => 9,
        "Deployment" => 10,
        "PodDisruptionBudget" => 11,
        "IngressClassParams" => 12,
        "IngressClass" => 13,
        "GatewayClass" => 14,
        "MutatingWebhookConfiguration" => 20,
        "ValidatingWebhookConfiguration" => 21,
        _ => 99,
    }
}

fn check_input(input: &RenderInput) -> anyhow::Result<()> {
    for (what, value) in [
        ("cluster name", &input.cluster_name),
        ("region", &input.region),
        ("VPC ID", &input.vpc_id),
        ("namespace", &input.namespace),
        ("ServiceAccount name", &input.service_account),
        ("image", &input.image),
    ] {
        if value.trim().is_empty() {
            bail!("cannot render the controller manifests without a {what}");
        }
    }
    if !is_dns_label(&input.namespace) {
        bail!("'{}' is not a valid namespace name (lowercase letters, digits and '-', at most 63)", input.namespace);
    }
    if input.service_account.len() > 253 || !input.service_account.split('.').all(is_dns_label) {
        bail!("'{}' is not a valid ServiceAccount name", input.service_account);
    }
    if !input.vpc_id.starts_with("vpc-") {
        bail!("'{}' is not a VPC ID (vpc-...)", input.vpc_id);
    }
    Ok(())
}

/// An RFC 1123 label: what Kubernetes accepts as a namespace name.
fn is_dns_label(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn environment() -> anyhow::Result<Environment<'static>> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
    env.set_trim_blocks(false);
    env.add_filter("tojson", |value: minijinja::Value| -> Result<String, minijinja::Error> {
        serde_json::to_string(&value)
            .map_err(|e| minijinja::Error::new(minijinja::ErrorKind::InvalidOperation, e.to_string()))
    });
    for (name, source) in TEMPLATES {
        env.add_template(name, source).with_context(|| format!("loading template {name}"))?;
    }
    Ok(env)
}

fn common_labels(values: &Values) -> Map<String, Json> {
    let mut labels = Map::new();
    for (k, v) in &values.additional_labels {
        labels.insert(k.clone(), json!(v));
    }
    labels.insert("app.kubernetes.io/name".into(), json!(APP_NAME));
    labels.insert("app.kubernetes.io/instance".into(), json!(INSTANCE));
    labels.insert("app.kubernetes.io/version".into(), json!(DEFAULT_CONTROLLER_VERSION));
    labels.insert(MANAGED_BY_LABEL.0.into(), json!(MANAGED_BY_LABEL.1));
    labels
}

fn selector_labels() -> Map<String, Json> {
    let mut labels = Map::new();
    labels.insert("app.kubernetes.io/name".into(), json!(APP_NAME));
    labels.insert("app.kubernetes.io/instance".into(), json!(INSTANCE));
    labels
}

/// Merges `labels` under the object's own labels (the common ones win).
fn add_labels(obj: &mut Json, labels: &Map<String, Json>) -> anyhow::Result<()> {
    let what = obj_kind(obj);
    let meta = obj
        .get_mut("metadata")
        .and_then(Json::as_object_mut)
        .with_context(|| format!("rendered object without metadata: {what}"))?;
    let existing = meta.entry("labels").or_insert_with(|| Json::Object(Map::new()));
    let existing = existing.as_object_mut().context("metadata.labels is not a mapping")?;
    for (k, v) in labels {
        existing.insert(k.clone(), v.clone());
    }
    Ok(())
}

fn obj_kind(obj: &Json) -> String {
    format!("{}/{}", obj["kind"].as_str().unwrap_or("?"), obj["metadata"]["name"].as_str().unwrap_or("?"))
}

/// The controller's own CRDs as embedded (without the Gateway API ones), for comparison with a cluster's.
pub fn embedded_crds() -> anyhow::Result<Vec<Json>> {
    crds(false)
}

/// The controller's three gateway CRDs (group `gateway.k8s.aws`) as embedded.
pub fn gateway_crds() -> anyhow::Result<Vec<Json>> {
    let all = crds(true)?;
    Ok(all.into_iter().skip(CRDS.len()).collect())
}

fn crds(gateway_api: bool) -> anyhow::Result<Vec<Json>> {
    let mut out = Vec::new();
    let sets: &[&[(&str, &str)]] = if gateway_api { &[CRDS, GATEWAY_CRDS] } else { &[CRDS] };
    for (name, text) in sets.iter().flat_map(|s| s.iter()) {
        let doc = yaml::from_str(text).with_context(|| format!("parsing the embedded CRD {name}"))?;
        if doc["metadata"]["name"] != *name {
            bail!("embedded CRD file {name} holds {}", obj_kind(&doc));
        }
        out.push(doc);
    }
    Ok(out)
}

/// Removes every `x-kubernetes-validations` (CEL rules) from a CRD: API servers before 1.25
/// reject the field.
pub fn strip_validation_rules(value: &mut Json) {
    match value {
        Json::Object(map) => {
            map.remove("x-kubernetes-validations");
            for v in map.values_mut() {
                strip_validation_rules(v);
            }
        }
        Json::Array(items) => items.iter_mut().for_each(strip_validation_rules),
        _ => {}
    }
}

#[derive(Serialize)]
struct Names {
    service_account: String,
    role: String,
    role_binding: String,
    cluster_role: String,
    cluster_role_binding: String,
    service: &'static str,
    secret: &'static str,
    deployment: &'static str,
    webhook: &'static str,
    ingress_class: String,
    ingress_class_params: String,
    serving_cert: String,
    root_cert: String,
    selfsigned_issuer: String,
    root_issuer: String,
}

#[derive(Serialize)]
struct Tls {
    ca: String,
    crt: String,
    key: String,
}

#[derive(Serialize)]
struct Pdb {
    api_version: &'static str,
    spec: Json,
}

#[derive(Serialize)]
struct Webhooks {
    pod_namespace_expressions: Json,
    quic_namespace_expressions: Json,
    pod_object_selector: Json,
    service_object_selector: Json,
    service_namespace_selector: Option<Json>,
    ingress_object_selector: Option<Json>,
    ingress_namespace_selector: Option<Json>,
    global_accelerator: bool,
}

#[derive(Serialize)]
struct TemplateContext<'a> {
    ns: &'a str,
    names: Names,
    app_name: &'static str,
    v: &'a Values,
    image: &'a str,
    args: Vec<String>,
    env: Vec<Json>,
    selector_labels: Map<String, Json>,
    pod_labels: Map<String, Json>,
    pod_annotations: Map<String, Json>,
    sa_annotations: Map<String, Json>,
    affinity: Option<Json>,
    webhook_port: u16,
    metrics_port: u16,
    tls: Tls,
    ca_bundle: String,
    pdb: Pdb,
    wh: Webhooks,
}

fn template_context(input: &RenderInput) -> anyhow::Result<TemplateContext<'_>> {
    let v = &input.values;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s.as_bytes());
    let ingress_class_params = v.ingress_class_params.name.clone().unwrap_or_else(|| v.ingress_class.clone());
    let names = Names {
        service_account: input.service_account.clone(),
        role: format!("{DEPLOYMENT_NAME}-leader-election-role"),
        role_binding: format!("{DEPLOYMENT_NAME}-leader-election-rolebinding"),
        cluster_role: format!("{DEPLOYMENT_NAME}-role"),
        cluster_role_binding: format!("{DEPLOYMENT_NAME}-rolebinding"),
        service: WEBHOOK_SERVICE_NAME,
        secret: TLS_SECRET_NAME,
        deployment: DEPLOYMENT_NAME,
        webhook: WEBHOOK_CONFIGURATION_NAME,
        ingress_class: v.ingress_class.clone(),
        ingress_class_params,
        serving_cert: format!("{NAME_PREFIX}-serving-cert"),
        root_cert: format!("{NAME_PREFIX}-root-cert"),
        selfsigned_issuer: format!("{NAME_PREFIX}-selfsigned-issuer"),
        root_issuer: format!("{NAME_PREFIX}-root-issuer"),
    };
    if v.create_ingress_class_resource && v.ingress_class.is_empty() {
        bail!("values: createIngressClassResource needs a non-empty ingressClass");
    }

    let mut sa_annotations = Map::new();
    for (k, val) in &v.service_account.annotations {
        sa_annotations.insert(k.clone(), json!(val));
    }
    if let Some(arn) = &input.role_arn {
        sa_annotations.insert(crate::model::ROLE_ARN_ANNOTATION.into(), json!(arn));
    }

    // NB: as the chart reads it: the second `:`-separated field of metricsBindAddr, else 8080.
    let metrics_port = v
        .metrics_bind_addr
        .as_deref()
        .and_then(|addr| addr.split(':').nth(1))
        .and_then(|p| p.parse::<u16>().ok())
        .unwrap_or(8080);
    let webhook_port = v.webhook_bind_port.unwrap_or(9443);

    let mut pod_labels = selector_labels();
    for (k, val) in &v.pod_labels {
        pod_labels.entry(k.clone()).or_insert_with(|| json!(val));
    }
    let mut pod_annotations = Map::new();
    pod_annotations.insert("prometheus.io/scrape".into(), json!("true"));
    pod_annotations.insert("prometheus.io/port".into(), json!(metrics_port.to_string()));
    for (k, val) in &v.pod_annotations {
        pod_annotations.insert(k.clone(), json!(val));
    }

    let affinity = if is_non_empty_object(&v.affinity) {
        Some(v.affinity.clone())
    } else if v.configure_default_affinity {
        Some(json!({
            "podAntiAffinity": {
                "preferredDuringSchedulingIgnoredDuringExecution": [{
                    "weight": 100,
                    "podAffinityTerm": {
                        "labelSelector": {
                            "matchExpressions": [
                                {"key": "app.kubernetes.io/name", "operator": "In", "values": [APP_NAME]}
                            ]
                        },
                        "topologyKey": "kubernetes.io/hostname"
                    }
                }]
            }
        }))
    } else {
        None
    };

    let pdb_api_version = "policy/v1";
    let mut pdb_spec = Map::new();
    pdb_spec.insert("selector".into(), json!({ "matchLabels": selector_labels() }));
    match &v.pod_disruption_budget {
        Json::Object(m) if !m.is_empty() => {
            for (k, val) in m {
                if k != "selector" {
                    pdb_spec.insert(k.clone(), val.clone());
                }
            }
        }
        Json::Object(_) | Json::Null => {
            pdb_spec.insert("maxUnavailable".into(), json!(1));
        }
        other => bail!("values: podDisruptionBudget must be a mapping, found {other}"),
    }

    let tls = Tls { ca: b64(&input.tls.ca_crt), crt: b64(&input.tls.tls_crt), key: b64(&input.tls.tls_key) };
    let ca_bundle = tls.ca.clone();

    Ok(TemplateContext {
        ns: &input.namespace,
        names,
        app_name: APP_NAME,
        v,
        image: &input.image,
        args: controller_args(input),
        env: controller_env(v),
        selector_labels: selector_labels(),
        pod_labels,
        pod_annotations,
        sa_annotations,
        affinity,
        webhook_port,
        metrics_port,
        tls,
        ca_bundle,
        pdb: Pdb { api_version: pdb_api_version, spec: Json::Object(pdb_spec) },
        wh: webhooks(v),
    })
}

fn is_non_empty_object(v: &Json) -> bool {
    v.as_object().is_some_and(|m| !m.is_empty())
}

/// A chart scalar as Helm prints it in an argument.
fn scalar(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Array(items) => items.iter().map(scalar).collect::<Vec<_>>().join(","),
        other => other.to_string(),
    }
}

/// Whether Helm's `if` takes a value as true: not null, false, 0, "" or an empty list or map.
fn truthy(v: &Json) -> bool {
    match v {
        Json::Null => false,
        Json::Bool(b) => *b,
        Json::Number(n) => n.as_f64() != Some(0.0),
        Json::String(s) => !s.is_empty(),
        Json::Array(a) => !a.is_empty(),
        Json::Object(o) => !o.is_empty(),
    }
}

fn csv_map(map: &BTreeMap<String, Json>) -> String {
    map.iter().map(|(k, v)| format!("{k}={}", scalar(v))).collect::<Vec<_>>().join(",")
}

/// The controller's command line, in the chart's order.
fn controller_args(input: &RenderInput) -> Vec<String> {
    let v = &input.values;
    let mut args = vec![format!("--cluster-name={}", input.cluster_name)];
    if !v.ingress_class.is_empty() {
        args.push(format!("--ingress-class={}", v.ingress_class));
    }
    args.push(format!("--aws-region={}", input.region));
    args.push(format!("--aws-vpc-id={}", input.vpc_id));

    let mut opt = |flag: &str, value: Option<String>| {
        if let Some(value) = value.filter(|s| !s.is_empty()) {
            args.push(format!("--{flag}={value}"));
        }
    };
    let flag = |b: Option<bool>| b.map(|b| b.to_string());
    opt("aws-api-endpoints", v.aws_api_endpoints.as_ref().map(scalar));
    opt("aws-api-throttle", v.aws_api_throttle.as_ref().map(scalar));
    opt("aws-max-retries", v.aws_max_retries.as_ref().map(scalar));
    opt("enable-pod-readiness-gate-inject", flag(v.enable_pod_readiness_gate_inject));
    opt("enable-shield", flag(v.enable_shield));
    opt("enable-waf", flag(v.enable_waf));
    opt("enable-wafv2", flag(v.enable_wafv2));
    opt("metrics-bind-addr", v.metrics_bind_addr.clone());
    opt("ingress-max-concurrent-reconciles", v.ingress_max_concurrent_reconciles.as_ref().map(scalar));
    opt("service-max-concurrent-reconciles", v.service_max_concurrent_reconciles.as_ref().map(scalar));
    opt(
        "targetgroupbinding-max-concurrent-reconciles",
        v.targetgroupbinding_max_concurrent_reconciles.as_ref().map(scalar),
    );
    opt(
        "targetgroupbinding-max-exponential-backoff-delay",
        v.targetgroupbinding_max_exponential_backoff_delay.as_ref().map(scalar),
    );
    // NB: the chart tests these two with a plain `if`, so 0, "" and false render nothing.
    opt(
        "alb-gateway-max-concurrent-reconciles",
        v.alb_gateway_max_concurrent_reconciles.as_ref().filter(|v| truthy(v)).map(scalar),
    );
    opt(
        "nlb-gateway-max-concurrent-reconciles",
        v.nlb_gateway_max_concurrent_reconciles.as_ref().filter(|v| truthy(v)).map(scalar),
    );
    opt("log-level", v.log_level.clone());
    opt("webhook-bind-port", v.webhook_bind_port.map(|p| p.to_string()));
    opt("sync-period", v.sync_period.as_ref().map(scalar));
    opt("watch-namespace", v.watch_namespace.clone());
    opt("disable-ingress-class-annotation", flag(v.disable_ingress_class_annotation));
    opt("disable-ingress-group-name-annotation", flag(v.disable_ingress_group_name_annotation));
    opt("tolerate-non-existent-backend-service", flag(v.tolerate_non_existent_backend_service));
    opt("tolerate-non-existent-backend-action", flag(v.tolerate_non_existent_backend_action));
    opt("default-ssl-policy", v.default_ssl_policy.clone());
    opt("external-managed-tags", Some(v.external_managed_tags.join(",")));
    opt("default-tags", Some(csv_map(&v.default_tags)));
    opt("enable-endpoint-slices", flag(v.enable_endpoint_slices));
    opt("enable-backend-security-group", flag(v.enable_backend_security_group));
    opt("backend-security-group", v.backend_security_group.clone());
    opt("disable-restricted-sg-rules", flag(v.disable_restricted_security_group_rules));
    opt("feature-gates", Some(csv_map(&v.controller_config.feature_gates)));
    if v.default_target_type != "instance" {
        opt("default-target-type", Some(v.default_target_type.clone()));
    }
    args
}

fn controller_env(v: &Values) -> Vec<Json> {
    let mut env: Vec<Json> = v.env.iter().map(|(name, value)| json!({"name": name, "value": scalar(value)})).collect();
    if let Some(secret) = v.env_secret_name.as_deref().filter(|s| !s.is_empty()) {
        for (name, key) in [("AWS_ACCESS_KEY_ID", "key_id"), ("AWS_SECRET_ACCESS_KEY", "access_key")] {
            env.push(json!({
                "name": name,
                "valueFrom": {"secretKeyRef": {"name": secret, "key": key, "optional": true}}
            }));
        }
    }
    env
}

fn not_in_controller() -> Json {
    json!({"key": "app.kubernetes.io/name", "operator": "NotIn", "values": [APP_NAME]})
}

/// An objectSelector: "not the controller itself" plus the user's expressions and labels.
fn object_selector(extra: &SelectorValues) -> Json {
    let mut exprs = vec![not_in_controller()];
    exprs.extend(extra.match_expressions.iter().flatten().cloned());
    let mut sel = Map::new();
    sel.insert("matchExpressions".into(), Json::Array(exprs));
    if let Some(labels) = extra.match_labels.as_ref().filter(|l| !l.is_empty()) {
        sel.insert("matchLabels".into(), json!(labels));
    }
    Json::Object(sel)
}

/// A selector from values alone, `None` when it selects everything.
fn optional_selector(sel: &SelectorValues) -> Option<Json> {
    let mut out = Map::new();
    if let Some(exprs) = sel.match_expressions.as_ref().filter(|e| !e.is_empty()) {
        out.insert("matchExpressions".into(), Json::Array(exprs.clone()));
    }
    if let Some(labels) = sel.match_labels.as_ref().filter(|l| !l.is_empty()) {
        out.insert("matchLabels".into(), json!(labels));
    }
    (!out.is_empty()).then_some(Json::Object(out))
}

fn webhooks(v: &Values) -> Webhooks {
    let custom_ns = v.webhook_namespace_selectors.as_ref().filter(|s| !s.is_empty()).map(|s| Json::Array(s.clone()));
    let default_ns = |key: &str| json!([{"key": key, "operator": "In", "values": ["enabled"]}]);
    let smc = &v.service_mutator_webhook_config;
    let global_accelerator = match v.controller_config.feature_gates.get("GlobalAcceleratorController") {
        Some(Json::Bool(b)) => *b,
        Some(Json::String(s)) => s.eq_ignore_ascii_case("true"),
        _ => false,
    };
    Webhooks {
        pod_namespace_expressions: custom_ns
            .clone()
            .unwrap_or_else(|| default_ns("elbv2.k8s.aws/pod-readiness-gate-inject")),
        quic_namespace_expressions: custom_ns.unwrap_or_else(|| default_ns("elbv2.k8s.aws/quic-server-id-inject")),
        pod_object_selector: object_selector(&v.object_selector),
        service_object_selector: object_selector(&smc.object_selector),
        service_namespace_selector: smc
            .namespace_selectors
            .as_ref()
            .filter(|s| !s.is_empty())
            .map(|s| json!({"matchExpressions": s})),
        ingress_object_selector: optional_selector(&v.webhook_config.ingress_validation_object_selector),
        ingress_namespace_selector: optional_selector(&v.webhook_config.ingress_validation_namespace_selector),
        global_accelerator,
    }
}

#[cfg(test)]
pub(crate) mod tests;

//! Helm-style values files for the controller manifests, with the upstream chart's key names.
//!
//! Exists so Helm users can bring the values file they already have: the common knobs are typed
//! here with the chart v3.5.0 defaults, files merge left to right with Helm's rules for maps, and
//! every key albctl does not act on is reported as a warning instead of being dropped silently.
//! Pure: reads the files it is given and nothing else; never talks to a cluster.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

/// The values albctl understands, with the chart's key names and the chart's defaults.
///
/// Free-form chart values (resources, affinity, probes, ...) are kept as JSON and rendered as
/// given. Keys that are not listed here are ignored and reported by [`Values::from_files`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Values {
    /// Number of controller pods (chart default 2).
    pub replica_count: u32,
    /// Deployment `revisionHistoryLimit`.
    pub revision_history_limit: u32,
    /// Controller image; `--image` overrides it (see `render::controller_image`).
    pub image: ImageValues,
    /// Pod `imagePullSecrets`.
    pub image_pull_secrets: Vec<Json>,
    /// Pod `runtimeClassName`.
    pub runtime_class_name: Option<String>,
    /// ServiceAccount knobs (its name comes from `--service-account`).
    pub service_account: ServiceAccountValues,
    /// Pod `securityContext`.
    pub pod_security_context: Json,
    /// Container `securityContext`.
    pub security_context: Json,
    /// Pod `terminationGracePeriodSeconds`.
    pub termination_grace_period_seconds: i64,
    /// Container `resources`.
    pub resources: Json,
    /// Pod `priorityClassName` (empty: none).
    pub priority_class_name: String,
    /// Pod `nodeSelector`.
    pub node_selector: BTreeMap<String, String>,
    /// Pod `tolerations`.
    pub tolerations: Vec<Json>,
    /// Pod `affinity`; empty means the default anti-affinity when `configureDefaultAffinity`.
    pub affinity: Json,
    /// Spread controller pods over nodes when no `affinity` is given.
    pub configure_default_affinity: bool,
    /// Pod `topologySpreadConstraints`.
    pub topology_spread_constraints: Vec<Json>,
    /// Deployment `strategy`.
    pub update_strategy: Json,
    /// Annotations on the webhook Service.
    pub service_annotations: BTreeMap<String, String>,
    /// Annotations on the Deployment.
    pub deployment_annotations: BTreeMap<String, String>,
    /// Extra pod annotations.
    pub pod_annotations: BTreeMap<String, String>,
    /// Extra pod labels.
    pub pod_labels: BTreeMap<String, String>,
    /// Extra labels on every object.
    pub additional_labels: BTreeMap<String, String>,
    /// The ingress class the controller serves (`--ingress-class`, IngressClass name).
    pub ingress_class: String,
    /// The IngressClassParams object.
    pub ingress_class_params: IngressClassParamsValues,
    /// Whether to create the IngressClass.
    pub create_ingress_class_resource: bool,
    /// IngressClass settings.
    pub ingress_class_config: IngressClassConfig,
    /// `--default-target-type` (`instance` or `ip`).
    pub default_target_type: String,
    /// `--log-level`.
    pub log_level: Option<String>,
    /// `--aws-api-endpoints`.
    pub aws_api_endpoints: Option<Json>,
    /// `--aws-api-throttle` (a list is joined with commas).
    pub aws_api_throttle: Option<Json>,
    /// `--aws-max-retries`.
    pub aws_max_retries: Option<Json>,
    /// `--enable-pod-readiness-gate-inject`.
    pub enable_pod_readiness_gate_inject: Option<bool>,
    /// `--enable-shield`.
    pub enable_shield: Option<bool>,
    /// `--enable-waf`.
    pub enable_waf: Option<bool>,
    /// `--enable-wafv2`.
    pub enable_wafv2: Option<bool>,
    /// `--metrics-bind-addr` (also sets the metrics port).
    pub metrics_bind_addr: Option<String>,
    /// `--ingress-max-concurrent-reconciles`.
    pub ingress_max_concurrent_reconciles: Option<Json>,
    /// `--service-max-concurrent-reconciles`.
    pub service_max_concurrent_reconciles: Option<Json>,
    /// `--targetgroupbinding-max-concurrent-reconciles`.
    pub targetgroupbinding_max_concurrent_reconciles: Option<Json>,
    /// `--targetgroupbinding-max-exponential-backoff-delay`.
    pub targetgroupbinding_max_exponential_backoff_delay: Option<Json>,
    /// `--alb-gateway-max-concurrent-reconciles` (chart v3.5.0 `albGatewayMaxConcurrentReconciles`).
    pub alb_gateway_max_concurrent_reconciles: Option<Json>,
    /// `--nlb-gateway-max-concurrent-reconciles` (chart v3.5.0 `nlbGatewayMaxConcurrentReconciles`).
    pub nlb_gateway_max_concurrent_reconciles: Option<Json>,
    /// `--webhook-bind-port` (also the container port).
    pub webhook_bind_port: Option<u16>,
    /// `--sync-period`.
    pub sync_period: Option<Json>,
    /// `--watch-namespace`.
    pub watch_namespace: Option<String>,
    /// `--disable-ingress-class-annotation`.
    pub disable_ingress_class_annotation: Option<bool>,
    /// `--disable-ingress-group-name-annotation`.
    pub disable_ingress_group_name_annotation: Option<bool>,
    /// `--tolerate-non-existent-backend-service`.
    pub tolerate_non_existent_backend_service: Option<bool>,
    /// `--tolerate-non-existent-backend-action`.
    pub tolerate_non_existent_backend_action: Option<bool>,
    /// `--default-ssl-policy`.
    #[serde(rename = "defaultSSLPolicy")]
    pub default_ssl_policy: Option<String>,
    /// `--external-managed-tags`.
    pub external_managed_tags: Vec<String>,
    /// `--default-tags` (`k=v,...`, sorted by key).
    pub default_tags: BTreeMap<String, Json>,
    /// `--enable-endpoint-slices`.
    pub enable_endpoint_slices: Option<bool>,
    /// `--enable-backend-security-group`.
    pub enable_backend_security_group: Option<bool>,
    /// `--backend-security-group`.
    pub backend_security_group: Option<String>,
    /// `--disable-restricted-sg-rules`.
    pub disable_restricted_security_group_rules: Option<bool>,
    /// Controller configuration (`--feature-gates`).
    pub controller_config: ControllerConfig,
    /// Container `livenessProbe`.
    pub liveness_probe: Json,
    /// Container `readinessProbe`.
    pub readiness_probe: Json,
    /// Extra container environment variables (name -> value).
    pub env: BTreeMap<String, Json>,
    /// Secret with `key_id`/`access_key` for static credentials (discouraged).
    pub env_secret_name: Option<String>,
    /// Pod `hostNetwork`.
    pub host_network: bool,
    /// Pod `dnsPolicy`.
    pub dns_policy: Option<String>,
    /// Extra pod volumes.
    pub extra_volumes: Vec<Json>,
    /// Extra container volume mounts.
    pub extra_volume_mounts: Vec<Json>,
    /// PodDisruptionBudget spec (without selector); empty means `maxUnavailable: 1`.
    pub pod_disruption_budget: Json,
    /// Extra object selector of the pod mutator webhooks.
    pub object_selector: SelectorValues,
    /// Namespace selector expressions of the pod mutator webhook (replaces the default).
    pub webhook_namespace_selectors: Option<Vec<Json>>,
    /// Ingress validation webhook settings.
    pub webhook_config: WebhookConfigValues,
    /// Whether to register the Service mutator (makes the controller the default for LoadBalancer Services).
    pub enable_service_mutator_webhook: bool,
    /// Service mutator settings.
    pub service_mutator_webhook_config: ServiceMutatorWebhookConfig,
    /// The top-level keys the values files set (a value the user chose, as against the
    /// chart's default).
    #[serde(skip)]
    pub given: std::collections::BTreeSet<String>,
    /// Pod mutator settings.
    pub pod_mutator_webhook_config: FailurePolicyValues,
    /// Webhook certificates from cert-manager (Issuer and Certificate objects, no Secret with a key).
    pub enable_cert_manager: bool,
    /// cert-manager settings (used with `enableCertManager`).
    pub cert_manager: CertManagerValues,
    /// RBAC for secrets.
    pub cluster_secrets_permissions: ClusterSecretsPermissions,
}

/// `image`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ImageValues {
    /// Image repository (without tag).
    pub repository: Option<String>,
    /// `image.tag`; unset or empty takes the controller version albctl pins.
    pub tag: Option<String>,
    /// Container `imagePullPolicy`.
    pub pull_policy: String,
}

/// `serviceAccount`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ServiceAccountValues {
    /// Extra annotations (the IRSA role annotation is added by albctl and wins).
    pub annotations: BTreeMap<String, String>,
    /// `automountServiceAccountToken`.
    pub automount_service_account_token: bool,
}

/// `ingressClassParams`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IngressClassParamsValues {
    /// Whether to create the IngressClassParams object.
    pub create: bool,
    /// Its name (default: the ingress class).
    pub name: Option<String>,
    /// Copied as the object's `spec`; when empty the object has none.
    pub spec: Json,
}

/// `ingressClassConfig`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IngressClassConfig {
    /// Mark the IngressClass as the cluster default.
    pub default: bool,
}

/// `controllerConfig`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ControllerConfig {
    /// Feature gates, `Name: true|false`.
    pub feature_gates: BTreeMap<String, Json>,
}

/// A label selector as the chart spells it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SelectorValues {
    /// `matchExpressions`.
    pub match_expressions: Option<Vec<Json>>,
    /// `matchLabels`.
    pub match_labels: Option<BTreeMap<String, String>>,
}

/// `webhookConfig`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WebhookConfigValues {
    /// Do not register the Ingress validator.
    pub disable_ingress_validation: Option<bool>,
    /// Failure policy of the Ingress validator (the chart's key, typo included).
    pub ingress_valdation_failure_policy: String,
    /// Object selector of the Ingress validator.
    pub ingress_validation_object_selector: SelectorValues,
    /// Namespace selector of the Ingress validator.
    pub ingress_validation_namespace_selector: SelectorValues,
}

/// `serviceMutatorWebhookConfig`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ServiceMutatorWebhookConfig {
    /// `Fail` (chart default) or `Ignore`.
    pub failure_policy: String,
    /// Extra object selector.
    pub object_selector: SelectorValues,
    /// Namespace selector expressions.
    pub namespace_selectors: Option<Vec<Json>>,
    /// Operations that trigger the mutator.
    pub operations: Vec<String>,
}

/// A webhook's failure policy.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FailurePolicyValues {
    /// `Fail` or `Ignore`.
    pub failure_policy: String,
}

/// `certManager`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CertManagerValues {
    /// Serving certificate `duration` (chart default 8760h0m0s).
    pub duration: Option<String>,
    /// Serving certificate `renewBefore` (chart default 720h0m0s).
    pub renew_before: Option<String>,
    /// Serving certificate `revisionHistoryLimit`.
    pub revision_history_limit: Option<Json>,
    /// The self-signed root CA.
    pub root_cert: RootCertValues,
    /// An existing issuer for the serving certificate; without it albctl adds a self-signed root.
    pub issuer_ref: Option<Json>,
}

/// `certManager.rootCert`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RootCertValues {
    /// Root CA certificate `duration` (chart default 43800h0m0s).
    pub duration: Option<String>,
}

impl Default for CertManagerValues {
    fn default() -> Self {
        CertManagerValues {
            duration: Some("8760h0m0s".into()),
            renew_before: Some("720h0m0s".into()),
            revision_history_limit: None,
            root_cert: RootCertValues::default(),
            issuer_ref: None,
        }
    }
}

impl Default for RootCertValues {
    fn default() -> Self {
        RootCertValues { duration: Some("43800h0m0s".into()) }
    }
}

/// `clusterSecretsPermissions`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ClusterSecretsPermissions {
    /// Grant get/list/watch on every Secret (chart default false).
    pub allow_all_secrets: bool,
}

impl Default for Values {
    fn default() -> Self {
        Values {
            replica_count: 2,
            revision_history_limit: 10,
            image: ImageValues::default(),
            image_pull_secrets: Vec::new(),
            runtime_class_name: None,
            service_account: ServiceAccountValues::default(),
            pod_security_context: serde_json::json!({ "fsGroup": 65534 }),
            security_context: serde_json::json!({
                "readOnlyRootFilesystem": true,
                "runAsNonRoot": true,
                "allowPrivilegeEscalation": false,
            }),
            termination_grace_period_seconds: 10,
            resources: Json::Object(Map::new()),
            priority_class_name: "system-cluster-critical".into(),
            node_selector: BTreeMap::new(),
            tolerations: Vec::new(),
            affinity: Json::Object(Map::new()),
            configure_default_affinity: true,
            topology_spread_constraints: Vec::new(),
            update_strategy: Json::Object(Map::new()),
            service_annotations: BTreeMap::new(),
            deployment_annotations: BTreeMap::new(),
            pod_annotations: BTreeMap::new(),
            pod_labels: BTreeMap::new(),
            additional_labels: BTreeMap::new(),
            ingress_class: "alb".into(),
            ingress_class_params: IngressClassParamsValues::default(),
            create_ingress_class_resource: true,
            ingress_class_config: IngressClassConfig::default(),
            default_target_type: "instance".into(),
            log_level: None,
            aws_api_endpoints: None,
            aws_api_throttle: None,
            aws_max_retries: None,
            enable_pod_readiness_gate_inject: None,
            enable_shield: None,
            enable_waf: None,
            enable_wafv2: None,
            metrics_bind_addr: None,
            ingress_max_concurrent_reconciles: None,
            service_max_concurrent_reconciles: None,
            targetgroupbinding_max_concurrent_reconciles: None,
            targetgroupbinding_max_exponential_backoff_delay: None,
            alb_gateway_max_concurrent_reconciles: None,
            nlb_gateway_max_concurrent_reconciles: None,
            webhook_bind_port: None,
            sync_period: None,
            watch_namespace: None,
            disable_ingress_class_annotation: None,
            disable_ingress_group_name_annotation: None,
            tolerate_non_existent_backend_service: None,
            tolerate_non_existent_backend_action: None,
            default_ssl_policy: None,
            external_managed_tags: Vec::new(),
            default_tags: BTreeMap::new(),
            enable_endpoint_slices: None,
            enable_backend_security_group: None,
            backend_security_group: None,
            disable_restricted_security_group_rules: None,
            controller_config: ControllerConfig::default(),
            liveness_probe: serde_json::json!({
                "failureThreshold": 2,
                "httpGet": { "path": "/healthz", "port": 61779, "scheme": "HTTP" },
                "initialDelaySeconds": 30,
                "timeoutSeconds": 10,
            }),
            readiness_probe: serde_json::json!({
                "failureThreshold": 2,
                "httpGet": { "path": "/readyz", "port": 61779, "scheme": "HTTP" },
                "successThreshold": 1,
                "initialDelaySeconds": 10,
                "timeoutSeconds": 10,
            }),
            env: BTreeMap::new(),
            env_secret_name: None,
            host_network: false,
            dns_policy: None,
            extra_volumes: Vec::new(),
            extra_volume_mounts: Vec::new(),
            pod_disruption_budget: Json::Object(Map::new()),
            object_selector: SelectorValues::default(),
            webhook_namespace_selectors: None,
            webhook_config: WebhookConfigValues::default(),
            enable_service_mutator_webhook: true,
            service_mutator_webhook_config: ServiceMutatorWebhookConfig::default(),
            given: std::collections::BTreeSet::new(),
            pod_mutator_webhook_config: FailurePolicyValues { failure_policy: "Ignore".into() },
            enable_cert_manager: false,
            cert_manager: CertManagerValues::default(),
            cluster_secrets_permissions: ClusterSecretsPermissions::default(),
        }
    }
}

impl Default for ImageValues {
    fn default() -> Self {
        ImageValues { repository: None, tag: None, pull_policy: "IfNotPresent".into() }
    }
}

impl Default for ServiceAccountValues {
    fn default() -> Self {
        ServiceAccountValues { annotations: BTreeMap::new(), automount_service_account_token: true }
    }
}

impl Default for IngressClassParamsValues {
    fn default() -> Self {
        IngressClassParamsValues { create: true, name: None, spec: Json::Object(Map::new()) }
    }
}

impl Default for WebhookConfigValues {
    fn default() -> Self {
        WebhookConfigValues {
            disable_ingress_validation: None,
            ingress_valdation_failure_policy: "Fail".into(),
            ingress_validation_object_selector: SelectorValues::default(),
            ingress_validation_namespace_selector: SelectorValues::default(),
        }
    }
}

impl Default for ServiceMutatorWebhookConfig {
    fn default() -> Self {
        ServiceMutatorWebhookConfig {
            failure_policy: "Fail".into(),
            object_selector: SelectorValues::default(),
            namespace_selectors: None,
            operations: vec!["CREATE".into()],
        }
    }
}

impl Default for FailurePolicyValues {
    fn default() -> Self {
        FailurePolicyValues { failure_policy: "Fail".into() }
    }
}

impl Values {
    /// Reads values files and merges them left to right with Helm's rules: maps merge key by
    /// key, anything else is replaced, and `null` removes a key (so the default applies).
    ///
    /// Returns the values and one warning per key albctl does not act on (dotted path), in file
    /// order. Keys whose value is empty (`null`, `false`, `""`, `{}`, `[]`) do not warn, so a copy
    /// of the chart's own values.yaml is quiet about the features it leaves off.
    pub fn from_files(files: &[PathBuf]) -> anyhow::Result<(Values, Vec<String>)> {
        let mut merged = Map::new();
        let mut nulled = Vec::new();
        for file in files {
            let text =
                std::fs::read_to_string(file).with_context(|| format!("reading values file '{}'", file.display()))?;
            let doc = parse_values(&text).map_err(|e| {
                let first = format!("{e:#}").lines().next().unwrap_or_default().to_string();
                anyhow::anyhow!("values file '{}': {first}", file.display())
            })?;
            null_paths(&doc, "", &mut nulled);
            merge_into(&mut merged, doc);
        }
        Values::from_map(merged, &nulled)
    }

    /// [`Values::from_files`] for values already read: one YAML text per file, in order.
    pub fn from_yaml_texts(texts: &[&str]) -> anyhow::Result<(Values, Vec<String>)> {
        let mut merged = Map::new();
        let mut nulled = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let doc = parse_values(text).with_context(|| format!("parsing values document {}", i + 1))?;
            null_paths(&doc, "", &mut nulled);
            merge_into(&mut merged, doc);
        }
        Values::from_map(merged, &nulled)
    }

    fn from_map(merged: Map<String, Json>, nulled: &[String]) -> anyhow::Result<(Values, Vec<String>)> {
        let given = merged.keys().cloned().collect();
        let merged = Json::Object(merged);
        let mut values: Values = serde_json::from_value(merged.clone()).map_err(|e| {
            // NB: name the top-level key at fault: the first one that fails on its own.
            let culprit = merged.as_object().and_then(|m| {
                m.iter().find(|(k, v)| {
                    let mut one = Map::new();
                    one.insert((*k).clone(), (*v).clone());
                    serde_json::from_value::<Values>(Json::Object(one)).is_err()
                })
            });
            match culprit {
                Some((key, _)) => anyhow::anyhow!(
                    "values key '{key}' does not match the chart's type ({e}); fix it in the values file"
                ),
                None => anyhow::anyhow!("values do not match the chart's types ({e}); fix the values file"),
            }
        })?;
        let known = serde_json::to_value(&values).context("serialising values")?;
        let mut warnings = Vec::new();
        unknown_keys(&merged, &known, "", &mut warnings);
        // NB: Helm drops a chart default that a values file sets to null; albctl keeps its default
        // (the typed values cannot say "absent"), so it says so when that default is not empty.
        let defaults = serde_json::to_value(Values::default()).context("serialising values")?;
        for path in nulled {
            let pointer = format!("/{}", path.replace('.', "/"));
            let set_later = merged.pointer(&pointer).is_some();
            if let Some(default) = defaults.pointer(&pointer).filter(|d| !set_later && !is_empty(d)) {
                warnings.push(format!(
                    "values key '{path}' is null: albctl keeps the chart default {default} where Helm would drop it; \
                     set the value you want instead"
                ));
            }
        }
        values.given = given;
        Ok((values, warnings))
    }

    /// The Service mutator webhook as the values files set it; `None` when they leave it to
    /// the chart's default.
    pub fn service_mutator_given(&self) -> Option<bool> {
        self.given.contains("enableServiceMutatorWebhook").then_some(self.enable_service_mutator_webhook)
    }
}

/// Values keys whose value albctl reads key by key (typed structs); every other key is a leaf
/// (a scalar, or free-form chart YAML rendered as given).
const NESTED_KEYS: &[&str] = &[
    "image",
    "serviceAccount",
    "ingressClassParams",
    "ingressClassConfig",
    "controllerConfig",
    "objectSelector",
    "webhookConfig",
    "webhookConfig.ingressValidationObjectSelector",
    "webhookConfig.ingressValidationNamespaceSelector",
    "serviceMutatorWebhookConfig",
    "serviceMutatorWebhookConfig.objectSelector",
    "podMutatorWebhookConfig",
    "clusterSecretsPermissions",
    "certManager",
    "certManager.rootCert",
];

impl Values {
    /// Every values key albctl acts on, as dotted paths (`image.repository`), parents included:
    /// the list the README documents and the Helm oracle test covers.
    pub fn supported_keys() -> Vec<String> {
        fn walk(v: &Json, prefix: &str, out: &mut Vec<String>) {
            let Json::Object(map) = v else { return };
            for (key, value) in map {
                let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                out.push(path.clone());
                if NESTED_KEYS.contains(&path.as_str()) {
                    walk(value, &path, out);
                }
            }
        }
        let mut out = Vec::new();
        // Serialising the typed defaults cannot fail; an empty list would fail the oracle test.
        if let Ok(defaults) = serde_json::to_value(Values::default()) {
            walk(&defaults, "", &mut out);
        }
        out
    }
}

/// Parses one values file into a map; an empty file is an empty map.
fn parse_values(text: &str) -> anyhow::Result<Map<String, Json>> {
    let doc: Json = super::yaml::from_str(text)?;
    match doc {
        Json::Null => Ok(Map::new()),
        Json::Object(map) => Ok(map),
        other => anyhow::bail!("a values file must be a mapping at the top, found {}", kind_of(&other)),
    }
}

fn kind_of(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "a list",
        Json::Object(_) => "a mapping",
    }
}

/// The dotted paths a values document sets to `null`.
fn null_paths(doc: &Map<String, Json>, prefix: &str, out: &mut Vec<String>) {
    for (key, value) in doc {
        let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        match value {
            Json::Null => out.push(path),
            Json::Object(map) => null_paths(map, &path, out),
            _ => {}
        }
    }
}

/// Helm's coalescing for user-supplied files: maps merge recursively, `null` deletes, anything
/// else replaces.
fn merge_into(base: &mut Map<String, Json>, overlay: Map<String, Json>) {
    for (key, value) in overlay {
        match value {
            Json::Null => {
                base.remove(&key);
            }
            Json::Object(over) => match base.get_mut(&key) {
                Some(Json::Object(existing)) => merge_into(existing, over),
                _ => {
                    let mut fresh = Map::new();
                    merge_into(&mut fresh, over);
                    base.insert(key, Json::Object(fresh));
                }
            },
            other => {
                base.insert(key, other);
            }
        }
    }
}

fn is_empty(v: &Json) -> bool {
    match v {
        Json::Null | Json::Bool(false) => true,
        Json::String(s) => s.is_empty(),
        Json::Array(a) => a.is_empty(),
        Json::Object(m) => m.values().all(is_empty),
        Json::Bool(true) | Json::Number(_) => false,
    }
}

/// Walks the input; a key missing from the typed round trip was ignored by serde.
fn unknown_keys(input: &Json, known: &Json, prefix: &str, out: &mut Vec<String>) {
    let (Json::Object(map), Json::Object(known)) = (input, known) else { return };
    for (key, value) in map {
        let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
        match known.get(key) {
            Some(k) => unknown_keys(value, k, &path, out),
            None => match matches_albctl(&path, value) {
                Some(true) => {}
                // Name the leaves of an unknown mapping, so the warning says which setting is lost.
                _ if value.is_object() => unknown_keys(value, &Json::Object(Map::new()), &path, out),
                Some(false) => out.push(unsupported(&path)),
                None if is_empty(value) => {}
                None => out.push(unsupported(&path)),
            },
        }
    }
}

fn unsupported(path: &str) -> String {
    format!("values key '{path}' is not supported by albctl and was ignored")
}

/// Chart settings albctl does not read but whose value is what albctl does anyway, or that
/// belong to a feature the same values switch off, are quiet (`Some(true)`); `None` leaves the
/// decision to the general rule (empty values are quiet).
fn matches_albctl(path: &str, value: &Json) -> Option<bool> {
    let off = |v: &Json| !matches!(v, Json::Bool(true));
    match path {
        "serviceAccount.create" | "rbac.create" => Some(*value == Json::Bool(true)),
        "cluster.dnsDomain" => Some(value == "cluster.local"),
        "autoscaling" | "serviceMonitor" => Some(off(&value["enabled"])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_the_chart() {
        let (v, warnings) = Values::from_yaml_texts(&[]).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(v, Values::default());
        assert_eq!(v.replica_count, 2);
        assert_eq!(v.ingress_class, "alb");
        assert_eq!(v.priority_class_name, "system-cluster-critical");
        assert!(v.enable_service_mutator_webhook);
        assert_eq!(v.pod_mutator_webhook_config.failure_policy, "Ignore");
    }

    #[test]
    fn later_files_win_and_maps_merge() {
        let a = "replicaCount: 3\nnodeSelector: {a: x, b: y}\nresources:\n  limits: {cpu: 100m}\n";
        let b = "replicaCount: 1\nnodeSelector: {b: z}\nresources:\n  requests: {memory: 128Mi}\n";
        let (v, w) = Values::from_yaml_texts(&[a, b]).unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(v.replica_count, 1);
        assert_eq!(v.node_selector.get("a").map(String::as_str), Some("x"));
        assert_eq!(v.node_selector.get("b").map(String::as_str), Some("z"));
        assert_eq!(v.resources, serde_json::json!({"limits": {"cpu": "100m"}, "requests": {"memory": "128Mi"}}));
    }

    #[test]
    fn null_restores_the_default() {
        let (v, w) = Values::from_yaml_texts(&["replicaCount: 5\n", "replicaCount: null\n"]).unwrap();
        assert_eq!(v.replica_count, 2);
        // Helm would drop the chart default instead: say so.
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].starts_with("values key 'replicaCount' is null: albctl keeps the chart default 2"), "{w:?}");
        let (_, w) =
            Values::from_yaml_texts(&["replicaCount: null\n", "replicaCount: 3\n", "logLevel: null\n"]).unwrap();
        assert!(w.is_empty(), "set again later, or no default to keep: {w:?}");
        let (v, _) = Values::from_yaml_texts(&["logLevel:\n"]).unwrap();
        assert_eq!(v.log_level, None);
    }

    #[test]
    fn unknown_keys_warn_but_empty_ones_do_not() {
        let text = "autoscaling:\n  enabled: true\nserviceMonitor:\n  enabled: false\nhostNetwork: false\nfoo: bar\nimage:\n  digest: sha256:x\n";
        let (_, w) = Values::from_yaml_texts(&[text]).unwrap();
        assert_eq!(
            w,
            vec![
                "values key 'autoscaling.enabled' is not supported by albctl and was ignored".to_string(),
                "values key 'foo' is not supported by albctl and was ignored".to_string(),
                "values key 'image.digest' is not supported by albctl and was ignored".to_string(),
            ]
        );
    }

    #[test]
    fn the_charts_own_values_parse() {
        let path = crate::controller::render::tests::reference_dir().join("v3.5.0/values.yaml");
        let (v, w) = Values::from_files(&[path]).unwrap();
        assert_eq!(v.replica_count, 2);
        assert_eq!(v.image.repository.as_deref(), Some("public.ecr.aws/eks/aws-load-balancer-controller"));
        // Its settings are either understood or off: a copy of it is quiet.
        assert_eq!(w, Vec::<String>::new());
        let (_, w) =
            Values::from_yaml_texts(&["autoscaling: {enabled: true, maxReplicas: 5}\nrbac: {create: false}\n"])
                .unwrap();
        assert_eq!(w.len(), 3, "{w:?}");
    }

    #[test]
    fn wrong_types_are_errors() {
        let err = Values::from_yaml_texts(&["replicaCount: many\n"]).unwrap_err();
        let text = format!("{err:#}");
        assert!(text.contains("values key 'replicaCount'") && text.contains("chart's type"), "{text}");
        assert!(Values::from_yaml_texts(&["- a\n- b\n"]).is_err());
    }

    #[test]
    fn octal_looking_numbers_follow_kubectl() {
        let (v, _) = Values::from_yaml_texts(&["extraVolumes:\n- name: x\n  secret: {defaultMode: 0644}\n"]).unwrap();
        assert_eq!(v.extra_volumes[0]["secret"]["defaultMode"], 420);
    }
}

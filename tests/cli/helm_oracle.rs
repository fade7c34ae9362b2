//! Real Helm as the oracle for `albctl render`.
//!
//! For every values file in `tests/helm-oracle/`, the upstream chart v3.5.0 (in place under
//! `../shared/reference/`, never copied) is rendered by Helm v4 itself (`scripts/helm-render.py`,
//! PyPI `helm-python-sdk`, installed by `scripts/test-deps.sh`) and `albctl render` runs offline
//! with the same values. The two object sets are compared object by object and field by field in
//! both directions: objects only Helm renders, objects only albctl renders, and every path whose
//! value differs. Any difference not in [`ALLOWED`] fails the test, and the failure lists each
//! one (values file, object, path, Helm's value, albctl's value).
//!
//! CRDs are not part of this comparison: Helm does not template them (`crds/` is installed as
//! is), and `controller::render::tests::crds_equal_the_reference` compares albctl's with the same v3.5.0
//! files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Map, Value, json};

use crate::common::env::albctl_bin;
use crate::common::{stderr, stdout};

const CLUSTER: &str = "eks-demo";
const REGION: &str = "us-west-2";
const VPC: &str = "vpc-0a1b2c3d4e5f60718";
const ROLE_ARN: &str = "arn:aws:iam::111122223333:role/AmazonEKSLoadBalancerControllerRole-eks-demo";

/// One intended difference: an object kind (`*` prefix: any kind ending so), a path (`*` matches
/// one list index or key; an empty path means the whole object), which side must hold a value,
/// and why a user is better off with it.
struct Allowed {
    kind: &'static str,
    path: &'static str,
    sides: Sides,
    why: &'static str,
}

/// Which sides hold a value at an allowed path.
#[derive(Clone, Copy, PartialEq)]
enum Sides {
    /// Both render the field, with different values.
    Both,
    /// Only albctl renders it, with exactly this value (`None`: any value, e.g. a whole object).
    AlbctlOnly(Option<&'static str>),
}

/// The intended differences from the chart, each with its reason. Keep this list short: every
/// entry is something a user of the chart would see change when moving to albctl.
const ALLOWED: &[Allowed] = &[
    Allowed {
        kind: "Secret",
        path: "/data/*",
        sides: Sides::Both,
        why: "TLS material: both generate a fresh CA, certificate and key on every render (albctl reuses \
              the cluster's Secret on apply while it is valid, so upgrades keep the certificate)",
    },
    Allowed {
        kind: "*WebhookConfiguration",
        path: "/webhooks/*/clientConfig/caBundle",
        sides: Sides::Both,
        why: "TLS material: the caBundle is the CA of the Secret above, so it differs with it",
    },
    Allowed {
        kind: "PodDisruptionBudget",
        path: "",
        sides: Sides::AlbctlOnly(None),
        why: "albctl adds a PodDisruptionBudget (maxUnavailable 1) when podDisruptionBudget is empty and \
              there is more than one replica, so a node drain never takes every controller pod (and with \
              it every webhook) at once; a podDisruptionBudget in the values is rendered as the chart does",
    },
];

/// Labels that name the tool, not the object, normalised away on both sides:
/// `app.kubernetes.io/managed-by` is `Helm` or `albctl`, and `helm.sh/chart` names the chart
/// package. Every other label must be equal.
const TOOL_LABELS: &[&str] = &["app.kubernetes.io/managed-by", "helm.sh/chart"];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The upstream chart, in place: `$ALBCTL_REFERENCE_DIR` (as the render unit tests read it), else
/// `../shared/reference/aws-load-balancer-controller` next to the repository.
fn chart_dir() -> PathBuf {
    let reference = std::env::var_os("ALBCTL_REFERENCE_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared/reference/aws-load-balancer-controller"));
    let dir = reference.join("v3.5.0/chart");
    assert!(dir.join("Chart.yaml").is_file(), "upstream chart not found at {}", dir.display());
    dir
}

fn values_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/helm-oracle"))
        .expect("tests/helm-oracle")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

/// What Helm renders for `values`, plus the chart values that stand for albctl's flags
/// (`--cluster`, `--region`, `--vpc-id`, `--role-arn`).
fn helm_objects(values: &Path) -> Vec<Value> {
    let flags = json!({
        "clusterName": CLUSTER,
        "region": REGION,
        "vpcId": VPC,
        "serviceAccount": {"annotations": {"eks.amazonaws.com/role-arn": ROLE_ARN}},
    });
    let out = Command::new("python3")
        .arg(repo().join("scripts/helm-render.py"))
        .arg(chart_dir())
        .arg(values)
        .arg(flags.to_string())
        .output()
        .expect("running python3 scripts/helm-render.py");
    assert!(
        out.status.success(),
        "Helm could not render the chart for {} (is helm-python-sdk installed? scripts/test-deps.sh installs it):\n{}",
        values.display(),
        stderr(&out)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("helm-render.py printed no JSON: {e}"))
}

/// What `albctl render` prints offline for `values` (CRDs left out, see the module docs).
fn albctl_objects(values: &Path) -> Vec<Value> {
    let out = albctl_render(&["-f", values.to_str().unwrap()]);
    assert!(out.status.success(), "albctl render -f {} failed:\n{}", values.display(), stderr(&out));
    parse_yaml_stream(&stdout(&out)).into_iter().filter(|o| o["kind"] != "CustomResourceDefinition").collect()
}

/// `albctl render` offline with the oracle's flags and `extra` arguments, with no AWS environment.
fn albctl_render(extra: &[&str]) -> std::process::Output {
    let mut cmd = Command::new(albctl_bin());
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("AWS_") || name.starts_with("ALBCTL_") {
            cmd.env_remove(name.as_ref());
        }
    }
    cmd.env("NO_COLOR", "1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/dev/null")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        .args(["render", "--cluster", CLUSTER, "--region", REGION, "--vpc-id", VPC, "--role-arn", ROLE_ARN])
        .args(extra);
    cmd.output().expect("running albctl")
}

fn parse_yaml_stream(text: &str) -> Vec<Value> {
    let mut options = serde_saphyr::Options::default();
    options.legacy_octal_numbers = true;
    let docs: Vec<Value> = serde_saphyr::from_multiple_with_options(text, options).expect("albctl printed YAML");
    docs.into_iter().filter(|d| !d.is_null()).collect()
}

/// `null` in a manifest is the same as leaving the field out (the API server drops it), so both
/// sides lose their nulls; the tool labels go too (see [`TOOL_LABELS`]).
fn normalise(mut obj: Value) -> Value {
    drop_nulls(&mut obj);
    if let Some(labels) = obj.pointer_mut("/metadata/labels").and_then(Value::as_object_mut) {
        for label in TOOL_LABELS {
            labels.remove(*label);
        }
    }
    obj
}

fn drop_nulls(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

type Key = (String, String, String);

fn index(objects: Vec<Value>) -> BTreeMap<Key, Value> {
    let mut out = BTreeMap::new();
    for obj in objects {
        let obj = normalise(obj);
        let key = (
            obj["kind"].as_str().unwrap_or_default().to_string(),
            obj["metadata"]["namespace"].as_str().unwrap_or_default().to_string(),
            obj["metadata"]["name"].as_str().unwrap_or_default().to_string(),
        );
        assert!(out.insert(key.clone(), obj).is_none(), "two objects named {key:?}");
    }
    out
}

/// One difference: the path and the two values (`None`: absent on that side).
struct Diff {
    path: String,
    helm: Option<Value>,
    albctl: Option<Value>,
}

/// Every path where the two differ; lists are compared index by index, so a missing or extra
/// element shows as absent on one side.
fn diff(helm: Option<&Value>, albctl: Option<&Value>, path: &str, out: &mut Vec<Diff>) {
    match (helm, albctl) {
        (Some(Value::Object(h)), Some(Value::Object(a))) => {
            let keys: BTreeSet<&String> = h.keys().chain(a.keys()).collect();
            for k in keys {
                diff(h.get(k), a.get(k), &format!("{path}/{}", k.replace('~', "~0").replace('/', "~1")), out);
            }
        }
        (Some(Value::Array(h)), Some(Value::Array(a))) => {
            for i in 0..h.len().max(a.len()) {
                diff(h.get(i), a.get(i), &format!("{path}/{i}"), out);
            }
        }
        (h, a) if h == a => {}
        (h, a) => out.push(Diff { path: path.to_string(), helm: h.cloned(), albctl: a.cloned() }),
    }
}

fn glob_matches(pattern: &str, text: &str) -> bool {
    match pattern.strip_prefix('*') {
        Some(rest) => text.ends_with(rest),
        None => pattern == text,
    }
}

/// The allow-list entry covering this difference at `path` of an object of `kind` (`""`: the
/// whole object).
fn allowed(kind: &str, d: &Diff) -> Option<usize> {
    let path = d.path.as_str();
    ALLOWED.iter().position(|a| {
        let sides_match = match a.sides {
            Sides::Both => d.helm.is_some() && d.albctl.is_some(),
            Sides::AlbctlOnly(value) => {
                d.helm.is_none() && d.albctl.as_ref().is_some_and(|v| value.is_none_or(|want| v == want))
            }
        };
        if !sides_match || !glob_matches(a.kind, kind) {
            return false;
        }
        let (want, got): (Vec<&str>, Vec<&str>) = (a.path.split('/').collect(), path.split('/').collect());
        want.len() == got.len() && want.iter().zip(&got).all(|(w, g)| *w == "*" || w == g)
    })
}

fn show(v: &Option<Value>) -> String {
    match v {
        None => "(absent)".into(),
        Some(v) => {
            let text = v.to_string();
            if text.len() > 160 { format!("{}...", &text[..160]) } else { text }
        }
    }
}

/// The differences for one values file: (object, path, helm, albctl, allow-list entry).
fn compare(values: &Path) -> (usize, Vec<(String, Diff, Option<usize>)>) {
    compare_objects(helm_objects(values), albctl_objects(values))
}

/// [`compare`] for two object sets.
fn compare_objects(helm: Vec<Value>, albctl: Vec<Value>) -> (usize, Vec<(String, Diff, Option<usize>)>) {
    let helm = index(helm);
    let albctl = index(albctl);
    let mut out = Vec::new();
    for key in helm.keys().chain(albctl.keys()).collect::<BTreeSet<_>>() {
        let name =
            format!("{}/{}", key.0, if key.1.is_empty() { key.2.clone() } else { format!("{}/{}", key.1, key.2) });
        let mut diffs = Vec::new();
        match (helm.get(key), albctl.get(key)) {
            (Some(_), None) | (None, Some(_)) => {
                diffs.push(Diff { path: String::new(), helm: helm.get(key).cloned(), albctl: albctl.get(key).cloned() })
            }
            (h, a) => diff(h, a, "", &mut diffs),
        }
        for d in diffs {
            let entry = allowed(&key.0, &d);
            out.push((name.clone(), d, entry));
        }
    }
    (helm.len(), out)
}

#[test]
fn albctl_render_equals_the_chart_rendered_by_helm() {
    let files = values_files();
    assert!(files.len() >= 6, "the oracle needs at least 6 values files, found {}", files.len());
    let mut report = Vec::new();
    let mut unexplained = 0;
    let mut used = vec![0usize; ALLOWED.len()];
    for file in &files {
        let (helm_count, diffs) = compare(file);
        assert!(helm_count >= 8, "Helm rendered only {helm_count} objects for {}", file.display());
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        for (object, d, entry) in diffs {
            let tag = match entry {
                Some(i) => {
                    used[i] += 1;
                    ["allowed[0]", "allowed[1]", "allowed[2]", "allowed[3]", "allowed[4]"]
                        .get(i)
                        .copied()
                        .unwrap_or("allowed")
                }
                None => {
                    unexplained += 1;
                    "DIFF   "
                }
            };
            let path = if d.path.is_empty() { "(whole object)" } else { &d.path };
            report.push(format!("{tag} {name}: {object} {path}: helm={} albctl={}", show(&d.helm), show(&d.albctl)));
        }
    }
    let unused: Vec<&str> = ALLOWED.iter().zip(&used).filter(|(_, n)| **n == 0).map(|(a, _)| a.path).collect();
    let legend: Vec<String> =
        ALLOWED.iter().enumerate().map(|(i, a)| format!("  [{i}] {} {}: {}", a.kind, a.path, a.why)).collect();
    assert!(
        unexplained == 0,
        "{unexplained} differences from the chart rendered by Helm are not in the allow-list:\n{}\nallow-list:\n{}",
        report.join("\n"),
        legend.join("\n")
    );
    assert!(unused.is_empty(), "allow-list entries no values file needs (remove them): {unused:?}");
}

#[test]
fn the_oracle_values_cover_every_key_albctl_accepts() {
    let mut seen = BTreeSet::new();
    for file in values_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        let doc = parse_yaml_stream(&text).pop().unwrap_or(Value::Object(Map::new()));
        collect_paths(&doc, "", &mut seen);
    }
    let missing: Vec<String> =
        albctl::controller::render::Values::supported_keys().into_iter().filter(|k| !seen.contains(k)).collect();
    assert_eq!(
        missing, CHART_CANNOT_RENDER,
        "values keys albctl accepts that no oracle values file sets (only the chart's unrenderable ones may be missing)"
    );
}

/// Keys albctl accepts that the v3.5.0 chart fails to render with any non-empty value, so no
/// values file of the table can hold them: `runtimeClassName` (its template reads `.Values`
/// inside `with`, where `.` is the string). [`the_chart_fails_on_runtime_class_name`] shows it.
const CHART_CANNOT_RENDER: &[&str] = &["runtimeClassName"];

#[test]
fn the_chart_fails_on_runtime_class_name() {
    let dir = tempfile::tempdir().unwrap();
    let values = dir.path().join("runtime-class.yaml");
    std::fs::write(&values, "runtimeClassName: gvisor\n").unwrap();
    let helm = Command::new("python3")
        .arg(repo().join("scripts/helm-render.py"))
        .arg(chart_dir())
        .arg(&values)
        .arg(json!({"clusterName": CLUSTER}).to_string())
        .output()
        .expect("running python3 scripts/helm-render.py");
    assert!(!helm.status.success(), "the chart rendered runtimeClassName; add it to a values file of the table");
    assert!(stderr(&helm).contains("runtimeClassName"), "{}", stderr(&helm));
    // albctl sets the pod's runtimeClassName, which is what the chart means to do.
    let objects = albctl_objects(&values);
    let deployment = objects.iter().find(|o| o["kind"] == "Deployment").expect("a Deployment");
    assert_eq!(deployment["spec"]["template"]["spec"]["runtimeClassName"], "gvisor");
}

fn collect_paths(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    if let Value::Object(map) = v {
        for (k, v) in map {
            let path = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
            collect_paths(v, &path, out);
            out.insert(path);
        }
    }
}

#[test]
fn the_oracle_catches_a_difference() {
    // The comparison itself: a changed field, a missing list element and an extra object all show.
    let helm = json!({"a": {"b": [1, 2]}, "c": "x"});
    let albctl = json!({"a": {"b": [1]}, "c": "y", "d": true});
    let mut out = Vec::new();
    diff(Some(&helm), Some(&albctl), "", &mut out);
    let paths: Vec<&str> = out.iter().map(|d| d.path.as_str()).collect();
    assert_eq!(paths, ["/a/b/1", "/c", "/d"]);
    let d = |path: &str, helm: Option<Value>, albctl: Option<Value>| Diff { path: path.into(), helm, albctl };
    let tcp = Some(json!("TCP"));
    assert_eq!(
        allowed("Service", &d("/spec/ports/0/protocol", None, tcp.clone())),
        None,
        "albctl renders what Helm does"
    );
    assert_eq!(allowed("Secret", &d("/data/tls.crt", Some(json!("LS0a")), Some(json!("LS0b")))), Some(0));
    assert_eq!(allowed("Secret", &d("/data/tls.crt", None, tcp)), None, "a field only albctl renders is no Both");
    let (a, b) = (Some(json!("LS0a")), Some(json!("LS0b")));
    assert_eq!(
        allowed("ValidatingWebhookConfiguration", &d("/webhooks/2/clientConfig/caBundle", a.clone(), b)),
        Some(1)
    );
    // A caBundle albctl renders where Helm has none (cert-manager mode) is a difference.
    assert_eq!(allowed("MutatingWebhookConfiguration", &d("/webhooks/0/clientConfig/caBundle", None, a)), None);
    assert_eq!(allowed("PodDisruptionBudget", &d("", None, Some(json!({})))), Some(2));
    assert_eq!(allowed("PodDisruptionBudget", &d("", Some(json!({})), None)), None);
    assert_eq!(allowed("Deployment", &d("", None, Some(json!({})))), None);
}

#[test]
fn image_registry_with_a_values_image_repository_is_one_line_error() {
    let values = repo().join("tests/helm-oracle/03-image-and-pod.yaml");
    let out = albctl_render(&["-f", values.to_str().unwrap(), "--image-registry", "regional"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].contains("--image-registry regional") && lines[0].contains("image.repository"), "{err}");
    assert!(stdout(&out).is_empty(), "nothing rendered");
    // Without the flag the values file's repository and tag are the image.
    let out = albctl_render(&["-f", values.to_str().unwrap()]);
    let objects = parse_yaml_stream(&stdout(&out));
    let deployment = objects.iter().find(|o| o["kind"] == "Deployment").unwrap();
    assert_eq!(
        deployment["spec"]["template"]["spec"]["containers"][0]["image"],
        "111122223333.dkr.ecr.eu-west-1.amazonaws.com/mirror/aws-load-balancer-controller:v3.5.0-patched"
    );
}

#[test]
fn the_readme_lists_exactly_the_keys_albctl_accepts() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme.find("These keys are honoured exactly as chart").expect("README section on Helm values");
    let end = start + readme[start..].find("Any other key with a value").expect("end of the key list");
    let mut listed = BTreeSet::new();
    let mut last = String::new();
    for (i, piece) in readme[start..end].split('`').enumerate() {
        // Odd pieces are inside backticks; `.matchLabels` after `x.matchExpressions` means `x.matchLabels`.
        if i % 2 == 0 || piece.contains(' ') || piece.contains('-') {
            continue;
        }
        let key = match piece.strip_prefix('.') {
            Some(leaf) => format!("{}.{leaf}", last.rsplit_once('.').map(|(p, _)| p).unwrap_or_default()),
            None => piece.to_string(),
        };
        last = key.clone();
        listed.insert(key);
    }
    let all = albctl::controller::render::Values::supported_keys();
    let leaves: BTreeSet<String> =
        all.iter().filter(|k| !all.iter().any(|o| o.starts_with(&format!("{k}.")))).cloned().collect();
    assert_eq!(listed, leaves, "README's list of values keys vs Values::supported_keys()");
}

/// `render --gateway-api off` renders the three Gateway feature gates false exactly as the
/// chart does when its values set them so, and the reconcile values the chart skips when falsy
/// (0) albctl skips too, while a string value renders as given.
#[test]
fn gateway_api_off_renders_as_the_chart_with_the_gates_set_false() {
    let dir = tempfile::tempdir().unwrap();
    let common = "albGatewayMaxConcurrentReconciles: 0\nnlbGatewayMaxConcurrentReconciles: \"4\"\n";
    let helm_values = dir.path().join("helm.yaml");
    std::fs::write(
        &helm_values,
        format!("{common}controllerConfig:\n  featureGates:\n    ALBGatewayAPI: false\n    NLBGatewayAPI: false\n    GatewayListenerSet: false\n"),
    )
    .unwrap();
    let albctl_values = dir.path().join("albctl.yaml");
    std::fs::write(&albctl_values, common).unwrap();
    let out = albctl_render(&["-f", albctl_values.to_str().unwrap(), "--gateway-api", "off"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let objects = parse_yaml_stream(&stdout(&out));
    assert!(
        !objects.iter().any(|o| o["metadata"]["name"].as_str().unwrap_or_default().ends_with(".gateway.k8s.aws")),
        "off renders none of the controller's gateway CRDs"
    );
    let albctl: Vec<Value> = objects.into_iter().filter(|o| o["kind"] != "CustomResourceDefinition").collect();
    let (_, diffs) = compare_objects(helm_objects(&helm_values), albctl);
    let unexplained: Vec<String> = diffs
        .iter()
        .filter(|(_, _, entry)| entry.is_none())
        .map(|(object, d, _)| format!("{object} {}: helm={} albctl={}", d.path, show(&d.helm), show(&d.albctl)))
        .collect();
    assert!(unexplained.is_empty(), "differences from Helm:\n{}", unexplained.join("\n"));
    let out = albctl_render(&["-f", albctl_values.to_str().unwrap(), "--gateway-api", "off"]);
    let text = stdout(&out);
    assert!(
        text.contains("--feature-gates=ALBGatewayAPI=false,GatewayListenerSet=false,NLBGatewayAPI=false"),
        "{text}"
    );
    assert!(
        text.contains("--nlb-gateway-max-concurrent-reconciles=4") && !text.contains("--alb-gateway-max"),
        "{text}"
    );
    // By default (auto) the controller's three gateway CRDs are rendered, as `helm install` creates them.
    let out = albctl_render(&[]);
    let crds = parse_yaml_stream(&stdout(&out))
        .into_iter()
        .filter(|o| o["metadata"]["name"].as_str().unwrap_or_default().ends_with(".gateway.k8s.aws"))
        .count();
    assert_eq!(crds, 3);
}

//! `albctl lint`: the real binary over manifests on disk and stdin (one test per finding kind,
//! each with a minimal manifest, asserting code, severity, key and line), a realistic clean set,
//! inputs (multi-document YAML, `kind: List`, directories, stdin), exit codes, JSON and SARIF;
//! then live mode against kube-apiserver and moto (ACM certificates imported into moto, subnets,
//! security groups and WAFv2 web ACLs of the fixture's VPC), and doctor's K8S015.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use k8s_openapi::api::core::v1::Service;
use k8s_openapi::api::networking::v1::Ingress;
use k8s_openapi::apiextensions_apiserver::pkg::apis::apiextensions::v1::CustomResourceDefinition;
use kube::Api;
use kube::api::{ApiResource, DynamicObject, PostParams};
use serde_json::{Value, json};

use crate::common::kube::{KubeApiServer, Server};
use crate::common::world::Options;

use crate::common::{self, AwsEnv, assert_exit, env::albctl_bin, fixture::OrPanic, json_of, stderr, stdout};

const CLUSTER: &str = "demo";

/// Runs `albctl` in `dir` with no AWS or albctl environment, optionally feeding stdin.
fn albctl_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(albctl_bin());
    cmd.current_dir(dir).args(args).env("NO_COLOR", "1");
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy().into_owned();
        if name.starts_with("AWS_") || name.starts_with("ALBCTL_") {
            cmd.env_remove(name);
        }
    }
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("running albctl");
    if let Some(text) = stdin {
        use std::io::Write as _;
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

/// `albctl lint -o json --region us-west-2 m.yaml` over one manifest: (exit code, document).
fn lint_one(manifest: &str) -> (i32, Value) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("m.yaml"), manifest).unwrap();
    let out = albctl_in(dir.path(), &["lint", "-o", "json", "--region", "us-west-2", "m.yaml"], None);
    assert!(matches!(out.status.code(), Some(0 | 1)), "lint could not run: {}", stderr(&out));
    (out.status.code().unwrap(), json_of(&out))
}

/// The line (1-based) of the `nth` line containing `needle`.
fn line_of(text: &str, needle: &str, nth: usize) -> u64 {
    let found = text.lines().enumerate().filter(|(_, l)| l.contains(needle)).nth(nth);
    found.map(|(i, _)| i as u64 + 1).unwrap_or_else(|| panic!("{needle:?} not in manifest"))
}

/// Lints `manifest` and asserts exactly one finding of `code`, with this severity, key and
/// line, and the exit code that follows from the findings.
#[track_caller]
fn expect(manifest: &str, code: &str, severity: &str, key: &str, line: u64) -> Value {
    let (exit, doc) = lint_one(manifest);
    let findings = doc["findings"].as_array().unwrap();
    let of_code: Vec<&Value> = findings.iter().filter(|f| f["code"] == code).collect();
    assert_eq!(of_code.len(), 1, "one {code} finding wanted: {doc:#}");
    let f = of_code[0];
    assert_eq!(f["severity"], severity, "{f:#}");
    assert_eq!(f["key"], key, "{f:#}");
    assert_eq!(f["line"], line, "{f:#}");
    assert_eq!(f["file"], "m.yaml", "{f:#}");
    assert!(f["message"].as_str().is_some_and(|m| !m.is_empty()), "{f:#}");
    let errors = findings.iter().filter(|f| f["severity"] == "error").count();
    assert_eq!(exit, if errors > 0 { 1 } else { 0 }, "exit code vs findings: {doc:#}");
    f.clone()
}

const INGRESS_HEAD: &str =
    "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  namespace: shop\n  annotations:\n";
const INGRESS_SPEC: &str = "spec:
  ingressClassName: alb
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
";

/// An ALB Ingress `shop/web` with these annotations (single-quoted), starting at line 7.
fn ingress(annotations: &[(&str, &str)]) -> String {
    let mut s = INGRESS_HEAD.to_string();
    for (k, v) in annotations {
        s.push_str(&format!("    {k}: '{v}'\n"));
    }
    s + INGRESS_SPEC
}

/// An NLB Service `shop/mqtt` (loadBalancerClass service.k8s.aws/nlb) with these annotations.
fn nlb_service(annotations: &[(&str, &str)]) -> String {
    let mut s =
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: mqtt\n  namespace: shop\n  annotations:\n".to_string();
    for (k, v) in annotations {
        s.push_str(&format!("    {k}: '{v}'\n"));
    }
    s + "spec:\n  type: LoadBalancer\n  loadBalancerClass: service.k8s.aws/nlb\n  ports:\n  - port: 8883\n"
}

const A: &str = "alb.ingress.kubernetes.io/";
const S: &str = "service.beta.kubernetes.io/";

#[test]
fn lint001_unknown_annotation_suggests_the_nearest_key() {
    let key = format!("{A}healtcheck-path");
    let f = expect(&ingress(&[(&key, "/healthz")]), "LINT001", "error", &key, 7);
    assert_eq!(f["suggestion"], "did you mean alb.ingress.kubernetes.io/healthcheck-path?");
}

#[test]
fn lint002_service_annotation_on_an_ingress() {
    let key = format!("{S}aws-load-balancer-scheme");
    expect(&ingress(&[(&format!("{A}scheme"), "internal"), (&key, "internal")]), "LINT002", "error", &key, 8);
}

#[test]
fn lint003_value_of_the_wrong_type() {
    let key = format!("{A}shield-advanced-protection");
    expect(&ingress(&[(&key, "yes")]), "LINT003", "error", &key, 7);
}

#[test]
fn lint004_value_not_allowed() {
    let key = format!("{A}scheme");
    let f = expect(&ingress(&[(&key, "public")]), "LINT004", "error", &key, 7);
    assert_eq!(f["suggestion"], "use one of: internal, internet-facing");
}

#[test]
fn lint005_range_only_aws_enforces() {
    let key = format!("{A}healthcheck-interval-seconds");
    let f = expect(&ingress(&[(&key, "400")]), "LINT005", "error", &key, 7);
    assert!(f["message"].as_str().unwrap().contains("5-300"), "{f:#}");
}

#[test]
fn lint006_malformed_listen_ports() {
    let key = format!("{A}listen-ports");
    expect(&ingress(&[(&key, r#"[{"HTTP": "80"}]"#)]), "LINT006", "error", &key, 7);
    expect(&ingress(&[(&key, r#"[{"HTTP": 80}"#)]), "LINT006", "error", &key, 7);
    let action = format!("{A}actions.web");
    expect(&ingress(&[(&action, r#"{"type": "redirect"}"#)]), "LINT006", "error", &action, 7);
}

#[test]
fn lint007_ssl_redirect_without_an_https_listen_port() {
    let key = format!("{A}ssl-redirect");
    expect(&ingress(&[(&format!("{A}listen-ports"), r#"[{"HTTP": 80}]"#), (&key, "443")]), "LINT007", "error", &key, 8);
}

#[test]
fn lint008_ingress_group_conflict_names_the_other_member() {
    let scheme = format!("{A}scheme");
    let group = format!("{A}group.name");
    let first = ingress(&[(&group, "shop"), (&scheme, "internet-facing")]);
    let second = ingress(&[(&group, "shop"), (&scheme, "internal")]).replace("name: web\n", "name: xweb\n");
    let text = format!("{first}---\n{second}");
    let f = expect(&text, "LINT008", "error", &scheme, line_of(&text, "/scheme", 1));
    assert_eq!(f["object"], json!({"kind": "Ingress", "namespace": "shop", "name": "xweb"}));
    assert!(f["message"].as_str().unwrap().contains("Ingress shop/web (m.yaml:8)"), "{f:#}");
}

#[test]
fn lint009_invalid_group_name() {
    let key = format!("{A}group.name");
    let f = expect(&ingress(&[(&key, "Team_A")]), "LINT009", "error", &key, 7);
    assert_eq!(f["suggestion"], "use 'team-a'");
}

#[test]
fn lint010_instance_targets_on_a_cluster_ip_service() {
    let service = "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  ports:\n  - port: 80\n";
    let text = ingress(&[]) + service;
    expect(&text, "LINT010", "error", &format!("{A}target-type"), line_of(&text, "backend:", 0));
}

#[test]
fn lint011_load_balancer_name_too_long() {
    let key = format!("{A}load-balancer-name");
    expect(&ingress(&[(&key, "shop-production-eu-west-1-public-alb")]), "LINT011", "error", &key, 7);
    let svc_key = format!("{S}aws-load-balancer-name");
    expect(&nlb_service(&[(&svc_key, "mqtt_nlb")]), "LINT011", "error", &svc_key, 7);
}

#[test]
fn lint012_malformed_certificate_arn() {
    let key = format!("{A}certificate-arn");
    expect(&ingress(&[(&key, "arn:aws:acm:us-west-2:1234:cert/abc")]), "LINT012", "error", &key, 7);
}

#[test]
fn lint013_certificate_in_another_region() {
    let key = format!("{A}certificate-arn");
    let arn = "arn:aws:acm:eu-west-1:111122223333:certificate/0b3c2b1a-1111-2222-3333-444455556666";
    let f = expect(&ingress(&[(&key, arn)]), "LINT013", "error", &key, 7);
    assert!(f["message"].as_str().unwrap().contains("us-west-2"), "{f:#}");
}

#[test]
fn lint014_external_service_without_target_type() {
    let text = "apiVersion: v1\nkind: Service\nmetadata:\n  name: mqtt\n  annotations:\n    service.beta.kubernetes.io/aws-load-balancer-type: external\nspec:\n  type: LoadBalancer\n  ports:\n  - port: 1883\n";
    expect(text, "LINT014", "error", &format!("{S}aws-load-balancer-nlb-target-type"), 6);
}

#[test]
fn lint015_deprecated_ingress_class_annotation_is_a_warning() {
    let text = ingress(&[("kubernetes.io/ingress.class", "alb")]).replace("  ingressClassName: alb\n", "");
    let (exit, _) = lint_one(&text);
    assert_eq!(exit, 0, "warnings alone exit 0");
    let f = expect(&text, "LINT015", "warning", "kubernetes.io/ingress.class", 7);
    assert_eq!(f["suggestion"], "remove it and set spec.ingressClassName: alb");
}

#[test]
fn lint016_deprecated_service_annotation() {
    let key = format!("{S}aws-load-balancer-internal");
    let f = expect(&nlb_service(&[(&key, "true")]), "LINT016", "warning", &key, 7);
    assert_eq!(f["suggestion"], "use service.beta.kubernetes.io/aws-load-balancer-scheme");
}

#[test]
fn lint017_unquoted_numbers_and_yaml11_booleans() {
    let key = format!("{A}healthcheck-interval-seconds");
    let text = format!("{INGRESS_HEAD}    {key}: 30\n{INGRESS_SPEC}");
    let f = expect(&text, "LINT017", "error", &key, 7);
    assert_eq!(f["suggestion"], "quote it: \"30\"");
    let key = format!("{S}aws-load-balancer-enable-icmp-for-path-mtu-discovery");
    let text = nlb_service(&[]).replace("  annotations:\n", &format!("  annotations:\n    {key}: on\n"));
    expect(&text, "LINT017", "error", &key, 7);
}

#[test]
fn lint018_frontend_nlb_key_without_enable_frontend_nlb() {
    let key = format!("{A}frontend-nlb-scheme");
    expect(&ingress(&[(&key, "internal")]), "LINT018", "warning", &key, 7);
}

#[test]
fn lint019_use_annotation_backend_without_its_action() {
    let text = ingress(&[]).replace("              number: 80", "              name: use-annotation");
    expect(&text, "LINT019", "error", &format!("{A}actions.web"), line_of(&text, "backend:", 0));
}

#[test]
fn lint024_unknown_ingress_class_params_field() {
    let text = "apiVersion: elbv2.k8s.aws/v1beta1\nkind: IngressClassParams\nmetadata:\n  name: alb\nspec:\n  schem: internal\n";
    let f = expect(text, "LINT024", "error", "spec.schem", 6);
    assert_eq!(f["suggestion"], "did you mean spec.scheme?");
}

/// A typical production set: an ALB Ingress (hosts, ssl-redirect, certificate, a redirect
/// action, group, tags) with its backend Service, an NLB Service, and an nginx Ingress.
const CLEAN: &str = r##"apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: prod
  annotations:
    alb.ingress.kubernetes.io/scheme: internet-facing
    alb.ingress.kubernetes.io/target-type: ip
    alb.ingress.kubernetes.io/listen-ports: '[{"HTTP": 80}, {"HTTPS": 443}]'
    alb.ingress.kubernetes.io/ssl-redirect: '443'
    alb.ingress.kubernetes.io/certificate-arn: arn:aws:acm:us-west-2:111122223333:certificate/0b3c2b1a-1111-2222-3333-444455556666
    alb.ingress.kubernetes.io/ssl-policy: ELBSecurityPolicy-TLS13-1-2-2021-06
    alb.ingress.kubernetes.io/group.name: prod-shop
    alb.ingress.kubernetes.io/group.order: '10'
    alb.ingress.kubernetes.io/tags: team=shop,env=prod
    alb.ingress.kubernetes.io/healthcheck-path: /healthz
    alb.ingress.kubernetes.io/healthcheck-interval-seconds: '15'
    alb.ingress.kubernetes.io/success-codes: 200-299
    alb.ingress.kubernetes.io/load-balancer-attributes: idle_timeout.timeout_seconds=60,deletion_protection.enabled=true
    alb.ingress.kubernetes.io/actions.legacy-redirect: >
      {"type":"redirect","redirectConfig":{"host":"shop.example.com","path":"/#{path}","port":"443","protocol":"HTTPS","query":"#{query}","statusCode":"HTTP_301"}}
spec:
  ingressClassName: alb
  tls:
  - hosts: [shop.example.com]
  rules:
  - host: old.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: legacy-redirect
            port:
              name: use-annotation
  - host: shop.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: shop-web
            port:
              number: 80
---
apiVersion: v1
kind: Service
metadata:
  name: shop-web
  namespace: prod
  annotations:
    alb.ingress.kubernetes.io/healthcheck-path: /ready
spec:
  selector: {app: shop-web}
  ports:
  - port: 80
    targetPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: mqtt
  namespace: prod
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip
    service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing
    service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol: http
    service.beta.kubernetes.io/aws-load-balancer-healthcheck-path: /healthz
    service.beta.kubernetes.io/aws-load-balancer-attributes: load_balancing.cross_zone.enabled=true
    service.beta.kubernetes.io/aws-load-balancer-additional-resource-tags: team=iot
spec:
  type: LoadBalancer
  selector: {app: mqtt}
  ports:
  - name: mqtts
    port: 8883
    targetPort: 8883
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: admin
  namespace: prod
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
    nginx.ingress.kubernetes.io/ssl-redirect: "true"
spec:
  ingressClassName: nginx
  rules:
  - host: admin.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: admin
            port:
              number: 80
"##;

#[test]
fn a_realistic_production_set_has_no_findings() {
    let (exit, doc) = lint_one(CLEAN);
    assert_eq!(exit, 0, "{doc:#}");
    assert_eq!(doc["findings"], json!([]), "{doc:#}");
    assert_eq!(doc["summary"], json!({"errors": 0, "warnings": 0, "objects": 4, "judged": 3, "skipped": 1}));
    assert!(doc["schema_version"].is_string());
}

#[test]
fn multi_document_lists_directories_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let bad =
        |name: &str| ingress(&[(&format!("{A}schem"), "internal")]).replace("name: web\n", &format!("name: {name}\n"));
    let list = format!(
        "apiVersion: v1\nkind: List\nitems:\n{}",
        bad("in-list").lines().map(|l| format!("  {l}\n")).collect::<String>().replacen(
            "  apiVersion",
            "- apiVersion",
            1
        )
    );
    std::fs::create_dir_all(dir.path().join("k8s/nested")).unwrap();
    std::fs::create_dir_all(dir.path().join("k8s/.git")).unwrap();
    std::fs::write(dir.path().join("k8s/a.yaml"), format!("---\n{}---\n{}", bad("a1"), bad("a2"))).unwrap();
    std::fs::write(dir.path().join("k8s/nested/b.yml"), &list).unwrap();
    let json_doc: Value = serde_json::from_str(
        &serde_json::to_string(&json!({
        "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"name": "j", "annotations": {"alb.ingress.kubernetes.io/schem": "internal"}},
        "spec": {"ingressClassName": "alb"}}))
        .unwrap(),
    )
    .unwrap();
    std::fs::write(dir.path().join("k8s/nested/c.json"), serde_json::to_string_pretty(&json_doc).unwrap()).unwrap();
    std::fs::write(dir.path().join("k8s/notes.txt"), bad("ignored")).unwrap();
    std::fs::write(dir.path().join("k8s/.git/d.yaml"), bad("hidden")).unwrap();

    let out = albctl_in(dir.path(), &["lint", "-o", "json", "k8s"], None);
    assert_exit(&out, 1);
    let doc = json_of(&out);
    let at: Vec<(String, String, u64)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["object"]["name"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let want = [
        ("k8s/a.yaml", "a1", 8),
        ("k8s/a.yaml", "a2", 28),
        ("k8s/nested/b.yml", "in-list", 10),
        ("k8s/nested/c.json", "j", 7),
    ];
    let want: Vec<(String, String, u64)> = want.iter().map(|(f, n, l)| (f.to_string(), n.to_string(), *l)).collect();
    assert_eq!(at, want, "{doc:#}");

    // stdin, as `helm template ... | albctl lint -`, in text: file:line first.
    let out = albctl_in(dir.path(), &["lint", "-"], Some(&bad("piped")));
    assert_exit(&out, 1);
    let text = stdout(&out);
    assert!(
        text.starts_with("<stdin>:7: error[LINT001]: unknown annotation alb.ingress.kubernetes.io/schem"),
        "{text}"
    );
    assert!(text.contains("help: did you mean alb.ingress.kubernetes.io/scheme?"), "{text}");
    assert!(text.ends_with("1 error, 0 warnings in 1 object judged (1 read, 0 skipped)\n"), "{text}");
}

#[test]
fn exit_codes_bad_yaml_unreadable_paths_and_sarif_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.yaml"), "kind: Ingress\nmetadata:\n  name: [oops\n").unwrap();
    for (args, needle) in [
        (vec!["lint", "bad.yaml"], "bad.yaml:3: bad YAML"),
        (vec!["lint", "missing.yaml"], "cannot read missing.yaml"),
        (vec!["lint"], "nothing to lint"),
        (vec!["policy", "show", "--partition", "aws", "-o", "sarif"], "-o sarif is only for `albctl lint`"),
    ] {
        let out = albctl_in(dir.path(), &args, None);
        assert_exit(&out, 2);
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{args:?}: one line: {err}");
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(stdout(&out).is_empty(), "{args:?}");
    }
    let out = albctl_in(dir.path(), &["lint", "-", "-o", "json"], Some("kind: X\nkind: Y\n"));
    assert_exit(&out, 2);
    assert!(stderr(&out).contains("<stdin>:2: bad YAML"), "{}", stderr(&out));
    assert_eq!(json_of(&out)["error"]["exit_code"], 2);
    let out = albctl_in(dir.path(), &["lint", "--list-checks"], None);
    assert_exit(&out, 0);
    assert!(stdout(&out).contains("| LINT001 | error |"), "{}", stdout(&out));
}

#[test]
fn sarif_has_the_2_1_0_structure() {
    let dir = tempfile::tempdir().unwrap();
    let text = ingress(&[(&format!("{A}healtcheck-path"), "/"), ("kubernetes.io/ingress.class", "alb")]);
    std::fs::create_dir(dir.path().join("deploy")).unwrap();
    std::fs::write(dir.path().join("deploy/web.yaml"), &text).unwrap();
    let out = albctl_in(dir.path(), &["lint", "-o", "sarif", "./deploy"], None);
    assert_exit(&out, 1);
    let log = json_of(&out);
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"), "{log:#}");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "albctl");
    let rules: Vec<&str> = driver["rules"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(rules.len(), 42, "AUTO001-AUTO008 and LINT001-LINT034");
    assert!(rules.iter().all(|r| (r.starts_with("LINT") || r.starts_with("AUTO")) && r.len() == 7), "{rules:?}");
    for rule in driver["rules"].as_array().unwrap() {
        assert!(
            rule["shortDescription"]["text"].is_string() && rule["defaultConfiguration"]["level"].is_string(),
            "{rule:#}"
        );
    }
    let results = runs[0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{log:#}");
    for r in results {
        let id = r["ruleId"].as_str().unwrap();
        assert_eq!(rules[r["ruleIndex"].as_u64().unwrap() as usize], id, "ruleIndex points at the rule");
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()), "{r:#}");
        assert!(r["message"]["text"].as_str().is_some_and(|t| !t.is_empty()), "{r:#}");
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], "deploy/web.yaml", "{r:#}");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1, "{r:#}");
    }
    let levels: Vec<(&str, &str, u64)> = results
        .iter()
        .map(|r| {
            let line = r["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap();
            (r["ruleId"].as_str().unwrap(), r["level"].as_str().unwrap(), line)
        })
        .collect();
    assert_eq!(levels, [("LINT001", "error", 7), ("LINT015", "warning", 8)]);
}

/// A PEM certificate and key for ImportCertificate.
fn self_signed(domain: &str) -> (String, String) {
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec![domain.to_string()]).unwrap().self_signed(&key).unwrap();
    (cert.pem(), key.serialize_pem())
}

async fn import_certificate(aws: &AwsEnv, region: &str, domain: &str) -> String {
    let config = aws.sdk().await.into_builder().region(aws_config::Region::new(region.to_string())).build();
    let (cert, key) = self_signed(domain);
    let out = aws_sdk_acm::Client::new(&config)
        .import_certificate()
        .certificate(aws_smithy_types::Blob::new(cert))
        .private_key(aws_smithy_types::Blob::new(key))
        .send()
        .await
        .or_panic("acm:ImportCertificate");
    out.certificate_arn().unwrap().to_string()
}

async fn create_web_acl(aws: &AwsEnv, name: &str) -> String {
    use aws_sdk_wafv2::types::{AllowAction, DefaultAction, Scope, VisibilityConfig};
    let visibility = VisibilityConfig::builder()
        .sampled_requests_enabled(false)
        .cloud_watch_metrics_enabled(false)
        .metric_name(name)
        .build()
        .unwrap();
    let out = aws_sdk_wafv2::Client::new(&aws.sdk().await)
        .create_web_acl()
        .name(name)
        .scope(Scope::Regional)
        .default_action(DefaultAction::builder().allow(AllowAction::builder().build()).build())
        .visibility_config(visibility)
        .send()
        .await
        .or_panic("wafv2:CreateWebACL");
    out.summary().unwrap().arn().unwrap().to_string()
}

/// The IngressClassParams CRD, Established.
async fn install_params_crd(client: &kube::Client) {
    let crds = albctl::controller::render::embedded_crds().unwrap();
    let crd = crds.into_iter().find(|c| c["spec"]["names"]["kind"] == "IngressClassParams").unwrap();
    let api: Api<CustomResourceDefinition> = Api::all(client.clone());
    api.create(&PostParams::default(), &serde_json::from_value(crd).unwrap()).await.unwrap();
    crate::common::kube::wait_established(client, &["ingressclassparams.elbv2.k8s.aws"]).await;
}

async fn create_ingress(client: &kube::Client, ns: &str, name: &str, annotations: Value) {
    let ing: Ingress = serde_json::from_value(json!({
        "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"name": name, "namespace": ns, "annotations": annotations},
        "spec": {"ingressClassName": "alb", "defaultBackend": {"service": {"name": "web", "port": {"number": 80}}}},
    }))
    .unwrap();
    Api::<Ingress>::namespaced(client.clone(), ns).create(&PostParams::default(), &ing).await.unwrap();
}

/// moto + kube-apiserver: a cluster with live objects that reference AWS resources, some of
/// which exist (in the cluster's region and VPC) and some not.
struct Live {
    aws: AwsEnv,
    server: KubeApiServer,
    client: kube::Client,
    good_cert: String,
    other_region_cert: String,
    missing_cert: String,
    acl_arn: String,
    fx: crate::common::Fixture,
}

impl Live {
    async fn start() -> Live {
        Live::start_on(Server::Current).await
    }

    async fn start_on(which: Server) -> Live {
        let common::World { aws, fx, kube: server, client } =
            common::World::start_with(Options { eks_like: true, server: which, ..Options::new(CLUSTER) }).await;
        let good_cert = import_certificate(&aws, &fx.region, "shop.example.com").await;
        let other_region_cert = import_certificate(&aws, "us-east-1", "shop.example.com").await;
        let missing_cert =
            format!("arn:aws:acm:{}:{}:certificate/00000000-0000-0000-0000-000000000000", fx.region, fx.account);
        let acl_arn = create_web_acl(&aws, "shop-acl").await;
        Live { aws, server, client, good_cert, other_region_cert, missing_cert, acl_arn, fx }
    }

    fn albctl(&self, args: &[&str]) -> Output {
        let kubeconfig = self.server.kubeconfig().display().to_string();
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--cluster", CLUSTER, "--kubeconfig", &kubeconfig]);
        self.aws.albctl(&all)
    }

    /// Objects whose every reference exists.
    async fn create_clean_objects(&self) {
        create_ingress(
            &self.client,
            "default",
            "good",
            json!({
                "alb.ingress.kubernetes.io/target-type": "ip",
                "alb.ingress.kubernetes.io/certificate-arn": self.good_cert,
                "alb.ingress.kubernetes.io/subnets": self.fx.public_subnets.join(","),
                "alb.ingress.kubernetes.io/security-groups": self.fx.cluster_sg,
                "alb.ingress.kubernetes.io/wafv2-acl-arn": self.acl_arn,
            }),
        )
        .await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn live_mode_checks_objects_and_their_aws_references() {
    live_mode_on(Server::Current).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn live_mode_checks_objects_and_their_aws_references_on_the_oldest_server() {
    live_mode_on(Server::Oldest).await;
}

async fn live_mode_on(server: Server) {
    let live = Live::start_on(server).await;
    live.create_clean_objects().await;
    let out = live.albctl(&["lint", "-o", "json"]);
    assert_exit(&out, 0);
    let doc = json_of(&out);
    assert_eq!(doc["findings"], json!([]), "{doc:#}");
    assert_eq!(doc["summary"]["judged"], 1, "{doc:#}");

    let c = &live.client;
    create_ingress(c, "default", "cert-elsewhere", json!({"alb.ingress.kubernetes.io/certificate-arn": live.other_region_cert, "alb.ingress.kubernetes.io/target-type": "ip"})).await;
    create_ingress(c, "default", "cert-missing", json!({"alb.ingress.kubernetes.io/certificate-arn": live.missing_cert, "alb.ingress.kubernetes.io/target-type": "ip"})).await;
    create_ingress(c, "default", "subnet-missing", json!({"alb.ingress.kubernetes.io/subnets": format!("{},subnet-0000000000000abcd", live.fx.public_subnets[0]), "alb.ingress.kubernetes.io/target-type": "ip"})).await;
    create_ingress(c, "default", "acl-missing", json!({"alb.ingress.kubernetes.io/wafv2-acl-name": "no-such-acl", "alb.ingress.kubernetes.io/target-type": "ip"})).await;
    create_ingress(
        c,
        "default",
        "typo",
        json!({"alb.ingress.kubernetes.io/healtcheck-path": "/", "alb.ingress.kubernetes.io/target-type": "ip"}),
    )
    .await;
    let svc: Service = serde_json::from_value(json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": "mqtt", "namespace": "default", "annotations": {
            "service.beta.kubernetes.io/aws-load-balancer-type": "external",
            "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type": "ip",
            "service.beta.kubernetes.io/aws-load-balancer-security-groups": "sg-00000000000000abc",
        }},
        "spec": {"type": "ClusterIP", "ports": [{"port": 8883}]},
    }))
    .unwrap();
    Api::<Service>::namespaced(c.clone(), "default").create(&PostParams::default(), &svc).await.unwrap();
    install_params_crd(c).await;
    let gvk = kube::core::GroupVersionKind::gvk("elbv2.k8s.aws", "v1beta1", "IngressClassParams");
    let ar = ApiResource::from_gvk_with_plural(&gvk, "ingressclassparams");
    let params: DynamicObject = serde_json::from_value(json!({
        "apiVersion": "elbv2.k8s.aws/v1beta1", "kind": "IngressClassParams",
        "metadata": {"name": "alb"},
        "spec": {"group": {"name": "Bad_Group"}, "certificateArn": [live.missing_cert]},
    }))
    .unwrap();
    Api::<DynamicObject>::all_with(c.clone(), &ar).create(&PostParams::default(), &params).await.unwrap();

    let out = live.albctl(&["lint", "-o", "json"]);
    assert_exit(&out, 1);
    let doc = json_of(&out);
    let mut got: Vec<(String, String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().into(),
                f["object"]["name"].as_str().unwrap().into(),
                f["key"].as_str().unwrap().into(),
            )
        })
        .collect();
    got.sort();
    let want = [
        ("LINT001", "typo", "alb.ingress.kubernetes.io/healtcheck-path"),
        ("LINT009", "alb", "spec.group.name"),
        ("LINT013", "cert-elsewhere", "alb.ingress.kubernetes.io/certificate-arn"),
        ("LINT020", "alb", "spec.certificateArn"),
        ("LINT020", "cert-missing", "alb.ingress.kubernetes.io/certificate-arn"),
        ("LINT021", "subnet-missing", "alb.ingress.kubernetes.io/subnets"),
        ("LINT022", "mqtt", "service.beta.kubernetes.io/aws-load-balancer-security-groups"),
        ("LINT023", "acl-missing", "alb.ingress.kubernetes.io/wafv2-acl-name"),
    ];
    let want: Vec<(String, String, String)> =
        want.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect();
    assert_eq!(got, want, "{doc:#}");
    let f = doc["findings"].as_array().unwrap().iter().find(|f| f["code"] == "LINT021").unwrap();
    assert_eq!(f["file"], "kubernetes://demo/default/Ingress/subnet-missing");
    assert_eq!(f["line"], Value::Null);
    assert!(f["message"].as_str().unwrap().contains("subnet-0000000000000abcd"), "{f:#}");
    assert_eq!(doc["source"], json!({"cluster": CLUSTER, "region": live.fx.region}));

    // The same in SARIF: every result keeps a physical location (the object's address).
    let out = live.albctl(&["lint", "-o", "sarif"]);
    assert_exit(&out, 1);
    let log = json_of(&out);
    let uris: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap())
        .collect();
    assert_eq!(uris.len(), 8);
    assert!(uris.iter().all(|u| u.starts_with("kubernetes://demo/")), "{uris:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn doctor_reports_live_lint_errors_as_k8s015_evidence() {
    let live = Live::start().await;
    live.create_clean_objects().await;
    let k8s015 = |out: &Output| {
        let doc = json_of(out);
        doc["checks"].as_array().unwrap().iter().find(|c| c["code"] == "K8S015").cloned().expect("K8S015 in the report")
    };
    let out = live.albctl(&["doctor", "-o", "json"]);
    let check = k8s015(&out);
    assert_eq!(check["status"], "pass", "{check:#}");
    assert_eq!(check["area"], "kubernetes");

    create_ingress(&live.client, "default", "cert-missing", json!({"alb.ingress.kubernetes.io/certificate-arn": live.missing_cert, "alb.ingress.kubernetes.io/target-type": "ip"})).await;
    let out = live.albctl(&["doctor", "-o", "json"]);
    assert_exit(&out, 1);
    let check = k8s015(&out);
    assert_eq!(check["status"], "fail", "{check:#}");
    let evidence = check["evidence"].as_str().unwrap();
    assert!(evidence.starts_with("1 lint errors: LINT020 Ingress default/cert-missing"), "{evidence}");
    assert_eq!(check["fix"], "albctl lint --cluster demo");
}

#[test]
fn target_auto_mode_reports_what_would_not_carry_over_in_json_and_sarif() {
    // A realistic shop: a grouped ALB Ingress with WAF Classic and listener attributes, a legacy
    // class annotation, an NLB Service with per-attribute and legacy keys, a TargetGroupBinding
    // by target group name, and an Ingress that moves over cleanly.
    let grouped = ingress(&[
        (&format!("{A}group.name"), "shop"),
        (&format!("{A}waf-acl-id"), "0123abcd-0000-0000-0000-000000000000"),
        (&format!("{A}shield-advanced-protection"), "true"),
        (&format!("{A}listener-attributes.HTTPS-443"), "routing.http.response.server.enabled=false"),
        (&format!("{A}scheme"), "internet-facing"),
    ]);
    let legacy = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: old\n  namespace: shop\n  annotations:\n    kubernetes.io/ingress.class: alb\nspec:\n  defaultBackend:\n    service:\n      name: web\n      port:\n        number: 80\n";
    let clean =
        ingress(&[(&format!("{A}scheme"), "internal")]).replace("name: web\n  namespace", "name: api\n  namespace");
    let nlb = nlb_service(&[
        (&format!("{S}aws-load-balancer-type"), "external"),
        (&format!("{S}aws-load-balancer-cross-zone-load-balancing-enabled"), "true"),
        (&format!("{S}aws-load-balancer-scheme"), "internet-facing"),
    ]);
    let tgb = "apiVersion: elbv2.k8s.aws/v1beta1\nkind: TargetGroupBinding\nmetadata:\n  name: legacy-tg\n  namespace: shop\nspec:\n  targetGroupName: legacy-tg\n  serviceRef:\n    name: web\n    port: 80\n  networking:\n    ingress:\n    - from:\n      - ipBlock:\n          cidr: 10.0.0.0/8\n      ports:\n      - protocol: TCP\n";
    let text = [grouped.as_str(), legacy, clean.as_str(), nlb.as_str(), tgb].join("---\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("shop.yaml"), &text).unwrap();

    let out = albctl_in(dir.path(), &["lint", "--target", "auto-mode", "-o", "json", "shop.yaml"], None);
    assert_eq!(out.status.code(), Some(1), "readiness blockers are errors: {}", stderr(&out));
    let doc = json_of(&out);
    let findings = doc["findings"].as_array().unwrap();
    let mut seen: Vec<(String, String)> = findings
        .iter()
        .map(|f| (f["code"].as_str().unwrap().to_string(), f["key"].as_str().unwrap().to_string()))
        .collect();
    seen.sort();
    let want: Vec<(String, String)> = [
        ("AUTO001", format!("{A}group.name")),
        ("AUTO002", format!("{A}waf-acl-id")),
        ("AUTO003", format!("{A}shield-advanced-protection")),
        ("AUTO004", format!("{A}listener-attributes.HTTPS-443")),
        ("AUTO005", "kubernetes.io/ingress.class".to_string()),
        ("AUTO006", format!("{S}aws-load-balancer-cross-zone-load-balancing-enabled")),
        ("AUTO006", format!("{S}aws-load-balancer-type")),
        ("AUTO008", "spec.networking.ingress[].from[].ipBlock".to_string()),
        ("AUTO008", "spec.targetGroupName".to_string()),
    ]
    .into_iter()
    .map(|(c, k)| (c.to_string(), k))
    .collect();
    assert_eq!(seen, want, "{doc:#}");
    assert!(findings.iter().all(|f| f["file"] == "shop.yaml" && f["line"].as_u64().is_some()), "{doc:#}");
    assert!(findings.iter().all(|f| f["object"]["name"] != "api"), "the clean Ingress has no finding: {doc:#}");
    let waf = findings.iter().find(|f| f["code"] == "AUTO002").unwrap();
    assert_eq!(waf["line"], line_of(&text, "waf-acl-id", 0), "{waf:#}");
    assert!(waf["suggestion"].as_str().unwrap().contains("WAFv2"), "{waf:#}");

    let out = albctl_in(dir.path(), &["lint", "--target", "auto-mode", "-o", "sarif", "shop.yaml"], None);
    assert_eq!(out.status.code(), Some(1));
    let log = json_of(&out);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), want.len(), "{log:#}");
    assert!(results.iter().any(|r| r["ruleId"] == "AUTO001"), "{log:#}");

    let out = albctl_in(dir.path(), &["lint", "--target", "auto-mode", "shop.yaml"], None);
    assert!(
        stdout(&out).contains("AUTO001") && stdout(&out).contains("EKS Auto Mode does not read it"),
        "{}",
        stdout(&out)
    );

    // The same file against the controller's catalogue has none of these codes.
    let out = albctl_in(dir.path(), &["lint", "-o", "json", "shop.yaml"], None);
    let doc = json_of(&out);
    assert!(
        doc["findings"].as_array().unwrap().iter().all(|f| !f["code"].as_str().unwrap().starts_with("AUTO")),
        "{doc:#}"
    );
}

//! Unit tests of the pure checks over small in-memory manifests.

use super::*;
use crate::lint::gather::parse_stream;

fn run(text: &str) -> Vec<Finding> {
    lint(&parse_stream("t.yaml", text).unwrap(), &Options { region: Some("us-west-2".into()), ..Options::default() })
        .findings
}

fn codes(text: &str) -> Vec<&'static str> {
    run(text).iter().map(|f| f.code).collect()
}

const ING: &str = "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  annotations:\n";
const SPEC: &str = "spec:\n  ingressClassName: alb\n  rules:\n  - http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend:\n          service:\n            name: web\n            port:\n              number: 80\n";

fn ingress(annotations: &[(&str, &str)]) -> String {
    let mut s = ING.to_string();
    for (k, v) in annotations {
        s.push_str(&format!("    {k}: '{v}'\n"));
    }
    s.push_str(SPEC);
    s
}

#[test]
fn unknown_key_gets_a_did_you_mean() {
    let f = run(&ingress(&[("alb.ingress.kubernetes.io/healtcheck-path", "/healthz")]));
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0].code, "LINT001");
    assert_eq!(f[0].line, Some(6));
    assert_eq!(f[0].suggestion.as_deref(), Some("did you mean alb.ingress.kubernetes.io/healthcheck-path?"));
}

#[test]
fn dynamic_key_typos_suggest_the_dynamic_key() {
    let f = run(&ingress(&[("alb.ingress.kubernetes.io/action.redirect", "{}")]));
    assert_eq!(f[0].suggestion.as_deref(), Some("did you mean alb.ingress.kubernetes.io/actions.redirect?"));
}

#[test]
fn objects_of_other_classes_are_skipped() {
    let nginx = ING.to_string()
        + "    nginx.ingress.kubernetes.io/rewrite-target: /\n    alb.ingress.kubernetes.io/bogus: x\nspec:\n  ingressClassName: nginx\n";
    let out = lint(&parse_stream("t.yaml", &nginx).unwrap(), &Options::default());
    assert!(out.findings.is_empty());
    assert_eq!(out.skipped.len(), 1);
}

#[test]
fn ranges_only_aws_enforces_are_reported() {
    let f = run(&ingress(&[("alb.ingress.kubernetes.io/healthcheck-interval-seconds", "400")]));
    assert_eq!(f.iter().map(|f| f.code).collect::<Vec<_>>(), ["LINT005"]);
    assert!(f[0].message.contains("AWS"), "{}", f[0].message);
}

#[test]
fn timeout_must_be_shorter_than_interval() {
    assert_eq!(
        codes(&ingress(&[
            ("alb.ingress.kubernetes.io/healthcheck-interval-seconds", "10"),
            ("alb.ingress.kubernetes.io/healthcheck-timeout-seconds", "10")
        ])),
        ["LINT005"]
    );
}

#[test]
fn group_members_conflict_per_key_and_per_map_key() {
    let a = ingress(&[
        ("alb.ingress.kubernetes.io/group.name", "shop"),
        ("alb.ingress.kubernetes.io/scheme", "internet-facing"),
        ("alb.ingress.kubernetes.io/tags", "team=a,env=prod"),
    ]);
    let b = ingress(&[
        ("alb.ingress.kubernetes.io/group.name", "shop"),
        ("alb.ingress.kubernetes.io/scheme", "internal"),
        ("alb.ingress.kubernetes.io/tags", "env=dev"),
    ])
    .replace("name: web\n  annotations", "name: api\n  annotations");
    let f = run(&format!("{a}---\n{b}"));
    let conflicts: Vec<&str> = f.iter().filter(|f| f.code == "LINT008").map(|f| f.key.as_str()).collect();
    assert_eq!(conflicts, ["alb.ingress.kubernetes.io/scheme", "alb.ingress.kubernetes.io/tags"], "{f:#?}");
    assert!(
        f[0].message.contains("on Ingress default/api (t.yaml:"),
        "members in group order (name ties): {}",
        f[0].message
    );
}

#[test]
fn ssl_redirect_needs_an_https_port_of_the_group() {
    let a = ingress(&[
        ("alb.ingress.kubernetes.io/group.name", "g"),
        ("alb.ingress.kubernetes.io/listen-ports", r#"[{"HTTP": 80}, {"HTTPS": 443}]"#),
    ]);
    let b =
        ingress(&[("alb.ingress.kubernetes.io/group.name", "g"), ("alb.ingress.kubernetes.io/ssl-redirect", "443")])
            .replace("name: web\n", "name: b\n");
    assert!(codes(&format!("{a}---\n{b}")).is_empty(), "a group member's HTTPS port counts");
    assert_eq!(codes(&b), ["LINT007"]);
}

#[test]
fn services_are_selected_as_the_controller_selects_them() {
    let svc = |ann: &str, spec: &str| {
        format!("apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n{ann}spec:\n{spec}")
    };
    let external = svc("    service.beta.kubernetes.io/aws-load-balancer-type: external\n", "  type: LoadBalancer\n");
    assert_eq!(codes(&external), ["LINT014"]);
    let other_class = svc(
        "    service.beta.kubernetes.io/aws-load-balancer-scheme: bogus\n",
        "  type: LoadBalancer\n  loadBalancerClass: example.com/lb\n",
    );
    assert!(codes(&other_class).is_empty());
    let nlb = svc(
        "    service.beta.kubernetes.io/aws-load-balancer-scheme: bogus\n",
        "  type: LoadBalancer\n  loadBalancerClass: service.k8s.aws/nlb\n",
    );
    assert_eq!(codes(&nlb), ["LINT004"]);
}

#[test]
fn unquoted_yaml11_booleans_are_not_strings_to_kubectl() {
    let text = ING.to_string()
        + "    service.beta.kubernetes.io/aws-load-balancer-scheme: x\n    alb.ingress.kubernetes.io/shield-advanced-protection: on\n"
        + SPEC;
    let f = run(&text);
    assert_eq!(f.iter().map(|f| (f.code, f.line)).collect::<Vec<_>>(), [("LINT002", Some(6)), ("LINT017", Some(7))]);
}

/// The reference checks over a file's objects and given AWS answers (the live test runs them
/// against moto and kube-apiserver; here each kind gets its line).
fn refs_findings(text: &str, answers: &refs::AwsAnswers) -> Vec<Finding> {
    let objects = parse_stream("r.yaml", text).unwrap();
    let outcome = lint(&objects, &Options { region: Some("us-west-2".into()), ..Options::default() });
    let references = refs::references(&objects, &outcome.judged);
    let mut out = Vec::new();
    refs::check(&objects, &references, answers, &Options::default(), &mut out);
    out
}

fn answers() -> refs::AwsAnswers {
    let good = "arn:aws:acm:us-west-2:111122223333:certificate/11111111-2222-3333-4444-555555555555";
    refs::AwsAnswers {
        region: "us-west-2".into(),
        vpc_id: "vpc-1".into(),
        certificates: [(good.to_string(), Some("ISSUED".to_string()))].into_iter().collect(),
        subnets: vec![refs::VpcResource { id: "subnet-aaa".into(), names: vec!["public-a".into()] }],
        security_groups: vec![refs::VpcResource { id: "sg-aaa".into(), names: vec!["web".into()] }],
        web_acls: vec![("shop".into(), "arn:aws:wafv2:us-west-2:111122223333:regional/webacl/shop/1".into())],
    }
}

#[track_caller]
fn one_ref(annotation: (&str, &str), code: &str) {
    let text = ingress(&[annotation]);
    let f = refs_findings(&text, &answers());
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(
        (f[0].code, f[0].severity, f[0].key.as_str(), f[0].line),
        (code, Severity::Error, annotation.0, Some(6))
    );
}

#[test]
fn references_found_in_aws_give_no_findings() {
    let text = ingress(&[
        (
            "alb.ingress.kubernetes.io/certificate-arn",
            "arn:aws:acm:us-west-2:111122223333:certificate/11111111-2222-3333-4444-555555555555",
        ),
        ("alb.ingress.kubernetes.io/subnets", "subnet-aaa, public-a"),
        ("alb.ingress.kubernetes.io/security-groups", "sg-aaa,web"),
        ("alb.ingress.kubernetes.io/wafv2-acl-name", "shop"),
    ]);
    assert!(refs_findings(&text, &answers()).is_empty());
}

#[test]
fn lint020_missing_certificate() {
    let arn = "arn:aws:acm:us-west-2:111122223333:certificate/99999999-2222-3333-4444-555555555555";
    let mut a = answers();
    a.certificates.insert(arn.into(), None);
    let f = refs_findings(&ingress(&[("alb.ingress.kubernetes.io/certificate-arn", arn)]), &a);
    assert_eq!((f[0].code, f[0].line), ("LINT020", Some(6)));
    a.certificates.insert(arn.into(), Some("PENDING_VALIDATION".into()));
    let f = refs_findings(&ingress(&[("alb.ingress.kubernetes.io/certificate-arn", arn)]), &a);
    assert!(f[0].message.contains("PENDING_VALIDATION"), "{}", f[0].message);
}

#[test]
fn lint021_subnet_outside_the_vpc() {
    one_ref(("alb.ingress.kubernetes.io/subnets", "subnet-aaa,subnet-zzz"), "LINT021");
}

#[test]
fn lint022_security_group_outside_the_vpc() {
    one_ref(("alb.ingress.kubernetes.io/security-groups", "sg-zzz"), "LINT022");
}

#[test]
fn lint023_missing_web_acl() {
    one_ref(
        ("alb.ingress.kubernetes.io/wafv2-acl-arn", "arn:aws:wafv2:us-west-2:111122223333:regional/webacl/x/2"),
        "LINT023",
    );
}

//! One test per Gateway finding kind, and a realistic clean Gateway set with zero findings.

use crate::lint::checks::{Finding, Options, lint};
use crate::lint::gather::parse_stream;

/// An ALB class, an NLB class, a Gateway of each, a LoadBalancerConfiguration, a
/// TargetGroupConfiguration, a ListenerRuleConfiguration, Services, an HTTPRoute with an
/// ExtensionRef, a GRPCRoute, a TCPRoute and a ListenerSet: what the controller's docs show.
const CLEAN: &str = r#"
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: aws-alb}
spec:
  controllerName: gateway.k8s.aws/alb
  parametersRef: {group: gateway.k8s.aws, kind: LoadBalancerConfiguration, name: shared, namespace: infra}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: aws-nlb}
spec: {controllerName: gateway.k8s.aws/nlb}
---
apiVersion: gateway.k8s.aws/v1
kind: LoadBalancerConfiguration
metadata: {name: shared, namespace: infra}
spec: {scheme: internet-facing}
---
apiVersion: gateway.k8s.aws/v1
kind: LoadBalancerConfiguration
metadata: {name: web, namespace: shop}
spec:
  scheme: internet-facing
  listenerConfigurations:
    - protocolPort: HTTPS:443
      defaultCertificate: arn:aws:acm:us-west-2:111122223333:certificate/0b0f4a3e-1111-2222-3333-444455556666
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: web, namespace: shop}
spec:
  gatewayClassName: aws-alb
  infrastructure:
    parametersRef: {group: gateway.k8s.aws, kind: LoadBalancerConfiguration, name: web}
  listeners:
    - {name: https, protocol: HTTPS, port: 443}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: tcp, namespace: shop}
spec:
  gatewayClassName: aws-nlb
  listeners:
    - {name: db, protocol: TCP, port: 5432}
---
apiVersion: v1
kind: Service
metadata: {name: cart, namespace: shop}
spec: {ports: [{port: 80}], selector: {app: cart}}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec: {ports: [{port: 5432}], selector: {app: db}}
---
apiVersion: gateway.k8s.aws/v1
kind: TargetGroupConfiguration
metadata: {name: cart, namespace: shop}
spec:
  targetReference: {name: cart}
  defaultConfiguration: {targetType: ip}
---
apiVersion: gateway.k8s.aws/v1
kind: ListenerRuleConfiguration
metadata: {name: fixed, namespace: shop}
spec:
  actions:
    - type: fixed-response
      fixedResponseConfig: {statusCode: 404}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: cart, namespace: shop}
spec:
  parentRefs: [{name: web}]
  hostnames: [shop.example.com]
  rules:
    - matches: [{path: {type: PathPrefix, value: /cart}}]
      backendRefs: [{name: cart, port: 80}]
    - matches: [{path: {type: PathPrefix, value: /gone}}]
      filters:
        - type: ExtensionRef
          extensionRef: {group: gateway.k8s.aws, kind: ListenerRuleConfiguration, name: fixed}
---
apiVersion: gateway.networking.k8s.io/v1
kind: GRPCRoute
metadata: {name: api, namespace: shop}
spec:
  parentRefs: [{name: web}]
  rules:
    - backendRefs: [{name: cart, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: TCPRoute
metadata: {name: db, namespace: shop}
spec:
  parentRefs: [{name: tcp}]
  rules:
    - backendRefs: [{name: db, port: 5432}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: ListenerSet
metadata: {name: team, namespace: shop}
spec:
  parentRef: {name: web}
  listeners:
    - {name: http, protocol: HTTP, port: 80}
"#;

fn findings(extra: &str) -> Vec<Finding> {
    let text = format!("{CLEAN}---\n{extra}");
    let objects = parse_stream("gw.yaml", &text).unwrap();
    lint(&objects, &Options::default()).findings
}

fn codes(extra: &str) -> Vec<(&'static str, String)> {
    findings(extra).into_iter().map(|f| (f.code, f.message)).collect()
}

fn only(extra: &str, code: &str) -> Finding {
    let all = findings(extra);
    assert!(all.iter().all(|f| f.code == code), "only {code} expected: {all:#?}");
    assert!(!all.is_empty(), "{code} expected, none found");
    all.into_iter().next().unwrap()
}

#[test]
fn a_realistic_clean_gateway_set_has_no_findings_and_every_object_is_judged() {
    let objects = parse_stream("gw.yaml", CLEAN).unwrap();
    let outcome = lint(&objects, &Options::default());
    assert_eq!(outcome.findings, vec![], "{:#?}", outcome.findings);
    let skipped: Vec<&str> = outcome.skipped.iter().map(|(o, _)| o.as_str()).collect();
    assert_eq!(skipped, ["Service shop/cart", "Service shop/db"], "only the plain backend Services are not judged");
    assert_eq!(outcome.judged.len(), objects.len() - 2);
}

#[test]
fn lint025_configuration_schema_errors_with_their_lines() {
    let f = only(
        "apiVersion: gateway.k8s.aws/v1\nkind: LoadBalancerConfiguration\nmetadata: {name: bad, namespace: shop}\nspec:\n  scheme: public\n",
        "LINT025",
    );
    assert!(f.message.contains("spec.scheme") && f.message.contains("internet-facing"), "{}", f.message);
    assert!(f.line.is_some());
    let f = only(
        "apiVersion: gateway.k8s.aws/v2\nkind: TargetGroupConfiguration\nmetadata: {name: x, namespace: shop}\n",
        "LINT025",
    );
    assert!(f.message.contains("gateway.k8s.aws/v1"), "{}", f.message);
}

#[test]
fn lint026_certificate_refs() {
    let f = only(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: tls, namespace: shop}\nspec:\n  gatewayClassName: aws-alb\n  listeners:\n    - name: https\n      protocol: HTTPS\n      port: 443\n      tls:\n        certificateRefs: [{name: web-tls}]\n",
        "LINT026",
    );
    assert!(f.message.contains("ACM"), "{}", f.message);
}

#[test]
fn lint027_l4_route_on_an_alb_gateway() {
    let got = codes(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: UDPRoute\nmetadata: {name: dns, namespace: shop}\nspec:\n  parentRefs: [{name: web}]\n  rules: [{backendRefs: [{name: db, port: 5432}]}]\n",
    );
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].0, "LINT027");
    assert!(got[0].1.contains("L4 and L7") && got[0].1.contains("UDPRoute shop/dns"), "{}", got[0].1);
}

#[test]
fn lint028_filters_and_timeouts_an_alb_cannot_do() {
    let all = findings(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: m, namespace: shop}\nspec:\n  parentRefs: [{name: web}]\n  rules:\n    - timeouts: {request: 10s}\n      filters:\n        - type: RequestMirror\n          requestMirror: {backendRef: {name: cart, port: 80}}\n      backendRefs: [{name: cart, port: 80}]\n",
    );
    let got: Vec<&str> = all.iter().map(|f| f.code).collect();
    assert_eq!(got, ["LINT028", "LINT028"], "{all:#?}");
    assert!(
        all.iter().any(|f| f.message.contains("RequestMirror")) && all.iter().any(|f| f.message.contains("timeouts"))
    );
}

#[test]
fn lint029_backend_tls_policy() {
    only(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: BackendTLSPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  targetRefs: [{group: '', kind: Service, name: cart}]\n  validation: {hostname: cart.shop, wellKnownCACertificates: System}\n",
        "LINT029",
    );
}

#[test]
fn lint030_parent_of_another_controller_or_missing() {
    let extra = "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: envoy}\nspec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: eg, namespace: shop}\nspec: {gatewayClassName: envoy, listeners: [{name: http, protocol: HTTP, port: 80}]}\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: two, namespace: shop}\nspec:\n  parentRefs: [{name: web}, {name: eg}, {name: nowhere}]\n  rules: [{backendRefs: [{name: cart, port: 80}]}]\n";
    let all = findings(extra);
    let got: Vec<(&str, &str)> = all.iter().map(|f| (f.code, f.key.as_str())).collect();
    assert_eq!(got, [("LINT030", "spec.parentRefs.1"), ("LINT030", "spec.parentRefs.2")], "{all:#?}");
    assert!(all[0].message.contains("envoy") && all[1].message.contains("does not exist"), "{all:#?}");
}

#[test]
fn lint031_missing_service_or_port() {
    let all = findings(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: b, namespace: shop}\nspec:\n  parentRefs: [{name: web}]\n  rules:\n    - backendRefs: [{name: cart, port: 8080}, {name: ghost, port: 80}]\n",
    );
    let got: Vec<&str> = all.iter().map(|f| f.code).collect();
    assert_eq!(got, ["LINT031", "LINT031"], "{all:#?}");
    assert!(
        all.iter().any(|f| f.message.contains("port 8080")) && all.iter().any(|f| f.message.contains("shop/ghost"))
    );
}

#[test]
fn lint032_missing_configurations() {
    let all = findings(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: g2, namespace: shop}\nspec:\n  gatewayClassName: aws-alb\n  infrastructure: {parametersRef: {group: gateway.k8s.aws, kind: LoadBalancerConfiguration, name: nope}}\n  listeners: [{name: http, protocol: HTTP, port: 80}]\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: x, namespace: shop}\nspec:\n  parentRefs: [{name: g2}]\n  rules:\n    - filters: [{type: ExtensionRef, extensionRef: {group: gateway.k8s.aws, kind: ListenerRuleConfiguration, name: nope}}]\n      backendRefs: [{name: cart, port: 80}]\n",
    );
    let got: Vec<&str> = all.iter().map(|f| f.code).collect();
    assert_eq!(got, ["LINT032", "LINT032"], "{all:#?}");
}

#[test]
fn lint033_alb_quotas_rules_conditions_and_certificates() {
    // 6 hostnames x 20 matches = 120 rules, besides the 3 of the clean set.
    let hosts: Vec<String> = (0..6).map(|i| format!("h{i}.example.com")).collect();
    let matches: Vec<String> = (0..20).map(|i| format!("{{path: {{type: Exact, value: /p{i}}}}}")).collect();
    let many = format!(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {{name: big, namespace: shop}}\nspec:\n  parentRefs: [{{name: web}}]\n  hostnames: [{}]\n  rules:\n    - matches: [{}]\n      backendRefs: [{{name: cart, port: 80}}]\n",
        hosts.join(", "),
        matches.join(", ")
    );
    let f = only(&many, "LINT033");
    assert!(f.message.contains("123 listener rules") && f.object.kind == "Gateway", "{}", f.message);

    let wide = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: wide, namespace: shop}\nspec:\n  parentRefs: [{name: web}]\n  hostnames: ['*.example.com']\n  rules:\n    - matches: [{path: {type: PathPrefix, value: /a}, method: GET, headers: [{name: x, value: '1'}, {name: y, value: '2'}]}]\n      backendRefs: [{name: cart, port: 80}]\n";
    let f = only(wide, "LINT033");
    assert!(f.message.contains("6 condition values"), "{}", f.message);

    let certs: Vec<String> = (0..26)
        .map(|i| format!("arn:aws:acm:us-west-2:111122223333:certificate/{i:08}-aaaa-bbbb-cccc-dddddddddddd"))
        .collect();
    let lbc = format!(
        "apiVersion: gateway.k8s.aws/v1\nkind: LoadBalancerConfiguration\nmetadata: {{name: certs, namespace: shop}}\nspec:\n  listenerConfigurations:\n    - protocolPort: HTTPS:443\n      certificates: [{}]\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {{name: many-certs, namespace: shop}}\nspec:\n  gatewayClassName: aws-alb\n  infrastructure: {{parametersRef: {{group: gateway.k8s.aws, kind: LoadBalancerConfiguration, name: certs}}}}\n  listeners: [{{name: https, protocol: HTTPS, port: 443}}]\n",
        certs.join(", ")
    );
    let f = only(&lbc, "LINT033");
    assert!(f.message.contains("26 certificates"), "{}", f.message);
}

#[test]
fn lint034_parameters_ref_without_namespace() {
    only(
        "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: nons}\nspec:\n  controllerName: gateway.k8s.aws/alb\n  parametersRef: {group: gateway.k8s.aws, kind: LoadBalancerConfiguration, name: shared}\n",
        "LINT034",
    );
}

#[test]
fn other_controllers_gateway_objects_are_skipped_with_the_reason() {
    let text = "apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: envoy}\nspec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: eg, namespace: x}\nspec: {gatewayClassName: envoy, listeners: [{name: http, protocol: HTTP, port: 80, tls: {certificateRefs: [{name: s}]}}]}\n";
    let objects = parse_stream("gw.yaml", text).unwrap();
    let outcome = lint(&objects, &Options::default());
    assert_eq!(outcome.findings, vec![]);
    assert_eq!(outcome.skipped.len(), 2, "{:?}", outcome.skipped);
    assert!(outcome.skipped[1].1.contains("envoy"), "{:?}", outcome.skipped);
}

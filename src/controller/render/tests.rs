//! Tests of the rendered manifests against the upstream reference and a golden file.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Value as Json, json};

use super::*;

/// The upstream reference data (design section 8): `$ALBCTL_REFERENCE_DIR`, else
/// `../shared/reference/aws-load-balancer-controller` next to the repository.
pub(crate) fn reference_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("ALBCTL_REFERENCE_DIR") {
        return PathBuf::from(dir);
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference/aws-load-balancer-controller");
    assert!(dir.is_dir(), "upstream reference data not found at {} (set ALBCTL_REFERENCE_DIR)", dir.display());
    dir
}

fn fixed_tls() -> WebhookTls {
    // Real material, so parsing code paths run; the golden file masks it.
    crate::tls::generate(
        WEBHOOK_SERVICE_NAME,
        "kube-system",
        time::OffsetDateTime::UNIX_EPOCH + time::Duration::days(20_000),
    )
    .unwrap()
}

pub(crate) fn fixed_input() -> RenderInput {
    RenderInput {
        cluster_name: "demo".into(),
        region: "eu-west-1".into(),
        vpc_id: "vpc-0123456789abcdef0".into(),
        namespace: "kube-system".into(),
        service_account: "aws-load-balancer-controller".into(),
        role_arn: Some("arn:aws:iam::111122223333:role/AmazonEKSLoadBalancerControllerRole-demo".into()),
        image: image_for(ImageRegistry::Public, "eu-west-1", None, DEFAULT_CONTROLLER_VERSION).unwrap(),
        values: Values::default(),
        gateway_api: false,
        tls: fixed_tls(),
        server_version: None,
    }
}

fn find<'a>(objects: &'a [Json], kind: &str) -> &'a Json {
    objects.iter().find(|o| o["kind"] == kind).unwrap_or_else(|| panic!("no {kind} rendered"))
}

fn kinds(objects: &[Json]) -> Vec<String> {
    objects.iter().map(|o| o["kind"].as_str().unwrap().to_string()).collect()
}

fn reference_crds(file: &str) -> BTreeMap<String, Json> {
    let text = std::fs::read_to_string(reference_dir().join("v3.5.0").join(file)).unwrap();
    yaml::from_multiple(&text)
        .unwrap()
        .into_iter()
        .map(|d| (d["metadata"]["name"].as_str().unwrap().to_string(), d))
        .collect()
}

fn rendered_crds(input: &RenderInput) -> BTreeMap<String, Json> {
    render(input)
        .unwrap()
        .into_iter()
        .filter(|o| o["kind"] == "CustomResourceDefinition")
        .map(|mut o| {
            // albctl adds its labels; the definition itself must be upstream's.
            o["metadata"].as_object_mut().unwrap().remove("labels");
            (o["metadata"]["name"].as_str().unwrap().to_string(), o)
        })
        .collect()
}

#[test]
fn crds_equal_the_reference() {
    let ours = rendered_crds(&fixed_input());
    let upstream = reference_crds("crds.yaml");
    assert_eq!(ours.keys().collect::<Vec<_>>(), upstream.keys().collect::<Vec<_>>());
    for (name, crd) in &upstream {
        assert!(ours[name] == *crd, "CRD {name} differs from the reference");
    }
}

#[test]
fn gateway_crds_equal_the_reference_and_only_with_gateway_api() {
    let mut input = fixed_input();
    input.gateway_api = true;
    let ours = rendered_crds(&input);
    let mut upstream = reference_crds("crds.yaml");
    upstream.extend(reference_crds("gateway-crds.yaml"));
    assert_eq!(ours.keys().collect::<Vec<_>>(), upstream.keys().collect::<Vec<_>>());
    for (name, crd) in &upstream {
        assert!(ours[name] == *crd, "CRD {name} differs from the reference");
    }
    let without = rendered_crds(&fixed_input());
    assert!(without.keys().all(|k| !k.ends_with(".gateway.k8s.aws")));
}

#[test]
fn crd_files_are_not_byte_copies_of_the_reference() {
    for file in ["crds.yaml", "gateway-crds.yaml"] {
        let upstream = std::fs::read_to_string(reference_dir().join("v3.5.0").join(file)).unwrap();
        for (_, ours) in CRDS.iter().chain(GATEWAY_CRDS) {
            assert_ne!(upstream.as_str(), *ours);
            assert!(ours.contains("Apache License"), "CRD file without its licence header");
        }
    }
    let registries = std::fs::read_to_string(reference_dir().join("ecr-image-registries.yaml")).unwrap();
    assert_ne!(registries, IMAGE_REGISTRIES);
}

#[test]
fn image_registry_table_matches_the_reference() {
    let text = std::fs::read_to_string(reference_dir().join("ecr-image-registries.yaml")).unwrap();
    let upstream = yaml::from_str(&text).unwrap();
    let upstream: BTreeMap<String, String> = serde_json::from_value(upstream["registries"].clone()).unwrap();
    assert_eq!(image_registries().unwrap(), upstream);
}

#[test]
fn validation_rules_are_stripped_below_1_25() {
    let count = |objs: &BTreeMap<String, Json>| {
        objs.values()
            .map(|o| serde_json::to_string(o).unwrap().matches("x-kubernetes-validations").count())
            .sum::<usize>()
    };
    let mut input = fixed_input();
    input.gateway_api = true;
    assert!(count(&rendered_crds(&input)) > 0, "the reference has CEL rules; the test would prove nothing");
    input.server_version = Some((1, 25));
    assert!(count(&rendered_crds(&input)) > 0);
    input.gateway_api = false;
    assert!(count(&rendered_crds(&input)) > 0);
    input.server_version = Some((1, 24));
    assert_eq!(count(&rendered_crds(&input)), 0);
    input.server_version = Some((1, 22));
    assert_eq!(count(&rendered_crds(&input)), 0);
}

#[test]
fn servers_below_the_controllers_minimum_are_refused() {
    let mut input = fixed_input();
    input.server_version = Some((1, 21));
    let err = render(&input).unwrap_err().to_string();
    assert!(err.starts_with("the API server runs Kubernetes 1.21;") && err.contains("1.22 or newer"), "{err}");
    input.server_version = Some((1, 22));
    assert!(render(&input).is_ok());
}

#[test]
fn gateway_api_needs_1_25() {
    let mut input = fixed_input();
    input.gateway_api = true;
    input.server_version = Some((1, 24));
    let err = render(&input).unwrap_err().to_string();
    assert!(err.contains("--gateway-api needs Kubernetes 1.25"), "{err}");
    input.server_version = Some((1, 25));
    assert!(render(&input).is_ok());
}

#[test]
fn pdb_is_policy_v1_on_every_supported_server() {
    let mut input = fixed_input();
    for version in [None, Some((1, 22)), Some((1, 32)), Some((1, 37))] {
        input.server_version = version;
        let objects = render(&input).unwrap();
        let pdb = find(&objects, "PodDisruptionBudget");
        assert_eq!(pdb["apiVersion"], "policy/v1", "server {version:?}");
        assert_eq!(pdb["spec"]["maxUnavailable"], 1);
        assert_eq!(pdb["spec"]["selector"]["matchLabels"]["app.kubernetes.io/name"], APP_NAME);
    }
}

#[test]
fn objects_come_in_apply_order_with_webhooks_last() {
    let objects = render(&fixed_input()).unwrap();
    let kinds = kinds(&objects);
    let expected_tail = [
        "ServiceAccount",
        "Role",
        "RoleBinding",
        "ClusterRole",
        "ClusterRoleBinding",
        "Secret",
        "Service",
        "Deployment",
        "PodDisruptionBudget",
        "IngressClassParams",
        "IngressClass",
        "MutatingWebhookConfiguration",
        "ValidatingWebhookConfiguration",
    ];
    assert_eq!(&kinds[..4], ["CustomResourceDefinition"; 4]);
    assert_eq!(&kinds[4..], expected_tail);
    let names: Vec<_> = objects.iter().map(file_name).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "file names must sort in apply order");
    assert!(names.contains(&"10-deployment-aws-load-balancer-controller.yaml".to_string()), "{names:?}");
    assert!(names.contains(&"00-customresourcedefinition-targetgroupbindings.elbv2.k8s.aws.yaml".to_string()));
}

#[test]
fn every_object_carries_the_labels() {
    let mut input = fixed_input();
    input.gateway_api = true;
    for obj in render(&input).unwrap() {
        let labels = &obj["metadata"]["labels"];
        assert_eq!(labels["app.kubernetes.io/name"], APP_NAME, "{}", obj_kind(&obj));
        assert_eq!(labels["app.kubernetes.io/instance"], INSTANCE, "{}", obj_kind(&obj));
        assert_eq!(labels["app.kubernetes.io/managed-by"], "albctl", "{}", obj_kind(&obj));
    }
}

#[test]
fn deployment_args_pin_cluster_region_and_vpc() {
    let objects = render(&fixed_input()).unwrap();
    let deploy = find(&objects, "Deployment");
    assert_eq!(deploy["spec"]["replicas"], 2);
    let container = &deploy["spec"]["template"]["spec"]["containers"][0];
    let args: Vec<&str> = container["args"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert_eq!(
        args,
        ["--cluster-name=demo", "--ingress-class=alb", "--aws-region=eu-west-1", "--aws-vpc-id=vpc-0123456789abcdef0"]
    );
    assert_eq!(container["image"], "public.ecr.aws/eks/aws-load-balancer-controller:v3.5.0");
    assert_eq!(container["ports"][0]["containerPort"], 9443);
    assert_eq!(container["volumeMounts"][0]["mountPath"], "/tmp/k8s-webhook-server/serving-certs");
    assert_eq!(deploy["spec"]["template"]["spec"]["volumes"][0]["secret"]["secretName"], TLS_SECRET_NAME);
    assert_eq!(deploy["spec"]["template"]["spec"]["serviceAccountName"], "aws-load-balancer-controller");
}

#[test]
fn optional_args_follow_the_values() {
    let text = "logLevel: debug\nenableShield: false\ndefaultTargetType: ip\ncontrollerConfig:\n  featureGates: {SubnetsClusterTagCheck: false, ALBSingleSubnet: true}\ndefaultTags: {team: web, env: prod}\n";
    let mut input = fixed_input();
    input.values = Values::from_yaml_texts(&[text]).unwrap().0;
    let objects = render(&input).unwrap();
    let args = &find(&objects, "Deployment")["spec"]["template"]["spec"]["containers"][0]["args"];
    let args: Vec<&str> = args.as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
    assert_eq!(
        &args[4..],
        [
            "--enable-shield=false",
            "--log-level=debug",
            "--default-tags=env=prod,team=web",
            "--feature-gates=ALBSingleSubnet=true,SubnetsClusterTagCheck=false",
            "--default-target-type=ip",
        ]
    );
}

#[test]
fn images_per_registry_region_and_override() {
    let v = DEFAULT_CONTROLLER_VERSION;
    assert_eq!(
        image_for(ImageRegistry::Public, "us-east-1", None, v).unwrap(),
        "public.ecr.aws/eks/aws-load-balancer-controller:v3.5.0"
    );
    assert_eq!(
        image_for(ImageRegistry::Regional, "us-west-2", None, v).unwrap(),
        "602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon/aws-load-balancer-controller:v3.5.0"
    );
    assert_eq!(
        image_for(ImageRegistry::Regional, "cn-north-1", None, v).unwrap(),
        "918309763551.dkr.ecr.cn-north-1.amazonaws.com.cn/amazon/aws-load-balancer-controller:v3.5.0"
    );
    assert_eq!(
        image_for(ImageRegistry::Regional, "af-south-1", None, "v9.9.9").unwrap(),
        "877085696533.dkr.ecr.af-south-1.amazonaws.com/amazon/aws-load-balancer-controller:v9.9.9"
    );
    assert_eq!(
        image_for(ImageRegistry::Regional, "us-west-2", Some("registry.example/lbc:dev"), v).unwrap(),
        "registry.example/lbc:dev"
    );
    let err = image_for(ImageRegistry::Regional, "xx-nowhere-1", None, v).unwrap_err().to_string();
    assert!(err.contains("xx-nowhere-1") && err.contains("--image-registry public"), "{err}");
    assert!(image_for(ImageRegistry::Public, "us-east-1", Some("  "), v).is_err());
}

#[test]
fn values_override_replicas_resources_and_node_selector() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.yaml");
    let b = dir.path().join("b.yaml");
    std::fs::write(
        &a,
        "replicaCount: 3\nnodeSelector:\n  kubernetes.io/os: linux\nresources:\n  limits: {cpu: 200m}\n",
    )
    .unwrap();
    std::fs::write(&b, "nodeSelector:\n  role: system\nresources:\n  requests: {memory: 128Mi}\ntolerations:\n- {key: CriticalAddonsOnly, operator: Exists}\n").unwrap();
    let (values, warnings) = Values::from_files(&[a, b]).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    let mut input = fixed_input();
    input.values = values;
    let objects = render(&input).unwrap();
    let deploy = find(&objects, "Deployment");
    let pod = &deploy["spec"]["template"]["spec"];
    assert_eq!(deploy["spec"]["replicas"], 3);
    assert_eq!(pod["nodeSelector"], json!({"kubernetes.io/os": "linux", "role": "system"}));
    assert_eq!(pod["containers"][0]["resources"], json!({"limits": {"cpu": "200m"}, "requests": {"memory": "128Mi"}}));
    assert_eq!(pod["tolerations"][0]["key"], "CriticalAddonsOnly");
}

#[test]
fn a_single_replica_has_no_pdb() {
    let mut input = fixed_input();
    input.values.replica_count = 1;
    assert!(!kinds(&render(&input).unwrap()).contains(&"PodDisruptionBudget".to_string()));
}

#[test]
fn service_account_annotation_only_with_a_role() {
    let objects = render(&fixed_input()).unwrap();
    assert_eq!(
        find(&objects, "ServiceAccount")["metadata"]["annotations"]["eks.amazonaws.com/role-arn"],
        "arn:aws:iam::111122223333:role/AmazonEKSLoadBalancerControllerRole-demo"
    );
    let mut input = fixed_input();
    input.role_arn = None;
    let objects = render(&input).unwrap();
    assert!(find(&objects, "ServiceAccount")["metadata"].get("annotations").is_none());
}

#[test]
fn webhooks_trust_the_secrets_ca_and_reach_the_service() {
    let input = fixed_input();
    let objects = render(&input).unwrap();
    let secret = find(&objects, "Secret");
    assert_eq!(secret["type"], "kubernetes.io/tls");
    let ca = secret["data"]["ca.crt"].as_str().unwrap();
    let decoded = base64::engine::general_purpose::STANDARD.decode(ca).unwrap();
    assert_eq!(String::from_utf8(decoded).unwrap(), input.tls.ca_crt);
    let service = find(&objects, "Service");
    assert_eq!(service["spec"]["ports"][0]["port"], 443);
    assert_eq!(service["spec"]["ports"][0]["targetPort"], "webhook-server");
    let mut names = Vec::new();
    for kind in ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"] {
        for hook in find(&objects, kind)["webhooks"].as_array().unwrap() {
            assert_eq!(hook["clientConfig"]["caBundle"], ca);
            assert_eq!(hook["clientConfig"]["service"]["name"], WEBHOOK_SERVICE_NAME);
            assert_eq!(hook["clientConfig"]["service"]["namespace"], "kube-system");
            names.push(hook["name"].as_str().unwrap().to_string());
        }
    }
    for required in
        ["mpod.elbv2.k8s.aws", "mservice.elbv2.k8s.aws", "vtargetgroupbinding.elbv2.k8s.aws", "vingress.elbv2.k8s.aws"]
    {
        assert!(names.iter().any(|n| n == required), "{required} missing from {names:?}");
    }
}

#[test]
fn service_mutator_follows_the_values() {
    let mut input = fixed_input();
    input.values = Values::from_yaml_texts(&["enableServiceMutatorWebhook: false\n"]).unwrap().0;
    let objects = render(&input).unwrap();
    let hooks = &find(&objects, "MutatingWebhookConfiguration")["webhooks"];
    assert!(hooks.as_array().unwrap().iter().all(|h| h["name"] != "mservice.elbv2.k8s.aws"));

    let (values, warnings) = Values::from_yaml_texts(&[
        "serviceMutatorWebhookConfig:\n  failurePolicy: Ignore\n  objectSelector:\n    matchLabels: {lb: aws}\nwebhookTimeoutSeconds: 5\n",
    ])
    .unwrap();
    input.values = values;
    let objects = render(&input).unwrap();
    let hooks = find(&objects, "MutatingWebhookConfiguration")["webhooks"].as_array().unwrap().clone();
    let svc = hooks.iter().find(|h| h["name"] == "mservice.elbv2.k8s.aws").unwrap();
    assert_eq!(svc["failurePolicy"], "Ignore");
    assert_eq!(svc["objectSelector"]["matchLabels"], json!({"lb": "aws"}));
    // Not a key of the chart: it warns and the webhooks keep the server's default timeout.
    assert_eq!(warnings, ["values key 'webhookTimeoutSeconds' is not supported by albctl and was ignored"]);
    assert!(hooks.iter().all(|h| h.get("timeoutSeconds").is_none()));
    assert!(hooks.iter().all(|h| h["admissionReviewVersions"] == json!(["v1"])));
}

#[test]
fn values_image_wins_over_the_registry_default_and_conflicts_with_the_flag() {
    let v = DEFAULT_CONTROLLER_VERSION;
    let values = |text: &str| Values::from_yaml_texts(&[text]).unwrap().0;
    let mirror = values("image:\n  repository: registry.example/lbc\n  tag: v3.5.0-fix\n");
    assert_eq!(controller_image(None, None, &mirror, "eu-west-1", v).unwrap(), "registry.example/lbc:v3.5.0-fix");
    let repo_only = values("image:\n  repository: registry.example/lbc\n");
    assert_eq!(controller_image(None, None, &repo_only, "eu-west-1", v).unwrap(), "registry.example/lbc:v3.5.0");
    let tag_only = values("image:\n  tag: v3.5.1\n");
    assert_eq!(controller_image(None, None, &tag_only, "eu-west-1", v).unwrap(), format!("{PUBLIC_REPOSITORY}:v3.5.1"));
    let regional = controller_image(Some(ImageRegistry::Regional), None, &tag_only, "us-west-2", v).unwrap();
    assert!(regional.ends_with("/amazon/aws-load-balancer-controller:v3.5.1"), "{regional}");
    let err = controller_image(Some(ImageRegistry::Regional), None, &mirror, "us-west-2", v).unwrap_err();
    let text = format!("{err:#}");
    assert!(text.contains("--image-registry regional") && text.contains("image.repository"), "{text}");
    assert_eq!(text.lines().count(), 1);
    // --image is the full reference and wins over the values file.
    assert_eq!(controller_image(None, Some("other/lbc:dev"), &mirror, "eu-west-1", v).unwrap(), "other/lbc:dev");
}

#[test]
fn cert_manager_mode_renders_issuers_and_no_private_key() {
    let mut input = fixed_input();
    input.values = Values::from_yaml_texts(&["enableCertManager: true\n"]).unwrap().0;
    let objects = render(&input).unwrap();
    assert!(objects.iter().all(|o| o["kind"] != "Secret"), "no Secret with a key in cert-manager mode");
    let text = to_yaml(&objects);
    assert!(!text.contains("PRIVATE KEY") && !text.contains(&b64(&input.tls.tls_key)));
    let names: Vec<String> = objects
        .iter()
        .filter(|o| o["apiVersion"] == "cert-manager.io/v1")
        .map(|o| format!("{}/{}", o["kind"].as_str().unwrap(), o["metadata"]["name"].as_str().unwrap()))
        .collect();
    assert_eq!(
        names,
        [
            "Issuer/aws-load-balancer-selfsigned-issuer",
            "Issuer/aws-load-balancer-root-issuer",
            "Certificate/aws-load-balancer-root-cert",
            "Certificate/aws-load-balancer-serving-cert",
        ]
    );
    let serving = objects.iter().find(|o| o["metadata"]["name"] == SERVING_CERT_NAME).unwrap();
    assert_eq!(serving["spec"]["secretName"], TLS_SECRET_NAME);
    for kind in ["MutatingWebhookConfiguration", "ValidatingWebhookConfiguration"] {
        let hooks = find(&objects, kind);
        assert_eq!(
            hooks["metadata"]["annotations"]["cert-manager.io/inject-ca-from"],
            format!("kube-system/{SERVING_CERT_NAME}")
        );
        assert!(hooks["webhooks"].as_array().unwrap().iter().all(|h| h["clientConfig"].get("caBundle").is_none()));
    }
    // An issuer of the user's own replaces the self-signed root.
    input.values = Values::from_yaml_texts(&[
        "enableCertManager: true\ncertManager:\n  issuerRef: {kind: ClusterIssuer, name: ca}\n",
    ])
    .unwrap()
    .0;
    let objects = render(&input).unwrap();
    let cm: Vec<&Json> = objects.iter().filter(|o| o["apiVersion"] == "cert-manager.io/v1").collect();
    assert_eq!(cm.len(), 1);
    assert_eq!(cm[0]["spec"]["issuerRef"], json!({"kind": "ClusterIssuer", "name": "ca"}));
}

fn b64(s: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(s)
}

#[test]
fn to_yaml_round_trips() {
    let mut input = fixed_input();
    input.gateway_api = true;
    input.values = Values::from_yaml_texts(&[
        "podAnnotations: {a: 'yes', b: 'on', c: '0644', d: '1e3', e: 'null', f: '~', g: 'y', h: 'true', i: '12:30'}\n",
    ])
    .unwrap()
    .0;
    let objects = render(&input).unwrap();
    let text = to_yaml(&objects);
    assert!(text.starts_with("---\n"));
    assert_eq!(yaml::from_multiple(&text).unwrap(), objects);
    let annotations = &find(&objects, "Deployment")["spec"]["template"]["metadata"]["annotations"];
    assert_eq!(annotations["c"], "0644");
}

#[test]
fn rendering_is_deterministic() {
    let input = fixed_input();
    assert_eq!(render(&input).unwrap(), render(&input).unwrap());
}

#[test]
fn bad_inputs_are_refused() {
    let mut input = fixed_input();
    input.vpc_id = "".into();
    assert!(render(&input).unwrap_err().to_string().contains("VPC ID"));
    let mut input = fixed_input();
    input.namespace = "Kube_System".into();
    assert!(render(&input).is_err());
    let mut input = fixed_input();
    input.vpc_id = "subnet-123".into();
    assert!(render(&input).is_err());
}

/// The golden file: the full render with fixed inputs, CRDs omitted (compared with the
/// reference above) and TLS material masked. `ALBCTL_UPDATE_GOLDEN=1 cargo test` rewrites it.
#[test]
fn golden_render() {
    let objects: Vec<Json> =
        render(&fixed_input()).unwrap().into_iter().filter(|o| o["kind"] != "CustomResourceDefinition").collect();
    let text = to_yaml(&mask_tls_material(&objects));
    check_golden("default.yaml", &text);

    let mut input = fixed_input();
    input.server_version = Some(crate::model::kube_version::MINIMUM);
    input.role_arn = None;
    input.image = image_for(ImageRegistry::Regional, "eu-west-1", None, DEFAULT_CONTROLLER_VERSION).unwrap();
    let objects: Vec<Json> =
        render(&input).unwrap().into_iter().filter(|o| o["kind"] != "CustomResourceDefinition").collect();
    check_golden("server-1.22-regional.yaml", &to_yaml(&mask_tls_material(&objects)));
}

fn check_golden(name: &str, actual: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/controller/render/testdata").join(name);
    if std::env::var_os("ALBCTL_UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}; run with ALBCTL_UPDATE_GOLDEN=1 to create it", path.display()));
    if expected != actual {
        let diff: Vec<String> = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .filter(|(_, (e, a))| e != a)
            .take(5)
            .map(|(i, (e, a))| format!("line {}:\n  expected: {e}\n  actual:   {a}", i + 1))
            .collect();
        panic!(
            "{} is out of date (ALBCTL_UPDATE_GOLDEN=1 rewrites it); first differences:\n{}",
            path.display(),
            diff.join("\n")
        );
    }
}

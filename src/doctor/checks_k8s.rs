//! Checks of the controller's Kubernetes objects (pure).

use std::collections::BTreeSet;

use base64::Engine as _;
use serde_json::Value;

use super::Verdict;
use super::facts::Facts;
use crate::kube::status::{deployment_ready, ready_endpoints};
use crate::model::{Partition, ROLE_ARN_ANNOTATION};
use crate::tls::{self, TlsProblem, tls_from_secret};

const CONTAINER_NAME: &str = "aws-load-balancer-controller";

fn service_account(facts: &Facts) -> Result<&Value, String> {
    match facts.kube.service_account.get()? {
        Some(sa) => Ok(sa),
        None => Err("no ServiceAccount (K8S001)".into()),
    }
}

fn deployment(facts: &Facts) -> Result<&Value, String> {
    match facts.kube.deployment.get()? {
        Some(d) => Ok(d),
        None => Err("no controller Deployment (K8S011)".into()),
    }
}

fn name_of(obj: &Value) -> &str {
    obj["metadata"]["name"].as_str().unwrap_or("?")
}

/// The controller container: by the chart's name, else the one with `--cluster-name`, else the first.
fn container(deployment: &Value) -> Option<&Value> {
    let containers = deployment["spec"]["template"]["spec"]["containers"].as_array()?;
    containers
        .iter()
        .find(|c| c["name"] == CONTAINER_NAME)
        .or_else(|| containers.iter().find(|c| arg(c, "--cluster-name").is_some()))
        .or_else(|| containers.first())
}

/// The value of `--flag=value` or `--flag value` in a container's args.
fn arg(container: &Value, flag: &str) -> Option<String> {
    let args: Vec<&str> = container["args"].as_array()?.iter().filter_map(Value::as_str).collect();
    args.iter().enumerate().find_map(|(i, a)| {
        if let Some(v) = a.strip_prefix(flag).and_then(|rest| rest.strip_prefix('=')) {
            return Some(v.to_string());
        }
        (*a == flag).then(|| args.get(i + 1).map(|v| v.to_string())).flatten()
    })
}

fn annotation(sa: &Value) -> Option<&str> {
    sa["metadata"]["annotations"][ROLE_ARN_ANNOTATION].as_str()
}

/// K8S001.
pub fn service_account_exists(facts: &Facts) -> Verdict {
    let t = &facts.target;
    match facts.kube.service_account.get() {
        Err(why) => Verdict::skipped(why),
        Ok(Some(_)) => Verdict::pass(format!("{}/{}", t.namespace, t.service_account)),
        Ok(None) => Verdict::fail(format!("no ServiceAccount {}/{}", t.namespace, t.service_account)),
    }
}

/// K8S002.
pub fn service_account_annotated(facts: &Facts) -> Verdict {
    if super::checks_pod_identity::uses_pod_identity(facts) {
        return Verdict::pass("no role annotation: the install uses EKS Pod Identity (IAM012 judges the association)");
    }
    let sa = match service_account(facts) {
        Ok(sa) => sa,
        Err(why) => return Verdict::skipped(why),
    };
    let name = format!("{}/{}", facts.target.namespace, name_of(sa));
    let Some(value) = annotation(sa) else {
        return Verdict::fail(format!(
            "{name} has no {ROLE_ARN_ANNOTATION} annotation: the controller gets the node's credentials \
             (WebIdentityErr / AccessDenied)"
        ));
    };
    let prefix = format!("arn:{}:iam::", facts.target.partition);
    let valid =
        value.strip_prefix(&prefix).and_then(|rest| rest.split_once(":role/")).is_some_and(|(account, role)| {
            account.len() == 12 && account.chars().all(|c| c.is_ascii_digit()) && !role.is_empty()
        });
    if !valid {
        return Verdict::fail(format!(
            "{name} has {ROLE_ARN_ANNOTATION}={value}, which is not an IAM role ARN in partition {}",
            facts.target.partition
        ));
    }
    Verdict::pass(format!("{ROLE_ARN_ANNOTATION}={value}"))
}

/// K8S003.
pub fn deployment_service_account(facts: &Facts) -> Verdict {
    let d = match deployment(facts) {
        Ok(d) => d,
        Err(why) => return Verdict::skipped(why),
    };
    let spec = &d["spec"]["template"]["spec"];
    let actual = spec["serviceAccountName"].as_str().or(spec["serviceAccount"].as_str()).unwrap_or("default");
    if actual == facts.target.service_account {
        return Verdict::pass(format!("Deployment {} runs as {actual}", name_of(d)));
    }
    Verdict::fail(format!(
        "Deployment {} runs as ServiceAccount {actual}, not {}: its pods do not get the role",
        name_of(d),
        facts.target.service_account
    ))
}

/// The controller container of a pod: by the chart's name, else the first.
fn pod_container(pod: &Value) -> Option<&Value> {
    let containers = pod["spec"]["containers"].as_array()?;
    containers.iter().find(|c| c["name"] == CONTAINER_NAME).or_else(|| containers.first())
}

fn env_vars(pod: &Value) -> impl Iterator<Item = &Value> {
    pod_container(pod).and_then(|c| c["env"].as_array()).into_iter().flatten()
}

fn env_names(pod: &Value) -> BTreeSet<String> {
    env_vars(pod).filter_map(|e| e["name"].as_str().map(str::to_string)).collect()
}

fn env_value<'a>(pod: &'a Value, name: &str) -> Option<&'a str> {
    env_vars(pod).find(|e| e["name"] == name).and_then(|e| e["value"].as_str())
}

/// K8S004.
pub fn pods_have_credentials(facts: &Facts) -> Verdict {
    let pods = match facts.kube.pods.get() {
        Ok(p) => p,
        Err(why) => return Verdict::skipped(why),
    };
    if pods.is_empty() {
        return Verdict::skipped("no controller pods to inspect");
    }
    let wanted_role = facts.kube.service_account.get().ok().and_then(Option::as_ref).and_then(annotation);
    let mut bad = Vec::new();
    for pod in pods {
        let env = env_names(pod);
        let irsa = env.contains("AWS_ROLE_ARN") && env.contains("AWS_WEB_IDENTITY_TOKEN_FILE");
        let pod_identity = env.contains("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        if !irsa && !pod_identity {
            bad.push(format!("{} has neither AWS_ROLE_ARN/AWS_WEB_IDENTITY_TOKEN_FILE nor Pod Identity", name_of(pod)));
            continue;
        }
        if let (true, Some(want), Some(have)) = (irsa, wanted_role, env_value(pod, "AWS_ROLE_ARN"))
            && want != have
        {
            bad.push(format!("{} runs with role {have}, the ServiceAccount names {want}", name_of(pod)));
        }
    }
    if bad.is_empty() {
        return Verdict::pass(format!("{} pod(s) have web identity credentials", pods.len()));
    }
    Verdict::fail(format!(
        "{}: pods started before the ServiceAccount was annotated keep the old credentials",
        bad.join("; ")
    ))
}

/// K8S005.
pub fn region_and_vpc_args(facts: &Facts) -> Verdict {
    let d = match deployment(facts) {
        Ok(d) => d,
        Err(why) => return Verdict::skipped(why),
    };
    let Some(c) = container(d) else { return Verdict::skipped("the Deployment has no containers") };
    let (region, vpc) = (arg(c, "--aws-region"), arg(c, "--aws-vpc-id"));
    let mut wrong = Vec::new();
    if let Some(r) = region.as_deref().filter(|r| *r != facts.target.region) {
        wrong.push(format!("--aws-region={r} (the cluster is in {})", facts.target.region));
    }
    if let Some(v) = vpc.as_deref().filter(|v| *v != facts.aws.cluster.vpc_id) {
        wrong.push(format!("--aws-vpc-id={v} (the cluster's VPC is {})", facts.aws.cluster.vpc_id));
    }
    if !wrong.is_empty() {
        return Verdict::fail(wrong.join(", "));
    }
    let missing: Vec<&str> = [("--aws-region", &region), ("--aws-vpc-id", &vpc)]
        .into_iter()
        .filter(|(_, v)| v.is_none())
        .map(|(f, _)| f)
        .collect();
    if missing.is_empty() {
        return Verdict::pass(format!(
            "--aws-region={} --aws-vpc-id={}",
            facts.target.region, facts.aws.cluster.vpc_id
        ));
    }
    let missing = missing.join(" and ");
    match facts.aws.nodes.get() {
        Ok(nodes) => {
            let hop1: Vec<&str> = nodes.iter().filter(|n| n.hop_limit == Some(1)).map(|n| n.id.as_str()).collect();
            if hop1.is_empty() && !nodes.is_empty() {
                Verdict::warn(format!(
                    "{missing} not set: the controller asks IMDS, which works on these nodes but not on Fargate"
                ))
            } else if hop1.is_empty() {
                Verdict::fail(format!("{missing} not set and no EC2 nodes found: on Fargate there is no IMDS to ask"))
            } else {
                Verdict::fail(format!(
                    "{missing} not set and nodes {} have IMDS hop limit 1: the controller's pods cannot reach IMDS \
                     (failed to introspect region/vpcID from EC2Metadata)",
                    hop1.join(", ")
                ))
            }
        }
        Err(why) => Verdict::warn(format!("{missing} not set; node IMDS hop limits unknown ({why})")),
    }
}

/// K8S006.
pub fn cluster_name_arg(facts: &Facts) -> Verdict {
    let d = match deployment(facts) {
        Ok(d) => d,
        Err(why) => return Verdict::skipped(why),
    };
    let Some(c) = container(d) else { return Verdict::skipped("the Deployment has no containers") };
    match arg(c, "--cluster-name") {
        Some(n) if n == facts.target.cluster => Verdict::pass(format!("--cluster-name={n}")),
        Some(n) => Verdict::fail(format!(
            "--cluster-name={n}, but the cluster is {}: the controller discovers subnets and tags resources for the wrong cluster",
            facts.target.cluster
        )),
        None => Verdict::fail("the controller has no --cluster-name argument"),
    }
}

/// Every property path of a CRD version's schema (`spec.foo.bar`).
fn schema_paths(schema: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    if let Some(props) = schema["properties"].as_object() {
        for (name, sub) in props {
            let path = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
            out.insert(path.clone());
            schema_paths(sub, &path, out);
        }
    }
    if schema["items"].is_object() {
        schema_paths(&schema["items"], &format!("{prefix}[]"), out);
    }
}

fn version_paths(crd: &Value, version: &str) -> Option<BTreeSet<String>> {
    let v = crd["spec"]["versions"].as_array()?.iter().find(|v| v["name"] == version)?;
    let mut out = BTreeSet::new();
    schema_paths(&v["schema"]["openAPIV3Schema"], "", &mut out);
    Some(out)
}

/// K8S007.
pub fn crds_current(facts: &Facts) -> Verdict {
    let crds = match facts.kube.crds.get() {
        Ok(c) => c,
        Err(why) => return Verdict::skipped(why),
    };
    let mut problems = Vec::new();
    for (wanted, have) in crds {
        let name = name_of(wanted);
        let Some(have) = have else {
            problems.push(format!("{name} is missing"));
            continue;
        };
        if have["metadata"]["deletionTimestamp"].is_string() {
            problems.push(format!("{name} is being deleted (with every object of its kind)"));
            continue;
        }
        for version in wanted["spec"]["versions"].as_array().into_iter().flatten() {
            let v = version["name"].as_str().unwrap_or_default();
            let want = version_paths(wanted, v).unwrap_or_default();
            match version_paths(have, v) {
                None => problems.push(format!("{name} lacks version {v}")),
                Some(got) => {
                    let lacking: Vec<&String> = want.difference(&got).collect();
                    if !lacking.is_empty() {
                        let shown: Vec<&str> = lacking.iter().take(3).map(|s| s.as_str()).collect();
                        problems.push(format!(
                            "{name} {v} lacks {} field(s) ({}{})",
                            lacking.len(),
                            shown.join(", "),
                            if lacking.len() > 3 { ", ..." } else { "" }
                        ));
                    }
                }
            }
        }
    }
    if problems.is_empty() {
        return Verdict::pass(format!("{} CRDs as new as {}", crds.len(), crate::policy::CONTROLLER_VERSION));
    }
    Verdict::fail(format!("{}: older than the controller {}", problems.join("; "), crate::policy::CONTROLLER_VERSION))
}

fn webhook_configurations(facts: &Facts) -> Result<Vec<&Value>, String> {
    let m = facts.kube.mutating_webhooks.get()?;
    let v = facts.kube.validating_webhooks.get()?;
    Ok(m.iter().chain(v.iter()).collect())
}

/// The Secret's TLS material; `Err` is the verdict to give without it (skipped when the Secret
/// could not be read, failed when it is missing or incomplete).
fn secret_tls(facts: &Facts) -> Result<tls::WebhookTls, Verdict> {
    match facts.kube.tls_secret.get().map_err(Verdict::skipped)? {
        None => Err(Verdict::fail(format!("the webhook TLS Secret is missing in {}", facts.target.namespace))),
        Some(secret) => tls_from_secret(secret)
            .ok_or_else(|| Verdict::fail(format!("Secret {} lacks ca.crt, tls.crt or tls.key", name_of(secret)))),
    }
}

fn decode_bundle(b64: &str) -> Option<String> {
    let bytes = base64::engine::general_purpose::STANDARD.decode(b64.trim()).ok()?;
    String::from_utf8(bytes).ok()
}

fn pem_blocks(pem: &str) -> BTreeSet<String> {
    pem.split("-----END CERTIFICATE-----")
        .filter_map(|b| b.split_once("-----BEGIN CERTIFICATE-----").map(|(_, body)| body.split_whitespace().collect()))
        .collect()
}

/// K8S008.
pub fn ca_bundle_matches(facts: &Facts) -> Verdict {
    let configs = match webhook_configurations(facts) {
        Ok(c) => c,
        Err(why) => return Verdict::skipped(why),
    };
    if configs.len() < 2 {
        let missing = if facts.kube.mutating_webhooks.get().ok().and_then(Option::as_ref).is_none() {
            "Mutating"
        } else {
            "Validating"
        };
        return Verdict::fail(format!(
            "no {missing}WebhookConfiguration for the controller: Ingress validation and pod readiness gates are off"
        ));
    }
    let tls = match secret_tls(facts) {
        Ok(t) => t,
        Err(verdict) => return verdict,
    };
    let ca = pem_blocks(&tls.ca_crt);
    let mut bad = Vec::new();
    for config in &configs {
        for hook in config["webhooks"].as_array().into_iter().flatten() {
            let bundle = hook["clientConfig"]["caBundle"].as_str().and_then(decode_bundle).map(|p| pem_blocks(&p));
            if !bundle.is_some_and(|b| ca.iter().any(|c| b.contains(c))) {
                bad.push(format!("{}/{}", name_of(config), hook["name"].as_str().unwrap_or("?")));
            }
        }
    }
    if bad.is_empty() {
        return Verdict::pass("every webhook's caBundle holds the Secret's ca.crt");
    }
    Verdict::fail(format!(
        "{} do not trust the Secret's CA: the API server rejects the webhook (x509: certificate signed by unknown authority)",
        bad.join(", ")
    ))
}

/// K8S009.
pub fn certificate_valid(facts: &Facts) -> Verdict {
    let tls = match secret_tls(facts) {
        Ok(t) => t,
        Err(verdict) => return verdict,
    };
    match tls::validate(&tls, &facts.kube.webhook_service, &facts.target.namespace, facts.now) {
        Ok(()) => Verdict::pass("chain verifies, SANs cover the webhook Service, more than 30 days left"),
        Err(p @ TlsProblem::ExpiresSoon { .. }) => Verdict::warn(p.to_string()),
        Err(p) => Verdict::fail(format!("{p}: the API server cannot call the webhook")),
    }
}

/// K8S010.
pub fn webhook_endpoints(facts: &Facts) -> Verdict {
    let configs = match webhook_configurations(facts) {
        Ok(c) => c,
        Err(why) => return Verdict::skipped(why),
    };
    let endpoints = match facts.kube.webhook_endpoints.get() {
        Ok(e) => e,
        Err(why) => return Verdict::skipped(why),
    };
    let ready = endpoints.as_ref().map_or(0, ready_endpoints);
    let service = format!("{}/{}", facts.target.namespace, facts.kube.webhook_service);
    if ready > 0 {
        return Verdict::pass(format!("{service} has {ready} ready endpoint(s)"));
    }
    let closed: Vec<String> = configs
        .iter()
        .flat_map(|c| c["webhooks"].as_array().into_iter().flatten())
        .filter(|h| h["failurePolicy"].as_str().unwrap_or("Fail") == "Fail")
        .filter_map(|h| h["name"].as_str().map(str::to_string))
        .collect();
    if closed.is_empty() {
        return Verdict::warn(format!("{service} has no ready endpoints; no webhook fails closed"));
    }
    Verdict::fail(format!(
        "{service} has no ready endpoints and {} webhook(s) fail closed ({}): creating those objects fails with \
         \"no endpoints available for service {}\"",
        closed.len(),
        closed.join(", "),
        facts.kube.webhook_service
    ))
}

/// Why pods are not running, from their container states and scheduling conditions.
fn pod_troubles(pods: &[Value]) -> Vec<String> {
    let mut out = Vec::new();
    for pod in pods {
        let status = &pod["status"];
        for cs in status["containerStatuses"].as_array().into_iter().flatten() {
            if let Some(waiting) = cs["state"]["waiting"].as_object() {
                let reason = waiting.get("reason").and_then(Value::as_str).unwrap_or("Waiting");
                let message = waiting.get("message").and_then(Value::as_str).unwrap_or("");
                let hint = match reason {
                    "ImagePullBackOff" | "ErrImagePull" | "InvalidImageName" => {
                        " (the image cannot be pulled: check K8S012/K8S013 and the node role's ECR access)"
                    }
                    "CrashLoopBackOff" => {
                        " (the controller exits: kubectl logs shows why, often credentials or --cluster-name)"
                    }
                    _ => "",
                };
                out.push(format!(
                    "{}: {reason}{}{hint}",
                    name_of(pod),
                    if message.is_empty() { String::new() } else { format!(": {message}") }
                ));
            }
        }
        for cond in status["conditions"].as_array().into_iter().flatten() {
            if cond["type"] == "PodScheduled" && cond["status"] == "False" {
                out.push(format!(
                    "{}: not scheduled: {}",
                    name_of(pod),
                    cond["message"].as_str().or(cond["reason"].as_str()).unwrap_or("unknown")
                ));
            }
        }
    }
    out
}

/// K8S011.
pub fn deployment_available(facts: &Facts) -> Verdict {
    let d = match facts.kube.deployment.get() {
        Err(why) => return Verdict::skipped(why),
        Ok(None) => {
            return Verdict::fail(format!("no aws-load-balancer-controller Deployment in {}", facts.target.namespace));
        }
        Ok(Some(d)) => d,
    };
    let (ready, why) = deployment_ready(d);
    if ready {
        return Verdict::pass(format!("Deployment {}: {why}", name_of(d)));
    }
    let troubles = facts.kube.pods.get().map(|p| pod_troubles(p)).unwrap_or_default();
    let detail = if troubles.is_empty() { String::new() } else { format!("; {}", troubles.join("; ")) };
    Verdict::fail(format!("Deployment {} is not Available: {why}{detail}", name_of(d)))
}

/// The registry host of an image reference, when it has one.
fn registry_host(image: &str) -> Option<&str> {
    let (host, _) = image.split_once('/')?;
    (host.contains('.') || host.contains(':')).then_some(host)
}

/// `(region, partition)` of an ECR registry host `<account>.dkr.ecr.<region>.<suffix>`.
fn ecr_location(host: &str) -> Option<(String, Partition)> {
    let rest = host.split_once(".dkr.ecr.")?.1;
    let rest = rest.strip_prefix("fips.").unwrap_or(rest);
    let (region, suffix) = rest.split_once('.')?;
    let partition = Partition::ALL.into_iter().find(|p| suffix == p.dns_suffix())?;
    Some((region.to_string(), partition))
}

fn image(facts: &Facts) -> Result<String, String> {
    let d = deployment(facts)?;
    container(d)
        .and_then(|c| c["image"].as_str())
        .map(str::to_string)
        .ok_or_else(|| "the Deployment has no image".into())
}

/// K8S012.
pub fn image_partition(facts: &Facts) -> Verdict {
    let image = match image(facts) {
        Ok(i) => i,
        Err(why) => return Verdict::skipped(why),
    };
    let partition = facts.target.partition;
    let Some(host) = registry_host(&image) else {
        return Verdict::pass(format!("{image} (Docker Hub)"));
    };
    if host == "public.ecr.aws" {
        return match partition {
            Partition::Aws | Partition::AwsUsGov => Verdict::pass(format!("{image} (ECR Public)")),
            other => Verdict::fail(format!(
                "{image} is on ECR Public, which partition {other} cannot reach (ImagePullBackOff)"
            )),
        };
    }
    match ecr_location(host) {
        Some((region, p)) if p != partition => Verdict::fail(format!(
            "{image} is in {region} of partition {p}, the cluster is in partition {partition}: nodes cannot pull it (ImagePullBackOff)"
        )),
        Some((region, _)) => Verdict::pass(format!("{image} (ECR {region})")),
        None => Verdict::pass(format!("{image} (not an ECR registry)")),
    }
}

/// K8S013.
pub fn image_region(facts: &Facts) -> Verdict {
    let image = match image(facts) {
        Ok(i) => i,
        Err(why) => return Verdict::skipped(why),
    };
    match registry_host(&image).and_then(ecr_location) {
        Some((_, p)) if p != facts.target.partition => Verdict::skipped("another partition (K8S012)"),
        Some((region, _)) if region != facts.target.region => Verdict::warn(format!(
            "{image} is pulled from {region}, the cluster is in {}: cross-region pulls are slower and bypass an ECR VPC endpoint",
            facts.target.region
        )),
        Some((region, _)) => Verdict::pass(format!("ECR registry in {region}")),
        None => Verdict::pass(format!("{image} is not in a regional ECR registry")),
    }
}

/// K8S014.
pub fn kube_reads_allowed(facts: &Facts) -> Verdict {
    let denied: Vec<String> = facts
        .denied
        .iter()
        .filter_map(|d| d.action.strip_prefix("kubernetes: ").map(|a| format!("{a} ({})", d.detail)))
        .collect();
    if !denied.is_empty() {
        return Verdict::warn(format!("forbidden: {}; the checks that need them were skipped", denied.join("; ")));
    }
    match facts.kube.service_account.get() {
        Err(why) => Verdict::skipped(why),
        Ok(_) => Verdict::pass("every read was allowed"),
    }
}

/// K8S016.
pub fn install_is_albctls(facts: &Facts) -> Verdict {
    let deployment = match facts.kube.deployment.get() {
        Err(why) => return Verdict::skipped(why),
        Ok(None) => return Verdict::skipped("no controller Deployment (K8S005)"),
        Ok(Some(d)) => d,
    };
    let mut foreign = Vec::new();
    if let Some(m) = crate::model::ownership::foreign_manager(&deployment["metadata"]) {
        let image = deployment["spec"]["template"]["spec"]["containers"][0]["image"].as_str().unwrap_or("?");
        let owner = match crate::model::ownership::helm_release(&deployment["metadata"]) {
            Some((name, namespace)) => format!("Helm release {namespace}/{name}"),
            None => m,
        };
        foreign.push(format!("the Deployment ({image}) is managed by {owner}"));
    }
    if let Ok(Some(sa)) = facts.kube.service_account.get()
        && let Some(m) = crate::model::ownership::foreign_manager(&sa["metadata"])
    {
        foreign.push(format!("the ServiceAccount is managed by {m}"));
    }
    // NB: albctl's controller with eksctl's ServiceAccount (left as is, already naming the role)
    // is an albctl install; only a controller another tool installed needs adopting.
    if crate::model::ownership::foreign_manager(&deployment["metadata"]).is_none() {
        return Verdict::pass(match foreign.first() {
            Some(sa) => format!("the Deployment is albctl's; {sa}, which albctl leaves as is"),
            None => "applied and managed by albctl".to_string(),
        });
    }
    Verdict::warn(format!(
        "{}: albctl does not manage this install, so it does not keep it at {}; `setup --adopt` takes it over in place \
         (same objects, same webhook certificate, the role the ServiceAccount names)",
        foreign.join("; "),
        crate::policy::CONTROLLER_VERSION
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn args_in_both_spellings() {
        let c = json!({"args": ["--cluster-name=a", "--aws-region", "eu-west-1", "--aws-vpc-id"]});
        assert_eq!(arg(&c, "--cluster-name").as_deref(), Some("a"));
        assert_eq!(arg(&c, "--aws-region").as_deref(), Some("eu-west-1"));
        assert_eq!(arg(&c, "--aws-vpc-id"), None);
        assert_eq!(arg(&c, "--ingress-class"), None);
    }

    #[test]
    fn ecr_hosts_name_region_and_partition() {
        assert_eq!(
            ecr_location("602401143452.dkr.ecr.eu-west-1.amazonaws.com"),
            Some(("eu-west-1".into(), Partition::Aws))
        );
        assert_eq!(
            ecr_location("918309763551.dkr.ecr.cn-north-1.amazonaws.com.cn"),
            Some(("cn-north-1".into(), Partition::AwsCn))
        );
        assert_eq!(ecr_location("public.ecr.aws"), None);
        assert_eq!(registry_host("public.ecr.aws/eks/x:v1"), Some("public.ecr.aws"));
        assert_eq!(registry_host("amazon/aws-load-balancer-controller:v1"), None);
    }

    #[test]
    fn schema_paths_walk_properties_and_items() {
        let schema =
            json!({"properties": {"spec": {"properties": {"a": {}, "b": {"items": {"properties": {"c": {}}}}}}}});
        let mut out = BTreeSet::new();
        schema_paths(&schema, "", &mut out);
        let want: BTreeSet<String> = ["spec", "spec.a", "spec.b", "spec.b[].c"].iter().map(|s| s.to_string()).collect();
        assert_eq!(out, want);
    }
}

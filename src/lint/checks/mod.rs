//! Pure checks: parsed objects in, findings out. No I/O, no AWS, no Kubernetes client.
//!
//! [`lint`] selects the objects the controller would handle (as the controller selects them:
//! the class annotation first, then `spec.ingressClassName` or the default IngressClass; for
//! Services the load balancer class or the legacy type annotation), judges every annotation
//! against the catalogue, then the rules that span keys and objects (ssl-redirect, IngressGroup
//! conflicts, backends). [`refs`] does the same for AWS references, given what AWS answered.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::Value;

use super::catalogue::{
    self, ALB_CLASS, ALB_CONTROLLER, Annotation, INGRESS_CLASS_ANNOTATION, INGRESS_PREFIX, NLB_CLASS, SERVICE_PREFIX,
    Severity, ValueType,
};
use super::gather::Object;

pub mod auto_mode;
pub mod groups;
pub mod refs;
pub mod schemas;
pub mod values;

/// The object a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectId {
    /// Kind.
    pub kind: String,
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable code (`LINT001`).
    pub code: &'static str,
    /// Severity (from the code).
    pub severity: Severity,
    /// The object.
    pub object: ObjectId,
    /// The annotation key or field.
    pub key: String,
    /// What is wrong, in the user's terms.
    pub message: String,
    /// What to write instead.
    pub suggestion: Option<String>,
    /// File (or the live object's address).
    pub file: String,
    /// Line in the file.
    pub line: Option<usize>,
}

/// What the checks need besides the objects.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The region load balancers are made in (certificates must be there).
    pub region: Option<String>,
    /// `--target auto-mode`: only what would not carry over to EKS Auto Mode (AUTO0xx).
    pub auto_mode: bool,
}

/// The result of [`lint`].
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Findings, by file, line, code.
    pub findings: Vec<Finding>,
    /// Indices (into the inputs) of the objects judged.
    pub judged: Vec<usize>,
    /// Objects skipped, with the reason.
    pub skipped: Vec<(String, String)>,
}

/// What role an object has for the controller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// An Ingress of an ALB class.
    Ingress,
    /// A Service the controller makes an NLB for.
    NlbService,
    /// A Service only read as an Ingress backend (its alb.ingress.kubernetes.io keys).
    BackendService,
    /// IngressClassParams.
    Params,
}

/// Builds findings for one object.
pub(crate) struct Emit<'a> {
    pub object: &'a Object,
    pub out: &'a mut Vec<Finding>,
}

impl Emit<'_> {
    pub fn at(
        &mut self,
        code: &'static str,
        key: &str,
        line: Option<usize>,
        message: String,
        suggestion: Option<String>,
    ) {
        let o = self.object;
        self.out.push(Finding {
            code,
            severity: catalogue::check(code).severity,
            object: ObjectId { kind: o.kind.clone(), namespace: o.namespace.clone(), name: o.name.clone() },
            key: key.to_string(),
            message,
            suggestion,
            file: o.file.clone(),
            line,
        });
    }

    /// A finding on an annotation, at its line.
    pub fn key(&mut self, code: &'static str, key: &str, message: String, suggestion: Option<String>) {
        let line = self.object.annotation_line(key);
        self.at(code, key, line, message, suggestion);
    }
}

/// Judges the objects; `opts.region` enables the certificate region check.
pub fn lint(objects: &[Object], opts: &Options) -> Outcome {
    let classes = IngressClasses::of(objects);
    let gateway = super::gateway::Selection::of(objects);
    let mut out = Vec::new();
    let mut roles: Vec<Option<Role>> = Vec::with_capacity(objects.len());
    let mut skipped = Vec::new();
    for o in objects {
        let role = match o.kind.as_str() {
            "Ingress" => match classes.ingress_managed(o) {
                Ok(()) => Some(Role::Ingress),
                Err(why) => {
                    skipped.push((o.display(), why));
                    None
                }
            },
            "Service" => match service_role(o) {
                Ok(role) => Some(role),
                Err(why) => {
                    legacy_external_without_target_type(o, &mut out);
                    skipped.push((o.display(), why));
                    None
                }
            },
            "IngressClassParams" if o.api_version.starts_with("elbv2.k8s.aws/") => Some(Role::Params),
            "TargetGroupBinding" if opts.auto_mode && o.api_version.starts_with("elbv2.k8s.aws/") => {
                auto_mode::target_group_binding(&mut Emit { object: o, out: &mut out });
                None
            }
            _ => {
                match gateway.role(o) {
                    Some(Ok(())) => {}
                    Some(Err(why)) => skipped.push((o.display(), why)),
                    None => skipped.push((o.display(), format!("kind {} is not judged", o.kind))),
                }
                None
            }
        };
        roles.push(role);
    }
    // Services read as backends of judged Ingresses.
    let backends = backend_services(objects, &roles);
    let mut backend_only = std::collections::HashSet::new();
    for (i, o) in objects.iter().enumerate() {
        if roles[i].is_none() && o.kind == "Service" && backends.contains_key(&(o.namespace.clone(), o.name.clone())) {
            roles[i] = Some(Role::BackendService);
            backend_only.insert(o.display());
        }
    }
    if !backend_only.is_empty() {
        skipped.retain(|(d, _)| !backend_only.contains(d));
    }
    let mut judged = Vec::new();
    for (i, (o, role)) in objects.iter().zip(&roles).enumerate() {
        let Some(role) = role else { continue };
        judged.push(i);
        let mut emit = Emit { object: o, out: &mut out };
        if opts.auto_mode {
            auto_mode::readiness(&mut emit, *role);
            continue;
        }
        match role {
            Role::Params => params(&mut emit, opts),
            _ => annotations(&mut emit, *role, opts),
        }
        if *role == Role::Ingress {
            ingress_backends(&mut emit, objects);
        }
    }
    if opts.auto_mode {
        let tgbs = objects.iter().enumerate().filter(|(_, o)| o.kind == "TargetGroupBinding");
        judged.extend(tgbs.clone().map(|(i, _)| i));
        let shown: std::collections::HashSet<String> = tgbs.map(|(_, o)| o.display()).collect();
        skipped.retain(|(d, _)| !shown.contains(d));
    } else {
        let ingresses: Vec<&Object> =
            objects.iter().zip(&roles).filter(|(_, r)| **r == Some(Role::Ingress)).map(|(o, _)| o).collect();
        groups::check(&ingresses, &mut out);
        judged.extend(super::gateway::check(objects, &gateway, opts, &mut out));
    }
    judged.sort_unstable();
    out.sort_by(|a, b| (&a.file, a.line, a.code).cmp(&(&b.file, b.line, b.code)));
    out.dedup();
    Outcome { findings: out, judged, skipped }
}

/// The IngressClasses among the inputs.
struct IngressClasses {
    /// name -> (is an ALB class, is the default).
    by_name: HashMap<String, (bool, bool)>,
}

impl IngressClasses {
    fn of(objects: &[Object]) -> IngressClasses {
        let by_name = objects
            .iter()
            .filter(|o| o.kind == "IngressClass")
            .map(|o| {
                let alb = o.value["spec"]["controller"].as_str() == Some(ALB_CONTROLLER);
                let default = o.annotation("ingressclass.kubernetes.io/is-default-class") == Some("true");
                (o.name.clone(), (alb, default))
            })
            .collect();
        IngressClasses { by_name }
    }

    /// Whether the controller handles this Ingress, else why not.
    fn ingress_managed(&self, o: &Object) -> Result<(), String> {
        if let Some(class) = o.value["metadata"]["annotations"][INGRESS_CLASS_ANNOTATION].as_str() {
            return if class == ALB_CLASS { Ok(()) } else { Err(format!("kubernetes.io/ingress.class is {class}")) };
        }
        let class = match o.value["spec"]["ingressClassName"].as_str() {
            Some(c) => c.to_string(),
            None => match self.by_name.iter().find(|(_, (_, default))| *default) {
                Some((name, _)) => name.clone(),
                None => return Err("no IngressClass (and no default IngressClass among the inputs)".into()),
            },
        };
        match self.by_name.get(&class) {
            Some((true, _)) => Ok(()),
            Some((false, _)) => Err(format!("IngressClass {class} is not the controller's")),
            None if class == ALB_CLASS => Ok(()),
            None => Err(format!("IngressClass {class} is not among the inputs and is not {ALB_CLASS}")),
        }
    }
}

/// Whether (and how) the controller handles a Service.
fn service_role(o: &Object) -> Result<Role, String> {
    let spec = &o.value["spec"];
    if let Some(class) = spec["loadBalancerClass"].as_str() {
        return if class == NLB_CLASS { Ok(Role::NlbService) } else { Err(format!("loadBalancerClass {class}")) };
    }
    let lb_type = o.annotation("service.beta.kubernetes.io/aws-load-balancer-type");
    let target = o.annotation("service.beta.kubernetes.io/aws-load-balancer-nlb-target-type");
    match (lb_type, target) {
        (Some("nlb-ip"), _) | (Some("external"), Some("ip" | "instance")) => Ok(Role::NlbService),
        (Some("external"), _) => Err("aws-load-balancer-type external without an ip/instance target type".into()),
        // NB: the controller's webhook gives new LoadBalancer Services its class when they have none.
        (None, _) if spec["type"].as_str() == Some("LoadBalancer") => Ok(Role::NlbService),
        _ => Err("not a LoadBalancer Service of the controller".into()),
    }
}

fn legacy_external_without_target_type(o: &Object, out: &mut Vec<Finding>) {
    let lb_type = "service.beta.kubernetes.io/aws-load-balancer-type";
    let target_key = "service.beta.kubernetes.io/aws-load-balancer-nlb-target-type";
    if o.value["spec"]["loadBalancerClass"].is_null() && o.annotation(lb_type) == Some("external") {
        let target = o.annotation(target_key);
        let line = if target.is_some() { o.annotation_line(target_key) } else { o.annotation_line(lb_type) };
        let said = target.map(|t| format!(" (it is '{t}')")).unwrap_or_default();
        Emit { object: o, out }.at(
            "LINT014",
            target_key,
            line,
            format!("aws-load-balancer-type is external but aws-load-balancer-nlb-target-type is not ip or instance{said}: the controller does not reconcile this Service"),
            Some(format!("add {target_key}: ip (or instance)")),
        );
    }
}

/// (namespace, name) of every Service a judged Ingress sends traffic to, with the Ingress index.
fn backend_services(objects: &[Object], roles: &[Option<Role>]) -> HashMap<(String, String), usize> {
    let mut out = HashMap::new();
    for (i, o) in objects.iter().enumerate() {
        if roles[i] != Some(Role::Ingress) {
            continue;
        }
        for b in backends(o) {
            if let Some(name) = b.service {
                out.entry((o.namespace.clone(), name)).or_insert(i);
            }
        }
    }
    out
}

/// One backend of an Ingress rule (or its default backend).
pub(crate) struct Backend {
    pub service: Option<String>,
    pub port_name: Option<String>,
    pub path: Vec<String>,
}

pub(crate) fn backends(o: &Object) -> Vec<Backend> {
    let mut out = Vec::new();
    let mut push = |b: &Value, path: Vec<String>| {
        let svc = &b["service"];
        out.push(Backend {
            service: svc["name"].as_str().or(b["serviceName"].as_str()).map(str::to_string),
            port_name: svc["port"]["name"].as_str().or(b["servicePort"].as_str()).map(str::to_string),
            path,
        });
    };
    if o.value["spec"]["defaultBackend"].is_object() {
        push(&o.value["spec"]["defaultBackend"], vec!["spec".into(), "defaultBackend".into()]);
    }
    for (r, rule) in o.value["spec"]["rules"].as_array().into_iter().flatten().enumerate() {
        for (p, path) in rule["http"]["paths"].as_array().into_iter().flatten().enumerate() {
            let at = ["spec", "rules", &r.to_string(), "http", "paths", &p.to_string(), "backend"];
            push(&path["backend"], at.iter().map(|s| s.to_string()).collect());
        }
    }
    out
}

/// `use-annotation` backends need their actions.NAME; instance targets need a NodePort Service.
fn ingress_backends(emit: &mut Emit, objects: &[Object]) {
    let o = emit.object;
    let ing_target = o.annotation("alb.ingress.kubernetes.io/target-type");
    for b in backends(o) {
        let line = o.line_of(&b.path.iter().map(String::as_str).collect::<Vec<_>>());
        let Some(service) = &b.service else { continue };
        if b.port_name.as_deref() == Some("use-annotation") {
            let key = format!("{INGRESS_PREFIX}actions.{service}");
            if o.annotation(&key).is_none() && o.value["metadata"]["annotations"][&key].is_null() {
                emit.at(
                    "LINT019",
                    &key,
                    line,
                    format!("backend {service} uses port use-annotation but there is no {key}: the rule answers 503"),
                    Some(format!("add the {key} annotation, or point the backend at a Service port")),
                );
            }
            continue;
        }
        let Some(svc) =
            objects.iter().find(|s| s.kind == "Service" && s.namespace == o.namespace && &s.name == service)
        else {
            continue;
        };
        let svc_target = svc.annotation("alb.ingress.kubernetes.io/target-type");
        let target = svc_target.or(ing_target).unwrap_or("instance");
        let svc_type = svc.value["spec"]["type"].as_str().unwrap_or("ClusterIP");
        if target == "instance" && !matches!(svc_type, "NodePort" | "LoadBalancer") {
            let how = match (svc_target, ing_target) {
                (Some(_), _) => "the Service's target-type annotation",
                (None, Some(_)) => "this Ingress's target-type annotation",
                (None, None) => "the controller's default",
            };
            let key = format!("{INGRESS_PREFIX}target-type");
            let line = if ing_target.is_some() && svc_target.is_none() { o.annotation_line(&key) } else { line };
            emit.at(
                "LINT010",
                &key,
                line,
                format!("target type is instance ({how}) but Service {service} is {svc_type}: instance targets need a NodePort"),
                Some(format!("set {key}: ip, or make Service {service} type NodePort")),
            );
        }
    }
}

/// Whether an annotation key belongs to the controller's namespaces (so an unknown one is a typo).
fn controller_key(key: &str) -> bool {
    key.starts_with(INGRESS_PREFIX)
        || key.starts_with("service.beta.kubernetes.io/aws-load-balancer-")
        || key.starts_with("service.kubernetes.io/aws-load-balancer-")
        || key.starts_with("alb.ingress.kubernetes.io")
}

/// The nearest known key to an unknown one, read on `kind`.
fn suggest_key(key: &str, kind: &str) -> Option<String> {
    if let Some(rest) = key.strip_prefix("service.kubernetes.io/") {
        let fixed = format!("{SERVICE_PREFIX}{rest}");
        if catalogue::find(&fixed).is_some() {
            return Some(fixed);
        }
    }
    let limit = 3.max(key.len() / 10);
    let mut best: Option<(usize, String)> = None;
    for a in catalogue::annotations().iter().filter(|a| a.read_on(kind)) {
        let candidate = match a.key.split_once('*') {
            None => a.key.clone(),
            Some((head, _)) => {
                // Compare the fixed head with the same length of the user's key.
                let head = head.trim_end_matches('.');
                let user_head = key.find('.').and_then(|_| key.rfind('/').map(|s| s + 1)).map(|s| {
                    let tail = &key[s..];
                    match tail.find('.') {
                        Some(dot) => (&key[..s + dot], &tail[dot..]),
                        None => (key, ""),
                    }
                });
                match user_head {
                    Some((uh, tail)) if !tail.is_empty() && values::edit_distance(uh, head) <= 2 => {
                        format!("{head}{tail}")
                    }
                    _ => continue,
                }
            }
        };
        if candidate.len().abs_diff(key.len()) > limit {
            continue;
        }
        let d = values::edit_distance(key, &candidate);
        if best.as_ref().is_none_or(|(b, _)| d < *b) {
            best = Some((d, candidate));
        }
    }
    best.filter(|(d, _)| *d <= limit).map(|(_, k)| k)
}

fn kind_reads(a: &Annotation, role: Role) -> bool {
    match role {
        Role::Ingress => a.read_on("Ingress"),
        Role::NlbService => a.read_on("Service"),
        Role::BackendService => a.read_on("Service") && a.key.starts_with(INGRESS_PREFIX),
        Role::Params => false,
    }
}

/// Every annotation of a judged Ingress or Service.
fn annotations(emit: &mut Emit, role: Role, opts: &Options) {
    let o = emit.object;
    let kind = if role == Role::Ingress { "Ingress" } else { "Service" };
    for (key, value) in o.annotations() {
        // A backend-only Service is judged for the Ingress keys only.
        if role == Role::BackendService && !key.starts_with(INGRESS_PREFIX) {
            continue;
        }
        let known = catalogue::find(key);
        let Some(a) = known else {
            let relevant = controller_key(key)
                || (role == Role::NlbService && key.starts_with(SERVICE_PREFIX) && suggest_key(key, kind).is_some());
            if relevant {
                let suggestion = suggest_key(key, kind);
                let message = if key.starts_with("service.beta.kubernetes.io/aws-load-balancer-")
                    && suggestion.is_none()
                {
                    format!(
                        "{key} is not read by the AWS Load Balancer Controller (only by the in-tree cloud provider, if at all): ignored"
                    )
                } else if key.starts_with("service.kubernetes.io/") {
                    format!("{key} uses the service.kubernetes.io/ prefix, which the controller never reads: ignored")
                } else {
                    format!("unknown annotation {key}: the controller ignores it")
                };
                emit.key("LINT001", key, message, suggestion.map(|s| format!("did you mean {s}?")));
            }
            continue;
        };
        if !kind_reads(a, role) {
            if role == Role::NlbService && a.key.starts_with(INGRESS_PREFIX) {
                continue; // read when an Ingress uses the Service as a backend
            }
            let on = a.on.join(" and ");
            emit.key("LINT002", key, format!("{key} is read on {on} objects, not on a {kind}: ignored here"), None);
            continue;
        }
        let text = match value {
            Value::String(s) => s.as_str(),
            other => {
                emit.key(
                    "LINT017",
                    key,
                    format!(
                        "the value of {key} is a YAML {}, not a string: the API server rejects the object",
                        json_type(other)
                    ),
                    Some(format!("quote it: \"{}\"", scalar_text(other))),
                );
                continue;
            }
        };
        if let Some(plain) = o.plain_annotation(key)
            && values::yaml11_non_string(plain)
        {
            emit.key(
                "LINT017",
                key,
                format!("unquoted {plain} in {key} is a boolean or null to kubectl (YAML 1.1): the API server rejects the object"),
                Some(format!("quote it: \"{plain}\"")),
            );
            continue;
        }
        lifecycle(emit, a, key);
        value_checks(emit, a, key, text, opts);
    }
    if role != Role::BackendService {
        health_check_timing(emit, role);
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "mapping",
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Deprecated, controller-written, gated and dependent keys.
fn lifecycle(emit: &mut Emit, a: &Annotation, key: &str) {
    let o = emit.object;
    if a.deprecated {
        let code = if key == INGRESS_CLASS_ANNOTATION { "LINT015" } else { "LINT016" };
        let message = if key == INGRESS_CLASS_ANNOTATION {
            format!("{key} is deprecated: it overrides spec.ingressClassName and IngressClassParams are not applied")
        } else {
            format!("{key} is deprecated")
        };
        let suggestion = a.replacement.as_ref().map(|r| {
            if key == INGRESS_CLASS_ANNOTATION {
                format!("remove it and set spec.ingressClassName: {}", o.annotation(key).unwrap_or(ALB_CLASS))
            } else {
                format!("use {r}")
            }
        });
        emit.key(code, key, message, suggestion);
    }
    if a.written_by_controller {
        emit.key(
            "LINT018",
            key,
            format!("{key} is written by the controller; a value set by hand is overwritten or removed"),
            Some("remove it".into()),
        );
    } else if let (Some(gate), Some("off")) = (&a.gate, a.gate_default.as_deref()) {
        emit.key(
            "LINT018",
            key,
            format!("{key} needs the controller feature gate {gate}, which is off by default"),
            Some(format!("start the controller with --feature-gates={gate}=true, or remove the annotation")),
        );
    }
    if let Some(needs) = &a.needs
        && let Some((nk, nv)) = needs.split_once('=')
        && o.annotation(nk).and_then(values::parse_bool) != Some(nv == "true")
    {
        emit.key(
            "LINT018",
            key,
            format!("{key} has no effect unless {nk} is {nv}"),
            Some(format!("set {nk}: \"{nv}\", or remove {key}")),
        );
    }
}

/// The type, enum, range and format checks of one value.
fn value_checks(emit: &mut Emit, a: &Annotation, key: &str, text: &str, opts: &Options) {
    let by = |a: &Annotation| {
        if a.aws_range() { "the AWS API rejects it (FailedDeployModel)" } else { "the controller rejects it" }
    };
    match a.value_type {
        ValueType::Bool => {
            if values::parse_bool(text).is_none() {
                emit.key(
                    "LINT003",
                    key,
                    format!("{key} must be a boolean, not '{text}'"),
                    Some("use \"true\" or \"false\"".into()),
                );
            }
        }
        ValueType::Int => match values::parse_int(text.trim(), a.bits.unwrap_or(32)) {
            None => emit.key("LINT003", key, format!("{key} must be an integer, not '{text}'"), range_hint(a)),
            Some(v) => {
                if let Some([min, max]) = a.range
                    && !(min..=max).contains(&v)
                {
                    emit.key("LINT005", key, format!("{key} is {v}, outside {min}-{max}: {}", by(a)), range_hint(a));
                }
            }
        },
        ValueType::Enum => {
            let ok = a
                .values
                .iter()
                .flatten()
                .any(|v| if a.case_insensitive { v.eq_ignore_ascii_case(text) } else { v == text });
            if !ok {
                let allowed = a.values.clone().unwrap_or_default().join(", ");
                emit.key(
                    "LINT004",
                    key,
                    format!("{key} is '{text}', which is not one of {allowed}"),
                    Some(format!("use one of: {allowed}")),
                );
            }
        }
        ValueType::IntOrString => {
            let names_allowed = a.values.iter().flatten().any(|v| v == "<service port name>");
            if text != "traffic-port" {
                match values::parse_int(text, 32) {
                    Some(p) if !(1..=65535).contains(&p) => {
                        emit.key(
                            "LINT005",
                            key,
                            format!("{key} is {p}, outside 1-65535: {}", by(a)),
                            Some("use a port 1-65535 or traffic-port".into()),
                        );
                    }
                    Some(_) => {}
                    None if names_allowed && is_port_name(text) => {}
                    None => {
                        let forms = if names_allowed {
                            "traffic-port, a port number or a port name"
                        } else {
                            "traffic-port or a port number"
                        };
                        emit.key(
                            "LINT003",
                            key,
                            format!("{key} must be {forms}, not '{text}'"),
                            Some(format!("use {forms}")),
                        );
                    }
                }
            }
        }
        ValueType::StringMap => match values::string_map(text) {
            Err(why) => {
                emit.key("LINT003", key, format!("{key} must be key=value pairs separated by commas: {why}"), None)
            }
            Ok(map) => map_rules(emit, a, key, &map),
        },
        ValueType::Json => match serde_json::from_str::<Value>(text) {
            Err(e) => emit.key("LINT006", key, format!("{key} is not valid JSON: {e}"), None),
            Ok(v) => {
                for p in schemas::check(a.schema.as_deref().unwrap_or_default(), &v) {
                    let code = if p.range { "LINT005" } else { "LINT006" };
                    emit.key(code, key, format!("{key}: {}", p.message), None);
                }
            }
        },
        ValueType::String | ValueType::StringList => {}
    }
    if let (ValueType::String, Some([min, max]), None) = (a.value_type, a.range, a.format.as_deref())
        && !(min..=max).contains(&(text.len() as i64))
    {
        emit.key("LINT005", key, format!("{key} is {} characters long, outside {min}-{max}", text.len()), None);
    }
    format_checks(emit, a, key, text, opts);
}

fn range_hint(a: &Annotation) -> Option<String> {
    a.range.map(|[min, max]| format!("use an integer from {min} to {max}"))
}

fn is_port_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= 15 && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn map_rules(emit: &mut Emit, a: &Annotation, key: &str, map: &BTreeMap<String, String>) {
    if a.values.as_deref().is_some_and(|v| v.iter().any(|f| f == "CapacityUnits=<int32>")) {
        for (k, v) in map {
            if k != "CapacityUnits" {
                emit.key(
                    "LINT004",
                    key,
                    format!("{key} takes only the key CapacityUnits, not {k}"),
                    Some("use CapacityUnits=<number>".into()),
                );
            } else if values::parse_int(v, 32).is_none() {
                emit.key("LINT003", key, format!("CapacityUnits in {key} must be an integer, not '{v}'"), None);
            }
        }
    }
    if a.format.as_deref() == Some("port-map") {
        for (k, v) in map {
            if values::parse_int(k, 32).is_none() || values::parse_int(v, 32).is_none() {
                emit.key(
                    "LINT003",
                    key,
                    format!("{key} maps NLB ports to ALB ports (80=80); '{k}={v}' is not numbers"),
                    None,
                );
            }
        }
    }
    for attr in ["deletion_protection.enabled", "preserve_client_ip.enabled"] {
        if let Some(v) = map.get(attr)
            && values::parse_bool(v).is_none()
        {
            emit.key("LINT003", key, format!("{attr} in {key} must be true or false, not '{v}'"), None);
        }
    }
    if let Some(v) = map.get("dns_record.client_routing_policy") {
        let allowed = ["availability_zone_affinity", "partial_availability_zone_affinity", "any_availability_zone"];
        if !allowed.contains(&v.as_str()) {
            emit.key(
                "LINT004",
                key,
                format!("dns_record.client_routing_policy in {key} is '{v}'"),
                Some(format!("use one of: {}", allowed.join(", "))),
            );
        }
    }
}

fn format_checks(emit: &mut Emit, a: &Annotation, key: &str, text: &str, opts: &Options) {
    match a.format.as_deref() {
        Some("lb-name") => {
            if let Some(why) = values::lb_name_problem(text) {
                emit.key(
                    "LINT011",
                    key,
                    format!("load balancer name '{text}' {why}"),
                    Some("use at most 32 letters, digits and hyphens".into()),
                );
            }
        }
        Some("group-name") => {
            if let Some(why) = values::group_name_problem(text) {
                emit.key(
                    "LINT009",
                    key,
                    format!("IngressGroup name '{text}' {why}: the Ingress silently leaves its group"),
                    Some(format!("use '{}'", sanitize_group_name(text))),
                );
            }
        }
        Some("certificate-arns") => {
            for arn in values::string_list(text) {
                certificate(emit, key, None, &arn, opts);
            }
        }
        Some("cidrs") => {
            for c in values::string_list(text) {
                if !values::is_cidr(&c) {
                    emit.key("LINT003", key, format!("'{c}' in {key} is not a CIDR (e.g. 10.0.0.0/16)"), None);
                }
            }
        }
        Some("ints") => {
            for p in values::string_list(text) {
                if values::parse_int(&p, 32).is_none() {
                    emit.key("LINT003", key, format!("'{p}' in {key} is not a port number"), None);
                }
            }
        }
        Some("non-empty") if text.trim().is_empty() => {
            emit.key("LINT003", key, format!("{key} is empty: the controller rejects it"), None);
        }
        Some("success-codes") => {
            let grpc = emit.object.annotation("alb.ingress.kubernetes.io/backend-protocol-version") == Some("GRPC");
            let (min, max) = if key.starts_with(SERVICE_PREFIX) {
                (200, 599)
            } else if grpc {
                (0, 99)
            } else {
                (200, 499)
            };
            if let Some((is_range, why)) = values::success_codes_problem(text, min, max) {
                let code = if is_range { "LINT005" } else { "LINT003" };
                emit.key(
                    code,
                    key,
                    format!("{key}: {why}; the AWS API rejects it"),
                    Some(format!("use codes within {min}-{max}")),
                );
            }
        }
        _ => {}
    }
}

/// A certificate ARN: well formed, and in the load balancer's region.
pub(crate) fn certificate(emit: &mut Emit, key: &str, line: Option<usize>, arn: &str, opts: &Options) {
    let line = line.or_else(|| emit.object.annotation_line(key));
    match values::parse_certificate_arn(arn) {
        None => emit.at(
            "LINT012",
            key,
            line,
            format!("'{arn}' is not a certificate ARN"),
            Some("use arn:aws:acm:REGION:ACCOUNT:certificate/ID".into()),
        ),
        Some(c) => {
            if let (Some(cert_region), Some(region)) = (c.region, &opts.region)
                && &cert_region != region
            {
                emit.at(
                    "LINT013",
                    key,
                    line,
                    format!("certificate {arn} is in {cert_region}, but the load balancer is in {region}"),
                    Some(format!("import or request the certificate in {region} and use that ARN")),
                );
            }
        }
    }
}

fn sanitize_group_name(name: &str) -> String {
    let lower: String = name
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-' { c } else { '-' })
        .collect();
    let trimmed = lower.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    trimmed.chars().take(63).collect()
}

/// AWS: the health check timeout must be shorter than the interval.
fn health_check_timing(emit: &mut Emit, role: Role) {
    let o = emit.object;
    let (interval, timeout) = match role {
        Role::Ingress => (
            "alb.ingress.kubernetes.io/healthcheck-interval-seconds",
            "alb.ingress.kubernetes.io/healthcheck-timeout-seconds",
        ),
        _ => return,
    };
    let get = |k: &str, d: i64| o.annotation(k).map(|v| values::parse_int(v, 32)).unwrap_or(Some(d));
    if let (Some(i), Some(t)) = (get(interval, 15), get(timeout, 5))
        && (o.annotation(interval).is_some() || o.annotation(timeout).is_some())
        && t >= i
    {
        emit.key(
            "LINT005",
            if o.annotation(timeout).is_some() { timeout } else { interval },
            format!("health check timeout {t}s is not shorter than the interval {i}s: the AWS API rejects it"),
            Some("make the timeout shorter than the interval".into()),
        );
    }
}

/// IngressClassParams: known fields only, and the values the annotations' checks would refuse.
fn params(emit: &mut Emit, opts: &Options) {
    let o = emit.object;
    let spec = &o.value["spec"];
    let Some(fields) = spec.as_object() else { return };
    for (name, value) in fields {
        let line = o.line_of(&["spec", name]);
        let key = format!("spec.{name}");
        if !catalogue::ICP_FIELDS.contains(&name.as_str()) {
            let near = catalogue::ICP_FIELDS
                .iter()
                .min_by_key(|f| values::edit_distance(f, name))
                .filter(|f| values::edit_distance(f, name) <= 3);
            emit.at(
                "LINT024",
                &key,
                line,
                format!("IngressClassParams has no field {name}: the API server drops it"),
                near.map(|f| format!("did you mean spec.{f}?")),
            );
            continue;
        }
        let text = value.as_str();
        let enum_check = |emit: &mut Emit, allowed: &[&str]| {
            if let Some(t) = text
                && !allowed.contains(&t)
            {
                emit.at(
                    "LINT004",
                    &key,
                    line,
                    format!("{key} is '{t}', which is not one of {}", allowed.join(", ")),
                    Some(format!("use one of: {}", allowed.join(", "))),
                );
            }
        };
        match name.as_str() {
            "scheme" => enum_check(emit, &["internal", "internet-facing"]),
            "ipAddressType" => enum_check(emit, &["ipv4", "dualstack", "dualstack-without-public-ipv4"]),
            "targetType" => enum_check(emit, &["instance", "ip"]),
            "loadBalancerName" => {
                if let Some(why) = text.and_then(values::lb_name_problem) {
                    emit.at(
                        "LINT011",
                        &key,
                        line,
                        format!("load balancer name '{}' {why}", text.unwrap_or_default()),
                        None,
                    );
                }
            }
            "group" => {
                let gname = value["name"].as_str().unwrap_or_default();
                if let Some(why) = values::group_name_problem(gname) {
                    let line = o.line_of(&["spec", "group", "name"]);
                    emit.at(
                        "LINT009",
                        "spec.group.name",
                        line,
                        format!("IngressGroup name '{gname}' {why}"),
                        Some(format!("use '{}'", sanitize_group_name(gname))),
                    );
                }
            }
            "certificateArn" => {
                for (i, arn) in value.as_array().into_iter().flatten().enumerate() {
                    let line = o.line_of(&["spec", "certificateArn", &i.to_string()]);
                    certificate(emit, &key, line, arn.as_str().unwrap_or_default(), opts);
                }
            }
            "inboundCIDRs" => {
                for c in value.as_array().into_iter().flatten().filter_map(Value::as_str) {
                    if !values::is_cidr(c) {
                        emit.at("LINT003", &key, line, format!("'{c}' in {key} is not a CIDR"), None);
                    }
                }
            }
            "sslRedirectPort" => {
                if let Some(t) = text
                    && values::parse_int(t, 32).is_none_or(|p| !(1..=65535).contains(&p))
                {
                    emit.at("LINT003", &key, line, format!("{key} must be a port number, not '{t}'"), None);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;

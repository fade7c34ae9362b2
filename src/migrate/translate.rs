//! nginx Ingresses in, the controller's Ingresses (before grouping) and findings out. Pure.
//!
//! Every nginx annotation and ConfigMap key is looked up in the mapping ([`super::mapping`]);
//! a row's handler decides the output, the row decides the finding, and a key no row knows is
//! reported, never dropped silently. Paths keep nginx's semantics as far as ALB allows:
//! Prefix/Exact stay, nginx's string-prefix ImplementationSpecific becomes an ALB wildcard,
//! and a host where any Ingress enables regex (use-regex, rewrite-target) gets regex paths on
//! every Ingress of the host, as nginx builds them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::mapping::{self, NGINX_PREFIX, ReadFrom};
use super::model::{Backend, Draft, Finding, Path, PathType, PortRef};
use crate::lint::gather::Object;

const A: &str = "alb.ingress.kubernetes.io/";
/// nginx's and ALB's idle/read timeout default, seconds.
const DEFAULT_TIMEOUT: i64 = 60;
/// nginx's default HSTS max-age (one year).
const DEFAULT_HSTS_MAX_AGE: &str = "31536000";
/// The largest weight of one target group in a forward action.
const MAX_WEIGHT: i64 = 999;

/// What [`translate`] needs besides the objects.
#[derive(Debug, Clone)]
pub struct Selection {
    /// Indices of the nginx Ingresses (main and canary) among the objects.
    pub nginx: Vec<usize>,
    /// Index of the nginx controller's ConfigMap, when one was given or read.
    pub configmap: Option<usize>,
}

/// The result of [`translate`].
#[derive(Debug, Clone, Default)]
pub struct Translation {
    /// One draft per main (non-canary) nginx Ingress, in input order.
    pub drafts: Vec<Draft>,
    /// What translating found: annotations and ConfigMap keys approximated or dropped, canaries,
    /// paths, health checks.
    pub findings: Vec<Finding>,
}

fn ann<'a>(o: &'a Object, key: &str) -> Option<&'a str> {
    o.annotation(&format!("{NGINX_PREFIX}{key}"))
}

fn truthy(v: Option<&str>) -> Option<bool> {
    v.map(|v| matches!(v.trim(), "true" | "True" | "TRUE" | "1" | "on"))
}

/// The ConfigMap's data, with the object for lines.
struct Defaults<'a> {
    cm: Option<&'a Object>,
}

impl<'a> Defaults<'a> {
    fn get(&self, key: &str) -> Option<&'a str> {
        self.cm.and_then(|o| o.value["data"][key].as_str())
    }
}

/// One path of a source Ingress.
#[derive(Debug, Clone)]
struct SrcPath {
    host: Option<String>,
    path: String,
    path_type: String,
    service: String,
    port: PortRef,
    field: String,
}

fn bad(o: &Object, path: &[&str], what: String) -> anyhow::Error {
    let line = o.line_of(path).map(|l| format!(":{l}")).unwrap_or_default();
    anyhow::anyhow!("{}{line}: {} {}/{}: {what}", o.file, o.kind, o.namespace, o.name)
}

fn port_of(o: &Object, v: &Value, at: &[&str]) -> anyhow::Result<PortRef> {
    if let Some(n) = v["number"].as_i64() {
        return Ok(PortRef::Number(n));
    }
    if let Some(n) = v["name"].as_str() {
        return Ok(PortRef::Name(n.to_string()));
    }
    Err(bad(o, at, "backend service port needs a number or a name".into()))
}

fn src_paths(o: &Object) -> anyhow::Result<Vec<SrcPath>> {
    let mut out = Vec::new();
    for (i, rule) in o.value["spec"]["rules"].as_array().into_iter().flatten().enumerate() {
        let host = rule["host"].as_str().filter(|h| !h.is_empty()).map(str::to_string);
        for (j, p) in rule["http"]["paths"].as_array().into_iter().flatten().enumerate() {
            let (si, sj) = (i.to_string(), j.to_string());
            let at = ["spec", "rules", si.as_str(), "http", "paths", sj.as_str()];
            let Some(service) = p["backend"]["service"]["name"].as_str() else {
                return Err(bad(
                    o,
                    &at,
                    "only Service backends can be migrated (resource backends have no ALB target)".into(),
                ));
            };
            let port = port_of(o, &p["backend"]["service"]["port"], &at)?;
            let path = p["path"].as_str().unwrap_or("/").to_string();
            if !path.starts_with('/') {
                return Err(bad(o, &at, format!("path '{path}' must start with /")));
            }
            out.push(SrcPath {
                host: host.clone(),
                path,
                path_type: p["pathType"].as_str().unwrap_or("ImplementationSpecific").to_string(),
                service: service.to_string(),
                port,
                field: format!("spec.rules.{i}.http.paths.{j}.path"),
            });
        }
    }
    Ok(out)
}

/// Whether a path is the same as a regex and as a literal (no regex syntax but `.`).
fn literal(path: &str) -> bool {
    !path.chars().any(|c| "^$*+?()[]{}|\\".contains(c))
}

fn regex_escape(s: &str) -> String {
    s.chars().fold(String::new(), |mut out, c| {
        if ".^$*+?()[]{}|\\".contains(c) {
            out.push('\\');
        }
        out.push(c);
        out
    })
}

/// Whether an Ingress turns regex matching on for its hosts.
fn enables_regex(o: &Object) -> bool {
    truthy(ann(o, "use-regex")) == Some(true) || ann(o, "rewrite-target").is_some()
}

fn is_canary(o: &Object) -> bool {
    truthy(ann(o, "canary")) == Some(true)
}

/// A DNS-1035 label for an action name (`use-annotation` backends name one as a Service).
fn action_name(parts: &[&str]) -> String {
    let raw = parts.join("-").to_ascii_lowercase();
    let mut s: String = raw.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    while s.contains("--") {
        s = s.replace("--", "-");
    }
    let mut s = s.trim_matches('-').to_string();
    if !s.starts_with(|c: char| c.is_ascii_lowercase()) {
        s = format!("a-{s}");
    }
    if s.len() > 63 {
        let hash = raw.bytes().fold(0xcbf29ce484222325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3));
        s = format!("{}-{:08x}", s[..54].trim_end_matches('-'), hash as u32);
    }
    s
}

fn port_json(p: &PortRef) -> Value {
    match p {
        PortRef::Number(n) => json!(n),
        PortRef::Name(n) => json!(n),
    }
}

fn parse_seconds(o: &Object, key: &str, v: &str, cm: bool) -> anyhow::Result<i64> {
    v.trim().trim_end_matches('s').parse::<i64>().map_err(|_| {
        let at: Vec<&str> = if cm { vec!["data", key] } else { vec!["metadata", "annotations", key] };
        bad(o, &at, format!("{key} '{v}' is not a whole number"))
    })
}

/// A URL as an ALB redirect config.
fn redirect_config(url: &str, code: &str) -> Option<Value> {
    let (scheme, rest) = url.split_once("://")?;
    let (authority, path_query) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if p.chars().all(|c| c.is_ascii_digit()) => (h, p.to_string()),
        _ => (authority, if scheme.eq_ignore_ascii_case("https") { "443" } else { "80" }.to_string()),
    };
    let (path, query) = path_query.split_once('?').unwrap_or((path_query, ""));
    let mut c = json!({
        "protocol": scheme.to_ascii_uppercase(),
        "host": host,
        "port": port,
        "path": path,
        "statusCode": code,
    });
    if !query.is_empty() {
        c["query"] = json!(query);
    }
    Some(c)
}

/// Findings and overrides per key, filled as handlers run; what is left gets the row's default.
struct Verdicts<'a> {
    o: &'a Object,
    done: BTreeSet<String>,
    out: Vec<Finding>,
}

impl Verdicts<'_> {
    /// Reports `key` with its row's code and explanation (none for exact rows).
    fn row(&mut self, key: &str, extra: Option<String>) {
        if !self.done.insert(key.to_string()) {
            return;
        }
        let Some(row) = mapping::find(ReadFrom::Annotation, key) else { return };
        if let Some(code) = &row.code {
            let code = mapping::code(code).code;
            let msg = match extra {
                Some(e) => format!("{}: {e}", row.explanation()),
                None => row.explanation().to_string(),
            };
            self.out.push(Finding::new(code, self.o, &row.full_key(), msg));
        }
    }

    /// Reports `key` with a code other than the row's (a value the row's kind does not cover).
    fn code(&mut self, key: &str, code: &'static str, message: String) {
        if self.done.insert(key.to_string()) {
            self.out.push(Finding::new(code, self.o, &format!("{NGINX_PREFIX}{key}"), message));
        }
    }

    /// Marks `key` as translated exactly.
    fn exact(&mut self, key: &str) {
        self.done.insert(key.to_string());
    }
}

/// Translates every nginx Ingress of the selection.
pub fn translate(objects: &[Object], sel: &Selection) -> anyhow::Result<Translation> {
    let defaults = Defaults { cm: sel.configmap.map(|i| &objects[i]) };
    let nginx: Vec<&Object> = sel.nginx.iter().map(|&i| &objects[i]).collect();
    // Hosts where nginx matches by regex: any Ingress of the host enables it.
    let mut regex_hosts: BTreeSet<Option<String>> = BTreeSet::new();
    for o in &nginx {
        if enables_regex(o) {
            for p in src_paths(o)? {
                regex_hosts.insert(p.host);
            }
        }
    }
    let mut out = Translation::default();
    if let Some(cm) = defaults.cm {
        configmap_findings(cm, &mut out.findings);
    }
    let mains: Vec<usize> = sel.nginx.iter().copied().filter(|&i| !is_canary(&objects[i])).collect();
    let canaries: Vec<usize> = sel.nginx.iter().copied().filter(|&i| is_canary(&objects[i])).collect();
    // (host, path) -> (main index, path position), for canaries.
    let mut main_paths: BTreeMap<(Option<String>, String), usize> = BTreeMap::new();
    for &i in &mains {
        for p in src_paths(&objects[i])? {
            main_paths.entry((p.host, p.path)).or_insert(i);
        }
    }
    let mut canary_for: BTreeMap<usize, Vec<(usize, SrcPath)>> = BTreeMap::new();
    for &c in &canaries {
        let o = &objects[c];
        let mut v = Verdicts { o, done: BTreeSet::new(), out: Vec::new() };
        let mut merged = false;
        for p in src_paths(o)? {
            match main_paths.get(&(p.host.clone(), p.path.clone())) {
                Some(&m) => {
                    canary_for.entry(m).or_default().push((c, p));
                    merged = true;
                }
                None => {
                    let host = p.host.as_deref().unwrap_or("*");
                    v.out.push(Finding::new(
                        "MIG010",
                        o,
                        &p.field,
                        format!("no main Ingress serves host {host} path {}: the canary is not emitted", p.path),
                    ));
                }
            }
        }
        for (key, _) in o.annotations() {
            let Some(short) = key.strip_prefix(NGINX_PREFIX) else { continue };
            match mapping::find(ReadFrom::Annotation, short) {
                Some(row) if row.handler.as_deref() == Some("canary") => {
                    if merged {
                        v.row(short, None)
                    } else {
                        v.exact(short)
                    }
                }
                // nginx reads only the canary keys on a canary Ingress.
                Some(_) => v.exact(short),
                None => v.code(short, "MIG003", format!("{key} is not in albctl's mapping")),
            }
        }
        out.findings.extend(v.out);
    }
    for &i in &mains {
        let (draft, findings) = translate_one(objects, i, &defaults, &regex_hosts, canary_for.get(&i))?;
        out.drafts.push(draft);
        out.findings.extend(findings);
    }
    Ok(out)
}

fn configmap_findings(cm: &Object, out: &mut Vec<Finding>) {
    let data = cm.value["data"].as_object().cloned().unwrap_or_default();
    for key in data.keys() {
        match mapping::find(ReadFrom::Configmap, key) {
            Some(row) => {
                let Some(code) = &row.code else { continue };
                let code = mapping::code(code).code;
                out.push(Finding::new(code, cm, key, format!("{key}: {}", row.explanation())));
            }
            None => out.push(Finding::new(
                "MIG005",
                cm,
                key,
                format!("{key} is not in albctl's mapping: nothing on ALB reads it"),
            )),
        }
    }
}

struct Ctx<'a> {
    objects: &'a [Object],
    o: &'a Object,
    defaults: &'a Defaults<'a>,
}

impl Ctx<'_> {
    /// The annotation, else the ConfigMap's default for the same key.
    fn setting(&self, key: &str) -> Option<(&str, bool)> {
        ann(self.o, key).map(|v| (v, false)).or_else(|| self.defaults.get(key).map(|v| (v, true)))
    }

    fn service(&self, name: &str) -> Option<&Object> {
        self.objects.iter().find(|s| s.kind == "Service" && s.namespace == self.o.namespace && s.name == name)
    }

    /// The readiness probe's HTTP path of the pods behind a Service, when the inputs have them.
    fn probe_path(&self, service: &str) -> Option<String> {
        let svc = self.service(service)?;
        let selector = svc.value["spec"]["selector"].as_object()?;
        if selector.is_empty() {
            return None;
        }
        let templates =
            self.objects.iter().filter(|w| w.namespace == self.o.namespace).filter_map(|w| match w.kind.as_str() {
                "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" => Some(&w.value["spec"]["template"]),
                "Pod" => Some(&w.value),
                _ => None,
            });
        for t in templates {
            let labels = &t["metadata"]["labels"];
            if selector.iter().all(|(k, v)| labels[k] == *v) {
                for c in t["spec"]["containers"].as_array().into_iter().flatten() {
                    if let Some(p) = c["readinessProbe"]["httpGet"]["path"].as_str() {
                        return Some(p.to_string());
                    }
                }
            }
        }
        None
    }
}

fn translate_one(
    objects: &[Object],
    index: usize,
    defaults: &Defaults,
    regex_hosts: &BTreeSet<Option<String>>,
    canaries: Option<&Vec<(usize, SrcPath)>>,
) -> anyhow::Result<(Draft, Vec<Finding>)> {
    let o = &objects[index];
    let cx = Ctx { objects, o, defaults };
    let mut v = Verdicts { o, done: BTreeSet::new(), out: Vec::new() };
    let mut annotations: BTreeMap<String, String> = BTreeMap::new();
    // Other tools' annotations stay; nginx's and the class annotation go.
    for (key, value) in o.annotations() {
        let skip = key.starts_with(NGINX_PREFIX)
            || key == "kubernetes.io/ingress.class"
            || key == "kubectl.kubernetes.io/last-applied-configuration";
        if !skip && let Some(s) = value.as_str() {
            annotations.insert(key.to_string(), s.to_string());
        }
    }
    let set = |a: &mut BTreeMap<String, String>, k: &str, val: String| {
        a.insert(format!("{A}{k}"), val);
    };
    set(&mut annotations, "scheme", "internet-facing".into());
    set(&mut annotations, "target-type", "ip".into());

    let src = src_paths(o)?;
    let own_regex = enables_regex(o);
    let regex_paths: Vec<bool> = src.iter().map(|p| regex_hosts.contains(&p.host) && p.path_type != "Exact").collect();
    let needs_regex_match = src.iter().zip(&regex_paths).any(|(p, r)| *r && !literal(&p.path));
    let mut paths: Vec<Path> = Vec::new();
    let mut case_paths = Vec::new();
    for (n, (p, &regex)) in src.iter().zip(&regex_paths).enumerate() {
        let (path, path_type) = if regex {
            if !own_regex {
                v.out.push(Finding::new(
                    "MIG007",
                    o,
                    &p.field,
                    format!(
                        "another nginx Ingress of host {} enables regex, so nginx matched '{}' as a case-insensitive prefix; ALB matches it case-sensitively",
                        p.host.as_deref().unwrap_or("*"),
                        p.path
                    ),
                ));
            } else if p.path.chars().any(|c| c.is_ascii_alphabetic()) {
                case_paths.push(p.path.clone());
            }
            if needs_regex_match {
                let re = if literal(&p.path) { regex_escape(&p.path) } else { p.path.clone() };
                (format!("/^{re}"), PathType::ImplementationSpecific)
            } else {
                (wildcard(&p.path), PathType::ImplementationSpecific)
            }
        } else {
            match p.path_type.as_str() {
                "Exact" => (p.path.clone(), PathType::Exact),
                "Prefix" => (p.path.clone(), PathType::Prefix),
                _ => (wildcard(&p.path), PathType::ImplementationSpecific),
            }
        };
        let values = usize::from(p.host.is_some()) + if path_type == PathType::Prefix && path != "/" { 2 } else { 1 };
        paths.push(Path {
            host: p.host.clone(),
            path,
            path_type,
            backend: Backend::Service { name: p.service.clone(), port: p.port.clone() },
            nginx_rank: (u8::from(p.path_type != "Exact"), std::cmp::Reverse(p.path.len()), 2 * n + 1),
            condition_values: values,
        });
    }
    if needs_regex_match {
        set(&mut annotations, "use-regex-path-match", "true".into());
    }
    if ann(o, "use-regex").is_some() {
        if own_regex && !case_paths.is_empty() {
            v.row("use-regex", Some(format!("paths {}", case_paths.join(", "))));
        } else {
            v.exact("use-regex");
        }
    }
    let mut actions: BTreeMap<String, Value> = BTreeMap::new();
    let mut conditions: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut transforms: BTreeMap<String, Vec<Value>> = BTreeMap::new();

    // Redirects replace every backend.
    for (key, default_code) in [("permanent-redirect", "301"), ("temporal-redirect", "302")] {
        let Some(url) = ann(o, key) else { continue };
        let code_key = format!("{key}-code");
        let asked = ann(o, &code_key).unwrap_or(default_code).trim().to_string();
        let code = match asked.as_str() {
            "301" | "308" => "HTTP_301",
            _ => "HTTP_302",
        };
        let Some(config) = redirect_config(url, code) else {
            return Err(bad(
                o,
                &["metadata", "annotations", &format!("{NGINX_PREFIX}{key}")],
                format!("'{url}' is not an absolute URL"),
            ));
        };
        let name = action_name(&[key]);
        actions.insert(name.clone(), json!({"type": "redirect", "redirectConfig": config}));
        for p in &mut paths {
            p.backend = Backend::Action(name.clone());
        }
        v.exact(key);
        if ann(o, &code_key).is_some() {
            if asked == default_code || (asked == "302" && key == "permanent-redirect") || asked == "301" {
                v.exact(&code_key);
            } else {
                v.row(&code_key, Some(format!("{asked} becomes {}", &code[5..])));
            }
        }
    }

    // Canaries: one weighted forward per merged path, header/cookie rules before it.
    let mut extra: Vec<Path> = Vec::new();
    // The main path each canary rule copies (its transforms apply to the copy too).
    let mut extra_from: Vec<usize> = Vec::new();
    for (c, cp) in canaries.into_iter().flatten() {
        let co = &objects[*c];
        let Some(pos) = src.iter().position(|p| p.host == cp.host && p.path == cp.path) else { continue };
        let Backend::Service { name: main_svc, port: main_port } = paths[pos].backend.clone() else { continue };
        let weight = ann(co, "canary-weight")
            .map(|w| parse_seconds(co, &format!("{NGINX_PREFIX}canary-weight"), w, false))
            .transpose()?
            .unwrap_or(0);
        let total = ann(co, "canary-weight-total")
            .map(|w| parse_seconds(co, &format!("{NGINX_PREFIX}canary-weight-total"), w, false))
            .transpose()?
            .unwrap_or(100)
            .max(1);
        let weight = weight.clamp(0, total);
        let scale = |w: i64| if total > MAX_WEIGHT { (w * MAX_WEIGHT + total / 2) / total } else { w };
        let (w_main, w_canary) = (scale(total - weight), scale(weight));
        let base = action_name(&[&main_svc, "canary"]);
        if ann(co, "canary-weight").is_some()
            || ann(co, "canary-by-header").is_none() && ann(co, "canary-by-cookie").is_none()
        {
            actions.insert(
                base.clone(),
                json!({"type": "forward", "forwardConfig": {"targetGroups": [
                    {"serviceName": main_svc, "servicePort": port_json(&main_port), "weight": w_main},
                    {"serviceName": cp.service, "servicePort": port_json(&cp.port), "weight": w_canary},
                ]}}),
            );
            paths[pos].backend = Backend::Action(base.clone());
        }
        let header = ann(co, "canary-by-header").map(|h| {
            let config = if let Some(pattern) = ann(co, "canary-by-header-pattern") {
                json!({"httpHeaderName": h, "regexValues": [pattern]})
            } else {
                json!({"httpHeaderName": h, "values": [ann(co, "canary-by-header-value").unwrap_or("always")]})
            };
            ("header", config)
        });
        let cookie = ann(co, "canary-by-cookie")
            .map(|c| ("cookie", json!({"httpHeaderName": "Cookie", "values": [format!("*{c}=always*")]})));
        for (what, config) in header.into_iter().chain(cookie) {
            let name = action_name(&[&main_svc, "canary", what]);
            actions.insert(
                name.clone(),
                json!({"type": "forward", "forwardConfig": {"targetGroups": [
                    {"serviceName": cp.service, "servicePort": port_json(&cp.port)},
                ]}}),
            );
            conditions
                .entry(name.clone())
                .or_default()
                .push(json!({"field": "http-header", "httpHeaderConfig": config}));
            let mut p = paths[pos].clone();
            p.backend = Backend::Action(name);
            p.condition_values += 1;
            // Before the main rule: same precedence, earlier position.
            p.nginx_rank.2 -= 1;
            extra.push(p);
            extra_from.push(pos);
        }
    }

    // Rewrites: one transform per rule; a Service on several paths gets a forward action per path.
    let rewrite = ann(o, "rewrite-target");
    let vhost = ann(o, "upstream-vhost");
    if rewrite.is_some() || vhost.is_some() {
        let mut uses: BTreeMap<String, usize> = BTreeMap::new();
        for p in &paths {
            if let Backend::Service { name, .. } = &p.backend {
                *uses.entry(name.clone()).or_default() += 1;
            }
        }
        for (n, p) in paths.iter_mut().enumerate() {
            let name = match &p.backend {
                Backend::Service { name, port } if uses[name] > 1 && rewrite.is_some() => {
                    let action = action_name(&[name, "path", &n.to_string()]);
                    actions.insert(
                        action.clone(),
                        json!({"type": "forward", "forwardConfig": {"targetGroups": [
                            {"serviceName": name, "servicePort": port_json(port)},
                        ]}}),
                    );
                    p.backend = Backend::Action(action.clone());
                    action
                }
                Backend::Service { name, .. } => name.clone(),
                Backend::Action(a) => a.clone(),
            };
            let list = transforms.entry(name).or_default();
            if let Some(target) = rewrite {
                let source = &src[n].path;
                let re = if literal(source) && !regex_paths[n] { regex_escape(source) } else { source.clone() };
                list.push(json!({"type": "url-rewrite", "urlRewriteConfig": {"rewrites": [{"regex": format!("^{re}.*$"), "replace": target}]}}));
            }
            if let Some(h) = vhost {
                list.push(json!({"type": "host-header-rewrite", "hostHeaderRewriteConfig": {"rewrites": [{"regex": "^.*$", "replace": h}]}}));
            }
            list.dedup();
        }
        for (p, &pos) in extra.iter().zip(&extra_from) {
            let main = match &paths[pos].backend {
                Backend::Service { name, .. } | Backend::Action(name) => name.clone(),
            };
            if let (Backend::Action(copy), Some(list)) = (&p.backend, transforms.get(&main).cloned()) {
                transforms.insert(copy.clone(), list);
            }
        }
        if rewrite.is_some() {
            v.row("rewrite-target", None);
        }
        if vhost.is_some() {
            v.row("upstream-vhost", None);
        }
    }

    // app-root: GET / answers 302 to the app root, on every host of the Ingress.
    if let Some(root) = ann(o, "app-root") {
        let name = action_name(&["app-root"]);
        actions.insert(
            name.clone(),
            json!({"type": "redirect", "redirectConfig": {"path": root, "statusCode": "HTTP_302"}}),
        );
        let hosts: BTreeSet<Option<String>> = src.iter().map(|p| p.host.clone()).collect();
        for host in hosts {
            extra.push(Path {
                condition_values: 1 + usize::from(host.is_some()),
                host,
                path: "/".into(),
                path_type: PathType::Exact,
                backend: Backend::Action(name.clone()),
                nginx_rank: (0, std::cmp::Reverse(1), 0),
            });
        }
        v.exact("app-root");
    }
    // from-to-www-redirect: the other name redirects to the rule's host.
    if truthy(ann(o, "from-to-www-redirect")) == Some(true) {
        let hosts: BTreeSet<String> = src.iter().filter_map(|p| p.host.clone()).collect();
        for host in &hosts {
            let other = match host.strip_prefix("www.") {
                Some(bare) => bare.to_string(),
                None => format!("www.{host}"),
            };
            if hosts.contains(&other) {
                continue;
            }
            let name = action_name(&["www-redirect", host]);
            actions.insert(
                name.clone(),
                json!({"type": "redirect", "redirectConfig": {"host": host, "statusCode": "HTTP_301"}}),
            );
            extra.push(Path {
                host: Some(other),
                path: "/*".into(),
                path_type: PathType::ImplementationSpecific,
                backend: Backend::Action(name),
                nginx_rank: (1, std::cmp::Reverse(0), usize::MAX),
                condition_values: 2,
            });
        }
        v.row("from-to-www-redirect", None);
    } else if ann(o, "from-to-www-redirect").is_some() {
        v.exact("from-to-www-redirect");
    }
    paths.extend(extra);

    // Allow-lists: a source-ip condition on every rule.
    if let Some((cidrs, from_cm)) =
        cx.setting("allowlist-source-range").or_else(|| cx.setting("whitelist-source-range"))
    {
        let cidrs: Vec<String> =
            cidrs.split(',').map(str::trim).filter(|c| !c.is_empty()).map(str::to_string).collect();
        if !cidrs.is_empty() {
            for p in &mut paths {
                let name = match &p.backend {
                    Backend::Service { name, .. } | Backend::Action(name) => name.clone(),
                };
                let list = conditions.entry(name).or_default();
                let cond = json!({"field": "source-ip", "sourceIPConfig": {"values": cidrs}});
                if !list.contains(&cond) {
                    list.push(cond);
                }
                p.condition_values += cidrs.len();
            }
        }
        if !from_cm {
            for key in ["allowlist-source-range", "whitelist-source-range"] {
                if ann(o, key).is_some() {
                    v.row(key, None);
                }
            }
        }
    }

    // TLS and the redirect to HTTPS.
    let tls_hosts: Vec<String> = {
        let mut hosts: Vec<String> = o.value["spec"]["tls"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|t| t["hosts"].as_array().cloned().unwrap_or_default())
            .filter_map(|h| h.as_str().map(str::to_string))
            .collect();
        hosts.sort();
        hosts.dedup();
        hosts
    };
    let tls = o.value["spec"]["tls"].as_array().is_some_and(|t| !t.is_empty());
    let ssl = cx.setting("ssl-redirect");
    let force = cx.setting("force-ssl-redirect");
    let ssl_on = ssl.map(|(v, _)| truthy(Some(v)) == Some(true)).unwrap_or(true);
    let force_on = force.map(|(v, _)| truthy(Some(v)) == Some(true)).unwrap_or(false);
    let redirect = (tls && ssl_on) || force_on;
    let ports = if tls || force_on { r#"[{"HTTP":80},{"HTTPS":443}]"# } else { r#"[{"HTTP":80}]"# };
    set(&mut annotations, "listen-ports", ports.into());
    if redirect {
        set(&mut annotations, "ssl-redirect", "443".into());
        let by_ann = [("force-ssl-redirect", force_on), ("ssl-redirect", tls && ssl_on)]
            .into_iter()
            .find(|(k, on)| *on && ann(o, k).is_some());
        match by_ann {
            Some((k, _)) => v.row(k, None),
            None if ssl.is_none() && !force_on => v.out.push(Finding::new(
                "MIG008",
                o,
                "spec.tls",
                "nginx redirects HTTP to HTTPS (308) by default for TLS hosts; the output sets ssl-redirect 443 (301, the whole ALB's HTTP listener)".into(),
            )),
            None => {}
        }
    }
    for k in ["ssl-redirect", "force-ssl-redirect"] {
        if ann(o, k).is_some() {
            v.exact(k);
        }
    }
    // HSTS on TLS listeners (nginx's default is on).
    if tls && truthy(defaults.get("hsts")).unwrap_or(true) {
        let max_age = defaults.get("hsts-max-age").unwrap_or(DEFAULT_HSTS_MAX_AGE);
        let mut header = format!("max-age={max_age}");
        if truthy(defaults.get("hsts-include-subdomains")).unwrap_or(true) {
            header.push_str("; includeSubDomains");
        }
        if truthy(defaults.get("hsts-preload")).unwrap_or(false) {
            header.push_str("; preload");
        }
        set(
            &mut annotations,
            "listener-attributes.HTTPS-443",
            format!("routing.http.response.strict_transport_security.header_value={header}"),
        );
    }

    // Backends.
    if let Some(proto) = ann(o, "backend-protocol") {
        match proto.trim().to_ascii_uppercase().as_str() {
            "HTTP" | "HTTPS" => {
                set(&mut annotations, "backend-protocol", proto.trim().to_ascii_uppercase());
                v.exact("backend-protocol");
            }
            p @ ("GRPC" | "GRPCS") => {
                set(&mut annotations, "backend-protocol", if p == "GRPC" { "HTTP" } else { "HTTPS" }.into());
                set(&mut annotations, "backend-protocol-version", "GRPC".into());
                v.exact("backend-protocol");
            }
            other => v.code(
                "backend-protocol",
                "MIG002",
                format!("backend-protocol {other} has no ALB equivalent (ALB speaks HTTP/1.1, HTTP/2 and gRPC to targets): dropped, the output uses HTTP"),
            ),
        }
    }
    if ann(o, "service-upstream").is_some() {
        v.row("service-upstream", None);
    }
    let mut tg_attrs: Vec<String> = Vec::new();
    if let Some((lb, _)) = cx.setting("load-balance") {
        match lb.trim() {
            "round_robin" => {
                tg_attrs.push("load_balancing.algorithm.type=round_robin".into());
                v.exact("load-balance");
            }
            "ewma" => {
                tg_attrs.push("load_balancing.algorithm.type=least_outstanding_requests".into());
                v.code(
                    "load-balance",
                    "MIG001",
                    "ewma becomes least_outstanding_requests: ALB has no latency-weighted balancing".into(),
                );
            }
            other => v.code("load-balance", "MIG001", format!("'{other}' has no ALB algorithm: round_robin is used")),
        }
    }
    if let Some(aff) = ann(o, "affinity") {
        if aff.trim() == "cookie" {
            let duration = ["session-cookie-max-age", "session-cookie-expires"]
                .iter()
                .find_map(|k| ann(o, k).map(|val| (k, val)))
                .map(|(k, val)| parse_seconds(o, &format!("{NGINX_PREFIX}{k}"), val, false))
                .transpose()?
                .unwrap_or(86400)
                .clamp(1, 604800);
            tg_attrs.push("stickiness.enabled=true".into());
            tg_attrs.push("stickiness.type=lb_cookie".into());
            tg_attrs.push(format!("stickiness.lb_cookie.duration_seconds={duration}"));
            for k in ["affinity", "session-cookie-name", "session-cookie-max-age", "session-cookie-expires"] {
                if ann(o, k).is_some() {
                    v.row(k, None);
                }
            }
        } else {
            v.code(
                "affinity",
                "MIG002",
                format!("affinity '{aff}' is not an nginx affinity type (only cookie): nothing to translate"),
            );
        }
    }
    if !tg_attrs.is_empty() {
        tg_attrs.sort();
        set(&mut annotations, "target-group-attributes", tg_attrs.join(","));
    }
    let mut lb_attrs: Vec<String> = Vec::new();
    let mut timeout = DEFAULT_TIMEOUT;
    for key in ["proxy-read-timeout", "proxy-send-timeout"] {
        if let Some((val, from_cm)) = cx.setting(key) {
            let full = if from_cm { key.to_string() } else { format!("{NGINX_PREFIX}{key}") };
            timeout =
                timeout.max(parse_seconds(if from_cm { defaults.cm.unwrap_or(o) } else { o }, &full, val, from_cm)?);
            if !from_cm {
                v.row(key, None);
            }
        }
    }
    if timeout != DEFAULT_TIMEOUT {
        lb_attrs.push(format!("idle_timeout.timeout_seconds={}", timeout.clamp(1, 4000)));
    }
    if truthy(defaults.get("use-http2")) == Some(false) {
        lb_attrs.push("routing.http2.enabled=false".into());
    }
    if !lb_attrs.is_empty() {
        set(&mut annotations, "load-balancer-attributes", lb_attrs.join(","));
    }
    let mut default_backend = o.value["spec"]["defaultBackend"]["service"]["name"].as_str().map(|n| Backend::Service {
        name: n.to_string(),
        port: port_of(o, &o.value["spec"]["defaultBackend"]["service"]["port"], &["spec", "defaultBackend"])
            .unwrap_or(PortRef::Number(80)),
    });
    if let Some(db) = ann(o, "default-backend") {
        let port = cx
            .service(db)
            .and_then(|s| s.value["spec"]["ports"][0]["port"].as_i64())
            .map(PortRef::Number)
            .unwrap_or(PortRef::Number(80));
        default_backend = Some(Backend::Service { name: db.to_string(), port });
        v.row("default-backend", None);
    }

    // Health checks from readiness probes.
    let mut services: BTreeSet<String> = BTreeSet::new();
    for p in &paths {
        if let Backend::Service { name, .. } = &p.backend {
            services.insert(name.clone());
        }
    }
    for a in actions.values() {
        for tg in a["forwardConfig"]["targetGroups"].as_array().into_iter().flatten() {
            if let Some(s) = tg["serviceName"].as_str() {
                services.insert(s.to_string());
            }
        }
    }
    let probes: BTreeMap<&String, Option<String>> = services.iter().map(|s| (s, cx.probe_path(s))).collect();
    let found: BTreeSet<&String> = probes.values().flatten().collect();
    if found.len() == 1 && probes.values().all(Option::is_some) {
        set(&mut annotations, "healthcheck-path", found.into_iter().next().cloned().unwrap_or_default());
    } else if !services.is_empty() {
        let list: Vec<String> = probes
            .iter()
            .map(|(s, p)| match p {
                Some(p) => format!("{s} (probe {p})"),
                None => format!("{s} (no probe found)"),
            })
            .collect();
        v.out.push(Finding::new(
            "MIG013",
            o,
            "spec.rules",
            format!("ALB health-checks every target group on / by default; backends: {}", list.join(", ")),
        ));
    }

    // Write the JSON annotations.
    for (name, a) in &actions {
        set(&mut annotations, &format!("actions.{name}"), a.to_string());
    }
    for (name, c) in &conditions {
        set(&mut annotations, &format!("conditions.{name}"), Value::Array(c.clone()).to_string());
    }
    for (name, t) in &transforms {
        set(&mut annotations, &format!("transforms.{name}"), Value::Array(t.clone()).to_string());
    }

    // Every other nginx key: its row, or unknown.
    let snippets_ignored = defaults.get("allow-snippet-annotations").map(str::trim) == Some("false");
    for (key, _) in o.annotations() {
        let Some(short) = key.strip_prefix(NGINX_PREFIX) else { continue };
        if v.done.contains(short) {
            continue;
        }
        match mapping::find(ReadFrom::Annotation, short) {
            Some(_) if short.ends_with("-snippet") && snippets_ignored => {
                v.code(short, "MIG019", format!("{key} was ignored by nginx (allow-snippet-annotations: false)"));
            }
            Some(row) if row.handler.as_deref() == Some("canary") => v.exact(short),
            Some(_) => v.row(short, None),
            None => v.code(short, "MIG003", format!("{key} is not in albctl's mapping: it is dropped")),
        }
    }
    if tls {
        v.out.push(Finding::new(
            "MIG014",
            o,
            "spec.tls",
            format!(
                "the controller ignores TLS Secrets; it looks up ACM certificates for {} (HTTPS:443)",
                if tls_hosts.is_empty() { "the rule hosts".to_string() } else { tls_hosts.join(", ") }
            ),
        ));
    }
    paths.sort_by(|a, b| (&a.host, a.nginx_rank).cmp(&(&b.host, b.nginx_rank)));
    let labels = o.value["metadata"]["labels"]
        .as_object()
        .map(|m| m.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string()))).collect())
        .unwrap_or_default();
    Ok((
        Draft {
            source: index,
            namespace: o.namespace.clone(),
            name: o.name.clone(),
            labels,
            annotations,
            paths,
            tls_hosts,
            default_backend,
            redirect,
        },
        v.out,
    ))
}

/// nginx's string prefix as an ALB wildcard (`/api` -> `/api*`).
fn wildcard(path: &str) -> String {
    if path.ends_with('*') { path.to_string() } else { format!("{path}*") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_names_are_dns_labels() {
        assert_eq!(action_name(&["web", "canary"]), "web-canary");
        assert_eq!(action_name(&["1st", "x_y"]), "a-1st-x-y");
        let long = action_name(&[&"a".repeat(70)]);
        assert!(long.len() <= 63, "{long}");
    }

    #[test]
    fn redirect_urls_become_redirect_configs() {
        let c = redirect_config("https://www.example.org/new?x=1", "HTTP_301").unwrap();
        assert_eq!(
            c,
            json!({"protocol": "HTTPS", "host": "www.example.org", "port": "443", "path": "/new", "query": "x=1", "statusCode": "HTTP_301"})
        );
        assert!(redirect_config("/relative", "HTTP_301").is_none());
    }

    #[test]
    fn literal_paths_and_wildcards() {
        assert!(literal("/v1.0/api"));
        assert!(!literal("/api/(.*)"));
        assert_eq!(wildcard("/"), "/*");
        assert_eq!(regex_escape("/a.b"), "/a\\.b");
    }
}

//! Drafts into ALBs: which Ingresses share one (`--group-by`), the `group.order` that
//! reproduces nginx's longest-match across the Ingresses of a host, the values group members
//! must agree on, and each ALB's needs against the ALB quotas. Pure.
//!
//! nginx picks, per host, exact paths first and then the longest match, whatever Ingress a path
//! is in. The controller evaluates a group's Ingresses by `group.order` and, inside one Ingress,
//! Exact before Prefix before ImplementationSpecific. So the paths of a host are sorted as nginx
//! sorts them, cut into runs of one source Ingress whose types do not go backwards, and the
//! runs are ordered; when one Ingress per source cannot carry its runs in that order, the
//! source is emitted in parts (`NAME`, `NAME-2`, ...).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Value, json};

use super::model::{Backend, Draft, Emitted, Finding, Path, PathType, PortRef};
use crate::lint::gather::Object;

const A: &str = "alb.ingress.kubernetes.io/";

/// Rules per ALB, default rules not counted (the ALB quotas:
/// <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html>).
pub const MAX_RULES: usize = 100;
/// Condition values per rule.
pub const MAX_CONDITION_VALUES: usize = 5;
/// Certificates per ALB (besides the default one).
pub const MAX_CERTIFICATES: usize = 25;
/// Target groups per ALB.
pub const MAX_TARGET_GROUPS: usize = 100;
/// An ALB-hour in us-east-1 (<https://aws.amazon.com/elasticloadbalancing/pricing/>), LCUs not included.
pub const ALB_HOURLY_USD: f64 = 0.0225;
/// Hours in AWS's pricing month.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// How Ingresses share ALBs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GroupBy {
    /// One group per namespace.
    Namespace,
    /// One group per set of Ingresses that share hosts (across namespaces).
    Host,
    /// One ALB per Ingress.
    None,
}

/// One ALB and what it needs.
#[derive(Debug, Clone, Serialize)]
pub struct Alb {
    /// The IngressGroup (`None`: a single Ingress).
    pub group: Option<String>,
    /// Emitted Ingresses (`namespace/name`), in group order.
    pub members: Vec<String>,
    /// `HTTP:80`, plus `HTTPS:443` when a member's `listen-ports` names HTTPS.
    pub listeners: Vec<String>,
    /// Listener rules, all listeners together (defaults excluded).
    pub rules: usize,
    /// The most condition values one rule needs.
    pub max_condition_values: usize,
    /// Certificates: distinct ARNs (with `--cluster`), else distinct TLS hosts (an upper bound).
    pub certificates: usize,
    /// Target groups (distinct Service ports).
    pub target_groups: usize,
    /// Whether every quota holds.
    pub within_quotas: bool,
}

/// The result of [`plan`].
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Manifests, in group then order.
    pub emitted: Vec<Emitted>,
    /// The ALBs.
    pub albs: Vec<Alb>,
    /// What grouping found: Ingresses split to keep nginx's order, members made to agree, ALB quotas
    /// exceeded, hosts served by more than one ALB.
    pub findings: Vec<Finding>,
}

impl Plan {
    /// Monthly base cost of the ALBs (no LCUs), USD.
    pub fn monthly_cost(&self) -> f64 {
        (self.albs.len() as f64 * ALB_HOURLY_USD * HOURS_PER_MONTH * 100.0).round() / 100.0
    }
}

/// A host as sorted: hosts first (`false`), then the rules without a host.
type HostKey = (bool, String);
/// One host's runs: (draft, its paths).
type Runs = Vec<(usize, Vec<usize>)>;

fn host_key(h: &Option<String>) -> HostKey {
    (h.is_none(), h.clone().unwrap_or_default())
}

fn lbc_rank(t: PathType) -> u8 {
    match t {
        PathType::Exact => 0,
        PathType::Prefix => 1,
        PathType::ImplementationSpecific => 2,
    }
}

fn group_name(s: &str) -> String {
    let mut n: String =
        s.to_ascii_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() || c == '.' { c } else { '-' }).collect();
    n.truncate(63);
    n.trim_matches(|c| c == '-' || c == '.').to_string()
}

/// Groups the drafts, orders them, emits the manifests and checks the quotas.
pub fn plan(objects: &[Object], drafts: Vec<Draft>, by: GroupBy, class: &str, suffix: &str) -> Plan {
    let mut groups: BTreeMap<String, Vec<Draft>> = BTreeMap::new();
    match by {
        GroupBy::Namespace => {
            for d in drafts {
                groups.entry(d.namespace.clone()).or_default().push(d);
            }
        }
        GroupBy::None => {
            for d in drafts {
                groups.entry(format!("\u{0}{}/{}", d.namespace, d.name)).or_default().push(d);
            }
        }
        GroupBy::Host => {
            // Connected components of Ingresses through shared hosts.
            let mut parent: Vec<usize> = (0..drafts.len()).collect();
            fn root(p: &mut [usize], i: usize) -> usize {
                let mut r = i;
                while p[r] != r {
                    r = p[r];
                }
                p[i] = r;
                r
            }
            let mut by_host: BTreeMap<Option<String>, usize> = BTreeMap::new();
            for (i, d) in drafts.iter().enumerate() {
                for p in &d.paths {
                    match by_host.get(&p.host) {
                        Some(&j) => {
                            let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                            parent[a.max(b)] = a.min(b);
                        }
                        None => {
                            by_host.insert(p.host.clone(), i);
                        }
                    }
                }
            }
            let mut names: BTreeMap<usize, String> = BTreeMap::new();
            for (i, d) in drafts.iter().enumerate() {
                let r = root(&mut parent, i);
                let first = d.paths.iter().map(|p| p.host.clone().unwrap_or_else(|| "default".into())).min();
                let first = first.unwrap_or_else(|| format!("{}-{}", d.namespace, d.name));
                let e = names.entry(r).or_insert(first.clone());
                if first < *e {
                    *e = first;
                }
            }
            for (i, d) in drafts.into_iter().enumerate() {
                let r = root(&mut parent, i);
                groups.entry(names[&r].clone()).or_default().push(d);
            }
        }
    }
    let mut out = Plan::default();
    // Hosts served by more than one ALB.
    let mut host_albs: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (key, members) in &mut groups {
        members.sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
        let name = if by == GroupBy::None { None } else { Some(group_name(key)) };
        let parts = order(members, by == GroupBy::None);
        for (d, draft) in members.iter().enumerate() {
            let n = parts.iter().filter(|p| p.draft == d).count();
            if n > 1 {
                out.findings.push(Finding::new(
                    "MIG018",
                    &objects[draft.source],
                    "metadata.name",
                    format!(
                        "emitted as {n} Ingresses ({}, {}-2, ...) so that group.order keeps nginx's order",
                        draft.name, draft.name
                    ),
                ));
            }
        }
        harmonise(objects, members, &mut out.findings);
        let grouped = name.is_some() && parts.len() > 1;
        let mut alb = Alb {
            group: if grouped { name.clone() } else { None },
            members: Vec::new(),
            listeners: Vec::new(),
            rules: 0,
            max_condition_values: 0,
            certificates: 0,
            target_groups: 0,
            within_quotas: true,
        };
        let mut certs: BTreeSet<String> = BTreeSet::new();
        let mut tgs: BTreeSet<(String, String)> = BTreeSet::new();
        let redirect = members.iter().any(|d| d.redirect);
        let https = members.iter().any(|d| d.annotations[&format!("{A}listen-ports")].contains("HTTPS"));
        alb.listeners.push("HTTP:80".into());
        if https {
            alb.listeners.push("HTTPS:443".into());
        }
        for (rank, part) in parts.iter().enumerate() {
            let d = &members[part.draft];
            let name_out = if part.index == 0 {
                format!("{}{suffix}", d.name)
            } else {
                format!("{}{suffix}-{}", d.name, part.index + 1)
            };
            let mut annotations = d.annotations.clone();
            if grouped {
                annotations.insert(format!("{A}group.name"), name.clone().unwrap_or_default());
                annotations.insert(format!("{A}group.order"), (rank as i64 + 1).to_string());
            }
            let paths: Vec<&Path> = part.paths.iter().map(|&k| &d.paths[k]).collect();
            let hosts: BTreeSet<Option<String>> = paths.iter().map(|p| p.host.clone()).collect();
            let tls: Vec<String> = if part.index == 0 && d.tls_hosts.iter().all(|h| !hosts.contains(&Some(h.clone()))) {
                d.tls_hosts.clone()
            } else {
                d.tls_hosts.iter().filter(|h| hosts.contains(&Some((*h).clone()))).cloned().collect()
            };
            match annotations.get(&format!("{A}certificate-arn")) {
                Some(arns) => certs.extend(arns.split(',').map(str::to_string)),
                None => certs.extend(tls.iter().cloned()),
            }
            let listeners = if d.annotations[&format!("{A}listen-ports")].contains("HTTPS") { 2 } else { 1 };
            let listeners = if redirect && listeners == 2 { 1 } else { listeners };
            alb.rules += paths.len() * listeners;
            for p in &paths {
                alb.max_condition_values = alb.max_condition_values.max(p.condition_values);
                if let Backend::Service { name, port } = &p.backend {
                    tgs.insert((name.clone(), port_text(port)));
                }
            }
            for (k, v) in &annotations {
                if k.starts_with(&format!("{A}actions.")) {
                    let parsed: Value = serde_json::from_str(v).unwrap_or_default();
                    for tg in parsed["forwardConfig"]["targetGroups"].as_array().into_iter().flatten() {
                        tgs.insert((
                            tg["serviceName"].as_str().unwrap_or_default().to_string(),
                            tg["servicePort"].to_string(),
                        ));
                    }
                }
            }
            let manifest = manifest(d, &name_out, class, annotations, &paths, &tls, part.index == 0);
            alb.members.push(format!("{}/{}", d.namespace, name_out));
            let alb_id = name.clone().unwrap_or_else(|| format!("{}/{}", d.namespace, d.name));
            for h in hosts.into_iter().flatten() {
                host_albs.entry(h).or_default().insert(alb_id.clone());
            }
            out.emitted.push(Emitted {
                source: d.source,
                source_file: objects[d.source].file.clone(),
                namespace: d.namespace.clone(),
                name: name_out,
                group: if grouped { name.clone() } else { None },
                manifest,
            });
        }
        alb.certificates = certs.len();
        alb.target_groups = tgs.len();
        let first = &objects[members[0].source];
        let label = alb
            .group
            .clone()
            .map(|g| format!("group {g}"))
            .unwrap_or_else(|| format!("Ingress {}/{}", members[0].namespace, members[0].name));
        let mut over = Vec::new();
        if alb.rules > MAX_RULES {
            over.push(format!("{} rules (quota {MAX_RULES})", alb.rules));
        }
        if alb.max_condition_values > MAX_CONDITION_VALUES {
            over.push(format!(
                "a rule with {} condition values (quota {MAX_CONDITION_VALUES})",
                alb.max_condition_values
            ));
        }
        if alb.certificates > MAX_CERTIFICATES {
            over.push(format!("{} certificates (quota {MAX_CERTIFICATES})", alb.certificates));
        }
        if alb.target_groups > MAX_TARGET_GROUPS {
            over.push(format!("{} target groups (quota {MAX_TARGET_GROUPS})", alb.target_groups));
        }
        if !over.is_empty() {
            alb.within_quotas = false;
            out.findings.push(Finding::new(
                "MIG016",
                first,
                "metadata.name",
                format!("the ALB of {label} would need {}: the controller fails to build it", over.join(", ")),
            ));
        }
        out.albs.push(alb);
    }
    for (host, albs) in host_albs {
        if albs.len() > 1 {
            let Some(e) = out.emitted.iter().find(|e| {
                e.manifest["spec"]["rules"].as_array().into_iter().flatten().any(|r| r["host"] == host.as_str())
            }) else {
                continue;
            };
            let list: Vec<&str> = albs.iter().map(String::as_str).collect();
            out.findings.push(Finding::new(
                "MIG017",
                &objects[e.source],
                "spec.rules",
                format!(
                    "host {host} is split across {} ALBs ({}); nginx served it from one",
                    albs.len(),
                    list.join(", ")
                ),
            ));
        }
    }
    out
}

fn port_text(p: &PortRef) -> String {
    match p {
        PortRef::Number(n) => n.to_string(),
        PortRef::Name(n) => format!("\"{n}\""),
    }
}

/// Members must agree on load-balancer-wide values: the idle timeout becomes the largest, and an
/// HTTP-serving member beside a redirecting one is told that its HTTP traffic is redirected too.
fn harmonise(objects: &[Object], members: &mut [Draft], findings: &mut Vec<Finding>) {
    if members.len() < 2 {
        return;
    }
    let key = format!("{A}load-balancer-attributes");
    let idle = |v: &str| -> Option<i64> {
        v.split(',').find_map(|kv| kv.strip_prefix("idle_timeout.timeout_seconds=")).and_then(|n| n.parse().ok())
    };
    let max = members.iter().filter_map(|d| d.annotations.get(&key).and_then(|v| idle(v))).max();
    if let Some(max) = max {
        for d in members.iter_mut() {
            if let Some(v) = d.annotations.get_mut(&key) {
                let parts: Vec<String> = v
                    .split(',')
                    .map(|kv| {
                        if kv.starts_with("idle_timeout.timeout_seconds=") {
                            format!("idle_timeout.timeout_seconds={max}")
                        } else {
                            kv.to_string()
                        }
                    })
                    .collect();
                *v = parts.join(",");
            }
        }
    }
    if members.iter().any(|d| d.redirect) {
        for d in members.iter().filter(|d| !d.redirect) {
            findings.push(Finding::new(
                "MIG008",
                &objects[d.source],
                "spec.rules",
                "another Ingress of its ALB sets ssl-redirect: this Ingress's HTTP requests are redirected to HTTPS too (nginx served them over HTTP)".into(),
            ));
        }
    }
}

/// One emitted Ingress: which draft, which of its paths, and its part number.
#[derive(Debug, Clone)]
struct Part {
    draft: usize,
    index: usize,
    paths: Vec<usize>,
}

/// The parts of a group in evaluation order (nginx's precedence per host).
fn order(members: &[Draft], single: bool) -> Vec<Part> {
    // Per host: (draft, path) in nginx precedence across drafts.
    let mut hosts: BTreeMap<(bool, String), Vec<(usize, usize)>> = BTreeMap::new();
    for (d, draft) in members.iter().enumerate() {
        for (k, p) in draft.paths.iter().enumerate() {
            hosts.entry(host_key(&p.host)).or_default().push((d, k));
        }
    }
    for entries in hosts.values_mut() {
        entries.sort_by(|&(da, ka), &(db, kb)| {
            let (pa, pb) = (&members[da].paths[ka], &members[db].paths[kb]);
            (pa.nginx_rank.0, pa.nginx_rank.1, &members[da].namespace, &members[da].name, pa.nginx_rank.2).cmp(&(
                pb.nginx_rank.0,
                pb.nginx_rank.1,
                &members[db].namespace,
                &members[db].name,
                pb.nginx_rank.2,
            ))
        });
    }
    if single {
        return members
            .iter()
            .enumerate()
            .map(|(d, _)| Part { draft: d, index: 0, paths: nginx_sorted(members, d) })
            .collect();
    }
    // Merged: one part per draft, ordered so that every pair of paths a request can match both of
    // is evaluated in nginx's order; not possible when a draft's own paths would be evaluated in
    // another order by the controller, or when the drafts' constraints form a cycle.
    if let Some(topo) = merged_order(members, &hosts) {
        return topo.into_iter().map(|d| Part { draft: d, index: 0, paths: nginx_sorted(members, d) }).collect();
    }
    let host_runs: Vec<(HostKey, Runs)> = hosts.iter().map(|(h, e)| (h.clone(), runs(members, e))).collect();
    // Split: one part per run; hosts keep their chains, rules without a host come last.
    let mut parts: Vec<(usize, HostKey, usize, Vec<usize>)> = Vec::new();
    for (h, rs) in &host_runs {
        for (pos, (d, ks)) in rs.iter().enumerate() {
            parts.push((pos, h.clone(), *d, ks.clone()));
        }
    }
    parts.sort_by(|a, b| (a.1.0, a.0, &a.1.1).cmp(&(b.1.0, b.0, &b.1.1)));
    let mut seen: BTreeMap<usize, usize> = BTreeMap::new();
    parts
        .into_iter()
        .map(|(_, _, d, ks)| {
            let n = seen.entry(d).or_default();
            let part = Part { draft: d, index: *n, paths: ks };
            *n += 1;
            part
        })
        .collect()
}

/// The order of the drafts (one Ingress each) that keeps nginx's precedence between every two
/// paths some request matches both of: on one host, and between a host's paths and the rules
/// without a host (which ALB applies to every host, nginx only to unknown hosts).
fn merged_order(members: &[Draft], hosts: &BTreeMap<(bool, String), Vec<(usize, usize)>>) -> Option<Vec<usize>> {
    let mut edges: BTreeSet<(usize, usize)> = BTreeSet::new();
    let hostless: Vec<(usize, usize)> =
        hosts.iter().filter(|(h, _)| h.0).flat_map(|(_, e)| e.iter().copied()).collect();
    for (h, entries) in hosts {
        for (i, &(da, ka)) in entries.iter().enumerate() {
            let a = &members[da].paths[ka];
            for &(db, kb) in &entries[i + 1..] {
                let b = &members[db].paths[kb];
                if !overlap(a, b) {
                    continue;
                }
                if da != db {
                    edges.insert((da, db));
                } else if lbc_rank(a.path_type) > lbc_rank(b.path_type) {
                    return None;
                }
            }
            if !h.0 {
                for &(db, kb) in &hostless {
                    if overlap(a, &members[db].paths[kb]) {
                        if da == db {
                            return None;
                        }
                        edges.insert((da, db));
                    }
                }
            }
        }
    }
    topological(members.len(), &edges)
}

/// Whether some request path matches both (conservative: a regex overlaps everything).
fn overlap(a: &Path, b: &Path) -> bool {
    if a.path.starts_with("/^") || b.path.starts_with("/^") {
        return true;
    }
    // Each path as (string prefix it matches, whether it matches only that string).
    let shape = |p: &Path| -> Vec<(String, bool)> {
        match p.path_type {
            PathType::Exact => vec![(p.path.clone(), true)],
            PathType::Prefix if p.path == "/" => vec![("/".into(), false)],
            PathType::Prefix => {
                let base = p.path.trim_end_matches('/');
                vec![(base.to_string(), true), (format!("{base}/"), false)]
            }
            PathType::ImplementationSpecific => match p.path.strip_suffix('*') {
                Some(head) => vec![(head.to_string(), false)],
                None => vec![(p.path.clone(), true)],
            },
        }
    };
    let meets = |(x, x_exact): &(String, bool), (y, y_exact): &(String, bool)| match (x_exact, y_exact) {
        (true, true) => x == y,
        (true, false) => x.starts_with(y.as_str()),
        (false, true) => y.starts_with(x.as_str()),
        (false, false) => x.starts_with(y.as_str()) || y.starts_with(x.as_str()),
    };
    shape(a).iter().any(|x| shape(b).iter().any(|y| meets(x, y)))
}

/// A draft's paths in host then nginx order (the order they are written in).
fn nginx_sorted(members: &[Draft], d: usize) -> Vec<usize> {
    let mut ks: Vec<usize> = (0..members[d].paths.len()).collect();
    ks.sort_by(|&a, &b| {
        let (pa, pb) = (&members[d].paths[a], &members[d].paths[b]);
        (host_key(&pa.host), pa.nginx_rank).cmp(&(host_key(&pb.host), pb.nginx_rank))
    });
    ks
}

/// Runs of one host's sorted entries: consecutive paths of one draft whose controller order
/// (Exact, Prefix, ImplementationSpecific) does not go backwards.
fn runs(members: &[Draft], entries: &[(usize, usize)]) -> Vec<(usize, Vec<usize>)> {
    let mut out: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut last_rank = 0u8;
    for &(d, k) in entries {
        let rank = lbc_rank(members[d].paths[k].path_type);
        match out.last_mut() {
            Some((ld, ks)) if *ld == d && rank >= last_rank => ks.push(k),
            _ => out.push((d, vec![k])),
        }
        last_rank = rank;
    }
    out
}

/// Kahn's algorithm, ties by index (members are sorted by namespace/name); `None` on a cycle.
fn topological(n: usize, edges: &BTreeSet<(usize, usize)>) -> Option<Vec<usize>> {
    let mut indegree = vec![0usize; n];
    for &(_, b) in edges {
        indegree[b] += 1;
    }
    let mut ready: BTreeSet<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    let mut out = Vec::new();
    while let Some(&i) = ready.iter().next() {
        ready.remove(&i);
        out.push(i);
        for &(a, b) in edges.range((i, 0)..=(i, usize::MAX)) {
            debug_assert_eq!(a, i);
            indegree[b] -= 1;
            if indegree[b] == 0 {
                ready.insert(b);
            }
        }
    }
    (out.len() == n).then_some(out)
}

fn backend_json(b: &Backend) -> Value {
    match b {
        Backend::Service { name, port: PortRef::Number(n) } => {
            json!({"service": {"name": name, "port": {"number": n}}})
        }
        Backend::Service { name, port: PortRef::Name(p) } => json!({"service": {"name": name, "port": {"name": p}}}),
        Backend::Action(a) => json!({"service": {"name": a, "port": {"name": "use-annotation"}}}),
    }
}

fn manifest(
    d: &Draft,
    name: &str,
    class: &str,
    annotations: BTreeMap<String, String>,
    paths: &[&Path],
    tls: &[String],
    first: bool,
) -> Value {
    let mut metadata = json!({"name": name, "namespace": d.namespace});
    if !d.labels.is_empty() {
        metadata["labels"] = json!(d.labels);
    }
    metadata["annotations"] = json!(annotations);
    let mut spec = json!({"ingressClassName": class});
    if first && let Some(b) = &d.default_backend {
        spec["defaultBackend"] = backend_json(b);
    }
    if !tls.is_empty() {
        spec["tls"] = json!([{"hosts": tls}]);
    }
    let mut rules: Vec<Value> = Vec::new();
    let mut current: Option<&Option<String>> = None;
    for p in paths {
        if current != Some(&p.host) {
            let mut rule = json!({"http": {"paths": []}});
            if let Some(h) = &p.host {
                rule = json!({"host": h, "http": {"paths": []}});
            }
            rules.push(rule);
            current = Some(&p.host);
        }
        let entry = json!({"path": p.path, "pathType": p.path_type.as_str(), "backend": backend_json(&p.backend)});
        if let Some(Value::Array(list)) = rules.last_mut().map(|r| &mut r["http"]["paths"]) {
            list.push(entry);
        }
    }
    if !rules.is_empty() {
        spec["rules"] = Value::Array(rules);
    }
    json!({"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": metadata, "spec": spec})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topological_order_breaks_ties_by_index_and_finds_cycles() {
        let edges: BTreeSet<(usize, usize)> = [(2, 0)].into_iter().collect();
        assert_eq!(topological(3, &edges), Some(vec![1, 2, 0]));
        let cycle: BTreeSet<(usize, usize)> = [(0, 1), (1, 0)].into_iter().collect();
        assert_eq!(topological(2, &cycle), None);
    }

    #[test]
    fn group_names_are_valid() {
        assert_eq!(group_name("Shop.Example.com"), "shop.example.com");
        assert_eq!(group_name("a_b"), "a-b");
    }
}

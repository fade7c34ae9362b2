//! A run's two products rendered: the manifests (one multi-document YAML stream, or one file
//! per source file / namespace) and the report (text, the JSON document, SARIF 2.1.0), with the
//! cutover steps. Pure: the same report gives the same bytes.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::mapping::{CODES, Severity};
use super::{Report, Source};
use crate::lint::report::{artifact_uri, rule_name};
use crate::output::Style;

/// Every emitted manifest as one YAML stream (`---` between documents).
pub fn manifests(report: &Report) -> anyhow::Result<String> {
    let docs: Vec<&Value> = report.plan.emitted.iter().map(|e| &e.manifest).collect();
    stream(&docs)
}

fn stream(docs: &[&Value]) -> anyhow::Result<String> {
    let mut out = String::new();
    for d in docs {
        out.push_str("---\n");
        out.push_str(&serde_saphyr::to_string(d)?);
    }
    Ok(out)
}

/// The manifests by output file: one per source file (offline) or per namespace (live).
pub fn files(report: &Report) -> anyhow::Result<BTreeMap<String, String>> {
    let live = matches!(report.source, Source::Cluster { .. });
    let key = |file: &str, ns: &str| -> String {
        if live {
            return format!("{ns}.yaml");
        }
        let name = std::path::Path::new(file).file_name().map(|n| n.to_string_lossy().into_owned());
        match name.as_deref() {
            Some("<stdin>") | None => "stdin.yaml".into(),
            Some(n) => n.to_string(),
        }
    };
    // Two inputs with the same file name keep their paths, flattened.
    let mut by_name: BTreeMap<String, std::collections::BTreeSet<&str>> = BTreeMap::new();
    for e in &report.plan.emitted {
        by_name.entry(key(&e.source_file, &e.namespace)).or_default().insert(&e.source_file);
    }
    let mut grouped: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for e in &report.plan.emitted {
        let mut k = key(&e.source_file, &e.namespace);
        if !live && by_name[&k].len() > 1 {
            k = e.source_file.trim_start_matches("./").replace(['/', '\\'], "_");
        }
        grouped.entry(k).or_default().push(&e.manifest);
    }
    grouped.into_iter().map(|(k, docs)| Ok((k, stream(&docs)?))).collect()
}

fn source_json(source: &Source) -> Value {
    match source {
        Source::Files(paths) => json!({ "files": paths }),
        Source::Cluster { name, region } => json!({ "cluster": name, "region": region }),
    }
}

/// The cutover steps, each with what `albctl loadbalancers list` shows at that point.
pub fn cutover(report: &Report) -> Vec<Value> {
    let albs = report.plan.albs.len();
    let names: Vec<String> = report
        .plan
        .albs
        .iter()
        .map(|a| {
            a.group.clone().map(|g| format!("group {g}")).unwrap_or_else(|| format!("Ingress {}", a.members.join(", ")))
        })
        .collect();
    let in_place = report.options.name_suffix.is_empty();
    let mut steps = vec![];
    if in_place {
        steps.push(json!({
            "step": "Decide on names",
            "do": "The emitted Ingresses keep the nginx Ingresses' names, so applying them replaces those objects and nginx stops serving them at once. To keep both controllers serving during the move, run again with --name-suffix -alb (new objects beside the nginx ones).",
            "loadbalancers_list_shows": "nothing new yet",
        }));
    }
    steps.push(json!({
        "step": "Apply the new Ingresses",
        "do": format!("kubectl apply --server-side -f the emitted manifests (class {}); nginx keeps serving its own Ingresses and DNS still points at nginx", report.options.to_class),
        "loadbalancers_list_shows": format!("{albs} new ALB(s) appearing, owned by {}", if names.is_empty() { "-".to_string() } else { names.join("; ") }),
    }));
    steps.push(json!({
        "step": "Wait for the ALBs",
        "do": "wait until every new Ingress has an ADDRESS (kubectl get ingress -A) and its targets are healthy; test each host against the ALB's DNS name (curl -H 'Host: HOST' http://ALB-DNS/PATH)",
        "loadbalancers_list_shows": "each ALB active with its target groups; owners present, nothing orphaned",
    }));
    steps.push(json!({
        "step": "Shift DNS",
        "do": "lower the records' TTL first, then move each host's record from nginx's load balancer to its ALB (weighted records to move gradually); watch the ALB's 5xx and the nginx access log falling to zero",
        "loadbalancers_list_shows": "unchanged: the ALBs, and nginx's NLB if the controller made it (owner Service of ingress-nginx)",
    }));
    let sources: Vec<String> = {
        let mut s: Vec<String> = report
            .findings
            .iter()
            .filter(|f| f.code == "MIG009")
            .map(|f| format!("{}/{}", f.object.namespace, f.object.name))
            .collect();
        s.sort();
        s.dedup();
        s
    };
    steps.push(json!({
        "step": "Delete the nginx Ingresses",
        "do": if in_place {
            format!("delete the nginx Ingresses that were not replaced in place (canaries merged into their main Ingress: {}), then uninstall ingress-nginx; deleting its Service deletes its NLB", if sources.is_empty() { "none".to_string() } else { sources.join(", ") })
        } else {
            format!("delete the nginx Ingresses (kubectl delete ingress NAME for each source Ingress, canaries included: {}), then uninstall ingress-nginx; deleting its Service deletes its NLB", if sources.is_empty() { "none".to_string() } else { sources.join(", ") })
        },
        "loadbalancers_list_shows": "only the new ALBs; nginx's NLB gone (run albctl loadbalancers prune --dry-run if anything is listed as orphaned)",
    }));
    steps
}

/// The JSON document (`-o json`; the printer adds `schema_version`).
pub fn document(report: &Report) -> Value {
    let manifests: Vec<Value> = report
        .plan
        .emitted
        .iter()
        .map(|e| json!({"namespace": e.namespace, "name": e.name, "group": e.group, "source": e.source_file}))
        .collect();
    json!({
        "source": source_json(&report.source),
        "to_class": report.options.to_class,
        "group_by": report.options.group_by,
        "summary": {
            "exact": report.exact(),
            "objects": report.objects,
            "nginx_ingresses": report.nginx,
            "nginx_configmap": report.configmap,
            "emitted_ingresses": report.plan.emitted.len(),
            "left_alone": report.left_alone.len(),
            "errors": report.count(Severity::Error),
            "warnings": report.count(Severity::Warning),
            "info": report.count(Severity::Info),
            "albs": report.plan.albs.len(),
            "monthly_base_cost_usd": report.plan.monthly_cost(),
        },
        "load_balancers": report.plan.albs,
        "manifests": manifests,
        "left_alone": report.left_alone,
        "findings": report.findings,
        "cutover": cutover(report),
    })
}

/// Text: findings like a compiler's, then the ALBs, what was left alone, the cutover, a summary.
pub fn text(report: &Report, style: Style) -> String {
    let mut out = String::new();
    let mut file: Option<&str> = None;
    for f in &report.findings {
        if file.is_some_and(|prev| prev != f.file) {
            out.push('\n');
        }
        file = Some(&f.file);
        let at = match f.line {
            Some(line) => format!("{}:{line}", f.file),
            None => f.file.clone(),
        };
        let label = match f.severity {
            Severity::Error => style.red(&format!("error[{}]", f.code)),
            Severity::Warning => style.yellow(&format!("warning[{}]", f.code)),
            Severity::Info => style.dim(&format!("info[{}]", f.code)),
        };
        out.push_str(&format!("{}: {label}: {}\n", style.bold(&at), f.message));
        out.push_str(&format!(
            "    {}\n",
            style.dim(&format!("{} {}/{}, {}", f.object.kind, f.object.namespace, f.object.name, f.key))
        ));
        out.push_str(&format!("    do: {}\n", f.action));
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(&style.bold("Load balancers\n"));
    for a in &report.plan.albs {
        let who = a.group.clone().map(|g| format!("group {g}")).unwrap_or_else(|| a.members.join(", "));
        out.push_str(&format!(
            "  {who}: {} Ingress(es), listeners {}, {} rules (quota {}), up to {} condition values per rule ({}), {} certificate(s) ({}), {} target group(s) ({}): {}\n",
            a.members.len(),
            a.listeners.join(", "),
            a.rules,
            super::group::MAX_RULES,
            a.max_condition_values,
            super::group::MAX_CONDITION_VALUES,
            a.certificates,
            super::group::MAX_CERTIFICATES,
            a.target_groups,
            super::group::MAX_TARGET_GROUPS,
            if a.within_quotas { "within quotas".to_string() } else { style.red("OVER QUOTA") },
        ));
    }
    out.push_str(&format!(
        "  {} ALB(s), about ${:.2} a month before LCUs (${}/hour each, us-east-1 list price)\n",
        report.plan.albs.len(),
        report.plan.monthly_cost(),
        super::group::ALB_HOURLY_USD
    ));
    if !report.left_alone.is_empty() {
        out.push_str(&format!("\n{}", style.bold("Left alone (not nginx's)\n")));
        for l in &report.left_alone {
            out.push_str(&format!("  {l}\n"));
        }
    }
    out.push_str(&format!("\n{}", style.bold("Cutover\n")));
    for (n, s) in cutover(report).iter().enumerate() {
        out.push_str(&format!(
            "  {}. {}: {}\n",
            n + 1,
            s["step"].as_str().unwrap_or_default(),
            s["do"].as_str().unwrap_or_default()
        ));
        out.push_str(&format!(
            "     albctl loadbalancers list: {}\n",
            s["loadbalancers_list_shows"].as_str().unwrap_or_default()
        ));
    }
    let plural = |n: usize, w: &str| if n == 1 { format!("{n} {w}") } else { format!("{n} {w}s") };
    out.push_str(&format!(
        "\n{} nginx Ingress(es) -> {} ALB Ingress(es) on {}: {}, {}, {}; {}\n",
        report.nginx,
        report.plan.emitted.len(),
        plural(report.plan.albs.len(), "ALB"),
        plural(report.count(Severity::Error), "error"),
        plural(report.count(Severity::Warning), "warning"),
        report.count(Severity::Info).to_string() + " info",
        if report.exact() { "everything translated exactly" } else { "not everything is exact (exit 1)" },
    ));
    out
}

/// The SARIF 2.1.0 log.
pub fn sarif(report: &Report) -> Value {
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    let rules: Vec<Value> = CODES
        .iter()
        .map(|c| {
            json!({
                "id": c.code,
                "name": rule_name(c.title),
                "shortDescription": { "text": c.title },
                "fullDescription": { "text": format!("{}: {}", c.title, c.action) },
                "defaultConfiguration": { "level": level(c.severity) },
                "help": { "text": c.action },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "ruleId": f.code,
                "ruleIndex": CODES.iter().position(|c| c.code == f.code).unwrap_or_default(),
                "level": level(f.severity),
                "message": { "text": format!("{} ({})", f.message, f.action) },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": artifact_uri(&f.file) },
                        "region": { "startLine": f.line.unwrap_or(1) },
                    },
                    "logicalLocations": [{
                        "name": f.object.name,
                        "fullyQualifiedName": format!("{}/{}/{}", f.object.kind, f.object.namespace, f.object.name),
                        "kind": "object",
                    }],
                }],
                "properties": { "key": f.key },
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": { "name": "albctl", "version": env!("CARGO_PKG_VERSION"), "rules": rules } },
            "results": results,
        }],
    })
}

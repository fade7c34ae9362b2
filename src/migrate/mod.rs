//! `albctl migrate ingress-nginx`: nginx Ingresses to the controller's ALB Ingresses,
//! deterministically, with a report of everything that is not exact.
//!
//! Rooms, in the order a run passes them: [`gather`] reads manifests or a cluster (and, live,
//! ACM); [`translate`] turns each nginx Ingress into a draft by the rows of [`mapping`] (the
//! translation as data); [`certificates`] matches TLS hosts to ACM certificates (live);
//! [`group`] shares ALBs, orders members so the controller evaluates paths as nginx did, and
//! checks the ALB quotas; [`report`] renders manifests and the report. Only `gather` does I/O;
//! the same input gives the same bytes.
//!
//! May import: `context`, the `aws` and `kube` adapters, the shared domain, and from `lint` its
//! reading (`Source`, `gather`, `live`), annotation catalogue and SARIF names; no other workflow.

use std::collections::BTreeSet;
use std::path::PathBuf;

use crate::context::Context;
/// What was read: the files given, or a cluster's live objects (the same as lint's).
pub use crate::lint::Source;
use crate::lint::gather::Object;

pub mod certificates;
pub mod gather;
pub mod group;
pub mod mapping;
pub mod model;
pub mod report;
pub mod translate;

pub use group::GroupBy;
pub use model::Finding;

/// The controller name of ingress-nginx IngressClasses.
pub const NGINX_CONTROLLER: &str = "k8s.io/ingress-nginx";
/// The ConfigMap the ingress-nginx chart installs.
pub const DEFAULT_CONFIGMAP: (&str, &str) = ("ingress-nginx", "ingress-nginx-controller");

/// What a run is asked to do (every default resolved).
#[derive(Debug, Clone)]
pub struct Options {
    /// Classes taken as nginx's (empty: `nginx` and every IngressClass of ingress-nginx).
    pub ingress_classes: Vec<String>,
    /// The class of the output.
    pub to_class: String,
    /// How Ingresses share ALBs.
    pub group_by: GroupBy,
    /// The nginx controller's ConfigMap, `(namespace, name)`.
    pub configmap: (String, String),
    /// Appended to every emitted Ingress's name (empty: the source's name, replacing it in place).
    pub name_suffix: String,
}

/// The result of a run.
#[derive(Debug, Clone)]
pub struct Report {
    /// What was read.
    pub source: Source,
    /// The options it ran with, defaults resolved (the report shows class, grouping and suffix).
    pub options: Options,
    /// How many objects were read, of any kind (live: classes, Ingresses, Services, workloads, ConfigMap).
    pub objects: usize,
    /// nginx Ingresses translated (main and canary).
    pub nginx: usize,
    /// Whether the nginx ConfigMap was found.
    pub configmap: bool,
    /// Ingresses of other classes, `namespace/name (class)`.
    pub left_alone: Vec<String>,
    /// Manifests and ALBs.
    pub plan: group::Plan,
    /// Every finding, by file, line, code.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Findings of a severity.
    pub fn count(&self, severity: mapping::Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity).count()
    }

    /// Whether everything translated exactly (no warning or error).
    pub fn exact(&self) -> bool {
        self.count(mapping::Severity::Error) == 0 && self.count(mapping::Severity::Warning) == 0
    }
}

/// Migrates manifests (offline: certificate discovery stands in for ACM).
pub fn migrate_files(paths: &[PathBuf], options: Options) -> anyhow::Result<Report> {
    let objects = gather::read_files(paths)?;
    let source = Source::Files(paths.iter().map(|p| p.display().to_string()).collect());
    run(source, &objects, options, None)
}

/// Migrates a cluster's nginx Ingresses, matching TLS hosts to the region's ACM certificates.
pub async fn migrate_cluster(ctx: &Context, client: kube::Client, options: Options) -> anyhow::Result<Report> {
    let cluster = ctx.cluster().name.clone();
    let (ns, name) = &options.configmap;
    let (objects, certs) = tokio::join!(
        gather::read_cluster(client, &cluster, (ns.as_str(), name.as_str())),
        gather::read_certificates(ctx)
    );
    let source = Source::Cluster { name: cluster, region: ctx.region.clone() };
    run(source, &objects?, options, Some((&certs?, ctx.region.as_str())))
}

/// The pure run over objects read.
pub fn run(
    source: Source,
    objects: &[Object],
    options: Options,
    acm: Option<(&[certificates::Certificate], &str)>,
) -> anyhow::Result<Report> {
    let (selection, left_alone, mut findings) = select(objects, &options);
    let translation = translate::translate(objects, &selection)?;
    let mut drafts = translation.drafts;
    findings.extend(translation.findings);
    if let Some((certs, region)) = acm {
        findings.retain(|f| f.code != "MIG014");
        findings.extend(certificates::assign(objects, &mut drafts, certs, region));
    }
    let plan = group::plan(objects, drafts, options.group_by, &options.to_class, &options.name_suffix);
    findings.extend(plan.findings.iter().cloned());
    findings.sort_by(|a, b| (&a.file, a.line, a.code, &a.key).cmp(&(&b.file, b.line, b.code, &b.key)));
    findings.dedup();
    Ok(Report {
        source,
        objects: objects.len(),
        nginx: selection.nginx.len(),
        configmap: selection.configmap.is_some(),
        left_alone,
        plan,
        findings,
        options,
    })
}

/// Which Ingresses are nginx's, which ConfigMap is its controller's; the others are listed.
fn select(objects: &[Object], options: &Options) -> (translate::Selection, Vec<String>, Vec<Finding>) {
    let mut classes: BTreeSet<String> = options.ingress_classes.iter().cloned().collect();
    let mut default_class: Option<(String, bool)> = None;
    for o in objects.iter().filter(|o| o.kind == "IngressClass") {
        let nginx = o.value["spec"]["controller"].as_str() == Some(NGINX_CONTROLLER);
        if nginx && options.ingress_classes.is_empty() {
            classes.insert(o.name.clone());
        }
        if o.annotation("ingressclass.kubernetes.io/is-default-class") == Some("true") {
            default_class = Some((o.name.clone(), nginx));
        }
    }
    if options.ingress_classes.is_empty() {
        classes.insert("nginx".into());
    }
    let mut nginx = Vec::new();
    let mut left = Vec::new();
    let mut findings = Vec::new();
    for (i, o) in objects.iter().enumerate().filter(|(_, o)| o.kind == "Ingress") {
        let class = o
            .annotation("kubernetes.io/ingress.class")
            .or_else(|| o.value["spec"]["ingressClassName"].as_str())
            .map(str::to_string);
        let ours = match &class {
            Some(c) => classes.contains(c),
            None => default_class.as_ref().is_none_or(|(name, is_nginx)| *is_nginx || classes.contains(name)),
        };
        if ours {
            nginx.push(i);
        } else {
            let shown = class.unwrap_or_else(|| "the default class".into());
            left.push(format!("{}/{} ({shown})", o.namespace, o.name));
            findings.push(Finding::new(
                "MIG012",
                o,
                "spec.ingressClassName",
                format!(
                    "class {shown} is not nginx's ({}): not migrated",
                    classes.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    }
    let (ns, name) = &options.configmap;
    let configmap = objects.iter().position(|o| o.kind == "ConfigMap" && &o.namespace == ns && &o.name == name);
    (translate::Selection { nginx, configmap }, left, findings)
}

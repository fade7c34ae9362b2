//! The documents `loadbalancers list` and `prune` print (JSON/YAML as they are, text rendered
//! here). Pure: no I/O.

use serde::Serialize;

use super::execute::Outcome;
use super::{Inventory, Owner, PrunePlan};
use crate::model::Mode;
use crate::model::plan::{Action, StepDoc};
use crate::output::Style;

/// Who owns which load balancers.
#[derive(Debug, Clone, Serialize)]
pub struct OwnerRow {
    /// The object (or IngressGroup) their stack tags name, and whether it exists.
    #[serde(flatten)]
    pub owner: Owner,
    /// Names of its load balancers.
    pub load_balancers: Vec<String>,
}

/// Counts of a listing.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ListSummary {
    /// Load balancers tagged for the cluster.
    pub load_balancers: usize,
    /// Target groups tagged for the cluster.
    pub target_groups: usize,
    /// Security groups tagged for the cluster.
    pub security_groups: usize,
    /// Of all of them, orphaned.
    pub orphaned: usize,
}

/// `loadbalancers list`.
#[derive(Debug, Clone, Serialize)]
pub struct ListDoc {
    /// `loadbalancers list`.
    pub command: &'static str,
    /// EKS cluster whose load balancers these are (the `elbv2.k8s.aws/cluster` tag).
    pub cluster: String,
    /// Region the cluster and its load balancers are in.
    pub region: String,
    /// Everything, with owners.
    #[serde(flatten)]
    pub inventory: Inventory,
    /// Each owner with its load balancers.
    pub owners: Vec<OwnerRow>,
    /// How many resources of each kind and state were found.
    pub summary: ListSummary,
}

/// The list document of an inventory.
pub fn list_doc(cluster: &str, region: &str, inventory: Inventory) -> ListDoc {
    let mut owners: Vec<OwnerRow> = Vec::new();
    for lb in &inventory.load_balancers {
        match owners.iter_mut().find(|o| o.owner == lb.owner) {
            Some(row) => row.load_balancers.push(lb.load_balancer.name.clone()),
            None => {
                owners.push(OwnerRow { owner: lb.owner.clone(), load_balancers: vec![lb.load_balancer.name.clone()] })
            }
        }
    }
    let summary = ListSummary {
        load_balancers: inventory.load_balancers.len(),
        target_groups: inventory.target_groups.len(),
        security_groups: inventory.security_groups.len(),
        orphaned: inventory.orphan_count(),
    };
    ListDoc {
        command: "loadbalancers list",
        cluster: cluster.into(),
        region: region.into(),
        inventory,
        owners,
        summary,
    }
}

/// Text: one line per load balancer with its owner, then the orphaned target and security groups.
pub fn list_text(doc: &ListDoc, style: Style) -> String {
    let mut out = style.dim(&format!("cluster {}, region {}\n", doc.cluster, doc.region));
    let inv = &doc.inventory;
    let owner_cell = |o: &Owner, orphaned: bool| {
        if orphaned { format!("{} (gone: orphaned)", o.display()) } else { o.display() }
    };
    let rows: Vec<[String; 6]> = inv
        .load_balancers
        .iter()
        .map(|l| {
            let lb = &l.load_balancer;
            [
                lb.name.clone(),
                lb.kind.clone(),
                lb.scheme.clone(),
                lb.state.clone(),
                owner_cell(&l.owner, l.orphaned),
                lb.dns_name.clone(),
            ]
        })
        .collect();
    if !rows.is_empty() {
        let head = ["LOAD BALANCER", "TYPE", "SCHEME", "STATE", "OWNER", "DNS NAME"].map(String::from);
        let widths: Vec<usize> =
            (0..6).map(|i| rows.iter().chain([&head]).map(|r| r[i].len()).max().unwrap_or(0)).collect();
        for (n, row) in [&head].into_iter().chain(&rows).enumerate() {
            let line: Vec<String> = (0..6).map(|i| format!("{:w$}", row[i], w = widths[i])).collect();
            let line = line.join("  ").trim_end().to_string();
            let orphan = n > 0 && inv.load_balancers[n - 1].orphaned;
            out.push_str(&if n == 0 {
                style.bold(&line)
            } else if orphan {
                style.red(&line)
            } else {
                line
            });
            out.push('\n');
        }
    }
    for t in inv.target_groups.iter().filter(|t| t.orphaned) {
        let line = format!(
            "orphaned target group {} ({}): {} is gone",
            t.target_group.name,
            t.target_group.arn,
            t.owner.display()
        );
        out.push_str(&style.red(&line));
        out.push('\n');
    }
    for s in inv.security_groups.iter().filter(|s| s.orphaned) {
        out.push_str(&style.red(&format!(
            "orphaned security group {} ({}): {} is gone",
            s.id,
            s.name,
            s.owner.display()
        )));
        out.push('\n');
    }
    let s = &doc.summary;
    out.push_str(&format!(
        "{} load balancer(s), {} target group(s), {} security group(s) tagged for cluster {}; {} orphaned",
        s.load_balancers, s.target_groups, s.security_groups, doc.cluster, s.orphaned
    ));
    if s.orphaned > 0 {
        out.push_str(&format!(": see `albctl loadbalancers prune --cluster {} --dry-run`", doc.cluster));
    }
    out.push_str(".\n");
    out
}

/// `loadbalancers prune`.
#[derive(Debug, Clone, Serialize)]
pub struct PruneDoc {
    /// `loadbalancers prune`.
    pub command: &'static str,
    /// EKS cluster whose load balancers these are (the `elbv2.k8s.aws/cluster` tag).
    pub cluster: String,
    /// Region the cluster and its load balancers are in.
    pub region: String,
    /// `apply` or `dry-run`.
    pub mode: Mode,
    /// Whether anything was (or would be) removed.
    pub changed: bool,
    /// Steps in execution order.
    pub steps: Vec<StepDoc<Outcome>>,
}

/// The prune document of a plan and its outcomes.
pub fn prune_doc(cluster: &str, region: &str, plan: &PrunePlan, outcomes: &[Outcome], mode: Mode) -> PruneDoc {
    let steps: Vec<StepDoc<Outcome>> = plan.steps.iter().zip(outcomes).map(|(s, o)| s.doc(*o)).collect();
    let changed = if !mode.writes() {
        plan.has_changes()
    } else {
        outcomes.iter().any(|o| matches!(o, Outcome::Deleted | Outcome::Revoked))
    };
    PruneDoc { command: "loadbalancers prune", cluster: cluster.into(), region: region.into(), mode, changed, steps }
}

/// Text rendering of a prune, in the layout of teardown's.
pub fn prune_text(doc: &PruneDoc, style: Style) -> String {
    let mut out = style.dim(&format!("cluster {}, region {}\n", doc.cluster, doc.region));
    let width = doc.steps.iter().map(|s| s.resource.label().len()).max().unwrap_or(0);
    let count = |f: &dyn Fn(&StepDoc<Outcome>) -> bool| doc.steps.iter().filter(|s| f(s)).count();
    for s in &doc.steps {
        let mark_word = match (s.status, s.action) {
            (Outcome::Failed, _) => ("!", "failed"),
            (Outcome::Skipped, _) => ("-", "skipped"),
            (Outcome::Deleted, _) => ("-", "deleted"),
            (Outcome::Revoked, _) => ("~", "revoked"),
            (Outcome::Planned, Action::Update) => ("~", "revoke"),
            (Outcome::Planned, _) => ("-", "delete"),
            (Outcome::Kept, _) => ("=", "kept"),
            (Outcome::Absent, _) => ("=", "absent"),
        };
        let label = format!("{:width$}", s.resource.label());
        out.push_str(&step_text(style, mark_word, &label, s));
    }
    let kept = count(&|s| s.status == Outcome::Kept);
    let line = if !doc.mode.writes() {
        let n = count(&|s| s.status == Outcome::Planned && s.action == Action::Delete);
        format!("Dry run: {n} orphan(s) to delete, {kept} kept; nothing was changed.")
    } else if !doc.changed && count(&|s| matches!(s.status, Outcome::Failed)) == 0 {
        format!("No orphans: {kept} kept.")
    } else {
        let deleted = count(&|s| s.status == Outcome::Deleted);
        let revoked = count(&|s| s.status == Outcome::Revoked);
        format!("{deleted} deleted, {revoked} rule(s) revoked, {kept} kept.")
    };
    out.push_str(&line);
    out.push('\n');
    out
}

fn step_text(style: Style, (mark, word): (&str, &str), label: &str, s: &StepDoc<Outcome>) -> String {
    let paint = |text: &str| match mark {
        "~" => style.yellow(text),
        "!" | "-" => style.red(text),
        _ => style.dim(text),
    };
    let mut out = format!("{} {} {label}  {}\n", paint(mark), paint(&format!("{word:<9}")), style.bold(&s.id));
    out.push_str(&format!("            {}\n", style.dim(&s.reason)));
    for d in &s.details {
        out.push_str(&format!("            {d}\n"));
    }
    out
}

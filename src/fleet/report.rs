//! The fleet document: one result per cluster (its region, name, exit code and the document a
//! single-cluster run prints), a summary, and the text layout (one line per cluster, then the
//! summary line). The run's exit code is the worst: 2 if any cluster could not be judged at
//! all, else 1 if any failed or drifted, else 0.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::output::{ExitStatus, Style};

/// What a cluster's run found, in the few words of its line.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterResult {
    /// Region the cluster was listed in, e.g. `eu-west-1`.
    pub region: String,
    /// Cluster name (`-` when the region's clusters could not be listed).
    pub cluster: String,
    /// 0 passed / no drift, 1 failed / drifted, 2 could not be judged.
    pub exit_code: u8,
    /// Kubernetes version from DescribeCluster.
    pub kubernetes_version: Option<String>,
    /// The controller version the cluster runs (its image tag), when doctor saw the Deployment.
    pub controller_version_found: Option<String>,
    /// Checks failed (doctor) or resources that would change (setup --check).
    pub failed: usize,
    /// Checks that warned (doctor).
    pub warned: usize,
    /// The first failing check's code (doctor) or the first drifted resource (setup --check).
    pub first: Option<String>,
    /// Why the Kubernetes side was not judged, when it was not.
    pub kubernetes_skipped: Option<String>,
    /// Why the cluster could not be judged (exit 2), on one line.
    pub error: Option<String>,
    /// The single-cluster document (absent when the cluster could not be read at all).
    #[serde(skip)]
    pub document: Option<Value>,
}

impl ClusterResult {
    /// A cluster (or region) that could not be judged.
    pub fn error(region: &str, cluster: &str, message: String) -> ClusterResult {
        ClusterResult {
            region: region.to_string(),
            cluster: cluster.to_string(),
            exit_code: 2,
            kubernetes_version: None,
            controller_version_found: None,
            failed: 0,
            warned: 0,
            first: None,
            kubernetes_skipped: None,
            error: Some(message),
            document: None,
        }
    }

    /// `{"region", "cluster", "exit_code", ...the single-cluster document...}`, with the
    /// fleet's few words beside it and `"error"` as single-cluster documents carry it.
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("region".into(), self.region.clone().into());
        out.insert("cluster".into(), self.cluster.clone().into());
        out.insert("exit_code".into(), self.exit_code.into());
        out.insert("kubernetes_version".into(), self.kubernetes_version.clone().into());
        out.insert("controller_version_found".into(), self.controller_version_found.clone().into());
        if let Some(why) = &self.kubernetes_skipped {
            out.insert("kubernetes_skipped".into(), why.clone().into());
        }
        if let Some(Value::Object(doc)) = &self.document {
            for (k, v) in doc {
                if !out.contains_key(k) && k != "schema_version" {
                    out.insert(k.clone(), v.clone());
                }
            }
        }
        if let Some(message) = &self.error {
            out.insert("error".into(), serde_json::json!({"message": message, "exit_code": 2}));
        }
        Value::Object(out)
    }
}

/// Counts over the clusters.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct FleetSummary {
    /// Regions the run covered, those whose clusters could not be listed included.
    pub regions: usize,
    /// Clusters with a result (the `-` row of a region that could not be listed is not one).
    pub clusters: usize,
    /// Exit 0.
    pub ok: usize,
    /// Exit 1 (failed checks or drift).
    pub failed: usize,
    /// Exit 2 (could not be judged).
    pub not_judged: usize,
    /// The run's exit code.
    pub exit_code: u8,
}

/// The fleet document.
#[derive(Debug, Clone)]
pub struct FleetDoc {
    /// `doctor` or `setup --check`.
    pub command: &'static str,
    /// Account the caller's credentials belong to (read once for the run).
    pub account: String,
    /// Results, by region then cluster.
    pub clusters: Vec<ClusterResult>,
    /// How many regions and clusters were covered, and how many ended with each exit code.
    pub summary: FleetSummary,
}

impl FleetDoc {
    /// Sorts the results and counts them.
    pub fn new(command: &'static str, account: String, regions: usize, mut clusters: Vec<ClusterResult>) -> FleetDoc {
        clusters.sort_by(|a, b| (&a.region, &a.cluster).cmp(&(&b.region, &b.cluster)));
        let count = |code: u8| clusters.iter().filter(|c| c.exit_code == code).count();
        let summary = FleetSummary {
            regions,
            clusters: clusters.iter().filter(|c| c.cluster != "-").count(),
            ok: count(0),
            failed: count(1),
            not_judged: count(2),
            exit_code: worst(clusters.iter().map(|c| c.exit_code)),
        };
        FleetDoc { command, account, clusters, summary }
    }

    /// The worst of the clusters.
    pub fn exit_status(&self) -> ExitStatus {
        match self.summary.exit_code {
            0 => ExitStatus::Success,
            1 => ExitStatus::Negative,
            _ => ExitStatus::Incomplete,
        }
    }

    /// The JSON document (without `schema_version`, which `emit` adds).
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "command": self.command,
            "account": self.account,
            "clusters": self.clusters.iter().map(ClusterResult::to_json).collect::<Vec<_>>(),
            "summary": self.summary,
        })
    }

    /// One line per cluster, then the summary.
    pub fn render_text(&self, style: Style) -> String {
        let mut out = format!("albctl {} --all-clusters: account {}\n", self.command, self.account);
        let region_w = self.clusters.iter().map(|c| c.region.len()).max().unwrap_or(0);
        let cluster_w = self.clusters.iter().map(|c| c.cluster.len()).max().unwrap_or(0);
        for c in &self.clusters {
            let label = match c.exit_code {
                0 => style.green("ok  "),
                1 if self.command == "doctor" => style.red("FAIL"),
                1 => style.yellow("DRIFT"),
                _ => style.red("ERR "),
            };
            let versions = format!(
                "k8s {:<5} controller {:<7}",
                c.kubernetes_version.as_deref().unwrap_or("-"),
                c.controller_version_found.as_deref().unwrap_or("-")
            );
            let detail = match (&c.error, self.command) {
                (Some(e), _) => e.clone(),
                (None, "doctor") => {
                    let first = c.first.as_deref().map(|f| format!(" (first {f})")).unwrap_or_default();
                    format!("{} failed, {} warned{first}", c.failed, c.warned)
                }
                (None, _) => match &c.first {
                    Some(first) => format!("{} to change (first {first})", c.failed),
                    None => "no drift".to_string(),
                },
            };
            let skipped = c
                .kubernetes_skipped
                .as_deref()
                .map(|s| style.dim(&format!("; kubernetes skipped: {s}")))
                .unwrap_or_default();
            out.push_str(&format!(
                "{label}  {:<region_w$}  {:<cluster_w$}  {}  {detail}{skipped}\n",
                c.region,
                c.cluster,
                style.dim(&versions)
            ));
        }
        let s = &self.summary;
        let judged_word = if self.command == "doctor" { "failed" } else { "drifted" };
        out.push_str(&format!(
            "\n{} clusters in {} regions: {} ok, {} {judged_word}, {} could not be judged\n",
            s.clusters, s.regions, s.ok, s.failed, s.not_judged
        ));
        out
    }
}

/// 2 if any is 2, else 1 if any is 1, else 0.
pub fn worst(codes: impl IntoIterator<Item = u8>) -> u8 {
    codes.into_iter().fold(0, |w, c| w.max(c.min(2)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(cluster: &str, code: u8) -> ClusterResult {
        let mut r = ClusterResult::error("us-west-2", cluster, "x".into());
        r.exit_code = code;
        if code != 2 {
            r.error = None;
        }
        r
    }

    #[test]
    fn the_worst_cluster_decides() {
        assert_eq!(worst([]), 0);
        assert_eq!(worst([0, 1, 0]), 1);
        assert_eq!(worst([1, 2, 0]), 2);
        let doc = FleetDoc::new("doctor", "1".into(), 1, vec![result("b", 0), result("a", 1), result("c", 2)]);
        assert_eq!(
            doc.summary,
            FleetSummary { regions: 1, clusters: 3, ok: 1, failed: 1, not_judged: 1, exit_code: 2 }
        );
        assert_eq!(doc.clusters.iter().map(|c| c.cluster.as_str()).collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(doc.exit_status(), ExitStatus::Incomplete);
    }

    #[test]
    fn a_cluster_document_keeps_the_fleet_keys_first_and_once() {
        let mut r = result("a", 1);
        r.document = Some(
            serde_json::json!({"schema_version": "x", "cluster": "a", "region": "us-west-2", "summary": {"fail": 1}}),
        );
        let v = r.to_json();
        let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
        assert_eq!(&keys[..3], ["region", "cluster", "exit_code"]);
        assert!(v.get("schema_version").is_none());
        assert_eq!(v["summary"]["fail"], 1);
    }
}

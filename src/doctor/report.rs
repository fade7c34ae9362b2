//! doctor's result document (every check with its verdict, and the counts) and its text layout;
//! one cluster's `doctor` prints it, and a fleet run embeds it once per cluster.

use serde::Serialize;

use super::{Finding, Status, Summary, evaluate};
use crate::doctor::Facts;
use crate::output::{ExitStatus, Style};

/// The report document (`-o json|yaml`).
#[derive(Debug, Serialize)]
pub struct DoctorDoc {
    /// Name of the EKS cluster the checks ran against.
    pub cluster: String,
    /// Region the cluster is in.
    pub region: String,
    /// Account the caller's credentials belong to.
    pub account: String,
    /// Controller version the checks expect.
    pub controller_version: &'static str,
    /// Counts by status.
    pub summary: Summary,
    /// Every check, in catalogue order.
    pub checks: Vec<Finding>,
}

impl DoctorDoc {
    /// Judges the facts with the whole catalogue.
    pub fn of(facts: &Facts) -> DoctorDoc {
        let checks = evaluate(facts);
        DoctorDoc {
            cluster: facts.target.cluster.clone(),
            region: facts.target.region.clone(),
            account: facts.target.account.clone(),
            controller_version: crate::policy::CONTROLLER_VERSION,
            summary: Summary::of(&checks),
            checks,
        }
    }

    /// 1 when any check failed, else 0.
    pub fn exit_status(&self) -> ExitStatus {
        if self.summary.fail > 0 { ExitStatus::Negative } else { ExitStatus::Success }
    }

    /// The first failing check's code.
    pub fn first_failure(&self) -> Option<&'static str> {
        self.checks.iter().find(|c| c.status == Status::Fail).map(|c| c.code)
    }
}

/// The controller version the cluster runs: the tag of the controller container's image in the
/// Deployment doctor read (`None` without a Deployment or without Kubernetes access).
pub fn controller_version_found(facts: &Facts) -> Option<String> {
    let deployment = facts.kube.deployment.get().ok()?.as_ref()?;
    let containers = deployment["spec"]["template"]["spec"]["containers"].as_array()?;
    let container = containers
        .iter()
        .find(|c| c["name"] == "aws-load-balancer-controller" || c["name"] == "controller")
        .or_else(|| containers.first())?;
    image_tag(container["image"].as_str()?)
}

/// `v3.5.0` of `public.ecr.aws/eks/aws-load-balancer-controller:v3.5.0@sha256:...`.
fn image_tag(image: &str) -> Option<String> {
    let name = image.split('@').next()?;
    let last = name.rsplit('/').next()?;
    last.split_once(':').map(|(_, tag)| tag.to_string()).filter(|t| !t.is_empty())
}

/// The text report: one block per area, one line per check, evidence and fix indented under
/// anything that did not pass, then the summary line.
pub fn render_text(doc: &DoctorDoc, style: Style) -> String {
    let mut out = format!(
        "albctl doctor: cluster {} ({}, account {}), controller {}\n",
        doc.cluster, doc.region, doc.account, doc.controller_version
    );
    let width = doc.checks.iter().map(|c| c.title.len()).max().unwrap_or(0);
    let mut area = None;
    for c in &doc.checks {
        if area != Some(c.area) {
            area = Some(c.area);
            out.push_str(&format!("\n{}\n", style.bold(c.area.heading())));
        }
        let label = match c.status {
            Status::Pass => style.green(c.status.label()),
            Status::Fail => style.red(c.status.label()),
            Status::Warn => style.yellow(c.status.label()),
            Status::Skipped => style.dim(c.status.label()),
        };
        out.push_str(&format!("  {label}  {:<7}  {:<width$}  {}\n", c.code, c.title, style.dim(&c.evidence)));
        if let Some(fix) = &c.fix {
            out.push_str(&format!("         {:<7}  fix: {fix}\n", ""));
        }
    }
    let s = &doc.summary;
    out.push_str(&format!(
        "\n{} checks: {} passed, {} failed, {} warnings, {} skipped\n",
        s.total, s.pass, s.fail, s.warn, s.skipped
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::image_tag;

    #[test]
    fn image_tags_ignore_registry_ports_and_digests() {
        assert_eq!(image_tag("public.ecr.aws/eks/aws-load-balancer-controller:v3.5.0").as_deref(), Some("v3.5.0"));
        assert_eq!(image_tag("registry:5000/lbc:v2.7.1@sha256:abcd").as_deref(), Some("v2.7.1"));
        assert_eq!(image_tag("registry:5000/lbc"), None);
    }
}

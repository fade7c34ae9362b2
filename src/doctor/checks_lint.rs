//! Doctor's view of `albctl lint --cluster`: the live objects' error findings are its evidence.

use super::Verdict;
use super::facts::Facts;

/// At most this many findings are quoted in the evidence.
const QUOTED: usize = 5;

/// K8S015: no lint errors in the cluster's Ingresses, Services and IngressClassParams.
pub(super) fn live_objects_lint_clean(facts: &Facts) -> Verdict {
    let lint = match facts.kube.lint.get() {
        Ok(l) => l,
        Err(why) => return Verdict::skipped(why),
    };
    if lint.errors.is_empty() {
        return Verdict::pass(format!("{} objects of the controller judged, no errors", lint.judged));
    }
    let mut evidence =
        format!("{} lint errors: {}", lint.errors.len(), lint.errors[..lint.errors.len().min(QUOTED)].join("; "));
    if lint.errors.len() > QUOTED {
        evidence.push_str(&format!("; and {} more", lint.errors.len() - QUOTED));
    }
    Verdict::fail(evidence)
}

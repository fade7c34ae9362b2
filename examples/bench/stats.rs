//! Pure arithmetic of the benchmark: medians, paired ratios, and the critical path of the AWS
//! requests a run made (from the proxy's request log).

use std::time::Duration;

use serde::Deserialize;

/// One request as the recording proxy logged it (`scripts/aws-proxy.py`).
#[derive(Debug, Clone, Deserialize)]
pub struct Request {
    /// Operation name, e.g. `CreateRole`.
    pub operation: String,
    /// Whether it changes state.
    pub write: bool,
    /// HTTP status returned to the client.
    pub status: u16,
    /// Arrival at the proxy, Unix seconds.
    pub start: f64,
    /// Answer sent, Unix seconds.
    pub end: f64,
}

/// The median of some durations (the mean of the middle two for an even count).
pub fn median(values: &[Duration]) -> Duration {
    assert!(!values.is_empty(), "median of nothing");
    let mut sorted = values.to_vec();
    sorted.sort();
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 { sorted[mid] } else { (sorted[mid - 1] + sorted[mid]) / 2 }
}

/// The median of some ratios.
pub fn median_f64(values: &[f64]) -> f64 {
    assert!(!values.is_empty(), "median of nothing");
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 { sorted[mid] } else { (sorted[mid - 1] + sorted[mid]) / 2.0 }
}

/// Per-pair ratios `slow[i] / fast[i]`.
pub fn paired_ratios(slow: &[Duration], fast: &[Duration]) -> Vec<f64> {
    slow.iter().zip(fast).map(|(s, f)| s.as_secs_f64() / f.as_secs_f64()).collect()
}

/// The longest chain of requests where each one started after the previous one was answered:
/// the number of sequential round trips the client needed. Returns the chain's operations in
/// order, each level listing the operations that ran at that depth of the chain (`A ‖ B`).
///
/// A request's level is 1 + the highest level among the requests answered before it arrived.
pub fn critical_path(requests: &[Request]) -> Vec<Vec<String>> {
    let mut order: Vec<&Request> = requests.iter().collect();
    order.sort_by(|a, b| a.start.total_cmp(&b.start));
    let mut levels: Vec<usize> = Vec::with_capacity(order.len());
    for (i, r) in order.iter().enumerate() {
        let before = (0..i).filter(|&j| order[j].end <= r.start).map(|j| levels[j]).max().unwrap_or(0);
        levels.push(before + 1);
    }
    let depth = levels.iter().copied().max().unwrap_or(0);
    (1..=depth)
        .map(|level| {
            let mut ops: Vec<String> =
                order.iter().zip(&levels).filter(|(_, l)| **l == level).map(|(r, _)| r.operation.clone()).collect();
            ops.sort();
            ops.dedup();
            ops
        })
        .collect()
}

/// How many levels of a critical path belong to the context (caller identity and cluster): the
/// leading levels that hold one of its operations.
pub fn context_levels(path: &[Vec<String>]) -> usize {
    const CONTEXT: [&str; 2] = ["GetCallerIdentity", "DescribeCluster"];
    path.iter().take_while(|ops| ops.iter().any(|o| CONTEXT.contains(&o.as_str()))).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(operation: &str, start: f64, end: f64) -> Request {
        Request { operation: operation.into(), write: false, status: 200, start, end }
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        let ms = Duration::from_millis;
        assert_eq!(median(&[ms(3), ms(1), ms(2)]), ms(2));
        assert_eq!(median(&[ms(4), ms(1), ms(2), ms(3)]), Duration::from_micros(2500));
        assert_eq!(median_f64(&[10.0, 30.0, 20.0, 40.0]), 25.0);
    }

    #[test]
    fn overlapping_requests_share_a_level() {
        let path = critical_path(&[
            req("GetCallerIdentity", 0.0, 1.0),
            req("DescribeCluster", 0.1, 1.1),
            req("GetRole", 1.2, 2.0),
            req("GetPolicy", 1.2, 2.1),
            req("GetPolicyVersion", 2.2, 3.0),
            // Started before GetPolicy answered but after GetRole: level 3 too.
            req("CreateRole", 2.05, 3.1),
            req("AttachRolePolicy", 3.2, 4.0),
        ]);
        assert_eq!(
            path,
            [
                vec!["DescribeCluster", "GetCallerIdentity"],
                vec!["GetPolicy", "GetRole"],
                vec!["CreateRole", "GetPolicyVersion"],
                vec!["AttachRolePolicy"],
            ]
        );
        assert_eq!(context_levels(&path), 1);
    }

    #[test]
    fn serial_requests_make_one_level_each() {
        let path = critical_path(&[req("A", 0.0, 1.0), req("B", 1.0, 2.0), req("C", 2.5, 3.0)]);
        assert_eq!(path.len(), 3);
        assert_eq!(context_levels(&path), 0);
        // The manual flow: identity, then cluster, then a later DescribeCluster that is not context.
        let manual = critical_path(&[
            req("GetCallerIdentity", 0.0, 1.0),
            req("DescribeCluster", 1.0, 2.0),
            req("CreatePolicy", 2.0, 3.0),
            req("DescribeCluster", 3.0, 4.0),
        ]);
        assert_eq!(context_levels(&manual), 2);
        assert!(critical_path(&[]).is_empty());
    }
}

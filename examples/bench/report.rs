//! The benchmark's results and their Markdown rendering.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use crate::Outcome;
use crate::stats::{context_levels, critical_path, median, median_f64, paired_ratios};

/// One pair: albctl and the manual flow on fresh accounts, plus their reruns.
#[derive(Debug)]
pub struct Pair {
    /// `setup --skip-controller` on a fresh account.
    pub albctl_cold: Outcome,
    /// The same again on the converged account.
    pub albctl_warm: Outcome,
    /// The manual flow on a fresh account.
    pub manual_cold: Outcome,
    /// The manual flow again on the account it set up.
    pub manual_rerun: Outcome,
    /// `setup` end to end, cold then warm (absent with `--aws-only`).
    pub e2e: Option<(Outcome, Outcome)>,
}

/// A run through the latency proxy.
#[derive(Debug)]
pub struct DepthRow {
    /// What ran.
    pub label: String,
    /// How it went.
    pub outcome: Outcome,
    /// Its AWS requests' critical path.
    pub path: Vec<Vec<String>>,
}

impl DepthRow {
    /// A row with the critical path computed from the run's requests.
    pub fn new(label: &str, outcome: Outcome) -> DepthRow {
        let path = critical_path(&outcome.requests);
        DepthRow { label: label.to_string(), outcome, path }
    }
}

/// One command's AWS calls.
#[derive(Debug)]
pub struct CommandRow {
    /// The command line (without `albctl`).
    pub command: String,
    /// The account it ran on.
    pub state: String,
    /// How it went.
    pub outcome: Outcome,
}

impl CommandRow {
    /// A row for `args` run on an account in `state`.
    pub fn new(args: &[&str], state: &str, outcome: Outcome) -> CommandRow {
        CommandRow { command: args.join(" "), state: state.to_string(), outcome }
    }
}

/// Everything the benchmark measured.
#[derive(Debug, Default)]
pub struct Report {
    /// Versions and machine.
    pub environment: String,
    /// Latency of the depth runs.
    pub latency: Duration,
    /// Size of the albctl binary in bytes.
    pub binary_size: u64,
    /// The paired runs.
    pub pairs: Vec<Pair>,
    /// The latency runs.
    pub depth: Vec<DepthRow>,
    /// Calls per command.
    pub commands: Vec<CommandRow>,
    /// `doctor` runs.
    pub doctor: Vec<Outcome>,
    /// `render` with `--region --vpc-id --role-arn` (no AWS).
    pub render_offline: Vec<Outcome>,
    /// `render` reading the cluster.
    pub render_online: Vec<Outcome>,
    /// `--help` runs.
    pub help: Vec<Outcome>,
}

/// A duration as a person reads it.
pub fn human(d: Duration) -> String {
    let s = d.as_secs_f64();
    match s {
        s if s >= 10.0 => format!("{s:.1} s"),
        s if s >= 1.0 => format!("{s:.2} s"),
        s if s >= 0.01 => format!("{:.0} ms", s * 1000.0),
        s => format!("{:.1} ms", s * 1000.0),
    }
}

fn walls(outcomes: impl Iterator<Item = Duration>) -> Vec<Duration> {
    outcomes.collect()
}

fn ratio_text(ratios: &[f64]) -> String {
    let list: Vec<String> = ratios.iter().map(|r| format!("{r:.0}")).collect();
    format!("**{:.0}×** ({})", median_f64(ratios), list.join(", "))
}

/// The write operations of a run with counts: `CreateRole, CreateTags ×2`.
fn write_ops(outcome: &Outcome) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for r in outcome.requests.iter().filter(|r| r.write) {
        *counts.entry(r.operation.as_str()).or_default() += 1;
    }
    if counts.is_empty() {
        return "none".into();
    }
    counts
        .into_iter()
        .map(|(op, n)| if n > 1 { format!("{op} ×{n}") } else { op.to_string() })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `fails at step 4 (`aws iam create-policy`: EntityAlreadyExists)`, from the manual flow's
/// stderr (`failed at step N: aws ...` and the aws CLI's error).
fn manual_failure(outcome: &Outcome) -> String {
    let line = outcome.stderr.lines().find_map(|l| l.strip_prefix("failed at step "));
    let Some((step, command)) = line.and_then(|l| l.split_once(": ")) else {
        return format!("exit {:?}", outcome.code);
    };
    let command: Vec<&str> = command.split_whitespace().take(3).collect();
    let code =
        outcome.stderr.split("An error occurred (").nth(1).and_then(|rest| rest.split(')').next()).unwrap_or("error");
    format!("fails at step {step} (`{}`: {code})", command.join(" "))
}

fn path_text(path: &[Vec<String>]) -> String {
    let level = |ops: &Vec<String>| ops.join(" ‖ ");
    if path.len() <= 7 {
        return path.iter().map(level).collect::<Vec<_>>().join(" → ");
    }
    format!("{} → … ({} more) → {}", level(&path[0]), path.len() - 2, level(&path[path.len() - 1]))
}

/// The whole report as Markdown.
pub fn markdown(r: &Report) -> String {
    let mut out = String::new();
    let n = r.pairs.len();
    let _ = writeln!(out, "Environment: {}. albctl binary {:.1} MB.\n", r.environment, r.binary_size as f64 / 1e6);

    let albctl_cold = walls(r.pairs.iter().map(|p| p.albctl_cold.wall));
    let albctl_warm = walls(r.pairs.iter().map(|p| p.albctl_warm.wall));
    let manual_cold = walls(r.pairs.iter().map(|p| p.manual_cold.wall));
    let manual_steps = r.pairs[0].manual_cold.stdout.trim().trim_start_matches("steps: ").to_string();
    let _ = writeln!(
        out,
        "**albctl vs the manual aws CLI flow** (median of {n} pairs; speed-up = median of the per-pair ratios, each pair's in brackets)\n"
    );
    let _ = writeln!(out, "| run | albctl | manual flow (aws CLI) | speed-up |");
    let _ = writeln!(out, "|---|--:|--:|--:|");
    let _ = writeln!(
        out,
        "| AWS half, cold (fresh account) | {} | {} ({manual_steps} commands) | {} |",
        human(median(&albctl_cold)),
        human(median(&manual_cold)),
        ratio_text(&paired_ratios(&manual_cold, &albctl_cold))
    );
    let _ = writeln!(
        out,
        "| AWS half, warm (converged; 0 writes) | {} | no rerun: {} after {} | {} vs the manual cold flow |",
        human(median(&albctl_warm)),
        manual_failure(&r.pairs[0].manual_rerun),
        human(median(&walls(r.pairs.iter().map(|p| p.manual_rerun.wall)))),
        ratio_text(&paired_ratios(&manual_cold, &albctl_warm))
    );
    if r.pairs.iter().all(|p| p.e2e.is_some()) {
        let e2e_cold = walls(r.pairs.iter().filter_map(|p| p.e2e.as_ref().map(|e| e.0.wall)));
        let e2e_warm = walls(r.pairs.iter().filter_map(|p| p.e2e.as_ref().map(|e| e.1.wall)));
        let _ = writeln!(
            out,
            "| end to end, cold (AWS half + controller applied and Ready) | {} | AWS half only: {} | {} vs the manual AWS half alone |",
            human(median(&e2e_cold)),
            human(median(&manual_cold)),
            ratio_text(&paired_ratios(&manual_cold, &e2e_cold))
        );
        let _ = writeln!(
            out,
            "| end to end, warm (converged; 0 writes) | {} | — | {} vs the manual AWS half alone |",
            human(median(&e2e_warm)),
            ratio_text(&paired_ratios(&manual_cold, &e2e_warm))
        );
    }

    let ms = r.latency.as_millis();
    let _ = writeln!(out, "\n**Sequential depth with {ms} ms added to every AWS request**\n");
    let _ = writeln!(
        out,
        "| run | wall | wall ÷ {ms} ms | AWS requests | round trips (critical path) | after the context | critical path |"
    );
    let _ = writeln!(out, "|---|--:|--:|--:|--:|--:|---|");
    for row in &r.depth {
        let depth = row.path.len();
        let _ = writeln!(
            out,
            "| {} | {} | {:.1} | {} | {depth} | {} | {} |",
            row.label,
            human(row.outcome.wall),
            row.outcome.wall.as_secs_f64() / r.latency.as_secs_f64(),
            row.outcome.requests.len(),
            depth - context_levels(&row.path),
            path_text(&row.path)
        );
    }

    let _ = writeln!(out, "\n**AWS calls per command** (counted by the recording proxy; time without added latency)\n");
    let _ = writeln!(out, "| command | account | reads | writes | write calls | time | exit |");
    let _ = writeln!(out, "|---|---|--:|--:|---|--:|--:|");
    let mut call_row = |command: &str, state: &str, o: &Outcome| {
        let code = o.code.map_or("signal".into(), |c| c.to_string());
        let _ = writeln!(
            out,
            "| `{command}` | {state} | {} | {} | {} | {} | {code} |",
            o.reads(),
            o.writes(),
            write_ops(o),
            human(o.wall)
        );
    };
    let first = &r.pairs[0];
    call_row("setup --cluster eks-demo --skip-controller", "fresh account", &first.albctl_cold);
    call_row("setup --cluster eks-demo --skip-controller", "converged", &first.albctl_warm);
    if let Some((cold, warm)) = &first.e2e {
        call_row("setup --cluster eks-demo", "fresh account and cluster", cold);
        call_row("setup --cluster eks-demo", "converged (AWS and cluster)", warm);
    }
    call_row("bench/manual-flow.sh", "fresh account", &first.manual_cold);
    call_row("bench/manual-flow.sh", "set up by it", &first.manual_rerun);
    for row in &r.commands {
        call_row(&row.command, &row.state, &row.outcome);
    }

    let _ = writeln!(out, "\n**Other numbers** (medians of {} runs)\n", r.render_offline.len());
    let _ = writeln!(out, "| what | value |");
    let _ = writeln!(out, "|---|--:|");
    let med = |runs: &[Outcome]| human(median(&walls(runs.iter().map(|o| o.wall))));
    let _ = writeln!(
        out,
        "| `render` offline (`--region --vpc-id --role-arn`: no AWS call; includes making the webhook CA and certificate) | {} |",
        med(&r.render_offline)
    );
    let _ = writeln!(
        out,
        "| `render --cluster eks-demo` (reads the cluster: {} AWS calls) | {} |",
        r.render_online[0].requests.len(),
        med(&r.render_online)
    );
    let doctor = &r.doctor[0];
    let doctor_text = if doctor.code == Some(2) && doctor.stderr.contains("implemented") {
        format!("not implemented in this build (exit 2 after {})", med(&r.doctor))
    } else {
        let code = doctor.code.map_or("signal".into(), |c| c.to_string());
        format!("{} (exit {code}; {} AWS reads, {} writes)", med(&r.doctor), doctor.reads(), doctor.writes())
    };
    let _ = writeln!(
        out,
        "| `doctor --cluster eks-demo` on the converged account (and cluster, unless `--aws-only`) | {doctor_text} |"
    );
    let _ = writeln!(out, "| `albctl --help` (process start to exit, median of {}) | {} |", r.help.len(), med(&r.help));
    let _ = writeln!(out, "| binary size (release, stripped) | {:.1} MB |", r.binary_size as f64 / 1e6);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human(Duration::from_millis(12_345)), "12.3 s");
        assert_eq!(human(Duration::from_millis(1_234)), "1.23 s");
        assert_eq!(human(Duration::from_millis(187)), "187 ms");
        assert_eq!(human(Duration::from_micros(2_345)), "2.3 ms");
    }

    #[test]
    fn manual_failure_names_step_and_code() {
        let outcome = Outcome {
            wall: Duration::ZERO,
            code: Some(1),
            requests: vec![],
            stdout: "steps: 4\n".into(),
            stderr: "failed at step 4: aws iam create-policy --policy-name X --policy-document file:///tmp/p.json\n\n\
                     An error occurred (EntityAlreadyExists) when calling the CreatePolicy operation: ...\n"
                .into(),
        };
        assert_eq!(manual_failure(&outcome), "fails at step 4 (`aws iam create-policy`: EntityAlreadyExists)");
    }
}

//! Which clusters a fleet run covers: the regions (`--regions`, `all` = every region enabled
//! for the account, as EC2 lists them in the caller's partition), the clusters in each
//! (eks:ListClusters, every page) and the `--clusters-matching` filter. Reads only.
//!
//! One SDK client set per region, built from the one loaded config, is shared by that
//! region's clusters; the caller's identity is read once for the whole run.

use aws_config::{Region, SdkConfig};

use crate::aws::sts::CallerIdentity;
use crate::aws::{self, AwsClients};
use crate::cli::FleetArgs;
use crate::context::Flags;
use crate::error::AlbctlError;
use crate::model::Partition;

/// One region of the run: its clients and the clusters found there.
#[derive(Debug, Clone)]
pub struct RegionClusters {
    /// Region code, e.g. `eu-west-1`; `clients` are built for it.
    pub region: String,
    /// The clients every cluster of the region uses.
    pub clients: AwsClients,
    /// Cluster names (after `--clusters-matching`), sorted; or why they could not be listed.
    pub clusters: Result<Vec<String>, String>,
}

/// What discovery found.
#[derive(Debug, Clone)]
pub struct Discovery {
    /// The caller (read once).
    pub caller: CallerIdentity,
    /// The caller's partition (`aws`, `aws-cn`, ...), from its ARN.
    pub partition: Partition,
    /// The regions, in the order asked (sorted for `all`).
    pub regions: Vec<RegionClusters>,
}

/// Checks the fleet flags, reads the caller and lists the clusters of every region.
pub async fn discover(flags: &Flags, fleet: &FleetArgs) -> anyhow::Result<Discovery> {
    let asked = requested_regions(&fleet.regions)?;
    if let Some(pattern) = &fleet.clusters_matching {
        check_glob(pattern)?;
    }
    let first_named = asked.as_ref().and_then(|r| r.first().cloned());
    let region = flags.region.clone().or(first_named);
    let config = aws::load_config(region.as_deref(), flags.profile.as_deref()).await?;
    let base = AwsClients::new(config.clone());
    // NB: listing needs no caller identity, so the two go at once (one round trip less).
    let listing = async {
        let names = match asked {
            Some(names) => names,
            None if fleet.regions.is_empty() => vec![base.region().unwrap_or_default()],
            None => aws::ec2::list_enabled_regions(&base.ec2).await?,
        };
        let lists = names.into_iter().map(|region| {
            let clients = AwsClients::new(in_region(&config, &region));
            let pattern = fleet.clusters_matching.clone();
            async move {
                let clusters = aws::eks::list_clusters(&clients.eks)
                    .await
                    .map(|all| {
                        all.into_iter().filter(|c| pattern.as_deref().is_none_or(|p| glob_match(p, c))).collect()
                    })
                    .map_err(|e| crate::output::one_line(&format!("{e:#}")));
                RegionClusters { region, clients, clusters }
            }
        });
        anyhow::Ok(futures::future::join_all(lists).await)
    };
    let (caller, regions) = tokio::join!(aws::sts::fetch_caller_identity(&base.sts), listing);
    let caller = caller?;
    let partition = Partition::from_arn(&caller.arn)?;
    let regions = regions?;
    Ok(Discovery { caller, partition, regions })
}

/// The config with another region (same credentials, HTTP client and endpoint settings).
fn in_region(config: &SdkConfig, region: &str) -> SdkConfig {
    config.to_builder().region(Region::new(region.to_string())).build()
}

/// `--regions`: `None` for `all` or for none given; else the names, checked, without repeats.
fn requested_regions(regions: &[String]) -> anyhow::Result<Option<Vec<String>>> {
    let names: Vec<String> = regions.iter().map(|r| r.trim().to_string()).filter(|r| !r.is_empty()).collect();
    if names.iter().any(|r| r == "all") {
        if names.len() > 1 {
            return Err(AlbctlError::usage("--regions all stands alone; give either `all` or a list of regions"));
        }
        return Ok(None);
    }
    if names.is_empty() {
        return Ok(None);
    }
    let mut unique: Vec<String> = Vec::new();
    for name in names {
        aws::validate_region(&name)?;
        if !unique.contains(&name) {
            unique.push(name);
        }
    }
    Ok(Some(unique))
}

fn check_glob(pattern: &str) -> anyhow::Result<()> {
    if pattern.is_empty() {
        return Err(AlbctlError::usage("--clusters-matching is empty; give a glob such as 'prod-*'"));
    }
    Ok(())
}

/// Whether `name` matches `pattern`: `*` is any run of characters (also none), `?` exactly one,
/// everything else itself.
pub fn glob_match(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_like_a_shell() {
        for (pattern, name, want) in [
            ("*", "anything", true),
            ("prod-*", "prod-eu-1", true),
            ("prod-*", "staging-1", false),
            ("*-1", "prod-eu-1", true),
            ("p?od", "prod", true),
            ("p?od", "pod", false),
            ("a*b*c", "a-x-b-y-c", true),
            ("a*b*c", "a-x-c-y-b", false),
            ("exact", "exact", true),
            ("exact", "exactly", false),
        ] {
            assert_eq!(glob_match(pattern, name), want, "{pattern} vs {name}");
        }
    }

    #[test]
    fn regions_are_checked_deduplicated_or_all() {
        let list = |r: &[&str]| requested_regions(&r.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(list(&["us-west-2", "eu-west-1", "us-west-2"]).unwrap().unwrap(), ["us-west-2", "eu-west-1"]);
        assert!(list(&["all"]).unwrap().is_none());
        assert!(list(&[]).unwrap().is_none());
        assert!(list(&["all", "us-west-2"]).is_err());
        assert!(list(&["US WEST"]).is_err());
    }
}

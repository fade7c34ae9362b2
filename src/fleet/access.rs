//! How a fleet run reaches each cluster's Kubernetes API, as for one cluster: by default the
//! cluster's own endpoint with albctl's EKS token; with `--kubeconfig`, the context named by
//! the cluster's ARN (as `aws eks update-kubeconfig` names it) or else one whose server is the
//! cluster's endpoint. A cluster with no such context has no Kubernetes access: its AWS side
//! is still judged and the Kubernetes side is reported as skipped.
//!
//! The kubeconfig is read once per run; the choice per cluster is pure.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use kube::config::Kubeconfig;

use crate::context::KubeAccess;
use crate::kube::connect;
use crate::model::observed::ClusterInfo;

/// The contexts of a kubeconfig: (context name, its cluster's server URL).
#[derive(Debug, Clone)]
pub struct KubeconfigIndex {
    path: PathBuf,
    contexts: Vec<(String, Option<String>)>,
}

/// How one cluster is reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// The cluster's endpoint from DescribeCluster, with albctl's token.
    Endpoint,
    /// This context of the kubeconfig.
    Context(String),
    /// No way in, and why.
    Unavailable(String),
}

impl KubeconfigIndex {
    /// Reads the kubeconfig's contexts and their servers.
    pub fn load(path: &Path) -> anyhow::Result<KubeconfigIndex> {
        let config = Kubeconfig::read_from(path).with_context(|| format!("reading --kubeconfig {}", path.display()))?;
        Ok(KubeconfigIndex::from_config(path, &config))
    }

    fn from_config(path: &Path, config: &Kubeconfig) -> KubeconfigIndex {
        let server_of = |cluster: &str| {
            config
                .clusters
                .iter()
                .find(|c| c.name == cluster)
                .and_then(|c| c.cluster.as_ref())
                .and_then(|c| c.server.clone())
        };
        let contexts = config
            .contexts
            .iter()
            .map(|c| (c.name.clone(), c.context.as_ref().and_then(|ctx| server_of(&ctx.cluster))))
            .collect();
        KubeconfigIndex { path: path.to_path_buf(), contexts }
    }

    /// The context for a cluster: named by its ARN, else the first whose server is its endpoint.
    pub fn choose(&self, cluster: &ClusterInfo) -> Access {
        if !cluster.arn.is_empty()
            && let Some((name, _)) = self.contexts.iter().find(|(name, _)| *name == cluster.arn)
        {
            return Access::Context(name.clone());
        }
        let endpoint = cluster.endpoint.as_deref().map(normalise).filter(|e| !e.is_empty());
        if let Some(endpoint) = endpoint
            && let Some((name, _)) =
                self.contexts.iter().find(|(_, server)| server.as_deref().map(normalise).as_deref() == Some(&endpoint))
        {
            return Access::Context(name.clone());
        }
        let region = cluster.arn.split(':').nth(3).filter(|r| !r.is_empty()).unwrap_or("<region>");
        Access::Unavailable(format!(
            "no context in {} is named {} or has its endpoint as server (add one with `aws eks update-kubeconfig --name {} --region {region} --kubeconfig {}`)",
            self.path.display(),
            if cluster.arn.is_empty() { cluster.name.as_str() } else { cluster.arn.as_str() },
            cluster.name,
            self.path.display()
        ))
    }

    /// The kubeconfig's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

fn normalise(url: &str) -> String {
    url.trim().trim_end_matches('/').to_ascii_lowercase()
}

/// How one cluster's context reaches its API server: the chosen kubeconfig context, or the
/// cluster's own endpoint with albctl's token, or no way in.
pub fn kube_access(access: &Access, cluster: &str, kubeconfig: Option<&Path>) -> KubeAccess {
    let options = connect::Options { cluster: Some(cluster.to_string()), ..connect::Options::default() };
    match access {
        Access::Endpoint => KubeAccess::Connect(options),
        Access::Context(name) => KubeAccess::Connect(connect::Options {
            kubeconfig: kubeconfig.map(Path::to_path_buf),
            context: Some(name.clone()),
            ..options
        }),
        Access::Unavailable(why) => KubeAccess::Unavailable(why.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cluster(arn: &str, endpoint: &str) -> ClusterInfo {
        ClusterInfo {
            name: "c1".into(),
            arn: arn.into(),
            version: None,
            status: None,
            endpoint: Some(endpoint.into()),
            certificate_authority: None,
            issuer: None,
            vpc_id: String::new(),
            subnet_ids: vec![],
            security_group_ids: vec![],
            cluster_security_group_id: None,
            auto_mode: Default::default(),
        }
    }

    fn index() -> KubeconfigIndex {
        let yaml = r#"
apiVersion: v1
kind: Config
clusters:
- name: a
  cluster: {server: "https://A.example.com/"}
- name: b
  cluster: {server: "https://b.example.com"}
contexts:
- name: arn:aws:eks:us-west-2:123456789012:cluster/c1
  context: {cluster: a, user: u}
- name: by-server
  context: {cluster: b, user: u}
users:
- name: u
  user: {token: t}
"#;
        let config = Kubeconfig::from_yaml(yaml).unwrap();
        KubeconfigIndex::from_config(Path::new("/k"), &config)
    }

    #[test]
    fn contexts_are_chosen_by_arn_then_by_server() {
        let i = index();
        let by_arn = cluster("arn:aws:eks:us-west-2:123456789012:cluster/c1", "https://elsewhere");
        assert_eq!(i.choose(&by_arn), Access::Context("arn:aws:eks:us-west-2:123456789012:cluster/c1".into()));
        let by_server = cluster("arn:aws:eks:us-west-2:123456789012:cluster/c2", "https://B.example.com/");
        assert_eq!(i.choose(&by_server), Access::Context("by-server".into()));
        let a_server = cluster("arn:aws:eks:eu-west-1:123456789012:cluster/c3", "https://a.example.com");
        assert_eq!(i.choose(&a_server), Access::Context("arn:aws:eks:us-west-2:123456789012:cluster/c1".into()));
        let none = cluster("arn:aws:eks:us-west-2:123456789012:cluster/c4", "https://c.example.com");
        assert!(
            matches!(i.choose(&none), Access::Unavailable(why) if why.contains("cluster/c4") && why.contains("--region us-west-2"))
        );
    }
}

//! Connection to the cluster's API server (kubeconfig path only; replaced by the full version).

use crate::cli::GlobalArgs;
use crate::context::Context;

/// A connected cluster.
pub struct Kube {
    client: kube::Client,
}

impl Kube {
    /// A client.
    pub async fn client(&self) -> anyhow::Result<kube::Client> {
        Ok(self.client.clone())
    }
}

/// Connects with --kubeconfig/--context.
pub async fn connect(_ctx: &Context, global: &GlobalArgs) -> anyhow::Result<Kube> {
    let path = global.kubeconfig.clone().ok_or_else(|| anyhow::anyhow!("--kubeconfig is required"))?;
    let kubeconfig = kube::config::Kubeconfig::read_from(path)?;
    let options = kube::config::KubeConfigOptions { context: global.context.clone(), ..Default::default() };
    let config = kube::Config::from_custom_kubeconfig(kubeconfig, &options).await?;
    Ok(Kube { client: kube::Client::try_from(config)? })
}

/// The server's (major, minor) version.
pub async fn server_version(client: &kube::Client) -> anyhow::Result<(u32, u32)> {
    let info = client.apiserver_version().await?;
    let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).collect::<String>().parse::<u32>().unwrap_or(0);
    Ok((digits(&info.major), digits(&info.minor)))
}

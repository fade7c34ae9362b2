//! One test's whole world: moto behind the recording proxy, the fixture cluster in it, and a
//! real kube-apiserver with an administrator client. Every API-server test starts from here.

use std::process::Output;

use super::env::albctl_bin;
use super::kube::{KubeApiServer, Kubelet, Server};
use super::{AwsEnv, Fixture, fixture};

/// What a [`World`] is built with; `World::start(cluster)` takes the defaults.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    /// The fixture's EKS cluster name.
    pub cluster: &'a str,
    /// DescribeCluster looks like real EKS (vpcId and cluster security group), as
    /// [`fixture::build_with_vpc_id`] makes it; else the SDK's CreateCluster ([`fixture::build`]).
    pub eks_like: bool,
    /// Options for the recording proxy (faults, delays).
    pub proxy: &'a [&'a str],
    /// Which kube-apiserver build.
    pub server: Server,
    /// Extra kube-apiserver flags.
    pub server_flags: &'a [&'a str],
}

impl<'a> Options<'a> {
    /// The defaults: the SDK-made fixture cluster, a recording-only proxy, the current server.
    pub fn new(cluster: &'a str) -> Options<'a> {
        Options { cluster, eks_like: false, proxy: &[], server: Server::Current, server_flags: &[] }
    }
}

/// moto + proxy + fixture + API server, all stopped when dropped.
pub struct World {
    /// moto and the proxy albctl talks to.
    pub aws: AwsEnv,
    /// The fixture's identifiers.
    pub fx: Fixture,
    /// The API server.
    pub kube: KubeApiServer,
    /// An administrator client of [`World::kube`].
    pub client: kube::Client,
}

impl World {
    /// A world with [`Options::new`].
    pub async fn start(cluster: &str) -> World {
        World::start_with(Options::new(cluster)).await
    }

    /// A world whose DescribeCluster looks like real EKS (see [`Options::eks_like`]).
    pub async fn start_eks_like(cluster: &str) -> World {
        World::start_with(Options { eks_like: true, ..Options::new(cluster) }).await
    }

    /// A world built as `options` say; the fixture cluster runs the server's Kubernetes version.
    pub async fn start_with(options: Options<'_>) -> World {
        let aws = AwsEnv::start_with_proxy_options(options.proxy);
        let version = fixture::eks_version(options.server.version());
        let fx = if options.eks_like {
            fixture::build_with_vpc_id_on(&aws, options.cluster, &version).await
        } else {
            fixture::build_on(&aws, options.cluster, &version).await
        };
        let kube = KubeApiServer::start_server(options.server, options.server_flags);
        let client = kube.client().await;
        World { aws, fx, kube, client }
    }

    /// `args` plus `--cluster <fixture cluster> --kubeconfig <the server's>`.
    pub fn args(&self, args: &[&str]) -> Vec<String> {
        self.args_on(&self.kube, args)
    }

    /// [`World::args`] with the kubeconfig of another API server.
    pub fn args_on(&self, server: &KubeApiServer, args: &[&str]) -> Vec<String> {
        let mut all: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        all.extend(["--cluster".into(), self.fx.cluster.clone()]);
        all.extend(["--kubeconfig".into(), server.kubeconfig().display().to_string()]);
        all
    }

    /// Runs albctl with [`World::args`].
    pub fn albctl(&self, args: &[&str]) -> Output {
        let all = self.args(args);
        self.aws.albctl(&all.iter().map(String::as_str).collect::<Vec<_>>())
    }

    /// Runs albctl with [`World::args`] while a [`Kubelet`] plays the controller's pods.
    pub async fn albctl_with_kubelet(&self, args: &[&str]) -> Output {
        self.albctl_with_kubelet_on(&self.kube, args).await
    }

    /// [`World::albctl_with_kubelet`] against another API server (same AWS account and cluster).
    pub async fn albctl_with_kubelet_on(&self, server: &KubeApiServer, args: &[&str]) -> Output {
        self.albctl_with_kubelet_env_on(server, args, &[]).await
    }

    /// [`World::albctl_with_kubelet`] with extra environment variables.
    pub async fn albctl_with_kubelet_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        self.albctl_with_kubelet_env_on(&self.kube, args, env).await
    }

    async fn albctl_with_kubelet_env_on(&self, server: &KubeApiServer, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = self.aws.command(albctl_bin());
        cmd.args(self.args_on(server, args)).env("NO_COLOR", "1");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let kubelet = Kubelet::start(&server.client().await);
        let out = tokio::task::spawn_blocking(move || cmd.output().expect("running the albctl binary"))
            .await
            .expect("albctl run");
        kubelet.stop().await;
        out
    }

    /// `setup --timeout` [`super::wait::ALBCTL_TIMEOUT`] plus `extra`, with the kubelet played; asserts exit 0.
    pub async fn setup(&self, extra: &[&str]) -> Output {
        let mut args = vec!["setup", "--timeout", super::wait::ALBCTL_TIMEOUT];
        args.extend_from_slice(extra);
        let out = self.albctl_with_kubelet(&args).await;
        super::assert_exit(&out, 0);
        out
    }
}

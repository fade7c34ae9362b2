//! Command-line surface: clap derive types only.
//!
//! Nothing here talks to AWS or Kubernetes; `context.rs` turns these flags into a resolved
//! `Context`, and `commands/` decides what to do with them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::names::Naming;
use crate::model::{ClusterTag, GatewayApiMode, Identity, IdentityRequest, ImageRegistry, Mode};

/// Set up the AWS Load Balancer Controller on Amazon EKS with least-privilege credentials.
#[derive(Debug, Parser)]
#[command(name = "albctl", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// Flags every command accepts.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Flags shared by every command.
#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// EKS cluster name.
    #[arg(long, global = true, help_heading = "Global options", env = "ALBCTL_CLUSTER", value_name = "NAME")]
    pub cluster: Option<String>,
    /// AWS Region (default: the AWS config chain: AWS_REGION, profile).
    #[arg(long, global = true, help_heading = "Global options", value_name = "REGION")]
    pub region: Option<String>,
    /// AWS named profile.
    #[arg(long, global = true, help_heading = "Global options", value_name = "NAME")]
    pub profile: Option<String>,
    /// Output format for data on stdout (sarif: `lint` and `migrate` only).
    #[arg(short = 'o', long, global = true, help_heading = "Global options", value_enum, default_value_t = OutputFormat::Text)]
    pub output: OutputFormat,
    /// More logging on stderr (-v info, -vv debug).
    #[arg(short = 'v', long = "verbose", global = true, help_heading = "Global options", action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// No progress or log lines on stderr, only errors.
    #[arg(short = 'q', long, global = true, help_heading = "Global options", conflicts_with = "verbose")]
    pub quiet: bool,
    /// When to use colour (NO_COLOR is honoured with auto).
    #[arg(long, global = true, help_heading = "Global options", value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Use this kubeconfig file instead of talking to the cluster endpoint directly.
    #[arg(long, global = true, help_heading = "Kubernetes access", value_name = "PATH")]
    pub kubeconfig: Option<PathBuf>,
    /// Kubeconfig context to use (implies a kubeconfig).
    #[arg(long, global = true, help_heading = "Kubernetes access", value_name = "NAME")]
    pub context: Option<String>,
    /// Kubernetes API server URL (overrides the cluster's endpoint).
    #[arg(long, global = true, help_heading = "Kubernetes access", value_name = "URL")]
    pub server: Option<String>,
    /// PEM file with the API server's CA (overrides the cluster's CA).
    #[arg(long = "certificate-authority", global = true, help_heading = "Kubernetes access", value_name = "FILE")]
    pub certificate_authority: Option<PathBuf>,
}

/// Output format of the data albctl prints on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Human-readable text.
    Text,
    /// One JSON document with a `schema_version`.
    Json,
    /// The JSON document as YAML.
    Yaml,
    /// SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only).
    Sarif,
}

/// `--color`: when text output gets ANSI colours (NO_COLOR counts only with `auto`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stderr/stdout is a terminal and NO_COLOR is unset.
    Auto,
    /// Always colour text output.
    Always,
    /// Never colour.
    Never,
}

/// albctl's subcommands; `commands::run` dispatches each to its module.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Everything in order: OIDC, policy, role, ServiceAccount, subnets, controller.
    Setup(SetupArgs),
    /// The cluster's IAM OIDC identity provider.
    #[command(subcommand)]
    Oidc(OidcCommand),
    /// The controller's IAM policy.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// The controller's IAM role and its ServiceAccount.
    #[command(subcommand)]
    Iamserviceaccount(IamServiceAccountCommand),
    /// Subnet discovery tags.
    #[command(subcommand)]
    Subnets(SubnetsCommand),
    /// Print the controller manifests.
    Render(RenderArgs),
    /// Server-side apply the controller manifests and wait until it is ready.
    Apply(ApplyArgs),
    /// Diagnose the controller installation (read-only).
    Doctor(DoctorArgs),
    /// Remove what albctl created, in reverse order.
    #[command(long_about = TEARDOWN_ABOUT)]
    Teardown(TeardownArgs),
    /// Check Ingress, Service and IngressClassParams manifests against the controller's annotations.
    #[command(long_about = LINT_ABOUT)]
    Lint(LintArgs),
    /// The controller's load balancers, target groups and security groups, with their owners.
    #[command(subcommand, visible_alias = "lb")]
    Loadbalancers(LoadBalancersCommand),
    /// Move Ingresses of another controller to this one, checked before cutover.
    #[command(subcommand)]
    Migrate(MigrateCommand),
    /// Print a shell completion script.
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    #[command(hide = true)]
    Man,
}

/// `--dry-run` and `--check`, shared by the mutating AWS commands.
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct PlanArgs {
    /// Print the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the plan and exit 1 if anything would change (drift gate); changes nothing.
    #[arg(long, conflicts_with = "dry_run")]
    pub check: bool,
}

impl PlanArgs {
    /// Whether the run may write.
    pub fn mode(&self) -> Mode {
        Mode::from_flags(self.dry_run, self.check)
    }
}

/// The names of the controller's ServiceAccount, policy and role: the same flags and defaults for
/// every command that creates, judges or removes them.
#[derive(Debug, Clone, Args)]
pub struct NamingArgs {
    /// Namespace of the controller's ServiceAccount.
    #[arg(short = 'n', long, default_value = crate::model::DEFAULT_NAMESPACE)]
    pub namespace: String,
    /// Name of the controller's ServiceAccount.
    #[arg(long, default_value = crate::model::DEFAULT_SERVICE_ACCOUNT, value_name = "NAME")]
    pub service_account: String,
    /// Name of the IAM policy.
    #[arg(long, default_value = crate::model::DEFAULT_POLICY_NAME, value_name = "NAME")]
    pub policy_name: String,
    /// Name of the IAM role (default AmazonEKSLoadBalancerControllerRole-CLUSTER, at most 64 characters).
    #[arg(long, value_name = "NAME")]
    pub role_name: Option<String>,
}

impl NamingArgs {
    /// Checks every name (no AWS call), so bad input fails before any request.
    pub fn validate(&self) -> anyhow::Result<()> {
        self.naming(Identity::Irsa).validate()
    }

    /// The names as the domain takes them.
    pub fn naming(&self, identity: Identity) -> Naming {
        Naming {
            namespace: self.namespace.clone(),
            service_account: self.service_account.clone(),
            policy_name: self.policy_name.clone(),
            role_name: self.role_name.clone(),
            role_arn: None,
            identity,
        }
    }
}

/// The controller's IAM identity: policy, role, ServiceAccount.
#[derive(Debug, Clone, Args)]
pub struct IdentityArgs {
    /// Names of the ServiceAccount, policy and role.
    #[command(flatten)]
    pub names: NamingArgs,
    /// How the controller gets AWS credentials. `auto`: an existing install keeps the one it
    /// uses; a new one gets EKS Pod Identity when the eks-pod-identity-agent add-on is ACTIVE,
    /// else IRSA. Naming the other one on an existing install moves it in place.
    #[arg(long, value_enum, default_value_t = IdentityRequest::Auto)]
    pub identity: IdentityRequest,
    /// Replace an existing policy even when that removes permissions it grants.
    #[arg(long)]
    pub force_policy: bool,
    /// Add this cluster's trust to an existing role that albctl did not create and that trusts others.
    #[arg(long)]
    pub adopt_role: bool,
    /// Take over an existing ServiceAccount managed by another tool (eksctl's flag name).
    #[arg(long)]
    pub override_existing_serviceaccounts: bool,
}

impl IdentityArgs {
    /// The names the flags give. With `--identity auto` the identity is IRSA until `setup`
    /// decides it from what the cluster shows.
    pub fn naming(&self) -> Naming {
        self.names.naming(self.identity.explicit().unwrap_or_default())
    }
}

/// Where subnet candidates come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum SubnetsFrom {
    /// The subnets of the cluster (DescribeCluster).
    #[default]
    Cluster,
    /// Every subnet of the cluster's VPC.
    Vpc,
}

/// Subnet selection and tagging.
#[derive(Debug, Clone, Args)]
pub struct SubnetArgs {
    /// Where candidate subnets come from.
    #[arg(long, value_enum, default_value_t = SubnetsFrom::Cluster)]
    pub subnets_from: SubnetsFrom,
    /// Treat exactly these subnets as public (comma-separated IDs).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub public_subnets: Vec<String>,
    /// Treat exactly these subnets as private (comma-separated IDs).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    pub private_subnets: Vec<String>,
    /// Also tag subnets with kubernetes.io/cluster/CLUSTER (opt-in).
    #[arg(long, value_enum, value_name = "shared|owned")]
    pub cluster_tag: Option<ClusterTag>,
}

/// What shapes the rendered controller manifests.
#[derive(Debug, Clone, Default, Args)]
pub struct ControllerArgs {
    /// Helm-style values file (chart key names: replicaCount, image, resources, ...).
    #[arg(short = 'f', long = "values", value_name = "FILE")]
    pub values: Vec<PathBuf>,
    /// Image registry for the controller image [default: public]; not together with a values
    /// file's image.repository.
    #[arg(long, value_enum)]
    pub image_registry: Option<ImageRegistry>,
    /// Full controller image reference (overrides --image-registry).
    #[arg(long, value_name = "REF")]
    pub image: Option<String>,
    /// VPC ID for --aws-vpc-id (default: from DescribeCluster).
    #[arg(long, value_name = "ID")]
    pub vpc_id: Option<String>,
    /// The IngressClass the controller serves (the chart's `ingressClass`, default `alb`).
    /// Where another controller already holds that name (EKS Auto Mode's docs create an `alb`
    /// class of `eks.amazonaws.com/alb`), give another one.
    #[arg(long, value_name = "NAME")]
    pub ingress_class: Option<String>,
    /// The controller's Gateway API support: `auto` applies its three gateway CRDs (upgraded on
    /// every run) and turns support on where the Gateway API standard CRDs are present;
    /// `install` also installs the Gateway API standard bundle the controller is built against;
    /// `off` sets the controller's Gateway feature gates to false. Without the flag: the last
    /// run's choice, else auto (`render`: auto and install render the three CRDs).
    #[arg(long, value_enum, value_name = "MODE", num_args = 0..=1, default_missing_value = "auto")]
    pub gateway_api: Option<GatewayApiMode>,
}

/// Where `--gateway-api install` takes the Gateway API bundle from, and the GatewayClasses.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Gateway API")]
pub struct GatewayArgs {
    /// With --gateway-api install: the Gateway API standard-install.yaml from this file instead
    /// of the pinned release asset (clusters without internet).
    #[arg(long, value_name = "FILE")]
    pub gateway_api_bundle: Option<PathBuf>,
    /// Name of the GatewayClass albctl makes for ALB Gateways (controllerName gateway.k8s.aws/alb).
    #[arg(long, value_name = "NAME", default_value = crate::model::gateway_api::DEFAULT_ALB_CLASS)]
    pub gateway_class_alb: String,
    /// Name of the GatewayClass albctl makes for NLB Gateways (controllerName gateway.k8s.aws/nlb).
    #[arg(long, value_name = "NAME", default_value = crate::model::gateway_api::DEFAULT_NLB_CLASS)]
    pub gateway_class_nlb: String,
}

/// `albctl setup`.
#[derive(Debug, Clone, Args)]
pub struct SetupArgs {
    /// `--dry-run` and `--check`: print the plan, or gate on drift, instead of writing.
    #[command(flatten)]
    pub plan: PlanArgs,
    /// Only the AWS half: OIDC, policy, role, subnets.
    #[arg(long)]
    pub skip_controller: bool,
    /// `--identity`, the policy, role and ServiceAccount names, `--force-policy` and the takeover switches.
    #[command(flatten)]
    pub identity: IdentityArgs,
    /// `--subnets-from`, `--public-subnets`, `--private-subnets` and `--cluster-tag`.
    #[command(flatten)]
    pub subnets: SubnetArgs,
    /// Values files, image, `--vpc-id`, `--ingress-class` and `--gateway-api`: what shapes the manifests.
    #[command(flatten)]
    pub controller: ControllerArgs,
    /// Gateway API flags.
    #[command(flatten)]
    pub gateway: GatewayArgs,
    /// How long to wait for the controller to become ready.
    #[arg(long, default_value = "5m", value_parser = parse_duration, value_name = "DURATION")]
    pub timeout: std::time::Duration,
    /// Make a new webhook CA and certificate even if the current one is valid.
    #[arg(long)]
    pub rotate_webhook_cert: bool,
    /// Fleet flags (`--all-clusters` only with `--check`).
    #[command(flatten)]
    pub fleet: FleetArgs,
    /// `--adopt` and `--forget-helm-release`: taking over a Helm or eksctl install.
    #[command(flatten)]
    pub adopt: AdoptArgs,
}

/// Every cluster of the account at once: read-only runs only (`doctor`, `setup --check`).
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Fleet (read-only runs: doctor, setup --check)")]
pub struct FleetArgs {
    /// Run for every EKS cluster in --regions (eks:ListClusters) instead of --cluster; one
    /// result each, exit code the worst (2 if one could not be judged, else 1 if one failed or
    /// drifted, else 0). Refused for runs that write.
    #[arg(long)]
    pub all_clusters: bool,
    /// Regions to list clusters in, comma-separated, or `all`: every region enabled for the
    /// account in the caller's partition (ec2:DescribeRegions). Default: the configured region.
    #[arg(long, value_delimiter = ',', value_name = "REGIONS", requires = "all_clusters")]
    pub regions: Vec<String>,
    /// Only clusters whose name matches this glob (`*` any run of characters, `?` one).
    #[arg(long, value_name = "GLOB", requires = "all_clusters")]
    pub clusters_matching: Option<String>,
    /// How many clusters are read at once.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=256), requires = "all_clusters")]
    pub concurrency: u16,
}

/// Taking over an install another tool made (Helm release, eksctl's ServiceAccount and role).
#[derive(Debug, Clone, Copy, Default, Args)]
pub struct AdoptArgs {
    /// Take over the controller install another tool made (Helm release, eksctl's ServiceAccount
    /// and IRSA role) in place: same objects, same webhook certificate, albctl's fields only.
    #[arg(long)]
    pub adopt: bool,
    /// With --adopt: delete the Helm release records (the sh.helm.release.v1.RELEASE.vN Secrets)
    /// so Helm no longer tracks the install.
    #[arg(long, requires = "adopt")]
    pub forget_helm_release: bool,
}

/// `albctl oidc ...`.
#[derive(Debug, Subcommand)]
pub enum OidcCommand {
    /// Ensure the cluster's IAM OIDC provider exists with client id sts.amazonaws.com.
    Associate(PlanArgs),
    /// Show the cluster's issuer and IAM OIDC provider.
    Show,
}

/// `albctl policy ...`.
#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Ensure the controller policy exists and grants the embedded version's permissions.
    Create(PolicyCreateArgs),
    /// Print the embedded policy document for a partition.
    Show(PolicyShowArgs),
    /// Compare an existing policy with the embedded one, by action.
    Diff(PolicyDiffArgs),
}

/// `albctl policy create`.
#[derive(Debug, Clone, Args)]
pub struct PolicyCreateArgs {
    /// `--dry-run` and `--check` for the policy step.
    #[command(flatten)]
    pub plan: PlanArgs,
    /// Name of the IAM policy.
    #[arg(long, default_value = crate::model::DEFAULT_POLICY_NAME, value_name = "NAME")]
    pub policy_name: String,
    /// Replace an existing policy even when that removes permissions it grants.
    #[arg(long)]
    pub force_policy: bool,
}

/// `albctl policy show`.
#[derive(Debug, Clone, Args)]
pub struct PolicyShowArgs {
    /// Partition (aws, aws-cn, aws-us-gov, aws-eusc, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f);
    /// default: the partition of the caller's credentials.
    #[arg(long, value_name = "PARTITION")]
    pub partition: Option<String>,
}

/// `albctl policy diff`.
#[derive(Debug, Clone, Args)]
pub struct PolicyDiffArgs {
    /// Name of the IAM policy in the account.
    #[arg(long, default_value = crate::model::DEFAULT_POLICY_NAME, value_name = "NAME")]
    pub policy_name: String,
    /// Compare a local policy document instead of one in the account (no AWS access needed
    /// apart from the partition; give --partition to work fully offline).
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Partition of the embedded document to compare against (with --file).
    #[arg(long, value_name = "PARTITION")]
    pub partition: Option<String>,
}

/// `albctl iamserviceaccount ...`.
#[derive(Debug, Subcommand)]
pub enum IamServiceAccountCommand {
    /// Ensure the IAM role (exact trust, policy attached) and the annotated ServiceAccount.
    Create(IamServiceAccountCreateArgs),
}

/// `albctl iamserviceaccount create`.
#[derive(Debug, Clone, Args)]
pub struct IamServiceAccountCreateArgs {
    /// `--dry-run` and `--check` for the role and ServiceAccount steps.
    #[command(flatten)]
    pub plan: PlanArgs,
    /// Only the IAM role; do not touch the ServiceAccount.
    #[arg(long)]
    pub role_only: bool,
    /// `--identity`, the policy, role and ServiceAccount names, `--force-policy` and the takeover switches.
    #[command(flatten)]
    pub identity: IdentityArgs,
}

/// `albctl subnets ...`.
#[derive(Debug, Subcommand)]
pub enum SubnetsCommand {
    /// Classify the candidate subnets as public or private, with the evidence.
    List(SubnetArgs),
    /// Ensure the role tags the controller discovers subnets by.
    Tag(SubnetsTagArgs),
}

/// `albctl subnets tag`.
#[derive(Debug, Clone, Args)]
pub struct SubnetsTagArgs {
    /// `--dry-run` and `--check` for the subnet tag steps.
    #[command(flatten)]
    pub plan: PlanArgs,
    /// `--subnets-from`, `--public-subnets`, `--private-subnets` and `--cluster-tag`.
    #[command(flatten)]
    pub subnets: SubnetArgs,
}

/// `albctl render`.
#[derive(Debug, Clone, Args)]
pub struct RenderArgs {
    /// Values files, image, `--vpc-id`, `--ingress-class` and `--gateway-api`: what shapes the manifests.
    #[command(flatten)]
    pub controller: ControllerArgs,
    /// Write one file per object into this directory instead of stdout.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// Namespace of the controller.
    #[arg(short = 'n', long, default_value = crate::model::DEFAULT_NAMESPACE)]
    pub namespace: String,
    /// Name of the controller's ServiceAccount.
    #[arg(long, default_value = crate::model::DEFAULT_SERVICE_ACCOUNT, value_name = "NAME")]
    pub service_account: String,
    /// Role ARN for the ServiceAccount annotation.
    #[arg(long, value_name = "ARN")]
    pub role_arn: Option<String>,
}

/// `albctl apply`.
#[derive(Debug, Clone, Args)]
pub struct ApplyArgs {
    /// Values files, image, `--vpc-id`, `--ingress-class` and `--gateway-api`: what shapes the manifests.
    #[command(flatten)]
    pub controller: ControllerArgs,
    /// Gateway API flags.
    #[command(flatten)]
    pub gateway: GatewayArgs,
    /// `server`: ask the API server to validate without persisting.
    #[arg(long, value_name = "server", num_args = 0..=1, default_missing_value = "server")]
    pub dry_run: Option<String>,
    /// Namespace of the controller.
    #[arg(short = 'n', long, default_value = crate::model::DEFAULT_NAMESPACE)]
    pub namespace: String,
    /// Name of the controller's ServiceAccount.
    #[arg(long, default_value = crate::model::DEFAULT_SERVICE_ACCOUNT, value_name = "NAME")]
    pub service_account: String,
    /// Role ARN for the ServiceAccount annotation.
    #[arg(long, value_name = "ARN")]
    pub role_arn: Option<String>,
    /// How long to wait for the controller to become ready.
    #[arg(long, default_value = "5m", value_parser = parse_duration, value_name = "DURATION")]
    pub timeout: std::time::Duration,
    /// Make a new webhook CA and certificate even if the current one is valid.
    #[arg(long)]
    pub rotate_webhook_cert: bool,
    /// Take over an existing ServiceAccount managed by another tool.
    #[arg(long)]
    pub override_existing_serviceaccounts: bool,
    /// `--adopt` and `--forget-helm-release`: taking over a Helm or eksctl install.
    #[command(flatten)]
    pub adopt: AdoptArgs,
}

/// `albctl doctor`.
#[derive(Debug, Clone, Args)]
pub struct DoctorArgs {
    /// Names of the ServiceAccount, policy and role to judge (the ServiceAccount's role-arn
    /// annotation, when there is one, names the role instead of --role-name).
    #[command(flatten)]
    pub names: NamingArgs,
    /// Print the catalogue of checks (a Markdown table; -o json for data) and exit.
    #[arg(long)]
    pub list_checks: bool,
    /// `--all-clusters`, with `--regions`, `--clusters-matching` and `--concurrency`.
    #[command(flatten)]
    pub fleet: FleetArgs,
}

/// `albctl teardown`.
#[derive(Debug, Clone, Args)]
pub struct TeardownArgs {
    /// Print the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Also delete the controller's CRDs (and with them every TargetGroupBinding).
    #[arg(long)]
    pub delete_crds: bool,
    /// Also delete the IAM OIDC provider, if albctl created it and no other role trusts it.
    #[arg(long)]
    pub delete_oidc_provider: bool,
    /// Remove only the AWS side; leave the cluster's objects alone (no Kubernetes access needed).
    #[arg(long)]
    pub skip_kubernetes: bool,
    /// Naming flags, with setup's defaults.
    #[command(flatten)]
    pub names: NamingArgs,
    /// The identity setup gave the install. `auto`: Pod Identity when the ServiceAccount has a
    /// Pod Identity association with albctl's role (deleted too), else IRSA.
    #[arg(long, value_enum, default_value_t = IdentityRequest::Auto)]
    pub identity: IdentityRequest,
    /// First delete the Ingresses, Services and TargetGroupBindings that hold a load balancer
    /// controller finalizer and wait (--timeout) until the controller has deleted their AWS load
    /// balancers; without it teardown refuses while any exist.
    #[arg(long)]
    pub delete_load_balancers: bool,
    /// How long to wait for deleted CRDs, and with --delete-load-balancers for the controller
    /// to remove its load balancers.
    #[arg(long, default_value = "2m", value_parser = parse_duration, value_name = "DURATION")]
    pub timeout: std::time::Duration,
}

/// `albctl loadbalancers ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum LoadBalancersCommand {
    /// Every load balancer, target group and security group tagged elbv2.k8s.aws/cluster=CLUSTER,
    /// with the owner its stack tag names and whether that owner exists.
    List,
    /// Remove the orphans (owner gone) in dependency order; --dry-run prints the plan.
    #[command(long_about = PRUNE_ABOUT)]
    Prune(PruneArgs),
}

/// `albctl loadbalancers prune`.
#[derive(Debug, Clone, Args)]
pub struct PruneArgs {
    /// Print the plan and change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// How long to retry a target group or security group AWS still sees in use.
    #[arg(long, default_value = "5m", value_parser = parse_duration, value_name = "DURATION")]
    pub timeout: std::time::Duration,
}

const PRUNE_ABOUT: &str = "Remove the controller's orphaned AWS resources, in dependency order.

An orphan carries this cluster's elbv2.k8s.aws/cluster tag and a stack tag (ingress.k8s.aws/stack, \
service.k8s.aws/stack) naming an Ingress, IngressGroup or Service that no longer exists, and nothing \
live uses it (no live load balancer forwards to the target group or carries the security group, no \
TargetGroupBinding names the target group). Order: load balancers (their listeners and rules go with \
them), target groups, then for each security group the rules of other groups (node security groups) \
that name it, then the group. A resource without this cluster's tag, or whose owner exists, is never \
touched.";

const TEARDOWN_ABOUT: &str = "Remove what albctl created, in reverse order.

albctl finds what it created by its marks: the tags managed-by=albctl and albctl.io/cluster=CLUSTER on \
IAM resources, the marker tag albctl.io/subnet-tags/CLUSTER on subnets (naming the tags it added), \
and the label app.kubernetes.io/managed-by=albctl plus field manager albctl on Kubernetes objects. \
Anything without those marks is kept and listed with the reason.

Before anything, teardown looks for Ingresses, Services and TargetGroupBindings holding a load \
balancer controller finalizer: while any exist it refuses (their load balancers would stay in AWS and \
the objects could never be deleted), unless --delete-load-balancers is given, which deletes them and \
waits until the controller has removed their load balancers.

Order: webhook configurations, the controller's objects, CRDs (only with --delete-crds), the Pod \
Identity association, the role (only this cluster's trust statement when it trusts others too), \
the policy (only when nothing else uses it), subnet tags, the OIDC provider (only with \
--delete-oidc-provider). Pass the naming flags setup was run with.

Teardown reads the cluster first; when it cannot reach it, it stops before any change. \
--skip-kubernetes removes only the AWS side (e.g. after `setup --skip-controller`): a controller \
still running then loses its AWS credentials.";

/// `albctl lint`.
#[derive(Debug, Clone, Args)]
pub struct LintArgs {
    /// Manifest files or directories (recursively *.yaml, *.yml, *.json); `-` reads stdin.
    /// Without paths, --cluster lints the cluster's live objects.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Print the finding kinds (a Markdown table; -o json for data) and exit.
    #[arg(long)]
    pub list_checks: bool,
    /// What to judge against: the controller's catalogue, or `auto-mode` for what would not carry
    /// over to EKS Auto Mode's load balancing (AUTO001-AUTO008: the readiness report for a move).
    #[arg(long, value_enum, default_value_t = LintTarget::Controller)]
    pub target: LintTarget,
}

/// `lint --target`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LintTarget {
    /// The AWS Load Balancer Controller's annotation catalogue.
    Controller,
    /// EKS Auto Mode: the features it does not support.
    AutoMode,
}

const LINT_ABOUT: &str = "Check Ingress, Service and IngressClassParams manifests against the controller's annotations.

Judges the objects the AWS Load Balancer Controller would handle (Ingresses of class alb or an \
IngressClass of ingress.k8s.aws/alb, Services it makes NLBs for and the Services Ingresses send \
traffic to, IngressClassParams) against its annotation catalogue: unknown keys (with the nearest \
known one), values by type, enum and range (including ranges only AWS enforces), the JSON of \
listen-ports, actions.* and conditions.*, ssl-redirect, IngressGroup conflicts across all inputs, \
load balancer names and certificate ARNs (in another region than --region).

With PATHs (files, directories, or - for stdin; multi-document YAML and kind: List, so \
`helm template ... | albctl lint -` works) nothing leaves the machine. Without PATHs, --cluster \
lints the cluster's live objects and also checks their references against AWS: ACM certificates \
issued in the cluster's region, subnets and security groups in its VPC, WAFv2 web ACLs.

Exit 0 when there are no errors (warnings allowed), 1 when there is an error, 2 when lint could \
not run (an unreadable file, bad YAML: the file and line are named). -o sarif prints SARIF 2.1.0 \
for code scanning.";

/// `albctl migrate ...`.
#[derive(Debug, Clone, Subcommand)]
pub enum MigrateCommand {
    /// ingress-nginx Ingresses to the controller's ALB Ingresses, with a report of what differs.
    #[command(name = "ingress-nginx", long_about = MIGRATE_ABOUT)]
    IngressNginx(MigrateIngressNginxArgs),
}

/// What `migrate` emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum MigrateTarget {
    /// The controller's Ingress annotations (IngressClass alb).
    #[default]
    AlbIngress,
}

/// How migrated Ingresses share ALBs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum GroupByArg {
    /// One IngressGroup (one ALB) per namespace.
    #[default]
    Namespace,
    /// One IngressGroup per set of Ingresses sharing hosts, across namespaces.
    Host,
    /// One ALB per Ingress.
    None,
}

/// `albctl migrate ingress-nginx`.
#[derive(Debug, Clone, Args)]
pub struct MigrateIngressNginxArgs {
    /// Manifest files or directories (recursively *.yaml, *.yml, *.json); `-` reads stdin.
    /// Without paths, --cluster reads the cluster's Ingresses.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// IngressClass names taken as nginx's (comma-separated; default: nginx and every
    /// IngressClass whose controller is k8s.io/ingress-nginx).
    #[arg(long, value_delimiter = ',', value_name = "CLASS")]
    pub ingress_class: Vec<String>,
    /// What to emit.
    #[arg(long, value_enum, default_value_t = MigrateTarget::AlbIngress)]
    pub to: MigrateTarget,
    /// IngressClass of the emitted Ingresses.
    #[arg(long, default_value = "alb", value_name = "CLASS")]
    pub to_class: String,
    /// How Ingresses share ALBs (never across namespaces unless `host`).
    #[arg(long, value_enum, default_value_t = GroupByArg::Namespace)]
    pub group_by: GroupByArg,
    /// Write the manifests to files in DIR (one per source file, or per namespace with
    /// --cluster) and the report to stdout; without it the manifests go to stdout and the
    /// report to stderr.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,
    /// The nginx controller's ConfigMap (its global defaults), NAMESPACE/NAME; read live with
    /// --cluster, or taken from the inputs.
    #[arg(long, default_value = "ingress-nginx/ingress-nginx-controller", value_name = "NAMESPACE/NAME")]
    pub nginx_configmap: String,
    /// Append this to the emitted Ingresses' names (e.g. -alb), so that both controllers
    /// serve side by side until DNS moves; default: the source's name (replaces it in place).
    #[arg(long, default_value = "", value_name = "SUFFIX", allow_hyphen_values = true)]
    pub name_suffix: String,
    /// Print the finding codes (a Markdown table; -o json for data) and exit.
    #[arg(long)]
    pub list_codes: bool,
    /// Print the mapping's rows counted by kind (a Markdown table; -o json: every row) and exit.
    #[arg(long, conflicts_with = "list_codes")]
    pub list_rows: bool,
}

const MIGRATE_ABOUT: &str = "ingress-nginx Ingresses to the controller's ALB Ingresses, with a report of what differs.

Every nginx annotation and ConfigMap key is translated by albctl's mapping (exact, approximate \
with what differs, or impossible with the alternative: WAF, OIDC, NLB, the application); nothing \
is dropped without a finding. Paths keep nginx's meaning as far as ALB allows (regex hosts, \
string prefixes); canaries merge into one weighted forward; Ingresses of a namespace share one \
ALB (--group-by) with a group.order that reproduces nginx's longest match across Ingresses; \
each ALB is checked against the ALB quotas (100 rules, 5 condition values per rule, 25 \
certificates) and priced. TLS hosts become certificate discovery; with --cluster they are \
matched to ISSUED ACM certificates of the region.

Output: the manifests (same namespace and name as the source, class alb) on stdout and the \
report on stderr, or with --output-dir the manifests in files and the report on stdout, in the \
-o format (text, json, sarif). The same input gives the same bytes. Exit 0 when everything \
translated exactly, 1 when anything is approximate or impossible, 2 on bad input (the file and \
line are named).";

/// `albctl completions`.
#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Parses `90s`, `5m`, `1h` or a plain number of seconds.
pub fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().last() {
        Some((i, 's')) => (&s[..i], 1),
        Some((i, 'm')) => (&s[..i], 60),
        Some((i, 'h')) => (&s[..i], 3600),
        _ => (s, 1),
    };
    let n: u64 = num.parse().map_err(|_| format!("'{s}' is not a duration: use e.g. 90s, 5m or 1h"))?;
    Ok(std::time::Duration::from_secs(n * mult))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn teardown_names_default_like_setup() {
        let setup = Cli::try_parse_from(["albctl", "setup"]).unwrap();
        let teardown = Cli::try_parse_from(["albctl", "teardown"]).unwrap();
        let (Command::Setup(s), Command::Teardown(t)) = (setup.command, teardown.command) else { panic!() };
        let (s, t) = (s.identity, t);
        assert_eq!(
            (s.names.namespace, s.names.service_account, s.names.policy_name, s.names.role_name, s.identity),
            (t.names.namespace, t.names.service_account, t.names.policy_name, t.names.role_name, t.identity)
        );
    }

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("90s").unwrap().as_secs(), 90);
        assert_eq!(parse_duration("5m").unwrap().as_secs(), 300);
        assert_eq!(parse_duration("2").unwrap().as_secs(), 2);
        assert!(parse_duration("five").is_err());
    }
}

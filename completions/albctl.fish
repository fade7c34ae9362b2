# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_albctl_global_optspecs
    string join \n cluster= region= profile= o/output= v/verbose q/quiet color= kubeconfig= context= server= certificate-authority= h/help V/version
end

function __fish_albctl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_albctl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_albctl_using_subcommand
    set -l cmd (__fish_albctl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c albctl -n "__fish_albctl_needs_command" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_needs_command" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_needs_command" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_needs_command" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_needs_command" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_needs_command" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_needs_command" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_needs_command" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_needs_command" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_needs_command" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_needs_command" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_needs_command" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_needs_command" -f -a "setup" -d 'Everything in order: OIDC, policy, role, ServiceAccount, subnets, controller'
complete -c albctl -n "__fish_albctl_needs_command" -f -a "oidc" -d 'The cluster\'s IAM OIDC identity provider'
complete -c albctl -n "__fish_albctl_needs_command" -f -a "policy" -d 'The controller\'s IAM policy'
complete -c albctl -n "__fish_albctl_needs_command" -f -a "iamserviceaccount" -d 'The controller\'s IAM role and its ServiceAccount'
complete -c albctl -n "__fish_albctl_needs_command" -f -a "subnets" -d 'Subnet discovery tags'
complete -c albctl -n "__fish_albctl_needs_command" -f -a "render" -d 'Print the controller manifests'
complete -c albctl -n "__fish_albctl_needs_command" -f -a "apply" -d 'Server-side apply the controller manifests and wait until it is ready'
complete -c albctl -n "__fish_albctl_needs_command" -f -a "doctor" -d 'Diagnose the controller installation (read-only)'
complete -c albctl -n "__fish_albctl_needs_command" -f -a "teardown" -d 'Remove what albctl created, in reverse order'
complete -c albctl -n "__fish_albctl_needs_command" -f -a "lint" -d 'Check Ingress, Service and IngressClassParams manifests against the controller\'s annotations'
complete -c albctl -n "__fish_albctl_needs_command" -f -a "loadbalancers" -d 'The controller\'s load balancers, target groups and security groups, with their owners'
complete -c albctl -n "__fish_albctl_needs_command" -f -a "lb" -d 'The controller\'s load balancers, target groups and security groups, with their owners'
complete -c albctl -n "__fish_albctl_needs_command" -f -a "migrate" -d 'Move Ingresses of another controller to this one, checked before cutover'
complete -c albctl -n "__fish_albctl_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c albctl -n "__fish_albctl_needs_command" -f -a "man" -d 'Print the man page (roff)'
complete -c albctl -n "__fish_albctl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c albctl -n "__fish_albctl_using_subcommand setup" -s n -l namespace -d 'Namespace of the controller\'s ServiceAccount' -r
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l service-account -d 'Name of the controller\'s ServiceAccount' -r
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l policy-name -d 'Name of the IAM policy' -r
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l role-name -d 'Name of the IAM role (default AmazonEKSLoadBalancerControllerRole-CLUSTER, at most 64 characters)' -r
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l identity -d 'How the controller gets AWS credentials. `auto`: an existing install keeps the one it uses; a new one gets EKS Pod Identity when the eks-pod-identity-agent add-on is ACTIVE, else IRSA. Naming the other one on an existing install moves it in place' -r -f -a "auto\t'An existing install keeps the identity it uses; a new one gets Pod Identity when the eks-pod-identity-agent add-on is ACTIVE, else IRSA'
irsa\t'IAM roles for service accounts (OIDC web identity)'
pod-identity\t'EKS Pod Identity (role trusted by pods.eks.amazonaws.com plus an association)'"
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l subnets-from -d 'Where candidate subnets come from' -r -f -a "cluster\t'The subnets of the cluster (DescribeCluster)'
vpc\t'Every subnet of the cluster\'s VPC'"
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l public-subnets -d 'Treat exactly these subnets as public (comma-separated IDs)' -r
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l private-subnets -d 'Treat exactly these subnets as private (comma-separated IDs)' -r
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l cluster-tag -d 'Also tag subnets with kubernetes.io/cluster/CLUSTER (opt-in)' -r -f -a "shared\t'Shared by several clusters'
owned\t'Owned by this cluster'"
complete -c albctl -n "__fish_albctl_using_subcommand setup" -s f -l values -d 'Helm-style values file (chart key names: replicaCount, image, resources, ...)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l image-registry -d 'Image registry for the controller image [default: public]; not together with a values file\'s image.repository' -r -f -a "public\t'public.ecr.aws/eks (region independent)'
regional\t'The region\'s private Amazon EKS registry'"
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l image -d 'Full controller image reference (overrides --image-registry)' -r
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l vpc-id -d 'VPC ID for --aws-vpc-id (default: from DescribeCluster)' -r
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l ingress-class -d 'The IngressClass the controller serves (the chart\'s `ingressClass`, default `alb`). Where another controller already holds that name (EKS Auto Mode\'s docs create an `alb` class of `eks.amazonaws.com/alb`), give another one' -r
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l gateway-api -d 'The controller\'s Gateway API support: `auto` applies its three gateway CRDs (upgraded on every run) and turns support on where the Gateway API standard CRDs are present; `install` also installs the Gateway API standard bundle the controller is built against; `off` sets the controller\'s Gateway feature gates to false. Without the flag: the last run\'s choice, else auto (`render`: auto and install render the three CRDs)' -r -f -a "auto\t'Apply the controller\'s three gateway CRDs (upgraded on every run) and check the Gateway API\'s own CRDs; support is on where they are present'
install\t'Also server-side apply the Gateway API standard bundle (CRDs and admission policy) of the version the controller is built against'
off\t'None of it; the controller\'s Gateway feature gates set to false explicitly'"
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l gateway-api-bundle -d 'With --gateway-api install: the Gateway API standard-install.yaml from this file instead of the pinned release asset (clusters without internet)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l gateway-class-alb -d 'Name of the GatewayClass albctl makes for ALB Gateways (controllerName gateway.k8s.aws/alb)' -r
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l gateway-class-nlb -d 'Name of the GatewayClass albctl makes for NLB Gateways (controllerName gateway.k8s.aws/nlb)' -r
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l timeout -d 'How long to wait for the controller to become ready' -r
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l regions -d 'Regions to list clusters in, comma-separated, or `all`: every region enabled for the account in the caller\'s partition (ec2:DescribeRegions). Default: the configured region' -r
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l clusters-matching -d 'Only clusters whose name matches this glob (`*` any run of characters, `?` one)' -r
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l concurrency -d 'How many clusters are read at once' -r
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand setup" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l dry-run -d 'Print the plan and change nothing'
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l check -d 'Print the plan and exit 1 if anything would change (drift gate); changes nothing'
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l skip-controller -d 'Only the AWS half: OIDC, policy, role, subnets'
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l force-policy -d 'Replace an existing policy even when that removes permissions it grants'
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l adopt-role -d 'Add this cluster\'s trust to an existing role that albctl did not create and that trusts others'
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l override-existing-serviceaccounts -d 'Take over an existing ServiceAccount managed by another tool (eksctl\'s flag name)'
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l rotate-webhook-cert -d 'Make a new webhook CA and certificate even if the current one is valid'
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l all-clusters -d 'Run for every EKS cluster in --regions (eks:ListClusters) instead of --cluster; one result each, exit code the worst (2 if one could not be judged, else 1 if one failed or drifted, else 0). Refused for runs that write'
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l adopt -d 'Take over the controller install another tool made (Helm release, eksctl\'s ServiceAccount and IRSA role) in place: same objects, same webhook certificate, albctl\'s fields only'
complete -c albctl -n "__fish_albctl_using_subcommand setup" -l forget-helm-release -d 'With --adopt: delete the Helm release records (the sh.helm.release.v1.RELEASE.vN Secrets) so Helm no longer tracks the install'
complete -c albctl -n "__fish_albctl_using_subcommand setup" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand setup" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand setup" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand setup" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and not __fish_seen_subcommand_from associate show help" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and not __fish_seen_subcommand_from associate show help" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and not __fish_seen_subcommand_from associate show help" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and not __fish_seen_subcommand_from associate show help" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and not __fish_seen_subcommand_from associate show help" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and not __fish_seen_subcommand_from associate show help" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and not __fish_seen_subcommand_from associate show help" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and not __fish_seen_subcommand_from associate show help" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and not __fish_seen_subcommand_from associate show help" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and not __fish_seen_subcommand_from associate show help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and not __fish_seen_subcommand_from associate show help" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and not __fish_seen_subcommand_from associate show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and not __fish_seen_subcommand_from associate show help" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and not __fish_seen_subcommand_from associate show help" -f -a "associate" -d 'Ensure the cluster\'s IAM OIDC provider exists with client id sts.amazonaws.com'
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and not __fish_seen_subcommand_from associate show help" -f -a "show" -d 'Show the cluster\'s issuer and IAM OIDC provider'
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and not __fish_seen_subcommand_from associate show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from associate" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from associate" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from associate" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from associate" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from associate" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from associate" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from associate" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from associate" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from associate" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from associate" -l dry-run -d 'Print the plan and change nothing'
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from associate" -l check -d 'Print the plan and exit 1 if anything would change (drift gate); changes nothing'
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from associate" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from associate" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from associate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from associate" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from show" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from show" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from show" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from show" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from show" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from show" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from show" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from show" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from help" -f -a "associate" -d 'Ensure the cluster\'s IAM OIDC provider exists with client id sts.amazonaws.com'
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the cluster\'s issuer and IAM OIDC provider'
complete -c albctl -n "__fish_albctl_using_subcommand oidc; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and not __fish_seen_subcommand_from create show diff help" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and not __fish_seen_subcommand_from create show diff help" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and not __fish_seen_subcommand_from create show diff help" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and not __fish_seen_subcommand_from create show diff help" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand policy; and not __fish_seen_subcommand_from create show diff help" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand policy; and not __fish_seen_subcommand_from create show diff help" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand policy; and not __fish_seen_subcommand_from create show diff help" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and not __fish_seen_subcommand_from create show diff help" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and not __fish_seen_subcommand_from create show diff help" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand policy; and not __fish_seen_subcommand_from create show diff help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and not __fish_seen_subcommand_from create show diff help" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and not __fish_seen_subcommand_from create show diff help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and not __fish_seen_subcommand_from create show diff help" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and not __fish_seen_subcommand_from create show diff help" -f -a "create" -d 'Ensure the controller policy exists and grants the embedded version\'s permissions'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and not __fish_seen_subcommand_from create show diff help" -f -a "show" -d 'Print the embedded policy document for a partition'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and not __fish_seen_subcommand_from create show diff help" -f -a "diff" -d 'Compare an existing policy with the embedded one, by action'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and not __fish_seen_subcommand_from create show diff help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from create" -l policy-name -d 'Name of the IAM policy' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from create" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from create" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from create" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from create" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from create" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from create" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from create" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from create" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from create" -l dry-run -d 'Print the plan and change nothing'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from create" -l check -d 'Print the plan and exit 1 if anything would change (drift gate); changes nothing'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from create" -l force-policy -d 'Replace an existing policy even when that removes permissions it grants'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from create" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l partition -d 'Partition (aws, aws-cn, aws-us-gov, aws-eusc, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f); default: the partition of the caller\'s credentials' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from show" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from show" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from diff" -l policy-name -d 'Name of the IAM policy in the account' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from diff" -l file -d 'Compare a local policy document instead of one in the account (no AWS access needed apart from the partition; give --partition to work fully offline)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from diff" -l partition -d 'Partition of the embedded document to compare against (with --file)' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from diff" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from diff" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from diff" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from diff" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from diff" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from diff" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from diff" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from diff" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from diff" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from diff" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from diff" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from diff" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "create" -d 'Ensure the controller policy exists and grants the embedded version\'s permissions'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the embedded policy document for a partition'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "diff" -d 'Compare an existing policy with the embedded one, by action'
complete -c albctl -n "__fish_albctl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and not __fish_seen_subcommand_from create help" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and not __fish_seen_subcommand_from create help" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and not __fish_seen_subcommand_from create help" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and not __fish_seen_subcommand_from create help" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and not __fish_seen_subcommand_from create help" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and not __fish_seen_subcommand_from create help" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and not __fish_seen_subcommand_from create help" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and not __fish_seen_subcommand_from create help" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and not __fish_seen_subcommand_from create help" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and not __fish_seen_subcommand_from create help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and not __fish_seen_subcommand_from create help" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and not __fish_seen_subcommand_from create help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and not __fish_seen_subcommand_from create help" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and not __fish_seen_subcommand_from create help" -f -a "create" -d 'Ensure the IAM role (exact trust, policy attached) and the annotated ServiceAccount'
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and not __fish_seen_subcommand_from create help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -s n -l namespace -d 'Namespace of the controller\'s ServiceAccount' -r
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -l service-account -d 'Name of the controller\'s ServiceAccount' -r
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -l policy-name -d 'Name of the IAM policy' -r
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -l role-name -d 'Name of the IAM role (default AmazonEKSLoadBalancerControllerRole-CLUSTER, at most 64 characters)' -r
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -l identity -d 'How the controller gets AWS credentials. `auto`: an existing install keeps the one it uses; a new one gets EKS Pod Identity when the eks-pod-identity-agent add-on is ACTIVE, else IRSA. Naming the other one on an existing install moves it in place' -r -f -a "auto\t'An existing install keeps the identity it uses; a new one gets Pod Identity when the eks-pod-identity-agent add-on is ACTIVE, else IRSA'
irsa\t'IAM roles for service accounts (OIDC web identity)'
pod-identity\t'EKS Pod Identity (role trusted by pods.eks.amazonaws.com plus an association)'"
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -l dry-run -d 'Print the plan and change nothing'
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -l check -d 'Print the plan and exit 1 if anything would change (drift gate); changes nothing'
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -l role-only -d 'Only the IAM role; do not touch the ServiceAccount'
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -l force-policy -d 'Replace an existing policy even when that removes permissions it grants'
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -l adopt-role -d 'Add this cluster\'s trust to an existing role that albctl did not create and that trusts others'
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -l override-existing-serviceaccounts -d 'Take over an existing ServiceAccount managed by another tool (eksctl\'s flag name)'
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from help" -f -a "create" -d 'Ensure the IAM role (exact trust, policy attached) and the annotated ServiceAccount'
complete -c albctl -n "__fish_albctl_using_subcommand iamserviceaccount; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and not __fish_seen_subcommand_from list tag help" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and not __fish_seen_subcommand_from list tag help" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and not __fish_seen_subcommand_from list tag help" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and not __fish_seen_subcommand_from list tag help" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and not __fish_seen_subcommand_from list tag help" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and not __fish_seen_subcommand_from list tag help" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and not __fish_seen_subcommand_from list tag help" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and not __fish_seen_subcommand_from list tag help" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and not __fish_seen_subcommand_from list tag help" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and not __fish_seen_subcommand_from list tag help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and not __fish_seen_subcommand_from list tag help" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and not __fish_seen_subcommand_from list tag help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and not __fish_seen_subcommand_from list tag help" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and not __fish_seen_subcommand_from list tag help" -f -a "list" -d 'Classify the candidate subnets as public or private, with the evidence'
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and not __fish_seen_subcommand_from list tag help" -f -a "tag" -d 'Ensure the role tags the controller discovers subnets by'
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and not __fish_seen_subcommand_from list tag help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from list" -l subnets-from -d 'Where candidate subnets come from' -r -f -a "cluster\t'The subnets of the cluster (DescribeCluster)'
vpc\t'Every subnet of the cluster\'s VPC'"
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from list" -l public-subnets -d 'Treat exactly these subnets as public (comma-separated IDs)' -r
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from list" -l private-subnets -d 'Treat exactly these subnets as private (comma-separated IDs)' -r
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from list" -l cluster-tag -d 'Also tag subnets with kubernetes.io/cluster/CLUSTER (opt-in)' -r -f -a "shared\t'Shared by several clusters'
owned\t'Owned by this cluster'"
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from list" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from list" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from list" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from list" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from list" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from list" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from list" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from list" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from tag" -l subnets-from -d 'Where candidate subnets come from' -r -f -a "cluster\t'The subnets of the cluster (DescribeCluster)'
vpc\t'Every subnet of the cluster\'s VPC'"
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from tag" -l public-subnets -d 'Treat exactly these subnets as public (comma-separated IDs)' -r
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from tag" -l private-subnets -d 'Treat exactly these subnets as private (comma-separated IDs)' -r
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from tag" -l cluster-tag -d 'Also tag subnets with kubernetes.io/cluster/CLUSTER (opt-in)' -r -f -a "shared\t'Shared by several clusters'
owned\t'Owned by this cluster'"
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from tag" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from tag" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from tag" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from tag" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from tag" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from tag" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from tag" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from tag" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from tag" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from tag" -l dry-run -d 'Print the plan and change nothing'
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from tag" -l check -d 'Print the plan and exit 1 if anything would change (drift gate); changes nothing'
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from tag" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from tag" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from tag" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from tag" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from help" -f -a "list" -d 'Classify the candidate subnets as public or private, with the evidence'
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from help" -f -a "tag" -d 'Ensure the role tags the controller discovers subnets by'
complete -c albctl -n "__fish_albctl_using_subcommand subnets; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c albctl -n "__fish_albctl_using_subcommand render" -s f -l values -d 'Helm-style values file (chart key names: replicaCount, image, resources, ...)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand render" -l image-registry -d 'Image registry for the controller image [default: public]; not together with a values file\'s image.repository' -r -f -a "public\t'public.ecr.aws/eks (region independent)'
regional\t'The region\'s private Amazon EKS registry'"
complete -c albctl -n "__fish_albctl_using_subcommand render" -l image -d 'Full controller image reference (overrides --image-registry)' -r
complete -c albctl -n "__fish_albctl_using_subcommand render" -l vpc-id -d 'VPC ID for --aws-vpc-id (default: from DescribeCluster)' -r
complete -c albctl -n "__fish_albctl_using_subcommand render" -l ingress-class -d 'The IngressClass the controller serves (the chart\'s `ingressClass`, default `alb`). Where another controller already holds that name (EKS Auto Mode\'s docs create an `alb` class of `eks.amazonaws.com/alb`), give another one' -r
complete -c albctl -n "__fish_albctl_using_subcommand render" -l gateway-api -d 'The controller\'s Gateway API support: `auto` applies its three gateway CRDs (upgraded on every run) and turns support on where the Gateway API standard CRDs are present; `install` also installs the Gateway API standard bundle the controller is built against; `off` sets the controller\'s Gateway feature gates to false. Without the flag: the last run\'s choice, else auto (`render`: auto and install render the three CRDs)' -r -f -a "auto\t'Apply the controller\'s three gateway CRDs (upgraded on every run) and check the Gateway API\'s own CRDs; support is on where they are present'
install\t'Also server-side apply the Gateway API standard bundle (CRDs and admission policy) of the version the controller is built against'
off\t'None of it; the controller\'s Gateway feature gates set to false explicitly'"
complete -c albctl -n "__fish_albctl_using_subcommand render" -l output-dir -d 'Write one file per object into this directory instead of stdout' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand render" -s n -l namespace -d 'Namespace of the controller' -r
complete -c albctl -n "__fish_albctl_using_subcommand render" -l service-account -d 'Name of the controller\'s ServiceAccount' -r
complete -c albctl -n "__fish_albctl_using_subcommand render" -l role-arn -d 'Role ARN for the ServiceAccount annotation' -r
complete -c albctl -n "__fish_albctl_using_subcommand render" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand render" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand render" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand render" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand render" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand render" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand render" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand render" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand render" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand render" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand render" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand render" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand render" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand apply" -s f -l values -d 'Helm-style values file (chart key names: replicaCount, image, resources, ...)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l image-registry -d 'Image registry for the controller image [default: public]; not together with a values file\'s image.repository' -r -f -a "public\t'public.ecr.aws/eks (region independent)'
regional\t'The region\'s private Amazon EKS registry'"
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l image -d 'Full controller image reference (overrides --image-registry)' -r
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l vpc-id -d 'VPC ID for --aws-vpc-id (default: from DescribeCluster)' -r
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l ingress-class -d 'The IngressClass the controller serves (the chart\'s `ingressClass`, default `alb`). Where another controller already holds that name (EKS Auto Mode\'s docs create an `alb` class of `eks.amazonaws.com/alb`), give another one' -r
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l gateway-api -d 'The controller\'s Gateway API support: `auto` applies its three gateway CRDs (upgraded on every run) and turns support on where the Gateway API standard CRDs are present; `install` also installs the Gateway API standard bundle the controller is built against; `off` sets the controller\'s Gateway feature gates to false. Without the flag: the last run\'s choice, else auto (`render`: auto and install render the three CRDs)' -r -f -a "auto\t'Apply the controller\'s three gateway CRDs (upgraded on every run) and check the Gateway API\'s own CRDs; support is on where they are present'
install\t'Also server-side apply the Gateway API standard bundle (CRDs and admission policy) of the version the controller is built against'
off\t'None of it; the controller\'s Gateway feature gates set to false explicitly'"
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l gateway-api-bundle -d 'With --gateway-api install: the Gateway API standard-install.yaml from this file instead of the pinned release asset (clusters without internet)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l gateway-class-alb -d 'Name of the GatewayClass albctl makes for ALB Gateways (controllerName gateway.k8s.aws/alb)' -r
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l gateway-class-nlb -d 'Name of the GatewayClass albctl makes for NLB Gateways (controllerName gateway.k8s.aws/nlb)' -r
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l dry-run -d '`server`: ask the API server to validate without persisting' -r
complete -c albctl -n "__fish_albctl_using_subcommand apply" -s n -l namespace -d 'Namespace of the controller' -r
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l service-account -d 'Name of the controller\'s ServiceAccount' -r
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l role-arn -d 'Role ARN for the ServiceAccount annotation' -r
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l timeout -d 'How long to wait for the controller to become ready' -r
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand apply" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l rotate-webhook-cert -d 'Make a new webhook CA and certificate even if the current one is valid'
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l override-existing-serviceaccounts -d 'Take over an existing ServiceAccount managed by another tool'
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l adopt -d 'Take over the controller install another tool made (Helm release, eksctl\'s ServiceAccount and IRSA role) in place: same objects, same webhook certificate, albctl\'s fields only'
complete -c albctl -n "__fish_albctl_using_subcommand apply" -l forget-helm-release -d 'With --adopt: delete the Helm release records (the sh.helm.release.v1.RELEASE.vN Secrets) so Helm no longer tracks the install'
complete -c albctl -n "__fish_albctl_using_subcommand apply" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand apply" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand apply" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand apply" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -s n -l namespace -d 'Namespace of the controller\'s ServiceAccount' -r
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -l service-account -d 'Name of the controller\'s ServiceAccount' -r
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -l policy-name -d 'Name of the IAM policy' -r
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -l role-name -d 'Name of the IAM role (default AmazonEKSLoadBalancerControllerRole-CLUSTER, at most 64 characters)' -r
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -l regions -d 'Regions to list clusters in, comma-separated, or `all`: every region enabled for the account in the caller\'s partition (ec2:DescribeRegions). Default: the configured region' -r
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -l clusters-matching -d 'Only clusters whose name matches this glob (`*` any run of characters, `?` one)' -r
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -l concurrency -d 'How many clusters are read at once' -r
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -l list-checks -d 'Print the catalogue of checks (a Markdown table; -o json for data) and exit'
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -l all-clusters -d 'Run for every EKS cluster in --regions (eks:ListClusters) instead of --cluster; one result each, exit code the worst (2 if one could not be judged, else 1 if one failed or drifted, else 0). Refused for runs that write'
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -s n -l namespace -d 'Namespace of the controller\'s ServiceAccount' -r
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -l service-account -d 'Name of the controller\'s ServiceAccount' -r
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -l policy-name -d 'Name of the IAM policy' -r
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -l role-name -d 'Name of the IAM role (default AmazonEKSLoadBalancerControllerRole-CLUSTER, at most 64 characters)' -r
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -l identity -d 'The identity setup gave the install. `auto`: Pod Identity when the ServiceAccount has a Pod Identity association with albctl\'s role (deleted too), else IRSA' -r -f -a "auto\t'An existing install keeps the identity it uses; a new one gets Pod Identity when the eks-pod-identity-agent add-on is ACTIVE, else IRSA'
irsa\t'IAM roles for service accounts (OIDC web identity)'
pod-identity\t'EKS Pod Identity (role trusted by pods.eks.amazonaws.com plus an association)'"
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -l timeout -d 'How long to wait for deleted CRDs, and with --delete-load-balancers for the controller to remove its load balancers' -r
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -l dry-run -d 'Print the plan and change nothing'
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -l delete-crds -d 'Also delete the controller\'s CRDs (and with them every TargetGroupBinding)'
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -l delete-oidc-provider -d 'Also delete the IAM OIDC provider, if albctl created it and no other role trusts it'
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -l skip-kubernetes -d 'Remove only the AWS side; leave the cluster\'s objects alone (no Kubernetes access needed)'
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -l delete-load-balancers -d 'First delete the Ingresses, Services and TargetGroupBindings that hold a load balancer controller finalizer and wait (--timeout) until the controller has deleted their AWS load balancers; without it teardown refuses while any exist'
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand teardown" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand lint" -l target -d 'What to judge against: the controller\'s catalogue, or `auto-mode` for what would not carry over to EKS Auto Mode\'s load balancing (AUTO001-AUTO008: the readiness report for a move)' -r -f -a "controller\t'The AWS Load Balancer Controller\'s annotation catalogue'
auto-mode\t'EKS Auto Mode: the features it does not support'"
complete -c albctl -n "__fish_albctl_using_subcommand lint" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand lint" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand lint" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand lint" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand lint" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand lint" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand lint" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand lint" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand lint" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand lint" -l list-checks -d 'Print the finding kinds (a Markdown table; -o json for data) and exit'
complete -c albctl -n "__fish_albctl_using_subcommand lint" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand lint" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand lint" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and not __fish_seen_subcommand_from list prune help" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and not __fish_seen_subcommand_from list prune help" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and not __fish_seen_subcommand_from list prune help" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and not __fish_seen_subcommand_from list prune help" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and not __fish_seen_subcommand_from list prune help" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and not __fish_seen_subcommand_from list prune help" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and not __fish_seen_subcommand_from list prune help" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and not __fish_seen_subcommand_from list prune help" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and not __fish_seen_subcommand_from list prune help" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and not __fish_seen_subcommand_from list prune help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and not __fish_seen_subcommand_from list prune help" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and not __fish_seen_subcommand_from list prune help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and not __fish_seen_subcommand_from list prune help" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and not __fish_seen_subcommand_from list prune help" -f -a "list" -d 'Every load balancer, target group and security group tagged elbv2.k8s.aws/cluster=CLUSTER, with the owner its stack tag names and whether that owner exists'
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and not __fish_seen_subcommand_from list prune help" -f -a "prune" -d 'Remove the orphans (owner gone) in dependency order; --dry-run prints the plan'
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and not __fish_seen_subcommand_from list prune help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from list" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from list" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from list" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from list" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from list" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from list" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from list" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from list" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from prune" -l timeout -d 'How long to retry a target group or security group AWS still sees in use' -r
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from prune" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from prune" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from prune" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from prune" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from prune" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from prune" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from prune" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from prune" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from prune" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from prune" -l dry-run -d 'Print the plan and change nothing'
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from prune" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from prune" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every load balancer, target group and security group tagged elbv2.k8s.aws/cluster=CLUSTER, with the owner its stack tag names and whether that owner exists'
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Remove the orphans (owner gone) in dependency order; --dry-run prints the plan'
complete -c albctl -n "__fish_albctl_using_subcommand loadbalancers; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c albctl -n "__fish_albctl_using_subcommand lb; and not __fish_seen_subcommand_from list prune help" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand lb; and not __fish_seen_subcommand_from list prune help" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand lb; and not __fish_seen_subcommand_from list prune help" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand lb; and not __fish_seen_subcommand_from list prune help" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand lb; and not __fish_seen_subcommand_from list prune help" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand lb; and not __fish_seen_subcommand_from list prune help" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand lb; and not __fish_seen_subcommand_from list prune help" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand lb; and not __fish_seen_subcommand_from list prune help" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand lb; and not __fish_seen_subcommand_from list prune help" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand lb; and not __fish_seen_subcommand_from list prune help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand lb; and not __fish_seen_subcommand_from list prune help" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand lb; and not __fish_seen_subcommand_from list prune help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand lb; and not __fish_seen_subcommand_from list prune help" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand lb; and not __fish_seen_subcommand_from list prune help" -f -a "list" -d 'Every load balancer, target group and security group tagged elbv2.k8s.aws/cluster=CLUSTER, with the owner its stack tag names and whether that owner exists'
complete -c albctl -n "__fish_albctl_using_subcommand lb; and not __fish_seen_subcommand_from list prune help" -f -a "prune" -d 'Remove the orphans (owner gone) in dependency order; --dry-run prints the plan'
complete -c albctl -n "__fish_albctl_using_subcommand lb; and not __fish_seen_subcommand_from list prune help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from list" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from list" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from list" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from list" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from list" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from list" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from list" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from list" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from list" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from prune" -l timeout -d 'How long to retry a target group or security group AWS still sees in use' -r
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from prune" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from prune" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from prune" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from prune" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from prune" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from prune" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from prune" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from prune" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from prune" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from prune" -l dry-run -d 'Print the plan and change nothing'
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from prune" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from prune" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from help" -f -a "list" -d 'Every load balancer, target group and security group tagged elbv2.k8s.aws/cluster=CLUSTER, with the owner its stack tag names and whether that owner exists'
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Remove the orphans (owner gone) in dependency order; --dry-run prints the plan'
complete -c albctl -n "__fish_albctl_using_subcommand lb; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and not __fish_seen_subcommand_from ingress-nginx help" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and not __fish_seen_subcommand_from ingress-nginx help" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and not __fish_seen_subcommand_from ingress-nginx help" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and not __fish_seen_subcommand_from ingress-nginx help" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and not __fish_seen_subcommand_from ingress-nginx help" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and not __fish_seen_subcommand_from ingress-nginx help" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and not __fish_seen_subcommand_from ingress-nginx help" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and not __fish_seen_subcommand_from ingress-nginx help" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and not __fish_seen_subcommand_from ingress-nginx help" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and not __fish_seen_subcommand_from ingress-nginx help" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and not __fish_seen_subcommand_from ingress-nginx help" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and not __fish_seen_subcommand_from ingress-nginx help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and not __fish_seen_subcommand_from ingress-nginx help" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and not __fish_seen_subcommand_from ingress-nginx help" -f -a "ingress-nginx" -d 'ingress-nginx Ingresses to the controller\'s ALB Ingresses, with a report of what differs'
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and not __fish_seen_subcommand_from ingress-nginx help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -l ingress-class -d 'IngressClass names taken as nginx\'s (comma-separated; default: nginx and every IngressClass whose controller is k8s.io/ingress-nginx)' -r
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -l to -d 'What to emit' -r -f -a "alb-ingress\t'The controller\'s Ingress annotations (IngressClass alb)'"
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -l to-class -d 'IngressClass of the emitted Ingresses' -r
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -l group-by -d 'How Ingresses share ALBs (never across namespaces unless `host`)' -r -f -a "namespace\t'One IngressGroup (one ALB) per namespace'
host\t'One IngressGroup per set of Ingresses sharing hosts, across namespaces'
none\t'One ALB per Ingress'"
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -l output-dir -d 'Write the manifests to files in DIR (one per source file, or per namespace with --cluster) and the report to stdout; without it the manifests go to stdout and the report to stderr' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -l nginx-configmap -d 'The nginx controller\'s ConfigMap (its global defaults), NAMESPACE/NAME; read live with --cluster, or taken from the inputs' -r
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -l name-suffix -d 'Append this to the emitted Ingresses\' names (e.g. -alb), so that both controllers serve side by side until DNS moves; default: the source\'s name (replaces it in place)' -r
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -l list-codes -d 'Print the finding codes (a Markdown table; -o json for data) and exit'
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -l list-rows -d 'Print the mapping\'s rows counted by kind (a Markdown table; -o json: every row) and exit'
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from ingress-nginx" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "ingress-nginx" -d 'ingress-nginx Ingresses to the controller\'s ALB Ingresses, with a report of what differs'
complete -c albctl -n "__fish_albctl_using_subcommand migrate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c albctl -n "__fish_albctl_using_subcommand completions" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand completions" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand completions" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand completions" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand completions" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand completions" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand completions" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand completions" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand completions" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand completions" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand completions" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand completions" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand man" -l cluster -d 'EKS cluster name' -r
complete -c albctl -n "__fish_albctl_using_subcommand man" -l region -d 'AWS Region (default: the AWS config chain: AWS_REGION, profile)' -r
complete -c albctl -n "__fish_albctl_using_subcommand man" -l profile -d 'AWS named profile' -r
complete -c albctl -n "__fish_albctl_using_subcommand man" -s o -l output -d 'Output format for data on stdout (sarif: `lint` and `migrate` only)' -r -f -a "text\t'Human-readable text'
json\t'One JSON document with a `schema_version`'
yaml\t'The JSON document as YAML'
sarif\t'SARIF 2.1.0 for code scanning (`albctl lint` and `albctl migrate` only)'"
complete -c albctl -n "__fish_albctl_using_subcommand man" -l color -d 'When to use colour (NO_COLOR is honoured with auto)' -r -f -a "auto\t'Colour when stderr/stdout is a terminal and NO_COLOR is unset'
always\t'Always colour text output'
never\t'Never colour'"
complete -c albctl -n "__fish_albctl_using_subcommand man" -l kubeconfig -d 'Use this kubeconfig file instead of talking to the cluster endpoint directly' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand man" -l context -d 'Kubeconfig context to use (implies a kubeconfig)' -r
complete -c albctl -n "__fish_albctl_using_subcommand man" -l server -d 'Kubernetes API server URL (overrides the cluster\'s endpoint)' -r
complete -c albctl -n "__fish_albctl_using_subcommand man" -l certificate-authority -d 'PEM file with the API server\'s CA (overrides the cluster\'s CA)' -r -F
complete -c albctl -n "__fish_albctl_using_subcommand man" -s v -l verbose -d 'More logging on stderr (-v info, -vv debug)'
complete -c albctl -n "__fish_albctl_using_subcommand man" -s q -l quiet -d 'No progress or log lines on stderr, only errors'
complete -c albctl -n "__fish_albctl_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c albctl -n "__fish_albctl_using_subcommand man" -s V -l version -d 'Print version'
complete -c albctl -n "__fish_albctl_using_subcommand help; and not __fish_seen_subcommand_from setup oidc policy iamserviceaccount subnets render apply doctor teardown lint loadbalancers migrate completions man help" -f -a "setup" -d 'Everything in order: OIDC, policy, role, ServiceAccount, subnets, controller'
complete -c albctl -n "__fish_albctl_using_subcommand help; and not __fish_seen_subcommand_from setup oidc policy iamserviceaccount subnets render apply doctor teardown lint loadbalancers migrate completions man help" -f -a "oidc" -d 'The cluster\'s IAM OIDC identity provider'
complete -c albctl -n "__fish_albctl_using_subcommand help; and not __fish_seen_subcommand_from setup oidc policy iamserviceaccount subnets render apply doctor teardown lint loadbalancers migrate completions man help" -f -a "policy" -d 'The controller\'s IAM policy'
complete -c albctl -n "__fish_albctl_using_subcommand help; and not __fish_seen_subcommand_from setup oidc policy iamserviceaccount subnets render apply doctor teardown lint loadbalancers migrate completions man help" -f -a "iamserviceaccount" -d 'The controller\'s IAM role and its ServiceAccount'
complete -c albctl -n "__fish_albctl_using_subcommand help; and not __fish_seen_subcommand_from setup oidc policy iamserviceaccount subnets render apply doctor teardown lint loadbalancers migrate completions man help" -f -a "subnets" -d 'Subnet discovery tags'
complete -c albctl -n "__fish_albctl_using_subcommand help; and not __fish_seen_subcommand_from setup oidc policy iamserviceaccount subnets render apply doctor teardown lint loadbalancers migrate completions man help" -f -a "render" -d 'Print the controller manifests'
complete -c albctl -n "__fish_albctl_using_subcommand help; and not __fish_seen_subcommand_from setup oidc policy iamserviceaccount subnets render apply doctor teardown lint loadbalancers migrate completions man help" -f -a "apply" -d 'Server-side apply the controller manifests and wait until it is ready'
complete -c albctl -n "__fish_albctl_using_subcommand help; and not __fish_seen_subcommand_from setup oidc policy iamserviceaccount subnets render apply doctor teardown lint loadbalancers migrate completions man help" -f -a "doctor" -d 'Diagnose the controller installation (read-only)'
complete -c albctl -n "__fish_albctl_using_subcommand help; and not __fish_seen_subcommand_from setup oidc policy iamserviceaccount subnets render apply doctor teardown lint loadbalancers migrate completions man help" -f -a "teardown" -d 'Remove what albctl created, in reverse order'
complete -c albctl -n "__fish_albctl_using_subcommand help; and not __fish_seen_subcommand_from setup oidc policy iamserviceaccount subnets render apply doctor teardown lint loadbalancers migrate completions man help" -f -a "lint" -d 'Check Ingress, Service and IngressClassParams manifests against the controller\'s annotations'
complete -c albctl -n "__fish_albctl_using_subcommand help; and not __fish_seen_subcommand_from setup oidc policy iamserviceaccount subnets render apply doctor teardown lint loadbalancers migrate completions man help" -f -a "loadbalancers" -d 'The controller\'s load balancers, target groups and security groups, with their owners'
complete -c albctl -n "__fish_albctl_using_subcommand help; and not __fish_seen_subcommand_from setup oidc policy iamserviceaccount subnets render apply doctor teardown lint loadbalancers migrate completions man help" -f -a "migrate" -d 'Move Ingresses of another controller to this one, checked before cutover'
complete -c albctl -n "__fish_albctl_using_subcommand help; and not __fish_seen_subcommand_from setup oidc policy iamserviceaccount subnets render apply doctor teardown lint loadbalancers migrate completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c albctl -n "__fish_albctl_using_subcommand help; and not __fish_seen_subcommand_from setup oidc policy iamserviceaccount subnets render apply doctor teardown lint loadbalancers migrate completions man help" -f -a "man" -d 'Print the man page (roff)'
complete -c albctl -n "__fish_albctl_using_subcommand help; and not __fish_seen_subcommand_from setup oidc policy iamserviceaccount subnets render apply doctor teardown lint loadbalancers migrate completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c albctl -n "__fish_albctl_using_subcommand help; and __fish_seen_subcommand_from oidc" -f -a "associate" -d 'Ensure the cluster\'s IAM OIDC provider exists with client id sts.amazonaws.com'
complete -c albctl -n "__fish_albctl_using_subcommand help; and __fish_seen_subcommand_from oidc" -f -a "show" -d 'Show the cluster\'s issuer and IAM OIDC provider'
complete -c albctl -n "__fish_albctl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "create" -d 'Ensure the controller policy exists and grants the embedded version\'s permissions'
complete -c albctl -n "__fish_albctl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "show" -d 'Print the embedded policy document for a partition'
complete -c albctl -n "__fish_albctl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "diff" -d 'Compare an existing policy with the embedded one, by action'
complete -c albctl -n "__fish_albctl_using_subcommand help; and __fish_seen_subcommand_from iamserviceaccount" -f -a "create" -d 'Ensure the IAM role (exact trust, policy attached) and the annotated ServiceAccount'
complete -c albctl -n "__fish_albctl_using_subcommand help; and __fish_seen_subcommand_from subnets" -f -a "list" -d 'Classify the candidate subnets as public or private, with the evidence'
complete -c albctl -n "__fish_albctl_using_subcommand help; and __fish_seen_subcommand_from subnets" -f -a "tag" -d 'Ensure the role tags the controller discovers subnets by'
complete -c albctl -n "__fish_albctl_using_subcommand help; and __fish_seen_subcommand_from loadbalancers" -f -a "list" -d 'Every load balancer, target group and security group tagged elbv2.k8s.aws/cluster=CLUSTER, with the owner its stack tag names and whether that owner exists'
complete -c albctl -n "__fish_albctl_using_subcommand help; and __fish_seen_subcommand_from loadbalancers" -f -a "prune" -d 'Remove the orphans (owner gone) in dependency order; --dry-run prints the plan'
complete -c albctl -n "__fish_albctl_using_subcommand help; and __fish_seen_subcommand_from migrate" -f -a "ingress-nginx" -d 'ingress-nginx Ingresses to the controller\'s ALB Ingresses, with a report of what differs'

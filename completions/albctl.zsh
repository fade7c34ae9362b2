#compdef albctl

autoload -U is-at-least

_albctl() {
    typeset -A opt_args
    typeset -a _arguments_options
    local ret=1

    if is-at-least 5.2; then
        _arguments_options=(-s -S -C)
    else
        _arguments_options=(-s -C)
    fi

    local context curcontext="$curcontext" state line
    _arguments "${_arguments_options[@]}" : \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_albctl_commands" \
"*::: :->albctl" \
&& ret=0
    case $state in
    (albctl)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-command-$line[1]:"
        case $line[1] in
            (setup)
_arguments "${_arguments_options[@]}" : \
'-n+[Namespace of the controller'\''s ServiceAccount]:NAMESPACE:_default' \
'--namespace=[Namespace of the controller'\''s ServiceAccount]:NAMESPACE:_default' \
'--service-account=[Name of the controller'\''s ServiceAccount]:NAME:_default' \
'--policy-name=[Name of the IAM policy]:NAME:_default' \
'--role-name=[Name of the IAM role (default AmazonEKSLoadBalancerControllerRole-CLUSTER, at most 64 characters)]:NAME:_default' \
'--identity=[How the controller gets AWS credentials. \`auto\`\: an existing install keeps the one it uses; a new one gets EKS Pod Identity when the eks-pod-identity-agent add-on is ACTIVE, else IRSA. Naming the other one on an existing install moves it in place]:IDENTITY:((auto\:"An existing install keeps the identity it uses; a new one gets Pod Identity when the eks-pod-identity-agent add-on is ACTIVE, else IRSA"
irsa\:"IAM roles for service accounts (OIDC web identity)"
pod-identity\:"EKS Pod Identity (role trusted by pods.eks.amazonaws.com plus an association)"))' \
'--subnets-from=[Where candidate subnets come from]:SUBNETS_FROM:((cluster\:"The subnets of the cluster (DescribeCluster)"
vpc\:"Every subnet of the cluster'\''s VPC"))' \
'*--public-subnets=[Treat exactly these subnets as public (comma-separated IDs)]:IDS:_default' \
'*--private-subnets=[Treat exactly these subnets as private (comma-separated IDs)]:IDS:_default' \
'--cluster-tag=[Also tag subnets with kubernetes.io/cluster/CLUSTER (opt-in)]:shared|owned:((shared\:"Shared by several clusters"
owned\:"Owned by this cluster"))' \
'*-f+[Helm-style values file (chart key names\: replicaCount, image, resources, ...)]:FILE:_files' \
'*--values=[Helm-style values file (chart key names\: replicaCount, image, resources, ...)]:FILE:_files' \
'--image-registry=[Image registry for the controller image \[default\: public\]; not together with a values file'\''s image.repository]:IMAGE_REGISTRY:((public\:"public.ecr.aws/eks (region independent)"
regional\:"The region'\''s private Amazon EKS registry"))' \
'--image=[Full controller image reference (overrides --image-registry)]:REF:_default' \
'--vpc-id=[VPC ID for --aws-vpc-id (default\: from DescribeCluster)]:ID:_default' \
'--ingress-class=[The IngressClass the controller serves (the chart'\''s \`ingressClass\`, default \`alb\`). Where another controller already holds that name (EKS Auto Mode'\''s docs create an \`alb\` class of \`eks.amazonaws.com/alb\`), give another one]:NAME:_default' \
'--gateway-api=[The controller'\''s Gateway API support\: \`auto\` applies its three gateway CRDs (upgraded on every run) and turns support on where the Gateway API standard CRDs are present; \`install\` also installs the Gateway API standard bundle the controller is built against; \`off\` sets the controller'\''s Gateway feature gates to false. Without the flag\: the last run'\''s choice, else auto (\`render\`\: auto and install render the three CRDs)]::MODE:((auto\:"Apply the controller'\''s three gateway CRDs (upgraded on every run) and check the Gateway API'\''s own CRDs; support is on where they are present"
install\:"Also server-side apply the Gateway API standard bundle (CRDs and admission policy) of the version the controller is built against"
off\:"None of it; the controller'\''s Gateway feature gates set to false explicitly"))' \
'--gateway-api-bundle=[With --gateway-api install\: the Gateway API standard-install.yaml from this file instead of the pinned release asset (clusters without internet)]:FILE:_files' \
'--gateway-class-alb=[Name of the GatewayClass albctl makes for ALB Gateways (controllerName gateway.k8s.aws/alb)]:NAME:_default' \
'--gateway-class-nlb=[Name of the GatewayClass albctl makes for NLB Gateways (controllerName gateway.k8s.aws/nlb)]:NAME:_default' \
'--timeout=[How long to wait for the controller to become ready]:DURATION:_default' \
'*--regions=[Regions to list clusters in, comma-separated, or \`all\`\: every region enabled for the account in the caller'\''s partition (ec2\:DescribeRegions). Default\: the configured region]:REGIONS:_default' \
'--clusters-matching=[Only clusters whose name matches this glob (\`*\` any run of characters, \`?\` one)]:GLOB:_default' \
'--concurrency=[How many clusters are read at once]:N:_default' \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'--dry-run[Print the plan and change nothing]' \
'(--dry-run)--check[Print the plan and exit 1 if anything would change (drift gate); changes nothing]' \
'--skip-controller[Only the AWS half\: OIDC, policy, role, subnets]' \
'--force-policy[Replace an existing policy even when that removes permissions it grants]' \
'--adopt-role[Add this cluster'\''s trust to an existing role that albctl did not create and that trusts others]' \
'--override-existing-serviceaccounts[Take over an existing ServiceAccount managed by another tool (eksctl'\''s flag name)]' \
'--rotate-webhook-cert[Make a new webhook CA and certificate even if the current one is valid]' \
'--all-clusters[Run for every EKS cluster in --regions (eks\:ListClusters) instead of --cluster; one result each, exit code the worst (2 if one could not be judged, else 1 if one failed or drifted, else 0). Refused for runs that write]' \
'--adopt[Take over the controller install another tool made (Helm release, eksctl'\''s ServiceAccount and IRSA role) in place\: same objects, same webhook certificate, albctl'\''s fields only]' \
'--forget-helm-release[With --adopt\: delete the Helm release records (the sh.helm.release.v1.RELEASE.vN Secrets) so Helm no longer tracks the install]' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(oidc)
_arguments "${_arguments_options[@]}" : \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_albctl__subcmd__oidc_commands" \
"*::: :->oidc" \
&& ret=0

    case $state in
    (oidc)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-oidc-command-$line[1]:"
        case $line[1] in
            (associate)
_arguments "${_arguments_options[@]}" : \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'--dry-run[Print the plan and change nothing]' \
'(--dry-run)--check[Print the plan and exit 1 if anything would change (drift gate); changes nothing]' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_albctl__subcmd__oidc__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-oidc-help-command-$line[1]:"
        case $line[1] in
            (associate)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(policy)
_arguments "${_arguments_options[@]}" : \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_albctl__subcmd__policy_commands" \
"*::: :->policy" \
&& ret=0

    case $state in
    (policy)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-policy-command-$line[1]:"
        case $line[1] in
            (create)
_arguments "${_arguments_options[@]}" : \
'--policy-name=[Name of the IAM policy]:NAME:_default' \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'--dry-run[Print the plan and change nothing]' \
'(--dry-run)--check[Print the plan and exit 1 if anything would change (drift gate); changes nothing]' \
'--force-policy[Replace an existing policy even when that removes permissions it grants]' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
'--partition=[Partition (aws, aws-cn, aws-us-gov, aws-eusc, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f); default\: the partition of the caller'\''s credentials]:PARTITION:_default' \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(diff)
_arguments "${_arguments_options[@]}" : \
'--policy-name=[Name of the IAM policy in the account]:NAME:_default' \
'--file=[Compare a local policy document instead of one in the account (no AWS access needed apart from the partition; give --partition to work fully offline)]:FILE:_files' \
'--partition=[Partition of the embedded document to compare against (with --file)]:PARTITION:_default' \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_albctl__subcmd__policy__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-policy-help-command-$line[1]:"
        case $line[1] in
            (create)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(diff)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(iamserviceaccount)
_arguments "${_arguments_options[@]}" : \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_albctl__subcmd__iamserviceaccount_commands" \
"*::: :->iamserviceaccount" \
&& ret=0

    case $state in
    (iamserviceaccount)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-iamserviceaccount-command-$line[1]:"
        case $line[1] in
            (create)
_arguments "${_arguments_options[@]}" : \
'-n+[Namespace of the controller'\''s ServiceAccount]:NAMESPACE:_default' \
'--namespace=[Namespace of the controller'\''s ServiceAccount]:NAMESPACE:_default' \
'--service-account=[Name of the controller'\''s ServiceAccount]:NAME:_default' \
'--policy-name=[Name of the IAM policy]:NAME:_default' \
'--role-name=[Name of the IAM role (default AmazonEKSLoadBalancerControllerRole-CLUSTER, at most 64 characters)]:NAME:_default' \
'--identity=[How the controller gets AWS credentials. \`auto\`\: an existing install keeps the one it uses; a new one gets EKS Pod Identity when the eks-pod-identity-agent add-on is ACTIVE, else IRSA. Naming the other one on an existing install moves it in place]:IDENTITY:((auto\:"An existing install keeps the identity it uses; a new one gets Pod Identity when the eks-pod-identity-agent add-on is ACTIVE, else IRSA"
irsa\:"IAM roles for service accounts (OIDC web identity)"
pod-identity\:"EKS Pod Identity (role trusted by pods.eks.amazonaws.com plus an association)"))' \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'--dry-run[Print the plan and change nothing]' \
'(--dry-run)--check[Print the plan and exit 1 if anything would change (drift gate); changes nothing]' \
'--role-only[Only the IAM role; do not touch the ServiceAccount]' \
'--force-policy[Replace an existing policy even when that removes permissions it grants]' \
'--adopt-role[Add this cluster'\''s trust to an existing role that albctl did not create and that trusts others]' \
'--override-existing-serviceaccounts[Take over an existing ServiceAccount managed by another tool (eksctl'\''s flag name)]' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_albctl__subcmd__iamserviceaccount__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-iamserviceaccount-help-command-$line[1]:"
        case $line[1] in
            (create)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(subnets)
_arguments "${_arguments_options[@]}" : \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_albctl__subcmd__subnets_commands" \
"*::: :->subnets" \
&& ret=0

    case $state in
    (subnets)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-subnets-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
'--subnets-from=[Where candidate subnets come from]:SUBNETS_FROM:((cluster\:"The subnets of the cluster (DescribeCluster)"
vpc\:"Every subnet of the cluster'\''s VPC"))' \
'*--public-subnets=[Treat exactly these subnets as public (comma-separated IDs)]:IDS:_default' \
'*--private-subnets=[Treat exactly these subnets as private (comma-separated IDs)]:IDS:_default' \
'--cluster-tag=[Also tag subnets with kubernetes.io/cluster/CLUSTER (opt-in)]:shared|owned:((shared\:"Shared by several clusters"
owned\:"Owned by this cluster"))' \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(tag)
_arguments "${_arguments_options[@]}" : \
'--subnets-from=[Where candidate subnets come from]:SUBNETS_FROM:((cluster\:"The subnets of the cluster (DescribeCluster)"
vpc\:"Every subnet of the cluster'\''s VPC"))' \
'*--public-subnets=[Treat exactly these subnets as public (comma-separated IDs)]:IDS:_default' \
'*--private-subnets=[Treat exactly these subnets as private (comma-separated IDs)]:IDS:_default' \
'--cluster-tag=[Also tag subnets with kubernetes.io/cluster/CLUSTER (opt-in)]:shared|owned:((shared\:"Shared by several clusters"
owned\:"Owned by this cluster"))' \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'--dry-run[Print the plan and change nothing]' \
'(--dry-run)--check[Print the plan and exit 1 if anything would change (drift gate); changes nothing]' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_albctl__subcmd__subnets__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-subnets-help-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(tag)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(render)
_arguments "${_arguments_options[@]}" : \
'*-f+[Helm-style values file (chart key names\: replicaCount, image, resources, ...)]:FILE:_files' \
'*--values=[Helm-style values file (chart key names\: replicaCount, image, resources, ...)]:FILE:_files' \
'--image-registry=[Image registry for the controller image \[default\: public\]; not together with a values file'\''s image.repository]:IMAGE_REGISTRY:((public\:"public.ecr.aws/eks (region independent)"
regional\:"The region'\''s private Amazon EKS registry"))' \
'--image=[Full controller image reference (overrides --image-registry)]:REF:_default' \
'--vpc-id=[VPC ID for --aws-vpc-id (default\: from DescribeCluster)]:ID:_default' \
'--ingress-class=[The IngressClass the controller serves (the chart'\''s \`ingressClass\`, default \`alb\`). Where another controller already holds that name (EKS Auto Mode'\''s docs create an \`alb\` class of \`eks.amazonaws.com/alb\`), give another one]:NAME:_default' \
'--gateway-api=[The controller'\''s Gateway API support\: \`auto\` applies its three gateway CRDs (upgraded on every run) and turns support on where the Gateway API standard CRDs are present; \`install\` also installs the Gateway API standard bundle the controller is built against; \`off\` sets the controller'\''s Gateway feature gates to false. Without the flag\: the last run'\''s choice, else auto (\`render\`\: auto and install render the three CRDs)]::MODE:((auto\:"Apply the controller'\''s three gateway CRDs (upgraded on every run) and check the Gateway API'\''s own CRDs; support is on where they are present"
install\:"Also server-side apply the Gateway API standard bundle (CRDs and admission policy) of the version the controller is built against"
off\:"None of it; the controller'\''s Gateway feature gates set to false explicitly"))' \
'--output-dir=[Write one file per object into this directory instead of stdout]:DIR:_files' \
'-n+[Namespace of the controller]:NAMESPACE:_default' \
'--namespace=[Namespace of the controller]:NAMESPACE:_default' \
'--service-account=[Name of the controller'\''s ServiceAccount]:NAME:_default' \
'--role-arn=[Role ARN for the ServiceAccount annotation]:ARN:_default' \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(apply)
_arguments "${_arguments_options[@]}" : \
'*-f+[Helm-style values file (chart key names\: replicaCount, image, resources, ...)]:FILE:_files' \
'*--values=[Helm-style values file (chart key names\: replicaCount, image, resources, ...)]:FILE:_files' \
'--image-registry=[Image registry for the controller image \[default\: public\]; not together with a values file'\''s image.repository]:IMAGE_REGISTRY:((public\:"public.ecr.aws/eks (region independent)"
regional\:"The region'\''s private Amazon EKS registry"))' \
'--image=[Full controller image reference (overrides --image-registry)]:REF:_default' \
'--vpc-id=[VPC ID for --aws-vpc-id (default\: from DescribeCluster)]:ID:_default' \
'--ingress-class=[The IngressClass the controller serves (the chart'\''s \`ingressClass\`, default \`alb\`). Where another controller already holds that name (EKS Auto Mode'\''s docs create an \`alb\` class of \`eks.amazonaws.com/alb\`), give another one]:NAME:_default' \
'--gateway-api=[The controller'\''s Gateway API support\: \`auto\` applies its three gateway CRDs (upgraded on every run) and turns support on where the Gateway API standard CRDs are present; \`install\` also installs the Gateway API standard bundle the controller is built against; \`off\` sets the controller'\''s Gateway feature gates to false. Without the flag\: the last run'\''s choice, else auto (\`render\`\: auto and install render the three CRDs)]::MODE:((auto\:"Apply the controller'\''s three gateway CRDs (upgraded on every run) and check the Gateway API'\''s own CRDs; support is on where they are present"
install\:"Also server-side apply the Gateway API standard bundle (CRDs and admission policy) of the version the controller is built against"
off\:"None of it; the controller'\''s Gateway feature gates set to false explicitly"))' \
'--gateway-api-bundle=[With --gateway-api install\: the Gateway API standard-install.yaml from this file instead of the pinned release asset (clusters without internet)]:FILE:_files' \
'--gateway-class-alb=[Name of the GatewayClass albctl makes for ALB Gateways (controllerName gateway.k8s.aws/alb)]:NAME:_default' \
'--gateway-class-nlb=[Name of the GatewayClass albctl makes for NLB Gateways (controllerName gateway.k8s.aws/nlb)]:NAME:_default' \
'--dry-run=[\`server\`\: ask the API server to validate without persisting]::server:_default' \
'-n+[Namespace of the controller]:NAMESPACE:_default' \
'--namespace=[Namespace of the controller]:NAMESPACE:_default' \
'--service-account=[Name of the controller'\''s ServiceAccount]:NAME:_default' \
'--role-arn=[Role ARN for the ServiceAccount annotation]:ARN:_default' \
'--timeout=[How long to wait for the controller to become ready]:DURATION:_default' \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'--rotate-webhook-cert[Make a new webhook CA and certificate even if the current one is valid]' \
'--override-existing-serviceaccounts[Take over an existing ServiceAccount managed by another tool]' \
'--adopt[Take over the controller install another tool made (Helm release, eksctl'\''s ServiceAccount and IRSA role) in place\: same objects, same webhook certificate, albctl'\''s fields only]' \
'--forget-helm-release[With --adopt\: delete the Helm release records (the sh.helm.release.v1.RELEASE.vN Secrets) so Helm no longer tracks the install]' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(doctor)
_arguments "${_arguments_options[@]}" : \
'-n+[Namespace of the controller'\''s ServiceAccount]:NAMESPACE:_default' \
'--namespace=[Namespace of the controller'\''s ServiceAccount]:NAMESPACE:_default' \
'--service-account=[Name of the controller'\''s ServiceAccount]:NAME:_default' \
'--policy-name=[Name of the IAM policy]:NAME:_default' \
'--role-name=[Name of the IAM role (default AmazonEKSLoadBalancerControllerRole-CLUSTER, at most 64 characters)]:NAME:_default' \
'*--regions=[Regions to list clusters in, comma-separated, or \`all\`\: every region enabled for the account in the caller'\''s partition (ec2\:DescribeRegions). Default\: the configured region]:REGIONS:_default' \
'--clusters-matching=[Only clusters whose name matches this glob (\`*\` any run of characters, \`?\` one)]:GLOB:_default' \
'--concurrency=[How many clusters are read at once]:N:_default' \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'--list-checks[Print the catalogue of checks (a Markdown table; -o json for data) and exit]' \
'--all-clusters[Run for every EKS cluster in --regions (eks\:ListClusters) instead of --cluster; one result each, exit code the worst (2 if one could not be judged, else 1 if one failed or drifted, else 0). Refused for runs that write]' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(teardown)
_arguments "${_arguments_options[@]}" : \
'-n+[Namespace of the controller'\''s ServiceAccount]:NAMESPACE:_default' \
'--namespace=[Namespace of the controller'\''s ServiceAccount]:NAMESPACE:_default' \
'--service-account=[Name of the controller'\''s ServiceAccount]:NAME:_default' \
'--policy-name=[Name of the IAM policy]:NAME:_default' \
'--role-name=[Name of the IAM role (default AmazonEKSLoadBalancerControllerRole-CLUSTER, at most 64 characters)]:NAME:_default' \
'--identity=[The identity setup gave the install. \`auto\`\: Pod Identity when the ServiceAccount has a Pod Identity association with albctl'\''s role (deleted too), else IRSA]:IDENTITY:((auto\:"An existing install keeps the identity it uses; a new one gets Pod Identity when the eks-pod-identity-agent add-on is ACTIVE, else IRSA"
irsa\:"IAM roles for service accounts (OIDC web identity)"
pod-identity\:"EKS Pod Identity (role trusted by pods.eks.amazonaws.com plus an association)"))' \
'--timeout=[How long to wait for deleted CRDs, and with --delete-load-balancers for the controller to remove its load balancers]:DURATION:_default' \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'--dry-run[Print the plan and change nothing]' \
'--delete-crds[Also delete the controller'\''s CRDs (and with them every TargetGroupBinding)]' \
'--delete-oidc-provider[Also delete the IAM OIDC provider, if albctl created it and no other role trusts it]' \
'--skip-kubernetes[Remove only the AWS side; leave the cluster'\''s objects alone (no Kubernetes access needed)]' \
'--delete-load-balancers[First delete the Ingresses, Services and TargetGroupBindings that hold a load balancer controller finalizer and wait (--timeout) until the controller has deleted their AWS load balancers; without it teardown refuses while any exist]' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(lint)
_arguments "${_arguments_options[@]}" : \
'--target=[What to judge against\: the controller'\''s catalogue, or \`auto-mode\` for what would not carry over to EKS Auto Mode'\''s load balancing (AUTO001-AUTO008\: the readiness report for a move)]:TARGET:((controller\:"The AWS Load Balancer Controller'\''s annotation catalogue"
auto-mode\:"EKS Auto Mode\: the features it does not support"))' \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'--list-checks[Print the finding kinds (a Markdown table; -o json for data) and exit]' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
'*::paths -- Manifest files or directories (recursively *.yaml, *.yml, *.json); `-` reads stdin. Without paths, --cluster lints the cluster'\''s live objects:_files' \
&& ret=0
;;
(loadbalancers)
_arguments "${_arguments_options[@]}" : \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_albctl__subcmd__loadbalancers_commands" \
"*::: :->loadbalancers" \
&& ret=0

    case $state in
    (loadbalancers)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-loadbalancers-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(prune)
_arguments "${_arguments_options[@]}" : \
'--timeout=[How long to retry a target group or security group AWS still sees in use]:DURATION:_default' \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'--dry-run[Print the plan and change nothing]' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_albctl__subcmd__loadbalancers__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-loadbalancers-help-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(prune)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(lb)
_arguments "${_arguments_options[@]}" : \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_albctl__subcmd__loadbalancers_commands" \
"*::: :->loadbalancers" \
&& ret=0

    case $state in
    (loadbalancers)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-loadbalancers-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(prune)
_arguments "${_arguments_options[@]}" : \
'--timeout=[How long to retry a target group or security group AWS still sees in use]:DURATION:_default' \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'--dry-run[Print the plan and change nothing]' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_albctl__subcmd__loadbalancers__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-loadbalancers-help-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(prune)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(migrate)
_arguments "${_arguments_options[@]}" : \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_albctl__subcmd__migrate_commands" \
"*::: :->migrate" \
&& ret=0

    case $state in
    (migrate)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-migrate-command-$line[1]:"
        case $line[1] in
            (ingress-nginx)
_arguments "${_arguments_options[@]}" : \
'*--ingress-class=[IngressClass names taken as nginx'\''s (comma-separated; default\: nginx and every IngressClass whose controller is k8s.io/ingress-nginx)]:CLASS:_default' \
'--to=[What to emit]:TO:((alb-ingress\:"The controller'\''s Ingress annotations (IngressClass alb)"))' \
'--to-class=[IngressClass of the emitted Ingresses]:CLASS:_default' \
'--group-by=[How Ingresses share ALBs (never across namespaces unless \`host\`)]:GROUP_BY:((namespace\:"One IngressGroup (one ALB) per namespace"
host\:"One IngressGroup per set of Ingresses sharing hosts, across namespaces"
none\:"One ALB per Ingress"))' \
'--output-dir=[Write the manifests to files in DIR (one per source file, or per namespace with --cluster) and the report to stdout; without it the manifests go to stdout and the report to stderr]:DIR:_files' \
'--nginx-configmap=[The nginx controller'\''s ConfigMap (its global defaults), NAMESPACE/NAME; read live with --cluster, or taken from the inputs]:NAMESPACE/NAME:_default' \
'--name-suffix=[Append this to the emitted Ingresses'\'' names (e.g. -alb), so that both controllers serve side by side until DNS moves; default\: the source'\''s name (replaces it in place)]:SUFFIX:_default' \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'--list-codes[Print the finding codes (a Markdown table; -o json for data) and exit]' \
'(--list-codes)--list-rows[Print the mapping'\''s rows counted by kind (a Markdown table; -o json\: every row) and exit]' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
'*::paths -- Manifest files or directories (recursively *.yaml, *.yml, *.json); `-` reads stdin. Without paths, --cluster reads the cluster'\''s Ingresses:_files' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_albctl__subcmd__migrate__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-migrate-help-command-$line[1]:"
        case $line[1] in
            (ingress-nginx)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(completions)
_arguments "${_arguments_options[@]}" : \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
':shell -- The shell:(bash elvish fish powershell zsh)' \
&& ret=0
;;
(man)
_arguments "${_arguments_options[@]}" : \
'--cluster=[EKS cluster name]:NAME:_default' \
'--region=[AWS Region (default\: the AWS config chain\: AWS_REGION, profile)]:REGION:_default' \
'--profile=[AWS named profile]:NAME:_default' \
'-o+[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--output=[Output format for data on stdout (sarif\: \`lint\` and \`migrate\` only)]:OUTPUT:((text\:"Human-readable text"
json\:"One JSON document with a \`schema_version\`"
yaml\:"The JSON document as YAML"
sarif\:"SARIF 2.1.0 for code scanning (\`albctl lint\` and \`albctl migrate\` only)"))' \
'--color=[When to use colour (NO_COLOR is honoured with auto)]:COLOR:((auto\:"Colour when stderr/stdout is a terminal and NO_COLOR is unset"
always\:"Always colour text output"
never\:"Never colour"))' \
'--kubeconfig=[Use this kubeconfig file instead of talking to the cluster endpoint directly]:PATH:_files' \
'--context=[Kubeconfig context to use (implies a kubeconfig)]:NAME:_default' \
'--server=[Kubernetes API server URL (overrides the cluster'\''s endpoint)]:URL:_default' \
'--certificate-authority=[PEM file with the API server'\''s CA (overrides the cluster'\''s CA)]:FILE:_files' \
'*-v[More logging on stderr (-v info, -vv debug)]' \
'*--verbose[More logging on stderr (-v info, -vv debug)]' \
'(-v --verbose)-q[No progress or log lines on stderr, only errors]' \
'(-v --verbose)--quiet[No progress or log lines on stderr, only errors]' \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_albctl__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-help-command-$line[1]:"
        case $line[1] in
            (setup)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(oidc)
_arguments "${_arguments_options[@]}" : \
":: :_albctl__subcmd__help__subcmd__oidc_commands" \
"*::: :->oidc" \
&& ret=0

    case $state in
    (oidc)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-help-oidc-command-$line[1]:"
        case $line[1] in
            (associate)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(policy)
_arguments "${_arguments_options[@]}" : \
":: :_albctl__subcmd__help__subcmd__policy_commands" \
"*::: :->policy" \
&& ret=0

    case $state in
    (policy)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-help-policy-command-$line[1]:"
        case $line[1] in
            (create)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(show)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(diff)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(iamserviceaccount)
_arguments "${_arguments_options[@]}" : \
":: :_albctl__subcmd__help__subcmd__iamserviceaccount_commands" \
"*::: :->iamserviceaccount" \
&& ret=0

    case $state in
    (iamserviceaccount)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-help-iamserviceaccount-command-$line[1]:"
        case $line[1] in
            (create)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(subnets)
_arguments "${_arguments_options[@]}" : \
":: :_albctl__subcmd__help__subcmd__subnets_commands" \
"*::: :->subnets" \
&& ret=0

    case $state in
    (subnets)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-help-subnets-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(tag)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(render)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(apply)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(doctor)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(teardown)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(lint)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(loadbalancers)
_arguments "${_arguments_options[@]}" : \
":: :_albctl__subcmd__help__subcmd__loadbalancers_commands" \
"*::: :->loadbalancers" \
&& ret=0

    case $state in
    (loadbalancers)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-help-loadbalancers-command-$line[1]:"
        case $line[1] in
            (list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(prune)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(migrate)
_arguments "${_arguments_options[@]}" : \
":: :_albctl__subcmd__help__subcmd__migrate_commands" \
"*::: :->migrate" \
&& ret=0

    case $state in
    (migrate)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:albctl-help-migrate-command-$line[1]:"
        case $line[1] in
            (ingress-nginx)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(completions)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(man)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
}

(( $+functions[_albctl_commands] )) ||
_albctl_commands() {
    local commands; commands=(
'setup:Everything in order\: OIDC, policy, role, ServiceAccount, subnets, controller' \
'oidc:The cluster'\''s IAM OIDC identity provider' \
'policy:The controller'\''s IAM policy' \
'iamserviceaccount:The controller'\''s IAM role and its ServiceAccount' \
'subnets:Subnet discovery tags' \
'render:Print the controller manifests' \
'apply:Server-side apply the controller manifests and wait until it is ready' \
'doctor:Diagnose the controller installation (read-only)' \
'teardown:Remove what albctl created, in reverse order' \
'lint:Check Ingress, Service and IngressClassParams manifests against the controller'\''s annotations' \
'loadbalancers:The controller'\''s load balancers, target groups and security groups, with their owners' \
'lb:The controller'\''s load balancers, target groups and security groups, with their owners' \
'migrate:Move Ingresses of another controller to this one, checked before cutover' \
'completions:Print a shell completion script' \
'man:Print the man page (roff)' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'albctl commands' commands "$@"
}
(( $+functions[_albctl__subcmd__apply_commands] )) ||
_albctl__subcmd__apply_commands() {
    local commands; commands=()
    _describe -t commands 'albctl apply commands' commands "$@"
}
(( $+functions[_albctl__subcmd__completions_commands] )) ||
_albctl__subcmd__completions_commands() {
    local commands; commands=()
    _describe -t commands 'albctl completions commands' commands "$@"
}
(( $+functions[_albctl__subcmd__doctor_commands] )) ||
_albctl__subcmd__doctor_commands() {
    local commands; commands=()
    _describe -t commands 'albctl doctor commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help_commands] )) ||
_albctl__subcmd__help_commands() {
    local commands; commands=(
'setup:Everything in order\: OIDC, policy, role, ServiceAccount, subnets, controller' \
'oidc:The cluster'\''s IAM OIDC identity provider' \
'policy:The controller'\''s IAM policy' \
'iamserviceaccount:The controller'\''s IAM role and its ServiceAccount' \
'subnets:Subnet discovery tags' \
'render:Print the controller manifests' \
'apply:Server-side apply the controller manifests and wait until it is ready' \
'doctor:Diagnose the controller installation (read-only)' \
'teardown:Remove what albctl created, in reverse order' \
'lint:Check Ingress, Service and IngressClassParams manifests against the controller'\''s annotations' \
'loadbalancers:The controller'\''s load balancers, target groups and security groups, with their owners' \
'migrate:Move Ingresses of another controller to this one, checked before cutover' \
'completions:Print a shell completion script' \
'man:Print the man page (roff)' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'albctl help commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__apply_commands] )) ||
_albctl__subcmd__help__subcmd__apply_commands() {
    local commands; commands=()
    _describe -t commands 'albctl help apply commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__completions_commands] )) ||
_albctl__subcmd__help__subcmd__completions_commands() {
    local commands; commands=()
    _describe -t commands 'albctl help completions commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__doctor_commands] )) ||
_albctl__subcmd__help__subcmd__doctor_commands() {
    local commands; commands=()
    _describe -t commands 'albctl help doctor commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__help_commands] )) ||
_albctl__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'albctl help help commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__iamserviceaccount_commands] )) ||
_albctl__subcmd__help__subcmd__iamserviceaccount_commands() {
    local commands; commands=(
'create:Ensure the IAM role (exact trust, policy attached) and the annotated ServiceAccount' \
    )
    _describe -t commands 'albctl help iamserviceaccount commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__iamserviceaccount__subcmd__create_commands] )) ||
_albctl__subcmd__help__subcmd__iamserviceaccount__subcmd__create_commands() {
    local commands; commands=()
    _describe -t commands 'albctl help iamserviceaccount create commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__lint_commands] )) ||
_albctl__subcmd__help__subcmd__lint_commands() {
    local commands; commands=()
    _describe -t commands 'albctl help lint commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__loadbalancers_commands] )) ||
_albctl__subcmd__help__subcmd__loadbalancers_commands() {
    local commands; commands=(
'list:Every load balancer, target group and security group tagged elbv2.k8s.aws/cluster=CLUSTER, with the owner its stack tag names and whether that owner exists' \
'prune:Remove the orphans (owner gone) in dependency order; --dry-run prints the plan' \
    )
    _describe -t commands 'albctl help loadbalancers commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__loadbalancers__subcmd__list_commands] )) ||
_albctl__subcmd__help__subcmd__loadbalancers__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'albctl help loadbalancers list commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__loadbalancers__subcmd__prune_commands] )) ||
_albctl__subcmd__help__subcmd__loadbalancers__subcmd__prune_commands() {
    local commands; commands=()
    _describe -t commands 'albctl help loadbalancers prune commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__man_commands] )) ||
_albctl__subcmd__help__subcmd__man_commands() {
    local commands; commands=()
    _describe -t commands 'albctl help man commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__migrate_commands] )) ||
_albctl__subcmd__help__subcmd__migrate_commands() {
    local commands; commands=(
'ingress-nginx:ingress-nginx Ingresses to the controller'\''s ALB Ingresses, with a report of what differs' \
    )
    _describe -t commands 'albctl help migrate commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__migrate__subcmd__ingress-nginx_commands] )) ||
_albctl__subcmd__help__subcmd__migrate__subcmd__ingress-nginx_commands() {
    local commands; commands=()
    _describe -t commands 'albctl help migrate ingress-nginx commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__oidc_commands] )) ||
_albctl__subcmd__help__subcmd__oidc_commands() {
    local commands; commands=(
'associate:Ensure the cluster'\''s IAM OIDC provider exists with client id sts.amazonaws.com' \
'show:Show the cluster'\''s issuer and IAM OIDC provider' \
    )
    _describe -t commands 'albctl help oidc commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__oidc__subcmd__associate_commands] )) ||
_albctl__subcmd__help__subcmd__oidc__subcmd__associate_commands() {
    local commands; commands=()
    _describe -t commands 'albctl help oidc associate commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__oidc__subcmd__show_commands] )) ||
_albctl__subcmd__help__subcmd__oidc__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'albctl help oidc show commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__policy_commands] )) ||
_albctl__subcmd__help__subcmd__policy_commands() {
    local commands; commands=(
'create:Ensure the controller policy exists and grants the embedded version'\''s permissions' \
'show:Print the embedded policy document for a partition' \
'diff:Compare an existing policy with the embedded one, by action' \
    )
    _describe -t commands 'albctl help policy commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__policy__subcmd__create_commands] )) ||
_albctl__subcmd__help__subcmd__policy__subcmd__create_commands() {
    local commands; commands=()
    _describe -t commands 'albctl help policy create commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__policy__subcmd__diff_commands] )) ||
_albctl__subcmd__help__subcmd__policy__subcmd__diff_commands() {
    local commands; commands=()
    _describe -t commands 'albctl help policy diff commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__policy__subcmd__show_commands] )) ||
_albctl__subcmd__help__subcmd__policy__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'albctl help policy show commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__render_commands] )) ||
_albctl__subcmd__help__subcmd__render_commands() {
    local commands; commands=()
    _describe -t commands 'albctl help render commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__setup_commands] )) ||
_albctl__subcmd__help__subcmd__setup_commands() {
    local commands; commands=()
    _describe -t commands 'albctl help setup commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__subnets_commands] )) ||
_albctl__subcmd__help__subcmd__subnets_commands() {
    local commands; commands=(
'list:Classify the candidate subnets as public or private, with the evidence' \
'tag:Ensure the role tags the controller discovers subnets by' \
    )
    _describe -t commands 'albctl help subnets commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__subnets__subcmd__list_commands] )) ||
_albctl__subcmd__help__subcmd__subnets__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'albctl help subnets list commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__subnets__subcmd__tag_commands] )) ||
_albctl__subcmd__help__subcmd__subnets__subcmd__tag_commands() {
    local commands; commands=()
    _describe -t commands 'albctl help subnets tag commands' commands "$@"
}
(( $+functions[_albctl__subcmd__help__subcmd__teardown_commands] )) ||
_albctl__subcmd__help__subcmd__teardown_commands() {
    local commands; commands=()
    _describe -t commands 'albctl help teardown commands' commands "$@"
}
(( $+functions[_albctl__subcmd__iamserviceaccount_commands] )) ||
_albctl__subcmd__iamserviceaccount_commands() {
    local commands; commands=(
'create:Ensure the IAM role (exact trust, policy attached) and the annotated ServiceAccount' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'albctl iamserviceaccount commands' commands "$@"
}
(( $+functions[_albctl__subcmd__iamserviceaccount__subcmd__create_commands] )) ||
_albctl__subcmd__iamserviceaccount__subcmd__create_commands() {
    local commands; commands=()
    _describe -t commands 'albctl iamserviceaccount create commands' commands "$@"
}
(( $+functions[_albctl__subcmd__iamserviceaccount__subcmd__help_commands] )) ||
_albctl__subcmd__iamserviceaccount__subcmd__help_commands() {
    local commands; commands=(
'create:Ensure the IAM role (exact trust, policy attached) and the annotated ServiceAccount' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'albctl iamserviceaccount help commands' commands "$@"
}
(( $+functions[_albctl__subcmd__iamserviceaccount__subcmd__help__subcmd__create_commands] )) ||
_albctl__subcmd__iamserviceaccount__subcmd__help__subcmd__create_commands() {
    local commands; commands=()
    _describe -t commands 'albctl iamserviceaccount help create commands' commands "$@"
}
(( $+functions[_albctl__subcmd__iamserviceaccount__subcmd__help__subcmd__help_commands] )) ||
_albctl__subcmd__iamserviceaccount__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'albctl iamserviceaccount help help commands' commands "$@"
}
(( $+functions[_albctl__subcmd__lint_commands] )) ||
_albctl__subcmd__lint_commands() {
    local commands; commands=()
    _describe -t commands 'albctl lint commands' commands "$@"
}
(( $+functions[_albctl__subcmd__loadbalancers_commands] )) ||
_albctl__subcmd__loadbalancers_commands() {
    local commands; commands=(
'list:Every load balancer, target group and security group tagged elbv2.k8s.aws/cluster=CLUSTER, with the owner its stack tag names and whether that owner exists' \
'prune:Remove the orphans (owner gone) in dependency order; --dry-run prints the plan' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'albctl loadbalancers commands' commands "$@"
}
(( $+functions[_albctl__subcmd__loadbalancers__subcmd__help_commands] )) ||
_albctl__subcmd__loadbalancers__subcmd__help_commands() {
    local commands; commands=(
'list:Every load balancer, target group and security group tagged elbv2.k8s.aws/cluster=CLUSTER, with the owner its stack tag names and whether that owner exists' \
'prune:Remove the orphans (owner gone) in dependency order; --dry-run prints the plan' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'albctl loadbalancers help commands' commands "$@"
}
(( $+functions[_albctl__subcmd__loadbalancers__subcmd__help__subcmd__help_commands] )) ||
_albctl__subcmd__loadbalancers__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'albctl loadbalancers help help commands' commands "$@"
}
(( $+functions[_albctl__subcmd__loadbalancers__subcmd__help__subcmd__list_commands] )) ||
_albctl__subcmd__loadbalancers__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'albctl loadbalancers help list commands' commands "$@"
}
(( $+functions[_albctl__subcmd__loadbalancers__subcmd__help__subcmd__prune_commands] )) ||
_albctl__subcmd__loadbalancers__subcmd__help__subcmd__prune_commands() {
    local commands; commands=()
    _describe -t commands 'albctl loadbalancers help prune commands' commands "$@"
}
(( $+functions[_albctl__subcmd__loadbalancers__subcmd__list_commands] )) ||
_albctl__subcmd__loadbalancers__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'albctl loadbalancers list commands' commands "$@"
}
(( $+functions[_albctl__subcmd__loadbalancers__subcmd__prune_commands] )) ||
_albctl__subcmd__loadbalancers__subcmd__prune_commands() {
    local commands; commands=()
    _describe -t commands 'albctl loadbalancers prune commands' commands "$@"
}
(( $+functions[_albctl__subcmd__man_commands] )) ||
_albctl__subcmd__man_commands() {
    local commands; commands=()
    _describe -t commands 'albctl man commands' commands "$@"
}
(( $+functions[_albctl__subcmd__migrate_commands] )) ||
_albctl__subcmd__migrate_commands() {
    local commands; commands=(
'ingress-nginx:ingress-nginx Ingresses to the controller'\''s ALB Ingresses, with a report of what differs' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'albctl migrate commands' commands "$@"
}
(( $+functions[_albctl__subcmd__migrate__subcmd__help_commands] )) ||
_albctl__subcmd__migrate__subcmd__help_commands() {
    local commands; commands=(
'ingress-nginx:ingress-nginx Ingresses to the controller'\''s ALB Ingresses, with a report of what differs' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'albctl migrate help commands' commands "$@"
}
(( $+functions[_albctl__subcmd__migrate__subcmd__help__subcmd__help_commands] )) ||
_albctl__subcmd__migrate__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'albctl migrate help help commands' commands "$@"
}
(( $+functions[_albctl__subcmd__migrate__subcmd__help__subcmd__ingress-nginx_commands] )) ||
_albctl__subcmd__migrate__subcmd__help__subcmd__ingress-nginx_commands() {
    local commands; commands=()
    _describe -t commands 'albctl migrate help ingress-nginx commands' commands "$@"
}
(( $+functions[_albctl__subcmd__migrate__subcmd__ingress-nginx_commands] )) ||
_albctl__subcmd__migrate__subcmd__ingress-nginx_commands() {
    local commands; commands=()
    _describe -t commands 'albctl migrate ingress-nginx commands' commands "$@"
}
(( $+functions[_albctl__subcmd__oidc_commands] )) ||
_albctl__subcmd__oidc_commands() {
    local commands; commands=(
'associate:Ensure the cluster'\''s IAM OIDC provider exists with client id sts.amazonaws.com' \
'show:Show the cluster'\''s issuer and IAM OIDC provider' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'albctl oidc commands' commands "$@"
}
(( $+functions[_albctl__subcmd__oidc__subcmd__associate_commands] )) ||
_albctl__subcmd__oidc__subcmd__associate_commands() {
    local commands; commands=()
    _describe -t commands 'albctl oidc associate commands' commands "$@"
}
(( $+functions[_albctl__subcmd__oidc__subcmd__help_commands] )) ||
_albctl__subcmd__oidc__subcmd__help_commands() {
    local commands; commands=(
'associate:Ensure the cluster'\''s IAM OIDC provider exists with client id sts.amazonaws.com' \
'show:Show the cluster'\''s issuer and IAM OIDC provider' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'albctl oidc help commands' commands "$@"
}
(( $+functions[_albctl__subcmd__oidc__subcmd__help__subcmd__associate_commands] )) ||
_albctl__subcmd__oidc__subcmd__help__subcmd__associate_commands() {
    local commands; commands=()
    _describe -t commands 'albctl oidc help associate commands' commands "$@"
}
(( $+functions[_albctl__subcmd__oidc__subcmd__help__subcmd__help_commands] )) ||
_albctl__subcmd__oidc__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'albctl oidc help help commands' commands "$@"
}
(( $+functions[_albctl__subcmd__oidc__subcmd__help__subcmd__show_commands] )) ||
_albctl__subcmd__oidc__subcmd__help__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'albctl oidc help show commands' commands "$@"
}
(( $+functions[_albctl__subcmd__oidc__subcmd__show_commands] )) ||
_albctl__subcmd__oidc__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'albctl oidc show commands' commands "$@"
}
(( $+functions[_albctl__subcmd__policy_commands] )) ||
_albctl__subcmd__policy_commands() {
    local commands; commands=(
'create:Ensure the controller policy exists and grants the embedded version'\''s permissions' \
'show:Print the embedded policy document for a partition' \
'diff:Compare an existing policy with the embedded one, by action' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'albctl policy commands' commands "$@"
}
(( $+functions[_albctl__subcmd__policy__subcmd__create_commands] )) ||
_albctl__subcmd__policy__subcmd__create_commands() {
    local commands; commands=()
    _describe -t commands 'albctl policy create commands' commands "$@"
}
(( $+functions[_albctl__subcmd__policy__subcmd__diff_commands] )) ||
_albctl__subcmd__policy__subcmd__diff_commands() {
    local commands; commands=()
    _describe -t commands 'albctl policy diff commands' commands "$@"
}
(( $+functions[_albctl__subcmd__policy__subcmd__help_commands] )) ||
_albctl__subcmd__policy__subcmd__help_commands() {
    local commands; commands=(
'create:Ensure the controller policy exists and grants the embedded version'\''s permissions' \
'show:Print the embedded policy document for a partition' \
'diff:Compare an existing policy with the embedded one, by action' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'albctl policy help commands' commands "$@"
}
(( $+functions[_albctl__subcmd__policy__subcmd__help__subcmd__create_commands] )) ||
_albctl__subcmd__policy__subcmd__help__subcmd__create_commands() {
    local commands; commands=()
    _describe -t commands 'albctl policy help create commands' commands "$@"
}
(( $+functions[_albctl__subcmd__policy__subcmd__help__subcmd__diff_commands] )) ||
_albctl__subcmd__policy__subcmd__help__subcmd__diff_commands() {
    local commands; commands=()
    _describe -t commands 'albctl policy help diff commands' commands "$@"
}
(( $+functions[_albctl__subcmd__policy__subcmd__help__subcmd__help_commands] )) ||
_albctl__subcmd__policy__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'albctl policy help help commands' commands "$@"
}
(( $+functions[_albctl__subcmd__policy__subcmd__help__subcmd__show_commands] )) ||
_albctl__subcmd__policy__subcmd__help__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'albctl policy help show commands' commands "$@"
}
(( $+functions[_albctl__subcmd__policy__subcmd__show_commands] )) ||
_albctl__subcmd__policy__subcmd__show_commands() {
    local commands; commands=()
    _describe -t commands 'albctl policy show commands' commands "$@"
}
(( $+functions[_albctl__subcmd__render_commands] )) ||
_albctl__subcmd__render_commands() {
    local commands; commands=()
    _describe -t commands 'albctl render commands' commands "$@"
}
(( $+functions[_albctl__subcmd__setup_commands] )) ||
_albctl__subcmd__setup_commands() {
    local commands; commands=()
    _describe -t commands 'albctl setup commands' commands "$@"
}
(( $+functions[_albctl__subcmd__subnets_commands] )) ||
_albctl__subcmd__subnets_commands() {
    local commands; commands=(
'list:Classify the candidate subnets as public or private, with the evidence' \
'tag:Ensure the role tags the controller discovers subnets by' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'albctl subnets commands' commands "$@"
}
(( $+functions[_albctl__subcmd__subnets__subcmd__help_commands] )) ||
_albctl__subcmd__subnets__subcmd__help_commands() {
    local commands; commands=(
'list:Classify the candidate subnets as public or private, with the evidence' \
'tag:Ensure the role tags the controller discovers subnets by' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'albctl subnets help commands' commands "$@"
}
(( $+functions[_albctl__subcmd__subnets__subcmd__help__subcmd__help_commands] )) ||
_albctl__subcmd__subnets__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'albctl subnets help help commands' commands "$@"
}
(( $+functions[_albctl__subcmd__subnets__subcmd__help__subcmd__list_commands] )) ||
_albctl__subcmd__subnets__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'albctl subnets help list commands' commands "$@"
}
(( $+functions[_albctl__subcmd__subnets__subcmd__help__subcmd__tag_commands] )) ||
_albctl__subcmd__subnets__subcmd__help__subcmd__tag_commands() {
    local commands; commands=()
    _describe -t commands 'albctl subnets help tag commands' commands "$@"
}
(( $+functions[_albctl__subcmd__subnets__subcmd__list_commands] )) ||
_albctl__subcmd__subnets__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'albctl subnets list commands' commands "$@"
}
(( $+functions[_albctl__subcmd__subnets__subcmd__tag_commands] )) ||
_albctl__subcmd__subnets__subcmd__tag_commands() {
    local commands; commands=()
    _describe -t commands 'albctl subnets tag commands' commands "$@"
}
(( $+functions[_albctl__subcmd__teardown_commands] )) ||
_albctl__subcmd__teardown_commands() {
    local commands; commands=()
    _describe -t commands 'albctl teardown commands' commands "$@"
}

if [ "$funcstack[1]" = "_albctl" ]; then
    _albctl "$@"
else
    compdef _albctl albctl
fi

#!/usr/bin/env bash
# The manual baseline of the benchmark: the AWS half of installing the AWS Load Balancer
# Controller as the install guides have an operator type it, with the aws CLI, one command per
# step. albctl `setup --skip-controller` does the same work; bench/run.sh times both against the
# same local moto_server.
#
#   bench/manual-flow.sh             run the flow against $AWS_ENDPOINT_URL (a moto_server or the
#                                    recording proxy in front of it: never a real AWS endpoint)
#
# Environment: AWS_ENDPOINT_URL (required), AWS_REGION (us-west-2), CLUSTER_NAME (eks-demo),
# NAMESPACE (kube-system), SERVICE_ACCOUNT (aws-load-balancer-controller),
# POLICY_NAME (AWSLoadBalancerControllerIAMPolicy), ROLE_NAME (AmazonEKSLoadBalancerControllerRole),
# POLICY_FILE (policies/aws.json: upstream's iam_policy.json for the pinned controller version,
# which the guides download with curl; the download is not part of the timed flow).
#
# The steps (aws CLI calls; N subnets make 8 + 2N):
#   1 sts get-caller-identity                  account id
#   2 eks describe-cluster                     OIDC issuer
#   3 iam list-open-id-connect-providers       is the issuer associated already?
#   4 iam create-open-id-connect-provider      (eksctl utils associate-iam-oidc-provider)
#   5 iam create-policy                        iam_policy.json
#   6 iam create-role                          trust: the provider, sub and aud conditions
#   7 iam attach-role-policy
#   8 eks describe-cluster                     the cluster's subnets
#   per subnet: ec2 describe-route-tables      0.0.0.0/0 -> igw-? public : private
#               ec2 create-tags                kubernetes.io/role/elb or internal-elb = 1
#
# Prints `steps: N` on stdout at the end. Like an operator pasting commands, it stops at the first
# command that fails and says which (stderr `failed at step N: aws ...`, exit 1): on an account
# that is already set up, create-policy (then step 4: the provider exists) fails with
# EntityAlreadyExists, so the flow has no rerun; an operator has to check each resource by hand.
set -euo pipefail

: "${AWS_ENDPOINT_URL:?set AWS_ENDPOINT_URL to a local moto_server (or the proxy in front of it)}"
case $AWS_ENDPOINT_URL in
  http://127.0.0.1:* | http://localhost:*) ;;
  *) echo "AWS_ENDPOINT_URL=$AWS_ENDPOINT_URL is not a loopback emulator; refusing" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")/.." && pwd)
export AWS_REGION=${AWS_REGION:-us-west-2} AWS_DEFAULT_REGION=${AWS_REGION:-us-west-2} AWS_PAGER=""
cluster=${CLUSTER_NAME:-eks-demo}
namespace=${NAMESPACE:-kube-system}
service_account=${SERVICE_ACCOUNT:-aws-load-balancer-controller}
policy_name=${POLICY_NAME:-AWSLoadBalancerControllerIAMPolicy}
role_name=${ROLE_NAME:-AmazonEKSLoadBalancerControllerRole}
policy_file=${POLICY_FILE:-$here/policies/aws.json}
# What the older guides had operators compute with openssl for oidc.eks.*.amazonaws.com.
thumbprint=9e99a48a9960b14926bb7f3b02e22da2b0ab7280

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
steps=0

# One operator step: one aws CLI command. Counted in this shell, so call it as
# `step VAR aws-args...` (the output lands in VAR) rather than in a $(...) subshell.
step() {
  local into=$1 out
  shift
  steps=$((steps + 1))
  if ! out=$(aws "$@" 2>"$work/stderr"); then
    echo "failed at step $steps: aws $*" >&2
    cat "$work/stderr" >&2
    echo "steps: $steps"
    exit 1
  fi
  printf -v "$into" '%s' "$out"
}

step account sts get-caller-identity --query Account --output text
step issuer eks describe-cluster --name "$cluster" --query cluster.identity.oidc.issuer --output text
issuer_host=${issuer#https://}
provider_arn="arn:aws:iam::$account:oidc-provider/$issuer_host"

step providers iam list-open-id-connect-providers --query 'OpenIDConnectProviderList[].Arn' --output text
if ! tr '\t' '\n' <<<"$providers" | grep -qxF "$provider_arn"; then
  step ignored iam create-open-id-connect-provider --url "$issuer" \
    --client-id-list sts.amazonaws.com --thumbprint-list "$thumbprint"
fi

cp "$policy_file" "$work/iam_policy.json"
step policy_arn iam create-policy --policy-name "$policy_name" \
  --policy-document "file://$work/iam_policy.json" --query Policy.Arn --output text

cat >"$work/trust.json" <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Federated": "$provider_arn"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Condition": {
        "StringEquals": {
          "$issuer_host:sub": "system:serviceaccount:$namespace:$service_account",
          "$issuer_host:aud": "sts.amazonaws.com"
        }
      }
    }
  ]
}
JSON
step ignored iam create-role --role-name "$role_name" --assume-role-policy-document "file://$work/trust.json"
step ignored iam attach-role-policy --role-name "$role_name" --policy-arn "$policy_arn"

step subnets eks describe-cluster --name "$cluster" --query 'cluster.resourcesVpcConfig.subnetIds' --output text
for subnet in $subnets; do
  step gateways ec2 describe-route-tables --filters "Name=association.subnet-id,Values=$subnet" \
    --query "RouteTables[].Routes[?DestinationCidrBlock=='0.0.0.0/0'].GatewayId" --output text
  if [[ $gateways == igw-* ]]; then role_tag=kubernetes.io/role/elb; else role_tag=kubernetes.io/role/internal-elb; fi
  step ignored ec2 create-tags --resources "$subnet" --tags "Key=$role_tag,Value=1"
done
echo "steps: $steps"

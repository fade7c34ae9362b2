use std::collections::BTreeSet;

use super::grants::{action_keys, display_action, statements, strings};
use super::revisions::REQUIREMENTS;
use super::*;
use crate::model::Partition;
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;
use serde_json::json;

const REFERENCE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/reference/aws-load-balancer-controller");

fn reference_text(path: &str) -> String {
    let full = format!("{REFERENCE}/{path}");
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("reading {full}: {e}"))
}

fn reference(path: &str) -> Value {
    parse_document(&reference_text(path)).unwrap_or_else(|e| panic!("parsing {path}: {e:#}"))
}

fn upstream_file(partition: Partition) -> &'static str {
    match partition {
        Partition::Aws => "v3.5.0/iam_policy.json",
        Partition::AwsCn => "v3.5.0/iam_policy_cn.json",
        Partition::AwsUsGov => "v3.5.0/iam_policy_us-gov.json",
        Partition::AwsEusc => "v3.5.0/iam_policy_eusc.json",
        Partition::AwsIso => "v3.5.0/iam_policy_iso.json",
        Partition::AwsIsoB => "v3.5.0/iam_policy_isob.json",
        Partition::AwsIsoE => "v3.5.0/iam_policy_isoe.json",
        Partition::AwsIsoF => "v3.5.0/iam_policy_isof.json",
    }
}

fn tag(tag: &str) -> (u32, u32, u32) {
    let parts: Vec<u32> =
        tag.strip_prefix('v').expect("tags start with v").split('.').map(|p| p.parse().unwrap()).collect();
    assert_eq!(parts.len(), 3, "{tag}");
    (parts[0], parts[1], parts[2])
}

fn allowed_actions(doc: &Value) -> BTreeSet<String> {
    action_keys(doc)
}

/// The full action set of a revision, from revisions.yaml.
fn revision_actions(first_tag: &str) -> BTreeSet<String> {
    let index = revisions().iter().position(|r| r.first_tag == first_tag).expect(first_tag);
    REQUIREMENTS[index].actions.keys().cloned().collect()
}

const V2_7_0_MISSING: [&str; 9] = [
    "ec2:DescribeIpamPools",
    "ec2:DescribeRouteTables",
    "ec2:GetSecurityGroupsForVpc",
    "elasticloadbalancing:DescribeCapacityReservation",
    "elasticloadbalancing:DescribeListenerAttributes",
    "elasticloadbalancing:ModifyCapacityReservation",
    "elasticloadbalancing:ModifyIpPools",
    "elasticloadbalancing:ModifyListenerAttributes",
    "elasticloadbalancing:SetRulePriorities",
];

#[test]
fn embedded_grants_exactly_upstream_in_every_partition() {
    for partition in Partition::ALL {
        let ours = embedded_document(partition);
        let upstream = reference(upstream_file(partition));
        let (ours_grants, upstream_grants) = (grants(&ours), grants(&upstream));
        assert!(upstream_grants.len() > 70, "{partition}: only {} grants", upstream_grants.len());
        assert_eq!(ours_grants, upstream_grants, "{partition}: grants differ from upstream");
        assert_eq!(ours["Version"], upstream["Version"], "{partition}");
        let arn_prefix = format!("arn:{partition}:");
        for grant in &ours_grants {
            assert!(grant.resource == "*" || grant.resource.starts_with(&arn_prefix), "{partition}: {grant:?}");
        }
    }
}

#[test]
fn embedded_aws_grants_exactly_upstream() {
    let diff = diff(&reference("v3.5.0/iam_policy.json"), &embedded_document(Partition::Aws));
    assert!(diff.is_empty(), "{diff:?}");
    assert_eq!(allowed_actions(&embedded_document(Partition::Aws)).len(), 80);
}

#[test]
fn iso_partitions_lack_exactly_five_actions() {
    let aws = allowed_actions(&embedded_document(Partition::Aws));
    for partition in [Partition::AwsIso, Partition::AwsIsoB, Partition::AwsIsoE, Partition::AwsIsoF] {
        let lacking: Vec<String> = aws.difference(&allowed_actions(&embedded_document(partition))).cloned().collect();
        assert_eq!(
            lacking,
            [
                "elasticloadbalancing:describecapacityreservation",
                "elasticloadbalancing:describelistenerattributes",
                "elasticloadbalancing:describetruststores",
                "elasticloadbalancing:modifycapacityreservation",
                "elasticloadbalancing:modifylistenerattributes",
            ],
            "{partition}"
        );
    }
}

#[test]
fn embedded_files_are_not_copies_of_upstream() {
    let dir = format!("{REFERENCE}/v3.5.0");
    let upstream: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {dir}: {e}"))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .map(|path| (path.display().to_string(), std::fs::read(&path).unwrap()))
        .collect();
    assert!(upstream.len() >= 8, "expected the upstream policy copies in {dir}");
    for partition in Partition::ALL {
        let ours = embedded_text(partition).as_bytes();
        for (path, bytes) in &upstream {
            assert_ne!(ours, bytes.as_slice(), "policies/{partition}.json is a byte copy of {path}");
        }
        // The project's layout: a Sid on every statement, actions sorted.
        for statement in statements(&embedded_document(partition)) {
            assert!(statement.get("Sid").and_then(Value::as_str).is_some_and(|s| !s.is_empty()), "{partition}");
            let actions: Vec<&str> = strings(&statement["Action"]).collect();
            assert!(actions.is_sorted(), "{partition}: {actions:?}");
        }
    }
}

#[test]
fn controller_version_is_the_charts_app_version() {
    assert_eq!(CONTROLLER_VERSION, "v3.5.0");
    let chart = reference_text("v3.5.0/Chart.yaml");
    let app_version = chart
        .lines()
        .find_map(|line| line.strip_prefix("appVersion:"))
        .map(|v| v.trim().trim_matches('"'))
        .expect("Chart.yaml has appVersion");
    assert_eq!(CONTROLLER_VERSION, app_version);
    assert_eq!(revisions().last().unwrap().last_tag, CONTROLLER_VERSION);
}

#[test]
fn url_encoded_document_round_trips() {
    for partition in Partition::ALL {
        let text = embedded_text(partition);
        let encoded = utf8_percent_encode(text, NON_ALPHANUMERIC).to_string();
        assert!(serde_json::from_str::<Value>(&encoded).is_err(), "the encoded form must not be JSON");
        let parsed = parse_document(&encoded).unwrap();
        assert_eq!(parsed, embedded_document(partition), "{partition}");
    }
}

#[test]
fn plus_in_url_encoded_document_is_not_a_space() {
    let encoded = "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C\
                   %22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Aa+b%20c%22%7D%5D%7D";
    let doc = parse_document(encoded).unwrap();
    assert_eq!(doc["Statement"][0]["Resource"], "arn:aws:s3:::a+b c");
}

#[test]
fn plain_json_is_parsed_as_is() {
    let text =
        r#" {"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"ec2:DescribeVpcs","Resource":"*"}} "#;
    let doc = parse_document(text).unwrap();
    assert_eq!(doc["Statement"]["Action"], "ec2:DescribeVpcs");
}

#[test]
fn parse_document_names_the_problem() {
    let cases = [
        ("", "empty"),
        ("not a policy", "neither JSON"),
        ("%7Bnope", "neither JSON"),
        ("%FF%FE", "UTF-8"),
        ("[1,2]", "not an object"),
        (r#"{"Version":"2012-10-17"}"#, "no Statement"),
    ];
    for (raw, expected) in cases {
        let err = format!("{:#}", parse_document(raw).unwrap_err());
        assert!(err.contains(expected), "{raw:?}: {err}");
    }
}

#[test]
fn diff_of_v2_7_0_against_embedded_names_the_missing_actions() {
    let diff = diff(&reference("v2.7.0/iam_policy.json"), &embedded_document(Partition::Aws));
    assert_eq!(diff.added_actions, V2_7_0_MISSING);
    assert!(diff.removed_actions.is_empty(), "{:?}", diff.removed_actions);
    assert!(diff.removed.is_empty());
    assert_eq!(diff.added.len(), 9);
    assert!(diff.lacks_permissions());
    assert!(!diff.grants_extra());
    assert!(!diff.is_empty());
}

#[test]
fn each_reference_version_matches_its_revision() {
    let table = [
        ("v2.4.7", "v2.4.7", "v2.6.2"),
        ("v2.7.0", "v2.7.0", "v2.8.3"),
        ("v2.7.2", "v2.7.0", "v2.8.3"),
        ("v2.8.3", "v2.7.0", "v2.8.3"),
        ("v2.9.0", "v2.9.0", "v2.9.2"),
        ("v2.10.0", "v2.10.0", "v2.10.1"),
        ("v2.11.0", "v2.11.0", "v2.11.0"),
        ("v2.12.0", "v2.12.0", "v2.12.0"),
        ("v3.5.0", "v2.13.0", "v3.5.0"),
    ];
    let pinned = allowed_actions(&embedded_document(Partition::Aws));
    for (version, first_tag, last_tag) in table {
        let doc = reference(&format!("{version}/iam_policy.json"));
        let found = matching_revision(&doc).unwrap_or_else(|| panic!("{version} matches no revision"));
        assert_eq!((found.first_tag.as_str(), found.last_tag.as_str()), (first_tag, last_tag), "{version}");
        let expected_missing: BTreeSet<String> = pinned.difference(&allowed_actions(&doc)).cloned().collect();
        let missing: BTreeSet<String> = found.missing_actions.iter().map(|a| a.to_ascii_lowercase()).collect();
        assert_eq!(missing, expected_missing, "{version}");
    }
    let v2_7_0 = matching_revision(&reference("v2.7.0/iam_policy.json")).unwrap();
    assert_eq!(v2_7_0.missing_actions, V2_7_0_MISSING);
}

#[test]
fn embedded_document_matches_newest_revision_in_every_partition() {
    for partition in Partition::ALL {
        let found = matching_revision_in(&embedded_document(partition), partition).unwrap();
        let expected =
            RevisionMatch { first_tag: "v2.13.0".into(), last_tag: CONTROLLER_VERSION.into(), missing_actions: vec![] };
        assert_eq!(found, expected, "{partition}");
    }
    assert_eq!(matching_revision(&embedded_document(Partition::Aws)).unwrap().first_tag, "v2.13.0");
}

#[test]
fn revisions_agree_with_reference_files() {
    let tags: Vec<(u32, u32, u32)> = revisions().iter().flat_map(|r| [tag(&r.first_tag), tag(&r.last_tag)]).collect();
    assert!(tags.is_sorted(), "revision tags out of order: {tags:?}");
    assert!(revisions().windows(2).all(|w| tag(&w[0].last_tag) < tag(&w[1].first_tag)));
    assert_eq!(revisions().first().unwrap().first_tag, "v2.0.0");
    for revision in revisions() {
        assert!(!revision.note.is_empty(), "{}", revision.first_tag);
        for action in revision.added.iter().chain(&revision.removed) {
            assert_eq!(display_action(&action.to_ascii_lowercase(), "?"), *action, "spelling of {action}");
        }
    }
    // Every reference version grants exactly its revision's actions, and every statement a revision
    // added without an action is in the reference files from that revision on.
    let table = [
        ("v2.4.7", "v2.4.7"),
        ("v2.7.0", "v2.7.0"),
        ("v2.7.2", "v2.7.0"),
        ("v2.8.3", "v2.7.0"),
        ("v2.9.0", "v2.9.0"),
        ("v2.10.0", "v2.10.0"),
        ("v2.11.0", "v2.11.0"),
        ("v2.12.0", "v2.12.0"),
        ("v3.5.0", "v2.13.0"),
    ];
    for (version, first_tag) in table {
        let doc = reference(&format!("{version}/iam_policy.json"));
        assert_eq!(allowed_actions(&doc), revision_actions(first_tag), "{version}");
        let index = revisions().iter().position(|r| r.first_tag == first_tag).unwrap();
        let have = grants(&doc);
        for statement in &REQUIREMENTS[index].statements {
            let needed = grants(&json!({ "Statement": [statement] }));
            assert!(!needed.is_empty());
            assert!(needed.is_subset(&have), "{version} lacks {statement}");
        }
    }
    assert_eq!(revision_actions("v2.13.0"), allowed_actions(&embedded_document(Partition::Aws)));
}

#[test]
fn policy_without_tag_on_create_statement_matches_the_revision_before() {
    let mut doc = reference("v2.4.7/iam_policy.json");
    let list = doc["Statement"].as_array_mut().unwrap();
    let before = list.len();
    list.retain(|s| {
        s.get("Condition")
            .and_then(|c| c.get("StringEquals"))
            .is_none_or(|c| c.get("elasticloadbalancing:CreateAction").is_none())
    });
    assert_eq!(list.len(), before - 1);
    let found = matching_revision(&doc).unwrap();
    assert_eq!((found.first_tag.as_str(), found.last_tag.as_str()), ("v2.3.0", "v2.4.6"));
}

#[test]
fn wildcard_policy_matches_the_newest_revision() {
    let doc = json!({"Statement": [
        {"Effect": "Allow", "Action": ["elasticloadbalancing:*", "ec2:*", "iam:*", "acm:*", "cognito-idp:*",
            "waf-regional:*", "wafv2:*", "shield:*"], "Resource": "*"},
    ]});
    let found = matching_revision(&doc).unwrap();
    assert_eq!((found.first_tag.as_str(), found.missing_actions.len()), ("v2.13.0", 0));
    let not_action = json!({"Statement": {"Effect": "Allow", "NotAction": "ec2:DescribeRouteTables", "Resource": "*"}});
    let found = matching_revision(&not_action).unwrap();
    assert_eq!((found.first_tag.as_str(), found.missing_actions), ("v2.12.0", vec!["ec2:DescribeRouteTables".into()]));
}

#[test]
fn unrelated_policy_matches_no_revision() {
    let doc = json!({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]});
    assert_eq!(matching_revision(&doc), None);
    let denied = json!({"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]});
    assert_eq!(matching_revision(&denied), None);
}

/// The embedded document rewritten: statements and lists reversed, actions in other case, one-element
/// lists as strings, condition values reversed, compact JSON.
fn reformatted(doc: &Value) -> Value {
    let mut doc = doc.clone();
    let list = doc["Statement"].as_array_mut().unwrap();
    list.reverse();
    for statement in list.iter_mut() {
        let statement = statement.as_object_mut().unwrap();
        statement.remove("Sid");
        let mut actions: Vec<Value> = strings(&statement["Action"])
            .enumerate()
            .map(|(i, a)| Value::String(if i % 2 == 0 { a.to_ascii_lowercase() } else { a.to_ascii_uppercase() }))
            .collect();
        actions.reverse();
        statement["Action"] = if actions.len() == 1 { actions.pop().unwrap() } else { Value::Array(actions) };
        if let Some(Value::Array(resources)) = statement.get_mut("Resource") {
            resources.reverse();
        }
        if let Some(Value::Object(operators)) = statement.get_mut("Condition") {
            for block in operators.values_mut() {
                for value in block.as_object_mut().unwrap().values_mut() {
                    match value {
                        Value::Array(values) => values.reverse(),
                        one => *one = json!([one.clone()]),
                    }
                }
            }
        }
    }
    serde_json::from_str(&serde_json::to_string(&doc).unwrap()).unwrap()
}

#[test]
fn diff_is_empty_for_reordered_reformatted_document() {
    for partition in Partition::ALL {
        let desired = embedded_document(partition);
        let existing = reformatted(&desired);
        assert_ne!(existing, desired);
        let diff = diff(&existing, &desired);
        assert!(diff.is_empty(), "{partition}: {diff:?}");
        assert!(!diff.lacks_permissions() && !diff.grants_extra());
        assert!(equivalent(&existing, &desired));
    }
}

#[test]
fn extra_action_shows_in_removed_actions() {
    let desired = embedded_document(Partition::Aws);
    let mut existing = desired.clone();
    existing["Statement"].as_array_mut().unwrap().push(
        json!({"Effect": "Allow", "Action": ["ec2:DescribeImages", "elasticloadbalancing:addtags"], "Resource": "*"}),
    );
    let diff = diff(&existing, &desired);
    assert_eq!(diff.removed_actions, ["ec2:DescribeImages", "elasticloadbalancing:AddTags"]);
    assert!(diff.added_actions.is_empty());
    assert!(diff.grants_extra() && !diff.lacks_permissions());
    assert!(!equivalent(&existing, &desired));
}

#[test]
fn changed_condition_is_a_different_grant() {
    let desired = embedded_document(Partition::Aws);
    let mut existing = desired.clone();
    let statement = existing["Statement"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|s| s["Sid"] == "CreateElbServiceLinkedRole")
        .unwrap();
    statement["Condition"]["StringEquals"]["iam:AWSServiceName"] = json!("ec2.amazonaws.com");
    let diff = diff(&existing, &desired);
    assert_eq!(diff.added_actions, ["iam:CreateServiceLinkedRole"]);
    assert_eq!(diff.removed_actions, ["iam:CreateServiceLinkedRole"]);
    assert_eq!((diff.added.len(), diff.removed.len()), (1, 1));
}

#[test]
fn not_action_statements_are_not_split() {
    let together = json!({"Statement": {"Effect": "Allow", "NotAction": ["iam:*", "sts:*"], "Resource": "*"}});
    let apart = json!({"Statement": [
        {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
        {"Effect": "Allow", "NotAction": "sts:*", "Resource": "*"},
    ]});
    assert!(!equivalent(&together, &apart));
    let reordered = json!({"Statement": [{"Effect": "Allow", "NotAction": ["STS:*", "iam:*"], "Resource": "*"}]});
    assert!(equivalent(&together, &reordered));
    let grant = grants(&together).into_iter().next().unwrap();
    assert_eq!((grant.action_scope, grant.action.as_str()), (Scope::AllExcept, "iam:*,sts:*"));
    let listed = json!({"Statement": {"Effect": "Allow", "Action": ["iam:*", "sts:*"], "Resource": "*"}});
    assert!(!equivalent(&together, &listed));
}

#[test]
fn condition_values_compare_as_sets_of_strings() {
    let doc = |condition: Value| json!({"Statement": {"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*", "Condition": condition}});
    let a = doc(json!({"Null": {"aws:RequestTag/k": "false"}, "StringEquals": {"ec2:CreateAction": ["A", "B"]}}));
    let b = doc(json!({"StringEquals": {"ec2:CreateAction": ["B", "A", "B"]}, "Null": {"aws:RequestTag/k": [false]}}));
    let c = doc(json!({"Null": {"aws:RequestTag/k": "true"}, "StringEquals": {"ec2:CreateAction": ["A", "B"]}}));
    assert!(equivalent(&a, &b));
    assert!(!equivalent(&a, &c));
    let none = doc(json!({}));
    assert_eq!(grants(&none).into_iter().next().unwrap().condition, None);
}

#[test]
fn grants_serialize_with_upstream_spelling() {
    let doc = json!({"Statement": {"Effect": "Allow", "Action": "ELASTICLOADBALANCING:addtags", "Resource": "*"}});
    let grant = grants(&doc).into_iter().next().unwrap();
    assert_eq!(
        serde_json::to_value(&grant).unwrap(),
        json!({"effect": "Allow", "action": "elasticloadbalancing:AddTags", "resource": "*"})
    );
}

#[test]
fn wildcards_match_like_iam() {
    assert!(wildcard_matches("ec2:describe*", "ec2:describevpcs"));
    assert!(wildcard_matches("*", "anything"));
    assert!(wildcard_matches("ec2:describe?pcs", "ec2:describevpcs"));
    assert!(!wildcard_matches("ec2:describe*", "elasticloadbalancing:describetags"));
    assert!(!wildcard_matches("ec2:describevpcs", "ec2:describevpcsx"));
    assert!(wildcard_matches("arn:aws:elasticloadbalancing:*:*:*", "arn:aws:elasticloadbalancing:*:*:targetgroup/*/*"));
    assert!(!wildcard_matches("arn:aws:elasticloadbalancing:?:*:*", "arn:aws:elasticloadbalancing:*:*:x"));
}

//! The embedded controller policy documents (`policies/<partition>.json`, tested equal in grants to
//! upstream's) and parsing a document as IAM or an emulator returns it.

use anyhow::{Context as _, bail};
use percent_encoding::percent_decode_str;
use serde_json::Value;

use crate::model::Partition;

/// The controller release the embedded policies are pinned to (`policies/VERSION`), e.g. `v3.5.0`.
pub const CONTROLLER_VERSION: &str = include_str!("../../policies/VERSION").trim_ascii();

const POLICY_AWS: &str = include_str!("../../policies/aws.json");
const POLICY_AWS_CN: &str = include_str!("../../policies/aws-cn.json");
const POLICY_AWS_US_GOV: &str = include_str!("../../policies/aws-us-gov.json");
const POLICY_AWS_EUSC: &str = include_str!("../../policies/aws-eusc.json");
const POLICY_AWS_ISO: &str = include_str!("../../policies/aws-iso.json");
const POLICY_AWS_ISO_B: &str = include_str!("../../policies/aws-iso-b.json");
const POLICY_AWS_ISO_E: &str = include_str!("../../policies/aws-iso-e.json");
const POLICY_AWS_ISO_F: &str = include_str!("../../policies/aws-iso-f.json");
pub(super) const REVISIONS_YAML: &str = include_str!("../../policies/revisions.yaml");

/// The embedded controller policy for a partition, exactly as stored in `policies/<partition>.json`.
pub fn embedded_text(partition: Partition) -> &'static str {
    match partition {
        Partition::Aws => POLICY_AWS,
        Partition::AwsCn => POLICY_AWS_CN,
        Partition::AwsUsGov => POLICY_AWS_US_GOV,
        Partition::AwsEusc => POLICY_AWS_EUSC,
        Partition::AwsIso => POLICY_AWS_ISO,
        Partition::AwsIsoB => POLICY_AWS_ISO_B,
        Partition::AwsIsoE => POLICY_AWS_ISO_E,
        Partition::AwsIsoF => POLICY_AWS_ISO_F,
    }
}

/// The embedded controller policy for a partition, parsed.
pub fn embedded_document(partition: Partition) -> Value {
    // NB: the tests parse every embedded file, so this cannot fail in a tested build.
    serde_json::from_str(embedded_text(partition)).expect("embedded policy documents are valid JSON")
}

/// Parses a policy document as IAM or an emulator returns it.
///
/// IAM returns documents percent-encoded (RFC 3986: a space is `%20`, and a literal `+` stays a `+`);
/// moto returns plain JSON. Plain JSON is tried first, then the percent-decoded text. The result must be a
/// JSON object with a `Statement`.
pub fn parse_document(raw: &str) -> anyhow::Result<Value> {
    let text = raw.trim();
    if text.is_empty() {
        bail!("the policy document is empty");
    }
    let doc: Value = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(json_err) if text.contains('%') => {
            let decoded = percent_decode_str(text)
                .decode_utf8()
                .context("the policy document looks URL-encoded but does not decode to UTF-8 text")?;
            serde_json::from_str(&decoded)
                .with_context(|| format!("the policy document is neither JSON ({json_err}) nor URL-encoded JSON"))?
        }
        Err(json_err) => bail!("the policy document is neither JSON ({json_err}) nor URL-encoded JSON"),
    };
    match doc.as_object() {
        None => bail!("the policy document is JSON but not an object"),
        Some(map) if !map.contains_key("Statement") => bail!("the policy document has no Statement"),
        Some(_) => Ok(doc),
    }
}

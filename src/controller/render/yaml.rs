//! The one place that turns YAML text into JSON values and back for rendering.
//!
//! Exists so every manifest and values file is parsed the way kubectl parses it (serde-saphyr
//! with `legacy_octal_numbers`, so `0644` reads as 420) and emitted in a form YAML 1.1 readers
//! agree with. No I/O.

use anyhow::Context as _;
use serde_json::Value as Json;

fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.legacy_octal_numbers = true;
    options
}

/// Parses one YAML document.
pub(crate) fn from_str(text: &str) -> anyhow::Result<Json> {
    let value: Json = serde_saphyr::from_str_with_options(text, options()).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(value)
}

/// Parses a multi-document YAML stream, skipping empty documents.
pub(crate) fn from_multiple(text: &str) -> anyhow::Result<Vec<Json>> {
    let docs: Vec<Json> =
        serde_saphyr::from_multiple_with_options(text, options()).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(docs.into_iter().filter(|d| !d.is_null()).collect())
}

/// Serialises one value as a YAML document (no leading `---`). Multi-line strings become
/// literal blocks; long single-line strings (images, base64) stay on one line.
pub(crate) fn to_string(value: &Json) -> anyhow::Result<String> {
    let mut options = serde_saphyr::SerializerOptions::default();
    options.folded_wrap_chars = usize::MAX;
    serde_saphyr::to_string_with_options(value, options).context("serialising YAML")
}

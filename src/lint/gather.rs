//! Reads what lint judges: manifest files, directories and stdin (multi-document YAML, JSON,
//! `kind: List`), with the file and line of every object and of every key in it.
//!
//! Values come from serde-saphyr (parsed as kubectl parses them); lines come from the YAML
//! parser's events over the same text, so a finding can point at the annotation's own line.
//! Bad YAML is an error naming the file and line. The live objects of a cluster are read by
//! [`super::live`]; nothing here talks to a network.

use std::collections::HashMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde_json::Value;
use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle};

/// Joins path segments in the line index (a character no YAML key of interest contains).
const SEP: char = '\u{1f}';

/// One Kubernetes object with where it came from.
#[derive(Debug, Clone)]
pub struct Object {
    /// The object as JSON.
    pub value: Value,
    /// `kind`.
    pub kind: String,
    /// `apiVersion`.
    pub api_version: String,
    /// `metadata.namespace` (`default` when unset).
    pub namespace: String,
    /// `metadata.name`.
    pub name: String,
    /// File it was read from (`<stdin>`), or the live object's address.
    pub file: String,
    /// Line of the object in the file (`None` for live objects).
    pub line: Option<usize>,
    /// Line of each key, by path from the object (segments joined by [`SEP`]).
    lines: HashMap<String, usize>,
    /// Plain (unquoted) scalars under `metadata.annotations`, as written.
    plain: HashMap<String, String>,
}

impl Object {
    /// An object without a file (a live object, or one built in a test).
    pub fn new(value: Value, file: String, line: Option<usize>) -> Object {
        let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
        let namespace = value["metadata"]["namespace"].as_str().filter(|n| !n.is_empty()).unwrap_or("default");
        Object {
            kind: s(&value["kind"]),
            api_version: s(&value["apiVersion"]),
            namespace: namespace.to_string(),
            name: s(&value["metadata"]["name"]),
            value,
            file,
            line,
            lines: HashMap::new(),
            plain: HashMap::new(),
        }
    }

    /// The line of the key at `path` (e.g. `["spec", "type"]`); the nearest enclosing key's line
    /// when that key is not in the file, else the object's.
    pub fn line_of(&self, path: &[&str]) -> Option<usize> {
        (1..=path.len()).rev().find_map(|n| self.lines.get(&path[..n].join(&SEP.to_string())).copied()).or(self.line)
    }

    /// The line of an annotation key.
    pub fn annotation_line(&self, key: &str) -> Option<usize> {
        self.line_of(&["metadata", "annotations", key])
    }

    /// The annotation's value as written when it was an unquoted YAML scalar.
    pub fn plain_annotation(&self, key: &str) -> Option<&str> {
        self.plain.get(key).map(String::as_str)
    }

    /// The annotations, with their values as JSON (non-strings kept, so they can be reported).
    pub fn annotations(&self) -> Vec<(&str, &Value)> {
        self.value["metadata"]["annotations"]
            .as_object()
            .map(|m| m.iter().map(|(k, v)| (k.as_str(), v)).collect())
            .unwrap_or_default()
    }

    /// One annotation's string value.
    pub fn annotation(&self, key: &str) -> Option<&str> {
        self.value["metadata"]["annotations"][key].as_str()
    }

    /// `Kind namespace/name`.
    pub fn display(&self) -> String {
        format!("{} {}/{}", self.kind, self.namespace, self.name)
    }
}

/// Every object of the inputs, in input order; `-` is stdin, directories are walked recursively
/// for `*.yaml`, `*.yml` and `*.json`.
pub fn read_inputs(paths: &[PathBuf]) -> anyhow::Result<Vec<Object>> {
    let mut objects = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut text = String::new();
            std::io::stdin().read_to_string(&mut text).context("reading stdin")?;
            objects.extend(parse_stream("<stdin>", &text)?);
            continue;
        }
        let meta = std::fs::metadata(path)
            .with_context(|| format!("cannot read {}: check the path and run albctl lint again", path.display()))?;
        let files = if meta.is_dir() { manifest_files(path)? } else { vec![path.clone()] };
        for file in files {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}: check its permissions and encoding", file.display()))?;
            objects.extend(parse_stream(&file.display().to_string(), &text)?);
        }
    }
    Ok(objects)
}

/// The manifest files under a directory, sorted; hidden directories (`.git`) are skipped.
fn manifest_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).with_context(|| format!("cannot list directory {}", d.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot list directory {}", d.display()))?;
            let path = entry.path();
            let hidden = entry.file_name().to_string_lossy().starts_with('.');
            if path.is_dir() {
                if !hidden {
                    stack.push(path);
                }
            } else if matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn yaml_options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.legacy_octal_numbers = true;
    options
}

/// One document of a stream: where it is and the line of every key in it.
struct DocIndex {
    start_byte: usize,
    start_line: usize,
    /// Line of the document's top node.
    node_line: Option<usize>,
    lines: HashMap<String, usize>,
    plain: HashMap<String, String>,
}

/// The objects of one YAML/JSON stream.
pub fn parse_stream(file: &str, text: &str) -> anyhow::Result<Vec<Object>> {
    let mut docs = index_lines(file, text)?;
    let mut objects = Vec::new();
    let ends: Vec<usize> = docs.iter().skip(1).map(|d| d.start_byte).chain([text.len()]).collect();
    for (doc, end) in docs.iter_mut().zip(ends) {
        let slice = &text[doc.start_byte..end];
        let value: Value = serde_saphyr::from_str_with_options(slice, yaml_options()).map_err(|e| {
            let line = e.location().map(|l| l.line() as usize + doc.start_line - 1).unwrap_or(doc.start_line);
            let message = e.to_string();
            let first = parser_message(message.lines().next().unwrap_or("invalid YAML"));
            anyhow::anyhow!("{file}:{line}: bad YAML: {first}; fix the file and run albctl lint again")
        })?;
        if !value.is_object() {
            continue;
        }
        let kind = value["kind"].as_str().unwrap_or_default();
        if kind.ends_with("List") && value["items"].is_array() {
            let items = value["items"].as_array().cloned().unwrap_or_default();
            for (n, item) in items.into_iter().enumerate() {
                let prefix = format!("items{SEP}{n}");
                objects.push(located(item, file, doc, Some(&prefix)));
            }
        } else {
            objects.push(located(value, file, doc, None));
        }
    }
    Ok(objects)
}

fn located(value: Value, file: &str, doc: &mut DocIndex, prefix: Option<&str>) -> Object {
    let (lines, plain, line) = match prefix {
        None => (std::mem::take(&mut doc.lines), std::mem::take(&mut doc.plain), doc.node_line),
        Some(p) => {
            let strip = format!("{p}{SEP}");
            let lines = doc.lines.iter().filter_map(|(k, v)| Some((k.strip_prefix(&strip)?.to_string(), *v))).collect();
            let annotations = format!("{strip}metadata{SEP}annotations{SEP}");
            let plain = doc
                .plain
                .iter()
                .filter_map(|(k, v)| Some((k.strip_prefix(&annotations)?.to_string(), v.clone())))
                .collect();
            (lines, plain, doc.lines.get(p).copied())
        }
    };
    let plain = if prefix.is_none() {
        let annotations = format!("metadata{SEP}annotations{SEP}");
        plain.into_iter().filter_map(|(k, v)| Some((k.strip_prefix(&annotations)?.to_string(), v))).collect()
    } else {
        plain
    };
    let mut object = Object::new(value, file.to_string(), line.or(Some(doc.start_line)));
    object.lines = lines;
    object.plain = plain;
    object
}

/// The parser's message without its own (document-relative) position and its API hints.
fn parser_message(message: &str) -> String {
    let mut m = message.trim().strip_prefix("error:").unwrap_or(message).trim();
    if let Some(rest) = m.strip_prefix("line ")
        && let Some((_, after)) = rest.split_once(": ")
    {
        m = after;
    }
    m.split(", set ").next().unwrap_or(m).to_string()
}

/// A container being walked: a mapping (with the key whose value comes next) or a sequence.
enum Frame {
    Map { key: Option<String>, pushed: bool },
    Seq { next: usize, pushed: bool },
}

/// Walks the parser's events once: document boundaries, and the line of every mapping key and
/// sequence item by path. Complex (non-scalar) keys are skipped with their subtree.
fn index_lines(file: &str, text: &str) -> anyhow::Result<Vec<DocIndex>> {
    let mut docs: Vec<DocIndex> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    // The path of the current container, joined with SEP, and where each segment starts.
    let mut path = String::new();
    let mut starts: Vec<usize> = Vec::new();
    let mut last_segment = String::new();
    let join = |path: &str, seg: &str| if path.is_empty() { seg.to_string() } else { format!("{path}{SEP}{seg}") };
    let mut skip = 0usize;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| {
            let line = e.marker().line();
            anyhow::anyhow!("{file}:{line}: bad YAML: {}; fix the file and run albctl lint again", e.info())
        })?;
        let line = span.start.line();
        if skip > 0 {
            match event {
                Event::MappingStart(..) | Event::SequenceStart(..) => skip += 1,
                Event::MappingEnd | Event::SequenceEnd => skip -= 1,
                _ => {}
            }
            if skip == 0 {
                // The complex key is done; its value is skipped too.
                if let Some(Frame::Map { key, .. }) = stack.last_mut() {
                    *key = Some(String::from("\u{0}complex"));
                }
            }
            continue;
        }
        match event {
            Event::DocumentStart(..) => {
                let start_byte = span.start.byte_offset().unwrap_or(0).min(text.len());
                docs.push(DocIndex {
                    start_byte,
                    start_line: line,
                    node_line: None,
                    lines: HashMap::new(),
                    plain: HashMap::new(),
                });
                stack.clear();
                path.clear();
                starts.clear();
            }
            Event::Scalar(value, style, ..) => {
                let Some(doc) = docs.last_mut() else { continue };
                match stack.last_mut() {
                    None => {}
                    Some(Frame::Map { key, .. }) => match key.take() {
                        None => {
                            doc.lines.insert(join(&path, &value), line);
                            *key = Some(value.to_string());
                        }
                        Some(k) => {
                            let in_annotations =
                                last_segment == "annotations" && path.ends_with(&format!("metadata{SEP}annotations"));
                            if style == ScalarStyle::Plain && in_annotations {
                                doc.plain.insert(join(&path, &k), value.to_string());
                            }
                        }
                    },
                    Some(Frame::Seq { next, .. }) => {
                        doc.lines.insert(join(&path, &next.to_string()), line);
                        *next += 1;
                    }
                }
            }
            Event::Alias(_) => match stack.last_mut() {
                // An alias as a key stands for a key no path is recorded under; as a value it ends the pair.
                Some(Frame::Map { key, .. }) => {
                    *key = if key.is_none() { Some(String::from("\u{0}alias")) } else { None }
                }
                Some(Frame::Seq { next, .. }) => *next += 1,
                None => {}
            },
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let Some(doc) = docs.last_mut() else { continue };
                let is_map = matches!(event, Event::MappingStart(..));
                let pushed = match stack.last_mut() {
                    None => {
                        doc.node_line.get_or_insert(line);
                        false
                    }
                    Some(Frame::Map { key, .. }) => match key.clone() {
                        None => {
                            skip = 1;
                            continue;
                        }
                        Some(k) => {
                            starts.push(path.len());
                            path = join(&path, &k);
                            last_segment = k;
                            true
                        }
                    },
                    Some(Frame::Seq { next, .. }) => {
                        let seg = next.to_string();
                        doc.lines.insert(join(&path, &seg), line);
                        starts.push(path.len());
                        path = join(&path, &seg);
                        last_segment = seg;
                        *next += 1;
                        true
                    }
                };
                stack.push(if is_map { Frame::Map { key: None, pushed } } else { Frame::Seq { next: 0, pushed } });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                let pushed = match stack.pop() {
                    Some(Frame::Map { pushed, .. }) | Some(Frame::Seq { pushed, .. }) => pushed,
                    None => false,
                };
                if pushed {
                    path.truncate(starts.pop().unwrap_or(0));
                    last_segment = path.rsplit(SEP).next().unwrap_or_default().to_string();
                }
                if let Some(Frame::Map { key, .. }) = stack.last_mut() {
                    *key = None;
                }
            }
            _ => {}
        }
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_objects_and_annotations_across_documents_and_lists() {
        let text = "\
# comment
apiVersion: v1
kind: Service
metadata:
  name: a
  annotations:
    x/y: \"1\"
    x/z: on
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata:
    name: b
    annotations:
      k/v: 'x'
- kind: Service
  metadata: {name: c}
---
---
just a scalar
";
        let objects = parse_stream("f.yaml", text).unwrap();
        let names: Vec<&str> = objects.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(objects[0].line, Some(2));
        assert_eq!(objects[0].annotation_line("x/y"), Some(7));
        assert_eq!(objects[0].annotation_line("x/z"), Some(8));
        assert_eq!(objects[0].plain_annotation("x/z"), Some("on"));
        assert_eq!(objects[0].plain_annotation("x/y"), None);
        assert_eq!(objects[1].line, Some(13));
        assert_eq!(objects[1].annotation_line("k/v"), Some(18));
        assert_eq!(objects[1].annotation_line("missing"), Some(17), "falls back to the enclosing key");
        assert_eq!(objects[2].line, Some(19));
    }

    #[test]
    fn bad_yaml_names_file_and_line() {
        let err = parse_stream("bad.yaml", "kind: Service\nmetadata:\n  name: [a\n").unwrap_err();
        let msg = format!("{err:#}");
        assert!(msg.starts_with("bad.yaml:"), "{msg}");
        let err = parse_stream("dup.yaml", "a: 1\n---\nkind: X\nkind: Y\n").unwrap_err();
        assert_eq!(
            format!("{err:#}"),
            "dup.yaml:4: bad YAML: duplicate mapping key: kind; fix the file and run albctl lint again"
        );
    }

    #[test]
    fn json_files_parse_with_lines() {
        let text = "{\n  \"kind\": \"Service\",\n  \"metadata\": {\n    \"name\": \"j\",\n    \"annotations\": {\"a/b\": \"c\"}\n  }\n}\n";
        let objects = parse_stream("s.json", text).unwrap();
        assert_eq!(objects[0].name, "j");
        assert_eq!(objects[0].annotation_line("a/b"), Some(5));
    }
}

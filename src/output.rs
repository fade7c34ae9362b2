//! Where output goes: data on stdout (text, JSON or YAML), chatter on stderr.
//!
//! Commands build a serialisable report plus its text rendering and hand both to `emit`;
//! nothing else in the crate writes to stdout. A closed stdout (`albctl ... | head`) ends
//! quietly.

use std::io::{IsTerminal, Write};

use serde::Serialize;

use crate::cli::{ColorChoice, OutputFormat};

/// Version of every JSON/YAML document albctl prints.
pub const SCHEMA_VERSION: &str = "albctl.v1";

/// Exit status of a command that ran to the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Done, or already converged.
    Success,
    /// A negative answer: drift found by `--check`, or a failed doctor check.
    Negative,
    /// The document is printed, but part of what it covers could not be judged (a fleet run
    /// with a cluster that could not be read): exit 2, as for an error.
    Incomplete,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Negative => 1,
            ExitStatus::Incomplete => 2,
        }
    }
}

/// How a run prints: the document's format on stdout, colour, and how much goes to stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Format of the document on stdout.
    pub format: OutputFormat,
    /// `--color`.
    pub color: ColorChoice,
    /// `-q`: errors only on stderr.
    pub quiet: bool,
    /// `-v` count.
    pub verbose: u8,
}

impl Settings {
    /// The style of text on stdout.
    pub fn style(&self) -> Style {
        Style::new(stdout_color(self.color))
    }

    /// Whether stderr may show a spinner (not with `-q`, `-v` or a machine-readable format; the
    /// terminal check is the spinner's own).
    pub fn progress(&self) -> bool {
        !self.quiet && self.verbose == 0 && self.format == OutputFormat::Text
    }

    /// One cluster's run inside a fleet run: no output of its own (the fleet prints one
    /// document and one progress line per region).
    pub fn silent(self) -> Settings {
        Settings { format: OutputFormat::Json, quiet: true, verbose: 0, ..self }
    }

    /// Prints a document ([`emit`]) with its text rendered in this run's style.
    pub fn emit<T: Serialize>(&self, doc: &T, text: impl FnOnce(Style) -> String) -> anyhow::Result<()> {
        let style = self.style();
        emit(self.format, doc, || text(style))
    }

    /// Prints a document that may carry the error that stopped it part-way ([`emit_result`]).
    pub fn emit_result<T: Serialize>(
        &self,
        doc: &T,
        text: impl FnOnce(Style) -> String,
        error: Option<anyhow::Error>,
    ) -> anyhow::Result<()> {
        let style = self.style();
        emit_result(self.format, doc, || text(style), error)
    }
}

/// Sets up `tracing` on stderr by `-v`/`-q` (RUST_LOG wins when set).
pub fn init_logging(settings: &Settings) {
    // NB: only albctl's own events by default; the SDK's and kube's logs repeat what albctl
    // reports with context (and kube logs every API error at ERROR level).
    let default = match (settings.quiet, settings.verbose) {
        (true, _) => "off",
        (false, 0) => "albctl=warn",
        (false, 1) => "albctl=info",
        (false, _) => "albctl=debug,kube=info,aws_config=info",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(stderr_color(settings.color))
        .with_target(false)
        .without_time()
        .try_init();
}

/// Whether stderr gets colour.
pub fn stderr_color(choice: ColorChoice) -> bool {
    color_enabled(choice, std::io::stderr().is_terminal())
}

/// Whether stdout text gets colour.
pub fn stdout_color(choice: ColorChoice) -> bool {
    color_enabled(choice, std::io::stdout().is_terminal())
}

fn color_enabled(choice: ColorChoice, tty: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// Writes a command's result to stdout in the chosen format.
///
/// `doc` is the JSON/YAML body (a `schema_version` is added at the top); `text` renders it for
/// people.
pub fn emit<T: Serialize>(format: OutputFormat, doc: &T, text: impl FnOnce() -> String) -> anyhow::Result<()> {
    let body = match format {
        OutputFormat::Text => text(),
        // NB: only `lint` accepts -o sarif (commands::run refuses it for the others) and prints it itself.
        OutputFormat::Json | OutputFormat::Sarif => {
            let mut s = serde_json::to_string_pretty(&versioned(doc)?)?;
            s.push('\n');
            s
        }
        OutputFormat::Yaml => serde_saphyr::to_string(&versioned(doc)?)?,
    };
    write_stdout(&body)
}

/// Like [`emit`] for a result that may carry the error that stopped it part-way: with
/// `-o json`/`yaml` the error goes into the same document (`"error"`), so stdout holds exactly
/// one document, and the returned error is [`Reported`] so that it is not printed again.
pub fn emit_result<T: Serialize>(
    format: OutputFormat,
    doc: &T,
    text: impl FnOnce() -> String,
    error: Option<anyhow::Error>,
) -> anyhow::Result<()> {
    let Some(error) = error else { return emit(format, doc, text) };
    if format == OutputFormat::Text {
        emit(format, doc, text)?;
        return Err(error);
    }
    let message = one_line(&format!("{error:#}"));
    let mut value = versioned(doc)?;
    if let serde_json::Value::Object(map) = &mut value {
        map.insert("error".into(), serde_json::json!({ "message": message, "exit_code": 2 }));
    }
    emit(format, &value, String::new)?;
    Err(Reported(error).into())
}

/// An error whose document is already on stdout; only its one line goes to stderr.
#[derive(Debug)]
pub struct Reported(pub anyhow::Error);

impl std::fmt::Display for Reported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:#}", self.0)
    }
}

impl std::error::Error for Reported {}

/// Writes raw bytes (YAML manifests, policy documents) to stdout.
pub fn write_stdout(body: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(body.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(0),
        Err(e) => Err(e.into()),
    }
}

/// A document with `schema_version` first.
pub fn versioned<T: Serialize>(doc: &T) -> anyhow::Result<serde_json::Value> {
    let value = serde_json::to_value(doc)?;
    let mut out = serde_json::Map::new();
    out.insert("schema_version".into(), SCHEMA_VERSION.into());
    match value {
        serde_json::Value::Object(map) => out.extend(map),
        other => {
            out.insert("result".into(), other);
        }
    }
    Ok(serde_json::Value::Object(out))
}

/// Prints an error on stderr (and as JSON on stdout with `-o json`), once, without backtrace.
pub fn print_error(format: OutputFormat, err: &anyhow::Error) {
    let message = one_line(&format!("{err:#}"));
    if matches!(format, OutputFormat::Json | OutputFormat::Yaml) && !err.is::<Reported>() {
        let doc = serde_json::json!({
            "schema_version": SCHEMA_VERSION,
            "error": { "message": message, "exit_code": 2 },
        });
        let body = match format {
            OutputFormat::Yaml => serde_saphyr::to_string(&doc).unwrap_or_default(),
            _ => format!("{}\n", serde_json::to_string_pretty(&doc).unwrap_or_default()),
        };
        let _ = std::io::stdout().write_all(body.as_bytes());
    }
    eprintln!("error: {message}");
}

/// A message on one line: lines joined with a space, blank ones dropped (API servers and
/// parsers put line breaks in their messages; an error is one line on stderr).
pub fn one_line(message: &str) -> String {
    message.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" ")
}

/// clap's rendered error as one line: its `error: ...` line and any `[possible values: ...]`
/// note, then where to read more (clap's own usage and help lines are dropped).
pub fn one_line_usage_error(rendered: &str) -> String {
    let mut lines = rendered.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("invalid arguments");
    let mut out = first.strip_prefix("error:").unwrap_or(first).trim().to_string();
    // NB: "the following required arguments were not provided:" lists them on the next lines.
    let lists = out.ends_with(':');
    for line in lines {
        let named = lists && (line.starts_with('-') || line.starts_with('<'));
        if named || line.starts_with('[') || line.starts_with("tip:") {
            out.push_str(&format!(" {line}"));
        }
    }
    out.push_str("; see `albctl --help` or `albctl <command> --help`");
    out
}

/// Styles for text output markers.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    color: bool,
}

impl Style {
    /// A style that colours when `color` is true.
    pub fn new(color: bool) -> Self {
        Style { color }
    }

    /// `s` in green (SGR 32, then a reset) when the style colours; `s` as is otherwise.
    pub fn green(&self, s: &str) -> String {
        self.paint("32", s)
    }

    /// `s` in yellow (SGR 33, then a reset) when the style colours; `s` as is otherwise.
    pub fn yellow(&self, s: &str) -> String {
        self.paint("33", s)
    }

    /// `s` in red (SGR 31, then a reset) when the style colours; `s` as is otherwise.
    pub fn red(&self, s: &str) -> String {
        self.paint("31", s)
    }

    /// `s` dimmed (SGR 2, then a reset) when the style colours; `s` as is otherwise.
    pub fn dim(&self, s: &str) -> String {
        self.paint("2", s)
    }

    /// `s` in bold (SGR 1, then a reset) when the style colours; `s` as is otherwise.
    pub fn bold(&self, s: &str) -> String {
        self.paint("1", s)
    }

    fn paint(&self, code: &str, s: &str) -> String {
        if self.color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
    }
}

/// One step in the text layout of every plan: `mark word resource id`, then the reason and the
/// details indented below. `mark` is `+`, `~`, `-`, `!` or `=` and picks the colour.
pub fn step_text(
    style: Style,
    (mark, word): (&str, &str),
    label: &str,
    id: &str,
    reason: &str,
    details: &[String],
) -> String {
    let paint = |text: &str| match mark {
        "+" => style.green(text),
        "~" => style.yellow(text),
        "!" | "-" => style.red(text),
        _ => style.dim(text),
    };
    let mut out = format!("{} {} {label}  {}\n", paint(mark), paint(&format!("{word:<9}")), style.bold(id));
    out.push_str(&format!("            {}\n", style.dim(reason)));
    for d in details {
        out.push_str(&format!("            {d}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_documents_carry_schema_version_first() {
        let v = versioned(&serde_json::json!({"a": 1})).unwrap();
        let keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, vec!["schema_version", "a"]);
    }

    #[test]
    fn color_never_and_always_ignore_tty() {
        assert!(!color_enabled(ColorChoice::Never, true));
        assert!(color_enabled(ColorChoice::Always, false));
        assert!(!color_enabled(ColorChoice::Auto, false));
    }
}

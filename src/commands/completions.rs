//! `albctl completions SHELL` and the hidden `albctl man`: generated from the clap definition,
//! so they never drift from the real flags (CI diffs them against `completions/`).

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs};
use crate::output::{ExitStatus, write_stdout};

/// Prints the completion script for a shell.
pub fn run(args: &CompletionsArgs) -> anyhow::Result<ExitStatus> {
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut Cli::command(), "albctl", &mut buf);
    write_stdout(&String::from_utf8(buf)?)?;
    Ok(ExitStatus::Success)
}

/// Prints the man page (roff).
pub fn man() -> anyhow::Result<ExitStatus> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut buf)?;
    write_stdout(&String::from_utf8(buf)?)?;
    Ok(ExitStatus::Success)
}

//! The `albctl` binary: parse, set up logging, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    let cli = match albctl::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if !err.use_stderr() => err.exit(), // --help, --version
        Err(err) => {
            eprintln!("error: {}", albctl::output::one_line_usage_error(&err.render().to_string()));
            return ExitCode::from(2);
        }
    };
    albctl::output::init_logging(&albctl::context::output_settings(&cli.global));
    let format = cli.global.output;
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(err) => {
            eprintln!("error: starting the async runtime: {err}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(albctl::run(cli)) {
        Ok(status) => ExitCode::from(status.code()),
        Err(err) => {
            albctl::output::print_error(format, &err);
            ExitCode::from(2)
        }
    }
}

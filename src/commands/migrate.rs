//! `albctl migrate ingress-nginx`: parse the flags, run the migration (files or `--cluster`),
//! print the manifests and the report where they belong.
//!
//! Exit 0 when everything translated exactly, 1 when anything is approximate or impossible,
//! 2 when the migration could not run (bad input: one line with the file and line).

use anyhow::Context as _;

use crate::cli::{GlobalArgs, GroupByArg, MigrateCommand, MigrateIngressNginxArgs, MigrateTarget, OutputFormat};
use crate::error::AlbctlError;
use crate::migrate::{self, GroupBy, Options};
use crate::output::{self, ExitStatus, Style};
use crate::{context, kube as albkube};

/// Runs `albctl migrate ...`.
pub async fn run(global: &GlobalArgs, cmd: &MigrateCommand) -> anyhow::Result<ExitStatus> {
    match cmd {
        MigrateCommand::IngressNginx(args) => ingress_nginx(global, args).await,
    }
}

fn options(args: &MigrateIngressNginxArgs) -> anyhow::Result<Options> {
    let MigrateTarget::AlbIngress = args.to;
    let Some((ns, name)) = args.nginx_configmap.split_once('/').filter(|(n, m)| !n.is_empty() && !m.is_empty()) else {
        return Err(AlbctlError::usage(
            "--nginx-configmap must be NAMESPACE/NAME, e.g. ingress-nginx/ingress-nginx-controller",
        ));
    };
    crate::model::validate_k8s_name("--to-class", &args.to_class)?;
    Ok(Options {
        ingress_classes: args.ingress_class.clone(),
        to_class: args.to_class.clone(),
        group_by: match args.group_by {
            GroupByArg::Namespace => GroupBy::Namespace,
            GroupByArg::Host => GroupBy::Host,
            GroupByArg::None => GroupBy::None,
        },
        configmap: (ns.to_string(), name.to_string()),
        name_suffix: args.name_suffix.clone(),
    })
}

async fn ingress_nginx(global: &GlobalArgs, args: &MigrateIngressNginxArgs) -> anyhow::Result<ExitStatus> {
    let format = if global.output == OutputFormat::Sarif { OutputFormat::Json } else { global.output };
    if args.list_codes {
        output::emit(format, &serde_json::json!({ "codes": migrate::mapping::CODES }), migrate::mapping::codes_table)?;
        return Ok(ExitStatus::Success);
    }
    if args.list_rows {
        output::emit(format, &serde_json::json!({ "rows": migrate::mapping::rows() }), migrate::mapping::counts_table)?;
        return Ok(ExitStatus::Success);
    }
    let options = options(args)?;
    let report = if !args.paths.is_empty() {
        migrate::migrate_files(&args.paths, options)?
    } else if global.cluster.is_some() {
        let ctx = context::resolve(global, true).await?;
        let kube = albkube::connect::connect(&ctx, global).await?;
        let client = kube.client().await?;
        migrate::migrate_cluster(&ctx, client, options).await?
    } else {
        return Err(AlbctlError::usage(
            "nothing to migrate: give manifest paths (`-` for stdin), or --cluster NAME for the cluster's nginx Ingresses",
        ));
    };
    let to_stdout = args.output_dir.is_some();
    let color = if to_stdout { output::stdout_color(global.color) } else { output::stderr_color(global.color) };
    let body = match global.output {
        OutputFormat::Text => migrate::report::text(&report, Style::new(color)),
        OutputFormat::Sarif => serde_json::to_string_pretty(&migrate::report::sarif(&report))? + "\n",
        OutputFormat::Json => {
            serde_json::to_string_pretty(&output::versioned(&migrate::report::document(&report))?)? + "\n"
        }
        OutputFormat::Yaml => serde_saphyr::to_string(&output::versioned(&migrate::report::document(&report))?)?,
    };
    match &args.output_dir {
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
            for (file, text) in migrate::report::files(&report)? {
                let path = dir.join(file);
                std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
            }
            output::write_stdout(&body)?;
        }
        None => {
            output::write_stdout(&migrate::report::manifests(&report)?)?;
            eprint!("{body}");
        }
    }
    Ok(if report.exact() { ExitStatus::Success } else { ExitStatus::Negative })
}

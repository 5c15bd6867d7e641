//! Atelier's server binary: reads configuration and runs the application,
//! or a subcommand (`atelier-server --help`).

use atelier_server::{cli, config::Config, startup::Application, telemetry};
use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = cli::Cli::parse();
    let config = Config::from_env()?;
    telemetry::init(config.log_format);
    match args.command {
        Some(command) => cli::run(command, &config).await,
        None => Application::build(config).await?.run_until_stopped().await,
    }
}

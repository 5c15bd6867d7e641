//! The server's command line: `atelier-server` serves; subcommands do
//! one-off work on the configured database and exit.

use crate::{catalog_store, config::Config, db};
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Atelier's server. Without a subcommand it serves the shop; the
/// environment configures it (see README).
#[derive(Parser)]
#[command(name = "atelier-server", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// One-off work on the database `DATABASE_URL` names.
#[derive(Subcommand)]
pub enum Command {
    /// Published catalog versions.
    Catalog {
        #[command(subcommand)]
        command: CatalogCommand,
    },
}

#[derive(Subcommand)]
pub enum CatalogCommand {
    /// Checks a catalog document (JSON or TOML) and publishes it as the next
    /// version; every running server serves it within a second.
    Publish {
        /// The catalog document.
        file: PathBuf,
        /// Who publishes it (recorded with the version).
        #[arg(long, default_value = "command line")]
        by: String,
    },
}

/// Runs a subcommand; its output goes to stdout.
pub async fn run(command: Command, config: &Config) -> anyhow::Result<()> {
    let pool = db::connect_and_migrate(&config.database_url, 2).await?;
    match command {
        Command::Catalog {
            command: CatalogCommand::Publish { file, by },
        } => {
            let document = std::fs::read_to_string(&file)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let catalog = catalog_store::decode_valid(&document)?;
            let version = catalog_store::publish(&pool, &catalog, &by).await?;
            println!("published catalog version {version}");
        }
    }
    pool.close().await;
    Ok(())
}

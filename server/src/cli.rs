//! The server's command line: `atelier-server` serves; subcommands do
//! one-off work on the configured database and exit.

use crate::auth::{password, session_store::SqlSessionStore, users};
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
    /// The people who sign in to the back office.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Writes a consistent copy of the SQLite database to FILE while the
    /// shop keeps serving (PostgreSQL: use pg_dump, see README).
    Backup {
        /// Where the copy goes; it must not exist yet.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum UserCommand {
    /// Adds a person; prints a new random password unless one is piped in
    /// (`--password-stdin`).
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// owner, staff or marketing.
        #[arg(long, default_value = "staff")]
        role: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Sets a new password (printed, or piped in) and ends every session of
    /// the person.
    ResetPassword {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password_stdin: bool,
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
        Command::User { command } => user(command, &pool).await?,
        Command::Backup { file } => backup(&pool, &config.database_url, &file).await?,
    }
    pool.close().await;
    Ok(())
}

/// `VACUUM INTO`: one read transaction, so the copy is the database as of
/// one moment, while orders go on being placed.
async fn backup(pool: &db::Pool, url: &str, file: &std::path::Path) -> anyhow::Result<()> {
    if db::Backend::of(url)? != db::Backend::Sqlite {
        anyhow::bail!(
            "backup copies SQLite databases; for PostgreSQL use pg_dump --format=custom (see README)"
        );
    }
    if file.exists() {
        anyhow::bail!("{} exists already; name a new file", file.display());
    }
    let target = file
        .to_str()
        .ok_or_else(|| anyhow::anyhow!("the backup's path must be UTF-8"))?;
    sqlx::query("VACUUM INTO $1")
        .bind(target)
        .execute(pool)
        .await?;
    let bytes = std::fs::metadata(file)?.len();
    println!("backed up to {} ({bytes} bytes)", file.display());
    Ok(())
}

async fn user(command: UserCommand, pool: &db::Pool) -> anyhow::Result<()> {
    let new_password = |from_stdin: bool| -> anyhow::Result<(String, bool)> {
        if from_stdin {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            Ok((line.trim_end_matches(['\r', '\n']).to_owned(), false))
        } else {
            Ok((password::generate()?, true))
        }
    };
    let refused = |e: users::AddError| match e {
        users::AddError::Refused(text) => anyhow::anyhow!("{}", text.en),
        users::AddError::Internal(e) => e,
    };
    match command {
        UserCommand::Add {
            email,
            name,
            role,
            password_stdin,
        } => {
            let role = app::admin::Role::parse(&role).ok_or_else(|| {
                anyhow::anyhow!("unknown role {role:?}; use owner, staff or marketing")
            })?;
            let (secret, generated) = new_password(password_stdin)?;
            let user = users::add(pool, &email, &name, role, &secret)
                .await
                .map_err(refused)?;
            println!("added {} ({}) as {}", user.name, user.email, role.as_str());
            if generated {
                println!("password: {secret}");
            }
        }
        UserCommand::ResetPassword {
            email,
            password_stdin,
        } => {
            let (user, _) = users::by_email(pool, &email)
                .await?
                .ok_or_else(|| anyhow::anyhow!("no one signs in with {email}"))?;
            let (secret, generated) = new_password(password_stdin)?;
            users::set_password(pool, &user.id, &secret)
                .await
                .map_err(refused)?;
            SqlSessionStore { pool: pool.clone() }
                .end_sessions_of(&user.id, None)
                .await?;
            println!(
                "new password for {}; every session of theirs has ended",
                user.email
            );
            if generated {
                println!("password: {secret}");
            }
        }
    }
    Ok(())
}

//! Building the application from its configuration and running it until
//! SIGTERM or Ctrl-C, with graceful shutdown.

use crate::{
    back_office, carts, catalog_store,
    config::Config,
    db,
    http::{self, AppState, Limits},
    operations, orders,
};
use app::state::CatalogHandle;
use leptos::config::get_configuration;
use std::time::Duration;
use tokio::net::TcpListener;

/// The application, bound to its port and ready to serve.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    shutdown_grace: Duration,
    connections: http::ConnectionLimits,
    backend: db::Backend,
    delivery: crate::delivery::Settings,
    /// The database pool, for tests and subcommands.
    pub pool: db::Pool,
    /// The catalog customers see, following the newest published version.
    pub catalog: CatalogHandle,
}

impl Application {
    /// Connects the database, applies migrations, seeds the demo catalog on
    /// first start, and binds the port (0 picks a free one).
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let pool = db::connect_and_migrate(&config.database_url, config.db_max_connections).await?;
        let published = catalog_store::load_or_seed(&pool, config.catalog_file.as_deref()).await?;
        tracing::info!(version = published.version, "serving catalog");
        let today = operations::today_in(&config.time_zone)?;
        let operations_document = match &config.operations_file {
            Some(path) => Some(std::fs::read_to_string(path).map_err(|e| {
                anyhow::anyhow!("cannot read the operations file {}: {e}", path.display())
            })?),
            None => None,
        };
        operations::seed_if_empty(&pool, operations_document.as_deref(), today).await?;
        back_office::fill_customer_names(&pool).await?;
        back_office::search::index_missing(&pool).await?;
        let changes = crate::changes::Changes::default();
        let operations: app::state::SharedOperations =
            std::sync::Arc::new(operations::RecentSnapshots::new(
                std::sync::Arc::new(operations::SqlOperations {
                    pool: pool.clone(),
                    time_zone: config.time_zone.clone(),
                }),
                config.page_cache,
                changes.clone(),
            ));
        let mut leptos_options = get_configuration(None)?.leptos_options;
        if leptos_options.output_name.is_empty() {
            leptos_options.output_name = "atelier".into();
        }
        leptos_options.site_addr = config.addr;
        use_hashed_names_if_built(&mut leptos_options)?;
        warn_if_built_without_split(&leptos_options);
        let listener = TcpListener::bind(config.addr).await?;
        let listener_addr = listener.local_addr()?;
        let catalog = CatalogHandle::new(published);
        let backend = db::Backend::of(&config.database_url)?;
        let carts = carts::SqlCarts {
            pool: pool.clone(),
            backend,
        };
        let token_key =
            orders::token::TokenKey::load(&pool, config.secret.as_ref().map(|s| s.0.as_str()))
                .await?;
        let metrics: crate::metrics::SharedMetrics = std::sync::Arc::default();
        let orders: app::state::SharedOrders = std::sync::Arc::new(orders::SqlOrders {
            pool: pool.clone(),
            backend,
            catalog: catalog.clone(),
            carts: carts.clone(),
            time_zone: config.time_zone.clone(),
            limits: config.placement.clone(),
            metrics: metrics.clone(),
            token_key: token_key.clone(),
            queue: Default::default(),
        });
        let state = AppState::new(http::Services {
            leptos_options,
            pool: pool.clone(),
            catalog: catalog.clone(),
            operations,
            orders,
            carts: std::sync::Arc::new(carts),
            admin: std::sync::Arc::new(back_office::SqlAdmin {
                pool: pool.clone(),
                backend,
                time_zone: config.time_zone.clone(),
            }),
            integrations: std::sync::Arc::new(back_office::webhooks::SqlIntegrations {
                pool: pool.clone(),
                time_zone: config.time_zone.clone(),
                mail: config.delivery.mail.clone(),
            }),
            catalog_admin: std::sync::Arc::new(back_office::catalog::SqlCatalogAdmin {
                pool: pool.clone(),
                time_zone: config.time_zone.clone(),
                live: catalog.clone(),
            }),
            mail_folder: config.delivery.mail.folder_in_use().map(Into::into),
            backend,
            time_zone: config.time_zone.clone(),
            metrics,
            page_cache: http::PageCache::new(config.page_cache, changes.clone()),
            changes,
        });
        let limits = Limits {
            max_body_bytes: config.max_body_bytes,
            request_timeout: config.request_timeout,
            https: config.https,
            client_ip_header: config.placement.client_ip_header.clone(),
            metrics_token: config.metrics_token.clone().map(Into::into),
        };
        announce_setup_link(&pool, &config).await?;
        let catalog = state.catalog.clone();
        Ok(Application {
            listener,
            router: http::router(state, limits),
            shutdown_grace: config.shutdown_grace,
            connections: file_descriptors_for(config.connections),
            backend,
            delivery: {
                let mut delivery = with_public_url(config.delivery.clone(), listener_addr);
                delivery.mail.token_key = Some(token_key);
                delivery
            },
            pool,
            catalog,
        })
    }

    /// The port the application listens on.
    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_default()
    }

    /// Serves until SIGTERM or Ctrl-C, then lets in-flight requests finish
    /// for up to the grace period.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let addr = self.listener.local_addr()?;
        tracing::info!("listening on http://{addr}");
        let grace = self.shutdown_grace;
        let housekeeping = [
            tokio::spawn(delete_expired(self.pool.clone())),
            // A version published by any process is served by this one
            // within a second (a cheap `MAX(version)` four times a second).
            tokio::spawn(back_office::catalog_schedule::run(
                self.pool.clone(),
                Duration::from_secs(1),
            )),
            tokio::spawn(catalog_store::follow(
                self.pool.clone(),
                self.catalog.clone(),
                Duration::from_millis(250),
            )),
            tokio::spawn(crate::delivery::run(
                self.pool.clone(),
                self.backend,
                self.delivery.clone(),
            )),
        ];
        let server = http::serve(
            self.listener,
            self.router,
            self.connections,
            shutdown_signal(),
        );
        let serving = tokio::spawn(server);
        tokio::pin!(serving);
        tokio::select! {
            result = &mut serving => return Ok(result?),
            _ = shutdown_signal() => {}
        }
        match tokio::time::timeout(grace, serving).await {
            Ok(result) => result?,
            Err(_) => tracing::warn!("in-flight requests did not finish within {grace:?}; exiting"),
        }
        for task in housekeeping {
            task.abort();
        }
        self.pool.close().await;
        tracing::info!("stopped");
        Ok(())
    }
}

/// Content-hashed file names for the wasm, JS and CSS when the build made
/// them: cargo-leptos writes `hash.txt` beside the server binary and tells
/// the server through `LEPTOS_HASH_FILES` when it runs it; a binary started
/// by hand finds the file itself. Told to use them without the file, the
/// server refuses to start: every page render would fail on reading it.
fn use_hashed_names_if_built(options: &mut leptos::config::LeptosOptions) -> anyhow::Result<()> {
    let hash_file = app::islands::hash_file(options);
    let built = hash_file.as_ref().is_some_and(|file| file.is_file());
    if options.hash_files || std::env::var_os("LEPTOS_HASH_FILES").is_some() {
        if options.hash_files && !built {
            anyhow::bail!(
                "LEPTOS_HASH_FILES asks for content-hashed file names, but their hash file {} \
                 is missing: run the binary that `cargo leptos build --release` built, \
                 with the hash file it wrote beside it, or unset LEPTOS_HASH_FILES",
                hash_file.map_or_else(
                    || options.hash_file.to_string(),
                    |f| f.display().to_string()
                )
            );
        }
        return Ok(());
    }
    options.hash_files = built;
    Ok(())
}

/// `limits` with the connection cap lowered to three quarters of the file
/// descriptors the process may open (raised to the hard limit first), so
/// that accepting never runs out of them; the rest serve the database,
/// outgoing requests and files.
fn file_descriptors_for(mut limits: http::ConnectionLimits) -> http::ConnectionLimits {
    let available = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(1024);
    let cap = usize::try_from(available / 4 * 3)
        .unwrap_or(usize::MAX)
        .max(1);
    if limits.max_connections > cap {
        tracing::warn!(
            configured = limits.max_connections,
            cap,
            "ATELIER_MAX_CONNECTIONS lowered to three quarters of the file descriptor limit"
        );
        limits.max_connections = cap;
    }
    limits
}

/// Links in mail name the address the server listens on unless
/// `ATELIER_PUBLIC_URL` says otherwise.
fn with_public_url(
    mut settings: crate::delivery::Settings,
    addr: std::net::SocketAddr,
) -> crate::delivery::Settings {
    settings
        .mail
        .public_url
        .get_or_insert_with(|| format!("http://{addr}"));
    settings
}

/// Deletes carts unused for 30 days and expired back-office sessions, every
/// hour (neither is used in the meantime: reading one treats it as gone).
async fn delete_expired(pool: db::Pool) {
    let hour = Duration::from_secs(3600);
    let mut every_hour = tokio::time::interval_at(tokio::time::Instant::now() + hour, hour);
    let sessions = crate::auth::session_store::SqlSessionStore { pool: pool.clone() };
    loop {
        every_hour.tick().await;
        match carts::delete_expired(&pool).await {
            Ok(0) => {}
            Ok(deleted) => tracing::info!(deleted, "deleted expired carts"),
            Err(e) => tracing::warn!(error = %e, "deleting expired carts failed"),
        }
        if let Err(e) = sessions.delete_expired().await {
            tracing::warn!(error = %e, "deleting expired sessions failed");
        }
    }
}

/// While no one can sign in, logs a one-time link that creates the first
/// owner (a new one at every start).
async fn announce_setup_link(pool: &db::Pool, config: &Config) -> anyhow::Result<()> {
    if let Some(secret) = crate::auth::setup::issue(pool).await? {
        tracing::warn!(
            "no one can sign in to the back office yet: open http://{}/admin/setup?token={secret} \
             to create the owner's account (or run `atelier-server user add`)",
            config.addr
        );
    }
    Ok(())
}

/// Resolves on SIGTERM or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown signal received");
}

/// The checkout island is a lazily loaded wasm chunk: a wasm built without
/// `cargo leptos … --split` cannot load and leaves every island inert.
fn warn_if_built_without_split(options: &leptos::config::LeptosOptions) {
    let pkg = std::path::Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let wasm = pkg.join(format!("{}.wasm", options.output_name));
    if wasm.exists() && !pkg.join("__wasm_split_manifest.json").exists() {
        tracing::error!(
            "{} was built without --split: the configurator and checkout will not run in the browser; \
             build with scripts/run or `cargo leptos build --release --split`",
            wasm.display()
        );
    }
}

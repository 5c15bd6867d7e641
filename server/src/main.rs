//! Atelier's server binary: reads configuration and runs the application.

use atelier_server::{config::Config, startup::Application, telemetry};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::from_env()?;
    telemetry::init(config.log_format);
    let app = Application::build(config).await?;
    app.run_until_stopped().await
}

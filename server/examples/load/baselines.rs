//! What the server's own figures are measured against, in the same run:
//! the rate at which it serves a static file (the stylesheet and the icon,
//! precompressed), the rate of durable single-row inserts on the same
//! database with the server's own pool settings, and order placement paced
//! at 80 % of the measured maximum (its latency when not saturated).

use super::{run, Phase};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Static files per second: the stylesheet the configurator page links
/// and the favicon, taken brotli-compressed like a browser takes them.
pub async fn static_files(
    client: &reqwest::Client,
    base: &str,
    page: &str,
    clients: usize,
    duration: Duration,
) -> anyhow::Result<Phase> {
    let html = client
        .get(format!("{base}{page}"))
        .send()
        .await?
        .text()
        .await?;
    let stylesheet = html
        .split('"')
        .find(|s| s.starts_with("/pkg/") && s.ends_with(".css"))
        .ok_or_else(|| anyhow::anyhow!("{page} links no stylesheet"))?
        .to_owned();
    let files = Arc::new([format!("{base}{stylesheet}"), format!("{base}/favicon.svg")]);
    let client = client.clone();
    Ok(run(clients, duration, move |i| {
        let (client, files) = (client.clone(), files.clone());
        async move {
            let response = client
                .get(&files[i % files.len()])
                .header("accept-encoding", super::BROWSER_ENCODINGS)
                .send()
                .await
                .ok()?;
            let ok = response.status().is_success();
            response.bytes().await.ok()?;
            ok.then_some(())
        }
    })
    .await)
}

/// Durable single-row inserts per second on `database_url`, each its own
/// transaction, through a pool set up exactly like the server's.
pub async fn raw_inserts(
    database_url: &str,
    clients: usize,
    duration: Duration,
) -> anyhow::Result<Phase> {
    let pool = atelier_server::db::connect_and_migrate(database_url, 10).await?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS load_probe (id TEXT PRIMARY KEY, payload TEXT NOT NULL, created_at TEXT NOT NULL)",
    )
    .execute(&pool)
    .await?;
    let payload = Arc::new("x".repeat(2_000));
    let phase = run(clients, duration, move |_| {
        let (pool, payload) = (pool.clone(), payload.clone());
        async move {
            sqlx::query("INSERT INTO load_probe (id, payload, created_at) VALUES ($1, $2, $3)")
                .bind(uuid::Uuid::new_v4().to_string())
                .bind(payload.as_str())
                .bind(jiff::Timestamp::now().to_string())
                .execute(&pool)
                .await
                .ok()
                .map(|_| ())
        }
    })
    .await;
    Ok(phase)
}

/// Runs `work` at `per_second` starts a second (an open loop: a slow
/// answer does not delay the next start) for `duration`; latencies are
/// measured from each scheduled start.
pub async fn paced<F, Fut>(per_second: f64, duration: Duration, work: F) -> Phase
where
    F: Fn(usize) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = Option<()>> + Send + 'static,
{
    let started = Instant::now();
    let mut ticks = tokio::time::interval(Duration::from_secs_f64(1.0 / per_second.max(0.1)));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let mut tasks = Vec::new();
    let mut i = 0;
    while started.elapsed() < duration {
        ticks.tick().await;
        let scheduled = Instant::now();
        let job = work(i);
        i += 1;
        tasks.push(tokio::spawn(async move {
            job.await.map(|()| scheduled.elapsed())
        }));
    }
    let mut phase = Phase::default();
    for task in tasks {
        match task.await.ok().flatten() {
            Some(latency) => {
                phase.ok += 1;
                phase.latencies.push(latency);
            }
            None => phase.failed += 1,
        }
    }
    phase.elapsed = started.elapsed();
    phase
}

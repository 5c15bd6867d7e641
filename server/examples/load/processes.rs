//! Scaling out on PostgreSQL: orders per second placed through one server
//! process against two processes on the same database (the real binary,
//! `--server-bin`, started twice on a fresh database), clients spread
//! evenly over the processes.

use super::{mail_folder, place, run, Phase, Shown};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A server process, stopped when dropped.
struct Process {
    child: Child,
    base: String,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `binary` on `database_url` and waits until it is ready.
async fn start(
    binary: &str,
    database_url: &str,
    operations: &std::path::Path,
    client: &reqwest::Client,
    limits_off: bool,
) -> anyhow::Result<Process> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mail = mail_folder()?.join(port.to_string());
    let mut command = Command::new(binary);
    if limits_off {
        command
            .env("ATELIER_ORDERS_PER_HOUR_PER_CLIENT", "0")
            .env("ATELIER_ORDERS_PER_HOUR_PER_EMAIL", "0");
    }
    let child = command
        .env("ATELIER_ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", database_url)
        .env("ATELIER_OPERATIONS_FILE", operations)
        .env("ATELIER_MAIL_DIR", &mail)
        .env("ATELIER_LOG_FORMAT", "json")
        .env("ATELIER_CLIENT_IP_HEADER", super::CLIENT_IP_HEADER)
        // The hash file beside the binary, where cargo-leptos writes it
        // (the load example's own name for it is relative to examples/).
        .env("LEPTOS_HASH_FILE_NAME", "hash.txt")
        .stdout(Stdio::null())
        // Why it would not start, should it not.
        .stderr(Stdio::inherit())
        .spawn()?;
    let process = Process {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let ready = client.get(format!("{}/readyz", process.base)).send().await;
        if ready.is_ok_and(|r| r.status().is_success()) {
            return Ok(process);
        }
        anyhow::ensure!(Instant::now() < deadline, "{binary} did not become ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Orders per second with `clients` clients spread over `bases`.
async fn orders(
    client: &reqwest::Client,
    bases: Vec<String>,
    clients: usize,
    duration: Duration,
) -> Phase {
    let bases = Arc::new(bases);
    let client = client.clone();
    let shown = Shown::default();
    let mut phase = run(clients, duration, move |i| {
        let (client, bases, shown) = (client.clone(), bases.clone(), shown.clone());
        async move { place(&client, &bases[i % bases.len()], i, &shown).await }
    })
    .await;
    // The servers are processes of their own: this one's CPU time would
    // be the load generator's alone.
    phase.cpu = None;
    phase
}

/// Measures one process, then two, on one fresh PostgreSQL database, and
/// prints both rates and their ratio.
pub async fn measure(
    binary: &str,
    database_url: &str,
    operations: &std::path::Path,
    client: &reqwest::Client,
    clients: usize,
    duration: Duration,
    limits_off: bool,
) -> anyhow::Result<()> {
    let first = start(binary, database_url, operations, client, limits_off).await?;
    let second = start(binary, database_url, operations, client, limits_off).await?;
    let mut one = orders(client, vec![first.base.clone()], clients, duration).await;
    one.report("orders placed through one server process (the binary)");
    let mut two = orders(
        client,
        vec![first.base.clone(), second.base.clone()],
        clients,
        duration,
    )
    .await;
    two.report("orders placed through two server processes on the same database");
    println!(
        "  two processes place {:.2} times the orders of one",
        two.per_second() / one.per_second()
    );
    Ok(())
}

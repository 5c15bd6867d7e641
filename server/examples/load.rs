//! Load generator: configurator page renders per second, orders per second
//! (one product straight from the configurator, and carts of three lines),
//! the configurator page's compressed transfer size, and the back office's
//! order inbox over 100,000 orders (`--inbox-orders`), and on PostgreSQL
//! orders per second through two server processes against one
//! (`--server-bin`, the built binary). The shop is the demo's, with a
//! hundred times the daily capacity on every production line.
//!
//! Starts the application in this process on a fresh database (SQLite file,
//! or a new PostgreSQL database), then runs concurrent clients against it
//! over HTTP. Run from the workspace root after `cargo leptos build --release`
//! (the transfer size needs the built site), or through `scripts/load`:
//!
//! ```sh
//! cargo run --release -p atelier-server --example load -- --db sqlite --seconds 10 --clients 32
//! ```

#[path = "load/baselines.rs"]
mod baselines;
#[path = "load/inbox.rs"]
mod inbox;
#[path = "load/processes.rs"]
mod processes;

use app::orders::{Changed, CheckoutForm, PlaceOutcome};
use atelier_server::{config::Config, startup::Application};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const PAGES: [&str; 3] = [
    "/p/car?lang=en&engine=d150&paint=blue&wheels=18in",
    "/p/ring?lang=de&metal=yellow-gold&stone=sapphire&width=4mm&size=54&engraving=Anna",
    "/p/shirt?lang=en&fit=measure&neck=40&chest=104&waist=92&sleeve=64&collar=cutaway",
];

const ORDERS: [(&str, &str); 3] = [
    (
        "ring",
        "metal=silver&width=4mm&size=56&finish=matte&engraving=Lea&engraving.font=serif",
    ),
    (
        "shirt",
        "fit=standard&size=l&fabric=oxford-blue&collar=button-down",
    ),
    ("car", "line=style&engine=p150&paint=silver&wheels=17in"),
];

/// What Chrome, Edge and Firefox accept: pages are compressed for them as
/// for the static files they are compared with.
const BROWSER_ENCODINGS: &str = "gzip, deflate, br, zstd";

/// What Safari accepts (no zstd).
const SAFARI_ENCODINGS: &str = "gzip, deflate, br";

struct Args {
    db: String,
    seconds: u64,
    clients: usize,
    /// Orders in the database when the inbox is measured.
    inbox_orders: i64,
    /// People using the back office at once.
    inbox_clients: usize,
    /// The server binary, started twice on PostgreSQL to measure scaling out.
    server_bin: Option<String>,
    /// The shop's limits on orders per client and e-mail address and hour
    /// (`default`, or `off` to measure without them).
    limits: String,
}

fn args() -> Args {
    let mut args = Args {
        db: "sqlite".into(),
        seconds: 10,
        clients: 32,
        inbox_orders: 100_000,
        inbox_clients: 4,
        server_bin: None,
        limits: "default".into(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--db" => args.db = value,
            "--seconds" => args.seconds = value.parse().expect("--seconds: a whole number"),
            "--clients" => args.clients = value.parse().expect("--clients: a whole number"),
            "--inbox-clients" => {
                args.inbox_clients = value.parse().expect("--inbox-clients: a whole number")
            }
            "--inbox-orders" => {
                args.inbox_orders = value.parse().expect("--inbox-orders: a whole number")
            }
            "--server-bin" => args.server_bin = Some(value),
            "--limits" => {
                assert!(
                    ["default", "off"].contains(&value.as_str()),
                    "--limits: default or off"
                );
                args.limits = value
            }
            other => {
                panic!("unknown option {other}; use --db sqlite|postgres, --seconds N, --clients N, --inbox-orders N, --inbox-clients N, --server-bin PATH, --limits default|off")
            }
        }
    }
    args
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = args();
    let database_url = fresh_database(&args.db).await?;
    let operations = roomy_operations()?;
    // The orders' mail, written as files: thousands a run, kept beside the
    // binary (in target/) rather than removed. Removing that many files
    // makes creating files slow for minutes after (ext4 skips inodes freed
    // in the last minute), which would slow the next run's mail.
    let mail = mail_folder()?;
    println!("mail: written to {}", mail.display());
    let mut vars: HashMap<&str, String> = HashMap::from([
        ("ATELIER_ADDR", "127.0.0.1:0".to_owned()),
        ("DATABASE_URL", database_url.clone()),
        ("ATELIER_OPERATIONS_FILE", operations.display().to_string()),
        ("ATELIER_MAIL_DIR", mail.display().to_string()),
        ("ATELIER_LOG_FORMAT", "json".to_owned()),
        // The shop's default limits on orders per hour apply: every order
        // comes from a customer of its own (see `customer`), whose client
        // address a proxy would name in this header.
        ("ATELIER_CLIENT_IP_HEADER", CLIENT_IP_HEADER.to_owned()),
    ]);
    if args.limits == "off" {
        vars.insert("ATELIER_ORDERS_PER_HOUR_PER_CLIENT", "0".to_owned());
        vars.insert("ATELIER_ORDERS_PER_HOUR_PER_EMAIL", "0".to_owned());
    }
    println!("order limits: {}", args.limits);
    let config = Config::from_lookup(|name| vars.get(name).cloned())?;
    let app = Application::build(config).await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.clients)
        .build()?;
    let duration = Duration::from_secs(args.seconds);
    println!("database: {}", atelier_server::db::redact(&database_url));
    println!("clients: {}, {} s per phase", args.clients, args.seconds);

    let mut renders = run(args.clients, duration, {
        let (client, base) = (client.clone(), base.clone());
        move |i| {
            let (client, base) = (client.clone(), base.clone());
            async move {
                let url = format!("{base}{}", PAGES[i % PAGES.len()]);
                get_page(&client, url, BROWSER_ENCODINGS).await.map(|_| ())
            }
        }
    })
    .await;
    renders.report("configurator pages (three links, each kept for a moment after its render)");
    // Every request a link of its own (a `_ref` the engine ignores, as
    // campaign tags are): each one rendered. Counted only when it was
    // rendered, not kept.
    let fresh_pages = |encodings: &'static str| {
        let (client, base) = (client.clone(), base.clone());
        let next = Arc::new(AtomicU64::new(0));
        move |i: usize| {
            let (client, base) = (client.clone(), base.clone());
            let n = next.fetch_add(1, Ordering::Relaxed);
            async move {
                let url = format!("{base}{}&_ref={n}", PAGES[i % PAGES.len()]);
                (get_page(&client, url, encodings).await? == "miss").then_some(())
            }
        }
    };
    let mut fresh = run(args.clients, duration, fresh_pages(BROWSER_ENCODINGS)).await;
    fresh.report("configurator page renders (every link new, so every page rendered; zstd)");
    let mut safari = run(args.clients, duration, fresh_pages(SAFARI_ENCODINGS)).await;
    safari.report("the same for Safari (brotli)");
    match baselines::static_files(&client, &base, PAGES[0], args.clients, duration).await {
        Ok(mut files) => {
            files.report("static files (the stylesheet and the icon, brotli)");
            println!(
                "  pages are {:.0} % of the static file rate (goal: at least 50 %); renders of new links {:.0} % ({:.0} % for Safari)",
                100.0 * renders.per_second() / files.per_second(),
                100.0 * fresh.per_second() / files.per_second(),
                100.0 * safari.per_second() / files.per_second()
            );
        }
        Err(e) => println!("static files: skipped ({e}; scripts/load builds the site)"),
    }

    let shown = Shown::default();
    let mut orders = run(args.clients, duration, {
        let (client, base, shown) = (client.clone(), base.clone(), shown.clone());
        move |i| {
            let (client, base, shown) = (client.clone(), base.clone(), shown.clone());
            async move { place(&client, &base, i, &shown).await }
        }
    })
    .await;
    orders.report("orders placed");
    println!(
        "  {} more requests confirmed changed figures ({:.1} per 100 orders; the first orders of each product ask for them, later ones when the window moved)",
        shown.changes(),
        100.0 * shown.changes() as f64 / orders.ok.max(1) as f64
    );
    let mut inserts = baselines::raw_inserts(&database_url, args.clients, duration).await?;
    inserts.report("raw durable single-row inserts (same database, the server's pool settings)");
    println!(
        "  orders are {:.0} % of the raw insert rate (goal: at least 50 %)",
        100.0 * orders.per_second() / inserts.per_second()
    );
    let pace = 0.8 * orders.per_second();
    let mut paced = baselines::paced(pace, duration, {
        let (client, base, shown) = (client.clone(), base.clone(), shown.clone());
        move |i| {
            let (client, base, shown) = (client.clone(), base.clone(), shown.clone());
            async move { place(&client, &base, i, &shown).await }
        }
    })
    .await;
    paced.report(&format!(
        "orders paced at 80 % of that maximum ({pace:.0} started a second)"
    ));

    let mut carts = run(args.clients, duration, {
        let (client, base) = (client.clone(), base.clone());
        move |i| {
            let (client, base) = (client.clone(), base.clone());
            async move { order_cart(&client, &base, i).await }
        }
    })
    .await;
    carts.report("three-line carts ordered (three adds, then quote and confirm)");

    let site = std::env::var("LEPTOS_SITE_ROOT").unwrap_or_else(|_| "target/site".into());
    let built = std::path::Path::new(&site).join("pkg").is_dir();
    if built {
        println!("configurator page transfer, compressed (HTML with catalog data, CSS, JS, WASM):");
    } else {
        println!(
            "configurator page transfer: skipped, no site built in {site} (scripts/load builds it)"
        );
    }
    for page in PAGES.iter().filter(|_| built) {
        let bytes = transfer_size(&client, &base, page).await?;
        println!(
            "  {page}: {} bytes ({:.1} KB)",
            bytes.total,
            bytes.total as f64 / 1000.0
        );
        for (what, size) in bytes.parts {
            println!("    {what}: {size} bytes");
        }
    }

    match (&args.server_bin, args.db.as_str()) {
        (Some(binary), "postgres") => {
            let name = format!("atelier_load_{}_processes", std::process::id());
            let url = fresh_database_named("postgres", &name).await?;
            processes::measure(
                binary,
                &url,
                &operations,
                &client,
                args.clients,
                duration,
                args.limits == "off",
            )
            .await?;
        }
        (None, "postgres") => println!("two server processes: skipped (no --server-bin)"),
        _ => {}
    }

    // Last: the inbox fills the database, and its slower pages would
    // delay the figures above.
    let pool = inbox::fill(&database_url, args.inbox_orders).await?;
    inbox::measure(&pool, &base, args.inbox_clients, duration).await?;
    Ok(())
}

/// Asks for a page as a browser accepting `encodings` does; its
/// `x-page-cache` mark when it came.
async fn get_page(client: &reqwest::Client, url: String, encodings: &str) -> Option<String> {
    let response = client
        .get(url)
        .header("accept-encoding", encodings)
        .send()
        .await
        .ok()?;
    let ok = response.status().is_success();
    let mark = response
        .headers()
        .get("x-page-cache")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    response.bytes().await.ok()?;
    ok.then_some(mark)
}

/// The figures the shop last answered for each order of [`ORDERS`], by its
/// index: what its checkout page, rendered a moment before, shows the
/// customer, who sends them with the order. The first order of each asks.
#[derive(Clone, Default)]
struct Shown {
    figures: Arc<std::sync::Mutex<HashMap<usize, Changed>>>,
    /// Answers of changed figures so far: each one more request, which
    /// confirms them (the first orders of each product, sent before any
    /// figures were shown, and orders whose window moved meanwhile).
    changes: Arc<AtomicU64>,
}

impl Shown {
    fn get(&self, order: usize) -> Option<Changed> {
        self.figures.lock().ok()?.get(&order).cloned()
    }

    fn set(&self, order: usize, figures: &Changed) {
        self.changes.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut shown) = self.figures.lock() {
            shown.insert(order, figures.clone());
        }
    }

    /// Answers of changed figures so far.
    fn changes(&self) -> u64 {
        self.changes.load(Ordering::Relaxed)
    }
}

/// Places one order like a customer: sends the figures its checkout page
/// showed (see [`Shown`]), and confirms new ones when they changed since.
async fn place(client: &reqwest::Client, base: &str, i: usize, shown: &Shown) -> Option<()> {
    let order = i % ORDERS.len();
    let (product, config) = ORDERS[order];
    let mut form = CheckoutForm {
        product: product.into(),
        config: config.into(),
        quantity: "1".into(),
        ..customer()
    };
    if let Some(figures) = shown.get(order) {
        form.confirm_figures(&figures);
    }
    confirm(client, base, form, None, |figures| {
        shown.set(order, figures)
    })
    .await
}

/// Fills a cart with the three products (each personalised by `i`, so no
/// two carts are alike), then orders it like a customer.
async fn order_cart(client: &reqwest::Client, base: &str, i: usize) -> Option<()> {
    let mut cookie = None::<String>;
    for (product, config) in ORDERS {
        let config = if product == "ring" {
            config.replace("engraving=Lea", &format!("engraving=Lea{i}"))
        } else {
            config.to_owned()
        };
        let body = app::cart::request::save_body(product, None, &config, 1);
        let mut request = client
            .post(format!("{base}/cart"))
            .header("x-atelier-fetch", "1")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        if let Some(cookie) = &cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.ok()?;
        if !response.status().is_success() {
            eprintln!("adding to a cart failed: {}", response.status());
            return None;
        }
        if let Some(set) = response.headers().get("set-cookie") {
            cookie = set.to_str().ok()?.split(';').next().map(str::to_owned);
        }
        response.bytes().await.ok()?;
    }
    let form = CheckoutForm {
        // Revision 3 after three adds; the figures are confirmed below.
        cart: "3".into(),
        ..customer()
    };
    confirm(client, base, form, cookie, |_| {}).await
}

/// The header the load's customers arrive with their client address in,
/// as from a proxy in front of the shop.
pub const CLIENT_IP_HEADER: &str = "x-forwarded-for";

/// The load test's customer, with a fresh checkout key and an e-mail
/// address of their own (client addresses: [`client_address`]).
fn customer() -> CheckoutForm {
    let key = uuid::Uuid::new_v4().to_string();
    CheckoutForm {
        email: format!("kundin-{}@example.de", &key[..8]),
        key,
        lang: "de".into(),
        name: "Lasttest Kundin".into(),
        street: "Teststraße 1".into(),
        postal_code: "10115".into(),
        city: "Berlin".into(),
        country: "DE".into(),
        terms: Some("on".into()),
        ..Default::default()
    }
}

/// The client address of the customer with checkout key `key`: one of
/// 16 million in 10.0.0.0/8, so that the shop's per-client limit counts
/// customers, not the load generator.
fn client_address(key: &str) -> String {
    let bytes = u32::from_str_radix(&key[..6], 16)
        .unwrap_or(0)
        .to_be_bytes();
    format!("10.{}.{}.{}", bytes[1], bytes[2], bytes[3])
}

/// Sends `form`; when the figures changed, tells `changed` and confirms
/// the new ones (as often as 20 times in a row).
async fn confirm(
    client: &reqwest::Client,
    base: &str,
    mut form: CheckoutForm,
    cookie: Option<String>,
    changed: impl Fn(&Changed),
) -> Option<()> {
    for _ in 0..20 {
        let mut request = client
            .post(format!("{base}/api/place_order"))
            .header(CLIENT_IP_HEADER, client_address(&form.key))
            .json(&serde_json::json!({ "form": form }));
        if let Some(cookie) = &cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.ok()?;
        let status = response.status();
        let body = response.bytes().await.ok()?;
        let Ok(outcome) = serde_json::from_slice::<PlaceOutcome>(&body) else {
            eprintln!("order failed: {status} {}", String::from_utf8_lossy(&body));
            return None;
        };
        match outcome {
            PlaceOutcome::Placed { .. } => return Some(()),
            PlaceOutcome::Changed(figures) => {
                changed(&figures);
                form.confirm_figures(&figures);
            }
            PlaceOutcome::Invalid { problems } => {
                eprintln!("refused: {problems:?}");
                return None;
            }
            PlaceOutcome::Limited(problem) => {
                eprintln!("limited: {problem:?}");
                return None;
            }
        }
    }
    eprintln!("order given up: the figures changed 20 times in a row");
    None
}

/// Counts and latencies of one phase.
#[derive(Default)]
struct Phase {
    ok: u64,
    failed: u64,
    elapsed: Duration,
    latencies: Vec<Duration>,
    /// The CPU time this process (server and load generator) used meanwhile.
    cpu: Option<Duration>,
}

impl Phase {
    fn per_second(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64()
    }

    fn report(&mut self, what: &str) {
        self.latencies.sort();
        let pct = |p: f64| {
            self.latencies
                .get(((self.latencies.len() as f64 - 1.0) * p).round() as usize)
                .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
        };
        // On a shared machine it swings about as much as the rate does.
        let cpu = self
            .cpu
            .filter(|_| self.ok > 0)
            .map(|cpu| {
                format!(
                    ", CPU {:.0} µs each",
                    cpu.as_secs_f64() * 1e6 / self.ok as f64
                )
            })
            .unwrap_or_default();
        println!(
            "{what}: {:.0}/s ({} in {:.1} s, {} failed), latency p50 {:.1} ms, p99 {:.1} ms{cpu}",
            self.per_second(),
            self.ok,
            self.elapsed.as_secs_f64(),
            self.failed,
            pct(0.50),
            pct(0.99)
        );
    }
}

/// Runs `clients` loops of `work` for `duration`.
async fn run<F, Fut>(clients: usize, duration: Duration, work: F) -> Phase
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Option<()>> + Send,
{
    let started = Instant::now();
    let cpu_before = process_cpu();
    let counter = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let work = work.clone();
        let counter = counter.clone();
        tasks.push(tokio::spawn(async move {
            let (mut ok, mut failed, mut latencies) = (0, 0, Vec::new());
            while started.elapsed() < duration {
                let i = counter.fetch_add(1, Ordering::Relaxed) as usize;
                let t = Instant::now();
                match work(i).await {
                    Some(()) => {
                        ok += 1;
                        latencies.push(t.elapsed());
                    }
                    None => failed += 1,
                }
            }
            (ok, failed, latencies)
        }));
    }
    let mut phase = Phase::default();
    for task in tasks {
        let (ok, failed, latencies) = task.await.expect("client task");
        phase.ok += ok;
        phase.failed += failed;
        phase.latencies.extend(latencies);
    }
    phase.elapsed = started.elapsed();
    phase.cpu = process_cpu()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    phase
}

/// The CPU time (user and system) this process has used, where Linux tells it.
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command's closing parenthesis; utime and stime
    // are the 12th and 13th of them, in clock ticks (100 a second on Linux).
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

struct Transfer {
    total: usize,
    parts: Vec<(String, usize)>,
}

/// The compressed bytes of a page and every `/pkg/` asset it loads.
async fn transfer_size(
    client: &reqwest::Client,
    base: &str,
    page: &str,
) -> anyhow::Result<Transfer> {
    let get = |path: String| {
        let client = client.clone();
        async move {
            let response = client
                .get(path)
                .header("accept-encoding", "br, gzip")
                .send()
                .await?
                .error_for_status()?;
            let encoding = response
                .headers()
                .get("content-encoding")
                .and_then(|v| v.to_str().ok())
                .unwrap_or("identity")
                .to_owned();
            anyhow::Ok((response.bytes().await?, encoding))
        }
    };
    // Uncompressed text, to find what a page or module loads.
    let text = |url: String| {
        let client = client.clone();
        async move {
            anyhow::Ok(
                client
                    .get(url)
                    .send()
                    .await?
                    .error_for_status()?
                    .text()
                    .await?,
            )
        }
    };
    let (html, encoding) = get(format!("{base}{page}")).await?;
    let mut parts = vec![(format!("HTML ({encoding})"), html.len())];
    let plain = text(format!("{base}{page}")).await?;
    // The site's files: everything under /pkg/, and scripts of its own
    // (the cart's /cart.js).
    let mut assets: Vec<String> = plain
        .split(['"', '\''])
        .filter(|s| s.starts_with("/pkg/") || (s.starts_with('/') && s.ends_with(".js")))
        .map(str::to_owned)
        .collect();
    // The hydration script loads the wasm named like the JS, and that JS
    // imports further modules (the wasm-split loader) by relative paths.
    let wasm: Vec<String> = assets
        .iter()
        .filter(|a| a.starts_with("/pkg/"))
        .filter_map(|a| a.strip_suffix(".js").map(|stem| format!("{stem}.wasm")))
        .collect();
    for js in assets
        .iter()
        .filter(|a| a.ends_with(".js"))
        .cloned()
        .collect::<Vec<_>>()
    {
        let module = text(format!("{base}{js}")).await?;
        let parts: Vec<&str> = module.split(['"', '\'']).collect();
        let imported = parts.windows(2).filter_map(|pair| {
            let module = pair[1].strip_prefix("./")?.strip_suffix(".js")?;
            pair[0]
                .trim_end()
                .ends_with("from")
                .then(|| format!("/pkg/{module}.js"))
        });
        assets.extend(imported.collect::<Vec<_>>());
    }
    // Hashed names differ between the JS and the wasm: then the page
    // names the wasm itself (a preload link).
    if !assets.iter().any(|a| a.ends_with(".wasm")) {
        assets.extend(wasm);
    }
    assets.sort();
    assets.dedup();
    for asset in assets {
        let (body, encoding) = get(format!("{base}{asset}")).await?;
        parts.push((format!("{asset} ({encoding})"), body.len()));
    }
    Ok(Transfer {
        total: parts.iter().map(|(_, n)| n).sum(),
        parts,
    })
}

/// A fresh folder for a run's mail: `load-mail/{pid}` beside the binary.
fn mail_folder() -> anyhow::Result<std::path::PathBuf> {
    let exe = std::env::current_exe()?;
    let beside = exe.parent().unwrap_or(std::path::Path::new("."));
    Ok(beside
        .join("load-mail")
        .join(std::process::id().to_string()))
}

/// The demo's production lines with a hundred times their daily
/// capacity: the run places thousands of orders a second, which would book
/// the demo's lines (4 cars, 12 rings a day) past the three years an
/// estimate looks ahead within seconds, and then measure refusals.
fn roomy_operations() -> anyhow::Result<std::path::PathBuf> {
    let mut operations: serde_json::Value =
        serde_json::from_str(atelier_server::operations::DEMO_OPERATIONS)?;
    let lines = operations["production_lines"]
        .as_array_mut()
        .ok_or_else(|| anyhow::anyhow!("the demo operations have no production lines"))?;
    for line in lines {
        let capacity = line["daily_capacity"].as_u64().unwrap_or(1);
        line["daily_capacity"] = (capacity * 100).into();
    }
    let path = std::env::temp_dir().join(format!(
        "atelier-load-operations-{}.json",
        std::process::id()
    ));
    std::fs::write(&path, operations.to_string())?;
    Ok(path)
}

/// A new, empty database for this run.
async fn fresh_database(db: &str) -> anyhow::Result<String> {
    fresh_database_named(db, &format!("atelier_load_{}", std::process::id())).await
}

/// A new, empty database called `name` (letters, digits and `_` only).
async fn fresh_database_named(db: &str, name: &str) -> anyhow::Result<String> {
    match db {
        "sqlite" => {
            let dir = std::env::temp_dir().join("atelier-load");
            std::fs::create_dir_all(&dir)?;
            let _ = std::fs::remove_file(dir.join(format!("{name}.db")));
            Ok(format!("sqlite://{}/{name}.db?mode=rwc", dir.display()))
        }
        "postgres" => {
            use sqlx::Connection;
            let admin = std::env::var("ATELIER_TEST_POSTGRES_URL")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
            let mut conn = sqlx::PgConnection::connect(&admin).await?;
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                r#"DROP DATABASE IF EXISTS "{name}""#
            )))
            .execute(&mut conn)
            .await?;
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(r#"CREATE DATABASE "{name}""#)))
                .execute(&mut conn)
                .await?;
            let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
            Ok(format!("{base}/{name}"))
        }
        url => Ok(url.to_owned()),
    }
}

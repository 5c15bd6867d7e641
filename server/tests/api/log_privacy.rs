//! What customers type never reaches the logs: a real server process
//! writes its log while a customer configures an engraved ring, orders it
//! with and without JavaScript and opens the status page; the log is then
//! scanned for the engraving, the name, the e-mail address and the status
//! link's secret.

use crate::helpers::{fresh_database, mail_folder, Db, TestApp};
use crate::on_both_databases;
use crate::orders::checkout;
use crate::peers::free_port;
use app::orders::CheckoutForm;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ENGRAVING: &str = "Quxwertz";
const NAME: &str = "Quentin Privatname";
const EMAIL: &str = "quentin.privat@example.test";

on_both_databases!(customer_texts_never_reach_the_logs, |db: Db| async move {
    let Some(url) = fresh_database(db).await else {
        return;
    };
    let log = tempfile_path("log");
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_atelier-server"))
        .env("ATELIER_ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", &url)
        .env("ATELIER_MAIL_DIR", mail_folder())
        .env("ATELIER_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .expect("server starts");
    let app = TestApp {
        address: format!("http://127.0.0.1:{port}"),
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    let ready = || async {
        let answer = app.client.get(format!("{}/readyz", app.address)).send();
        answer.await.is_ok_and(|a| a.status() == 200)
    };
    while !ready().await {
        assert!(Instant::now() < deadline, "server did not become ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let config = format!("metal=silver&width=4mm&size=54&finish=polished&engraving={ENGRAVING}");
    let page = app.get(&format!("/p/ring?{config}")).await;
    assert_eq!(page.status(), 200);
    let form = CheckoutForm {
        name: NAME.into(),
        email: EMAIL.into(),
        ..checkout("ring", &config, &uuid::Uuid::new_v4().to_string())
    };
    let (_, token, _) = app.place_accepting_changes(form).await;
    assert_eq!(app.get(&format!("/orders/{token}")).await.status(), 200);
    // Without JavaScript: the form posted to the checkout page.
    let form = CheckoutForm {
        name: NAME.into(),
        email: EMAIL.into(),
        ..checkout("ring", &config, &uuid::Uuid::new_v4().to_string())
    };
    let answer = app
        .client
        .post(format!("{}/p/ring/checkout?{config}", app.address))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert!(answer.status().as_u16() < 500, "{}", answer.status());

    tokio::time::sleep(Duration::from_millis(300)).await;
    let _ = child.kill();
    let _ = child.wait();
    let written = std::fs::read_to_string(&log).unwrap();
    assert!(
        written.contains("order placed"),
        "the log is written: {written}"
    );
    for secret in [ENGRAVING, NAME, "Privatname", EMAIL, token.as_str()] {
        assert!(!written.contains(secret), "{secret:?} in the log");
    }
});

/// A fresh file path under the target folder's test data.
fn tempfile_path(what: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join("atelier-log-privacy");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(format!("{what}-{}.jsonl", uuid::Uuid::new_v4()))
}

//! Customers' mail through a real SMTP server (`aiosmtpd`): with the mail
//! server down, the confirmation waits and is retried; once it is up, the
//! confirmation arrives once, to the customer, in text and HTML with the
//! status link; the acceptance follows the owner's step.

use crate::admin::{person, PASSWORD};
use crate::helpers::{spawn_with_pool, Db};
use crate::on_both_databases;
use crate::peers::{free_port, SmtpReceiver};
use app::admin::Role;
use app::orders::workflow::Status;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);

async fn mail_deliveries(pool: &sqlx::AnyPool) -> Vec<(String, i64, Option<String>)> {
    sqlx::query_as(
        "SELECT state, attempts, last_error FROM deliveries WHERE channel = 'mail' ORDER BY created_at, id",
    )
    .fetch_all(pool)
    .await
    .expect("deliveries")
}

on_both_databases!(
    mail_waits_for_a_down_mail_server_and_arrives_once,
    |db: Db| async move {
        let port = free_port();
        let mut smtp = SmtpReceiver::stopped(port);
        let url = SmtpReceiver::url(port);
        let Some((app, pool)) = spawn_with_pool(
            db,
            &[
                ("ATELIER_SMTP_URL", &url),
                ("ATELIER_DELIVERY_SCHEDULE", "0,1,1,1,1,1,1,1,1,1"),
                ("ATELIER_PUBLIC_URL", "https://shop.example"),
            ],
        )
        .await
        else {
            return;
        };
        let (number, token) = app.ring_order("smtp").await;

        let start = std::time::Instant::now();
        let tried = loop {
            let all = mail_deliveries(&pool).await;
            if all.iter().any(|(_, attempts, _)| *attempts >= 2) || start.elapsed() > WAIT {
                break all;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        };
        assert_eq!(tried.len(), 1, "{tried:?}");
        let (state, attempts, error) = &tried[0];
        assert_eq!(state, "pending", "the mail waits for the server: {tried:?}");
        assert!(*attempts >= 2);
        assert!(
            error.as_deref().is_some_and(|e| e.contains("mail server")),
            "{error:?}"
        );

        smtp.up();
        let received = smtp.wait_for(WAIT, |m| !m.is_empty()).await;
        assert_eq!(received.len(), 1);
        let confirmation = &received[0];
        assert_eq!(confirmation.rcpt_tos, ["erika@example.de"]);
        assert!(
            confirmation.subject.contains(&number),
            "{}",
            confirmation.subject
        );
        let link = format!("https://shop.example/orders/{token}");
        assert!(confirmation.text.contains(&link), "{}", confirmation.text);
        assert!(confirmation.html.contains(&link), "{}", confirmation.html);
        assert!(
            confirmation.text.contains("Anna & Ben"),
            "the engraving as typed"
        );
        // The link in the received mail opens the order's status page.
        let status = app
            .client
            .get(link.replace("https://shop.example", &app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(status.status(), 200);
        assert!(status.text().await.unwrap().contains(&number));

        let owner = app
            .sign_in(&person(&pool, Role::Owner).await, PASSWORD)
            .await;
        let (status, _) = app
            .step(&owner, &number, Status::Received, &[("action", "accept")])
            .await;
        assert_eq!(status, 303);
        let received = smtp.wait_for(WAIT, |m| m.len() >= 2).await;
        assert_eq!(received.len(), 2);
        let subject = &received[1].subject;
        assert!(
            subject.contains(&number)
                && (subject.contains("accepted") || subject.contains("angenommen")),
            "{subject}"
        );

        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(smtp.received().len(), 2, "each mail once");
        let settled = mail_deliveries(&pool).await;
        assert!(
            settled.iter().all(|(state, ..)| state == "delivered"),
            "{settled:?}"
        );
    }
);

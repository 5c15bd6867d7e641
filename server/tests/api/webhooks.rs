//! Webhooks to a real receiver that verifies every signature with the
//! `standardwebhooks` package: events arrive signed, once each, after the
//! receiver was down for a while too; a wrong secret fails verification and
//! the delivery is given up after its schedule; a rotation signs with both
//! secrets; 410 disables the endpoint and its deliveries wait for it.

use crate::helpers::{spawn_with_pool, Db, TestApp};
use crate::on_both_databases;
use crate::peers::{free_port, verified_ids, Receiver};
use app::admin::integrations::EndpointForm;
use atelier_server::back_office::webhooks;
use std::time::Duration;

/// Ten tries a second apart, so that the tests need not wait for hours.
const FAST: &str = "0,1,1,1,1,1,1,1,1,1";
const WAIT: Duration = Duration::from_secs(30);

async fn start(db: Db, schedule: &str) -> Option<(TestApp, sqlx::AnyPool)> {
    spawn_with_pool(db, &[("ATELIER_DELIVERY_SCHEDULE", schedule)]).await
}

/// Adds an endpoint for `url` (every event type); returns its id and secret.
async fn endpoint(pool: &sqlx::AnyPool, url: &str) -> (String, String) {
    let form = EndpointForm {
        url: url.to_owned(),
        description: "workshop".to_owned(),
        event_types: Vec::new(),
    };
    let id = webhooks::add(pool, &form, "test")
        .await
        .expect("endpoint added");
    (id.clone(), secret(pool, &id).await)
}

async fn secret(pool: &sqlx::AnyPool, id: &str) -> String {
    let (secret,): (String,) = sqlx::query_as("SELECT secret FROM webhook_endpoints WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .expect("endpoint");
    secret
}

async fn states(pool: &sqlx::AnyPool) -> Vec<(String, String, i64)> {
    sqlx::query_as(
        "SELECT event_id, state, attempts FROM deliveries WHERE channel = 'webhook' ORDER BY created_at, id",
    )
    .fetch_all(pool)
    .await
    .expect("deliveries")
}

/// Waits until no webhook delivery is pending.
async fn settled(pool: &sqlx::AnyPool) -> Vec<(String, String, i64)> {
    let start = std::time::Instant::now();
    loop {
        let all = states(pool).await;
        if all.iter().all(|(_, state, _)| state != "pending") || start.elapsed() > WAIT {
            return all;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

on_both_databases!(
    events_arrive_signed_and_none_is_lost_while_the_receiver_is_down,
    |db| async move {
        let Some((app, pool)) = start(db, FAST).await else {
            return;
        };
        let port = free_port();
        let (_, secret) = endpoint(&pool, &Receiver::url(port)).await;
        let mut receiver = Receiver::start(port, &[&secret]);

        let (first, _) = app.ring_order("first").await;
        let received = receiver
            .wait_for(WAIT, |r| verified_ids(r, "order.placed").len() == 1)
            .await;
        assert_eq!(
            verified_ids(&received, "order.placed").len(),
            1,
            "{received:#?}"
        );
        let placed = &received[0];
        assert_eq!(placed["body"]["data"]["order"], first.as_str());
        assert!(
            placed["body"]["data"]["snapshot"]["lines"][0]["spec"].is_array(),
            "the specification travels: {placed}"
        );
        assert_eq!(placed["verified_with"][0], secret.as_str());

        receiver.down();
        let (second, _) = app.ring_order("second").await;
        let (third, _) = app.ring_order("third").await;
        // Tries fail while it is down.
        let start = std::time::Instant::now();
        loop {
            let (failed,): (i64,) =
                sqlx::query_as("SELECT COUNT(*) FROM delivery_attempts WHERE error IS NOT NULL")
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            if failed >= 2 || start.elapsed() > WAIT {
                assert!(failed >= 2, "tries failed while the receiver was down");
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        receiver.up();
        let received = receiver
            .wait_for(WAIT, |r| verified_ids(r, "order.placed").len() == 2)
            .await;
        let orders: Vec<&str> = received
            .iter()
            .filter_map(|r| r["body"]["data"]["order"].as_str())
            .collect();
        assert!(
            orders.contains(&second.as_str()) && orders.contains(&third.as_str()),
            "{orders:?}"
        );
        assert!(receiver.overlaps().await.is_empty());
        let all = settled(&pool).await;
        assert_eq!(all.len(), 3);
        assert!(
            all.iter().all(|(_, state, _)| state == "delivered"),
            "{all:?}"
        );
        let retried = all.iter().filter(|(_, _, attempts)| *attempts >= 2).count();
        assert_eq!(
            retried, 2,
            "the two placed while it was down were tried again: {all:?}"
        );
    }
);

on_both_databases!(
    a_wrong_secret_fails_verification_and_the_delivery_is_given_up,
    |db| async move {
        let Some((app, pool)) = start(db, "0,1").await else {
            return;
        };
        let port = free_port();
        let (id, _) = endpoint(&pool, &Receiver::url(port)).await;
        let receiver = Receiver::start(port, &["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]);
        app.ring_order("refused").await;
        let all = settled(&pool).await;
        assert_eq!(all.len(), 1);
        assert_eq!(
            (all[0].1.as_str(), all[0].2),
            ("failed", 2),
            "two tries, then given up"
        );
        let received = receiver.received().await;
        assert_eq!(received.len(), 2);
        assert!(received
            .iter()
            .all(|r| r["verified_with"].as_array().unwrap().is_empty() && r["answered"] == 401));
        let (error,): (Option<String>,) =
            sqlx::query_as("SELECT last_error FROM deliveries WHERE channel = 'webhook'")
                .fetch_one(&pool)
                .await
                .unwrap();
        assert!(
            error.as_deref().unwrap_or_default().contains("401"),
            "{error:?}"
        );
        // The owner redelivers what failed: a fresh schedule, and it fails again.
        assert_eq!(webhooks::redeliver_failed(&pool, &id).await.unwrap(), 1);
        let all = settled(&pool).await;
        assert_eq!((all[0].1.as_str(), all[0].2), ("failed", 4));
    }
);

on_both_databases!(
    a_rotation_signs_with_both_secrets_during_the_overlap,
    |db| async move {
        let Some((_app, pool)) = start(db, FAST).await else {
            return;
        };
        let port = free_port();
        let (id, old) = endpoint(&pool, &Receiver::url(port)).await;
        assert!(webhooks::rotate(&pool, &id).await.unwrap());
        let new = secret(&pool, &id).await;
        assert_ne!(old, new);
        let receiver = Receiver::start(port, &[&old, &new]);
        let event = webhooks::send_test(&pool, &id)
            .await
            .unwrap()
            .expect("an endpoint");
        let received = receiver.wait_for(WAIT, |r| !r.is_empty()).await;
        assert_eq!(received[0]["id"], event.as_str());
        assert_eq!(received[0]["type"], "webhook.test");
        assert_eq!(received[0]["signatures"].as_array().unwrap().len(), 2);
        let verified: Vec<&str> = received[0]["verified_with"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(
            verified,
            [old.as_str(), new.as_str()],
            "each secret verifies alone"
        );
    }
);

on_both_databases!(
    gone_disables_the_endpoint_and_its_deliveries_wait,
    |db| async move {
        let Some((app, pool)) = start(db, FAST).await else {
            return;
        };
        let port = free_port();
        let (id, secret) = endpoint(&pool, &Receiver::url(port)).await;
        let receiver = Receiver::start(port, &[&secret]);
        receiver.answer(410, Duration::ZERO).await;
        app.ring_order("gone").await;
        receiver.wait_for(WAIT, |r| !r.is_empty()).await;
        let start = std::time::Instant::now();
        let disabled = loop {
            let (enabled, reason): (i64, Option<String>) = sqlx::query_as(
                "SELECT enabled, disabled_reason FROM webhook_endpoints WHERE id = $1",
            )
            .bind(&id)
            .fetch_one(&pool)
            .await
            .unwrap();
            if enabled == 0 || start.elapsed() > WAIT {
                break (enabled, reason);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert_eq!(disabled.0, 0);
        assert!(disabled.1.unwrap_or_default().contains("410"));
        // Nothing more is sent while disabled; the delivery waits.
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(receiver.received().await.len(), 1);
        assert_eq!(states(&pool).await[0].1, "pending");
        receiver.answer(204, Duration::ZERO).await;
        assert!(webhooks::set_enabled(&pool, &id, true, "test")
            .await
            .unwrap());
        let all = settled(&pool).await;
        assert_eq!(all[0].1, "delivered");
        assert_eq!(
            verified_ids(&receiver.received().await, "order.placed").len(),
            1
        );
    }
);

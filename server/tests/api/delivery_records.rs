//! The delivery worker writes down how its tries went even when the
//! database fails the first time: otherwise each try would be made once
//! more after its claim ran out (a second mail to the customer, a second
//! webhook call).

use crate::erasure::settle_mail;
use crate::helpers::{fresh_database, mail_folder, spawn_on, Db};
use crate::orders::{checkout, RUBY_RING};

#[tokio::test]
async fn tries_are_written_down_once_the_database_is_back() {
    let Some(url) = fresh_database(Db::Postgres).await else {
        return;
    };
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let mail = mail_folder();
    // A claim lasts 5 s with a 1 s timeout: a try not written down would
    // be made again within seconds.
    let app = spawn_on(
        &url,
        &[
            ("ATELIER_MAIL_DIR", mail.to_str().unwrap()),
            ("ATELIER_WEBHOOK_TIMEOUT_SECS", "1"),
        ],
    )
    .await;
    // The database refuses the first write of a try's outcome. A sequence
    // counts the writes: a failed transaction does not take it back.
    for statement in [
        "CREATE SEQUENCE outcome_writes",
        "CREATE FUNCTION refuse_first_outcome() RETURNS trigger AS $$ BEGIN \
           IF NEW.state <> OLD.state AND nextval('outcome_writes') = 1 THEN \
             RAISE EXCEPTION 'the database is away for a moment'; \
           END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_first_outcome BEFORE UPDATE ON deliveries \
           FOR EACH ROW EXECUTE FUNCTION refuse_first_outcome()",
    ] {
        sqlx::query(statement).execute(&pool).await.unwrap();
    }
    let key = uuid::Uuid::new_v4().to_string();
    app.place_accepting_changes(checkout("ring", RUBY_RING, &key))
        .await;
    settle_mail(&pool).await;

    let (writes,): (i64,) = sqlx::query_as("SELECT last_value FROM outcome_writes")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(
        writes >= 2,
        "the first write was refused, a later one taken"
    );
    let deliveries: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT channel, state, attempts FROM deliveries")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert!(!deliveries.is_empty());
    for (channel, state, attempts) in deliveries {
        assert_eq!(state, "delivered", "{channel}");
        assert_eq!(
            attempts, 1,
            "{channel}: tried once, not again after the claim ran out"
        );
    }
    let (tries,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM delivery_attempts")
        .fetch_one(&pool)
        .await
        .unwrap();
    let (deliveries,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM deliveries")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(tries, deliveries, "one try written down for each");
}

//! The inbox's counts per status, kept by the database's triggers, agree
//! with counting the orders: after checkouts, steps, and orders stored by
//! hand with two lines of one product (counted once for it).

use crate::admin::{person, PASSWORD};
use crate::helpers::{spawn_with_pool, Db};
use crate::on_both_databases;
use app::admin::Role;
use app::orders::Status;

type Counts = Vec<(String, String, i64)>;

async fn kept(pool: &sqlx::AnyPool) -> Counts {
    sqlx::query_as(
        "SELECT scope, status, orders FROM order_counts WHERE orders <> 0 ORDER BY scope, status",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn counted(pool: &sqlx::AnyPool) -> Counts {
    sqlx::query_as(
        "SELECT scope, status, n FROM ( \
           SELECT '' AS scope, status, COUNT(*) AS n FROM orders GROUP BY status \
           UNION ALL SELECT 'product:' || l.product_id, o.status, COUNT(DISTINCT o.id) \
             FROM order_lines l JOIN orders o ON o.id = l.order_id GROUP BY l.product_id, o.status \
           UNION ALL SELECT 'line:' || l.production_line, o.status, COUNT(DISTINCT o.id) \
             FROM order_lines l JOIN orders o ON o.id = l.order_id GROUP BY l.production_line, o.status \
         ) AS c ORDER BY scope, status",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

on_both_databases!(kept_counts_agree_with_counting, |db: Db| async move {
    let Some((app, pool)) = spawn_with_pool(db, &[]).await else {
        return;
    };
    let owner = app
        .sign_in(&person(&pool, Role::Owner).await, PASSWORD)
        .await;
    assert!(kept(&pool).await.is_empty(), "no orders, no counts");
    let (first, _) = app.ring_order("counts-1").await;
    let (second, _) = app.ring_order("counts-2").await;
    assert_eq!(kept(&pool).await, counted(&pool).await);
    assert!(kept(&pool)
        .await
        .contains(&("product:ring".into(), "received".into(), 2)));

    let (status, _) = app
        .step(&owner, &first, Status::Received, &[("action", "accept")])
        .await;
    assert_eq!(status, 303);
    let (status, _) = app
        .step(
            &owner,
            &second,
            Status::Received,
            &[("action", "reject"), ("reason", "No")],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(kept(&pool).await, counted(&pool).await);

    // Stored by hand, with two lines of the same product.
    sqlx::query(
        "INSERT INTO orders (id, token, idempotency_key, request_digest, catalog_version, \
             product_id, quantity, currency, total_minor, production_line, production_start, \
             earliest, latest, email, status, snapshot, created_at, customer_name) \
         SELECT 'X-1', 'x-token', 'x-key', request_digest, catalog_version, product_id, 2, \
             currency, total_minor, production_line, production_start, earliest, latest, \
             email, 'shipped', snapshot, created_at, customer_name FROM orders WHERE id = $1",
    )
    .bind(&first)
    .execute(&pool)
    .await
    .unwrap();
    for line_no in [1_i64, 2] {
        sqlx::query(
            "INSERT INTO order_lines (order_id, line_no, product_id, quantity, total_minor, \
                 production_line, production_start, earliest, latest) \
             SELECT 'X-1', $2, product_id, 1, total_minor, production_line, production_start, \
                 earliest, latest FROM order_lines WHERE order_id = $1 AND line_no = 1",
        )
        .bind(&first)
        .bind(line_no)
        .execute(&pool)
        .await
        .unwrap();
    }
    sqlx::query("UPDATE orders SET status = 'delivered' WHERE id = 'X-1'")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("UPDATE orders SET status = status")
        .execute(&pool)
        .await
        .unwrap();
    let kept_now = kept(&pool).await;
    assert_eq!(kept_now, counted(&pool).await);
    assert!(kept_now.contains(&("product:ring".into(), "delivered".into(), 1)));
    assert!(kept_now.contains(&("line:goldsmith".into(), "delivered".into(), 1)));

    // The inbox shows the kept counts.
    let page = app
        .get_with("/admin/orders?lang=en&product=ring", Some(&owner))
        .await
        .text()
        .await
        .unwrap();
    let counts = &page[page.find("data-testid=\"status-counts\"").unwrap()..];
    let counts = counts[..counts.find("</ul>").unwrap()].replace("<!>", "");
    assert!(
        counts.contains("All <span class=\"count\">3</span>"),
        "{counts}"
    );
    assert!(
        counts.contains("Delivered <span class=\"count\">1</span>"),
        "{counts}"
    );
});

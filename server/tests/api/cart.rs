//! The cart over HTTP: lines kept under an opaque cookie, the same
//! configuration raising its line, limits refusing without a trace, one
//! order made of the whole cart with every line booked and reserved, carts
//! competing for scarce components, one cart checked out twice at once,
//! and a line made stale by a newly published catalog.

use crate::helpers::{fresh_database, spawn_on, Db, TestApp};
use crate::on_both_databases;
use app::cart::CartView;
use app::orders::{CheckoutForm, OrderView, PlaceOutcome};
use app::server_fns::cart::CartPage;
use serde_json::json;

const ENGRAVED_RING: &str =
    "metal=white-gold&stone=sapphire&width=4mm&size=56&finish=matte&engraving=Lina%20%26%20Tom&engraving.font=script";
const RUBY_RING: &str = "metal=yellow-gold&stone=ruby&width=4mm&size=54&finish=polished";

fn shirt(monogram: &str) -> String {
    format!("fit=standard&size=l&fabric=oxford-blue&collar=button-down&cuffs=barrel&buttons=classic&monogram={monogram}")
}

/// A monogram of its own for every `i` (letters only, as monograms are).
fn letters(i: usize) -> String {
    let letter = |n: usize| char::from(b'A' + (n % 26) as u8);
    format!("{}{}", letter(i / 26), letter(i))
}

/// A browser with its own cart cookie.
struct Shopper<'a> {
    app: &'a TestApp,
    cookie: Option<String>,
}

/// What `POST /cart` answered, as the shop's script reads it.
struct Answer {
    status: u16,
    text: String,
    count: Option<u32>,
}

impl<'a> Shopper<'a> {
    fn new(app: &'a TestApp) -> Self {
        Shopper { app, cookie: None }
    }

    fn with_cookie(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.cookie {
            Some(secret) => request.header("cookie", format!("{}={secret}", app::cart::COOKIE)),
            None => request,
        }
    }

    /// Keeps the cart secret a response sets.
    fn keep(&mut self, response: &reqwest::Response) -> Option<String> {
        let set = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(&format!("{}=", app::cart::COOKIE)))?
            .to_owned();
        let secret = set.split(';').next()?.split_once('=')?.1.to_owned();
        self.cookie = Some(secret);
        Some(set)
    }

    /// Posts a cart form body as the shop's script does.
    async fn post(&mut self, body: &str) -> Answer {
        let response = self
            .with_cookie(
                self.app
                    .client
                    .post(format!("{}/cart?lang=en", self.app.address)),
            )
            .header("x-atelier-fetch", "1")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_owned())
            .send()
            .await
            .expect("request");
        self.keep(&response);
        let status = response.status().as_u16();
        let count = response
            .headers()
            .get("x-cart-count")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        Answer {
            status,
            text: response.text().await.expect("text"),
            count,
        }
    }

    async fn add(&mut self, product: &str, configuration: &str, quantity: u32) -> Answer {
        self.post(&app::cart::request::save_body(
            product,
            None,
            configuration,
            quantity,
        ))
        .await
    }

    async fn cart(&self) -> CartView {
        let response = self
            .with_cookie(
                self.app
                    .client
                    .post(format!("{}/api/cart", self.app.address)),
            )
            .header("content-type", "application/x-www-form-urlencoded")
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200);
        response.json::<CartPage>().await.expect("a CartPage").view
    }

    async fn place(&self, form: &CheckoutForm) -> PlaceOutcome {
        let response = self
            .with_cookie(
                self.app
                    .client
                    .post(format!("{}/api/place_order", self.app.address)),
            )
            .json(&json!({ "form": form }))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), 200);
        response.json().await.expect("a PlaceOutcome")
    }

    /// Orders the cart as its checkout page shows it, confirming changed
    /// figures as a customer would.
    async fn order_cart(&self, key: &str) -> (String, String) {
        let mut form = checkout_form(&self.cart().await, key);
        for _ in 0..100 {
            match self.place(&form).await {
                PlaceOutcome::Placed { number, token } => return (number, token),
                PlaceOutcome::Changed(c) => {
                    form.catalog_version = c.catalog_version.to_string();
                    form.seen_total = c.total.to_string();
                    form.seen_earliest = c.earliest.to_string();
                    form.seen_latest = c.latest.to_string();
                    form.seen_lines = c.figures_seen;
                }
                PlaceOutcome::Invalid { problems } => panic!("refused: {problems:?}"),
                PlaceOutcome::Limited(problem) => panic!("limited: {problem:?}"),
            }
        }
        panic!("the figures kept changing")
    }
}

/// The checkout form of a cart page showing `cart`.
fn checkout_form(cart: &CartView, key: &str) -> CheckoutForm {
    let promise = cart.promise.as_ref().expect("an orderable cart");
    CheckoutForm {
        cart: cart.revision.to_string(),
        catalog_version: cart.catalog_version.to_string(),
        seen_total: cart.total.to_string(),
        seen_earliest: promise.earliest.to_string(),
        seen_latest: promise.latest.to_string(),
        seen_lines: cart.figures_seen.clone(),
        key: key.into(),
        lang: "en".into(),
        name: "Lina Schneider".into(),
        email: "lina@example.de".into(),
        street: "Lindenstraße 12".into(),
        postal_code: "80331".into(),
        city: "München".into(),
        country: "DE".into(),
        terms: Some("on".into()),
        ..Default::default()
    }
}

async fn count(pool: &sqlx::AnyPool, sql: &'static str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(pool).await.expect(sql);
    n
}

async fn start(db: Db) -> Option<(TestApp, sqlx::AnyPool, String)> {
    let url = fresh_database(db).await?;
    let app = spawn_on(&url, &[("ATELIER_DB_MAX_CONNECTIONS", "8")]).await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.expect("connect");
    Some((app, pool, url))
}

/// Booked units per line and day must equal the seeded backlog plus every
/// stored order line; reserved units must equal the stored bills.
pub(crate) async fn assert_bookings_add_up(pool: &sqlx::AnyPool, backlog: i64) {
    let booked = count(
        pool,
        "SELECT CAST(COALESCE(SUM(units), 0) AS BIGINT) FROM line_bookings",
    )
    .await;
    let ordered = count(
        pool,
        "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) FROM order_lines",
    )
    .await;
    assert_eq!(
        booked,
        backlog + ordered,
        "bookings are the backlog plus every order line"
    );
    let over: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT b.line_id, b.day, b.units FROM line_bookings b JOIN production_lines p ON p.id = b.line_id
         WHERE b.units > p.daily_capacity",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert!(over.is_empty(), "days booked over capacity: {over:?}");
    let snapshots: Vec<(String,)> = sqlx::query_as("SELECT snapshot FROM orders")
        .fetch_all(pool)
        .await
        .unwrap();
    let mut expected = std::collections::BTreeMap::<String, i64>::new();
    for (s,) in &snapshots {
        let order: app::orders::OrderSnapshot = serde_json::from_str(s).unwrap();
        for line in &order.lines {
            for (component, used) in &line.delivery.components {
                *expected.entry(component.clone()).or_default() += used.units as i64;
            }
        }
    }
    let reserved: Vec<(String, i64)> =
        sqlx::query_as("SELECT id, reserved FROM components WHERE reserved > 0")
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(
        reserved
            .into_iter()
            .collect::<std::collections::BTreeMap<_, _>>(),
        expected
    );
}

on_both_databases!(
    a_cart_is_kept_and_ordered_as_one_order,
    |db: Db| async move {
        let Some((app, pool, _)) = start(db).await else {
            return;
        };
        let backlog = count(
            &pool,
            "SELECT CAST(SUM(units) AS BIGINT) FROM line_bookings",
        )
        .await;
        let mut shopper = Shopper::new(&app);

        // The first line makes the cart and its cookie.
        let response = app
            .client
            .post(format!("{}/cart", app.address))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(app::cart::request::save_body(
                "ring",
                None,
                ENGRAVED_RING,
                1,
            ))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "without JavaScript: to the cart");
        assert_eq!(response.headers()["location"], "/cart?done=add");
        let set = shopper.keep(&response).expect("a cart cookie");
        for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=2592000"] {
            assert!(set.contains(attribute), "{set} lacks {attribute}");
        }
        let secret = shopper.cookie.clone().unwrap();
        assert!(
            secret.len() == 64 && secret.bytes().all(|b| b.is_ascii_hexdigit()),
            "{secret}"
        );
        // The database keeps a hash, never the secret.
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM carts").await, 1);
        let (stored,): (String,) = sqlx::query_as("SELECT id FROM carts")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_ne!(stored, secret);

        let added = shopper.add("shirt", &shirt("AB"), 1).await;
        assert_eq!((added.status, added.count), (200, Some(2)));
        assert_eq!(added.text, "Added to your cart: Made-to-measure shirt.");
        shopper.add("shirt", &shirt("AC"), 1).await;
        // The very same configuration (its pairs in another order) raises its line.
        let same = "monogram=AB&fit=standard&size=l&fabric=oxford-blue&collar=button-down&cuffs=barrel&buttons=classic";
        assert_eq!(shopper.add("shirt", same, 1).await.count, Some(4));
        let cart = shopper.cart().await;
        let lines: Vec<(&str, u32)> = cart
            .lines
            .iter()
            .map(|l| (l.product.as_str(), l.quantity))
            .collect();
        assert_eq!(lines, vec![("ring", 1), ("shirt", 2), ("shirt", 1)]);
        assert!(cart.orderable && cart.items == 4);
        let line_totals: i64 = cart
            .lines
            .iter()
            .map(|l| l.price.as_ref().unwrap().total)
            .sum();
        assert_eq!(cart.total, line_totals);
        let latest = cart
            .lines
            .iter()
            .map(|l| l.window.as_ref().unwrap().latest)
            .max()
            .unwrap();
        assert_eq!(
            cart.promise.as_ref().unwrap().latest,
            latest,
            "the order arrives with its last line"
        );
        assert!(
            cart.lines[0].preview_svg.starts_with("<svg"),
            "each line has its drawing"
        );

        // The cart page renders with the lines, privately.
        let page = shopper
            .with_cookie(app.client.get(format!("{}/cart?lang=en", app.address)))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        assert_eq!(page.headers()["cache-control"], "no-store, private");
        let html = page.text().await.unwrap();
        assert!(
            html.contains("Engraved ring") && html.contains("“Lina &amp; Tom”"),
            "escaped engraving"
        );

        let (number, token) = shopper
            .order_cart("5a1e0000-0000-4000-8000-000000000001")
            .await;
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM orders").await, 1);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM order_lines").await, 3);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM outbox").await, 1);
        assert_eq!(
            count(&pool, "SELECT COUNT(*) FROM cart_lines").await,
            0,
            "the cart is empty"
        );
        assert_bookings_add_up(&pool, backlog).await;

        // The same checkout sent again, or the same cart from another page,
        // returns the order.
        let again = checkout_form(&cart, "5a1e0000-0000-4000-8000-000000000001");
        assert_eq!(
            shopper.place(&again).await,
            PlaceOutcome::Placed {
                number: number.clone(),
                token: token.clone()
            }
        );
        let other_page = checkout_form(&cart, "5a1e0000-0000-4000-8000-000000000002");
        assert_eq!(
            shopper.place(&other_page).await,
            PlaceOutcome::Placed {
                number: number.clone(),
                token: token.clone()
            }
        );
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM orders").await, 1);
        assert!(shopper.cart().await.lines.is_empty());

        // The order holds every line as it was shown.
        let response = app
            .client
            .post(format!("{}/api/order", app.address))
            .form(&[("token", &token)])
            .send()
            .await
            .unwrap();
        let view: OrderView = response.json().await.unwrap();
        let order = &view.snapshot;
        assert_eq!(order.total, cart.total);
        assert_eq!(order.lines.len(), 3);
        let monograms: Vec<String> = order.lines[1..]
            .iter()
            .map(|l| {
                l.spec
                    .iter()
                    .find(|r| r.attribute == "monogram")
                    .unwrap()
                    .value_label
                    .en
                    .clone()
            })
            .collect();
        assert_eq!(monograms, ["“AB”", "“AC”"]);
        for (line, shown) in order.lines.iter().zip(&cart.lines) {
            assert_eq!(line.quantity, shown.quantity);
            assert_eq!(Some(&line.price), shown.price.as_ref());
            assert_eq!(
                line.delivery.earliest,
                shown.window.as_ref().unwrap().earliest
            );
        }
        let status = app
            .get(&format!("/orders/{token}?lang=en"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            status.contains("Your order: 3 items") && status.contains("“AC”"),
            "every line on the status page"
        );
    }
);

on_both_databases!(cart_limits_refuse_and_change_nothing, |db: Db| async move {
    let Some((app, pool, _)) = start(db).await else {
        return;
    };
    let mut shopper = Shopper::new(&app);
    // A first change that is refused makes no cart.
    let refused = shopper.add("ring", "metal=unobtainium", 1).await;
    assert_eq!(refused.status, 422);
    assert!(refused.text.contains("unobtainium"), "{}", refused.text);
    assert!(shopper.cookie.is_none());
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM carts").await, 0);
    for (body, message) in [
        (
            "_action=add&_product=ring&metal=silver",
            "Please still choose",
        ),
        ("_action=add&_product=yacht", "There is no product “yacht”."),
        (
            "_action=steal&_product=ring",
            "We could not read this request",
        ),
        ("_product=ring", "We could not read this request"),
    ] {
        let answer = shopper.post(body).await;
        assert!(
            answer.status == 422 || answer.status == 400,
            "{body}: {}",
            answer.status
        );
        assert!(answer.text.contains(message), "{body}: {}", answer.text);
    }

    assert_eq!(shopper.add("ring", RUBY_RING, 1).await.status, 200);
    let before = shopper.cart().await;
    let line = before.lines[0].id.clone();
    for (body, message) in [
        (
            format!("_action=quantity&_line={line}&qty=0"),
            "from 1 to 99",
        ),
        (
            format!("_action=quantity&_line={line}&qty=abc"),
            "from 1 to 99",
        ),
        (
            format!("_action=quantity&_line={line}&qty=13"),
            "Engraved ring: Online you can order up to 12 pieces",
        ),
        (
            "_action=quantity&_line=nosuchline&qty=2".to_owned(),
            "no longer in your cart",
        ),
        (
            "_action=remove&_line=nosuchline".to_owned(),
            "no longer in your cart",
        ),
        ("_action=repair&_line=".to_owned() + &line, "fits as it is"),
    ] {
        let answer = shopper.post(&body).await;
        assert_eq!(answer.status, 422, "{body}");
        assert!(answer.text.contains(message), "{body}: {}", answer.text);
        assert_eq!(answer.count, Some(1), "{body}: the count stays");
    }
    // Five cars are more than the car plant starts in a day.
    let car = "line=style&engine=p150&paint=silver&wheels=17in";
    let cars = shopper.add("car", car, 5).await;
    assert_eq!(cars.status, 422);
    assert!(cars.text.contains("up to 4 pieces"), "{}", cars.text);
    assert_eq!(shopper.cart().await, before, "nothing changed");

    // Twenty different lines at most.
    for i in 1..20 {
        assert_eq!(
            shopper.add("shirt", &shirt(&letters(i)), 1).await.status,
            200
        );
    }
    let full = shopper.add("shirt", &shirt("ZZ"), 1).await;
    assert_eq!(full.status, 422);
    assert!(
        full.text.contains("at most 20 different items"),
        "{}",
        full.text
    );
    assert_eq!(shopper.cart().await.lines.len(), 20);

    // A cookie that is not a secret the shop made is ignored.
    let mut stranger = Shopper::new(&app);
    stranger.cookie = Some("../../etc/passwd".into());
    assert!(stranger.cart().await.lines.is_empty());
    stranger.cookie = Some("f".repeat(64));
    assert!(stranger.cart().await.lines.is_empty());
});

on_both_databases!(a_cart_unused_for_thirty_days_is_gone, |db: Db| async move {
    let Some((app, pool, _)) = start(db).await else {
        return;
    };
    let mut shopper = Shopper::new(&app);
    shopper.add("ring", RUBY_RING, 1).await;
    let old = shopper.cookie.clone();
    sqlx::query("UPDATE carts SET touched_at = '2026-01-01T00:00:00Z'")
        .execute(&pool)
        .await
        .unwrap();
    assert!(shopper.cart().await.lines.is_empty());
    // Adding again starts a new cart under a new secret.
    shopper.add("ring", RUBY_RING, 1).await;
    assert_ne!(shopper.cookie, old);
    assert_eq!(shopper.cart().await.lines.len(), 1);
    let deleted = atelier_server::carts::delete_expired(&pool).await.unwrap();
    assert_eq!(deleted, 1);
    assert_eq!(count(&pool, "SELECT COUNT(*) FROM carts").await, 1);
});

on_both_databases!(
    carts_competing_for_scarce_components_never_oversell,
    |db: Db| async move {
        let Some((app, pool, _)) = start(db).await else {
            return;
        };
        let backlog = count(
            &pool,
            "SELECT CAST(SUM(units) AS BIGINT) FROM line_bookings",
        )
        .await;
        let app = std::sync::Arc::new(app);
        // Each of 24 customers orders a ruby ring (2 rubies on hand) and a shirt
        // with mother-of-pearl buttons, with 2 more rubies in a second ring for
        // every fourth customer.
        let customers = 24;
        let mut tasks = Vec::new();
        for i in 0..customers {
            let app = app.clone();
            tasks.push(tokio::spawn(async move {
                let mut shopper = Shopper::new(&app);
                assert_eq!(shopper.add("ring", RUBY_RING, 1).await.status, 200);
                let buttons =
                    shirt(&letters(i)).replace("buttons=classic", "buttons=mother-of-pearl");
                assert_eq!(shopper.add("shirt", &buttons, 1).await.status, 200);
                if i % 4 == 0 {
                    let wide = RUBY_RING.replace("width=4mm", "width=6mm");
                    assert_eq!(shopper.add("ring", &wide, 2).await.status, 200);
                }
                let key = format!("ca270000-0000-4000-8000-{i:012}");
                let (number, _) = shopper.order_cart(&key).await;
                number
            }));
        }
        let mut numbers = Vec::new();
        for task in tasks {
            numbers.push(task.await.expect("customer"));
        }
        numbers.sort();
        numbers.dedup();
        assert_eq!(
            numbers.len(),
            customers,
            "every customer got an order of their own"
        );
        assert_eq!(
            count(&pool, "SELECT COUNT(*) FROM orders").await,
            customers as i64
        );
        assert_eq!(
            count(&pool, "SELECT COUNT(*) FROM order_lines").await,
            customers as i64 * 2 + 6
        );
        assert_bookings_add_up(&pool, backlog).await;
        // Only the two rubies on hand were promised from stock.
        let snapshots: Vec<(String,)> = sqlx::query_as("SELECT snapshot FROM orders")
            .fetch_all(&pool)
            .await
            .unwrap();
        let from_stock: u64 = snapshots
            .iter()
            .flat_map(|(s,)| {
                serde_json::from_str::<app::orders::OrderSnapshot>(s)
                    .unwrap()
                    .lines
            })
            .filter_map(|l| l.delivery.components.get("ruby").cloned())
            .filter(|u| u.from_stock)
            .map(|u| u.units)
            .sum();
        assert!(
            from_stock <= 2,
            "{from_stock} rubies promised from a stock of 2"
        );
    }
);

on_both_databases!(
    one_cart_checked_out_twice_at_once_gives_one_order,
    |db: Db| async move {
        let Some((app, pool, _)) = start(db).await else {
            return;
        };
        let mut shopper = Shopper::new(&app);
        shopper.add("ring", ENGRAVED_RING, 1).await;
        shopper.add("shirt", &shirt("AB"), 2).await;
        let cart = shopper.cart().await;
        // Two checkout pages of the same cart, sent at the same moment.
        let first_page = checkout_form(&cart, "d0b1e000-0000-4000-8000-00000000000a");
        let second_page = checkout_form(&cart, "d0b1e000-0000-4000-8000-00000000000b");
        let (a, b) = tokio::join!(shopper.place(&first_page), shopper.place(&second_page));
        let (
            PlaceOutcome::Placed { number: first, .. },
            PlaceOutcome::Placed { number: second, .. },
        ) = (&a, &b)
        else {
            panic!("both pages get the order: {a:?} {b:?}");
        };
        assert_eq!(first, second);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM orders").await, 1);
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM order_lines").await, 2);
    }
);

on_both_databases!(
    a_cart_changed_in_another_window_is_not_ordered_unseen,
    |db: Db| async move {
        let Some((app, pool, _)) = start(db).await else {
            return;
        };
        let mut shopper = Shopper::new(&app);
        shopper.add("ring", ENGRAVED_RING, 1).await;
        let shown = shopper.cart().await;
        // Another window adds a shirt after this checkout page was shown.
        shopper.add("shirt", &shirt("AB"), 1).await;
        let stale_page = checkout_form(&shown, "c4a17000-0000-4000-8000-000000000001");
        let PlaceOutcome::Invalid { problems } = shopper.place(&stale_page).await else {
            panic!("a checkout page of an older cart is refused");
        };
        assert!(
            problems[0].message.en.contains("Your cart changed"),
            "{problems:?}"
        );
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM orders").await, 0);
        assert_eq!(shopper.cart().await.lines.len(), 2, "the cart is kept");
        // The page as it is now orders both lines.
        shopper
            .order_cart("c4a17000-0000-4000-8000-000000000002")
            .await;
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM order_lines").await, 2);
    }
);

on_both_databases!(
    a_line_made_stale_by_a_new_catalog_shows_why_and_its_repair,
    |db: Db| async move {
        let Some((app, pool, _)) = start(db).await else {
            return;
        };
        let mut shopper = Shopper::new(&app);
        shopper.add("ring", ENGRAVED_RING, 1).await;
        shopper.add("shirt", &shirt("AB"), 1).await;
        let cart = shopper.cart().await;
        assert!(cart.orderable);

        // Marketing drops the sapphire and forbids the script font on white gold.
        let mut catalog =
            engine::Catalog::from_json(atelier_server::catalog_store::DEMO_CATALOG).unwrap();
        let ring = catalog
            .products
            .iter_mut()
            .find(|p| p.id == "ring")
            .unwrap();
        let stone = ring
            .attributes
            .iter_mut()
            .find(|a| a.id == "stone")
            .unwrap();
        if let engine::model::AttributeKind::Choice { options, .. } = &mut stone.kind {
            options.retain(|o| o.id != "sapphire");
        }
        let version = atelier_server::catalog_store::publish(&pool, &catalog, "test")
            .await
            .unwrap();
        assert_eq!(version, 2);
        // Every server process follows within a second.
        let mut served = false;
        for _ in 0..50 {
            if app
                .get("/readyz")
                .await
                .text()
                .await
                .unwrap()
                .ends_with("version 2")
            {
                served = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(served, "the new version is served");

        let stale = shopper.cart().await;
        assert!(
            !stale.orderable,
            "a cart with a stale line cannot be ordered"
        );
        let ring_line = &stale.lines[0];
        let issue = ring_line.issue.as_ref().expect("the ring no longer fits");
        assert!(ring_line.price.is_none());
        assert!(
            issue.reasons[0].en.contains("sapphire"),
            "{:?}",
            issue.reasons
        );
        let repair = issue.repair.as_ref().expect("a repair");
        assert!(
            repair.applies_here,
            "the stone is optional: dropping it is complete"
        );
        assert_eq!(repair.dropped[0].en, "Stone: sapphire");
        assert!(stale.lines[1].issue.is_none(), "the shirt still fits");
        // Never silently changed: the stored line is as it was.
        let (stored,): (String,) =
            sqlx::query_as("SELECT configuration FROM cart_lines WHERE product_id = 'ring'")
                .fetch_one(&pool)
                .await
                .unwrap();
        assert!(stored.contains("stone=sapphire"));
        // Ordering it is refused, and stores nothing.
        let refused = shopper
            .place(&checkout_form(
                &cart,
                "57a1e000-0000-4000-8000-000000000001",
            ))
            .await;
        let PlaceOutcome::Invalid { problems } = refused else {
            panic!("a stale line cannot be ordered: {refused:?}");
        };
        assert!(problems[0].message.en.contains("sapphire"), "{problems:?}");
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM orders").await, 0);

        // One click takes the repair.
        let repaired = shopper
            .post(&format!("_action=repair&_line={}", ring_line.id))
            .await;
        assert_eq!(repaired.status, 200, "{}", repaired.text);
        let fixed = shopper.cart().await;
        assert!(fixed.orderable);
        assert!(!fixed.lines[0].spec.iter().any(|r| r.attribute == "stone"));
        assert_eq!(fixed.lines[0].id, ring_line.id, "the same line, changed");
        shopper
            .order_cart("57a1e000-0000-4000-8000-000000000002")
            .await;
        assert_eq!(count(&pool, "SELECT COUNT(*) FROM orders").await, 1);
    }
);

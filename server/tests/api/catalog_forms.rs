//! Catalog publishing over HTTP, as marketing uses it without JavaScript:
//! a whole catalog uploaded as the draft (an unreadable one refused, a
//! stale upload refused), the draft's check and changes, publishing with a
//! note (served at once), comparing versions, downloading one, rolling
//! back; a draft with a rule error cannot be published; staff kept out.

use crate::admin::{person, PASSWORD};
use crate::helpers::{spawn_with_pool, TestApp};
use crate::on_both_databases;
use app::admin::Role;
use atelier_server::catalog_store::DEMO_CATALOG;
use engine::Catalog;
use std::time::Duration;

fn text(html: &str) -> String {
    html.replace("<!>", "")
}

impl TestApp {
    /// Uploads `catalog` as the first draft and publishes it with `note`
    /// (as `cookie`, marketing), asserting both are accepted.
    pub(crate) async fn publish_first_draft(&self, cookie: &str, catalog: &Catalog, note: &str) {
        let saved = self
            .upload(cookie, 0, serde_json::to_string(catalog).unwrap())
            .await;
        assert_eq!(saved.status(), 303);
        let published = self
            .post_form(
                "/admin/catalog/draft/publish?lang=en",
                Some(cookie),
                &[
                    ("revision", "1"),
                    ("note", note),
                    ("warnings_confirmed", "yes"),
                ],
            )
            .await;
        assert_eq!(published.status(), 303);
    }

    /// Uploads `document` as the draft, starting from draft `revision`.
    pub(crate) async fn upload(
        &self,
        cookie: &str,
        revision: i64,
        document: String,
    ) -> reqwest::Response {
        let form = reqwest::multipart::Form::new()
            .text("revision", revision.to_string())
            .part(
                "document",
                reqwest::multipart::Part::text(document)
                    .file_name("catalog.json")
                    .mime_str("application/json")
                    .unwrap(),
            );
        self.client
            .post(format!("{}/admin/catalog/import?lang=en", self.address))
            .header("cookie", cookie)
            .multipart(form)
            .send()
            .await
            .expect("the upload is answered")
    }

    pub(crate) async fn served_version(&self, version: i64) -> bool {
        for _ in 0..40 {
            let ready = self.get("/readyz").await.text().await.unwrap();
            if ready.ends_with(&format!("version {version}")) {
                return true;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        false
    }
}

fn demo() -> Catalog {
    Catalog::from_json(DEMO_CATALOG).unwrap()
}

fn ring(catalog: &mut Catalog) -> &mut engine::model::Product {
    catalog
        .products
        .iter_mut()
        .find(|p| p.id == "ring")
        .unwrap()
}

async fn stored_versions(pool: &sqlx::AnyPool) -> Vec<(i64, String)> {
    sqlx::query_as("SELECT version, note FROM catalog_versions ORDER BY version")
        .fetch_all(pool)
        .await
        .unwrap()
}

on_both_databases!(
    marketing_uploads_reviews_publishes_compares_and_rolls_back,
    |db| async move {
        let Some((app, pool)) = spawn_with_pool(db, &[]).await else {
            return;
        };
        let marketing = app
            .sign_in(&person(&pool, Role::Marketing).await, PASSWORD)
            .await;
        let (status, page) = app.page_text("/admin/catalog?lang=en", &marketing).await;
        assert_eq!(status, 200);
        let page = text(&page);
        assert!(
            page.contains("No draft.") && page.contains("data-version=\"1\""),
            "{page}"
        );

        let (open, _) = app.ring_order("open while the price changes").await;
        let mut dearer = demo();
        let old_price = ring(&mut dearer).base_price;
        ring(&mut dearer).base_price = old_price + 10_000;
        let json = serde_json::to_string(&dearer).unwrap();

        let refused = app
            .upload(&marketing, 0, "{\"schema\": 1, oops".into())
            .await;
        assert_eq!(refused.status(), 422);
        assert!(text(&refused.text().await.unwrap()).contains("not a readable catalog document"));

        // A large document (the BR4CP Renault model is about 20 MB) uploads.
        let mut large = dearer.clone();
        ring(&mut large).description.en = "x".repeat(3 * 1024 * 1024);
        let saved = app
            .upload(&marketing, 0, serde_json::to_string(&large).unwrap())
            .await;
        assert_eq!(saved.status(), 303, "a 3 MB document is taken");
        let discarded = app
            .post_form(
                "/admin/catalog/draft/discard?lang=en",
                Some(&marketing),
                &[("revision", "1")],
            )
            .await;
        assert_eq!(discarded.status(), 303);

        let saved = app.upload(&marketing, 0, json.clone()).await;
        assert_eq!(saved.status(), 303);
        assert_eq!(
            saved.headers()["location"],
            "/admin/catalog/draft?done=saved"
        );
        let stale = app.upload(&marketing, 0, json.clone()).await;
        assert_eq!(stale.status(), 409, "a save from an older revision");
        let stale = text(&stale.text().await.unwrap());
        assert!(
            stale.contains("The draft was changed meanwhile by Marketing (revision 1"),
            "{stale}"
        );

        let (status, review) = app
            .page_text("/admin/catalog/draft?lang=en", &marketing)
            .await;
        assert_eq!(status, 200);
        let review = text(&review);
        assert!(
            review.contains("Changes against version 1 (live)"),
            "{review}"
        );
        assert!(review.contains("products[ring].base_price"), "{review}");
        assert!(review.contains("Publish as version 2"));
        assert!(
            review.contains("Replayed: open orders 1, cart lines"),
            "{review}"
        );
        let impact = &review[review.find("data-testid=\"impact\"").unwrap()..];
        assert!(
            impact.contains(&open) && impact.contains("price changes"),
            "{impact}"
        );
        assert!(!review.contains("data-testid=\"check-errors\""));

        let publish = |note: &'static str, revision: &'static str| {
            let app = &app;
            let marketing = marketing.clone();
            async move {
                let form = [
                    ("revision", revision),
                    ("note", note),
                    ("warnings_confirmed", "yes"),
                ];
                app.post_form(
                    "/admin/catalog/draft/publish?lang=en",
                    Some(&marketing),
                    &form,
                )
                .await
            }
        };
        let unnoted = publish("  ", "1").await;
        assert_eq!(unnoted.status(), 422);
        assert!(text(&unnoted.text().await.unwrap()).contains("Please say in a note"));
        assert_eq!(publish("x", "7").await.status(), 422, "a stale review");
        assert_eq!(stored_versions(&pool).await.len(), 1, "nothing published");
        let published = publish("Ring prices for 2027", "1").await;
        assert_eq!(published.status(), 303);
        assert_eq!(
            published.headers()["location"],
            "/admin/catalog?done=published&version=2"
        );
        assert!(app.served_version(2).await, "served within a second");
        let (payload,): (String,) =
            sqlx::query_as("SELECT payload FROM outbox WHERE topic = 'catalog.published'")
                .fetch_one(&pool)
                .await
                .unwrap();
        let payload: serde_json::Value = serde_json::from_str(&payload).unwrap();
        assert_eq!(
            payload["catalog"]["version"], 2,
            "production hears of it: {payload}"
        );
        assert_eq!(payload["catalog"]["note"], "Ring prices for 2027");
        let (_, page) = app
            .page_text(
                "/admin/catalog?lang=en&done=published&version=2",
                &marketing,
            )
            .await;
        let page = text(&page);
        assert!(page.contains("Published as version 2; customers see it now."));
        assert!(page.contains("Ring prices for 2027") && page.contains("No draft."));

        let (_, compared) = app
            .page_text("/admin/catalog/compare?from=1&to=2&lang=en", &marketing)
            .await;
        assert!(
            text(&compared).contains("products[ring].base_price"),
            "{compared}"
        );
        let (_, nonsense) = app
            .page_text("/admin/catalog/compare?from=1&to=99&lang=en", &marketing)
            .await;
        assert!(nonsense.contains("There are no such versions."));

        let export = app
            .get_with("/admin/catalog/versions/1/export", Some(&marketing))
            .await;
        assert_eq!(export.status(), 200);
        assert_eq!(export.headers()["etag"], "\"catalog-v1\"");
        let exported: Catalog = Catalog::from_json(&export.text().await.unwrap()).unwrap();
        assert_eq!(exported, demo(), "version 1 as it was published");
        let missing = app
            .get_with("/admin/catalog/versions/x/export", Some(&marketing))
            .await;
        assert_eq!(missing.status(), 404);

        let rolled = app
            .post_form(
                "/admin/catalog/versions/1/rollback?lang=en",
                Some(&marketing),
                &[("note", "Back to the old prices")],
            )
            .await;
        assert_eq!(rolled.status(), 303);
        assert_eq!(
            rolled.headers()["location"],
            "/admin/catalog?done=rolledback&version=3"
        );
        assert!(app.served_version(3).await);
        let versions = stored_versions(&pool).await;
        assert_eq!(versions[2].1, "↩ 1: Back to the old prices");
        let (_, back) = app
            .page_text("/admin/catalog/compare?from=2&to=3&lang=en", &marketing)
            .await;
        let back = text(&back);
        assert!(back.contains("products[ring].base_price"), "{back}");

        // The impact report names the open order a new rule would invalidate.
        let mut no_ruby = demo();
        ring(&mut no_ruby).rules.push(engine::model::Rule {
            rule: "metal = yellow-gold excludes stone = ruby".into(),
            message: Default::default(),
        });
        let saved = app
            .upload(&marketing, 0, serde_json::to_string(&no_ruby).unwrap())
            .await;
        assert_eq!(saved.status(), 303);
        let (_, review) = app
            .page_text("/admin/catalog/draft?lang=en", &marketing)
            .await;
        let review = text(&review);
        let impact = &review[review.find("data-testid=\"impact\"").unwrap()..];
        assert!(
            impact.contains(&open) && impact.contains("no longer valid"),
            "{impact}"
        );
        let discarded = app
            .post_form(
                "/admin/catalog/draft/discard?lang=en",
                Some(&marketing),
                &[("revision", "1")],
            )
            .await;
        assert_eq!(discarded.status(), 303);

        // A rule that does not parse cannot be published; the check says where.
        let mut broken = demo();
        ring(&mut broken).rules.push(engine::model::Rule {
            rule: "metal = ".into(),
            message: Default::default(),
        });
        let saved = app
            .upload(&marketing, 0, serde_json::to_string(&broken).unwrap())
            .await;
        assert_eq!(saved.status(), 303);
        let (_, review) = app
            .page_text("/admin/catalog/draft?lang=en", &marketing)
            .await;
        let review = text(&review);
        assert!(review.contains("data-testid=\"check-errors\""), "{review}");
        assert!(review.contains("products[ring].rules"), "{review}");
        assert!(!review.contains("Publish as version"));
        let refused = app
            .post_form(
                "/admin/catalog/draft/publish?lang=en",
                Some(&marketing),
                &[
                    ("revision", "1"),
                    ("note", "try"),
                    ("warnings_confirmed", "yes"),
                ],
            )
            .await;
        assert_eq!(refused.status(), 422);
        assert!(text(&refused.text().await.unwrap()).contains("error(s); nothing can be published"));
        assert_eq!(stored_versions(&pool).await.len(), 3);
        let discarded = app
            .post_form(
                "/admin/catalog/draft/discard?lang=en",
                Some(&marketing),
                &[("revision", "1")],
            )
            .await;
        assert_eq!(discarded.status(), 303);

        let staff = app
            .sign_in(&person(&pool, Role::Staff).await, PASSWORD)
            .await;
        assert_eq!(
            app.get_with("/admin/catalog", Some(&staff)).await.status(),
            403
        );
        assert_eq!(app.upload(&staff, 0, json).await.status(), 403);
        assert_eq!(stored_versions(&pool).await.len(), 3);
    }
);

/// Two server processes on one PostgreSQL database: what marketing
/// publishes on one is what the other serves, moments later.
#[tokio::test]
async fn a_version_published_on_one_process_is_served_by_the_other() {
    let Some(url) = crate::helpers::fresh_database(crate::helpers::Db::Postgres).await else {
        return;
    };
    let (mut first, one) = crate::delivery_processes::server(&url).await;
    let (mut second, other) = crate::delivery_processes::server(&url).await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&url).await.unwrap();
    let marketing = one
        .sign_in(&person(&pool, Role::Marketing).await, PASSWORD)
        .await;
    let mut dearer = demo();
    ring(&mut dearer).base_price += 500;
    one.publish_first_draft(&marketing, &dearer, "dearer").await;
    let at = std::time::Instant::now();
    let ready = |app: &TestApp| {
        let request = app.client.get(format!("{}/readyz", app.address));
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    assert!(
        ready(&one).await.ends_with("version 2"),
        "the publishing process at once"
    );
    let mut served = false;
    while at.elapsed() < Duration::from_secs(5) {
        if ready(&other).await.ends_with("version 2") {
            served = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    eprintln!(
        "the other process served version 2 after {:?}",
        at.elapsed()
    );
    let _ = (first.kill(), second.kill(), first.wait(), second.wait());
    assert!(served, "the other process serves the new version");
}

on_both_databases!(
    a_failing_test_configuration_holds_publishing_up_unless_overridden,
    |db| async move {
        let Some((app, pool)) = spawn_with_pool(db, &[]).await else {
            return;
        };
        let marketing = app
            .sign_in(&person(&pool, Role::Marketing).await, PASSWORD)
            .await;
        let add = |link: &'static str, label: &'static str| {
            let app = &app;
            let marketing = marketing.clone();
            async move {
                let form = [("product", "ring"), ("link", link), ("label", label)];
                app.post_form("/admin/catalog/tests?lang=en", Some(&marketing), &form)
                    .await
            }
        };
        let refused = add("   ", "empty").await;
        assert_eq!(refused.status(), 422);
        assert!(text(&refused.text().await.unwrap()).contains("Please give a configuration link"));
        assert_eq!(
            add("/p/kite?colour=red", "kite").await.status(),
            422,
            "no such product"
        );
        let unknown = add("/p/ring?metal=yellow-gold&colour=red&size=54", "typo").await;
        assert_eq!(unknown.status(), 422, "a key the ring does not have");
        assert!(text(&unknown.text().await.unwrap()).contains("The link does not fit the catalog"));
        let saved = add(
            "https://shop.example/p/ring?metal=yellow-gold&stone=ruby&width=4mm&size=54&finish=polished",
            "Ruby ring, size 54",
        )
        .await;
        assert_eq!(saved.status(), 303);
        let (_, page) = app.page_text("/admin/catalog?lang=en", &marketing).await;
        let page = text(&page);
        assert!(
            page.contains("Ruby ring, size 54") && page.contains("orderable, €"),
            "{page}"
        );
        assert!(
            page.contains(" working days; "),
            "the lead time is expected too: {page}"
        );

        let mut dearer = demo();
        ring(&mut dearer).base_price += 2_500;
        assert_eq!(
            app.upload(&marketing, 0, serde_json::to_string(&dearer).unwrap())
                .await
                .status(),
            303
        );
        let (_, review) = app
            .page_text("/admin/catalog/draft?lang=en", &marketing)
            .await;
        let review = text(&review);
        let runs = &review[review.find("data-testid=\"test-runs\"").expect("the runs")..];
        assert!(
            runs.contains("Ruby ring, size 54") && runs.contains("fails"),
            "{runs}"
        );
        assert!(review.contains("1 test configuration(s) fail. Publish anyway, because:"));

        let publish = |reason: &'static str| {
            let app = &app;
            let marketing = marketing.clone();
            async move {
                let form = [
                    ("revision", "1"),
                    ("note", "Dearer rings"),
                    ("warnings_confirmed", "yes"),
                    ("override_reason", reason),
                ];
                app.post_form(
                    "/admin/catalog/draft/publish?lang=en",
                    Some(&marketing),
                    &form,
                )
                .await
            }
        };
        let held = publish(" ").await;
        assert_eq!(held.status(), 422);
        assert!(text(&held.text().await.unwrap())
            .contains("1 test configuration(s) fail (Ruby ring, size 54)"));
        assert_eq!(stored_versions(&pool).await.len(), 1);
        assert_eq!(publish("The price rise is wanted").await.status(), 303);
        let (reason,): (String,) =
            sqlx::query_as("SELECT override_reason FROM catalog_versions WHERE version = 2")
                .fetch_one(&pool)
                .await
                .unwrap();
        assert_eq!(reason, "The price rise is wanted [Ruby ring, size 54]");
        let (_, page) = app.page_text("/admin/catalog?lang=en", &marketing).await;
        assert!(text(&page).contains("Tests overridden: The price rise is wanted"));

        let (id,): (String,) = sqlx::query_as("SELECT id FROM catalog_tests")
            .fetch_one(&pool)
            .await
            .unwrap();
        let deleted = app
            .post_form(
                &format!("/admin/catalog/tests/{id}/delete"),
                Some(&marketing),
                &[],
            )
            .await;
        assert_eq!(deleted.status(), 303);
        let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM catalog_tests")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(left, 0);
    }
);

/// `datetime-local` text for `seconds` from now in the shop's time zone.
fn shop_time_in(seconds: i64) -> String {
    let at = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(seconds);
    jiff::tz::TimeZone::get("Europe/Berlin")
        .unwrap()
        .to_datetime(at)
        .strftime("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

on_both_databases!(
    a_scheduled_publication_is_published_when_due,
    |db| async move {
        let Some((app, pool)) = spawn_with_pool(db, &[]).await else {
            return;
        };
        let marketing = app
            .sign_in(&person(&pool, Role::Marketing).await, PASSWORD)
            .await;
        let mut dearer = demo();
        ring(&mut dearer).base_price += 700;
        let json = serde_json::to_string(&dearer).unwrap();
        assert_eq!(app.upload(&marketing, 0, json.clone()).await.status(), 303);
        let schedule = |at: String, revision: &'static str| {
            let app = &app;
            let marketing = marketing.clone();
            async move {
                let form = [
                    ("revision", revision),
                    ("note", "Winter prices"),
                    ("warnings_confirmed", "yes"),
                    ("publish_at", at.as_str()),
                ];
                app.post_form(
                    "/admin/catalog/draft/publish?lang=en",
                    Some(&marketing),
                    &form,
                )
                .await
            }
        };
        let past = schedule(shop_time_in(-60), "1").await;
        assert_eq!(past.status(), 422);
        assert!(text(&past.text().await.unwrap()).contains("a time in the future"));
        assert_eq!(schedule("tomorrow".into(), "1").await.status(), 422);

        // Scheduled an hour ahead, then cancelled: nothing happens.
        let later = schedule(shop_time_in(3600), "1").await;
        assert_eq!(later.headers()["location"], "/admin/catalog?done=scheduled");
        let (_, page) = app.page_text("/admin/catalog?lang=en", &marketing).await;
        assert!(text(&page).contains("Scheduled for"), "{page}");
        let cancelled = app
            .post_form(
                "/admin/catalog/draft/unschedule",
                Some(&marketing),
                &[("revision", "1")],
            )
            .await;
        assert_eq!(cancelled.status(), 303);
        let (_, page) = app.page_text("/admin/catalog?lang=en", &marketing).await;
        assert!(!text(&page).contains("Scheduled for"));

        // Scheduled two seconds ahead: published then.
        let soon = schedule(shop_time_in(2), "1").await;
        assert_eq!(soon.status(), 303);
        assert_eq!(stored_versions(&pool).await.len(), 1, "not yet");
        let mut published = false;
        for _ in 0..100 {
            if app.served_version(2).await {
                published = true;
                break;
            }
        }
        assert!(published, "the scheduled draft is published");
        assert_eq!(stored_versions(&pool).await[1].1, "Winter prices");
        let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM catalog_drafts")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(left, 0, "the draft is done");
    }
);

on_both_databases!(
    a_test_configuration_fails_when_only_the_lead_time_changes,
    |db| async move {
        let Some((app, pool)) = spawn_with_pool(db, &[]).await else {
            return;
        };
        let marketing = app
            .sign_in(&person(&pool, Role::Marketing).await, PASSWORD)
            .await;
        let form = [
            ("product", "ring"),
            (
                "link",
                "/p/ring?metal=silver&width=4mm&size=54&finish=polished",
            ),
            ("label", "Plain silver ring"),
        ];
        let saved = app
            .post_form("/admin/catalog/tests?lang=en", Some(&marketing), &form)
            .await;
        assert_eq!(saved.status(), 303);
        let (days,): (Option<i64>,) = sqlx::query_as("SELECT days FROM catalog_tests")
            .fetch_one(&pool)
            .await
            .unwrap();
        let days = days.expect("the lead time is kept");
        let (open, _) = app.ring_order("open while production slows").await;
        let mut slower = demo();
        ring(&mut slower).base_days += 2;
        assert_eq!(
            app.upload(&marketing, 0, serde_json::to_string(&slower).unwrap())
                .await
                .status(),
            303
        );
        let (_, review) = app
            .page_text("/admin/catalog/draft?lang=en", &marketing)
            .await;
        let review = text(&review);
        let runs = &review[review.find("data-testid=\"test-runs\"").expect("the runs")..];
        assert!(runs.contains("fails"), "{runs}");
        assert!(
            runs.contains(&format!("{days} working days"))
                && runs.contains(&format!("{} working days", days + 2)),
            "{runs}"
        );
        let impact = &review[review.find("data-testid=\"impact\"").expect("the impact")..];
        let row = &impact[impact.find(&open).expect("the open order is named")..];
        assert!(row.contains("production time changes"), "{impact}");
    }
);

on_both_databases!(
    a_scheduled_publication_the_checks_refuse_at_its_time_says_why,
    |db| async move {
        let Some((app, pool)) = spawn_with_pool(db, &[]).await else {
            return;
        };
        let marketing = app
            .sign_in(&person(&pool, Role::Marketing).await, PASSWORD)
            .await;
        let mut dearer = demo();
        ring(&mut dearer).base_price += 700;
        let json = serde_json::to_string(&dearer).unwrap();
        assert_eq!(app.upload(&marketing, 0, json).await.status(), 303);
        let at = shop_time_in(3);
        let form = [
            ("revision", "1"),
            ("note", "Winter prices"),
            ("warnings_confirmed", "yes"),
            ("publish_at", at.as_str()),
        ];
        let scheduled = app
            .post_form("/admin/catalog/draft/publish", Some(&marketing), &form)
            .await;
        assert_eq!(scheduled.status(), 303);
        // After scheduling, a test configuration that the draft fails: the
        // ring's price on the live catalog.
        let test = [
            ("product", "ring"),
            (
                "link",
                "/p/ring?metal=silver&width=4mm&size=54&finish=polished",
            ),
            ("label", "Plain silver ring"),
        ];
        let saved = app
            .post_form("/admin/catalog/tests?lang=en", Some(&marketing), &test)
            .await;
        assert_eq!(saved.status(), 303);

        let mut payload = None;
        for _ in 0..100 {
            let row: Option<(String,)> = sqlx::query_as(
                "SELECT payload FROM outbox WHERE topic = 'catalog.schedule_failed'",
            )
            .fetch_optional(&pool)
            .await
            .unwrap();
            if let Some((p,)) = row {
                payload = Some(p);
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let payload: serde_json::Value =
            serde_json::from_str(&payload.expect("the refusal is an event")).unwrap();
        assert_eq!(payload["catalog"]["revision"], 1);
        let reason = payload["catalog"]["reason"]["en"].as_str().unwrap();
        assert!(reason.contains("test configuration"), "{reason}");
        assert_eq!(stored_versions(&pool).await.len(), 1, "nothing published");

        let (_, page) = app.page_text("/admin/catalog?lang=en", &marketing).await;
        let page = text(&page);
        assert!(page.contains("was not carried out"), "{page}");
        assert!(!page.contains("Scheduled for"), "no longer scheduled");
        let (_, review) = app
            .page_text("/admin/catalog/draft?lang=de", &marketing)
            .await;
        assert!(
            text(&review).contains("geplante Veröffentlichung wurde nicht ausgeführt"),
            "{review}"
        );
    }
);

on_both_databases!(
    a_product_on_a_line_the_shop_floor_lacks_cannot_be_published,
    |db| async move {
        let Some((app, pool)) = spawn_with_pool(db, &[]).await else {
            return;
        };
        let marketing = app
            .sign_in(&person(&pool, Role::Marketing).await, PASSWORD)
            .await;
        let mut moved = demo();
        moved.production_lines.push(engine::model::ProductionLine {
            id: "new-bench".into(),
            name: engine::Text {
                de: "Neue Werkbank".into(),
                en: "New bench".into(),
            },
        });
        ring(&mut moved).production_line = "new-bench".into();
        let json = serde_json::to_string(&moved).unwrap();
        assert_eq!(app.upload(&marketing, 0, json).await.status(), 303);
        let (_, review) = app
            .page_text("/admin/catalog/draft?lang=en", &marketing)
            .await;
        let review = text(&review);
        assert!(
            review.contains("products[ring].production_line")
                && review.contains("the shop floor has no production line 'new-bench'"),
            "{review}"
        );
        let form = [
            ("revision", "1"),
            ("note", "Rings from the new bench"),
            ("warnings_confirmed", "yes"),
        ];
        let refused = app
            .post_form(
                "/admin/catalog/draft/publish?lang=en",
                Some(&marketing),
                &form,
            )
            .await;
        assert_eq!(refused.status(), 422);
        assert_eq!(stored_versions(&pool).await.len(), 1, "nothing published");
        // The preview still runs, on an assumed empty line, and says so.
        let (status, preview) = app
            .page_text("/admin/catalog/preview/ring?lang=en", &marketing)
            .await;
        assert_eq!(status, 200);
        assert!(
            text(&preview).contains("does not know the line"),
            "{preview}"
        );

        // The owner sets the line up from the link the error gives.
        let owner = app
            .sign_in(&person(&pool, Role::Owner).await, PASSWORD)
            .await;
        let path = "/admin/operations/lines/new-bench";
        let (status, page) = app.page_text(&format!("{path}?lang=en"), &owner).await;
        assert_eq!(status, 200);
        assert!(
            text(&page).contains("does not have this line yet"),
            "{page}"
        );
        let seen = crate::operations_forms::hidden(&page, "seen");
        let form = [
            ("seen", seen.as_str()),
            ("daily_capacity", "3"),
            ("day", "mon"),
            ("day", "wed"),
            ("holidays", ""),
        ];
        let saved = app.post_form(path, Some(&owner), &form).await;
        assert_eq!(saved.status(), 303, "{}", saved.text().await.unwrap());
        let (_, review) = app
            .page_text("/admin/catalog/draft?lang=en", &marketing)
            .await;
        assert!(
            !text(&review).contains("the shop floor has no production line"),
            "{review}"
        );
        // A second set-up from the same page is refused: it exists now.
        let again = app.post_form(path, Some(&owner), &form).await;
        assert_eq!(again.status(), 409);
        let published = app
            .post_form(
                "/admin/catalog/draft/publish?lang=en",
                Some(&marketing),
                &form_publish(),
            )
            .await;
        assert_eq!(published.status(), 303);
        assert_eq!(stored_versions(&pool).await.len(), 2);
    }
);

fn form_publish() -> [(&'static str, &'static str); 3] {
    [
        ("revision", "1"),
        ("note", "Rings from the new bench"),
        ("warnings_confirmed", "yes"),
    ]
}

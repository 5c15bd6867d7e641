//! The catalog editor over HTTP, as marketing uses it without JavaScript:
//! a product's form saved into the draft (the first save starts it), a
//! field that does not read refused with the input kept and nothing
//! changed, a rule with a syntax error saved but named with its line and
//! column (and publishing refused), the live check, a stale save refused
//! with what changed meanwhile and what it would have changed, a table as
//! CSV, the settings, a new product; staff kept out.

use crate::admin::{person, PASSWORD};
use crate::helpers::{spawn_with_pool, TestApp};
use crate::on_both_databases;
use app::admin::Role;
use engine::model::AttributeKind;
use engine::Catalog;

const RING: &str = "/admin/catalog/draft/products/ring";

fn text(html: &str) -> String {
    html.replace("<!>", "")
}

async fn draft(pool: &sqlx::AnyPool) -> Option<(i64, Catalog)> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT revision, document FROM catalog_drafts WHERE id = 'draft'")
            .fetch_optional(pool)
            .await
            .unwrap();
    row.map(|(revision, document)| (revision, Catalog::from_json(&document).unwrap()))
}

fn ring(catalog: &Catalog) -> &engine::Product {
    catalog.products.iter().find(|p| p.id == "ring").unwrap()
}

impl TestApp {
    async fn save(&self, cookie: &str, path: &str, form: &[(&str, &str)]) -> (u16, String, String) {
        let response = self
            .post_form(&format!("{path}?lang=en"), Some(cookie), form)
            .await;
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned())
            .unwrap_or_default();
        (status, location, text(&response.text().await.unwrap()))
    }
}

on_both_databases!(marketing_edits_a_product_in_forms, |db| async move {
    let Some((app, pool)) = spawn_with_pool(db, &[]).await else {
        return;
    };
    let marketing = app
        .sign_in(&person(&pool, Role::Marketing).await, PASSWORD)
        .await;
    let (status, index) = app
        .page_text("/admin/catalog/draft/products?lang=en", &marketing)
        .await;
    assert_eq!(status, 200);
    let index = text(&index);
    assert!(index.contains("There is no draft yet"), "{index}");
    assert!(index.contains("href=\"/admin/catalog/draft/products/ring\""));
    let (status, page) = app.page_text(&format!("{RING}?lang=en"), &marketing).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("name=\"base_price\"") && page.contains("value=\"79.00\""),
        "{page}"
    );

    // The first save starts the draft from the live version.
    let (status, location, _) = app
        .save(
            &marketing,
            RING,
            &[
                ("revision", "0"),
                ("base_price", "89,00"),
                ("a0.o1.price", "150"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/admin/catalog/draft/products/ring?done=saved")
    );
    let (revision, saved) = draft(&pool).await.expect("a draft");
    assert_eq!(revision, 1);
    assert_eq!(ring(&saved).base_price, 8900);
    let AttributeKind::Choice { options, .. } = &ring(&saved).attributes[0].kind else {
        panic!("metal is a choice");
    };
    assert_eq!(options[1].price, 15_000);

    // A field that does not read: refused, the input kept, nothing changed.
    let (status, _, page) = app
        .save(
            &marketing,
            RING,
            &[
                ("revision", "1"),
                ("name.en", "Renamed"),
                ("base_days", "soon"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("&#x27;soon&#x27; is not a whole number")
            || page.contains("'soon' is not a whole number"),
        "{page}"
    );
    assert!(page.contains("value=\"soon\"") && page.contains("value=\"Renamed\""));
    assert_eq!(draft(&pool).await.unwrap().0, 1, "nothing saved");

    // A rule with a syntax error is saved, and the check names where it is.
    let broken = "metal = platinum requires width in (";
    let (status, location, _) = app
        .save(
            &marketing,
            RING,
            &[
                ("revision", "1"),
                ("new_rule.rule", broken),
                ("action", "add-rule"),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/admin/catalog/draft/products/ring?done=saved#rules")
    );
    let k = ring(&draft(&pool).await.unwrap().1).rules.len() - 1;
    let (_, page) = app.page_text(&format!("{RING}?lang=en"), &marketing).await;
    let page = text(&page);
    assert!(page.contains(&format!("href=\"#r{k}\"")), "{page}");
    assert!(page.contains("line 1, column"), "{page}");
    let publish = app
        .post_form(
            "/admin/catalog/draft/publish?lang=en",
            Some(&marketing),
            &[("revision", "2"), ("note", "broken")],
        )
        .await;
    assert_eq!(
        publish.status(),
        422,
        "a draft with errors is not published"
    );
    let stale = app
        .post_form(
            "/admin/catalog/draft/publish?lang=en",
            Some(&marketing),
            &[("revision", "1"), ("note", "from an old page")],
        )
        .await;
    assert_eq!(stale.status(), 422);
    let stale = text(&stale.text().await.unwrap());
    assert!(
        stale.contains("The draft was changed meanwhile by Marketing (revision 2, ")
            && stale.contains("Nothing was published"),
        "{stale}"
    );
    assert!(!stale.contains(" UTC)"), "the time is the shop's: {stale}");

    // The live check: the form as typed, nothing saved.
    let rule = format!("r{k}.rule");
    let check = format!("{RING}/check");
    let answer: serde_json::Value = app
        .post_form(&check, Some(&marketing), &[(&rule, broken)])
        .await
        .json()
        .await
        .unwrap();
    let findings = answer["findings"].as_array().unwrap();
    assert!(
        findings.iter().any(|f| f["anchor"] == format!("r{k}")
            && f["error"] == true
            && f["message"].as_str().unwrap().contains("column")),
        "{answer}"
    );
    let fixed = "metal = platinum requires width in (4mm, 6mm)";
    let answer: serde_json::Value = app
        .post_form(&check, Some(&marketing), &[(&rule, fixed)])
        .await
        .json()
        .await
        .unwrap();
    assert!(
        answer["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["anchor"] != format!("r{k}")),
        "{answer}"
    );
    let answer: serde_json::Value = app
        .post_form(&check, Some(&marketing), &[("base_price", "lots")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(answer["field"], "base_price", "{answer}");
    assert_eq!(draft(&pool).await.unwrap().0, 2, "checking saves nothing");

    // A save from an older revision: refused with both sides of the change.
    let (status, _, page) = app
        .save(
            &marketing,
            RING,
            &[
                ("revision", "1"),
                ("shipping_days", "9"),
                ("action", "save"),
            ],
        )
        .await;
    assert_eq!(status, 409);
    assert!(
        page.contains("The draft was changed meanwhile by Marketing (revision 2"),
        "{page}"
    );
    assert!(
        page.contains("Changed meanwhile") && page.contains("products[ring].rules"),
        "{page}"
    );
    assert!(
        page.contains("Your change (not saved)") && page.contains("products[ring].shipping_days"),
        "{page}"
    );
    assert_ne!(ring(&draft(&pool).await.unwrap().1).shipping_days, 9);

    // Fixing the rule on the current revision.
    let (status, ..) = app
        .save(
            &marketing,
            RING,
            &[("revision", "2"), (&rule, fixed), ("action", "save")],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(ring(&draft(&pool).await.unwrap().1).rules[k].rule, fixed);

    // A table as CSV, from the car.
    let csv = app
        .get_with(
            "/admin/catalog/draft/products/car/tables/engine-transmission/csv",
            Some(&marketing),
        )
        .await;
    assert_eq!(csv.status(), 200);
    assert!(csv.text().await.unwrap().starts_with("engine,transmission"));

    // The settings and a new product.
    let (status, ..) = app
        .save(
            &marketing,
            "/admin/catalog/draft/settings",
            &[("revision", "3"), ("vat", "abc")],
        )
        .await;
    assert_eq!(status, 422);
    let (status, ..) = app
        .save(
            &marketing,
            "/admin/catalog/draft/settings",
            &[("revision", "3"), ("vat", "7")],
        )
        .await;
    assert_eq!(status, 303);
    assert_eq!(draft(&pool).await.unwrap().1.vat_rate_bp, 700);
    let (status, location, _) = app
        .save(
            &marketing,
            "/admin/catalog/draft/products",
            &[
                ("revision", "4"),
                ("new_product.id", "cufflinks"),
                ("new_product.name", "Cufflinks"),
                ("new_product.line", "goldsmith"),
            ],
        )
        .await;
    assert_eq!(
        (status, location.as_str()),
        (303, "/admin/catalog/draft/products/cufflinks?done=added")
    );
    let (status, page) = app
        .page_text(
            "/admin/catalog/draft/products/cufflinks?lang=en",
            &marketing,
        )
        .await;
    assert_eq!(status, 200);
    assert!(text(&page).contains("Cufflinks"));

    // Staff cannot edit the catalog.
    let staff = app
        .sign_in(&person(&pool, Role::Staff).await, PASSWORD)
        .await;
    let (status, ..) = app
        .save(
            &staff,
            RING,
            &[("revision", "5"), ("base_price", "1"), ("action", "save")],
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(draft(&pool).await.unwrap().0, 5);

    // A large product form (a table of 200,000 rows, about 3 MB) is taken,
    // by the live check and by the save.
    let csv = format!("engine,transmission\n{}", "p150,manual6\n".repeat(200_000));
    let check = app
        .post_form(
            "/admin/catalog/draft/products/car/check",
            Some(&marketing),
            &[("t0.csv", &csv)],
        )
        .await;
    assert_eq!(check.status(), 200);
    let (status, ..) = app
        .save(
            &marketing,
            "/admin/catalog/draft/products/car",
            &[("revision", "5"), ("t0.csv", &csv), ("action", "save")],
        )
        .await;
    assert_eq!(status, 303);
    let (_, saved) = draft(&pool).await.unwrap();
    let car = saved.products.iter().find(|p| p.id == "car").unwrap();
    assert_eq!(car.tables[0].rows.len(), 200_000);
});

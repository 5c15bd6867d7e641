//! The production API as a workshop's system uses it: with an owner's
//! token it reads the event feed (the webhooks' event ids, in commit order,
//! by cursor and by long polling), lists the released orders, claims one
//! (idempotent, refused for a second client) and reports its progress to
//! shipped, which the customer's status page and mail then show. Refusals
//! are problem details a person can act on, in English or German, and
//! change nothing.

use crate::admin::{person, PASSWORD};
use crate::helpers::{spawn_with_pool, TestApp};
use crate::on_both_databases;
use app::admin::Role;
use app::orders::workflow::Status;
use atelier_server::auth::api_tokens;
use serde_json::{json, Value};
use std::time::Duration;

impl TestApp {
    /// A request to the API with `token` (none: unauthenticated).
    pub(crate) fn api(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let request = self
            .client
            .request(method, format!("{}{path}", self.address));
        match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    /// Sends it; the status and the body as JSON (`Null` when empty).
    pub(crate) async fn api_call(&self, request: reqwest::RequestBuilder) -> (u16, Value) {
        let response = request.send().await.expect("the API answers");
        let status = response.status().as_u16();
        let problem = response
            .headers()
            .get("content-type")
            .is_some_and(|v| v == "application/problem+json");
        let body = response.text().await.expect("a body");
        if status >= 400 {
            assert!(problem, "a refusal is problem details: {status} {body}");
        }
        let value = if body.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&body).unwrap_or_else(|e| panic!("JSON ({e}): {body}"))
        };
        (status, value)
    }

    async fn api_get(&self, path: &str, token: &str) -> (u16, Value) {
        self.api_call(self.api(reqwest::Method::GET, path, Some(token)))
            .await
    }

    async fn api_post(&self, path: &str, token: &str, body: Value) -> (u16, Value) {
        self.api_call(
            self.api(reqwest::Method::POST, path, Some(token))
                .json(&body),
        )
        .await
    }

    /// An order placed, accepted and released by `owner`; its number and
    /// the customer's token.
    pub(crate) async fn released_order(&self, owner: &str, what: &str) -> (String, String) {
        let (number, token) = self.ring_order(what).await;
        for (seen, action) in [(Status::Received, "accept"), (Status::Accepted, "release")] {
            let (status, page) = self.step(owner, &number, seen, &[("action", action)]).await;
            assert_eq!(status, 303, "{action}: {page}");
        }
        (number, token)
    }
}

/// Every event of the feed from the start, page by page of `limit`.
async fn whole_feed(app: &TestApp, token: &str, limit: usize) -> Vec<Value> {
    let (mut events, mut cursor) = (Vec::new(), String::new());
    loop {
        let (status, page) = app
            .api_get(
                &format!("/api/v1/events?limit={limit}&after={cursor}"),
                token,
            )
            .await;
        assert_eq!(status, 200, "{page}");
        let data = page["data"].as_array().expect("data").clone();
        assert!(data.len() <= limit);
        events.extend(data);
        cursor = page["next_cursor"].as_str().expect("a cursor").to_owned();
        if page["has_more"] == json!(false) {
            return events;
        }
    }
}

fn ids(events: &[Value]) -> Vec<String> {
    events
        .iter()
        .map(|e| e["id"].as_str().expect("an id").to_owned())
        .collect()
}

on_both_databases!(
    a_workshop_pulls_claims_and_ships_a_released_order,
    |db| async move {
        let Some((app, pool)) = spawn_with_pool(db, &[]).await else {
            return;
        };
        let owner = app
            .sign_in(&person(&pool, Role::Owner).await, PASSWORD)
            .await;
        let (_, workshop) = api_tokens::create(&pool, "Workshop Pforzheim", "owner")
            .await
            .expect("a token");
        let (other_id, other) = api_tokens::create(&pool, "Engraver", "owner")
            .await
            .expect("a token");

        let (status, problem) = app
            .api_call(app.api(reqwest::Method::GET, "/api/v1/orders", None))
            .await;
        assert_eq!(status, 401);
        assert!(problem["detail"]
            .as_str()
            .unwrap()
            .contains("Authorization: Bearer"));
        let (status, _) = app.api_get("/api/v1/orders", "atl_not-a-token").await;
        assert_eq!(status, 401);

        let (number, customer) = app.released_order(&owner, "api-1").await;
        let (kept, _) = app.ring_order("api-2, not released").await;

        // The feed: the outbox's events and ids, in commit order, by any page size.
        let stored: Vec<(String, String)> = sqlx::query_as(
            "SELECT id, topic FROM outbox WHERE topic <> 'webhook.test' ORDER BY position",
        )
        .fetch_all(&pool)
        .await
        .unwrap();
        let all = whole_feed(&app, &workshop, 100).await;
        assert_eq!(
            ids(&all),
            stored.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>()
        );
        assert_eq!(ids(&whole_feed(&app, &workshop, 1).await), ids(&all));
        let kinds: Vec<&str> = all.iter().map(|e| e["type"].as_str().unwrap()).collect();
        assert_eq!(
            kinds,
            [
                "order.placed",
                "order.accepted",
                "order.released",
                "order.placed"
            ]
        );
        assert_eq!(all[2]["data"]["order"], json!(number), "{}", all[2]);
        let (_, released) = app
            .api_get(
                "/api/v1/events?types=order.released,order.cancelled",
                &workshop,
            )
            .await;
        assert_eq!(
            ids(released["data"].as_array().unwrap()),
            [ids(&all)[2].clone()]
        );

        // Long polling: a request waiting at the end gets the next event.
        let end = whole_feed(&app, &workshop, 100).await.len();
        let (_, page) = app.api_get("/api/v1/events?after=999999", &workshop).await;
        assert_eq!(page["data"], json!([]), "nothing after the end");
        let (_, last) = app.api_get("/api/v1/events", &workshop).await;
        let cursor = last["next_cursor"].as_str().unwrap().to_owned();
        let waiting = {
            let request = app.api(
                reqwest::Method::GET,
                &format!("/api/v1/events?after={cursor}&wait=10"),
                Some(&workshop),
            );
            tokio::spawn(request.send())
        };
        tokio::time::sleep(Duration::from_millis(400)).await;
        let (third, _) = app.ring_order("api-3").await;
        let answered: Value = waiting.await.unwrap().unwrap().json().await.unwrap();
        assert_eq!(
            answered["data"][0]["type"],
            json!("order.placed"),
            "{answered}"
        );
        assert_eq!(answered["data"][0]["data"]["order"], json!(third));
        assert_eq!(whole_feed(&app, &workshop, 100).await.len(), end + 1);

        // Released orders only, with what production needs.
        let (status, list) = app.api_get("/api/v1/orders", &workshop).await;
        assert_eq!(status, 200);
        let listed: Vec<&str> = list["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["number"].as_str().unwrap())
            .collect();
        assert_eq!(listed, [number.as_str()], "{kept} is not released");
        let order = &list["data"][0];
        assert_eq!(order["status"], json!("released"));
        assert_eq!(order["claim"], Value::Null);
        assert_eq!(
            order["ship_to"]["city"].as_str().map(|c| !c.is_empty()),
            Some(true)
        );
        let spec = order["lines"][0]["spec"].as_array().unwrap();
        assert!(
            spec.iter().any(|row| row["text"] == json!("Anna & Ben")),
            "the engraving as typed: {spec:?}"
        );
        assert!(!order["lines"][0]["components"]
            .as_array()
            .unwrap()
            .is_empty());
        let (status, _) = app
            .api_get(&format!("/api/v1/orders/{kept}"), &workshop)
            .await;
        assert_eq!(status, 404, "an order not released is not production's");

        // Claims: idempotent for the holder, refused for another client.
        let claim = format!("/api/v1/orders/{number}/claim");
        let progress = format!("/api/v1/orders/{number}/progress");
        let (status, _) = app
            .api_post(&progress, &workshop, json!({"status": "in_production"}))
            .await;
        assert_eq!(status, 409, "progress needs a claim");
        for _ in 0..2 {
            let (status, claimed) = app.api_post(&claim, &workshop, json!({})).await;
            assert_eq!(status, 200, "{claimed}");
            assert_eq!(claimed["claim"]["yours"], json!(true));
            assert_eq!(claimed["claim"]["client"], json!("Workshop Pforzheim"));
        }
        let (status, refused) = app.api_post(&claim, &other, json!({})).await;
        assert_eq!(status, 409);
        assert!(
            refused["detail"]
                .as_str()
                .unwrap()
                .contains("Workshop Pforzheim"),
            "{refused}"
        );
        let (_, seen) = app
            .api_get(&format!("/api/v1/orders/{number}"), &other)
            .await;
        assert_eq!(seen["claim"]["yours"], json!(false));
        let (status, _) = app
            .api_post(&progress, &other, json!({"status": "in_production"}))
            .await;
        assert_eq!(status, 409);
        let (status, _) = app
            .api_call(app.api(reqwest::Method::DELETE, &claim, Some(&other)))
            .await;
        assert_eq!(status, 409, "a claim is given back by its holder only");

        // Progress through the back office's workflow.
        let (status, skipped) = app
            .api_post(&progress, &workshop, json!({"status": "completed"}))
            .await;
        assert_eq!(status, 409, "not from released: {skipped}");
        for step in ["in_production", "in_production", "completed"] {
            let (status, moved) = app
                .api_post(&progress, &workshop, json!({"status": step}))
                .await;
            assert_eq!(status, 200, "{moved}");
            assert_eq!(moved["status"], json!(step));
        }
        let (status, _) = app
            .api_post(
                &progress,
                &workshop,
                json!({"status": "shipped", "carrier": "DHL"}),
            )
            .await;
        assert_eq!(status, 422, "shipping names the tracking number");
        let (status, shipped) = app
            .api_post(
                &progress,
                &workshop,
                json!({"status": "shipped", "carrier": "DHL", "tracking": "00340434161094042557"}),
            )
            .await;
        assert_eq!(status, 200, "{shipped}");
        assert_eq!(shipped["status"], json!("shipped"));

        let view = app.order_view(&customer).await;
        assert_eq!(view.status, Status::Shipped);
        let page = app
            .client
            .get(format!("{}/orders/{customer}?lang=en", app.address))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("00340434161094042557") && page.contains("DHL"),
            "{page}"
        );
        let (_, file) = app
            .page_text(&format!("/admin/orders/{number}?lang=en"), &owner)
            .await;
        assert!(
            file.contains("Workshop Pforzheim (API)"),
            "who reported the steps: {file}"
        );
        assert!(file.contains("00340434161094042557"));
        let shipped_events = whole_feed(&app, &workshop, 100)
            .await
            .into_iter()
            .filter(|e| e["data"]["order"] == json!(number))
            .count();
        assert_eq!(
            shipped_events, 6,
            "placed, accepted, released, in production, completed, shipped"
        );

        // A revoked token no longer opens anything, and its claim lapses.
        api_tokens::revoke(&pool, &other_id, "owner").await.unwrap();
        let (status, _) = app.api_get("/api/v1/orders", &other).await;
        assert_eq!(status, 401);
    }
);

on_both_databases!(
    bad_requests_are_refused_with_a_reason_and_change_nothing,
    |db| async move {
        let Some((app, pool)) = spawn_with_pool(db, &[]).await else {
            return;
        };
        let owner = app
            .sign_in(&person(&pool, Role::Owner).await, PASSWORD)
            .await;
        let (_, token) = api_tokens::create(&pool, "Workshop", "owner")
            .await
            .unwrap();
        let (number, _) = app.released_order(&owner, "hostile").await;
        let claim = format!("/api/v1/orders/{number}/claim");
        assert_eq!(app.api_post(&claim, &token, json!({})).await.0, 200);
        let events = || async {
            let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox")
                .fetch_one(&pool)
                .await
                .unwrap();
            n
        };
        let before = events().await;

        for (query, says) in [
            ("after=abc", "next_cursor"),
            ("after=-1", "next_cursor"),
            ("limit=0", "limit"),
            ("limit=501", "limit"),
            ("limit=many", "not understood"),
            ("types=order.nope", "order.released"),
            ("wait=99", "wait"),
            ("after=%27%3B%20DROP%20TABLE%20outbox%3B--", "next_cursor"),
        ] {
            let (status, problem) = app
                .api_get(&format!("/api/v1/events?{query}"), &token)
                .await;
            assert_eq!(status, 400, "{query}: {problem}");
            assert!(
                problem["detail"].as_str().unwrap().contains(says),
                "{query}: {problem}"
            );
            assert_eq!(problem["status"], json!(400));
        }
        for query in ["status=received", "status=nonsense", "limit=101"] {
            let (status, _) = app
                .api_get(&format!("/api/v1/orders?{query}"), &token)
                .await;
            assert_eq!(status, 400, "{query}");
        }
        let (status, _) = app
            .api_get("/api/v1/orders/..%2F..%2Fetc%2Fpasswd", &token)
            .await;
        assert_eq!(status, 404);
        let (status, problem) = app.api_get("/api/v1/nothing-here", &token).await;
        assert_eq!(status, 404);
        assert!(problem["detail"].as_str().unwrap().contains("openapi.json"));
        let (status, _) = app
            .api_call(app.api(reqwest::Method::PUT, "/api/v1/events", Some(&token)))
            .await;
        assert_eq!(status, 405);

        let progress = format!("/api/v1/orders/{number}/progress");
        let post = |body: &'static str, kind: &'static str| {
            app.api(reqwest::Method::POST, &progress, Some(&token))
                .header("content-type", kind)
                .body(body)
        };
        for (body, kind, expected) in [
            (r#"{"status":"in_production"}"#, "text/plain", 415),
            (r#"{"status":"in_prod"#, "application/json", 400),
            ("", "application/json", 400),
            (
                r#"{"status":"in_production","colour":"red"}"#,
                "application/json",
                422,
            ),
            (r#"{"status":42}"#, "application/json", 422),
            (r#"{"status":"flying"}"#, "application/json", 422),
            (r#"{"status":"cancelled"}"#, "application/json", 422),
        ] {
            let (status, problem) = app.api_call(post(body, kind)).await;
            assert_eq!(status, expected, "{body} as {kind}: {problem}");
        }
        let long = "x".repeat(600);
        let (status, _) = app
            .api_post(&progress, &token, json!({"status": "in_production"}))
            .await;
        assert_eq!(status, 200);
        assert_eq!(
            app.api_post(&progress, &token, json!({"status": "completed"}))
                .await
                .0,
            200
        );
        let (status, problem) = app
            .api_post(
                &progress,
                &token,
                json!({"status": "shipped", "carrier": "DHL", "tracking": long}),
            )
            .await;
        assert_eq!(status, 422, "{problem}");
        assert!(
            problem["detail"].as_str().unwrap().contains("500"),
            "{problem}"
        );
        assert_eq!(events().await, before + 2, "only the two steps taken");

        let (status, german) = app
            .api_call(
                app.api(reqwest::Method::GET, "/api/v1/events?limit=0", Some(&token))
                    .header("accept-language", "de-DE,de;q=0.9"),
            )
            .await;
        assert_eq!(status, 400);
        assert!(
            german["detail"].as_str().unwrap().contains("muss zwischen"),
            "{german}"
        );
    }
);

on_both_databases!(
    a_client_following_the_cursor_misses_no_event_while_orders_pour_in,
    |db| async move {
        let Some((app, pool)) = spawn_with_pool(db, &[]).await else {
            return;
        };
        let (_, token) = api_tokens::create(&pool, "Follower", "owner")
            .await
            .unwrap();
        let app = std::sync::Arc::new(app);
        let placing: Vec<_> = (0..12)
            .map(|i| {
                let app = app.clone();
                tokio::spawn(async move { app.ring_order(&format!("pour-{i}")).await })
            })
            .collect();
        let (mut seen, mut cursor) = (Vec::new(), String::new());
        let mut done = false;
        loop {
            let (status, page) = app
                .api_get(&format!("/api/v1/events?limit=3&after={cursor}"), &token)
                .await;
            assert_eq!(status, 200, "{page}");
            seen.extend(ids(page["data"].as_array().unwrap()));
            cursor = page["next_cursor"].as_str().unwrap().to_owned();
            if done && page["has_more"] == json!(false) {
                break;
            }
            done = placing.iter().all(|p| p.is_finished());
        }
        for placed in placing {
            placed.await.unwrap();
        }
        let stored: Vec<(String,)> = sqlx::query_as("SELECT id FROM outbox ORDER BY position")
            .fetch_all(&pool)
            .await
            .unwrap();
        let stored: Vec<String> = stored.into_iter().map(|(id,)| id).collect();
        assert_eq!(stored.len(), 12);
        assert_eq!(seen, stored, "every event once, in feed order");
    }
);

//! The production API keeps the contract it publishes: its OpenAPI 3.1
//! description (served at `/api/v1/openapi.json`, generated from the code)
//! documents every route, and each route, asked rightly and wrongly,
//! answers with a status the description lists for it, in the documented
//! content type, with a body that validates (`jsonschema`, JSON Schema
//! 2020-12) against the documented schema.

use crate::admin::{person, PASSWORD};
use crate::helpers::{spawn_with_pool, TestApp};
use crate::on_both_databases;
use app::admin::Role;
use atelier_server::auth::api_tokens;
use reqwest::Method;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// One request of the contract test: the documented path it exercises,
/// the method, the concrete address, the token and the JSON body.
struct Case {
    documented: &'static str,
    method: Method,
    address: String,
    token: Option<String>,
    body: Option<Value>,
}

fn case(documented: &'static str, method: Method, address: String, token: &str) -> Case {
    Case {
        documented,
        method,
        address,
        token: Some(token.to_owned()),
        body: None,
    }
}

/// Checks one answer against the description; returns its status.
async fn check(app: &TestApp, doc: &Value, case: &Case) -> u16 {
    let mut request = app.api(case.method.clone(), &case.address, case.token.as_deref());
    if let Some(body) = &case.body {
        request = request.json(body);
    }
    let response = request.send().await.expect("an answer");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = response.text().await.unwrap();
    let method = case.method.as_str().to_ascii_lowercase();
    let what = format!("{} {} → {status}", case.method, case.address);
    let operation = &doc["paths"][case.documented][&method];
    assert!(
        operation.is_object(),
        "{what}: {} {method} is not documented",
        case.documented
    );
    let documented = &operation["responses"][status.to_string()];
    assert!(
        documented.is_object(),
        "{what}: status not documented: {body}"
    );
    let Some(content) = documented["content"].as_object() else {
        assert!(
            body.is_empty(),
            "{what}: documented without a body, got {body}"
        );
        return status;
    };
    let content_type = content_type.unwrap_or_else(|| panic!("{what}: no content type"));
    let schema = &content
        .get(&content_type)
        .unwrap_or_else(|| panic!("{what}: {content_type} is not documented: {content:?}"))
        ["schema"];
    let instance: Value =
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("{what}: {e}: {body}"));
    let rooted = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": doc["components"],
        "allOf": [schema],
    });
    let validator = jsonschema::validator_for(&rooted).expect("the documented schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:?} in {body}");
    status
}

on_both_databases!(
    every_documented_route_answers_as_documented,
    |db| async move {
        let Some((app, pool)) = spawn_with_pool(db, &[]).await else {
            return;
        };
        let response = app.get("/api/v1/openapi.json").await;
        assert_eq!(response.status(), 200);
        let doc: Value = response.json().await.unwrap();
        assert!(
            doc["openapi"].as_str().unwrap().starts_with("3.1."),
            "{}",
            doc["openapi"]
        );
        assert!(doc["components"]["securitySchemes"]["token"].is_object());

        let owner = app
            .sign_in(&person(&pool, Role::Owner).await, PASSWORD)
            .await;
        let (_, token) = api_tokens::create(&pool, "Workshop", "owner")
            .await
            .unwrap();
        let (_, other) = api_tokens::create(&pool, "Other", "owner").await.unwrap();
        let (number, _) = app.released_order(&owner, "contract").await;
        let missing = "2099-999999";

        let one = "/api/v1/orders/{number}";
        let claim = "/api/v1/orders/{number}/claim";
        let progress = "/api/v1/orders/{number}/progress";
        let at = |template: &str, n: &str| template.replace("{number}", n);
        let mut cases = vec![
            case(
                "/api/v1/events",
                Method::GET,
                "/api/v1/events?limit=2".into(),
                &token,
            ),
            case(
                "/api/v1/events",
                Method::GET,
                "/api/v1/events?limit=0".into(),
                &token,
            ),
            case(
                "/api/v1/orders",
                Method::GET,
                "/api/v1/orders".into(),
                &token,
            ),
            case(
                "/api/v1/orders",
                Method::GET,
                "/api/v1/orders?status=x".into(),
                &token,
            ),
            case(one, Method::GET, at(one, &number), &token),
            case(one, Method::GET, at(one, missing), &token),
            case(claim, Method::POST, at(claim, &number), &token),
            case(claim, Method::POST, at(claim, &number), &other),
            case(claim, Method::POST, at(claim, missing), &token),
        ];
        let report = |body: Value, token: &str| Case {
            body: Some(body),
            ..case(progress, Method::POST, at(progress, &number), token)
        };
        cases.push(report(json!({"status": "in_production"}), &token));
        cases.push(report(json!({"status": "flying"}), &token));
        cases.push(report(json!({"status": "completed"}), &other));
        cases.push(Case {
            body: Some(json!({"status": "completed"})),
            ..case(progress, Method::POST, at(progress, missing), &token)
        });
        cases.push(case(claim, Method::DELETE, at(claim, &number), &other));
        cases.push(case(claim, Method::DELETE, at(claim, &number), &token));
        cases.push(case(claim, Method::DELETE, at(claim, missing), &token));

        let mut answered = BTreeSet::new();
        for case in &cases {
            let status = check(&app, &doc, case).await;
            answered.insert((case.documented, case.method.to_string(), status));
            let anonymous = Case {
                token: None,
                body: case.body.clone(),
                address: case.address.clone(),
                method: case.method.clone(),
                documented: case.documented,
            };
            assert_eq!(check(&app, &doc, &anonymous).await, 401);
        }
        for expected in [
            ("/api/v1/events", "GET", 200),
            ("/api/v1/events", "GET", 400),
            ("/api/v1/orders", "GET", 200),
            ("/api/v1/orders", "GET", 400),
            (one, "GET", 200),
            (one, "GET", 404),
            (claim, "POST", 200),
            (claim, "POST", 409),
            (claim, "POST", 404),
            (progress, "POST", 200),
            (progress, "POST", 422),
            (progress, "POST", 409),
            (progress, "POST", 404),
            (claim, "DELETE", 409),
            (claim, "DELETE", 204),
            (claim, "DELETE", 404),
        ] {
            let (path, method, status) = expected;
            assert!(
                answered.contains(&(path, method.to_owned(), status)),
                "{method} {path} did not answer {status}: {answered:?}"
            );
        }

        let documented: BTreeSet<(String, String)> = doc["paths"]
            .as_object()
            .unwrap()
            .iter()
            .flat_map(|(path, item)| {
                item.as_object()
                    .unwrap()
                    .keys()
                    .filter(|k| ["get", "post", "put", "patch", "delete"].contains(&k.as_str()))
                    .map(move |m| (path.clone(), m.to_ascii_uppercase()))
            })
            .collect();
        let exercised: BTreeSet<(String, String)> = cases
            .iter()
            .map(|c| (c.documented.to_owned(), c.method.to_string()))
            .collect();
        assert_eq!(documented, exercised, "every documented operation is tried");
    }
);

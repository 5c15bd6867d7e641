//! Every route the server answers, enumerated from its own lists (the
//! app's pages, its server functions, the back office's forms and
//! downloads, the production API's description, the customer's form
//! posts), gets every string of `tests/corpus/hostile.json` in every path
//! parameter, query value, form field, JSON field and cookie, plus wrong
//! types, truncated JSON, wrong content types and malformed requests; as a
//! visitor and signed in as the owner. Never a 5xx or a dropped answer,
//! every refusal says something, and no order or cart is stored.

use crate::admin::{person, PASSWORD};
use crate::helpers::{spawn_with_pool, Db, TestApp};
use crate::orders::count;
use app::admin::Role;
use futures_util::{stream, StreamExt};
use reqwest::Method;
use std::collections::BTreeSet;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CORPUS: &str = include_str!("../corpus/hostile.json");

/// Field names the forms and server functions of the app read.
const FIELDS: [&str; 40] = [
    "product",
    "config",
    "quantity",
    "key",
    "lang",
    "name",
    "email",
    "phone",
    "street",
    "postal_code",
    "city",
    "country",
    "terms",
    "cart",
    "revision",
    "id",
    "action",
    "line",
    "qty",
    "token",
    "password",
    "next",
    "role",
    "note",
    "reason",
    "query",
    "q",
    "status",
    "page",
    "version",
    "at",
    "url",
    "secret",
    "events",
    "capacity",
    "working_days",
    "holidays",
    "on_hand",
    "label",
    "price",
];

fn corpus() -> Vec<String> {
    let mut strings: Vec<String> = serde_json::from_str(CORPUS).expect("the corpus is JSON");
    // Long, but within the body limit once in a form (its refusal of
    // larger bodies has a test of its own).
    strings.push("x".repeat(10_000));
    strings.push("é".repeat(5_000));
    strings
}

/// Every (method, path) the server answers, `{param}` segments unfilled.
async fn routes(app: &TestApp) -> BTreeSet<(Method, String)> {
    let mut routes = BTreeSet::new();
    for route in leptos_axum::generate_route_list(app::App) {
        routes.insert((Method::GET, route.path().to_owned()));
        // The no-JavaScript forms post to the pages' own addresses.
        routes.insert((Method::POST, route.path().to_owned()));
    }
    for (path, method) in leptos::server_fn::axum::server_fn_paths() {
        let method = Method::from_bytes(method.as_str().as_bytes()).expect("a method");
        routes.insert((method, path.to_owned()));
    }
    for (path, _) in atelier_server::http::admin::FORMS {
        if path != "/admin/logout" {
            routes.insert((Method::POST, path.to_owned()));
        }
    }
    for (path, _) in atelier_server::http::admin::DOWNLOADS {
        routes.insert((Method::GET, path.to_owned()));
    }
    let description: serde_json::Value = app
        .get("/api/v1/openapi.json")
        .await
        .json()
        .await
        .expect("the API's description");
    for (path, operations) in description["paths"].as_object().expect("paths") {
        for method in operations.as_object().expect("operations").keys() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("a method");
            routes.insert((method, path.clone()));
        }
    }
    for path in [
        "/cart",
        "/healthz",
        "/readyz",
        "/metrics",
        "/favicon.svg",
        "/pkg/x.wasm",
    ] {
        routes.insert((Method::GET, path.to_owned()));
        routes.insert((Method::POST, path.to_owned()));
    }
    assert!(routes.len() > 60, "the routes were found: {routes:?}");
    routes
}

/// `path` with every `{param}` (or `{*rest}`, `:param`) segment `value`.
fn fill(path: &str, value: &str) -> String {
    let encoded = percent_encode(value);
    path.split('/')
        .map(|segment| {
            if segment.starts_with('{') || segment.starts_with(':') || segment.starts_with('*') {
                encoded.clone()
            } else {
                segment.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn percent_encode(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// The request a route gets for hostile `value`, the `n`th of the corpus:
/// in the path, in the query and the cookies, and (for routes that take a
/// body) in every field of a form or a JSON object, or as the whole body
/// under one of the content types, in turn.
fn request(
    app: &TestApp,
    method: &Method,
    path: &str,
    value: &str,
    n: usize,
) -> reqwest::RequestBuilder {
    // Values too long for an address (a browser refuses them too) go in
    // bodies only; the limit on addresses has a test of its own.
    let in_address = if value.len() > 1_000 { "long" } else { value };
    let url = format!("{}{}", app.address, fill(path, in_address));
    let v = percent_encode(in_address);
    let url_with_query = format!("{url}?lang={v}&qty={v}&{v}={v}&key={v}");
    let client = &app.client;
    let cookie = format!("atelier_cart={v}; atelier_checkout={v}; lang={v}");
    if *method == Method::GET {
        return client.get(url_with_query).header("cookie", cookie);
    }
    // A long value goes in one field, so that the body stays in the limit.
    let field_value = |i: usize| {
        if i == 5 || value.len() <= 1_000 {
            value
        } else {
            "x"
        }
    };
    let fields: serde_json::Map<String, serde_json::Value> = FIELDS
        .iter()
        .enumerate()
        .map(|(i, f)| (f.to_string(), field_value(i).into()))
        .collect();
    match n % 4 {
        0 => {
            let form: Vec<(&str, &str)> = FIELDS
                .iter()
                .enumerate()
                .map(|(i, f)| (*f, field_value(i)))
                .collect();
            client.request(method.clone(), url_with_query).form(&form)
        }
        1 => {
            let mut json = fields.clone();
            json.insert("form".into(), fields.into());
            client
                .request(method.clone(), url)
                .header("cookie", cookie)
                .json(&json)
        }
        kind => client
            .request(method.clone(), url)
            .header(
                "content-type",
                if kind == 2 {
                    "application/json"
                } else {
                    "text/plain; charset=utf-8"
                },
            )
            .body(value.to_owned()),
    }
}

/// Wrong types and malformed JSON for every JSON-reading route.
fn wrong_types(app: &TestApp, method: &Method, path: &str) -> Vec<reqwest::RequestBuilder> {
    let url = format!("{}{}", app.address, fill(path, "car"));
    let bodies = [
        r#"{"form":{"quantity":[1],"name":{"x":1},"terms":7,"key":null}}"#.to_owned(),
        r#"{"form":1e999}"#.to_owned(),
        r#"{"form":{"quantity":-5,"config":"engine=v8"},"form":2}"#.to_owned(),
        r#"{"form":{"product":"car","quantity":"18446744073709551617"}}"#.to_owned(),
        r#"{"form":{"product":"car""#.to_owned(),
        "[".repeat(10_000),
        "\u{0}\u{1}\u{2}".to_owned(),
    ];
    bodies
        .into_iter()
        .map(|body| {
            app.client
                .request(method.clone(), &url)
                .header("content-type", "application/json")
                .body(body)
        })
        .collect()
}

/// Sends everything; the problems found, as `METHOD path: what`.
async fn attack(app: &TestApp, cookie: Option<&str>) -> Vec<String> {
    let corpus = corpus();
    let mut all = Vec::new();
    let routes = routes(app).await.into_iter();
    // Signed in, the back office's routes only (visitors are sent to its
    // sign-in page).
    let routes = routes.filter(|(_, path)| cookie.is_none() || path.starts_with("/admin"));
    for (method, path) in routes {
        for (n, value) in corpus.iter().enumerate() {
            all.push((
                method.clone(),
                path.clone(),
                request(app, &method, &path, value, n),
            ));
        }
        if method != Method::GET {
            for request in wrong_types(app, &method, &path) {
                all.push((method.clone(), path.clone(), request));
            }
        }
    }
    let sent = all.len();
    let problems: Vec<String> = stream::iter(all)
        .map(|(method, path, request)| {
            let request = match cookie {
                Some(cookie) => request.header("cookie", cookie),
                None => request,
            };
            let client = app.client.clone();
            async move {
                let request = match request.build() {
                    Ok(request) => request,
                    Err(e) => return Some(format!("{method} {path}: not sent ({e})")),
                };
                let sent = format!(
                    "{} {:?}",
                    request.url().as_str().chars().take(120).collect::<String>(),
                    request.headers().get("content-type")
                );
                match client.execute(request).await {
                    Err(e) => Some(format!("{method} {path}: no answer ({e})")),
                    Ok(response) => {
                        let status = response.status();
                        let body = match response.bytes().await {
                            Ok(body) => body,
                            Err(e) => {
                                return Some(format!(
                                    "{method} {path}: {status} cut off ({e}; {sent})"
                                ))
                            }
                        };
                        if status.is_server_error() {
                            Some(format!(
                                "{method} {path}: {status} {} ({sent})",
                                String::from_utf8_lossy(&body[..body.len().min(200)])
                            ))
                        } else if status.is_client_error() && body.is_empty() && status != 405 {
                            Some(format!(
                                "{method} {path}: {status} without a message ({sent})"
                            ))
                        } else {
                            None
                        }
                    }
                }
            }
        })
        .buffer_unordered(8)
        .filter_map(|p| async move { p })
        .collect()
        .await;
    eprintln!("{sent} hostile requests, {} problems", problems.len());
    // One line per route and kind of problem.
    let mut seen = BTreeSet::new();
    let mut problems = problems;
    problems.retain(|p| {
        let kind: Vec<&str> = p.splitn(4, ' ').take(3).collect();
        seen.insert(kind.join(" "))
    });
    for p in &problems {
        eprintln!("  {}", p.chars().take(300).collect::<String>());
    }
    problems
}

/// Malformed HTTP on raw connections: each gets an answer or a close, and
/// the server keeps answering.
async fn malformed(app: &TestApp) {
    let address = app.address.trim_start_matches("http://").to_owned();
    let long_header = format!(
        "GET / HTTP/1.1\r\nHost: a\r\nX-Long: {}\r\n\r\n",
        "a".repeat(200_000)
    );
    let requests: Vec<Vec<u8>> = vec![
        b"GET / HTTP/1.1\r\nHost".to_vec(),
        b"GARBAGE\r\n\r\n".to_vec(),
        b"GET /\r\n\r\n".to_vec(),
        b"GET / HTTP/9.9\r\nHost: a\r\n\r\n".to_vec(),
        b"GET / HTTP/1.1\r\nNo colon here\r\n\r\n".to_vec(),
        b"POST /api/place_order HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\nContent-Type: application/json\r\n\r\n{\"form\":".to_vec(),
        b"POST /cart HTTP/1.1\r\nHost: a\r\nContent-Length: -5\r\n\r\n".to_vec(),
        b"POST /cart HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".to_vec(),
        b"GET /\x00\xff HTTP/1.1\r\nHost: a\r\n\r\n".to_vec(),
        long_header.into_bytes(),
    ];
    for request in requests {
        let mut stream = tokio::net::TcpStream::connect(&address)
            .await
            .expect("connect");
        let _ = stream.write_all(&request).await;
        let _ = stream.shutdown().await;
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer).await;
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            !answer.starts_with("HTTP/1.1 5"),
            "{:?}: {answer}",
            String::from_utf8_lossy(&request[..request.len().min(80)])
        );
    }
    assert_eq!(app.get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn hostile_input_on_every_route_is_refused_cleanly() {
    let Some((app, pool)) =
        spawn_with_pool(Db::Sqlite, &[("ATELIER_REQUEST_TIMEOUT_SECS", "120")]).await
    else {
        return;
    };
    // Signed in first: the visitors' attack trips the sign-in limits.
    let owner = app
        .sign_in(&person(&pool, Role::Owner).await, PASSWORD)
        .await;
    let mut problems = attack(&app, None).await;
    problems.extend(attack(&app, Some(&owner)).await);
    assert!(
        problems.is_empty(),
        "{} kinds of problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    malformed(&app).await;
    for (what, sql) in [
        ("orders", "SELECT COUNT(*) FROM orders"),
        ("carts", "SELECT COUNT(*) FROM carts"),
    ] {
        assert_eq!(
            count(&pool, sql).await,
            0,
            "{what} stored from hostile input"
        );
    }
}

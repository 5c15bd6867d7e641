//! The production API, `/api/v1`: what workshops and production systems use
//! instead of the back office. They authenticate with an owner's API token,
//! read the event feed (the webhooks' events, by cursor), list released
//! orders, claim one, and report its progress through the same workflow the
//! back office uses. Its OpenAPI 3.1 description is generated from this
//! code ([`ApiDoc`]) and served at `/api/v1/openapi.json`.

mod client;
mod feed;
mod orders;
pub mod schema;

use crate::http::AppState;
use axum::{
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::{any, get, post},
    Json, Router,
};
pub use client::ApiClient;
use engine::Text;
use std::sync::LazyLock;
use utoipa::OpenApi;

/// The API's description, generated from the handlers and types.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Atelier production API",
        version = "1",
        description = "For production systems: the event feed, released orders, claims and progress reports. Authenticate with an API token an owner makes at /admin/integrations: `Authorization: Bearer atl_…`."
    ),
    paths(feed::events, orders::list, orders::one, orders::claim, orders::unclaim, orders::progress),
    components(schemas(schema::Problem)),
    modifiers(&BearerToken),
    tags((name = "production", description = "Orders and events for production"))
)]
pub struct ApiDoc;

struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("atl_ token")
                    .build(),
            ),
        );
    }
}

static DESCRIPTION: LazyLock<String> = LazyLock::new(|| {
    ApiDoc::openapi()
        .to_pretty_json()
        .expect("the API description serialises")
});

/// The API's routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(description))
        .route("/api/v1/events", get(feed::events))
        .route("/api/v1/orders", get(orders::list))
        .route("/api/v1/orders/{number}", get(orders::one))
        .route(
            "/api/v1/orders/{number}/claim",
            post(orders::claim).delete(orders::unclaim),
        )
        .route("/api/v1/orders/{number}/progress", post(orders::progress))
        .route("/api/v1", any(unknown))
        .route("/api/v1/", any(unknown))
        .route("/api/v1/{*rest}", any(unknown))
        .method_not_allowed_fallback(not_allowed)
}

/// A known address asked with a method it does not take.
async fn not_allowed(headers: HeaderMap) -> Response {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "Method not allowed",
        Text {
            de: "Diese Adresse nimmt diese Methode nicht; siehe /api/v1/openapi.json.".into(),
            en: "This address does not take this method; see /api/v1/openapi.json.".into(),
        },
    )
    .answer(&headers)
}

/// Any other address under `/api/v1` (a JSON 404, not the shop's page).
async fn unknown(headers: HeaderMap) -> Response {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "Not found",
        Text {
            de: "Diese Adresse gibt es in der API nicht; siehe /api/v1/openapi.json.".into(),
            en: "The API has no such address; see /api/v1/openapi.json.".into(),
        },
    )
    .answer(&headers)
}

/// `GET /api/v1/openapi.json`: the API's OpenAPI 3.1 description.
async fn description() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        DESCRIPTION.as_str(),
    )
        .into_response()
}

/// A refusal, answered as RFC 9457 problem details in the asked language.
#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    title: &'static str,
    detail: Text,
}

impl ApiError {
    pub fn new(status: StatusCode, title: &'static str, detail: Text) -> ApiError {
        ApiError {
            status,
            title,
            detail,
        }
    }

    /// The database or another part failed: logged, answered with 503.
    pub fn unavailable(e: anyhow::Error, what: &str) -> ApiError {
        tracing::error!(error = %format!("{e:#}"), what, "API request failed");
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "Unavailable",
            Text {
                de: "Das geht gerade nicht; bitte gleich noch einmal versuchen.".into(),
                en: "This is not possible right now; please try again shortly.".into(),
            },
        )
    }

    /// The answer, in German if the request asks for it.
    pub fn answer(self, headers: &HeaderMap) -> Response {
        let german = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("de"));
        let detail = if german {
            self.detail.de
        } else {
            self.detail.en
        };
        let body = schema::Problem {
            title: self.title.to_owned(),
            status: self.status.as_u16(),
            detail,
        };
        let mut response = (self.status, Json(body)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/problem+json"),
        );
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"atelier\""),
            );
        }
        response
    }
}

/// A handler's answer: JSON, or a problem.
type Answer<T> = Result<Json<T>, ApiError>;

/// Turns a handler's result into the response, with the problem in the
/// request's language.
fn respond<T: serde::Serialize>(headers: &HeaderMap, answer: Answer<T>) -> Response {
    match answer {
        Ok(body) => body.into_response(),
        Err(problem) => problem.answer(headers),
    }
}

fn bad_request(detail: Text) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "Bad request", detail)
}

//! Who is asking: the production system an API token names. Every API
//! route but the description takes an [`ApiClient`].

use super::ApiError;
use crate::auth::api_tokens::{self, Client};
use crate::http::AppState;
use axum::{
    extract::FromRequestParts,
    http::{header, request::Parts, StatusCode},
    response::{IntoResponse, Response},
};
use engine::Text;

/// The authenticated client of a request.
pub struct ApiClient(pub Client);

impl FromRequestParts<AppState> for ApiClient {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let presented = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim);
        let refused = |detail: Text| {
            ApiError::new(StatusCode::UNAUTHORIZED, "Unauthorized", detail).answer(&parts.headers)
        };
        let Some(presented) = presented else {
            return Err(refused(Text {
                de: "Bitte ein API-Token mitschicken: „Authorization: Bearer atl_…“. Ein Inhaber legt es unter /admin/integrations an.".into(),
                en: "Please send an API token: “Authorization: Bearer atl_…”. An owner makes one at /admin/integrations.".into(),
            }));
        };
        match api_tokens::authenticate(&state.pool, presented).await {
            Ok(Some(client)) => Ok(ApiClient(client)),
            Ok(None) => Err(refused(Text {
                de: "Dieses API-Token gilt nicht (unbekannt oder widerrufen).".into(),
                en: "This API token is not valid (unknown or revoked).".into(),
            })),
            Err(e) => Err(ApiError::unavailable(e, "checking an API token")
                .answer(&parts.headers)
                .into_response()),
        }
    }
}

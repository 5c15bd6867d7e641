//! The catalog forms over HTTP (marketing and owners; the guard,
//! [`super::admin::guard`], has checked): uploading a whole catalog as the
//! draft, publishing or discarding the draft, rolling back to a version,
//! and downloading any version. Each redirects with what it did
//! (`?done=…`); a refused form shows its page again with the reason.

use super::admin_form::{incomplete, unavailable, Posted};
use super::AppState;
use crate::back_office::catalog::{self, PublishForm};
use crate::back_office::catalog_editor::Refusal;
use app::admin::catalog::parse_version;
use app::admin::SignedIn;
use axum::{
    extract::{multipart::Multipart, Extension, Path, State},
    http::{header, HeaderMap, StatusCode, Uri},
    response::{IntoResponse, Redirect, Response},
    routing::post,
    Router,
};
use engine::Text;

/// The largest catalog document an upload may carry (the BR4CP Renault
/// model's is about 16 MB).
pub const MAX_UPLOAD_BYTES: usize = 32 * 1024 * 1024;

/// The routes that take whole catalogs or whole products, which take
/// larger bodies than every other one: the upload, and a product's form and
/// its live check (a product such as the Renault model has thousands of
/// fields and tables of many rows).
pub fn upload_router() -> Router<AppState> {
    use super::admin_catalog_editor::{check, save_product};
    Router::new()
        .route("/admin/catalog/import", post(import))
        .route("/admin/catalog/draft/products/{id}", post(save_product))
        .route("/admin/catalog/draft/products/{id}/check", post(check))
        // The multipart reader has a limit of its own (2 MB by default).
        .layer(axum::extract::DefaultBodyLimit::max(MAX_UPLOAD_BYTES))
}

const OVERVIEW: &str = "/admin/catalog";
const DRAFT: &str = "/admin/catalog/draft";

/// `POST /admin/catalog/import` (multipart: `revision`, `document`): the
/// uploaded document becomes the draft.
pub async fn import(
    State(state): State<AppState>,
    Extension(person): Extension<SignedIn>,
    uri: Uri,
    headers: HeaderMap,
    request: axum::extract::Request,
) -> Response {
    let multipart = multipart_of(request).await;
    let posted = Posted::new(state, person, uri, headers, &[]);
    let (seen, document) = match read_upload(multipart).await {
        Ok(upload) => upload,
        Err(refusal) => {
            return posted
                .refuse(OVERVIEW, StatusCode::UNPROCESSABLE_ENTITY, refusal)
                .await
        }
    };
    let state = &posted.state;
    let saved = catalog::save_draft(
        &state.pool,
        state.backend,
        &state.time_zone,
        &document,
        seen,
        &posted.person.user_id,
    )
    .await;
    match saved {
        Ok(Ok(_)) => Redirect::to(&format!("{DRAFT}?done=saved")).into_response(),
        Ok(Err(Refusal::Invalid(e))) => {
            posted
                .refuse(OVERVIEW, StatusCode::UNPROCESSABLE_ENTITY, e.message)
                .await
        }
        Ok(Err(Refusal::Stale { message, conflict })) => {
            posted
                .refuse_with(OVERVIEW, StatusCode::CONFLICT, message, Some(conflict))
                .await
        }
        Err(e) => unavailable(e, "saving the catalog draft"),
    }
}

/// The draft revision the form started from and the uploaded document.
/// The upload's parts. A body that is not multipart is read to its end
/// first (within the limit): answered early, a client still sending it
/// would lose the refusal.
async fn multipart_of(
    request: axum::extract::Request,
) -> Result<Multipart, axum::extract::multipart::MultipartRejection> {
    use axum::extract::FromRequest;
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if multipart {
        return Multipart::from_request(request, &()).await;
    }
    let (parts, body) = request.into_parts();
    let _ = axum::body::to_bytes(body, MAX_UPLOAD_BYTES).await;
    let empty = axum::extract::Request::from_parts(parts, axum::body::Body::empty());
    Multipart::from_request(empty, &()).await
}

async fn read_upload(
    multipart: Result<Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(i64, String), Text> {
    let unreadable = |why: String| Text {
        de: format!("Das Hochladen hat nicht geklappt: {why}"),
        en: format!("The upload did not work: {why}"),
    };
    let mut multipart = multipart.map_err(|e| unreadable(e.body_text()))?;
    let (mut seen, mut document) = (None, None);
    while let Some(part) = multipart
        .next_field()
        .await
        .map_err(|e| unreadable(e.body_text()))?
    {
        match part.name() {
            Some("revision") => {
                let text = part.text().await.map_err(|e| unreadable(e.body_text()))?;
                seen = text.trim().parse::<i64>().ok().filter(|r| *r >= 0);
            }
            Some("document") => {
                let bytes = part.bytes().await.map_err(|e| unreadable(e.body_text()))?;
                document = Some(String::from_utf8(bytes.to_vec()).map_err(|_| Text {
                    de: "Das Dokument ist kein UTF-8-Text.".into(),
                    en: "The document is not UTF-8 text.".into(),
                })?);
            }
            _ => {}
        }
    }
    let seen = seen.ok_or_else(incomplete)?;
    match document {
        Some(document) if !document.trim().is_empty() => Ok((seen, document)),
        _ => Err(Text {
            de: "Bitte ein Katalogdokument wählen (JSON oder TOML).".into(),
            en: "Please choose a catalog document (JSON or TOML).".into(),
        }),
    }
}

/// `POST /admin/catalog/draft/publish` (`revision`, `note`,
/// `warnings_confirmed`): the reviewed draft becomes the next version.
pub async fn publish(posted: Posted) -> Response {
    let Some(seen) = seen_revision(&posted) else {
        return posted
            .refuse(DRAFT, StatusCode::UNPROCESSABLE_ENTITY, incomplete())
            .await;
    };
    let form = PublishForm {
        seen,
        note: posted.field("note").to_owned(),
        warnings_confirmed: posted.field("warnings_confirmed") == "yes",
        override_reason: posted.field("override_reason").to_owned(),
    };
    let at = match scheduled_time(posted.field("publish_at"), &posted.state.time_zone) {
        Ok(at) => at,
        Err(refusal) => {
            return posted
                .refuse(DRAFT, StatusCode::UNPROCESSABLE_ENTITY, refusal)
                .await
        }
    };
    let by = posted.person.email.clone();
    let state = &posted.state;
    match catalog::publish_draft(&state.pool, &form, &by, at, &state.time_zone).await {
        Ok(Ok(catalog::Published::Now(published))) => {
            let version = published.version;
            serve(&posted.state, published);
            Redirect::to(&format!("{OVERVIEW}?done=published&version={version}")).into_response()
        }
        Ok(Ok(catalog::Published::Scheduled(_))) => {
            Redirect::to(&format!("{OVERVIEW}?done=scheduled")).into_response()
        }
        Ok(Err(refusal)) => {
            posted
                .refuse(DRAFT, StatusCode::UNPROCESSABLE_ENTITY, refusal)
                .await
        }
        Err(e) => unavailable(e, "publishing the catalog"),
    }
}

/// The time a publication is scheduled for (`datetime-local`, shop time),
/// none for now; a time not in the future is refused.
fn scheduled_time(field: &str, time_zone: &str) -> Result<Option<jiff::Timestamp>, Text> {
    let field = field.trim();
    if field.is_empty() {
        return Ok(None);
    }
    let refused = || {
        Text {
        de: "Bitte einen Zeitpunkt in der Zukunft angeben (Datum und Uhrzeit, Zeit des Shops) oder das Feld leer lassen.".into(),
        en: "Please give a time in the future (date and time, the shop's time) or leave the field empty.".into(),
    }
    };
    let civil: jiff::civil::DateTime = field.parse().map_err(|_| refused())?;
    let zone = jiff::tz::TimeZone::get(time_zone).map_err(|_| refused())?;
    let at = zone
        .to_ambiguous_timestamp(civil)
        .compatible()
        .map_err(|_| refused())?
        .round(jiff::Unit::Second)
        .map_err(|_| refused())?;
    if at <= jiff::Timestamp::now() {
        return Err(refused());
    }
    Ok(Some(at))
}

/// `POST /admin/catalog/draft/unschedule` (`revision`).
pub async fn unschedule(posted: Posted) -> Response {
    let Some(seen) = seen_revision(&posted) else {
        return posted
            .refuse(DRAFT, StatusCode::UNPROCESSABLE_ENTITY, incomplete())
            .await;
    };
    match catalog::unschedule(&posted.state.pool, seen).await {
        Ok(_) => Redirect::to(&format!("{OVERVIEW}?done=unscheduled")).into_response(),
        Err(e) => unavailable(e, "unscheduling the catalog"),
    }
}

/// `POST /admin/catalog/draft/discard` (`revision`).
pub async fn discard(posted: Posted) -> Response {
    let Some(seen) = seen_revision(&posted) else {
        return posted
            .refuse(DRAFT, StatusCode::UNPROCESSABLE_ENTITY, incomplete())
            .await;
    };
    match catalog::discard_draft(&posted.state.pool, seen).await {
        Ok(true) => Redirect::to(&format!("{OVERVIEW}?done=discarded")).into_response(),
        Ok(false) => {
            let refusal = Text {
                de: "Der Entwurf wurde inzwischen geändert oder ist weg; nichts wurde verworfen."
                    .into(),
                en: "The draft changed meanwhile or is gone; nothing was discarded.".into(),
            };
            posted.refuse(DRAFT, StatusCode::CONFLICT, refusal).await
        }
        Err(e) => unavailable(e, "discarding the catalog draft"),
    }
}

/// `POST /admin/catalog/versions/{version}/rollback` (`note`): publishes
/// that version again as the next one.
pub async fn roll_back(Path(version): Path<String>, posted: Posted) -> Response {
    let Some(version) = parse_version(&version) else {
        return no_such_version();
    };
    let by = posted.person.email.clone();
    let note = posted.field("note").to_owned();
    match catalog::roll_back(&posted.state.pool, version, &note, &by).await {
        Ok(Ok(published)) => {
            let new = published.version;
            serve(&posted.state, published);
            Redirect::to(&format!("{OVERVIEW}?done=rolledback&version={new}")).into_response()
        }
        Ok(Err(refusal)) => {
            posted
                .refuse(OVERVIEW, StatusCode::UNPROCESSABLE_ENTITY, refusal)
                .await
        }
        Err(e) => unavailable(e, "rolling the catalog back"),
    }
}

/// `GET /admin/catalog/versions/{version}/export`: the version as one
/// document, named by its number; a version never changes.
pub async fn export(State(state): State<AppState>, Path(version): Path<String>) -> Response {
    let Some(version) = parse_version(&version) else {
        return no_such_version();
    };
    match catalog::export(&state.pool, version).await {
        Ok(Some(document)) => (
            [
                (header::CONTENT_TYPE, "application/json".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"catalog-v{version}.json\""),
                ),
                (header::ETAG, format!("\"catalog-v{version}\"")),
            ],
            document,
        )
            .into_response(),
        Ok(None) => no_such_version(),
        Err(e) => unavailable(e, "exporting a catalog version"),
    }
}

/// Serves the version just published in this process at once, without
/// compiling it again (the other processes follow within a second).
fn serve(state: &AppState, published: app::state::PublishedCatalog) {
    if published.version > state.catalog.current().version {
        tracing::info!(version = published.version, "serving catalog");
        state.catalog.replace(published);
    }
}

/// `POST /admin/catalog/tests` (`product`, `link`, `label`): saves a test
/// configuration expecting what the link gives on the live catalog now.
pub async fn add_test(posted: Posted) -> Response {
    let live = posted.state.catalog.current();
    let added = crate::back_office::catalog_tests::add(
        &posted.state.pool,
        &live,
        posted.field("product"),
        posted.field("link"),
        posted.field("label"),
        &posted.person.user_id,
    )
    .await;
    match added {
        Ok(Ok(_)) => Redirect::to(&format!("{OVERVIEW}?done=tested#tests")).into_response(),
        Ok(Err(refusal)) => {
            posted
                .refuse(OVERVIEW, StatusCode::UNPROCESSABLE_ENTITY, refusal)
                .await
        }
        Err(e) => unavailable(e, "saving a test configuration"),
    }
}

/// `POST /admin/catalog/tests/{id}/delete`.
pub async fn delete_test(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    match crate::back_office::catalog_tests::delete(&state.pool, &id).await {
        Ok(_) => Redirect::to(&format!("{OVERVIEW}?done=untested#tests")).into_response(),
        Err(e) => unavailable(e, "deleting a test configuration"),
    }
}

/// The draft revision a form started from, if it sent one.
fn seen_revision(posted: &Posted) -> Option<i64> {
    posted.field("revision").trim().parse().ok()
}

fn no_such_version() -> Response {
    (StatusCode::NOT_FOUND, "There is no such catalog version.").into_response()
}

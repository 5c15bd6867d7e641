//! The catalog editor's forms over HTTP (marketing and owners; the guard
//! has checked): a product's form, a new product, the catalog settings, a
//! table as CSV, and the live check the editor page asks for while typing.
//! A saved form redirects back to where it was; a refused one shows the
//! page again with the reason (and, when stale, what changed meanwhile).

use super::admin_form::{incomplete, unavailable, Posted};
use super::AppState;
use crate::back_office::catalog_editor::{self, Refusal};
use app::admin::catalog_form::{self, FormError};
use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Json,
};
use engine::Catalog;

/// The editor page of product `id`.
pub fn product_page(id: &str) -> String {
    format!("/admin/catalog/draft/products/{id}")
}

const EDITOR: &str = "/admin/catalog/draft/products";

/// `POST /admin/catalog/draft/products/{id}` (`revision`, the product's
/// fields, `action`): saves the fields, then does what the button says.
pub async fn save_product(Path(id): Path<String>, posted: Posted) -> Response {
    let back = product_page(&id);
    let action = posted.field("action").to_owned();
    let saved = save(&posted, &back, |catalog| {
        catalog_form::apply(catalog, &id, &posted.form)
    })
    .await;
    match saved {
        Ok(()) => Redirect::to(&format!("{back}?done=saved{}", fragment(&action))).into_response(),
        Err(response) => response,
    }
}

/// Where the page scrolls after `action`: the thing it changed.
fn fragment(action: &str) -> String {
    let mut parts = action.split(':');
    let verb = parts.next().unwrap_or("");
    let section = match (verb, parts.next()) {
        ("add-option" | "delete-option" | "up-option" | "up-attribute", Some(i)) => {
            format!("a{i}")
        }
        ("add-attribute" | "delete-attribute", _) => "attributes".into(),
        ("add-rule" | "delete-rule", _) => "rules".into(),
        ("add-table" | "delete-table", _) => "tables".into(),
        ("add-price-rule" | "delete-price-rule", _) => "price-rules".into(),
        ("add-tier" | "delete-tier", _) => "tiers".into(),
        _ => return String::new(),
    };
    format!("#{section}")
}

/// `POST /admin/catalog/draft/products` (`revision`, `new_product.*`).
pub async fn add_product(posted: Posted) -> Response {
    let id = posted.field("new_product.id").trim().to_owned();
    let saved = save(&posted, EDITOR, |catalog| {
        catalog_form::add_product(catalog, &posted.form).map(|_| ())
    })
    .await;
    match saved {
        Ok(()) => Redirect::to(&format!("{}?done=added", product_page(&id))).into_response(),
        Err(response) => response,
    }
}

/// `POST /admin/catalog/draft/settings` (`revision`, `vat`).
pub async fn save_settings(posted: Posted) -> Response {
    let saved = save(&posted, EDITOR, |catalog| {
        catalog_form::apply_settings(catalog, &posted.form)
    })
    .await;
    match saved {
        Ok(()) => Redirect::to(&format!("{EDITOR}?done=saved")).into_response(),
        Err(response) => response,
    }
}

/// Saves `change` on the revision the form names; the refusal page if not.
async fn save(
    posted: &Posted,
    back: &str,
    change: impl Fn(&mut Catalog) -> Result<(), FormError>,
) -> Result<(), Response> {
    let Some(seen) = posted.field("revision").trim().parse::<i64>().ok() else {
        return Err(refuse(
            posted,
            back,
            StatusCode::UNPROCESSABLE_ENTITY,
            incomplete(),
            None,
        )
        .await);
    };
    let state = &posted.state;
    let saved = catalog_editor::edit(
        &state.pool,
        state.backend,
        &state.time_zone,
        seen,
        &posted.person.user_id,
        change,
    )
    .await;
    match saved {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(Refusal::Invalid(e))) => Err(refuse(
            posted,
            back,
            StatusCode::UNPROCESSABLE_ENTITY,
            e.message,
            None,
        )
        .await),
        Ok(Err(Refusal::Stale { message, conflict })) => {
            Err(refuse(posted, back, StatusCode::CONFLICT, message, Some(conflict)).await)
        }
        Err(e) => Err(unavailable(e, "saving the catalog draft")),
    }
}

async fn refuse(
    posted: &Posted,
    back: &str,
    status: StatusCode,
    message: engine::Text,
    conflict: Option<app::admin::catalog::Conflict>,
) -> Response {
    posted
        .clone()
        .refuse_with(back, status, message, conflict)
        .await
}

/// `POST /admin/catalog/draft/products/{id}/check` (the product's form):
/// what the catalog check would find with these fields, as JSON, for the
/// editor page while typing. Nothing is saved.
pub async fn check(State(state): State<AppState>, Path(id): Path<String>, body: Bytes) -> Response {
    let form = super::admin_form::pairs(&body);
    let catalog = match catalog_editor::draft_or_live(&state.pool).await {
        Ok((_, catalog)) => catalog,
        Err(e) => return unavailable(e, "reading the catalog draft"),
    };
    let Some(product) = catalog.products.iter().find(|p| p.id == id) else {
        return (
            StatusCode::NOT_FOUND,
            "There is no such product in the draft.",
        )
            .into_response();
    };
    let product = product.clone();
    match catalog_editor::check_form(&catalog, &id, &form).await {
        Ok(Ok(findings)) => Json(serde_json::json!({
            "findings": findings.iter().map(|f| serde_json::json!({
                "anchor": catalog_form::anchor(&product, &f.problem.path),
                "path": f.problem.path,
                "message": f.problem.message,
                "error": f.error,
            })).collect::<Vec<_>>(),
        }))
        .into_response(),
        Ok(Err(e)) => Json(serde_json::json!({
            "field": e.field,
            "message": { "de": e.message.de, "en": e.message.en },
            "findings": [],
        }))
        .into_response(),
        Err(e) => unavailable(e, "checking a catalog form"),
    }
}

/// `GET /admin/catalog/draft/products/{id}/tables/{table}/csv`: one table
/// of the draft as CSV, for a spreadsheet.
pub async fn table_csv(
    State(state): State<AppState>,
    Path((id, table)): Path<(String, String)>,
) -> Response {
    let catalog = match catalog_editor::draft_or_live(&state.pool).await {
        Ok((_, catalog)) => catalog,
        Err(e) => return unavailable(e, "reading the catalog draft"),
    };
    let found = catalog
        .products
        .iter()
        .find(|p| p.id == id)
        .and_then(|p| p.tables.iter().find(|t| t.id == table));
    match found {
        Some(t) => (
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{}.csv\"", file_name(&id, &t.id)),
                ),
            ],
            engine::table_csv::table_to_csv(t),
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            "There is no such table in the draft.",
        )
            .into_response(),
    }
}

/// A download's file name from ids, kept to characters safe in a header.
fn file_name(product: &str, table: &str) -> String {
    format!("{product}-{table}")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect()
}

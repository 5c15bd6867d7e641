//! The back office's production and stock forms over HTTP: a line's
//! settings, a component's settings, and its expected deliveries. The guard
//! ([`super::admin::guard`]) has let in only people who may open operations.
//! A saved change redirects to its page (`?saved=N`); a refused one shows
//! the page again with the reason and the input kept.

use super::admin_form::{incomplete, unavailable, Posted};
use crate::back_office::operations::change::{self, Outcome};
use app::admin::operations::{ComponentSettings, LineSettings, NewDelivery};
use axum::{
    extract::Path,
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use engine::query::percent_encode;
use engine::Text;
use serde::de::DeserializeOwned;

impl Posted {
    /// The answer to what the change got.
    async fn answer(self, back: &str, outcome: anyhow::Result<Outcome>) -> Response {
        match outcome {
            Ok(Ok(changed)) => Redirect::to(&format!("{back}?saved={changed}")).into_response(),
            Ok(Err(message)) => self.refuse(back, StatusCode::CONFLICT, message).await,
            Err(e) => unavailable(e, "an operations change"),
        }
    }

    /// The settings the page showed (the hidden `seen` field).
    fn seen<T: DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_str(self.field("seen")).ok()
    }
}

fn line_path(id: &str) -> String {
    format!("/admin/operations/lines/{}", percent_encode(id))
}

fn component_path(id: &str) -> String {
    format!("/admin/operations/components/{}", percent_encode(id))
}

/// Every problem in one message.
fn joined(problems: Vec<Text>) -> Text {
    let join = |pick: fn(&Text) -> &str| problems.iter().map(pick).collect::<Vec<_>>().join(" ");
    Text {
        de: join(|t| &t.de),
        en: join(|t| &t.en),
    }
}

/// `POST /admin/operations/lines/{id}`: capacity, working days, holidays.
pub async fn save_line(Path(id): Path<String>, posted: Posted) -> Response {
    let back = line_path(&id);
    let Some(seen) = posted.seen::<LineSettings>() else {
        return posted
            .refuse(&back, StatusCode::UNPROCESSABLE_ENTITY, incomplete())
            .await;
    };
    let next = match LineSettings::from_form(&posted.form) {
        Ok(next) => next,
        Err(problems) => {
            return posted
                .refuse(&back, StatusCode::UNPROCESSABLE_ENTITY, joined(problems))
                .await
        }
    };
    let outcome = change::save_line(
        &posted.state.pool,
        posted.state.backend,
        &id,
        &seen,
        &next,
        &posted.person.user_id,
    )
    .await;
    posted.answer(&back, outcome).await
}

/// `POST /admin/operations/components/{id}`: on hand, lead time, reorder level.
pub async fn save_component(Path(id): Path<String>, posted: Posted) -> Response {
    let back = component_path(&id);
    let Some(seen) = posted.seen::<ComponentSettings>() else {
        return posted
            .refuse(&back, StatusCode::UNPROCESSABLE_ENTITY, incomplete())
            .await;
    };
    let next = match ComponentSettings::from_form(&posted.form) {
        Ok(next) => next,
        Err(problems) => {
            return posted
                .refuse(&back, StatusCode::UNPROCESSABLE_ENTITY, joined(problems))
                .await
        }
    };
    let outcome = change::save_component(
        &posted.state.pool,
        posted.state.backend,
        &id,
        &seen,
        &next,
        &posted.person.user_id,
    )
    .await;
    posted.answer(&back, outcome).await
}

/// `POST /admin/operations/components/{id}/deliveries`: a delivery expected.
pub async fn add_delivery(Path(id): Path<String>, posted: Posted) -> Response {
    let back = component_path(&id);
    let today = match crate::operations::today_in(&posted.state.time_zone) {
        Ok(today) => today,
        Err(e) => return unavailable(e, "reading today"),
    };
    let delivery = match NewDelivery::from_form(&posted.form, today) {
        Ok(delivery) => delivery,
        Err(problems) => {
            return posted
                .refuse(&back, StatusCode::UNPROCESSABLE_ENTITY, joined(problems))
                .await
        }
    };
    let outcome = change::add_delivery(
        &posted.state.pool,
        posted.state.backend,
        &id,
        &delivery,
        &posted.person.user_id,
    )
    .await;
    posted.answer(&back, outcome).await
}

/// `POST /admin/operations/components/{id}/deliveries/{delivery}`: the
/// delivery received into stock (`action=receive`) or cancelled (`cancel`).
pub async fn settle_delivery(
    Path((id, delivery)): Path<(String, String)>,
    posted: Posted,
) -> Response {
    let back = component_path(&id);
    let receive = match posted.field("action") {
        "receive" => true,
        "cancel" => false,
        _ => {
            return posted
                .refuse(&back, StatusCode::UNPROCESSABLE_ENTITY, incomplete())
                .await
        }
    };
    let outcome = change::settle_delivery(
        &posted.state.pool,
        posted.state.backend,
        &id,
        &delivery,
        receive,
        &posted.person.user_id,
    )
    .await;
    posted.answer(&back, outcome).await
}

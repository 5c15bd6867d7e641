//! The integrations forms over HTTP (owners only; the guard,
//! [`super::admin::guard`], has checked): adding and changing a webhook
//! endpoint, rotating its secret, enabling or disabling it, sending it a
//! test event, and redelivering. Each redirects to the endpoint's page with
//! what it did (`?done=…`); a refused form shows the page again with the
//! reason and the input kept.

use super::admin_form::{incomplete, unavailable, Posted};
use super::AppState;
use crate::auth::api_tokens;
use crate::back_office::webhooks;
use app::admin::integrations::EndpointForm;
use app::admin::SignedIn;
use axum::{
    extract::{Extension, Path, State},
    http::StatusCode,
    response::{IntoResponse, Redirect, Response},
};
use engine::Text;

fn endpoint_path(id: &str) -> String {
    format!("/admin/integrations/{}", engine::query::percent_encode(id))
}

fn done(id: &str, what: &str) -> Response {
    Redirect::to(&format!("{}?done={what}", endpoint_path(id))).into_response()
}

fn no_such_endpoint() -> Text {
    Text {
        de: "Diesen Empfänger gibt es nicht (mehr).".into(),
        en: "There is no such endpoint (any more).".into(),
    }
}

/// `POST /admin/integrations`: adds an endpoint with a new secret.
pub async fn add(posted: Posted) -> Response {
    let form = match EndpointForm::from_form(&posted.form) {
        Ok(form) => form,
        Err(problem) => {
            return posted
                .refuse(
                    "/admin/integrations",
                    StatusCode::UNPROCESSABLE_ENTITY,
                    problem,
                )
                .await
        }
    };
    match webhooks::add(&posted.state.pool, &form, &posted.person.email).await {
        Ok(id) => done(&id, "added"),
        Err(e) => unavailable(e.into(), "adding an endpoint"),
    }
}

/// `POST /admin/integrations/{id}`: changes its address, description and types.
pub async fn update(Path(id): Path<String>, posted: Posted) -> Response {
    let back = endpoint_path(&id);
    let form = match EndpointForm::from_form(&posted.form) {
        Ok(form) => form,
        Err(problem) => {
            return posted
                .refuse(&back, StatusCode::UNPROCESSABLE_ENTITY, problem)
                .await
        }
    };
    match webhooks::update(&posted.state.pool, &id, &form).await {
        Ok(true) => done(&id, "saved"),
        Ok(false) => {
            posted
                .refuse(&back, StatusCode::NOT_FOUND, no_such_endpoint())
                .await
        }
        Err(e) => unavailable(e.into(), "changing an endpoint"),
    }
}

/// The answer to a step on endpoint `id` that found it (`true`) or not.
async fn stepped(
    posted: Posted,
    id: &str,
    what: &str,
    outcome: Result<bool, sqlx::Error>,
) -> Response {
    match outcome {
        Ok(true) => done(id, what),
        Ok(false) => {
            posted
                .refuse(
                    "/admin/integrations",
                    StatusCode::NOT_FOUND,
                    no_such_endpoint(),
                )
                .await
        }
        Err(e) => unavailable(e.into(), "an endpoint step"),
    }
}

/// `POST /admin/integrations/{id}/rotate`: a new secret, the old one overlapping.
pub async fn rotate(Path(id): Path<String>, posted: Posted) -> Response {
    let outcome = webhooks::rotate(&posted.state.pool, &id).await;
    if let Ok(true) = outcome {
        tracing::info!(endpoint = %id, actor = %posted.person.email, "webhook secret rotated");
    }
    stepped(posted, &id, "rotated", outcome).await
}

/// `POST /admin/integrations/{id}/enable` with `enabled` 1 or 0.
pub async fn enable(Path(id): Path<String>, posted: Posted) -> Response {
    let enabled = match posted.field("enabled") {
        "1" => true,
        "0" => false,
        _ => {
            let back = endpoint_path(&id);
            return posted
                .refuse(&back, StatusCode::UNPROCESSABLE_ENTITY, incomplete())
                .await;
        }
    };
    let outcome =
        webhooks::set_enabled(&posted.state.pool, &id, enabled, &posted.person.email).await;
    stepped(
        posted,
        &id,
        if enabled { "enabled" } else { "disabled" },
        outcome,
    )
    .await
}

/// `POST /admin/integrations/{id}/test`: a test event to this endpoint only.
pub async fn test(Path(id): Path<String>, posted: Posted) -> Response {
    let outcome = webhooks::send_test(&posted.state.pool, &id)
        .await
        .map(|e| e.is_some());
    stepped(posted, &id, "tested", outcome).await
}

/// `POST /admin/integrations/{id}/redeliver`: every failed delivery again.
pub async fn redeliver_failed(Path(id): Path<String>, posted: Posted) -> Response {
    match webhooks::redeliver_failed(&posted.state.pool, &id).await {
        Ok(n) => {
            tracing::info!(endpoint = %id, deliveries = n, actor = %posted.person.email, "failed deliveries redelivered");
            done(&id, "redelivered")
        }
        Err(e) => unavailable(e.into(), "redelivering"),
    }
}

/// `POST /admin/integrations/deliveries/{delivery}/redeliver`: one delivery again.
pub async fn redeliver(Path(delivery): Path<String>, posted: Posted) -> Response {
    match webhooks::redeliver(&posted.state.pool, &delivery).await {
        Ok(Some(endpoint)) if endpoint.is_empty() => {
            Redirect::to("/admin/integrations?done=redelivered").into_response()
        }
        Ok(Some(endpoint)) => done(&endpoint, "redelivered"),
        Ok(None) => {
            let busy = Text {
                de: "Diese Zustellung gibt es nicht, oder sie wird gerade versucht; bitte gleich noch einmal.".into(),
                en: "There is no such delivery, or it is being tried right now; please try again in a moment.".into(),
            };
            posted
                .refuse("/admin/integrations", StatusCode::CONFLICT, busy)
                .await
        }
        Err(e) => unavailable(e.into(), "redelivering"),
    }
}

/// `POST /admin/integrations/tokens`: makes an API token and shows it once.
pub async fn make_token(posted: Posted) -> Response {
    let name = posted.field("token_name").trim().to_owned();
    let max = api_tokens::MAX_NAME;
    if name.is_empty() || name.chars().count() > max {
        let problem = Text {
            de: format!(
                "Bitte das System nennen, das das Token benutzt (höchstens {max} Zeichen)."
            ),
            en: format!("Please name the system that uses the token (at most {max} characters)."),
        };
        return posted
            .refuse(
                "/admin/integrations",
                StatusCode::UNPROCESSABLE_ENTITY,
                problem,
            )
            .await;
    }
    let form_key = posted.field("form_key").trim().to_owned();
    if uuid::Uuid::parse_str(&form_key).is_err() {
        return posted
            .refuse(
                "/admin/integrations",
                StatusCode::UNPROCESSABLE_ENTITY,
                incomplete(),
            )
            .await;
    }
    let made = api_tokens::create_once(
        &posted.state.pool,
        &name,
        &posted.person.email,
        Some(&form_key),
    )
    .await;
    match made {
        Ok(None) => {
            let problem = Text {
                de: "Dieses Formular hat sein Token schon angelegt (es wurde einmal angezeigt); es wurde kein weiteres angelegt. Wurde es nicht kopiert, bitte widerrufen und ein neues anlegen.".into(),
                en: "This form already made its token (it was shown once); no other was made. If it was not copied, please revoke it and make a new one.".into(),
            };
            posted
                .refuse("/admin/integrations", StatusCode::CONFLICT, problem)
                .await
        }
        Ok(Some((_, token))) => {
            let message = Text {
                de: format!("Token für „{name}“ angelegt."),
                en: format!("Token for “{name}” made."),
            };
            posted
                .show(
                    "/admin/integrations",
                    message,
                    vec![("new_token".into(), token)],
                )
                .await
        }
        Err(e) => unavailable(e, "making an API token"),
    }
}

/// `POST /admin/integrations/tokens/{id}/revoke`: the token stops working.
pub async fn revoke_token(
    State(state): State<AppState>,
    Extension(person): Extension<SignedIn>,
    Path(id): Path<String>,
) -> Response {
    match api_tokens::revoke(&state.pool, &id, &person.email).await {
        Ok(_) => Redirect::to("/admin/integrations?done=revoked#tokens").into_response(),
        Err(e) => unavailable(e, "revoking an API token"),
    }
}

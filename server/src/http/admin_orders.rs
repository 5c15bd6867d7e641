//! The back office's order forms over HTTP: a step of one order, bulk steps
//! for several, internal notes, erasure on request, and the CSV export of
//! the inbox. The guard ([`super::admin::guard`]) has let in only people
//! who may open orders (and, for erasure, only owners).

use super::admin::{lang_of, page};
use super::admin_form::{field, pairs, posted, unavailable, Posted};
use super::AppState;
use crate::back_office::{erasure, export, transition};
use app::admin::inbox::InboxQuery;
use app::admin::SignedIn;
use app::orders::{Action, ActionKind, Status};
use axum::{
    body::Bytes,
    extract::{Extension, Path, RawQuery, State},
    http::{header, HeaderMap, StatusCode, Uri},
    response::{IntoResponse, Redirect, Response},
};
use engine::Text;

/// Most orders one bulk form may change.
pub const MAX_BULK: usize = 100;

/// The action a form asks for, with its reason or shipping reference.
fn action_of(pairs: &[(String, String)]) -> Option<Action> {
    let text = |name| field(pairs, name).to_owned();
    Some(match ActionKind::parse(field(pairs, "action"))? {
        ActionKind::Accept => Action::Accept,
        ActionKind::Reject => Action::Reject {
            reason: text("reason"),
        },
        ActionKind::Release => Action::Release,
        ActionKind::StartProduction => Action::StartProduction,
        ActionKind::Complete => Action::Complete,
        ActionKind::Ship => Action::Ship {
            carrier: text("carrier"),
            tracking: text("tracking"),
        },
        ActionKind::Deliver => Action::Deliver,
        ActionKind::Cancel => Action::Cancel {
            reason: text("reason"),
        },
    })
}

fn order_path(number: &str) -> String {
    format!("/admin/orders/{}", engine::query::percent_encode(number))
}

/// `POST /admin/orders/{number}/action`: one step of one order.
pub async fn step(Path(number): Path<String>, posted: Posted) -> Response {
    let back = order_path(&number);
    let (Some(seen), Some(action)) = (Status::parse(posted.field("seen")), action_of(&posted.form))
    else {
        let message = Text {
            de: "Dieses Formular ist unvollständig; bitte die Seite neu laden.".into(),
            en: "This form is incomplete; please reload the page.".into(),
        };
        return posted
            .refuse(&back, StatusCode::UNPROCESSABLE_ENTITY, message)
            .await;
    };
    let state = &posted.state;
    match transition::apply(
        &state.pool,
        state.backend,
        &number,
        seen,
        &action,
        transition::Actor::Person(&posted.person.user_id),
    )
    .await
    {
        Ok(Ok(_)) => Redirect::to(&back).into_response(),
        Ok(Err(message)) => posted.refuse(&back, StatusCode::CONFLICT, message).await,
        Err(e) => unavailable(e, "an order step"),
    }
}

/// `POST /admin/orders/bulk`: one step (accept or release) for every order
/// ticked (`order=number@status`, the status as shown).
pub async fn bulk(
    State(state): State<AppState>,
    Extension(person): Extension<SignedIn>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let lang = lang_of(&uri, &headers);
    let form = pairs(&body);
    let filters = field(&form, "filters").to_owned();
    let answer = |state, status, message: Text, ok| {
        let posted = posted(message, ok);
        let back = format!("/admin/orders?{filters}")
            .parse()
            .unwrap_or_else(|_| Uri::from_static("/admin/orders"));
        page(
            state,
            back,
            headers.clone(),
            status,
            posted,
            Some(person.clone()),
            lang,
        )
    };
    let action = match field(&form, "action") {
        "accept" => Action::Accept,
        "release" => Action::Release,
        _ => {
            let message = Text {
                de: "Gemeinsam lassen sich Bestellungen nur annehmen oder freigeben.".into(),
                en: "Orders can only be accepted or released together.".into(),
            };
            return answer(state, StatusCode::UNPROCESSABLE_ENTITY, message, false).await;
        }
    };
    let ticked: Vec<(String, Option<Status>)> = form
        .iter()
        .filter(|(k, _)| k == "order")
        .map(|(_, v)| {
            let (number, seen) = v.rsplit_once('@').unwrap_or((v, ""));
            (number.to_owned(), Status::parse(seen))
        })
        .collect();
    if ticked.is_empty() || ticked.len() > MAX_BULK {
        let message = Text {
            de: format!("Bitte 1 bis {MAX_BULK} Bestellungen auswählen."),
            en: format!("Please tick 1 to {MAX_BULK} orders."),
        };
        return answer(state, StatusCode::UNPROCESSABLE_ENTITY, message, false).await;
    }
    let mut done = 0;
    let mut refusals: Vec<Text> = Vec::new();
    for (number, seen) in &ticked {
        let Some(seen) = *seen else {
            refusals.push(Text {
                de: format!("{number}: unvollständig ausgewählt."),
                en: format!("{number}: incompletely ticked."),
            });
            continue;
        };
        match transition::apply(
            &state.pool,
            state.backend,
            number,
            seen,
            &action,
            transition::Actor::Person(&person.user_id),
        )
        .await
        {
            Ok(Ok(_)) => done += 1,
            Ok(Err(why)) => refusals.push(Text {
                de: format!("{number}: {}", why.de),
                en: format!("{number}: {}", why.en),
            }),
            Err(e) => return unavailable(e, "a bulk order step"),
        }
    }
    let verb = match action {
        Action::Accept => ("angenommen", "accepted"),
        _ => ("freigegeben", "released"),
    };
    let mut message = Text {
        de: format!("{done} Bestellungen {}.", verb.0),
        en: format!("{done} orders {}.", verb.1),
    };
    for why in &refusals {
        message.de.push_str(&format!(" {}", why.de));
        message.en.push_str(&format!(" {}", why.en));
    }
    let status = if refusals.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::CONFLICT
    };
    answer(state, status, message, refusals.is_empty()).await
}

/// `POST /admin/orders/{number}/notes`: an internal note.
pub async fn note(Path(number): Path<String>, posted: Posted) -> Response {
    let back = order_path(&number);
    let state = &posted.state;
    match transition::add_note(
        &state.pool,
        state.backend,
        &number,
        posted.field("body"),
        &posted.person.user_id,
    )
    .await
    {
        Ok(Ok(())) => Redirect::to(&format!("{back}#notes")).into_response(),
        Ok(Err(message)) => {
            posted
                .refuse(&back, StatusCode::UNPROCESSABLE_ENTITY, message)
                .await
        }
        Err(e) => unavailable(e, "adding a note"),
    }
}

/// `POST /admin/orders/{number}/erase`: the customer's personal data
/// erased, once the form's `confirm` box is ticked.
pub async fn erase(Path(number): Path<String>, posted: Posted) -> Response {
    let back = order_path(&number);
    if posted.field("confirm") != "yes" {
        let message = Text {
            de: "Bitte bestätigen, dass die persönlichen Daten endgültig gelöscht werden sollen."
                .into(),
            en: "Please confirm that the personal data is to be erased for good.".into(),
        };
        return posted
            .refuse(&back, StatusCode::UNPROCESSABLE_ENTITY, message)
            .await;
    }
    let state = &posted.state;
    let erased = erasure::erase(
        &state.pool,
        state.backend,
        &number,
        &posted.person.user_id,
        state.mail_folder.as_deref(),
    );
    match erased.await {
        Ok(Ok(())) => Redirect::to(&format!("{back}#customer")).into_response(),
        Ok(Err(message)) => posted.refuse(&back, StatusCode::CONFLICT, message).await,
        Err(e) => unavailable(e, "an erasure"),
    }
}

/// `GET /admin/orders/export.csv?…`: the orders the inbox's filters select,
/// one row per line, streamed.
pub async fn csv(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let query = query.unwrap_or_default();
    let pairs = pairs(query.as_bytes());
    let (query, _) = InboxQuery::parse(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let day = crate::operations::today_in(&state.time_zone).unwrap_or_default();
    let columns = export::attribute_columns(&state.catalog.current().catalog);
    let body = export::stream(
        state.pool.clone(),
        state.backend,
        state.time_zone.clone(),
        query,
        columns,
        lang_of(&uri, &headers),
    );
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"orders-{day}.csv\""),
            ),
        ],
        axum::body::Body::from_stream(body),
    )
        .into_response()
}

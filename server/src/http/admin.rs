//! The back office over HTTP: who may open `/admin`, and its forms (sign in
//! and out, the password, the first owner, adding people). Pages are Leptos
//! routes; every request under `/admin` passes [`guard`] first, which lets
//! it in only for a person whose role may open the page's area.

use super::{
    admin_catalog, admin_catalog_editor, admin_integrations, admin_operations, admin_orders,
    AppState,
};
use crate::auth::session_store::SqlSessionStore;
use crate::auth::{password, setup, throttle, users, USER_KEY};
use app::admin::{Area, Role, SignedIn};
use app::i18n::{at, AdminText, Lang};
use app::pages::admin::AdminPosted;
use axum::{
    extract::{ConnectInfo, Extension, Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
    routing::{get, post},
    Form, Router,
};
use serde::Deserialize;
use std::net::SocketAddr;
use tower_sessions::Session;

/// Addresses under `/admin` that anyone may open (signing in, the first
/// owner's set-up, the refusal page).
pub const PUBLIC: [&str; 3] = ["/admin/login", "/admin/setup", "/admin/forbidden"];

/// The forms' routes (all POST), each with the role area it needs (`None`:
/// anyone signed in) besides the area of its address. The router is built
/// from this list. Erasure needs [`Area::Users`], which only owners open.
pub const FORMS: [(&str, Option<Area>); 33] = [
    ("/admin/login", None),
    ("/admin/logout", None),
    ("/admin/password", None),
    ("/admin/setup", None),
    ("/admin/users", Some(Area::Users)),
    ("/admin/orders/bulk", Some(Area::Orders)),
    ("/admin/orders/{number}/action", Some(Area::Orders)),
    ("/admin/orders/{number}/notes", Some(Area::Orders)),
    ("/admin/orders/{number}/erase", Some(Area::Users)),
    ("/admin/operations/lines/{id}", Some(Area::Operations)),
    ("/admin/operations/components/{id}", Some(Area::Operations)),
    (
        "/admin/operations/components/{id}/deliveries",
        Some(Area::Operations),
    ),
    (
        "/admin/operations/components/{id}/deliveries/{delivery}",
        Some(Area::Operations),
    ),
    ("/admin/catalog/import", Some(Area::Catalog)),
    ("/admin/catalog/draft/products", Some(Area::Catalog)),
    ("/admin/catalog/draft/products/{id}", Some(Area::Catalog)),
    (
        "/admin/catalog/draft/products/{id}/check",
        Some(Area::Catalog),
    ),
    ("/admin/catalog/draft/settings", Some(Area::Catalog)),
    ("/admin/catalog/draft/publish", Some(Area::Catalog)),
    ("/admin/catalog/draft/discard", Some(Area::Catalog)),
    ("/admin/catalog/draft/unschedule", Some(Area::Catalog)),
    ("/admin/catalog/tests", Some(Area::Catalog)),
    ("/admin/catalog/tests/{id}/delete", Some(Area::Catalog)),
    (
        "/admin/catalog/versions/{version}/rollback",
        Some(Area::Catalog),
    ),
    ("/admin/integrations", Some(Area::Integrations)),
    ("/admin/integrations/tokens", Some(Area::Integrations)),
    (
        "/admin/integrations/tokens/{id}/revoke",
        Some(Area::Integrations),
    ),
    ("/admin/integrations/{id}", Some(Area::Integrations)),
    ("/admin/integrations/{id}/rotate", Some(Area::Integrations)),
    ("/admin/integrations/{id}/enable", Some(Area::Integrations)),
    ("/admin/integrations/{id}/test", Some(Area::Integrations)),
    (
        "/admin/integrations/{id}/redeliver",
        Some(Area::Integrations),
    ),
    (
        "/admin/integrations/deliveries/{delivery}/redeliver",
        Some(Area::Integrations),
    ),
];

/// Downloads (GET routes that are not pages), each with its area.
pub const DOWNLOADS: [(&str, Area); 3] = [
    ("/admin/orders/export.csv", Area::Orders),
    ("/admin/catalog/versions/{version}/export", Area::Catalog),
    (
        "/admin/catalog/draft/products/{id}/tables/{table}/csv",
        Area::Catalog,
    ),
];

/// The form routes.
pub fn router() -> Router<AppState> {
    let mut router = Router::new();
    for (path, _) in FORMS {
        router = match path {
            "/admin/login" => router.route(path, post(sign_in)),
            "/admin/logout" => router.route(path, post(sign_out)),
            "/admin/password" => router.route(path, post(change_password)),
            "/admin/setup" => router.route(path, post(create_owner)),
            "/admin/users" => router.route(path, post(add_person)),
            "/admin/orders/bulk" => router.route(path, post(admin_orders::bulk)),
            "/admin/orders/{number}/action" => router.route(path, post(admin_orders::step)),
            "/admin/orders/{number}/notes" => router.route(path, post(admin_orders::note)),
            "/admin/orders/{number}/erase" => router.route(path, post(admin_orders::erase)),
            "/admin/operations/lines/{id}" => router.route(path, post(admin_operations::save_line)),
            "/admin/operations/components/{id}" => {
                router.route(path, post(admin_operations::save_component))
            }
            "/admin/operations/components/{id}/deliveries" => {
                router.route(path, post(admin_operations::add_delivery))
            }
            "/admin/operations/components/{id}/deliveries/{delivery}" => {
                router.route(path, post(admin_operations::settle_delivery))
            }
            // The upload has its own router, with its own body limit.
            "/admin/catalog/import" => router,
            "/admin/catalog/draft/products" => {
                router.route(path, post(admin_catalog_editor::add_product))
            }
            // These have the upload's router too, for their large bodies.
            "/admin/catalog/draft/products/{id}" | "/admin/catalog/draft/products/{id}/check" => {
                router
            }
            "/admin/catalog/draft/settings" => {
                router.route(path, post(admin_catalog_editor::save_settings))
            }
            "/admin/catalog/draft/publish" => router.route(path, post(admin_catalog::publish)),
            "/admin/catalog/draft/discard" => router.route(path, post(admin_catalog::discard)),
            "/admin/catalog/draft/unschedule" => {
                router.route(path, post(admin_catalog::unschedule))
            }
            "/admin/catalog/tests" => router.route(path, post(admin_catalog::add_test)),
            "/admin/catalog/tests/{id}/delete" => {
                router.route(path, post(admin_catalog::delete_test))
            }
            "/admin/catalog/versions/{version}/rollback" => {
                router.route(path, post(admin_catalog::roll_back))
            }
            "/admin/integrations" => router.route(path, post(admin_integrations::add)),
            "/admin/integrations/tokens" => {
                router.route(path, post(admin_integrations::make_token))
            }
            "/admin/integrations/tokens/{id}/revoke" => {
                router.route(path, post(admin_integrations::revoke_token))
            }
            "/admin/integrations/{id}" => router.route(path, post(admin_integrations::update)),
            "/admin/integrations/{id}/rotate" => {
                router.route(path, post(admin_integrations::rotate))
            }
            "/admin/integrations/{id}/enable" => {
                router.route(path, post(admin_integrations::enable))
            }
            "/admin/integrations/{id}/test" => router.route(path, post(admin_integrations::test)),
            "/admin/integrations/{id}/redeliver" => {
                router.route(path, post(admin_integrations::redeliver_failed))
            }
            "/admin/integrations/deliveries/{delivery}/redeliver" => {
                router.route(path, post(admin_integrations::redeliver))
            }
            _ => router,
        };
    }
    for (path, _) in DOWNLOADS {
        router = match path {
            "/admin/orders/export.csv" => router.route(path, get(admin_orders::csv)),
            "/admin/catalog/versions/{version}/export" => {
                router.route(path, get(admin_catalog::export))
            }
            "/admin/catalog/draft/products/{id}/tables/{table}/csv" => {
                router.route(path, get(admin_catalog_editor::table_csv))
            }
            _ => router,
        };
    }
    router
}

/// Lets a request under `/admin` in only for someone whose role may open
/// its area: without a session a page redirects to the sign-in (anything
/// else is 401), with the wrong role the answer is 403. The person is put
/// into the request for the pages. Nothing under `/admin` is cached.
pub async fn guard(
    State(state): State<AppState>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    if !(path == "/admin" || path.starts_with("/admin/")) {
        return next.run(request).await;
    }
    let person = match signed_in(&state, &session).await {
        Ok(person) => person,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "reading the session failed");
            return (StatusCode::SERVICE_UNAVAILABLE, "Please try again.").into_response();
        }
    };
    let public = PUBLIC.contains(&path.as_str());
    let lang = app::i18n::lang_of_request(&parts_of(&request));
    let mut response = match (&person, public) {
        (_, true) => {
            if let Some(person) = person.clone() {
                request.extensions_mut().insert(person);
            }
            next.run(request).await
        }
        (None, false) => {
            if request.method() == Method::GET || request.method() == Method::HEAD {
                let next = engine::query::percent_encode(&path);
                Redirect::to(&format!("/admin/login?next={next}")).into_response()
            } else {
                (StatusCode::UNAUTHORIZED, at(lang, AdminText::PleaseSignIn)).into_response()
            }
        }
        (Some(person), false) => {
            let areas = [Area::of_path(&path), form_area(request.method(), &path)];
            if areas.into_iter().flatten().any(|a| !person.role.may(a)) {
                forbidden(state, request.headers().clone(), person.clone(), lang).await
            } else {
                request.extensions_mut().insert(person.clone());
                next.run(request).await
            }
        }
    };
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store, private"),
    );
    response
}

/// The area the form route `path` matches needs (a `{…}` segment of the
/// route matches any one segment).
fn form_area(method: &Method, path: &str) -> Option<Area> {
    if method != Method::POST {
        return None;
    }
    let matches = |route: &str| {
        let (mut a, mut b) = (route.split('/'), path.split('/'));
        loop {
            match (a.next(), b.next()) {
                (None, None) => return true,
                (Some(r), Some(p)) if r == p || (r.starts_with('{') && !p.is_empty()) => {}
                _ => return false,
            }
        }
    };
    FORMS
        .iter()
        .find(|(route, _)| matches(route))
        .and_then(|(_, a)| *a)
}

/// The refusal page, with 403.
async fn forbidden(state: AppState, headers: HeaderMap, person: SignedIn, lang: Lang) -> Response {
    let _ = lang;
    let uri = Uri::from_static("/admin/forbidden");
    page(
        state,
        uri,
        headers,
        StatusCode::FORBIDDEN,
        AdminPosted::default(),
        Some(person),
        lang,
    )
    .await
}

/// The back-office page at `uri` as the answer to a form, with what the
/// form got and who is signed in, in the language the form was sent in.
pub(super) async fn page(
    state: AppState,
    uri: Uri,
    headers: HeaderMap,
    status: StatusCode,
    posted: AdminPosted,
    person: Option<SignedIn>,
    lang: Lang,
) -> Response {
    let joiner = if uri.query().is_some() { '&' } else { '?' };
    let uri = format!("{uri}{joiner}lang={}", lang.code())
        .parse()
        .unwrap_or(uri);
    let mut request = super::page_request(uri, headers);
    if let Some(person) = person {
        request.extensions_mut().insert(person);
    }
    super::render_request(state, request, status, posted).await
}

fn parts_of(request: &Request) -> http::request::Parts {
    let mut copy = http::Request::new(());
    *copy.headers_mut() = request.headers().clone();
    *copy.uri_mut() = request.uri().clone();
    copy.into_parts().0
}

/// The person the session belongs to, if anyone (and they still exist).
async fn signed_in(state: &AppState, session: &Session) -> anyhow::Result<Option<SignedIn>> {
    let Some(id) = session.get::<String>(USER_KEY).await? else {
        return Ok(None);
    };
    Ok(users::by_id(&state.pool, &id).await?.map(SignedIn::from))
}

#[derive(Deserialize)]
struct SignInForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    session: Session,
    uri: Uri,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let lang = lang_of(&uri, &headers);
    let ip = peer.ip().to_string();
    let again = |state: AppState, status: StatusCode, key: AdminText| {
        let posted = AdminPosted {
            message: Some(text(key)),
            ok: false,
            email: form.email.trim().to_owned(),
            ..Default::default()
        };
        // The page again, still leading where the person was going.
        let again_uri = format!(
            "/admin/login?next={}",
            engine::query::percent_encode(&form.next)
        )
        .parse()
        .unwrap_or_else(|_| Uri::from_static("/admin/login"));
        page(
            state,
            again_uri,
            headers.clone(),
            status,
            posted,
            None,
            lang,
        )
    };
    let attempt = async {
        if throttle::refused(&state.pool, &form.email, &ip).await? {
            return anyhow::Ok(Err((StatusCode::TOO_MANY_REQUESTS, AdminText::Throttled)));
        }
        let found = users::by_email(&state.pool, &form.email).await?;
        let stored = found
            .as_ref()
            .map_or(password::dummy_hash(), |(_, h)| h.as_str());
        let matches = password::verify(&form.password, stored);
        match found.filter(|_| matches) {
            Some((user, _)) => {
                throttle::succeeded(&state.pool, &form.email).await?;
                Ok(Ok(user))
            }
            None => {
                throttle::failed(&state.pool, &form.email, &ip).await?;
                tracing::info!("failed sign-in");
                Ok(Err((StatusCode::UNAUTHORIZED, AdminText::WrongSignIn)))
            }
        }
    };
    let user = match attempt.await {
        Ok(Ok(user)) => user,
        Ok(Err((status, key))) => return again(state, status, key).await,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "signing in failed");
            return (StatusCode::SERVICE_UNAVAILABLE, "Please try again.").into_response();
        }
    };
    // A new session id for the signed-in session (no fixation).
    if let Err(e) = start_session(&session, &user.id).await {
        tracing::error!(error = %e, "starting a session failed");
        return (StatusCode::SERVICE_UNAVAILABLE, "Please try again.").into_response();
    }
    tracing::info!(user = %user.id, "signed in");
    let next = if form.next.starts_with("/admin") && !form.next.starts_with("//") {
        form.next
    } else {
        "/admin".to_owned()
    };
    Redirect::to(&next).into_response()
}

async fn start_session(
    session: &Session,
    user_id: &str,
) -> Result<(), tower_sessions::session::Error> {
    session.cycle_id().await?;
    session.insert(USER_KEY, user_id).await
}

async fn sign_out(session: Session) -> Response {
    if let Err(e) = session.flush().await {
        tracing::error!(error = %e, "ending a session failed");
    }
    Redirect::to("/admin/login").into_response()
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new: String,
    #[serde(default)]
    repeat: String,
}

async fn change_password(
    State(state): State<AppState>,
    session: Session,
    person: Option<Extension<SignedIn>>,
    uri: Uri,
    headers: HeaderMap,
    Form(form): Form<PasswordForm>,
) -> Response {
    let person = person.map(|Extension(p)| p);
    let lang = lang_of(&uri, &headers);
    let answer = |state: AppState, status, message: engine::Text, ok| {
        let posted = AdminPosted {
            message: Some(message),
            ok,
            email: String::new(),
            ..Default::default()
        };
        page(
            state,
            Uri::from_static("/admin/password"),
            headers.clone(),
            status,
            posted,
            person.clone(),
            lang,
        )
    };
    let outcome = async {
        let Some(person) = person.clone() else {
            return anyhow::Ok(Err(text(AdminText::PleaseSignIn)));
        };
        let (_, stored) = users::by_email(&state.pool, &person.email)
            .await?
            .ok_or_else(|| anyhow::anyhow!("the person signed in is gone"))?;
        if !password::verify(&form.current, &stored) {
            return Ok(Err(text(AdminText::WrongPassword)));
        }
        if form.new != form.repeat {
            return Ok(Err(text(AdminText::PasswordsDiffer)));
        }
        match users::set_password(&state.pool, &person.user_id, &form.new).await {
            Ok(()) => {}
            Err(users::AddError::Refused(message)) => return Ok(Err(message)),
            Err(users::AddError::Internal(e)) => return Err(e),
        }
        // Every other session of this person ends; this one gets a new id.
        session.cycle_id().await?;
        sessions(&state)
            .end_sessions_of(&person.user_id, session.id().as_ref())
            .await?;
        Ok(Ok(()))
    };
    match outcome.await {
        Ok(Ok(())) => {
            answer(
                state,
                StatusCode::OK,
                text(AdminText::PasswordChanged),
                true,
            )
            .await
        }
        Ok(Err(message)) => answer(state, StatusCode::UNPROCESSABLE_ENTITY, message, false).await,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "changing a password failed");
            (StatusCode::SERVICE_UNAVAILABLE, "Please try again.").into_response()
        }
    }
}

#[derive(Deserialize)]
struct SetupForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

async fn create_owner(
    State(state): State<AppState>,
    session: Session,
    uri: Uri,
    headers: HeaderMap,
    Form(form): Form<SetupForm>,
) -> Response {
    let lang = lang_of(&uri, &headers);
    let again = |state: AppState, status, message: engine::Text| {
        let posted = AdminPosted {
            message: Some(message),
            ok: false,
            email: form.email.trim().to_owned(),
            ..Default::default()
        };
        let uri = format!(
            "/admin/setup?token={}",
            engine::query::percent_encode(&form.token)
        );
        let uri = uri
            .parse()
            .unwrap_or_else(|_| Uri::from_static("/admin/setup"));
        page(state, uri, headers.clone(), status, posted, None, lang)
    };
    let outcome = async {
        if !setup::valid(&state.pool, &form.token).await? {
            return anyhow::Ok(Err(text(AdminText::SetupInvalid)));
        }
        match users::add(
            &state.pool,
            &form.email,
            &form.name,
            Role::Owner,
            &form.password,
        )
        .await
        {
            Ok(user) => {
                setup::spend(&state.pool).await?;
                start_session(&session, &user.id).await?;
                tracing::info!(user = %user.id, "created the first owner");
                Ok(Ok(()))
            }
            Err(users::AddError::Refused(message)) => Ok(Err(message)),
            Err(users::AddError::Internal(e)) => Err(e),
        }
    };
    match outcome.await {
        Ok(Ok(())) => Redirect::to("/admin").into_response(),
        Ok(Err(message)) => again(state, StatusCode::UNPROCESSABLE_ENTITY, message).await,
        Err(e) => {
            tracing::error!(error = %format!("{e:#}"), "creating the first owner failed");
            (StatusCode::SERVICE_UNAVAILABLE, "Please try again.").into_response()
        }
    }
}

#[derive(Deserialize)]
struct PersonForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
}

async fn add_person(
    State(state): State<AppState>,
    person: Option<Extension<SignedIn>>,
    uri: Uri,
    headers: HeaderMap,
    Form(form): Form<PersonForm>,
) -> Response {
    let person = person.map(|Extension(p)| p);
    let lang = lang_of(&uri, &headers);
    let answer = |state: AppState, status, message: engine::Text, ok: bool, email: String| {
        let posted = AdminPosted {
            message: Some(message),
            ok,
            email,
            ..Default::default()
        };
        page(
            state,
            Uri::from_static("/admin/users"),
            headers.clone(),
            status,
            posted,
            person.clone(),
            lang,
        )
    };
    let Some(role) = Role::parse(&form.role) else {
        let message = engine::Text {
            de: "Bitte eine Rolle aus der Liste wählen.".into(),
            en: "Please choose a role from the list.".into(),
        };
        return answer(
            state,
            StatusCode::UNPROCESSABLE_ENTITY,
            message,
            false,
            form.email,
        )
        .await;
    };
    match users::add(&state.pool, &form.email, &form.name, role, &form.password).await {
        Ok(user) => {
            tracing::info!(user = %user.id, role = role.as_str(), "added a person");
            answer(
                state,
                StatusCode::OK,
                text(AdminText::Added),
                true,
                String::new(),
            )
            .await
        }
        Err(users::AddError::Refused(message)) => {
            answer(
                state,
                StatusCode::UNPROCESSABLE_ENTITY,
                message,
                false,
                form.email,
            )
            .await
        }
        Err(users::AddError::Internal(e)) => {
            tracing::error!(error = %format!("{e:#}"), "adding a person failed");
            (StatusCode::SERVICE_UNAVAILABLE, "Please try again.").into_response()
        }
    }
}

/// A back-office text in both languages.
fn text(key: AdminText) -> engine::Text {
    engine::Text {
        de: at(Lang::De, key).to_owned(),
        en: at(Lang::En, key).to_owned(),
    }
}

pub(super) fn lang_of(uri: &Uri, headers: &HeaderMap) -> Lang {
    let mut request = http::Request::new(());
    *request.uri_mut() = uri.clone();
    *request.headers_mut() = headers.clone();
    app::i18n::lang_of_request(&request.into_parts().0)
}

fn sessions(state: &AppState) -> SqlSessionStore {
    SqlSessionStore {
        pool: state.pool.clone(),
    }
}

/// Refuses a state-changing request whose `Origin` names another site
/// (forms, scripts and server functions alike); requests without an
/// `Origin` (no browser sends a cross-site form without one) pass.
pub async fn same_origin(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if !safe {
        let origin = request
            .headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok());
        let host = request
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok());
        if let Some(origin) = origin {
            let authority = origin.split_once("://").map(|(_, a)| a).unwrap_or(origin);
            if origin == "null" || Some(authority) != host {
                tracing::warn!(origin, "cross-site request refused");
                return (
                    StatusCode::FORBIDDEN,
                    "Requests from other sites are refused.",
                )
                    .into_response();
            }
        }
    }
    next.run(request).await
}

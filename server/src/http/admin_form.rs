//! What the back office's forms share: the posted fields, and the page
//! shown again when a form is refused (with the reason and the input kept).

use super::admin::{lang_of, page};
use super::AppState;
use app::admin::SignedIn;
use app::pages::admin::AdminPosted;
use axum::{
    body::Bytes,
    extract::{Extension, FromRequest, FromRequestParts, Request},
    http::{HeaderMap, StatusCode, Uri},
    response::{IntoResponse, Response},
};
use engine::Text;

/// The pairs of a form body (repeated names kept).
pub(super) fn pairs(body: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(body).into_owned().collect()
}

/// The first value of field `name` (empty when missing).
pub(super) fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.as_str())
}

/// What a form got, for the page shown as its answer.
pub(super) fn posted(message: Text, ok: bool) -> AdminPosted {
    AdminPosted {
        message: Some(message),
        ok,
        email: String::new(),
        ..Default::default()
    }
}

/// The answer to a form that lacks what its page always sends.
pub(super) fn incomplete() -> Text {
    Text {
        de: "Dieses Formular ist unvollständig; bitte die Seite neu laden.".into(),
        en: "This form is incomplete; please reload the page.".into(),
    }
}

/// The answer when the database cannot be used: logged, and 503.
pub(super) fn unavailable(e: anyhow::Error, what: &str) -> Response {
    tracing::error!(error = %format!("{e:#}"), "{what} failed");
    (StatusCode::SERVICE_UNAVAILABLE, "Please try again.").into_response()
}

/// A posted form: who, where it came from, and its fields.
#[derive(Clone)]
pub(super) struct Posted {
    pub state: AppState,
    pub person: SignedIn,
    pub uri: Uri,
    pub headers: HeaderMap,
    pub form: Vec<(String, String)>,
}

/// A back-office form handler takes the form as one extractor: the
/// signed-in person (the guard put them on the request), the address, the
/// headers and the body's fields.
impl FromRequest<AppState> for Posted {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let Extension(person) = Extension::<SignedIn>::from_request_parts(&mut parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let (uri, headers) = (parts.uri.clone(), parts.headers.clone());
        let body = Bytes::from_request(Request::from_parts(parts, body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(Posted::new(state.clone(), person, uri, headers, &body))
    }
}

impl Posted {
    pub fn new(
        state: AppState,
        person: SignedIn,
        uri: Uri,
        headers: HeaderMap,
        body: &[u8],
    ) -> Self {
        Posted {
            state,
            person,
            uri,
            headers,
            form: pairs(body),
        }
    }

    /// The first value of field `name` (empty when missing).
    pub fn field(&self, name: &str) -> &str {
        field(&self.form, name)
    }

    /// The page at `back` with `message` as done, and `shown` (what the
    /// page shows once, such as a new token) as its posted fields.
    pub async fn show(self, back: &str, message: Text, shown: Vec<(String, String)>) -> Response {
        let lang = lang_of(&self.uri, &self.headers);
        let mut answer = posted(message, true);
        answer.form = shown;
        let back = back.parse().unwrap_or_else(|_| Uri::from_static("/admin"));
        page(
            self.state,
            back,
            self.headers,
            StatusCode::OK,
            answer,
            Some(self.person),
            lang,
        )
        .await
    }

    /// The page at `back` again with `message`, the input kept.
    pub async fn refuse(self, back: &str, status: StatusCode, message: Text) -> Response {
        self.refuse_with(back, status, message, None).await
    }

    /// [`Posted::refuse`], showing what changed meanwhile.
    pub async fn refuse_with(
        self,
        back: &str,
        status: StatusCode,
        message: Text,
        conflict: Option<app::admin::catalog::Conflict>,
    ) -> Response {
        let lang = lang_of(&self.uri, &self.headers);
        let mut answer = posted(message, false);
        answer.form = self.form;
        answer.conflict = conflict;
        let back = back.parse().unwrap_or_else(|_| Uri::from_static("/admin"));
        page(
            self.state,
            back,
            self.headers,
            status,
            answer,
            Some(self.person),
            lang,
        )
        .await
    }
}

//! The one error type server functions return, and what the user sees of it.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

/// An error a server function reports to the page. Variants carry what the
/// user needs; internal failures are logged on the server with their cause
/// and reach the page only as [`AppError::Internal`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist (an unknown product id).
    #[error("not found")]
    NotFound,
    /// Something went wrong on the server; details are in the server log.
    #[error("internal error")]
    Internal,
    /// The request could not be made or decoded.
    #[error("request failed: {0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

impl AppError {
    /// Logs an internal failure with its cause and returns the opaque error.
    #[cfg(feature = "ssr")]
    pub fn internal(context: &str, cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "{context}");
        AppError::Internal
    }
}

//! Where a request came from: the connection's peer, or, behind a trusted
//! proxy, the last address the proxy added to its header. Handlers and
//! server functions read it as [`ClientAddress`] from the request.

use app::state::ClientAddress;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use std::net::{IpAddr, SocketAddr};

/// Puts the request's [`ClientAddress`] into its extensions. `header` is
/// the lower-case name of the trusted proxy's header, if there is one.
pub async fn client_address(
    State(header): State<Option<String>>,
    mut request: Request,
    next: Next,
) -> axum::response::Response {
    let address = match &header {
        Some(name) => request
            .headers()
            .get(name.as_str())
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|last| last.trim().parse::<IpAddr>().ok()),
        None => request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(peer)| peer.ip()),
    };
    if let Some(address) = address {
        request.extensions_mut().insert(ClientAddress(address));
    }
    next.run(request).await
}

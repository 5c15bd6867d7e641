//! What the back office reads, over the database.

use crate::auth::users;
use crate::db::Pool;
use app::admin::SignedIn;
use app::state::{AdminStore, BoxFuture};

/// The back office's store over the database.
#[derive(Clone)]
pub struct SqlAdmin {
    pub pool: Pool,
}

impl AdminStore for SqlAdmin {
    fn people(&self) -> BoxFuture<'_, Result<Vec<SignedIn>, String>> {
        Box::pin(async move {
            users::all(&self.pool)
                .await
                .map(|all| all.into_iter().map(SignedIn::from).collect())
                .map_err(|e| format!("{e:#}"))
        })
    }
}

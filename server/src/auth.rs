//! Signing in to the back office: people and their argon2id passwords,
//! sessions in the database (so every server process shares them), throttled
//! failed sign-ins, and the one-time link that creates the first owner.

pub mod api_tokens;
pub mod password;
pub mod session_store;
pub mod setup;
pub mod throttle;
pub mod users;

/// The session key holding the signed-in person's id.
pub const USER_KEY: &str = "user";
/// The session cookie's name.
pub const SESSION_COOKIE: &str = "atelier_session";
/// Hours a session lives without being used.
pub const SESSION_IDLE_HOURS: i64 = 8;

//! The people who sign in to the back office.

use super::password;
use crate::db::Pool;
use app::admin::{Role, SignedIn};

/// A person as stored (without the password's hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
}

impl From<User> for SignedIn {
    fn from(user: User) -> SignedIn {
        SignedIn {
            user_id: user.id,
            email: user.email,
            name: user.name,
            role: user.role,
        }
    }
}

/// An e-mail address as it is stored and looked up: trimmed, lower case.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}

type Row = (String, String, String, String);

fn user((id, email, name, role): Row) -> anyhow::Result<User> {
    let role =
        Role::parse(&role).ok_or_else(|| anyhow::anyhow!("user {id} has unknown role {role:?}"))?;
    Ok(User {
        id,
        email,
        name,
        role,
    })
}

/// How many people can sign in.
pub async fn count(pool: &Pool) -> anyhow::Result<i64> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
        .fetch_one(pool)
        .await?;
    Ok(n)
}

/// The person with `id`.
pub async fn by_id(pool: &Pool, id: &str) -> anyhow::Result<Option<User>> {
    let row: Option<Row> = sqlx::query_as("SELECT id, email, name, role FROM users WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.map(user).transpose()
}

/// The person with `email` and the hash of their password.
pub async fn by_email(pool: &Pool, email: &str) -> anyhow::Result<Option<(User, String)>> {
    let row: Option<(String, String, String, String, String)> =
        sqlx::query_as("SELECT id, email, name, role, password_hash FROM users WHERE email = $1")
            .bind(normalise_email(email))
            .fetch_optional(pool)
            .await?;
    row.map(|(id, email, name, role, hash)| Ok((user((id, email, name, role))?, hash)))
        .transpose()
}

/// Everyone, by name.
pub async fn all(pool: &Pool) -> anyhow::Result<Vec<User>> {
    let rows: Vec<Row> =
        sqlx::query_as("SELECT id, email, name, role FROM users ORDER BY name, email")
            .fetch_all(pool)
            .await?;
    rows.into_iter().map(user).collect()
}

/// Why a new person cannot be added, in both languages.
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    #[error("{}", .0.en)]
    Refused(engine::Text),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// Adds a person; the new person, or why not (a bad address, a weak
/// password, an address already taken).
pub async fn add(
    pool: &Pool,
    email: &str,
    name: &str,
    role: Role,
    new_password: &str,
) -> Result<User, AddError> {
    let email = normalise_email(email);
    let name = name.trim().to_owned();
    let refused = |de: &str, en: &str| {
        AddError::Refused(engine::Text {
            de: de.into(),
            en: en.into(),
        })
    };
    let plain = email.chars().count() <= 254
        && email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'))
        && !email
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"',;".contains(c));
    if !plain {
        return Err(refused(
            "Bitte eine E-Mail-Adresse wie name@beispiel.de angeben.",
            "Please enter an email address like name@example.com.",
        ));
    }
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(refused(
            "Bitte einen Namen mit höchstens 100 Zeichen angeben.",
            "Please enter a name of at most 100 characters.",
        ));
    }
    if let Some(problem) = password::problem(new_password) {
        return Err(AddError::Refused(problem));
    }
    let id = random_id()?;
    let inserted = sqlx::query(
        "INSERT INTO users (id, email, name, role, password_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (email) DO NOTHING",
    )
    .bind(&id)
    .bind(&email)
    .bind(&name)
    .bind(role.as_str())
    .bind(password::hash(new_password)?)
    .bind(jiff::Timestamp::now().to_string())
    .execute(pool)
    .await
    .map_err(anyhow::Error::from)?;
    if inserted.rows_affected() == 0 {
        return Err(refused(
            "Mit dieser E-Mail-Adresse meldet sich schon jemand an.",
            "Someone already signs in with this email address.",
        ));
    }
    Ok(User {
        id,
        email,
        name,
        role,
    })
}

/// Sets a new password for `user_id`; why not, when it is too weak.
pub async fn set_password(pool: &Pool, user_id: &str, new_password: &str) -> Result<(), AddError> {
    if let Some(problem) = password::problem(new_password) {
        return Err(AddError::Refused(problem));
    }
    let changed = sqlx::query("UPDATE users SET password_hash = $2 WHERE id = $1")
        .bind(user_id)
        .bind(password::hash(new_password)?)
        .execute(pool)
        .await
        .map_err(anyhow::Error::from)?;
    if changed.rows_affected() == 0 {
        return Err(AddError::Internal(anyhow::anyhow!("no user {user_id}")));
    }
    Ok(())
}

/// A new random id: 128 bits, hex.
fn random_id() -> anyhow::Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(hex::encode(bytes))
}

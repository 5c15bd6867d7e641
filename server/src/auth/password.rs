//! Passwords: hashed with argon2id (the crate's default parameters, a
//! random salt each), stored as PHC strings, and the rules a new one meets.

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};

/// Shortest and longest passwords accepted, in characters.
pub const MIN_LEN: usize = 12;
pub const MAX_LEN: usize = 256;

/// The PHC string of `password` (argon2id, a fresh random salt).
pub fn hash(password: &str) -> anyhow::Result<String> {
    PasswordHasher::<PasswordHash>::hash_password(&Argon2::default(), password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash a password: {e}"))
}

/// Whether `password` is the one `stored` (a PHC string) was made from.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordVerifier::<str>::verify_password(&Argon2::default(), password.as_bytes(), stored)
        .is_ok()
}

/// A hash to verify against when there is no such person, so a wrong
/// address takes as long as a wrong password.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash("no one signs in with this").unwrap_or_default())
}

/// Why a new password is refused, in both languages; `None` when it is fine.
pub fn problem(password: &str) -> Option<engine::Text> {
    let len = password.chars().count();
    let (de, en) = if len < MIN_LEN {
        (
            format!("Das Passwort braucht mindestens {MIN_LEN} Zeichen."),
            format!("The password needs at least {MIN_LEN} characters."),
        )
    } else if len > MAX_LEN {
        (
            format!("Das Passwort darf höchstens {MAX_LEN} Zeichen haben."),
            format!("The password may have at most {MAX_LEN} characters."),
        )
    } else {
        return None;
    };
    Some(engine::Text { de, en })
}

/// A new random password (for the command line): 20 letters and digits.
pub fn generate() -> anyhow::Result<String> {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).map_err(|e| anyhow::anyhow!("no randomness: {e}"))?;
    Ok(bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let stored = hash("correct horse battery").unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(verify("correct horse battery", &stored));
        assert!(!verify("correct horse batterY", &stored));
        assert!(!verify("correct horse battery", "not a hash"));
        assert_ne!(
            stored,
            hash("correct horse battery").unwrap(),
            "a fresh salt each"
        );
    }

    #[test]
    fn new_passwords_have_a_sane_length() {
        assert!(problem("short").is_some());
        assert!(problem(&"x".repeat(MIN_LEN)).is_none());
        assert!(problem(&"x".repeat(MAX_LEN + 1)).is_some());
        assert!(problem(&generate().unwrap()).is_none());
    }
}

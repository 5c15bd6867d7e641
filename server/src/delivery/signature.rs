//! Standard Webhooks v1 signatures: an endpoint's secret is `whsec_` and the
//! base64 of random bytes; a signature is `v1,` and the base64 of
//! HMAC-SHA256 over `{id}.{timestamp}.{body}`, several separated by spaces.

use base64::{engine::general_purpose::STANDARD, Engine};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

const PREFIX: &str = "whsec_";

/// A new secret of 32 random bytes.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system's random numbers");
    format!("{PREFIX}{}", STANDARD.encode(bytes))
}

/// The key a secret stands for, if it is one (24 to 64 bytes).
pub fn key_of(secret: &str) -> Option<Vec<u8>> {
    let key = STANDARD.decode(secret.strip_prefix(PREFIX)?).ok()?;
    (24..=64).contains(&key.len()).then_some(key)
}

/// The `webhook-signature` header: one `v1,` signature per key.
pub fn header(keys: &[Vec<u8>], id: &str, timestamp: i64, body: &[u8]) -> String {
    keys.iter()
        .map(|key| format!("v1,{}", sign(key, id, timestamp, body)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn sign(key: &[u8], id: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(format!("{id}.{timestamp}.").as_bytes());
    mac.update(body);
    STANDARD.encode(mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_the_specifications_example() {
        // The example of the Standard Webhooks specification.
        let key = STANDARD.decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").unwrap();
        let signature = header(
            &[key],
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            br#"{"test": 2432232314}"#,
        );
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn new_secrets_are_random_keys_of_32_bytes() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert_eq!(key_of(&a).map(|k| k.len()), Some(32));
        assert_eq!(key_of("whsec_c2hvcnQ="), None, "too short");
        assert_eq!(
            key_of("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
            None,
            "no prefix"
        );
    }

    #[test]
    fn a_rotation_sends_both_signatures() {
        let keys = [vec![1u8; 32], vec![2u8; 32]];
        let both = header(&keys, "evt_1", 1, b"{}");
        let parts: Vec<&str> = both.split(' ').collect();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0], header(&keys[..1], "evt_1", 1, b"{}"));
        assert!(parts.iter().all(|p| p.starts_with("v1,")));
    }
}

//! Unicode normalisation form C, so that "é" typed as one character or as
//! "e" plus a combining accent is the same text.
//!
//! Natively the engine uses the `unicode-normalization` tables. In the
//! browser (wasm32) it asks the browser's own `String.prototype.normalize`,
//! which keeps about 60 KB of tables out of the download; the server checks
//! every order again with the native tables.

/// `text` in normalisation form C.
#[cfg(not(target_arch = "wasm32"))]
pub fn nfc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().collect()
}

/// `text` in normalisation form C.
#[cfg(target_arch = "wasm32")]
pub fn nfc(text: &str) -> String {
    js_sys::JsString::from(text)
        .normalize("NFC")
        .as_string()
        .unwrap_or_else(|| text.to_owned())
}

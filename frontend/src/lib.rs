#![recursion_limit = "256"]
//! The wasm entry point: starts the reactive system for the page's islands
//! (the configurator, the checkout form). Leptos' island script then
//! hydrates each island through the functions `app` exports.

// Links the app crate, whose islands export their hydration functions.
pub use app::islands;

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}

//! The islands' loader: preloads of the wasm and its JS, and a module
//! script that starts the page's islands.
//!
//! Leptos' `HydrationScripts` writes a general loader into every page,
//! 1.9 KB of script for island children, nested islands and the islands
//! router, none of which Atelier uses; this one is a tenth of that (0.6 KB
//! less per page after compression, and less to render). What
//! `HydrationScripts` sets up on the server is still set up: the lazy
//! islands' split manifest, and no hydration marks outside the islands.

use leptos::prelude::*;
use leptos::WasmSplitManifest;

/// The preloads and the script, in the head of a page with islands.
#[component]
pub fn IslandScripts(options: LeptosOptions) -> impl IntoView {
    hydration_setup(&options);
    let (js, wasm) = file_addresses(&options);
    let start = format!(
        "import(\"{js}\").then(m=>m.default({{module_or_path:\"{wasm}\"}}).then(()=>{{m.hydrate();\
         for(const e of document.querySelectorAll(\"leptos-island\"))m[e.dataset.component]?.(e)}}))"
    );
    view! {
        <link rel="modulepreload" href=js crossorigin="" />
        <link rel="preload" href=wasm r#as="fetch" r#type="application/wasm" crossorigin="" />
        <script type="module" nonce=leptos::nonce::use_nonce() inner_html=start></script>
    }
}

/// What `HydrationScripts` sets up for a page with islands, without its
/// work per render (it reads the hash file from disk on every call, 2.7 %
/// of a profile of configurator renders): the split manifest, which
/// it reads once per process, is taken from one call and provided again.
fn hydration_setup(options: &LeptosOptions) {
    static MANIFEST: std::sync::OnceLock<Option<WasmSplitManifest>> = std::sync::OnceLock::new();
    let manifest = MANIFEST.get_or_init(|| {
        let options = options.clone();
        Owner::new().with(|| {
            // For its setup only; its view is dropped.
            let _ = view! { <HydrationScripts options islands=true /> };
            use_context::<WasmSplitManifest>()
        })
    });
    if let Some(manifest) = manifest {
        provide_context(manifest.clone());
    }
    // Only the islands hydrate; the rest of the page gets no marks.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
}

/// Where the build wrote the content hashes of the wasm, JS and CSS: the
/// hash file beside the server binary (where Leptos reads it too).
pub fn hash_file(options: &LeptosOptions) -> Option<std::path::PathBuf> {
    let exe = std::env::current_exe().ok()?;
    Some(exe.parent()?.join(options.hash_file.as_ref()))
}

/// The addresses of the JS and the wasm, with their content hashes when
/// the build gave them hashed names; read from the hash file once, not on
/// every render.
fn file_addresses(options: &LeptosOptions) -> (String, String) {
    type Key = (String, String, bool);
    static KEPT: std::sync::OnceLock<(Key, (String, String))> = std::sync::OnceLock::new();
    let key = (
        options.output_name.to_string(),
        options.site_pkg_dir.to_string(),
        options.hash_files,
    );
    match KEPT.get() {
        Some((kept, addresses)) if *kept == key => addresses.clone(),
        Some(_) => read_addresses(options),
        None => KEPT
            .get_or_init(|| (key, read_addresses(options)))
            .1
            .clone(),
    }
}

fn read_addresses(options: &LeptosOptions) -> (String, String) {
    let mut js = options.output_name.to_string();
    let mut wasm = js.clone();
    if options.hash_files {
        let hashes = hash_file(options).and_then(|path| std::fs::read_to_string(path).ok());
        for line in hashes.unwrap_or_default().lines() {
            match line.trim().split_once(':') {
                Some(("js", hash)) => js = format!("{js}.{}", hash.trim()),
                Some(("wasm", hash)) => wasm = format!("{wasm}.{}", hash.trim()),
                _ => {}
            }
        }
    } else if option_env!("LEPTOS_OUTPUT_NAME").is_none() {
        wasm.push_str("_bg");
    }
    let pkg = &options.site_pkg_dir;
    (format!("/{pkg}/{js}.js"), format!("/{pkg}/{wasm}.wasm"))
}

//! The live product preview: an inline SVG drawing that follows the
//! customer's choices — a side view of the car, a ring seen at an angle, the
//! front of a shirt, and for any other product a tile of the chosen swatches.
//!
//! Pure SVG: no images, no web fonts, no inline styles (the page's
//! Content-Security-Policy forbids them); colours and fonts are attributes.
//! The drawing is written as a markup string (module `markup`), which costs
//! far less wasm than view trees; the customer's texts (engraving, monogram)
//! and catalog values in it are escaped there.

mod car;
mod colour;
pub mod drawn;
mod geometry;
mod markup;
mod ring;
mod shirt;
mod shirt_parts;
mod stone;
#[cfg(all(test, feature = "ssr"))]
mod tests;
mod tile;
mod wheel;

use self::colour::{swatch, Rgb};
use self::markup::Markup;
use crate::i18n::use_lang;
use engine::model::{AttrOption, Attribute, AttributeKind};
use engine::solver::CompiledProduct;
use engine::{Lang, Product, Selection, Value};
use leptos::prelude::*;
use std::sync::Arc;

/// The product a preview draws, shared: a page's render does not copy it.
#[derive(Clone)]
pub enum PreviewProduct {
    Product(Arc<Product>),
    /// The product of a compiled product (the configurator's).
    Compiled(Arc<CompiledProduct>),
}

impl PreviewProduct {
    fn get(&self) -> &Product {
        match self {
            PreviewProduct::Product(product) => product,
            PreviewProduct::Compiled(compiled) => &compiled.product,
        }
    }
}

impl From<Arc<Product>> for PreviewProduct {
    fn from(product: Arc<Product>) -> Self {
        PreviewProduct::Product(product)
    }
}

impl From<Arc<CompiledProduct>> for PreviewProduct {
    fn from(compiled: Arc<CompiledProduct>) -> Self {
        PreviewProduct::Compiled(compiled)
    }
}

/// The preview of `product` as configured by `selection` (the effective
/// configuration: the customer's choices plus defaults).
#[component]
pub fn ProductPreview(
    #[prop(into)] product: PreviewProduct,
    #[prop(into)] selection: Signal<Selection>,
) -> impl IntoView {
    let lang = use_lang().get_untracked();
    let id = product.get().id.clone();
    let label = {
        let product = product.clone();
        Signal::derive(move || selection.with(|s| describe(product.get(), s, lang)))
    };
    // Set as inner HTML: rendered on the server, left as it is when the
    // island hydrates, and replaced whenever the selection changes. (Both
    // are `Signal`s, not closures: one copy of the attribute code in the
    // wasm for every text that follows the configuration.)
    let drawing =
        Signal::derive(move || selection.with(|s| draw(&Chosen::new(product.get(), s, lang))));
    view! {
        <svg
            class="product-preview"
            data-product=id
            viewBox="0 0 400 300"
            preserveAspectRatio="xMidYMid meet"
            role="img"
            aria-label=label
            inner_html=drawing
        ></svg>
    }
}

/// The product's drawing (its catalog `drawing`, else its id) as SVG
/// markup; a product no drawing knows gets a tile of its swatches.
fn draw(c: &Chosen) -> String {
    let mut m = Markup::default();
    match c.product.drawing_name() {
        "car" => car::car(&mut m, c),
        "ring" => ring::ring(&mut m, c),
        "shirt" => shirt::shirt(&mut m, c),
        _ => tile::swatch_tile(&mut m, c),
    }
    m.finish()
}

/// The configuration in words, for screen readers: the product's name, then
/// the chosen options' labels and the texts, in attribute order.
fn describe(product: &Product, selection: &Selection, lang: Lang) -> String {
    let parts: Vec<String> = product
        .attributes
        .iter()
        .filter_map(|attribute| {
            let options = attribute.kind.options();
            let label = |id: &String| {
                options
                    .iter()
                    .find(|o| &o.id == id)
                    .map(|o| o.label.get(lang).to_owned())
            };
            match selection.get(&attribute.id)? {
                Value::Choice(id) => label(id),
                Value::Multi(ids) if !ids.is_empty() => {
                    Some(ids.iter().filter_map(label).collect::<Vec<_>>().join(", "))
                }
                Value::Text { text, .. } if !text.is_empty() => {
                    Some(format!("{} „{text}“", attribute.label.get(lang)))
                }
                _ => None,
            }
        })
        .collect();
    let preview = match lang {
        Lang::De => "Vorschau",
        Lang::En => "Preview",
    };
    let name = product.name.get(lang);
    if parts.is_empty() {
        format!("{preview}: {name}")
    } else {
        format!("{preview}: {name} – {}", parts.join("; "))
    }
}

/// A product with its effective configuration, for the drawings to ask.
struct Chosen<'a> {
    product: &'a Product,
    selection: &'a Selection,
    lang: Lang,
    ids: Ids,
}

impl<'a> Chosen<'a> {
    fn new(product: &'a Product, selection: &'a Selection, lang: Lang) -> Self {
        let ids = Ids::new(product, selection);
        Self {
            product,
            selection,
            lang,
            ids,
        }
    }

    /// The attribute that plays `role` in the drawing (its
    /// [`drawing_role`](engine::model::Attribute::drawing_role)).
    fn attribute(&self, role: &str) -> Option<&'a Attribute> {
        self.product.attribute_drawn_as(role)
    }

    /// The chosen option of the choice attribute drawn as `role`.
    fn option(&self, role: &str) -> Option<&'a AttrOption> {
        match self.chosen(self.attribute(role)?).as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    /// What the drawing shows for the chosen option of `role`: the
    /// option's drawing role (its id unless the catalog names another).
    fn role(&self, role: &str) -> Option<&'a str> {
        self.option(role).map(AttrOption::drawing_role)
    }

    /// Whether an option shown as `shown` is chosen for `role` (a choice
    /// or among a multi-choice's).
    fn has(&self, role: &str, shown: &str) -> bool {
        self.attribute(role)
            .is_some_and(|a| self.chosen(a).iter().any(|o| o.drawing_role() == shown))
    }

    /// The swatch colour of the chosen option of `role`, if it has one.
    fn swatch(&self, role: &str) -> Option<Rgb> {
        self.option(role).and_then(swatch)
    }

    /// A non-empty text of the attribute drawn as `role` and the CSS font
    /// family of its font (the attribute's first font when the font id is
    /// unknown).
    fn text(&self, role: &str) -> Option<(String, String)> {
        let attribute = self.attribute(role)?;
        let Some(Value::Text { text, font }) = self.selection.get(&attribute.id) else {
            return None;
        };
        if text.trim().is_empty() {
            return None;
        }
        let fonts = match &attribute.kind {
            AttributeKind::Text(spec) => spec.fonts.as_slice(),
            _ => &[],
        };
        let css = fonts
            .iter()
            .find(|f| &f.id == font)
            .or(fonts.first())
            .map_or("serif", |f| f.css.as_str());
        Some((text.clone(), css.to_owned()))
    }

    /// The chosen options of a choice or multi-choice attribute.
    fn chosen(&self, attribute: &'a Attribute) -> Vec<&'a AttrOption> {
        let find = |id: &String| attribute.kind.options().iter().find(|o| &o.id == id);
        match self.selection.get(&attribute.id) {
            Some(Value::Choice(id)) => find(id).into_iter().collect(),
            Some(Value::Multi(ids)) => ids.iter().filter_map(find).collect(),
            _ => Vec::new(),
        }
    }
}

/// The number an option id starts with: `18in` → 18, `4mm` → 4.
fn leading_number(id: &str) -> Option<u32> {
    let digits: String = id.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// A 32-bit FNV-1a hash; each part is ended by a 0xff byte, which no
/// UTF-8 text contains, so parts cannot run into each other.
struct Fnv(u32);

impl Fnv {
    fn add(&mut self, part: impl AsRef<[u8]>) {
        for &b in part.as_ref().iter().chain(&[0xff]) {
            self.0 = (self.0 ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
    }
}

/// Ids of a drawing's gradients, patterns and paths. They name the product
/// and configuration, so previews on one page never share an id unless they
/// draw the same thing, and the server and the browser agree on them.
struct Ids(String);

impl Ids {
    fn new(product: &Product, selection: &Selection) -> Self {
        // FNV-1a over the product and every chosen value: stable across
        // builds and targets, unlike std's hasher.
        let mut hash = Fnv(0x811c_9dc5);
        hash.add(&product.id);
        for (attribute, value) in &selection.0 {
            hash.add(attribute);
            match value {
                Value::Choice(option) => hash.add(option),
                Value::Multi(options) => {
                    hash.add(options.len().to_le_bytes());
                    options.iter().for_each(|o| hash.add(o));
                }
                Value::Text { text, font } => {
                    hash.add(text);
                    hash.add(font);
                }
                Value::Number(n) => hash.add(n.0.to_le_bytes()),
            }
        }
        let hash = hash.0;
        let name: String = product
            .id
            .chars()
            .map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '-' })
            .collect();
        Ids(format!("pv-{name}-{hash:08x}"))
    }

    /// The id of the element called `name`.
    fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.0)
    }

    /// A `url(#…)` reference to the element called `name`.
    fn url(&self, name: &str) -> String {
        format!("url(#{}-{name})", self.0)
    }
}

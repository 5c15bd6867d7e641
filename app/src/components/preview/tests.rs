//! Server-side renders of the preview.

use super::*;
use engine::Catalog;

fn product(id: &str) -> Arc<Product> {
    let catalog = Catalog::from_json(include_str!("../../../../catalog/catalog.json")).unwrap();
    Arc::new(catalog.product(id).unwrap().clone())
}

fn choice(attribute: &str, option: &str) -> (String, Value) {
    (attribute.to_owned(), Value::Choice(option.to_owned()))
}

fn multi(attribute: &str, options: &[&str]) -> (String, Value) {
    let ids = options.iter().map(|o| o.to_string()).collect();
    (attribute.to_owned(), Value::Multi(ids))
}

fn text(attribute: &str, text: &str, font: &str) -> (String, Value) {
    let (text, font) = (text.to_owned(), font.to_owned());
    (attribute.to_owned(), Value::Text { text, font })
}

/// The preview rendered on the server, in English.
fn render(product: Arc<Product>, values: Vec<(String, Value)>) -> String {
    let selection = Selection(values.into_iter().collect());
    Owner::new().with(|| {
        provide_context(Signal::stored(Lang::En));
        let selection = Signal::stored(selection);
        view! { <ProductPreview product selection /> }.to_html()
    })
}

#[test]
fn preview_car_follows_paint_wheels_and_packages() {
    let plain = render(
        product("car"),
        vec![
            choice("paint", "red"),
            choice("wheels", "17in"),
            choice("engine", "p150"),
        ],
    );
    assert!(plain.contains("#9c1c24"), "paint colour");
    assert!(
        plain.contains("Carmine red pearl effect"),
        "aria-label: {plain}"
    );
    assert!(!plain.contains("tow-hitch") && !plain.contains("ev-badge"));
    assert!(plain.contains("exhaust"));

    let loaded = render(
        product("car"),
        vec![
            choice("paint", "white"),
            choice("wheels", "20in"),
            choice("engine", "ev204"),
            multi("packages", &["sport", "tow-hitch"]),
        ],
    );
    assert!(loaded.contains("#f2f3ef"));
    assert!(loaded.contains("tow-hitch") && loaded.contains("ev-badge"));
    assert!(loaded.contains(r#"class="sport""#) && !loaded.contains("exhaust"));
    // Bigger wheels are drawn bigger: the tyre is the wheel's first circle.
    let tyre = |svg: &str| -> f32 {
        let wheel = &svg[svg.find(r#"class="wheel""#).unwrap()..];
        let r = &wheel[wheel.find(r#" r=""#).unwrap() + 4..];
        r[..r.find('"').unwrap()].parse().unwrap()
    };
    assert!(tyre(&loaded) > tyre(&plain));
}

#[test]
fn preview_follows_drawing_roles_from_the_catalog() {
    // A new product drawn as the car, with a new engine shown as electric
    // and a renamed package shown as the sport package: no code change.
    let mut estate = (*product("car")).clone();
    estate.id = "estate".into();
    estate.drawing = Some("car".into());
    let engine = estate
        .attributes
        .iter_mut()
        .find(|a| a.id == "engine")
        .unwrap();
    let AttributeKind::Choice { options, .. } = &mut engine.kind else {
        panic!("engine is a choice")
    };
    let mut ev = options.iter().find(|o| o.id == "ev204").unwrap().clone();
    ev.id = "ev150".into();
    options.push(ev);
    let packages = estate
        .attributes
        .iter_mut()
        .find(|a| a.id == "packages")
        .unwrap();
    let AttributeKind::Multi { options, .. } = &mut packages.kind else {
        panic!("packages is a multi-choice")
    };
    let sport = options.iter_mut().find(|o| o.id == "sport").unwrap();
    sport.id = "gt-line".into();
    sport.drawing = Some("sport".into());
    let svg = render(
        Arc::new(estate.clone()),
        vec![choice("engine", "ev150"), multi("packages", &["gt-line"])],
    );
    assert!(svg.contains("ev-badge"), "{svg}");
    assert!(svg.contains(r#"class="sport""#), "{svg}");
    assert!(svg.contains(r#"data-product="estate""#));

    // Without a drawing it knows, a product is a tile of its swatches.
    estate.drawing = Some("tile".into());
    let tile = render(Arc::new(estate), vec![choice("engine", "ev150")]);
    assert!(!tile.contains("ev-badge"), "{tile}");
}

#[test]
fn preview_ring_escapes_the_engraving_and_uses_its_font() {
    let svg = render(
        product("ring"),
        vec![
            choice("metal", "rose-gold"),
            choice("width", "6mm"),
            choice("finish", "hammered"),
            choice("stone", "sapphire"),
            text("engraving", "<script>alert(1)</script>", "block"),
        ],
    );
    assert!(svg.contains("&lt;script&gt;"), "{svg}");
    assert!(!svg.contains("<script>"));
    assert!(
        svg.contains(r#"font-family="'Arial Black', Arial, sans-serif""#),
        "{svg}"
    );
    assert!(svg.contains(r#"class="stone""#), "the stone");
    assert!(svg.contains("hammer"), "hammered texture");
    assert!(!svg.contains("style="), "no inline styles");
}

#[test]
fn preview_shirt_and_other_products() {
    let svg = render(
        product("shirt"),
        vec![
            choice("fabric", "linen-sand"),
            choice("collar", "button-down"),
            choice("pocket", "flap"),
            text("monogram", "ABC", "script"),
        ],
    );
    assert!(svg.contains("#d8ccb0") && svg.contains(r#"class="pocket""#));
    assert!(svg.contains(">ABC<") && svg.contains("Great Vibes"));

    let mut lamp = (*product("ring")).clone();
    lamp.id = "lamp".to_owned();
    let svg = render(Arc::new(lamp), vec![choice("metal", "yellow-gold")]);
    assert!(svg.contains("#d4af37"), "swatch of the chosen option");
    assert!(!svg.contains("style="));
}

#[test]
fn preview_numbers_are_printed_to_one_decimal_without_float_formatting() {
    use super::markup::{Fraction, Num};
    let num = |x: f32| Num(x).to_string();
    assert_eq!(num(0.0), "0");
    assert_eq!(num(12.0), "12");
    assert_eq!(num(7.5), "7.5");
    assert_eq!(num(7.46), "7.5");
    assert_eq!(num(7.44), "7.4");
    assert_eq!(num(99.96), "100");
    assert_eq!(num(0.25), "0.3");
    assert_eq!(num(-0.25), "-0.3");
    assert_eq!(num(-0.2), "-0.2");
    assert_eq!(num(-0.5), "-0.5");
    assert_eq!(num(-1.0), "-1");
    assert_eq!(num(-12.34), "-12.3");
    assert_eq!(num(-0.04), "0", "never -0");
    assert_eq!(num(-0.0), "0", "never -0");
    assert_eq!(num(f32::NAN), "0");
    let fraction = |x: f32| Fraction(x).to_string();
    assert_eq!(fraction(0.28), "0.28");
    assert_eq!(fraction(0.1), "0.1");
    assert_eq!(fraction(0.08), "0.08");
    assert_eq!(fraction(0.135), "0.14");
    assert_eq!(fraction(1.0), "1");
    assert_eq!(fraction(0.0), "0");
    assert_eq!(fraction(-0.004), "0", "never -0");
}

#[test]
fn preview_escapes_texts_and_font_families() {
    let mut ring = (*product("ring")).clone();
    for attribute in &mut ring.attributes {
        if let AttributeKind::Text(spec) = &mut attribute.kind {
            spec.fonts[0].css = r#""Evil" Font<b>, serif"#.to_owned();
        }
    }
    let engraving = text("engraving", r#"Say "hi" <b> & bye"#, "script");
    let svg = render(Arc::new(ring), vec![engraving]);
    assert!(
        svg.contains(r#"Say "hi" &lt;b&gt; &amp; bye</textPath>"#),
        "{svg}"
    );
    assert!(!svg.contains("<b>") && !svg.contains("& bye"), "{svg}");
    assert!(
        svg.contains(r#"font-family="&quot;Evil&quot; Font&lt;b&gt;, serif""#),
        "{svg}"
    );

    let svg = render(
        product("shirt"),
        vec![text("monogram", r#"A&<""#, "script")],
    );
    assert!(svg.contains(r#">A&amp;&lt;"</text>"#), "{svg}");
}

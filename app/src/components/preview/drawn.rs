//! What the product drawings read from the catalog. A product names its
//! drawing (`drawing`, else its id), an attribute the part it decides and an
//! option what is shown for it (`drawing`, else their ids). Colours always
//! come from the swatches, so a new paint, metal or fabric is drawn without
//! a code change, and a new option shown like an existing one only needs
//! that one's drawing role (a second electric engine: `"drawing":
//! "electric"`). The catalog check warns when a draft leaves a drawing
//! without a part it draws, or names a drawing or role no drawing knows.

use engine::model::{Attribute, Product};
use engine::validate::Problem;
use engine::Catalog;

/// A drawing's parts: the attribute role, and the option roles it draws
/// by name (empty: it reads the attribute itself, such as a swatch, a
/// text or the number an option's role starts with).
type Parts = &'static [(&'static str, &'static [&'static str])];

/// Every drawing the preview makes, with its parts; a product whose
/// drawing is none of these is drawn as the `tile`.
pub const DRAWINGS: &[(&str, Parts)] = &[
    (
        "car",
        &[
            ("paint", &[]),
            ("wheels", &[]),
            ("engine", &["electric"]),
            ("packages", &["sport", "tow-hitch"]),
        ],
    ),
    (
        "ring",
        &[
            ("metal", &[]),
            ("width", &[]),
            ("finish", &["polished", "matte", "hammered"]),
            ("stone", &[]),
            ("engraving", &[]),
        ],
    ),
    (
        "shirt",
        &[
            ("fabric", &[]),
            ("collar", &["kent", "button-down", "cutaway", "mandarin"]),
            ("cuffs", &["french"]),
            ("pocket", &["patch", "flap"]),
            ("buttons", &[]),
            ("monogram", &[]),
        ],
    ),
    // Any product: a tile of the chosen options' swatches.
    ("tile", &[]),
];

/// Warnings for every product whose drawing would quietly stop following
/// the catalog.
pub fn drawing_warnings(catalog: &Catalog) -> Vec<Problem> {
    let mut out = Vec::new();
    for product in &catalog.products {
        product_warnings(product, &mut out);
    }
    out
}

fn product_warnings(product: &Product, out: &mut Vec<Problem>) {
    let at = format!("products[{}]", product.id);
    let name = product.drawing_name();
    let Some((_, parts)) = DRAWINGS.iter().find(|(n, _)| *n == name) else {
        if product.drawing.is_some() {
            out.push(Problem {
                path: at,
                message: format!(
                    "no drawing is called '{name}' (there are {}): the preview shows a tile of the swatches",
                    known(DRAWINGS.iter().map(|(n, _)| *n))
                ),
            });
        }
        return;
    };
    for attribute in &product.attributes {
        let role = attribute.drawing_role();
        match parts.iter().find(|(r, _)| *r == role) {
            Some((_, shown)) => option_warnings(product, attribute, name, shown, out),
            None if attribute.drawing.is_some() => out.push(Problem {
                path: format!("{at}.attributes[{}]", attribute.id),
                message: format!(
                    "the {name} drawing has no part '{role}' (it draws {})",
                    known(parts.iter().map(|(r, _)| *r))
                ),
            }),
            None => {}
        }
    }
    for (role, shown) in parts.iter() {
        let Some(attribute) = product.attribute_drawn_as(role) else {
            out.push(Problem {
                path: at.clone(),
                message: format!("the {name} drawing draws '{role}', which no attribute plays any more: give the attribute that should show it the drawing role '{role}'"),
            });
            continue;
        };
        for option in shown.iter() {
            let options = attribute.kind.options();
            if !options.iter().any(|o| o.drawing_role() == *option) {
                out.push(Problem {
                    path: format!("{at}.attributes[{}]", attribute.id),
                    message: format!("the {name} drawing shows '{option}' for '{role}', which no option has any more: give the option that should show it the drawing role '{option}'"),
                });
            }
        }
    }
}

/// Options that name a role their part does not draw (a typo would
/// otherwise quietly draw nothing).
fn option_warnings(
    product: &Product,
    attribute: &Attribute,
    name: &str,
    shown: &[&str],
    out: &mut Vec<Problem>,
) {
    if shown.is_empty() {
        return;
    }
    for (j, option) in attribute.kind.options().iter().enumerate() {
        let Some(role) = option.drawing.as_deref() else {
            continue;
        };
        if !shown.contains(&role) {
            out.push(Problem {
                path: format!(
                    "products[{}].attributes[{}].options[{j}]",
                    product.id, attribute.id
                ),
                message: format!(
                    "the {name} drawing shows no '{role}' for '{}' (it shows {})",
                    attribute.drawing_role(),
                    known(shown.iter().copied())
                ),
            });
        }
    }
}

fn known<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::model::AttributeKind;

    fn demo() -> Catalog {
        Catalog::from_json(include_str!("../../../../catalog/catalog.json")).unwrap()
    }

    fn car_engine(catalog: &mut Catalog) -> &mut Vec<engine::model::AttrOption> {
        let car = catalog.products.iter_mut().find(|p| p.id == "car").unwrap();
        let engine = car.attributes.iter_mut().find(|a| a.id == "engine");
        match &mut engine.unwrap().kind {
            AttributeKind::Choice { options, .. } => options,
            _ => panic!("engine is a choice"),
        }
    }

    #[test]
    fn the_demo_catalog_has_everything_drawn() {
        assert_eq!(drawing_warnings(&demo()), Vec::new());
    }

    #[test]
    fn a_renamed_option_keeps_its_role_and_a_lost_role_is_named() {
        let mut catalog = demo();
        let ev = car_engine(&mut catalog);
        let ev = ev.iter_mut().find(|o| o.id == "ev204").unwrap();
        ev.id = "ev220".into();
        assert_eq!(drawing_warnings(&catalog), Vec::new(), "the role stays");

        car_engine(&mut catalog)
            .iter_mut()
            .for_each(|o| o.drawing = None);
        let warnings = drawing_warnings(&catalog);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].path, "products[car].attributes[engine]");
        assert!(warnings[0].message.contains("'electric'"));
    }

    #[test]
    fn unknown_drawings_and_roles_are_named_where_they_are() {
        let mut catalog = demo();
        car_engine(&mut catalog)[0].drawing = Some("electrik".into());
        let ring = catalog.products.iter_mut().find(|p| p.id == "ring");
        ring.unwrap().drawing = Some("rnig".into());
        let shirt = catalog.products.iter_mut().find(|p| p.id == "shirt");
        let collar = shirt
            .unwrap()
            .attributes
            .iter_mut()
            .find(|a| a.id == "collar");
        collar.unwrap().drawing = Some("colar".into());
        let paths: Vec<String> = drawing_warnings(&catalog)
            .into_iter()
            .map(|w| w.path)
            .collect();
        assert_eq!(
            paths,
            [
                "products[car].attributes[engine].options[0]",
                "products[ring]",
                "products[shirt].attributes[collar]",
                "products[shirt]",
            ]
        );
    }
}

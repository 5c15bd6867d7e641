//! The preview of any other product: a neutral tile.

use super::colour::{swatch, Rgb};
use super::markup::Markup;
use super::Chosen;

/// A neutral tile: the product's initial and the chosen options' swatches.
pub(super) fn swatch_tile(m: &mut Markup, c: &Chosen) {
    let colours: Vec<Rgb> = c
        .product
        .attributes
        .iter()
        .flat_map(|a| c.chosen(a))
        .filter_map(swatch)
        .take(12)
        .collect();
    let initial = c
        .product
        .name
        .get(c.lang)
        .chars()
        .chain(c.product.id.chars())
        .next()
        // ASCII only: Unicode upper-casing would ship its 12 KB table to the
        // browser, and names are written capitalised anyway.
        .map_or_else(|| "?".to_owned(), |ch| ch.to_ascii_uppercase().to_string());
    let initial_y = if colours.is_empty() { 170.0 } else { 118.0 };

    m.raw(concat!(
        r#"<rect x="20" y="20" width="360" height="260" rx="18" "#,
        r##"fill="#f4f2ee" stroke="#d9d5cd" stroke-width="1.5"/>"##,
    ));
    m.el("circle")
        .attrs(r#"cx="200""#)
        .attr("cy", initial_y - 20.0)
        .attrs(r##"r="44" fill="#e7e3db""##)
        .leaf();
    m.el("text")
        .attrs(r#"x="200""#)
        .attr("y", initial_y)
        .attrs(concat!(
            r#"text-anchor="middle" font-family="Georgia, 'Times New Roman', serif" "#,
            r##"font-size="56" fill="#6b6457""##,
        ))
        .open();
    m.text(&initial);
    m.close("text");

    let per_row = 6;
    let rows = colours.len().div_ceil(per_row);
    for (i, &colour) in colours.iter().enumerate() {
        let (row, column) = (i / per_row, i % per_row);
        let in_row = (colours.len() - row * per_row).min(per_row);
        let x = 200.0 + (column as f32 - (in_row as f32 - 1.0) / 2.0) * 52.0;
        let y = 210.0 + (row as f32 - (rows as f32 - 1.0) / 2.0) * 50.0;
        m.el("circle")
            .attr("cx", x)
            .attr("cy", y + 2.0)
            .attrs(r##"r="21" fill="#000000" fill-opacity="0.08""##)
            .leaf();
        m.el("circle")
            .attr("cx", x)
            .attr("cy", y)
            .attrs(r#"r="20""#)
            .attr("fill", colour)
            .attr("stroke", colour.outline())
            .attrs(r#"stroke-width="1.5""#)
            .leaf();
        m.el("circle")
            .attr("cx", x - 6.0)
            .attr("cy", y - 7.0)
            .attrs(r##"r="6" fill="#ffffff" fill-opacity="0.25""##)
            .leaf();
    }
}

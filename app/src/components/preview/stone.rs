//! The ring's stone: a round brilliant set flush into the band.

use super::colour::Rgb;
use super::geometry::{points, polar, sin_cos_degrees, Point};
use super::markup::{Markup, Num};

/// The colour of a stone without a swatch, by its drawing role.
pub(super) fn stone_colour(id: &str) -> Rgb {
    match id {
        "sapphire" => Rgb(0x1f, 0x4a, 0xa8),
        "ruby" => Rgb(0xa8, 0x16, 0x3a),
        "emerald" => Rgb(0x1e, 0x7a, 0x4c),
        "amethyst" => Rgb(0x7b, 0x4a, 0xa8),
        "topaz" => Rgb(0xe0, 0x9a, 0x3a),
        "onyx" => Rgb(0x1a, 0x1a, 0x1d),
        _ => Rgb(0xf4, 0xf8, 0xfb),
    }
}

/// A round brilliant seen from the front, set flush into the band in a
/// metal bezel: table, star and girdle facets lit from the top left.
pub(super) fn flush_stone(
    m: &mut Markup,
    (cx, cy): Point,
    r: f32,
    colour: Rgb,
    metal: Rgb,
    sparkle: bool,
) {
    let p = |radius: f32, angle: f32| polar(0.0, 0.0, radius, angle);
    // Brightness of a facet facing `angle`: the light comes from 315°.
    let lit = |angle: f32| sin_cos_degrees(angle - 315.0).1;
    let table = r * 0.55;
    let mut facets = Vec::new();
    for i in 0..8 {
        let a = i as f32 * 45.0 + 22.5;
        let (t0, t1) = (p(table, a), p(table, a + 45.0));
        facets.push((
            points(&[t0, t1, p(r, a + 22.5)]),
            colour.shade(0.25 * lit(a + 22.5) + 0.1),
        ));
        facets.push((
            points(&[t0, p(r, a - 22.5), p(r, a)]),
            colour.shade(0.4 * lit(a - 11.0) - 0.15),
        ));
        facets.push((
            points(&[t0, p(r, a), p(r, a + 22.5)]),
            colour.shade(0.4 * lit(a + 11.0) - 0.3),
        ));
    }
    let octagon: Vec<_> = (0..8).map(|i| p(table, i as f32 * 45.0 + 22.5)).collect();
    let edge = colour.outline();
    let (sx, sy, s) = (-r * 0.3, -r * 0.32, r * 0.42);
    let star = {
        let (x, y) = (Num(sx), Num(sy));
        let [up, down, left, right] = [sy - s, sy + s, sx - s, sx + s].map(Num);
        let [right_in, left_in] = [sx + s * 0.22, sx - s * 0.22].map(Num);
        let [up_in, down_in] = [sy - s * 0.22, sy + s * 0.22].map(Num);
        format!(
            "M{x} {up} L{right_in} {y} L{x} {down} L{left_in} {y} Z \
             M{left} {y} L{x} {up_in} L{right} {y} L{x} {down_in} Z"
        )
    };

    m.el("g")
        .attrs(r#"class="stone""#)
        .attr(
            "transform",
            format!("translate({} {}) scale(1 0.92)", Num(cx), Num(cy)),
        )
        .open();
    m.el("circle")
        .attr("r", r + 3.2)
        .attr("fill", metal.darker(0.12))
        .attr("stroke", metal.outline())
        .attrs(r#"stroke-width="1""#)
        .leaf();
    m.el("circle")
        .attr("r", r + 1.2)
        .attr("fill", metal.darker(0.45))
        .leaf();
    for (points, fill) in facets {
        m.el("polygon")
            .attr("points", points)
            .attr("fill", fill)
            .attr("stroke", edge)
            .attrs(r#"stroke-width="0.4" stroke-linejoin="round""#)
            .leaf();
    }
    m.el("polygon")
        .attr("points", points(&octagon))
        .attr("fill", colour.shade(0.3))
        .attr("stroke", edge)
        .attrs(r#"stroke-width="0.5""#)
        .leaf();
    if sparkle {
        m.el("path")
            .attr("d", star)
            .attrs(r##"fill="#ffffff" fill-opacity="0.85""##)
            .leaf();
    }
    m.close("g");
}

//! The ring: a band lying tilted towards the viewer, with its engraving
//! inside and a stone set into the front.

use super::colour::{gradient, swatch, Rgb, BLACK, WHITE};
use super::geometry::{ellipse_path, ground_shadow};
use super::markup::{Fraction, Markup, Num};
use super::stone::{flush_stone, stone_colour};
use super::{leading_number, Chosen};

/// A band ring lying tilted towards the viewer: the outside of its near
/// half, the top edge, the inside of the far half (with the engraving), and
/// a stone set flush into the front.
pub(super) fn ring(m: &mut Markup, c: &Chosen) {
    let ids = &c.ids;
    let metal = c.swatch("metal").unwrap_or(Rgb(0xd6, 0xd7, 0xd9));
    let finish = c.role("finish").unwrap_or("polished");
    let mm = c
        .role("width")
        .and_then(leading_number)
        .unwrap_or(4)
        .clamp(1, 10) as f32;

    // The top edge is an ellipse with outer radius `r`, inner `ri` and
    // height/width ratio `k` (the tilt); the band shows `h` high.
    let (cx, r, k, ri) = (200.0_f32, 104.0_f32, 0.4_f32, 94.0_f32);
    let h = mm * 10.0;
    let top = (150.0 - h / 2.0).round();
    let bottom = top + h;

    let (contrast, highlight) = match finish {
        "matte" => (0.45, 0.3),
        "hammered" => (0.85, 0.55),
        _ => (1.0, 0.75),
    };
    let dark = |t: f32| metal.darker(t * contrast);
    let light = |t: f32| metal.lighter(t * contrast);
    let edge = metal.outline();

    // The near half's outside, between the front arcs of the top and bottom
    // edges; the far half's inside, between their back arcs.
    let band = |rx: f32, near: bool| {
        let (first, second) = if near { (0, 1) } else { (1, 0) };
        let (left, right, ry, rx) = (Num(cx - rx), Num(cx + rx), Num(rx * k), Num(rx));
        let (top, bottom) = (Num(top), Num(bottom));
        format!(
            "M{left} {top} A{rx} {ry} 0 0 {first} {right} {top} \
             L{right} {bottom} A{rx} {ry} 0 0 {second} {left} {bottom} Z"
        )
    };
    let near_side = band(r, true);
    let far_inside = band(ri, false);
    let top_face = format!(
        "{} {}",
        ellipse_path(cx, top, r, r * k),
        ellipse_path(cx, top, ri, ri * k)
    );
    let engraving = c.text("engraving").map(|(text, font)| {
        let size = (h * 0.42).clamp(9.0, 21.0);
        let (rx, y) = (ri - 4.0, top + h / 2.0 + size * 0.35);
        let (left, right, y) = (Num(cx - rx), Num(cx + rx), Num(y));
        let arc = format!("M{left} {y} A{} {} 0 0 1 {right} {y}", Num(rx), Num(rx * k));
        (text, font, size, arc)
    });
    let hammered = finish == "hammered";
    let glint = format!(
        "M{} {} A{} {} 0 0 0 {} {}",
        Num(cx - r * 0.78),
        Num(top + r * k * 0.63),
        Num(r),
        Num(r * k),
        Num(cx - r * 0.25),
        Num(top + r * k * 0.97)
    );
    let stone = c
        .option("stone")
        .map(|o| swatch(o).unwrap_or_else(|| stone_colour(o.drawing_role())));
    let engraving_colour = if finish == "matte" {
        metal.darker(0.55)
    } else {
        dark(0.62)
    };

    m.raw("<defs>");
    gradient(
        m,
        "linearGradient",
        ids.id("side"),
        r#"x1="0" y1="0" x2="1" y2="0""#,
        &[
            (0, dark(0.55), 1.0),
            (14, dark(0.1), 1.0),
            (32, light(highlight), 1.0),
            (44, metal, 1.0),
            (70, dark(0.18), 1.0),
            (88, light(highlight * 0.5), 1.0),
            (100, dark(0.5), 1.0),
        ],
    );
    gradient(
        m,
        "linearGradient",
        ids.id("shade"),
        r#"x1="0" y1="0" x2="0" y2="1""#,
        &[
            (0, WHITE, 0.3 * contrast),
            (45, WHITE, 0.0),
            (100, BLACK, 0.22 * contrast),
        ],
    );
    gradient(
        m,
        "linearGradient",
        ids.id("top"),
        r#"x1="0" y1="0" x2="1" y2="0.4""#,
        &[
            (0, light(0.2), 1.0),
            (40, light(highlight * 0.9), 1.0),
            (75, metal, 1.0),
            (100, dark(0.2), 1.0),
        ],
    );
    gradient(
        m,
        "linearGradient",
        ids.id("inside"),
        r#"x1="0" y1="0" x2="1" y2="0""#,
        &[
            (0, dark(0.15), 1.0),
            (35, dark(0.45), 1.0),
            (62, dark(0.2), 1.0),
            (82, light(highlight * 0.4), 1.0),
            (100, dark(0.3), 1.0),
        ],
    );
    m.el("clipPath").attr("id", ids.id("hole")).open();
    m.el("path")
        .attr("d", ellipse_path(cx, top, ri, ri * k))
        .leaf();
    m.close("clipPath");
    if let Some((_, _, _, arc)) = &engraving {
        m.el("path")
            .attr("id", ids.id("engraving"))
            .attr("d", arc.as_str())
            .leaf();
    }
    if hammered {
        m.el("pattern")
            .attr("id", ids.id("hammer"))
            .attrs(concat!(
                r#"width="13" height="9" patternUnits="userSpaceOnUse" "#,
                r#"patternTransform="rotate(8)""#,
            ))
            .open();
        m.raw(concat!(
            r##"<ellipse cx="3.5" cy="3" rx="3" ry="2.2" fill="#000000" fill-opacity="0.13"/>"##,
            r##"<ellipse cx="3" cy="2.4" rx="1.6" ry="1.1" fill="#ffffff" fill-opacity="0.45"/>"##,
            r##"<ellipse cx="10" cy="7.2" rx="2.6" ry="1.9" fill="#000000" fill-opacity="0.12"/>"##,
            r##"<ellipse cx="9.6" cy="6.7" rx="1.3" ry="0.9" fill="#ffffff" fill-opacity="0.4"/>"##,
        ));
        m.close("pattern");
    }
    m.close("defs");

    ground_shadow(m, ids, cx + 6.0, bottom + 8.0, r * 1.15, r * k * 1.3);
    for fill in ["side", "shade"] {
        let d = near_side.as_str();
        m.el("path").attr("d", d).attr("fill", ids.url(fill)).leaf();
    }
    m.el("g").attr("clip-path", ids.url("hole")).open();
    for fill in ["inside", "shade"] {
        let d = far_inside.as_str();
        m.el("path").attr("d", d).attr("fill", ids.url(fill)).leaf();
    }
    if hammered {
        m.el("path")
            .attr("d", far_inside.as_str())
            .attr("fill", ids.url("hammer"))
            .leaf();
    }
    if let Some((text, font, size, _)) = &engraving {
        m.el("text")
            .attrs(r#"class="engraving""#)
            .attr("font-family", font.as_str())
            .attr("font-size", *size)
            .attrs(r#"text-anchor="middle""#)
            .attr("fill", engraving_colour)
            .attrs(r#"fill-opacity="0.9""#)
            .open();
        m.el("textPath")
            .attr("href", format!("#{}", ids.id("engraving")))
            .attrs(r#"startOffset="50%""#)
            .open();
        m.text(text);
        m.close("textPath");
        m.close("text");
    }
    m.close("g");
    m.el("path")
        .attr("d", top_face.as_str())
        .attr("fill", ids.url("top"))
        .attrs(r#"fill-rule="evenodd""#)
        .leaf();
    if hammered {
        m.el("path")
            .attr("d", near_side.as_str())
            .attr("fill", ids.url("hammer"))
            .leaf();
        m.el("path")
            .attr("d", top_face.as_str())
            .attr("fill", ids.url("hammer"))
            .attrs(r#"fill-rule="evenodd""#)
            .leaf();
    }
    m.el("g")
        .attrs(r#"fill="none""#)
        .attr("stroke", edge)
        .attrs(r#"stroke-width="1.3" stroke-linejoin="round""#)
        .open();
    m.el("path").attr("d", near_side).leaf();
    m.el("path").attr("d", top_face).leaf();
    m.close("g");
    if finish != "matte" {
        m.el("path")
            .attr("d", glint)
            .attrs(r##"fill="none" stroke="#ffffff""##)
            .attr("stroke-opacity", Fraction(0.7 * highlight))
            .attrs(r#"stroke-width="2.2" stroke-linecap="round""#)
            .leaf();
    }
    if let Some(colour) = stone {
        let size = (h * 0.3).clamp(6.0, 14.0);
        let centre = (cx, top + r * k + h / 2.0);
        flush_stone(m, centre, size, colour, metal, finish != "matte");
    }
}

//! The shirt: its front with fabric, collar, cuffs, buttons, pocket and
//! monogram.

use super::colour::{gradient, swatch, Rgb, BLACK, WHITE};
use super::geometry::ground_shadow;
use super::markup::Markup;
use super::shirt_parts::{cuff, shirt_collar, shirt_pocket, ShirtButton};
use super::Chosen;
use engine::model::AttrOption;

const SHIRT_BODY: &str = "M171 40 L136 55 C132 78 134 100 138 120 L140 262 \
     C152 282 182 287 200 287 C218 287 248 282 260 262 L262 120 C266 100 268 78 264 55 L229 40 \
     C220 47 180 47 171 40 Z";
const SHIRT_LEFT_SLEEVE: &str = "M137 55 C118 60 106 72 102 92 L86 214 L116 221 L137 124 Z";
const SHIRT_RIGHT_SLEEVE: &str = "M263 55 C282 60 294 72 298 92 L314 214 L284 221 L263 124 Z";
/// Button positions down the placket.
const SHIRT_BUTTONS: [f32; 6] = [72.0, 108.0, 144.0, 180.0, 216.0, 252.0];

/// The front of a shirt: fabric, collar, cuffs, buttons, pocket, monogram.
pub(super) fn shirt(m: &mut Markup, c: &Chosen) {
    let ids = &c.ids;
    let fabric_option = c.option("fabric");
    let fabric = fabric_option
        .and_then(swatch)
        .unwrap_or(Rgb(0xf4, 0xf4, 0xf1));
    let weave = fabric_option.map_or("", AttrOption::drawing_role);
    let edge = fabric.outline();
    let seam = fabric.mix(edge, 0.45);
    let collar = c.role("collar").unwrap_or("kent");
    let french = c.has("cuffs", "french");
    let pocket = c.role("pocket");
    let button = ShirtButton::of(ids, c.option("buttons"));
    let monogram = c.text("monogram");
    let cloth = ids.url("fabric");
    let shade = ids.url("shade");

    m.raw("<defs>");
    m.el("pattern")
        .attr("id", ids.id("fabric"))
        .attrs(r#"width="8" height="8" patternUnits="userSpaceOnUse""#)
        .open();
    m.el("rect")
        .attrs(r#"width="8" height="8""#)
        .attr("fill", fabric)
        .leaf();
    texture(m, weave, fabric);
    m.close("pattern");
    gradient(
        m,
        "linearGradient",
        ids.id("shade"),
        r#"x1="0" y1="0" x2="1" y2="0""#,
        &[
            (0, BLACK, 0.1),
            (22, BLACK, 0.0),
            (70, WHITE, 0.08),
            (88, BLACK, 0.0),
            (100, BLACK, 0.12),
        ],
    );
    gradient(
        m,
        "radialGradient",
        ids.id("pearl"),
        r#"cx="0.35" cy="0.35" r="0.75""#,
        &[
            (0, WHITE, 1.0),
            (45, Rgb(0xe6, 0xe9, 0xf2), 1.0),
            (75, Rgb(0xf1, 0xe3, 0xea), 1.0),
            (100, Rgb(0xd6, 0xe4, 0xe0), 1.0),
        ],
    );
    m.close("defs");

    ground_shadow(m, ids, 200.0, 288.0, 110.0, 7.0);
    m.el("g")
        .attr("stroke", edge)
        .attrs(r#"stroke-width="1.4" stroke-linejoin="round""#)
        .open();
    for sleeve in [SHIRT_LEFT_SLEEVE, SHIRT_RIGHT_SLEEVE] {
        m.el("path")
            .attr("d", sleeve)
            .attr("fill", cloth.as_str())
            .leaf();
    }
    m.close("g");
    for sleeve in [SHIRT_LEFT_SLEEVE, SHIRT_RIGHT_SLEEVE] {
        m.el("path")
            .attr("d", sleeve)
            .attr("fill", shade.as_str())
            .leaf();
    }
    cuff(m, ids, -1.0, french, fabric, &button);
    cuff(m, ids, 1.0, french, fabric, &button);
    m.el("path")
        .attr("d", SHIRT_BODY)
        .attr("fill", cloth.as_str())
        .attr("stroke", edge)
        .attrs(r#"stroke-width="1.4" stroke-linejoin="round""#)
        .leaf();
    m.el("path")
        .attr("d", SHIRT_BODY)
        .attr("fill", shade)
        .leaf();
    // Folds and seams.
    m.el("g")
        .attrs(r#"fill="none""#)
        .attr("stroke", fabric.darker(0.25))
        .attrs(r#"stroke-opacity="0.35" stroke-width="1.2" stroke-linecap="round""#)
        .open();
    m.raw(concat!(
        r#"<path d="M160 200 C166 226 164 250 158 272"/>"#,
        r#"<path d="M244 206 C238 230 240 252 246 270"/>"#,
        r#"<path d="M108 120 C112 140 112 160 108 178"/>"#,
        r#"<path d="M292 120 C288 140 288 160 292 178"/>"#,
    ));
    m.close("g");
    m.el("g")
        .attrs(r#"fill="none""#)
        .attr("stroke", seam)
        .attrs(r#"stroke-width="0.9" stroke-dasharray="2.5 2""#)
        .open();
    m.raw(concat!(
        r#"<path d="M137 56 C134 80 136 104 138 122"/>"#,
        r#"<path d="M263 56 C266 80 264 104 262 122"/>"#,
    ));
    m.close("g");
    // Placket and buttons.
    m.el("path")
        .attrs(r#"d="M194 52 L206 52 L206 286 L194 286 Z""#)
        .attr("fill", cloth)
        .attr("stroke", seam)
        .attrs(r#"stroke-width="0.9""#)
        .leaf();
    for y in SHIRT_BUTTONS {
        button.draw(m, 200.0, y, 3.4);
    }
    if let Some(kind) = pocket {
        shirt_pocket(m, ids, kind, seam, edge, &button);
    }
    shirt_collar(m, ids, collar, fabric, seam, &button);
    if let Some((text, font)) = monogram {
        let y = if pocket.is_some() { 168.0 } else { 136.0 };
        let thread = if fabric.lightness() > 0.55 {
            Rgb(0x24, 0x33, 0x5e)
        } else {
            Rgb(0xf6, 0xf3, 0xea)
        };
        m.el("text")
            .attrs(r#"class="monogram" x="236""#)
            .attr("y", y)
            .attrs(r#"text-anchor="middle""#)
            .attr("font-family", font)
            .attrs(r#"font-size="13" letter-spacing="1""#)
            .attr("fill", thread)
            .open();
        m.text(&text);
        m.close("text");
    }
}

/// The weave as a fine texture over the fabric colour, inside the fabric's
/// pattern: oxford, twill, linen, or none (poplin).
fn texture(m: &mut Markup, weave: &str, fabric: Rgb) {
    if weave.contains("oxford") {
        let light = fabric.lighter(0.14);
        let dark = fabric.darker(0.04);
        for (place, colour) in [
            (r#"width="2" height="2""#, light),
            (r#"x="2" y="2" width="2" height="2""#, light),
            (r#"x="4" y="4" width="2" height="2""#, light),
            (r#"x="6" y="6" width="2" height="2""#, light),
            (r#"x="4" width="2" height="2""#, dark),
            (r#"y="4" width="2" height="2""#, dark),
        ] {
            m.el("rect").attrs(place).attr("fill", colour).leaf();
        }
    } else if weave.contains("twill") {
        m.el("path")
            .attrs(r#"d="M0 8 L4 0 L8 8" fill="none""#)
            .attr("stroke", fabric.darker(0.07))
            .attrs(r#"stroke-width="0.7""#)
            .leaf();
    } else if weave.contains("linen") {
        m.el("path")
            .attrs(r#"d="M0 1.5 H5 M3 4.5 H8 M1 7 H4" fill="none""#)
            .attr("stroke", fabric.darker(0.07))
            .attrs(r#"stroke-width="0.8""#)
            .leaf();
        m.el("path")
            .attrs(r#"d="M5.5 1.5 H8 M0 4.5 H2" fill="none""#)
            .attr("stroke", fabric.lighter(0.3))
            .attrs(r#"stroke-width="0.7""#)
            .leaf();
    }
}

//! The parts of the shirt that vary by option: buttons, collar, cuffs and
//! chest pocket.

use super::colour::{swatch, Rgb};
use super::markup::{Markup, Num};
use super::Ids;
use engine::model::AttrOption;

/// How the shirt's buttons look: the option's swatch, mother-of-pearl
/// shimmer, or classic off-white.
pub(super) struct ShirtButton {
    /// A colour, or the url of the pearl gradient.
    fill: String,
    edge: Rgb,
}

impl ShirtButton {
    pub(super) fn of(ids: &Ids, option: Option<&AttrOption>) -> Self {
        let colour = match option {
            Some(o) if o.swatch.is_some() => swatch(o),
            Some(o) if o.drawing_role().contains("pearl") => None,
            _ => Some(Rgb(0xee, 0xeb, 0xe2)),
        };
        match colour {
            Some(colour) => Self {
                fill: colour.to_string(),
                edge: colour.outline(),
            },
            None => Self {
                fill: ids.url("pearl"),
                edge: Rgb(0x8a, 0x8f, 0x9a),
            },
        }
    }

    /// A button of radius `r` at (`x`, `y`), with its two holes.
    pub(super) fn draw(&self, m: &mut Markup, x: f32, y: f32, r: f32) {
        m.raw(r#"<g class="button">"#);
        m.el("circle")
            .attr("cx", x)
            .attr("cy", y)
            .attr("r", r)
            .attr("fill", self.fill.as_str())
            .attr("stroke", self.edge)
            .attrs(r#"stroke-width="0.8""#)
            .leaf();
        for hole in [x - r * 0.3, x + r * 0.3] {
            m.el("circle")
                .attr("cx", hole)
                .attr("cy", y)
                .attr("r", r * 0.16)
                .attr("fill", self.edge)
                .leaf();
        }
        m.close("g");
    }
}

/// The collar, by style: kent, button-down, cutaway or mandarin band.
pub(super) fn shirt_collar(
    m: &mut Markup,
    ids: &Ids,
    style: &str,
    fabric: Rgb,
    seam: Rgb,
    button: &ShirtButton,
) {
    let edge = fabric.outline();
    // The inside of the collar at the back of the neck.
    m.el("path")
        .attrs(r#"d="M171 40 C182 31 218 31 229 40 L226 47 C214 41 186 41 174 47 Z""#)
        .attr("fill", fabric.darker(0.12))
        .attr("stroke", edge)
        .attrs(r#"stroke-width="1.2" stroke-linejoin="round""#)
        .leaf();
    if style == "mandarin" {
        fabric_piece(
            m,
            ids,
            concat!(
                "M170 39 C182 47 218 47 230 39 L231 50 ",
                "C226 58 212 62 203 62 L197 62 C188 62 174 58 169 50 Z",
            ),
            edge,
            "1.4",
        );
        m.el("path")
            .attrs(r#"d="M172 46 C184 53 216 53 228 46" fill="none""#)
            .attr("stroke", seam)
            .attrs(r#"stroke-width="0.9" stroke-dasharray="2.5 2""#)
            .leaf();
        button.draw(m, 200.0, 56.0, 3.0);
        return;
    }
    // The point of the viewer's left leaf; the right leaf mirrors it.
    let (tip_x, tip_y, spread) = match style {
        "cutaway" => (158.0, 73.0, 4.0),
        "button-down" => (180.0, 92.0, 0.0),
        _ => (176.0, 84.0, 0.0),
    };
    let leaf = |side: f32| {
        let x = |v: f32| Num(200.0 + side * (v - 200.0));
        format!(
            "M{} 60 L{} 37 C{} 44 {} 52 {} 60 L{} {} C{} {} {} 68 {} 62 Z",
            x(200.0),
            x(169.0),
            x(164.0 - spread),
            x(164.0 - spread),
            x(166.0 - spread),
            x(tip_x),
            Num(tip_y),
            x(tip_x + 8.0),
            Num(tip_y - 6.0),
            x(196.0),
            x(199.0),
        )
    };
    m.el("path")
        .attrs(concat!(
            r#"d="M171 40 C182 47 218 47 229 40 L228 50 "#,
            r#"C218 56 207 59 200 60 C193 59 182 56 172 50 Z""#,
        ))
        .attr("fill", fabric.darker(0.05))
        .attr("stroke", edge)
        .attrs(r#"stroke-width="1.2" stroke-linejoin="round""#)
        .leaf();
    button.draw(m, 200.0, 56.0, 2.8);
    for side in [-1.0_f32, 1.0] {
        let d = leaf(side);
        fabric_piece(m, ids, &d, edge, "1.4");
        m.el("path")
            .attr("d", d)
            .attr("fill", ids.url("shade"))
            .leaf();
        if style == "button-down" {
            let tip = (200.0 + side * (tip_x + 2.0 - 200.0), tip_y - 6.0);
            button.draw(m, tip.0, tip.1, 2.4);
        }
    }
}

/// The cuff at the end of a sleeve (`side` -1 left, 1 right): a barrel cuff
/// with a button, or a folded-back French cuff with a cufflink.
pub(super) fn cuff(
    m: &mut Markup,
    ids: &Ids,
    side: f32,
    french: bool,
    fabric: Rgb,
    button: &ShirtButton,
) {
    let edge = fabric.outline();
    let x = |v: f32| 200.0 + side * (v - 200.0);
    let n = |v: f32| Num(x(v));
    let top = if french { 186.0 } else { 194.0 };
    let (y, y6) = (Num(top), Num(top + 6.0));
    let outline = format!(
        "M{} {y} L{} {y6} L{} 223 L{} 216 Z",
        n(89.0),
        n(119.0),
        n(117.0),
        n(84.0)
    );
    let seam = format!("M{} {y} L{} {y6}", n(89.0), n(119.0));
    fabric_piece(m, ids, &outline, edge, "1.4");
    m.el("path")
        .attr("d", seam)
        .attrs(r#"fill="none""#)
        .attr("stroke", fabric.darker(0.2))
        .attrs(r#"stroke-width="1.2""#)
        .leaf();
    if !french {
        button.draw(m, x(110.0), top + 14.0, 2.8);
        return;
    }
    let fold = format!(
        "M{} {} L{} {}",
        n(87.5),
        Num(top + 14.0),
        n(118.0),
        Num(top + 20.0)
    );
    let link = (x(114.0), top + 22.0);
    m.el("path")
        .attr("d", fold)
        .attrs(r#"fill="none""#)
        .attr("stroke", edge)
        .attrs(r#"stroke-width="1.1""#)
        .leaf();
    m.el("circle")
        .attr("cx", link.0)
        .attr("cy", link.1)
        .attrs(r##"r="3.6" fill="#c9a646" stroke="#7d6320" stroke-width="0.9""##)
        .leaf();
    m.el("circle")
        .attr("cx", link.0 - 1.0)
        .attr("cy", link.1 - 1.0)
        .attrs(r##"r="1.2" fill="#f3e2a6""##)
        .leaf();
}

/// A chest pocket (wearer's left): a patch pocket or one with a buttoned flap.
pub(super) fn shirt_pocket(
    m: &mut Markup,
    ids: &Ids,
    kind: &str,
    seam: Rgb,
    edge: Rgb,
    button: &ShirtButton,
) {
    const FLAP: &str = "M221 108 L255 108 L255 120 L238 126 L221 120 Z";
    m.raw(r#"<g class="pocket">"#);
    fabric_piece(
        m,
        ids,
        "M222 112 L254 112 L254 144 L238 150 L222 144 Z",
        edge,
        "1.2",
    );
    m.el("path")
        .attrs(concat!(
            r#"d="M224.5 114 L251.5 114 L251.5 142.5 L238 147.5 L224.5 142.5 Z" "#,
            r#"fill="none""#,
        ))
        .attr("stroke", seam)
        .attrs(r#"stroke-width="0.8" stroke-dasharray="2 1.8""#)
        .leaf();
    if kind == "flap" {
        fabric_piece(m, ids, FLAP, edge, "1.2");
        m.el("path")
            .attr("d", FLAP)
            .attr("fill", ids.url("shade"))
            .leaf();
        button.draw(m, 238.0, 120.0, 2.6);
    } else {
        m.el("path")
            .attrs(r#"d="M222 117 L254 117" fill="none""#)
            .attr("stroke", seam)
            .attrs(r#"stroke-width="0.8""#)
            .leaf();
    }
    m.close("g");
}

/// A piece of the shirt cut from its fabric: the outline `d` filled with
/// the fabric pattern and edged in `edge`, `width` wide.
fn fabric_piece(m: &mut Markup, ids: &Ids, d: &str, edge: Rgb, width: &'static str) {
    m.el("path")
        .attr("d", d)
        .attr("fill", ids.url("fabric"))
        .attr("stroke", edge)
        .attr("stroke-width", width)
        .attrs(r#"stroke-linejoin="round""#)
        .leaf();
}

//! The car's wheels: tyre, alloy rim with spokes, and brake caliper.

use super::colour::Rgb;
use super::geometry::{polar, strokes, Point};
use super::markup::{Markup, Num, Tag};
use super::Ids;

/// The spoke design of a wheel size.
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum WheelStyle {
    FiveSpoke,
    TenSpoke,
    YSpoke,
    Forged,
}

impl WheelStyle {
    pub(super) fn for_inches(inches: u32) -> Self {
        match inches {
            ..=17 => WheelStyle::FiveSpoke,
            18 => WheelStyle::TenSpoke,
            19 => WheelStyle::YSpoke,
            _ => WheelStyle::Forged,
        }
    }
}

/// A tyre with an alloy rim, its spokes and a brake caliper.
pub(super) fn wheel(
    m: &mut Markup,
    ids: &Ids,
    centre: Point,
    tire: f32,
    rim: f32,
    style: WheelStyle,
    caliper: Rgb,
) {
    let (cx, cy) = centre;
    let hub = rim * 0.22;
    let p = |r: f32, angle: f32| polar(cx, cy, r, angle);
    let spoke = |i: usize, n: usize| i as f32 * 360.0 / n as f32;
    let (spokes, width): (Vec<_>, f32) = match style {
        WheelStyle::FiveSpoke => (
            (0..5)
                .map(|i| (p(hub, spoke(i, 5)), p(rim * 0.9, spoke(i, 5))))
                .collect(),
            rim * 0.2,
        ),
        WheelStyle::TenSpoke => (
            (0..10)
                .map(|i| (p(hub, spoke(i, 10)), p(rim * 0.92, spoke(i, 10))))
                .collect(),
            rim * 0.09,
        ),
        WheelStyle::YSpoke => (
            (0..5)
                .flat_map(|i| {
                    let a = spoke(i, 5);
                    let fork = p(rim * 0.55, a);
                    [
                        (p(hub, a), fork),
                        (fork, p(rim * 0.92, a - 13.0)),
                        (fork, p(rim * 0.92, a + 13.0)),
                    ]
                })
                .collect(),
            rim * 0.11,
        ),
        WheelStyle::Forged => (
            (0..7)
                .flat_map(|i| {
                    let a = spoke(i, 7);
                    [
                        (p(hub, a - 4.0), p(rim * 0.93, a - 8.0)),
                        (p(hub, a + 4.0), p(rim * 0.93, a + 8.0)),
                    ]
                })
                .collect(),
            rim * 0.1,
        ),
    };
    let forged = style == WheelStyle::Forged;
    let spoke_colour = if forged {
        "#3d4147".to_owned()
    } else {
        ids.url("rim")
    };
    let (c1, c2) = (p(rim * 0.72, 55.0), p(rim * 0.72, 100.0));
    let caliper_path = format!(
        "M{} {} A{r} {r} 0 0 1 {} {}",
        Num(c1.0),
        Num(c1.1),
        Num(c2.0),
        Num(c2.1),
        r = Num(rim * 0.72)
    );
    let spokes = strokes(&spokes);

    m.raw(r#"<g class="wheel">"#);
    circle(m, centre, tire)
        .attrs(r##"fill="#1b1c1f" stroke="#0b0b0c" stroke-width="1""##)
        .leaf();
    circle(m, centre, tire - 3.5)
        .attrs(r##"fill="none" stroke="#2f3135" stroke-width="1.5""##)
        .leaf();
    circle(m, centre, rim).attrs(r##"fill="#2a2c30""##).leaf();
    m.el("path")
        .attr("d", caliper_path)
        .attrs(r#"fill="none""#)
        .attr("stroke", caliper)
        .attr("stroke-width", rim * 0.2)
        .attrs(r#"stroke-linecap="round""#)
        .leaf();
    m.el("path")
        .attr("d", spokes.as_str())
        .attrs(r#"fill="none""#)
        .attr("stroke", spoke_colour)
        .attr("stroke-width", width)
        .attrs(r#"stroke-linecap="round""#)
        .leaf();
    if forged {
        m.el("path")
            .attr("d", spokes.as_str())
            .attrs(r##"fill="none" stroke="#eef1f4""##)
            .attr("stroke-width", width * 0.35)
            .attrs(r#"stroke-linecap="round""#)
            .leaf();
    }
    circle(m, centre, rim)
        .attrs(r#"fill="none""#)
        .attr("stroke", ids.url("rim"))
        .attr("stroke-width", rim * 0.09)
        .leaf();
    circle(m, centre, rim * 1.045)
        .attrs(r##"fill="none" stroke="#55595f" stroke-width="0.8""##)
        .leaf();
    circle(m, centre, hub)
        .attr("fill", ids.url("rim"))
        .attrs(r##"stroke="#5d6168" stroke-width="0.8""##)
        .leaf();
    circle(m, centre, hub * 0.35)
        .attrs(r##"fill="#3b3e43""##)
        .leaf();
    m.close("g");
}

/// A `<circle>` around `centre`, for more attributes.
fn circle(m: &mut Markup, (cx, cy): Point, r: f32) -> Tag<'_> {
    m.el("circle").attr("cx", cx).attr("cy", cy).attr("r", r)
}

//! Points, path data and the ground shadow shared by the drawings.

use super::colour::{gradient, BLACK};
use super::markup::{Markup, Num};
use super::Ids;
use std::f32::consts::PI;
use std::fmt::Write;

/// A point of the drawing, in viewBox units.
pub(super) type Point = (f32, f32);

/// A point at `angle` degrees (0 = up, clockwise) and distance `r` from a centre.
pub(super) fn polar(cx: f32, cy: f32, r: f32, angle: f32) -> Point {
    let (sin, cos) = sin_cos_degrees(angle);
    (cx + r * sin, cy - r * cos)
}

/// Sine and cosine of an angle in degrees, to within 1e-6: the angle is
/// brought into ±45° of a quarter turn, where short Taylor series suffice.
/// Drawing needs no more, and the browser then needs no libm trigonometry
/// (its argument reduction alone is 4 KB of wasm).
pub(super) fn sin_cos_degrees(angle: f32) -> (f32, f32) {
    let turns = (angle / 90.0).round();
    let x = (angle - turns * 90.0) * PI / 180.0;
    let x2 = x * x;
    let sin = x * (1.0 - x2 / 6.0 * (1.0 - x2 / 20.0 * (1.0 - x2 / 42.0)));
    let cos = 1.0 - x2 / 2.0 * (1.0 - x2 / 12.0 * (1.0 - x2 / 30.0 * (1.0 - x2 / 56.0)));
    match (turns as i32).rem_euclid(4) {
        0 => (sin, cos),
        1 => (cos, -sin),
        2 => (-sin, -cos),
        _ => (-cos, sin),
    }
}

/// A path of straight strokes between pairs of points.
pub(super) fn strokes(lines: &[(Point, Point)]) -> String {
    let mut d = String::new();
    for &((x1, y1), (x2, y2)) in lines {
        let _ = write!(d, "M{} {} L{} {} ", Num(x1), Num(y1), Num(x2), Num(y2));
    }
    d
}

/// The `points` of a polygon.
pub(super) fn points(points: &[Point]) -> String {
    let mut list = String::new();
    for (i, &(x, y)) in points.iter().enumerate() {
        let separator = if i == 0 { "" } else { " " };
        let _ = write!(list, "{separator}{},{}", Num(x), Num(y));
    }
    list
}

/// A closed path around an ellipse.
pub(super) fn ellipse_path(cx: f32, cy: f32, rx: f32, ry: f32) -> String {
    let (left, right) = (Num(cx - rx), Num(cx + rx));
    let (cy, rx, ry) = (Num(cy), Num(rx), Num(ry));
    format!("M{left} {cy} A{rx} {ry} 0 1 0 {right} {cy} A{rx} {ry} 0 1 0 {left} {cy} Z")
}

/// A soft elliptical shadow on the ground.
pub(super) fn ground_shadow(m: &mut Markup, ids: &Ids, cx: f32, cy: f32, rx: f32, ry: f32) {
    m.raw("<defs>");
    gradient(
        m,
        "radialGradient",
        ids.id("shadow"),
        "",
        &[(0, BLACK, 0.28), (60, BLACK, 0.12), (100, BLACK, 0.0)],
    );
    m.close("defs");
    m.el("ellipse")
        .attr("cx", cx)
        .attr("cy", cy)
        .attr("rx", rx)
        .attr("ry", ry)
        .attr("fill", ids.url("shadow"))
        .leaf();
}

#[cfg(test)]
mod tests {
    use super::sin_cos_degrees;

    #[test]
    fn sine_and_cosine_match_the_library_on_every_tenth_of_a_degree() {
        for tenth in -7200..=7200 {
            let degrees = tenth as f32 / 10.0;
            let (sin, cos) = sin_cos_degrees(degrees);
            let rad = f64::from(degrees).to_radians();
            assert!((f64::from(sin) - rad.sin()).abs() < 1e-6, "sin {degrees}");
            assert!((f64::from(cos) - rad.cos()).abs() < 1e-6, "cos {degrees}");
        }
    }
}

//! Colours: swatches, shading and gradient stops.

use super::markup::{Fraction, Markup};
use engine::model::AttrOption;
use std::fmt;

/// An sRGB colour; prints as `#rrggbb`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Rgb(pub(super) u8, pub(super) u8, pub(super) u8);

pub(super) const WHITE: Rgb = Rgb(255, 255, 255);
pub(super) const BLACK: Rgb = Rgb(0, 0, 0);
/// The grey that outlines light colours against the light page.
const OUTLINE_GREY: Rgb = Rgb(0x6b, 0x72, 0x80);

/// The swatch colour of an option.
pub(super) fn swatch(option: &AttrOption) -> Option<Rgb> {
    option.swatch.as_deref().and_then(Rgb::parse)
}

impl Rgb {
    /// A colour written `#rrggbb`.
    fn parse(hex: &str) -> Option<Rgb> {
        let hex = hex.strip_prefix('#')?;
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    /// `self` moved towards `other` by `t` (0..=1).
    pub(super) fn mix(self, other: Rgb, t: f32) -> Rgb {
        let channel = |a: u8, b: u8| (a as f32 + (b as f32 - a as f32) * t).round() as u8;
        Rgb(
            channel(self.0, other.0),
            channel(self.1, other.1),
            channel(self.2, other.2),
        )
    }

    pub(super) fn lighter(self, t: f32) -> Rgb {
        self.mix(WHITE, t)
    }

    pub(super) fn darker(self, t: f32) -> Rgb {
        self.mix(BLACK, t)
    }

    /// Lighter for `shade` > 0, darker for `shade` < 0; light colours darken
    /// towards a cool grey rather than black, so they stay clean.
    pub(super) fn shade(self, shade: f32) -> Rgb {
        if shade >= 0.0 {
            self.lighter(shade)
        } else if self.lightness() > 0.7 {
            self.mix(Rgb(0x8f, 0xa0, 0xb4), -shade)
        } else {
            self.darker(-shade)
        }
    }

    /// Perceived lightness, 0 (black) to 1 (white).
    pub(super) fn lightness(self) -> f32 {
        (0.299 * self.0 as f32 + 0.587 * self.1 as f32 + 0.114 * self.2 as f32) / 255.0
    }

    /// A stroke colour that keeps a shape in this colour visible on a light
    /// background and still looks like its edge on a dark one.
    pub(super) fn outline(self) -> Rgb {
        if self.lightness() > 0.7 {
            self.mix(OUTLINE_GREY, 0.7)
        } else {
            self.darker(0.45)
        }
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// A gradient stop: offset in percent, colour, opacity.
pub(super) type Stop = (u8, Rgb, f32);

/// A gradient element (`linearGradient` or `radialGradient`) called `id`,
/// with constant geometry `attributes` (literals only, may be empty) and
/// its `stops`.
pub(super) fn gradient(
    m: &mut Markup,
    element: &'static str,
    id: String,
    attributes: &'static str,
    stops: &[Stop],
) {
    let tag = m.el(element).attr("id", id);
    if attributes.is_empty() {
        tag.open();
    } else {
        tag.attrs(attributes).open();
    }
    gradient_stops(m, stops);
    m.close(element);
}

/// The `<stop>` elements of a gradient.
fn gradient_stops(m: &mut Markup, stops: &[Stop]) {
    for &(offset, colour, opacity) in stops {
        m.el("stop")
            .attr("offset", format!("{offset}%"))
            .attr("stop-color", colour)
            .attr("stop-opacity", Fraction(opacity))
            .leaf();
    }
}

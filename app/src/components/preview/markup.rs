//! A tiny SVG markup writer. Values from data (texts, ids, font families)
//! are escaped; numbers are printed without float formatting, which keeps
//! core's float-printing code out of the wasm.

use super::colour::Rgb;
use html_escape::{encode_double_quoted_attribute_to_string, encode_text_to_string};
use std::fmt::{self, Write};

/// SVG markup being written.
#[derive(Default)]
pub(super) struct Markup(String);

impl Markup {
    /// The markup written so far.
    pub(super) fn finish(self) -> String {
        self.0
    }

    /// Constant markup, written as it is: literals only, never data.
    pub(super) fn raw(&mut self, markup: &'static str) {
        self.0.push_str(markup);
    }

    /// Starts a `<name` tag; end it with [`Tag::open`] or [`Tag::leaf`].
    pub(super) fn el(&mut self, name: &'static str) -> Tag<'_> {
        self.0.push('<');
        self.0.push_str(name);
        Tag(&mut self.0)
    }

    /// Closes the element opened last, `</name>`.
    pub(super) fn close(&mut self, name: &'static str) {
        self.0.push_str("</");
        self.0.push_str(name);
        self.0.push('>');
    }

    /// A text node, escaped.
    pub(super) fn text(&mut self, text: &str) {
        encode_text_to_string(text, &mut self.0);
    }
}

/// A start tag being written: its attributes, then `>` or `/>`.
#[must_use = "end the tag with open() or leaf()"]
pub(super) struct Tag<'a>(&'a mut String);

impl Tag<'_> {
    /// The attribute `name="value"`.
    pub(super) fn attr(self, name: &'static str, value: impl AttrValue) -> Self {
        self.0.push(' ');
        self.0.push_str(name);
        self.0.push_str("=\"");
        value.write(self.0);
        self.0.push('"');
        self
    }

    /// Constant attributes, written as they are: literals only, never data.
    pub(super) fn attrs(self, attributes: &'static str) -> Self {
        self.0.push(' ');
        self.0.push_str(attributes);
        self
    }

    /// Ends the start tag; children and [`Markup::close`] follow.
    pub(super) fn open(self) {
        self.0.push('>');
    }

    /// Ends the tag as an element without children.
    pub(super) fn leaf(self) {
        self.0.push_str("/>");
    }
}

/// Something an attribute can be set to.
pub(super) trait AttrValue {
    /// Writes the value, escaped as needed for a double-quoted attribute.
    fn write(&self, out: &mut String);
}

impl AttrValue for &str {
    fn write(&self, out: &mut String) {
        encode_double_quoted_attribute_to_string(self, out);
    }
}

impl AttrValue for String {
    fn write(&self, out: &mut String) {
        self.as_str().write(out);
    }
}

/// A length or coordinate, to one decimal (see [`Num`]).
impl AttrValue for f32 {
    fn write(&self, out: &mut String) {
        Num(*self).write(out);
    }
}

impl AttrValue for Num {
    fn write(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl AttrValue for Fraction {
    fn write(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl AttrValue for Rgb {
    fn write(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

/// A number printed to one decimal, without trailing `.0`: `12`, `7.5`,
/// `-0.3`. Rounds half away from zero, and never prints `-0`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Num(pub(super) f32);

/// A fraction such as an opacity, printed to two decimals: `0.28`, `0.1`, `1`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Fraction(pub(super) f32);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fixed(f, self.0, 1)
    }
}

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fixed(f, self.0, 2)
    }
}

/// `value` rounded to `places` decimals and printed with integer arithmetic
/// only; trailing zeros of the decimals are left out.
fn fixed(f: &mut fmt::Formatter<'_>, value: f32, places: u32) -> fmt::Result {
    let scale = 10_u32.pow(places);
    // In f64 the product is exact, so only true halves round up (away from
    // zero); `as` saturates, and NaN becomes 0.
    let scaled = (f64::from(value) * f64::from(scale)).round() as i32;
    if scaled < 0 {
        f.write_str("-")?;
    }
    let scaled = scaled.unsigned_abs();
    write!(f, "{}", scaled / scale)?;
    let (mut decimals, mut width) = (scaled % scale, places as usize);
    if decimals == 0 {
        return Ok(());
    }
    while decimals % 10 == 0 {
        decimals /= 10;
        width -= 1;
    }
    write!(f, ".{decimals:0width$}")
}

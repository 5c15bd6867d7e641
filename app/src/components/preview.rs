//! The live product preview: an inline SVG drawing that follows the
//! customer's choices — a side view of the car, a ring seen at an angle, the
//! front of a shirt, and for any other product a tile of the chosen swatches.
//!
//! Pure SVG: no images, no web fonts, no inline styles (the page's
//! Content-Security-Policy forbids them); colours and fonts are attributes.
//! Customer texts (engraving, monogram) are text nodes, escaped by Leptos.

use crate::i18n::use_lang;
use engine::model::{AttrOption, AttributeKind};
use engine::{Lang, Product, Selection, Value};
use leptos::prelude::*;
use std::f32::consts::PI;
use std::fmt;
use std::sync::Arc;

/// The preview of `product` as configured by `selection` (the effective
/// configuration: the customer's choices plus defaults).
#[component]
pub fn ProductPreview(
    product: Arc<Product>,
    #[prop(into)] selection: Signal<Selection>,
) -> impl IntoView {
    let lang = use_lang();
    let id = product.id.clone();
    let label = {
        let product = Arc::clone(&product);
        move || selection.with(|s| describe(&product, s, lang.get()))
    };
    let drawing = move || selection.with(|s| draw(&Chosen::new(&product, s, lang.get())));
    view! {
        <svg
            class="product-preview"
            data-product=id
            viewBox="0 0 400 300"
            preserveAspectRatio="xMidYMid meet"
            role="img"
            aria-label=label
        >
            {drawing}
        </svg>
    }
}

/// The drawing for the product, by its id.
fn draw(c: &Chosen) -> AnyView {
    match c.product.id.as_str() {
        "car" => car(c),
        "ring" => ring(c),
        "shirt" => shirt(c),
        _ => swatch_tile(c),
    }
}

/// The configuration in words, for screen readers: the product's name, then
/// the chosen options' labels and the texts, in attribute order.
fn describe(product: &Product, selection: &Selection, lang: Lang) -> String {
    let parts: Vec<String> = product
        .attributes
        .iter()
        .filter_map(|attribute| {
            let options = attribute.kind.options();
            let label = |id: &String| {
                options
                    .iter()
                    .find(|o| &o.id == id)
                    .map(|o| o.label.get(lang).to_owned())
            };
            match selection.get(&attribute.id)? {
                Value::Choice(id) => label(id),
                Value::Multi(ids) if !ids.is_empty() => {
                    Some(ids.iter().filter_map(label).collect::<Vec<_>>().join(", "))
                }
                Value::Text { text, .. } if !text.is_empty() => {
                    Some(format!("{} „{text}“", attribute.label.get(lang)))
                }
                _ => None,
            }
        })
        .collect();
    let preview = match lang {
        Lang::De => "Vorschau",
        Lang::En => "Preview",
    };
    let name = product.name.get(lang);
    if parts.is_empty() {
        format!("{preview}: {name}")
    } else {
        format!("{preview}: {name} – {}", parts.join("; "))
    }
}

// ---------------------------------------------------------------------------
// Looking up the configuration
// ---------------------------------------------------------------------------

/// A product with its effective configuration, for the drawings to ask.
struct Chosen<'a> {
    product: &'a Product,
    selection: &'a Selection,
    lang: Lang,
    ids: Ids,
}

impl<'a> Chosen<'a> {
    fn new(product: &'a Product, selection: &'a Selection, lang: Lang) -> Self {
        let ids = Ids::new(product, selection);
        Self {
            product,
            selection,
            lang,
            ids,
        }
    }

    /// The chosen option of a choice attribute.
    fn option(&self, attribute: &str) -> Option<&'a AttrOption> {
        match self.selection.get(attribute)? {
            Value::Choice(id) => self.find(attribute, id),
            _ => None,
        }
    }

    /// The id of the chosen option of a choice attribute.
    fn id(&self, attribute: &str) -> Option<&'a str> {
        self.option(attribute).map(|o| o.id.as_str())
    }

    /// All chosen options of a choice or multi-choice attribute.
    fn options(&self, attribute: &str) -> Vec<&'a AttrOption> {
        match self.selection.get(attribute) {
            Some(Value::Choice(id)) => self.find(attribute, id).into_iter().collect(),
            Some(Value::Multi(ids)) => ids
                .iter()
                .filter_map(|id| self.find(attribute, id))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Whether `option` is chosen (for a choice) or among the chosen (multi).
    fn has(&self, attribute: &str, option: &str) -> bool {
        match self.selection.get(attribute) {
            Some(Value::Choice(id)) => id == option,
            Some(Value::Multi(ids)) => ids.contains(option),
            _ => false,
        }
    }

    /// The swatch colour of the chosen option, if it has one.
    fn swatch(&self, attribute: &str) -> Option<Rgb> {
        self.option(attribute).and_then(swatch)
    }

    /// A non-empty text and the CSS font family of its font (the
    /// attribute's first font when the font id is unknown).
    fn text(&self, attribute: &str) -> Option<(String, String)> {
        let Some(Value::Text { text, font }) = self.selection.get(attribute) else {
            return None;
        };
        if text.trim().is_empty() {
            return None;
        }
        let fonts = match self.product.attribute(attribute).map(|a| &a.kind) {
            Some(AttributeKind::Text(spec)) => spec.fonts.as_slice(),
            _ => &[],
        };
        let css = fonts
            .iter()
            .find(|f| &f.id == font)
            .or(fonts.first())
            .map_or("serif", |f| f.css.as_str());
        Some((text.clone(), css.to_owned()))
    }

    fn find(&self, attribute: &str, id: &str) -> Option<&'a AttrOption> {
        self.product
            .attribute(attribute)?
            .kind
            .options()
            .iter()
            .find(|o| o.id == id)
    }
}

/// The swatch colour of an option.
fn swatch(option: &AttrOption) -> Option<Rgb> {
    option.swatch.as_deref().and_then(Rgb::parse)
}

/// The number an option id starts with: `18in` → 18, `4mm` → 4.
fn leading_number(id: &str) -> Option<u32> {
    let digits: String = id.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Ids of a drawing's gradients, patterns and paths. They name the product
/// and configuration, so previews on one page never share an id unless they
/// draw the same thing, and the server and the browser agree on them.
struct Ids(String);

impl Ids {
    fn new(product: &Product, selection: &Selection) -> Self {
        // FNV-1a: stable across builds and targets, unlike std's hasher.
        let hash = format!("{}{selection:?}", product.id)
            .bytes()
            .fold(0x811c_9dc5_u32, |h, b| {
                (h ^ b as u32).wrapping_mul(0x0100_0193)
            });
        let name: String = product
            .id
            .chars()
            .map(|ch| if ch.is_ascii_alphanumeric() { ch } else { '-' })
            .collect();
        Ids(format!("pv-{name}-{hash:08x}"))
    }

    /// The id of the element called `name`.
    fn id(&self, name: &str) -> String {
        format!("{}-{name}", self.0)
    }

    /// A `url(#…)` reference to the element called `name`.
    fn url(&self, name: &str) -> String {
        format!("url(#{}-{name})", self.0)
    }
}

// ---------------------------------------------------------------------------
// Colours
// ---------------------------------------------------------------------------

/// An sRGB colour; prints as `#rrggbb`.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Rgb(u8, u8, u8);

const WHITE: Rgb = Rgb(255, 255, 255);
const BLACK: Rgb = Rgb(0, 0, 0);
/// The grey that outlines light colours against the light page.
const OUTLINE_GREY: Rgb = Rgb(0x6b, 0x72, 0x80);

impl Rgb {
    fn parse(hex: &str) -> Option<Rgb> {
        let hex = hex.strip_prefix('#')?;
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    /// `self` moved towards `other` by `t` (0..=1).
    fn mix(self, other: Rgb, t: f32) -> Rgb {
        let channel = |a: u8, b: u8| (a as f32 + (b as f32 - a as f32) * t).round() as u8;
        Rgb(
            channel(self.0, other.0),
            channel(self.1, other.1),
            channel(self.2, other.2),
        )
    }

    fn lighter(self, t: f32) -> Rgb {
        self.mix(WHITE, t)
    }

    fn darker(self, t: f32) -> Rgb {
        self.mix(BLACK, t)
    }

    /// Lighter for `shade` > 0, darker for `shade` < 0; light colours darken
    /// towards a cool grey rather than black, so they stay clean.
    fn shade(self, shade: f32) -> Rgb {
        if shade >= 0.0 {
            self.lighter(shade)
        } else if self.lightness() > 0.7 {
            self.mix(Rgb(0x8f, 0xa0, 0xb4), -shade)
        } else {
            self.darker(-shade)
        }
    }

    /// Perceived lightness, 0 (black) to 1 (white).
    fn lightness(self) -> f32 {
        (0.299 * self.0 as f32 + 0.587 * self.1 as f32 + 0.114 * self.2 as f32) / 255.0
    }

    /// A stroke colour that keeps a shape in this colour visible on a light
    /// background and still looks like its edge on a dark one.
    fn outline(self) -> Rgb {
        if self.lightness() > 0.7 {
            self.mix(OUTLINE_GREY, 0.7)
        } else {
            self.darker(0.45)
        }
    }

    fn hex(self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// A gradient stop: offset in percent, colour, opacity.
type Stop = (u8, Rgb, f32);

/// `<stop>` elements of a gradient.
fn stops(stops: &[Stop]) -> impl IntoView {
    stops
        .iter()
        .map(|&(offset, colour, opacity)| {
            view! {
                <stop offset=format!("{offset}%") stop-color=colour.hex() stop-opacity=opacity.to_string() />
            }
        })
        .collect_view()
}

/// A soft elliptical shadow on the ground.
fn ground_shadow(ids: &Ids, cx: f32, cy: f32, rx: f32, ry: f32) -> impl IntoView {
    view! {
        <defs>
            <radialGradient id=ids.id("shadow")>
                {stops(&[(0, BLACK, 0.28), (60, BLACK, 0.12), (100, BLACK, 0.0)])}
            </radialGradient>
        </defs>
        <ellipse cx=cx cy=cy rx=rx ry=ry fill=ids.url("shadow") />
    }
}

/// A point of the drawing, in viewBox units.
type Point = (f32, f32);

/// A point at `angle` degrees (0 = up, clockwise) and distance `r` from a centre.
fn polar(cx: f32, cy: f32, r: f32, angle: f32) -> Point {
    let rad = angle * PI / 180.0;
    (cx + r * rad.sin(), cy - r * rad.cos())
}

/// A path of straight strokes between pairs of points.
fn strokes(lines: &[(Point, Point)]) -> String {
    lines
        .iter()
        .map(|((x1, y1), (x2, y2))| format!("M{x1:.1} {y1:.1} L{x2:.1} {y2:.1} "))
        .collect()
}

/// The `points` of a polygon.
fn points(points: &[Point]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A closed path around an ellipse.
fn ellipse_path(cx: f32, cy: f32, rx: f32, ry: f32) -> String {
    format!(
        "M{:.1} {cy:.1} A{rx:.1} {ry:.1} 0 1 0 {:.1} {cy:.1} A{rx:.1} {ry:.1} 0 1 0 {:.1} {cy:.1} Z",
        cx - rx,
        cx + rx,
        cx - rx
    )
}

// ---------------------------------------------------------------------------
// Car
// ---------------------------------------------------------------------------

/// Where the car's wheels are, and the arches around them.
const CAR_REAR_AXLE: f32 = 112.0;
const CAR_FRONT_AXLE: f32 = 300.0;
const CAR_SILL: f32 = 226.0;
const CAR_ARCH: f32 = 42.0;
const CAR_GROUND: f32 = 256.0;

/// A compact hatchback from the side, facing right.
fn car(c: &Chosen) -> AnyView {
    let ids = &c.ids;
    let paint = c.swatch("paint").unwrap_or(Rgb(0xb8, 0xbc, 0xc2));
    let edge = paint.outline();
    let inches = c
        .id("wheels")
        .and_then(leading_number)
        .unwrap_or(17)
        .clamp(15, 22);
    let sport = c.has("packages", "sport");
    let electric = c.has("engine", "ev204");
    let tow_hitch = c.has("packages", "tow-hitch");

    let (rear, front, a, sill) = (CAR_REAR_AXLE, CAR_FRONT_AXLE, CAR_ARCH, CAR_SILL);
    let body = format!(
        "M60 {sill} L50 219 C43 206 42 188 45 172 L58 146 C63 136 74 130 92 128 \
         L196 122 C216 121 230 124 242 131 L284 158 L344 167 C359 169 369 176 371 188 \
         L372 208 C372 218 366 {sill} 356 {sill} L{} {sill} A{a} {a} 0 0 0 {} {sill} \
         L{} {sill} A{a} {a} 0 0 0 {} {sill} Z",
        front + a,
        front - a,
        rear + a,
        rear - a,
    );
    let arch_liner = |x: f32| {
        let r = a - 0.5;
        format!("M{} {sill} A{r} {r} 0 0 1 {} {sill} Z", x - r, x + r)
    };
    // Bigger wheels: a bigger tyre and, even more, a bigger rim.
    let tire = 28.0 + (inches as f32 - 17.0) * 1.7;
    let rim = tire * (0.52 + (inches as f32 - 17.0) * 0.045);
    let style = WheelStyle::for_inches(inches);
    let caliper = if sport {
        Rgb(0xc8, 0x1e, 0x2b)
    } else {
        Rgb(0x6a, 0x6e, 0x74)
    };
    let trim = paint.darker(0.35).hex();

    view! {
        <defs>
            <linearGradient id=ids.id("paint") x1="0" y1="0" x2="0" y2="1">
                {stops(&[
                    (0, paint.lighter(0.35), 1.0),
                    (40, paint.lighter(0.08), 1.0),
                    (62, paint, 1.0),
                    (100, paint.darker(0.38), 1.0),
                ])}
            </linearGradient>
            <linearGradient id=ids.id("glass") x1="0" y1="0" x2="0.3" y2="1">
                {stops(&[(0, Rgb(0x5b, 0x6b, 0x7c), 1.0), (100, Rgb(0x1c, 0x22, 0x2b), 1.0)])}
            </linearGradient>
            <linearGradient id=ids.id("rim") x1="0" y1="0" x2="1" y2="1">
                {stops(&[
                    (0, Rgb(0xf1, 0xf3, 0xf5), 1.0),
                    (50, Rgb(0xb7, 0xbc, 0xc3), 1.0),
                    (100, Rgb(0x7d, 0x83, 0x8b), 1.0),
                ])}
            </linearGradient>
        </defs>
        <g transform="translate(0 -12)">
            {ground_shadow(ids, 208.0, CAR_GROUND, 190.0, 12.0)}
            <path d=arch_liner(rear) fill="#17181b" />
            <path d=arch_liner(front) fill="#17181b" />
            {wheel(ids, (rear, CAR_GROUND - tire), tire, rim, style, caliper)}
            {wheel(ids, (front, CAR_GROUND - tire), tire, rim, style, caliper)}
            {tow_hitch.then(|| view! {
                <g class="tow-hitch" fill="#2a2b2e" stroke="#111214" stroke-width="1">
                    <path d="M58 219 L34 219 L34 225 L58 225 Z" />
                    <path d="M34 222 L30 222 L29 210 L33 210 Z" />
                    <circle cx="31" cy="206" r="5" />
                </g>
            })}
            {(!electric).then(|| view! {
                <rect class="exhaust" x="49" y="222" width="14" height="5" rx="2.5" fill="#8d9299" stroke="#4a4e55" stroke-width="1" />
            })}
            <path d=body fill=ids.url("paint") stroke=edge.hex() stroke-width="1.6" stroke-linejoin="round" />
            // Greenhouse: side windows and the pillars between them.
            <path
                d="M70 158 L80 142 C86 136 95 133 106 132 L196 126 C213 125 226 128 235 134 L269 158 Z"
                fill=ids.url("glass")
                stroke=paint.darker(0.5).hex()
                stroke-width="1.2"
                stroke-linejoin="round"
            />
            <path d="M180 126 L187 126 L188 158 L181 158 Z" fill=paint.darker(0.15).hex() />
            <path d="M95 158 L102 133 L107 132 L101 158 Z" fill=paint.darker(0.15).hex() />
            <path d="M112 135 L150 132 L128 156 L116 156 Z" fill="#ffffff" fill-opacity="0.10" />
            <path d="M200 129 L226 128 L206 156 L194 156 Z" fill="#ffffff" fill-opacity="0.10" />
            // Door gaps, shoulder crease, handles.
            <g fill="none" stroke=trim.clone() stroke-width="1.1" stroke-opacity="0.7">
                <path d="M188 159 L189 224" />
                <path d="M271 160 C268 172 266 182 262 191" />
                <path d="M100 160 C100 170 104 178 110 186" />
            </g>
            <path d="M46 180 C120 174 260 174 369 183" fill="none" stroke=paint.lighter(0.45).hex() stroke-width="1.4" stroke-opacity="0.55" />
            <rect x="148" y="166" width="16" height="4" rx="2" fill=paint.darker(0.3).hex() />
            <rect x="232" y="166" width="16" height="4" rx="2" fill=paint.darker(0.3).hex() />
            // Mirror, lights, bumper intake, sill.
            <path d="M262 150 C266 144 276 144 279 148 L280 157 L265 158 Z" fill=paint.hex() stroke=edge.hex() stroke-width="1.2" stroke-linejoin="round" />
            <path d="M347 169 L364 174 C367 177 369 181 369 186 L350 180 Z" fill="#f3f6f9" stroke="#6b7280" stroke-width="1" stroke-linejoin="round" />
            <path d="M351 176 L366 179" stroke="#9fd3ff" stroke-width="1.4" stroke-linecap="round" />
            <path d="M45 177 L61 175 L63 183 L44 186 Z" fill="#b3202a" stroke="#5d1016" stroke-width="1" stroke-linejoin="round" />
            <path d="M352 205 L371 203 L371 211 L350 212 Z" fill="#26282c" />
            <path
                d=format!("M{} 218 L{} 218 L{} {sill} L{} {sill} Z", rear + a + 2.0, front - a - 2.0, front - a, rear + a)
                fill=if sport { paint.darker(0.55).hex() } else { "#2b2d31".to_owned() }
            />
            {sport.then(|| view! {
                <g class="sport">
                    <path
                        d="M96 126 L58 133 C53 134 52 138 55 141 L72 140 L98 132 Z"
                        fill="#1d1e21"
                        stroke="#0c0c0d"
                        stroke-width="1"
                        stroke-linejoin="round"
                    />
                    <path d="M52 214 L66 212" stroke="#1d1e21" stroke-width="4" stroke-linecap="round" />
                    <path d="M354 212 L368 210" stroke="#1d1e21" stroke-width="3" stroke-linecap="round" />
                </g>
            })}
            {electric.then(|| view! {
                <g class="ev-badge">
                    <rect x="68" y="160" width="12" height="9" rx="2" fill="none" stroke=trim.clone() stroke-width="1" />
                    <rect x="326" y="186" width="22" height="11" rx="5.5" fill="#ffffff" fill-opacity="0.9" stroke="#1f6fd1" stroke-width="1" />
                    <text
                        x="337"
                        y="194.6"
                        text-anchor="middle"
                        font-family="Arial, Helvetica, sans-serif"
                        font-size="8"
                        font-weight="700"
                        fill="#1f6fd1"
                    >
                        "EV"
                    </text>
                </g>
            })}
        </g>
    }
    .into_any()
}

/// The spoke design of a wheel size.
#[derive(Clone, Copy, PartialEq, Debug)]
enum WheelStyle {
    FiveSpoke,
    TenSpoke,
    YSpoke,
    Forged,
}

impl WheelStyle {
    fn for_inches(inches: u32) -> Self {
        match inches {
            ..=17 => WheelStyle::FiveSpoke,
            18 => WheelStyle::TenSpoke,
            19 => WheelStyle::YSpoke,
            _ => WheelStyle::Forged,
        }
    }
}

/// A tyre with an alloy rim, its spokes and a brake caliper.
fn wheel(
    ids: &Ids,
    (cx, cy): Point,
    tire: f32,
    rim: f32,
    style: WheelStyle,
    caliper: Rgb,
) -> impl IntoView {
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
        "M{:.1} {:.1} A{r:.1} {r:.1} 0 0 1 {:.1} {:.1}",
        c1.0,
        c1.1,
        c2.0,
        c2.1,
        r = rim * 0.72
    );
    let spokes = strokes(&spokes);
    view! {
        <g class="wheel">
            <circle cx=cx cy=cy r=tire fill="#1b1c1f" stroke="#0b0b0c" stroke-width="1" />
            <circle cx=cx cy=cy r=tire - 3.5 fill="none" stroke="#2f3135" stroke-width="1.5" />
            <circle cx=cx cy=cy r=rim fill="#2a2c30" />
            <path d=caliper_path fill="none" stroke=caliper.hex() stroke-width=rim * 0.2 stroke-linecap="round" />
            <path d=spokes.clone() fill="none" stroke=spoke_colour stroke-width=width stroke-linecap="round" />
            {forged.then(|| view! {
                <path d=spokes fill="none" stroke="#eef1f4" stroke-width=width * 0.35 stroke-linecap="round" />
            })}
            <circle cx=cx cy=cy r=rim fill="none" stroke=ids.url("rim") stroke-width=rim * 0.09 />
            <circle cx=cx cy=cy r=rim * 1.045 fill="none" stroke="#55595f" stroke-width="0.8" />
            <circle cx=cx cy=cy r=hub fill=ids.url("rim") stroke="#5d6168" stroke-width="0.8" />
            <circle cx=cx cy=cy r=hub * 0.35 fill="#3b3e43" />
        </g>
    }
}

// ---------------------------------------------------------------------------
// Ring
// ---------------------------------------------------------------------------

/// A band ring lying tilted towards the viewer: the outside of its near
/// half, the top edge, the inside of the far half (with the engraving), and
/// a stone set flush into the front.
fn ring(c: &Chosen) -> AnyView {
    let ids = &c.ids;
    let metal = c.swatch("metal").unwrap_or(Rgb(0xd6, 0xd7, 0xd9));
    let finish = c.id("finish").unwrap_or("polished");
    let mm = c
        .id("width")
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
        format!(
            "M{:.1} {top} A{rx:.1} {ry:.1} 0 0 {first} {:.1} {top} L{:.1} {bottom} A{rx:.1} {ry:.1} 0 0 {second} {:.1} {bottom} Z",
            cx - rx,
            cx + rx,
            cx + rx,
            cx - rx,
            ry = rx * k
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
        let arc = format!(
            "M{:.1} {y:.1} A{rx:.1} {:.1} 0 0 1 {:.1} {y:.1}",
            cx - rx,
            rx * k,
            cx + rx
        );
        (text, font, size, arc)
    });
    let hammered = finish == "hammered";
    let glint = format!(
        "M{:.1} {:.1} A{r} {:.1} 0 0 0 {:.1} {:.1}",
        cx - r * 0.78,
        top + r * k * 0.63,
        r * k,
        cx - r * 0.25,
        top + r * k * 0.97
    );
    let stone = c
        .option("stone")
        .map(|o| swatch(o).unwrap_or_else(|| stone_colour(&o.id)));
    let engraving_colour = if finish == "matte" {
        metal.darker(0.55)
    } else {
        dark(0.62)
    };

    view! {
        <defs>
            <linearGradient id=ids.id("side") x1="0" y1="0" x2="1" y2="0">
                {stops(&[
                    (0, dark(0.55), 1.0),
                    (14, dark(0.1), 1.0),
                    (32, light(highlight), 1.0),
                    (44, metal, 1.0),
                    (70, dark(0.18), 1.0),
                    (88, light(highlight * 0.5), 1.0),
                    (100, dark(0.5), 1.0),
                ])}
            </linearGradient>
            <linearGradient id=ids.id("shade") x1="0" y1="0" x2="0" y2="1">
                {stops(&[(0, WHITE, 0.3 * contrast), (45, WHITE, 0.0), (100, BLACK, 0.22 * contrast)])}
            </linearGradient>
            <linearGradient id=ids.id("top") x1="0" y1="0" x2="1" y2="0.4">
                {stops(&[
                    (0, light(0.2), 1.0),
                    (40, light(highlight * 0.9), 1.0),
                    (75, metal, 1.0),
                    (100, dark(0.2), 1.0),
                ])}
            </linearGradient>
            <linearGradient id=ids.id("inside") x1="0" y1="0" x2="1" y2="0">
                {stops(&[
                    (0, dark(0.15), 1.0),
                    (35, dark(0.45), 1.0),
                    (62, dark(0.2), 1.0),
                    (82, light(highlight * 0.4), 1.0),
                    (100, dark(0.3), 1.0),
                ])}
            </linearGradient>
            <clipPath id=ids.id("hole")>
                <path d=ellipse_path(cx, top, ri, ri * k) />
            </clipPath>
            {engraving.as_ref().map(|(_, _, _, arc)| view! { <path id=ids.id("engraving") d=arc.clone() /> })}
            {hammered.then(|| view! {
                <pattern id=ids.id("hammer") width="13" height="9" patternUnits="userSpaceOnUse" patternTransform="rotate(8)">
                    <ellipse cx="3.5" cy="3" rx="3" ry="2.2" fill="#000000" fill-opacity="0.13" />
                    <ellipse cx="3" cy="2.4" rx="1.6" ry="1.1" fill="#ffffff" fill-opacity="0.45" />
                    <ellipse cx="10" cy="7.2" rx="2.6" ry="1.9" fill="#000000" fill-opacity="0.12" />
                    <ellipse cx="9.6" cy="6.7" rx="1.3" ry="0.9" fill="#ffffff" fill-opacity="0.4" />
                </pattern>
            })}
        </defs>
        {ground_shadow(ids, cx + 6.0, bottom + 8.0, r * 1.15, r * k * 1.3)}
        <path d=near_side.clone() fill=ids.url("side") />
        <path d=near_side.clone() fill=ids.url("shade") />
        <g clip-path=ids.url("hole")>
            <path d=far_inside.clone() fill=ids.url("inside") />
            <path d=far_inside.clone() fill=ids.url("shade") />
            {hammered.then(|| view! { <path d=far_inside fill=ids.url("hammer") /> })}
            {engraving.map(|(text, font, size, _)| view! {
                <text
                    class="engraving"
                    font-family=font
                    font-size=size
                    text-anchor="middle"
                    fill=engraving_colour.hex()
                    fill-opacity="0.9"
                >
                    <textPath href=format!("#{}", ids.id("engraving")) startOffset="50%">{text}</textPath>
                </text>
            })}
        </g>
        <path d=top_face.clone() fill=ids.url("top") fill-rule="evenodd" />
        {hammered.then(|| view! {
            <path d=near_side.clone() fill=ids.url("hammer") />
            <path d=top_face.clone() fill=ids.url("hammer") fill-rule="evenodd" />
        })}
        <g fill="none" stroke=edge.hex() stroke-width="1.3" stroke-linejoin="round">
            <path d=near_side />
            <path d=top_face />
        </g>
        {(finish != "matte").then(|| view! {
            <path d=glint fill="none" stroke="#ffffff" stroke-opacity=0.7 * highlight stroke-width="2.2" stroke-linecap="round" />
        })}
        {stone.map(|colour| {
            let size = (h * 0.3).clamp(6.0, 14.0);
            flush_stone((cx, top + r * k + h / 2.0), size, colour, metal, finish != "matte")
        })}
    }
    .into_any()
}

/// The colour of a stone without a swatch, by its id.
fn stone_colour(id: &str) -> Rgb {
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
fn flush_stone((cx, cy): Point, r: f32, colour: Rgb, metal: Rgb, sparkle: bool) -> impl IntoView {
    let p = |radius: f32, angle: f32| polar(0.0, 0.0, radius, angle);
    // Brightness of a facet facing `angle`: the light comes from 315°.
    let lit = |angle: f32| ((angle - 315.0) * PI / 180.0).cos();
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
    let star = format!(
        "M{sx:.1} {:.1} L{:.1} {sy:.1} L{sx:.1} {:.1} L{:.1} {sy:.1} Z M{:.1} {sy:.1} L{sx:.1} {:.1} L{:.1} {sy:.1} L{sx:.1} {:.1} Z",
        sy - s,
        sx + s * 0.22,
        sy + s,
        sx - s * 0.22,
        sx - s,
        sy - s * 0.22,
        sx + s,
        sy + s * 0.22,
    );
    view! {
        <g class="stone" transform=format!("translate({cx:.1} {cy:.1}) scale(1 0.92)")>
            <circle r=r + 3.2 fill=metal.darker(0.12).hex() stroke=metal.outline().hex() stroke-width="1" />
            <circle r=r + 1.2 fill=metal.darker(0.45).hex() />
            {facets
                .into_iter()
                .map(|(points, fill)| view! {
                    <polygon points=points fill=fill.hex() stroke=edge.hex() stroke-width="0.4" stroke-linejoin="round" />
                })
                .collect_view()}
            <polygon points=points(&octagon) fill=colour.shade(0.3).hex() stroke=edge.hex() stroke-width="0.5" />
            {sparkle.then(|| view! { <path d=star fill="#ffffff" fill-opacity="0.85" /> })}
        </g>
    }
}

// ---------------------------------------------------------------------------
// Shirt
// ---------------------------------------------------------------------------

const SHIRT_BODY: &str = "M171 40 L136 55 C132 78 134 100 138 120 L140 262 \
     C152 282 182 287 200 287 C218 287 248 282 260 262 L262 120 C266 100 268 78 264 55 L229 40 \
     C220 47 180 47 171 40 Z";
const SHIRT_LEFT_SLEEVE: &str = "M137 55 C118 60 106 72 102 92 L86 214 L116 221 L137 124 Z";
const SHIRT_RIGHT_SLEEVE: &str = "M263 55 C282 60 294 72 298 92 L314 214 L284 221 L263 124 Z";
/// Button positions down the placket.
const SHIRT_BUTTONS: [f32; 6] = [72.0, 108.0, 144.0, 180.0, 216.0, 252.0];

/// The front of a shirt: fabric, collar, cuffs, buttons, pocket, monogram.
fn shirt(c: &Chosen) -> AnyView {
    let ids = &c.ids;
    let fabric_option = c.option("fabric");
    let fabric = fabric_option
        .and_then(swatch)
        .unwrap_or(Rgb(0xf4, 0xf4, 0xf1));
    let weave = fabric_option.map_or("", |o| o.id.as_str());
    let edge = fabric.outline();
    let seam = fabric.mix(edge, 0.45).hex();
    let collar = c.id("collar").unwrap_or("kent");
    let french = c.has("cuffs", "french");
    let pocket = c.id("pocket");
    let button = ShirtButton::of(ids, c.option("buttons"));
    let monogram = c.text("monogram");
    let cloth = ids.url("fabric");
    let shade = ids.url("shade");

    // The weave as a fine texture over the fabric colour.
    let texture = if weave.contains("oxford") {
        view! {
            <rect width="2" height="2" fill=fabric.lighter(0.14).hex() />
            <rect x="2" y="2" width="2" height="2" fill=fabric.lighter(0.14).hex() />
            <rect x="4" y="4" width="2" height="2" fill=fabric.lighter(0.14).hex() />
            <rect x="6" y="6" width="2" height="2" fill=fabric.lighter(0.14).hex() />
            <rect x="4" width="2" height="2" fill=fabric.darker(0.04).hex() />
            <rect y="4" width="2" height="2" fill=fabric.darker(0.04).hex() />
        }
        .into_any()
    } else if weave.contains("twill") {
        view! { <path d="M0 8 L4 0 L8 8" fill="none" stroke=fabric.darker(0.07).hex() stroke-width="0.7" /> }
            .into_any()
    } else if weave.contains("linen") {
        view! {
            <path d="M0 1.5 H5 M3 4.5 H8 M1 7 H4" fill="none" stroke=fabric.darker(0.07).hex() stroke-width="0.8" />
            <path d="M5.5 1.5 H8 M0 4.5 H2" fill="none" stroke=fabric.lighter(0.3).hex() stroke-width="0.7" />
        }
        .into_any()
    } else {
        ().into_any()
    };

    view! {
        <defs>
            <pattern id=ids.id("fabric") width="8" height="8" patternUnits="userSpaceOnUse">
                <rect width="8" height="8" fill=fabric.hex() />
                {texture}
            </pattern>
            <linearGradient id=ids.id("shade") x1="0" y1="0" x2="1" y2="0">
                {stops(&[
                    (0, BLACK, 0.1),
                    (22, BLACK, 0.0),
                    (70, WHITE, 0.08),
                    (88, BLACK, 0.0),
                    (100, BLACK, 0.12),
                ])}
            </linearGradient>
            <radialGradient id=ids.id("pearl") cx="0.35" cy="0.35" r="0.75">
                {stops(&[
                    (0, WHITE, 1.0),
                    (45, Rgb(0xe6, 0xe9, 0xf2), 1.0),
                    (75, Rgb(0xf1, 0xe3, 0xea), 1.0),
                    (100, Rgb(0xd6, 0xe4, 0xe0), 1.0),
                ])}
            </radialGradient>
        </defs>
        {ground_shadow(ids, 200.0, 288.0, 110.0, 7.0)}
        <g stroke=edge.hex() stroke-width="1.4" stroke-linejoin="round">
            <path d=SHIRT_LEFT_SLEEVE fill=cloth.clone() />
            <path d=SHIRT_RIGHT_SLEEVE fill=cloth.clone() />
        </g>
        <path d=SHIRT_LEFT_SLEEVE fill=shade.clone() />
        <path d=SHIRT_RIGHT_SLEEVE fill=shade.clone() />
        {cuff(ids, -1.0, french, fabric, &button)}
        {cuff(ids, 1.0, french, fabric, &button)}
        <path d=SHIRT_BODY fill=cloth.clone() stroke=edge.hex() stroke-width="1.4" stroke-linejoin="round" />
        <path d=SHIRT_BODY fill=shade />
        // Folds and seams.
        <g fill="none" stroke=fabric.darker(0.25).hex() stroke-opacity="0.35" stroke-width="1.2" stroke-linecap="round">
            <path d="M160 200 C166 226 164 250 158 272" />
            <path d="M244 206 C238 230 240 252 246 270" />
            <path d="M108 120 C112 140 112 160 108 178" />
            <path d="M292 120 C288 140 288 160 292 178" />
        </g>
        <g fill="none" stroke=seam.clone() stroke-width="0.9" stroke-dasharray="2.5 2">
            <path d="M137 56 C134 80 136 104 138 122" />
            <path d="M263 56 C266 80 264 104 262 122" />
        </g>
        // Placket and buttons.
        <path d="M194 52 L206 52 L206 286 L194 286 Z" fill=cloth stroke=seam.clone() stroke-width="0.9" />
        {SHIRT_BUTTONS.iter().map(|&y| button.draw(200.0, y, 3.4)).collect_view()}
        {pocket.map(|kind| shirt_pocket(ids, kind, &seam, edge, &button))}
        {shirt_collar(ids, collar, fabric, &seam, &button)}
        {monogram.map(|(text, font)| {
            let y = if pocket.is_some() { 168.0 } else { 136.0 };
            let thread = if fabric.lightness() > 0.55 { Rgb(0x24, 0x33, 0x5e) } else { Rgb(0xf6, 0xf3, 0xea) };
            view! {
                <text class="monogram" x="236" y=y text-anchor="middle" font-family=font font-size="13" letter-spacing="1" fill=thread.hex()>
                    {text}
                </text>
            }
        })}
    }
    .into_any()
}

/// How the shirt's buttons look: the option's swatch, mother-of-pearl
/// shimmer, or classic off-white.
struct ShirtButton {
    fill: String,
    edge: String,
}

impl ShirtButton {
    fn of(ids: &Ids, option: Option<&AttrOption>) -> Self {
        let colour = match option {
            Some(o) if o.swatch.is_some() => swatch(o),
            Some(o) if o.id.contains("pearl") => None,
            _ => Some(Rgb(0xee, 0xeb, 0xe2)),
        };
        match colour {
            Some(colour) => Self {
                fill: colour.hex(),
                edge: colour.outline().hex(),
            },
            None => Self {
                fill: ids.url("pearl"),
                edge: "#8a8f9a".to_owned(),
            },
        }
    }

    fn draw(&self, x: f32, y: f32, r: f32) -> impl IntoView {
        view! {
            <g class="button">
                <circle cx=x cy=y r=r fill=self.fill.clone() stroke=self.edge.clone() stroke-width="0.8" />
                <circle cx=x - r * 0.3 cy=y r=r * 0.16 fill=self.edge.clone() />
                <circle cx=x + r * 0.3 cy=y r=r * 0.16 fill=self.edge.clone() />
            </g>
        }
    }
}

/// The collar, by style: kent, button-down, cutaway or mandarin band.
fn shirt_collar(ids: &Ids, style: &str, fabric: Rgb, seam: &str, button: &ShirtButton) -> AnyView {
    let edge = fabric.outline().hex();
    // The inside of the collar at the back of the neck.
    let back = view! {
        <path
            d="M171 40 C182 31 218 31 229 40 L226 47 C214 41 186 41 174 47 Z"
            fill=fabric.darker(0.12).hex()
            stroke=edge.clone()
            stroke-width="1.2"
            stroke-linejoin="round"
        />
    };
    if style == "mandarin" {
        return view! {
            {back}
            <path
                d="M170 39 C182 47 218 47 230 39 L231 50 C226 58 212 62 203 62 L197 62 C188 62 174 58 169 50 Z"
                fill=ids.url("fabric")
                stroke=edge
                stroke-width="1.4"
                stroke-linejoin="round"
            />
            <path d="M172 46 C184 53 216 53 228 46" fill="none" stroke=seam.to_owned() stroke-width="0.9" stroke-dasharray="2.5 2" />
            {button.draw(200.0, 56.0, 3.0)}
        }
        .into_any();
    }
    // The point of the viewer's left leaf; the right leaf mirrors it.
    let (tip_x, tip_y, spread) = match style {
        "cutaway" => (158.0, 73.0, 4.0),
        "button-down" => (180.0, 92.0, 0.0),
        _ => (176.0, 84.0, 0.0),
    };
    let leaf = |side: f32| {
        let x = |v: f32| 200.0 + side * (v - 200.0);
        format!(
            "M{} 60 L{} 37 C{} 44 {} 52 {} 60 L{} {tip_y} C{} {} {} 68 {} 62 Z",
            x(200.0),
            x(169.0),
            x(164.0 - spread),
            x(164.0 - spread),
            x(166.0 - spread),
            x(tip_x),
            x(tip_x + 8.0),
            tip_y - 6.0,
            x(196.0),
            x(199.0),
        )
    };
    let leaves = [-1.0_f32, 1.0].map(|side| {
        let tip = (200.0 + side * (tip_x + 2.0 - 200.0), tip_y - 6.0);
        view! {
            <path d=leaf(side) fill=ids.url("fabric") stroke=edge.clone() stroke-width="1.4" stroke-linejoin="round" />
            <path d=leaf(side) fill=ids.url("shade") />
            {(style == "button-down").then(|| button.draw(tip.0, tip.1, 2.4))}
        }
    });
    view! {
        {back}
        <path
            d="M171 40 C182 47 218 47 229 40 L228 50 C218 56 207 59 200 60 C193 59 182 56 172 50 Z"
            fill=fabric.darker(0.05).hex()
            stroke=edge.clone()
            stroke-width="1.2"
            stroke-linejoin="round"
        />
        {button.draw(200.0, 56.0, 2.8)}
        {leaves}
    }
    .into_any()
}

/// The cuff at the end of a sleeve (`side` -1 left, 1 right): a barrel cuff
/// with a button, or a folded-back French cuff with a cufflink.
fn cuff(ids: &Ids, side: f32, french: bool, fabric: Rgb, button: &ShirtButton) -> impl IntoView {
    let edge = fabric.outline().hex();
    let x = |v: f32| 200.0 + side * (v - 200.0);
    let top = if french { 186.0 } else { 194.0 };
    let outline = format!(
        "M{} {top} L{} {} L{} 223 L{} 216 Z",
        x(89.0),
        x(119.0),
        top + 6.0,
        x(117.0),
        x(84.0)
    );
    let seam = format!("M{} {top} L{} {}", x(89.0), x(119.0), top + 6.0);
    let fold = format!("M{} {} L{} {}", x(87.5), top + 14.0, x(118.0), top + 20.0);
    let link = (x(114.0), top + 22.0);
    view! {
        <path d=outline fill=ids.url("fabric") stroke=edge.clone() stroke-width="1.4" stroke-linejoin="round" />
        <path d=seam fill="none" stroke=fabric.darker(0.2).hex() stroke-width="1.2" />
        {if french {
            view! {
                <path d=fold fill="none" stroke=edge stroke-width="1.1" />
                <circle cx=link.0 cy=link.1 r="3.6" fill="#c9a646" stroke="#7d6320" stroke-width="0.9" />
                <circle cx=link.0 - 1.0 cy=link.1 - 1.0 r="1.2" fill="#f3e2a6" />
            }
            .into_any()
        } else {
            button.draw(x(110.0), top + 14.0, 2.8).into_any()
        }}
    }
}

/// A chest pocket (wearer's left): a patch pocket or one with a buttoned flap.
fn shirt_pocket(
    ids: &Ids,
    kind: &str,
    seam: &str,
    edge: Rgb,
    button: &ShirtButton,
) -> impl IntoView {
    const FLAP: &str = "M221 108 L255 108 L255 120 L238 126 L221 120 Z";
    view! {
        <g class="pocket">
            <path
                d="M222 112 L254 112 L254 144 L238 150 L222 144 Z"
                fill=ids.url("fabric")
                stroke=edge.hex()
                stroke-width="1.2"
                stroke-linejoin="round"
            />
            <path d="M224.5 114 L251.5 114 L251.5 142.5 L238 147.5 L224.5 142.5 Z" fill="none" stroke=seam.to_owned() stroke-width="0.8" stroke-dasharray="2 1.8" />
            {if kind == "flap" {
                view! {
                    <path d=FLAP fill=ids.url("fabric") stroke=edge.hex() stroke-width="1.2" stroke-linejoin="round" />
                    <path d=FLAP fill=ids.url("shade") />
                    {button.draw(238.0, 120.0, 2.6)}
                }
                .into_any()
            } else {
                view! { <path d="M222 117 L254 117" fill="none" stroke=seam.to_owned() stroke-width="0.8" /> }.into_any()
            }}
        </g>
    }
}

// ---------------------------------------------------------------------------
// Any other product
// ---------------------------------------------------------------------------

/// A neutral tile: the product's initial and the chosen options' swatches.
fn swatch_tile(c: &Chosen) -> AnyView {
    let colours: Vec<Rgb> = c
        .product
        .attributes
        .iter()
        .flat_map(|a| c.options(&a.id))
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
        .map_or_else(|| "?".to_owned(), |ch| ch.to_uppercase().to_string());
    let per_row = 6;
    let rows = colours.len().div_ceil(per_row);
    let circles = colours
        .iter()
        .enumerate()
        .map(|(i, colour)| {
            let (row, column) = (i / per_row, i % per_row);
            let in_row = (colours.len() - row * per_row).min(per_row);
            let x = 200.0 + (column as f32 - (in_row as f32 - 1.0) / 2.0) * 52.0;
            let y = 210.0 + (row as f32 - (rows as f32 - 1.0) / 2.0) * 50.0;
            view! {
                <circle cx=x cy=y + 2.0 r="21" fill="#000000" fill-opacity="0.08" />
                <circle cx=x cy=y r="20" fill=colour.hex() stroke=colour.outline().hex() stroke-width="1.5" />
                <circle cx=x - 6.0 cy=y - 7.0 r="6" fill="#ffffff" fill-opacity="0.25" />
            }
        })
        .collect_view();
    let initial_y = if colours.is_empty() { 170.0 } else { 118.0 };
    view! {
        <rect x="20" y="20" width="360" height="260" rx="18" fill="#f4f2ee" stroke="#d9d5cd" stroke-width="1.5" />
        <circle cx="200" cy=initial_y - 20.0 r="44" fill="#e7e3db" />
        <text x="200" y=initial_y text-anchor="middle" font-family="Georgia, 'Times New Roman', serif" font-size="56" fill="#6b6457">
            {initial}
        </text>
        {circles}
    }
    .into_any()
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use engine::Catalog;

    fn product(id: &str) -> Arc<Product> {
        let catalog = Catalog::from_json(include_str!("../../../catalog/catalog.json")).unwrap();
        Arc::new(catalog.product(id).unwrap().clone())
    }

    fn choice(attribute: &str, option: &str) -> (String, Value) {
        (attribute.to_owned(), Value::Choice(option.to_owned()))
    }

    fn multi(attribute: &str, options: &[&str]) -> (String, Value) {
        let ids = options.iter().map(|o| o.to_string()).collect();
        (attribute.to_owned(), Value::Multi(ids))
    }

    fn text(attribute: &str, text: &str, font: &str) -> (String, Value) {
        let (text, font) = (text.to_owned(), font.to_owned());
        (attribute.to_owned(), Value::Text { text, font })
    }

    /// The preview rendered on the server, in English.
    fn render(product: Arc<Product>, values: Vec<(String, Value)>) -> String {
        let selection = Selection(values.into_iter().collect());
        Owner::new().with(|| {
            provide_context(Signal::stored(Lang::En));
            let selection = Signal::stored(selection);
            view! { <ProductPreview product selection /> }.to_html()
        })
    }

    #[test]
    fn preview_car_follows_paint_wheels_and_packages() {
        let plain = render(
            product("car"),
            vec![
                choice("paint", "red"),
                choice("wheels", "17in"),
                choice("engine", "p150"),
            ],
        );
        assert!(plain.contains("#9c1c24"), "paint colour");
        assert!(
            plain.contains("Carmine red pearl effect"),
            "aria-label: {plain}"
        );
        assert!(!plain.contains("tow-hitch") && !plain.contains("ev-badge"));
        assert!(plain.contains("exhaust"));

        let loaded = render(
            product("car"),
            vec![
                choice("paint", "white"),
                choice("wheels", "20in"),
                choice("engine", "ev204"),
                multi("packages", &["sport", "tow-hitch"]),
            ],
        );
        assert!(loaded.contains("#f2f3ef"));
        assert!(loaded.contains("tow-hitch") && loaded.contains("ev-badge"));
        assert!(loaded.contains(r#"class="sport""#) && !loaded.contains("exhaust"));
        // Bigger wheels are drawn bigger: the tyre is the wheel's first circle.
        let tyre = |svg: &str| -> f32 {
            let wheel = &svg[svg.find(r#"class="wheel""#).unwrap()..];
            let r = &wheel[wheel.find(r#" r=""#).unwrap() + 4..];
            r[..r.find('"').unwrap()].parse().unwrap()
        };
        assert!(tyre(&loaded) > tyre(&plain));
    }

    #[test]
    fn preview_ring_escapes_the_engraving_and_uses_its_font() {
        let svg = render(
            product("ring"),
            vec![
                choice("metal", "rose-gold"),
                choice("width", "6mm"),
                choice("finish", "hammered"),
                choice("stone", "sapphire"),
                text("engraving", "<script>alert(1)</script>", "block"),
            ],
        );
        assert!(svg.contains("&lt;script&gt;"), "{svg}");
        assert!(!svg.contains("<script>"));
        assert!(
            svg.contains(r#"font-family="'Arial Black', Arial, sans-serif""#),
            "{svg}"
        );
        assert!(svg.contains(r#"class="stone""#), "the stone");
        assert!(svg.contains("hammer"), "hammered texture");
        assert!(!svg.contains("style="), "no inline styles");
    }

    #[test]
    fn preview_shirt_and_other_products() {
        let svg = render(
            product("shirt"),
            vec![
                choice("fabric", "linen-sand"),
                choice("collar", "button-down"),
                choice("pocket", "flap"),
                text("monogram", "ABC", "script"),
            ],
        );
        assert!(svg.contains("#d8ccb0") && svg.contains(r#"class="pocket""#));
        assert!(svg.contains(">ABC<") && svg.contains("Great Vibes"));

        let mut lamp = (*product("ring")).clone();
        lamp.id = "lamp".to_owned();
        let svg = render(Arc::new(lamp), vec![choice("metal", "yellow-gold")]);
        assert!(svg.contains("#d4af37"), "swatch of the chosen option");
        assert!(!svg.contains("style="));
    }
}

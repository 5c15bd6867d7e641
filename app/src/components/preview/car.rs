//! The car: a compact hatchback from the side, facing right.

use super::colour::{gradient, Rgb};
use super::geometry::ground_shadow;
use super::markup::{Markup, Num};
use super::wheel::{wheel, WheelStyle};
use super::{leading_number, Chosen};

/// Where the car's wheels are, and the arches around them.
const CAR_REAR_AXLE: f32 = 112.0;
const CAR_FRONT_AXLE: f32 = 300.0;
const CAR_SILL: f32 = 226.0;
const CAR_ARCH: f32 = 42.0;
const CAR_GROUND: f32 = 256.0;

/// A compact hatchback from the side, facing right.
pub(super) fn car(m: &mut Markup, c: &Chosen) {
    let ids = &c.ids;
    let paint = c.swatch("paint").unwrap_or(Rgb(0xb8, 0xbc, 0xc2));
    let edge = paint.outline();
    let inches = c
        .role("wheels")
        .and_then(leading_number)
        .unwrap_or(17)
        .clamp(15, 22);
    let sport = c.has("packages", "sport");
    let electric = c.has("engine", "electric");
    let tow_hitch = c.has("packages", "tow-hitch");

    let (rear, front, a, sill) = (CAR_REAR_AXLE, CAR_FRONT_AXLE, CAR_ARCH, CAR_SILL);
    let (n, s) = (Num(a), Num(sill));
    let body = format!(
        "M60 {s} L50 219 C43 206 42 188 45 172 L58 146 C63 136 74 130 92 128 \
         L196 122 C216 121 230 124 242 131 L284 158 L344 167 C359 169 369 176 371 188 \
         L372 208 C372 218 366 {s} 356 {s} L{} {s} A{n} {n} 0 0 0 {} {s} \
         L{} {s} A{n} {n} 0 0 0 {} {s} Z",
        Num(front + a),
        Num(front - a),
        Num(rear + a),
        Num(rear - a),
    );
    let arch_liner = |x: f32| {
        let r = a - 0.5;
        let (left, right, r) = (Num(x - r), Num(x + r), Num(r));
        format!("M{left} {s} A{r} {r} 0 0 1 {right} {s} Z")
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
    let trim = paint.darker(0.35);

    m.raw("<defs>");
    gradient(
        m,
        "linearGradient",
        ids.id("paint"),
        r#"x1="0" y1="0" x2="0" y2="1""#,
        &[
            (0, paint.lighter(0.35), 1.0),
            (40, paint.lighter(0.08), 1.0),
            (62, paint, 1.0),
            (100, paint.darker(0.38), 1.0),
        ],
    );
    gradient(
        m,
        "linearGradient",
        ids.id("glass"),
        r#"x1="0" y1="0" x2="0.3" y2="1""#,
        &[
            (0, Rgb(0x5b, 0x6b, 0x7c), 1.0),
            (100, Rgb(0x1c, 0x22, 0x2b), 1.0),
        ],
    );
    gradient(
        m,
        "linearGradient",
        ids.id("rim"),
        r#"x1="0" y1="0" x2="1" y2="1""#,
        &[
            (0, Rgb(0xf1, 0xf3, 0xf5), 1.0),
            (50, Rgb(0xb7, 0xbc, 0xc3), 1.0),
            (100, Rgb(0x7d, 0x83, 0x8b), 1.0),
        ],
    );
    m.close("defs");

    m.raw(r#"<g transform="translate(0 -12)">"#);
    ground_shadow(m, ids, 208.0, CAR_GROUND, 190.0, 12.0);
    for axle in [rear, front] {
        m.el("path")
            .attr("d", arch_liner(axle))
            .attrs(r##"fill="#17181b""##)
            .leaf();
    }
    for axle in [rear, front] {
        wheel(m, ids, (axle, CAR_GROUND - tire), tire, rim, style, caliper);
    }
    if tow_hitch {
        m.raw(concat!(
            r##"<g class="tow-hitch" fill="#2a2b2e" stroke="#111214" stroke-width="1">"##,
            r#"<path d="M58 219 L34 219 L34 225 L58 225 Z"/>"#,
            r#"<path d="M34 222 L30 222 L29 210 L33 210 Z"/>"#,
            r#"<circle cx="31" cy="206" r="5"/>"#,
            "</g>",
        ));
    }
    if !electric {
        m.raw(concat!(
            r#"<rect class="exhaust" x="49" y="222" width="14" height="5" rx="2.5" "#,
            r##"fill="#8d9299" stroke="#4a4e55" stroke-width="1"/>"##,
        ));
    }
    m.el("path")
        .attr("d", body)
        .attr("fill", ids.url("paint"))
        .attr("stroke", edge)
        .attrs(r#"stroke-width="1.6" stroke-linejoin="round""#)
        .leaf();
    // Greenhouse: side windows and the pillars between them.
    m.el("path")
        .attrs(concat!(
            r#"d="M70 158 L80 142 C86 136 95 133 106 132 L196 126 "#,
            r#"C213 125 226 128 235 134 L269 158 Z""#,
        ))
        .attr("fill", ids.url("glass"))
        .attr("stroke", paint.darker(0.5))
        .attrs(r#"stroke-width="1.2" stroke-linejoin="round""#)
        .leaf();
    for pillar in [
        r#"d="M180 126 L187 126 L188 158 L181 158 Z""#,
        r#"d="M95 158 L102 133 L107 132 L101 158 Z""#,
    ] {
        m.el("path")
            .attrs(pillar)
            .attr("fill", paint.darker(0.15))
            .leaf();
    }
    m.raw(concat!(
        r##"<path d="M112 135 L150 132 L128 156 L116 156 Z" fill="#ffffff" fill-opacity="0.10"/>"##,
        r##"<path d="M200 129 L226 128 L206 156 L194 156 Z" fill="#ffffff" fill-opacity="0.10"/>"##,
    ));
    // Door gaps, shoulder crease, handles.
    m.el("g")
        .attrs(r#"fill="none""#)
        .attr("stroke", trim)
        .attrs(r#"stroke-width="1.1" stroke-opacity="0.7""#)
        .open();
    m.raw(concat!(
        r#"<path d="M188 159 L189 224"/>"#,
        r#"<path d="M271 160 C268 172 266 182 262 191"/>"#,
        r#"<path d="M100 160 C100 170 104 178 110 186"/>"#,
    ));
    m.close("g");
    m.el("path")
        .attrs(r#"d="M46 180 C120 174 260 174 369 183" fill="none""#)
        .attr("stroke", paint.lighter(0.45))
        .attrs(r#"stroke-width="1.4" stroke-opacity="0.55""#)
        .leaf();
    for x in ["148", "232"] {
        m.el("rect")
            .attr("x", x)
            .attrs(r#"y="166" width="16" height="4" rx="2""#)
            .attr("fill", paint.darker(0.3))
            .leaf();
    }
    // Mirror, lights, bumper intake, sill.
    m.el("path")
        .attrs(r#"d="M262 150 C266 144 276 144 279 148 L280 157 L265 158 Z""#)
        .attr("fill", paint)
        .attr("stroke", edge)
        .attrs(r#"stroke-width="1.2" stroke-linejoin="round""#)
        .leaf();
    m.raw(concat!(
        r#"<path d="M347 169 L364 174 C367 177 369 181 369 186 L350 180 Z" "#,
        r##"fill="#f3f6f9" stroke="#6b7280" stroke-width="1" stroke-linejoin="round"/>"##,
        r##"<path d="M351 176 L366 179" stroke="#9fd3ff" "##,
        r#"stroke-width="1.4" stroke-linecap="round"/>"#,
        r#"<path d="M45 177 L61 175 L63 183 L44 186 Z" "#,
        r##"fill="#b3202a" stroke="#5d1016" stroke-width="1" stroke-linejoin="round"/>"##,
        r##"<path d="M352 205 L371 203 L371 211 L350 212 Z" fill="#26282c"/>"##,
    ));
    let sill_path = format!(
        "M{} 218 L{} 218 L{} {s} L{} {s} Z",
        Num(rear + a + 2.0),
        Num(front - a - 2.0),
        Num(front - a),
        Num(rear + a)
    );
    let sill_colour = if sport {
        paint.darker(0.55)
    } else {
        Rgb(0x2b, 0x2d, 0x31)
    };
    m.el("path")
        .attr("d", sill_path)
        .attr("fill", sill_colour)
        .leaf();
    if sport {
        m.raw(concat!(
            r#"<g class="sport">"#,
            r#"<path d="M96 126 L58 133 C53 134 52 138 55 141 L72 140 L98 132 Z" "#,
            r##"fill="#1d1e21" stroke="#0c0c0d" stroke-width="1" stroke-linejoin="round"/>"##,
            r##"<path d="M52 214 L66 212" stroke="#1d1e21" "##,
            r#"stroke-width="4" stroke-linecap="round"/>"#,
            r##"<path d="M354 212 L368 210" stroke="#1d1e21" "##,
            r#"stroke-width="3" stroke-linecap="round"/>"#,
            "</g>",
        ));
    }
    if electric {
        m.raw(r#"<g class="ev-badge">"#);
        m.el("rect")
            .attrs(r#"x="68" y="160" width="12" height="9" rx="2" fill="none""#)
            .attr("stroke", trim)
            .attrs(r#"stroke-width="1""#)
            .leaf();
        m.raw(concat!(
            r#"<rect x="326" y="186" width="22" height="11" rx="5.5" "#,
            r##"fill="#ffffff" fill-opacity="0.9" stroke="#1f6fd1" stroke-width="1"/>"##,
            r#"<text x="337" y="194.6" text-anchor="middle" "#,
            r#"font-family="Arial, Helvetica, sans-serif" font-size="8" font-weight="700" "#,
            r##"fill="#1f6fd1">EV</text>"##,
            "</g>",
        ));
    }
    m.close("g");
}

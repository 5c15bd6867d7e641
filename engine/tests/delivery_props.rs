//! Properties of the delivery estimate: order independence and
//! monotonicity (more work or more bookings never make it earlier).

use engine::delivery::{estimate, ComponentStock, LineCalendar, Stock};
use engine::{Product, Selection, Value};
use jiff::civil::{date, Date};
use jiff::Span;
use proptest::prelude::*;
use std::collections::BTreeSet;

fn product(base_days: u32, shipping_days: u32) -> Product {
    let mut p: Product = serde_json::from_str(
        r#"{
        "id": "desk", "name": {"de": "Tisch", "en": "Desk"},
        "base_price": 50000, "production_line": "wood", "base_days": 0,
        "attributes": [
          {"id": "wood", "label": {"de": "Holz", "en": "Wood"}, "kind": "choice",
           "options": [
             {"id": "oak", "label": {"de": "Eiche", "en": "Oak"}, "days": 2,
              "components": [{"component": "oak", "qty": 3}]},
             {"id": "walnut", "label": {"de": "Nuss", "en": "Walnut"}, "days": 4,
              "components": [{"component": "walnut", "qty": 2}]}]},
          {"id": "extras", "label": {"de": "Extras", "en": "Extras"}, "kind": "multi",
           "options": [
             {"id": "drawer", "label": {"de": "Schublade", "en": "Drawer"}, "days": 1,
              "components": [{"component": "rail", "qty": 2}]},
             {"id": "lamp", "label": {"de": "Lampe", "en": "Lamp"},
              "components": [{"component": "lamp"}]},
             {"id": "oiled", "label": {"de": "Geölt", "en": "Oiled"}, "days": 2}]},
          {"id": "plate", "label": {"de": "Plakette", "en": "Plate"}, "kind": "text",
           "max_len": 10, "days": 1}
        ]
      }"#,
    )
    .expect("fixture parses");
    p.base_days = base_days;
    p.shipping_days = shipping_days;
    p
}

const EXTRAS: [&str; 3] = ["drawer", "lamp", "oiled"];

#[derive(Clone, Debug)]
struct Case {
    entries: Vec<(String, Value)>,
    base_days: u32,
    shipping_days: u32,
    quantity: u32,
    line: LineCalendar,
    stock: Stock,
    today: Date,
}

fn day(offset: i32) -> Date {
    date(2026, 11, 2).saturating_add(Span::new().days(offset))
}

fn case() -> impl Strategy<Value = Case> {
    let entries = (
        proptest::option::of(prop_oneof![Just("oak"), Just("walnut")]),
        proptest::sample::subsequence(EXTRAS.to_vec(), 0..=3),
        proptest::option::of("[a-z]{0,3}"),
    )
        .prop_map(|(wood, extras, plate)| {
            let mut out = Vec::new();
            if let Some(w) = wood {
                out.push(("wood".to_string(), Value::Choice(w.into())));
            }
            if !extras.is_empty() {
                let set: BTreeSet<String> = extras.iter().map(|e| e.to_string()).collect();
                out.push(("extras".to_string(), Value::Multi(set)));
            }
            if let Some(text) = plate {
                out.push((
                    "plate".to_string(),
                    Value::Text {
                        text,
                        font: "sans".into(),
                    },
                ));
            }
            out
        });
    let line = (
        any::<[bool; 7]>().prop_filter("some working day", |m| m.iter().any(|d| *d)),
        proptest::collection::vec(0..120i32, 0..12),
        1..12u32,
        proptest::collection::vec((0..120i32, 0..14u32), 0..40),
    )
        .prop_map(
            |(working_days, holidays, daily_capacity, booked)| LineCalendar {
                working_days,
                holidays: holidays.into_iter().map(day).collect(),
                daily_capacity,
                booked: booked.into_iter().map(|(d, n)| (day(d), n)).collect(),
            },
        );
    let stock = proptest::collection::btree_map(
        prop_oneof![Just("oak"), Just("walnut"), Just("rail"), Just("lamp")].prop_map(String::from),
        (-5..30i64, 0..15u32).prop_map(|(available, replenish_days)| ComponentStock {
            available,
            replenish_days,
        }),
        0..4,
    )
    .prop_map(|components| Stock { components });
    (entries, 0..12u32, 0..5u32, 1..20u32, line, stock, 0..60i32).prop_map(
        |(entries, base_days, shipping_days, quantity, line, stock, today)| Case {
            entries,
            base_days,
            shipping_days,
            quantity,
            line,
            stock,
            today: day(today),
        },
    )
}

fn selection(entries: &[(String, Value)]) -> Selection {
    let mut s = Selection::new();
    for (k, v) in entries {
        s.set(k.clone(), v.clone());
    }
    s
}

fn run(c: &Case) -> engine::delivery::Estimate {
    let p = product(c.base_days, c.shipping_days);
    estimate(
        &p,
        &selection(&c.entries),
        c.quantity,
        &c.line,
        &c.stock,
        c.today,
    )
    .expect("the horizon is far enough for these cases")
}

/// `from` + `n` Monday-to-Friday working days minus holidays.
fn add_shipping_days(from: Date, n: u32, holidays: &[Date]) -> Date {
    let mut d = from;
    for _ in 0..n {
        d = d.tomorrow().unwrap();
        while d.weekday().to_monday_zero_offset() >= 5 || holidays.contains(&d) {
            d = d.tomorrow().unwrap();
        }
    }
    d
}

proptest! {
    #[test]
    fn does_not_depend_on_insertion_order(c in case(), k in any::<proptest::sample::Index>()) {
        let a = run(&c);
        let mut shuffled = c.clone();
        shuffled.entries.reverse();
        if !shuffled.entries.is_empty() {
            let n = shuffled.entries.len();
            shuffled.entries.rotate_left(k.index(n));
        }
        prop_assert_eq!(a, run(&shuffled));
    }

    #[test]
    fn window_is_ordered_and_never_before_today_plus_shipping(c in case()) {
        let e = run(&c);
        prop_assert!(e.start > c.today);
        prop_assert!(e.ship >= e.start);
        let floor = add_shipping_days(c.today, c.shipping_days, &c.line.holidays);
        prop_assert!(e.earliest > floor, "{:?} vs {floor}", e);
        prop_assert!(e.earliest >= add_shipping_days(e.ship, c.shipping_days, &c.line.holidays));
        prop_assert_eq!(e.latest, add_shipping_days(e.earliest, 2, &c.line.holidays));
    }

    #[test]
    fn another_production_day_never_makes_it_earlier(c in case()) {
        let a = run(&c);
        let mut slower = c.clone();
        slower.base_days += 1;
        let b = run(&slower);
        prop_assert!(b.ship >= a.ship && b.earliest >= a.earliest && b.latest >= a.latest);
        prop_assert_eq!(b.production_days, a.production_days + 1);
    }

    #[test]
    fn booking_more_never_makes_it_earlier(c in case(), extra in (0..120i32, 1..10u32)) {
        let a = run(&c);
        let mut busier = c.clone();
        *busier.line.booked.entry(day(extra.0)).or_insert(0) += extra.1;
        let b = run(&busier);
        prop_assert!(b.start >= a.start && b.earliest >= a.earliest);
    }

    #[test]
    fn less_stock_never_makes_it_earlier(c in case(), component in 0..4usize, less in 1..10i64) {
        let a = run(&c);
        let mut poorer = c.clone();
        let id = ["oak", "walnut", "rail", "lamp"][component];
        poorer.stock.components.entry(id.to_string())
            .or_insert(ComponentStock { available: 100, replenish_days: 3 })
            .available -= less;
        let b = run(&poorer);
        prop_assert!(b.start >= a.start && b.earliest >= a.earliest);
    }
}

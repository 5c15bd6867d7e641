//! Properties of the delivery estimate: order independence and
//! monotonicity (more work or more bookings never make it earlier).

use engine::delivery::{bill_of_materials, book, estimate, ComponentStock, LineCalendar, Stock};
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
            incoming: Vec::new(),
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
            .or_insert(ComponentStock { available: 100, replenish_days: 3 , incoming: Vec::new()})
            .available -= less;
        let b = run(&poorer);
        prop_assert!(b.start >= a.start && b.earliest >= a.earliest);
    }

    #[test]
    fn booking_an_estimate_takes_its_capacity_and_stock(c in case()) {
        let e = run(&c);
        let (mut line, mut stock) = (c.line.clone(), c.stock.clone());
        book(&mut line, &mut stock, &e, c.quantity);
        let before = c.line.booked.get(&e.start).copied().unwrap_or(0);
        prop_assert_eq!(line.booked[&e.start], before + c.quantity);
        for (d, n) in &c.line.booked {
            if *d != e.start {
                prop_assert_eq!(line.booked[d], *n);
            }
        }
        for (id, have) in &c.stock.components {
            let used = e.components.get(id).map_or(0, |u| u.units as i64);
            prop_assert_eq!(stock.components[id].available, have.available - used);
        }
        // What the stock promised, it no longer has for the next order.
        let again = estimate(&product(c.base_days, c.shipping_days), &selection(&c.entries), c.quantity, &line, &stock, c.today)
            .expect("within the horizon");
        prop_assert!(again.start >= e.start && again.earliest >= e.earliest);
    }

    #[test]
    fn the_bill_of_materials_holds_every_component_the_estimate_counts(c in case()) {
        let e = run(&c);
        let p = product(c.base_days, c.shipping_days);
        let bom = bill_of_materials(&p, &selection(&c.entries), c.quantity).expect("fits the product");
        for (id, used) in &e.components {
            prop_assert_eq!(bom.get(id).copied(), Some(used.units));
        }
        prop_assert!(bom.values().all(|&units| units > 0 && units % u64::from(c.quantity) == 0));
    }
}

//! Worked delivery estimates over weekends, Christmas, short stock and a
//! busy line. Dates in December 2026: Fri 4, Mon 7, Fri 18, Thu 24, Fri 25.

use engine::delivery::{
    estimate, format_window, ComponentStock, ComponentUse, DeliveryError, Incoming, LineCalendar,
    OptionRef, Reason, Stock,
};
use engine::{Lang, Product, Selection, Value};
use jiff::civil::{date, Date};

fn car() -> Product {
    serde_json::from_str(
        r#"{
        "id": "roadster", "name": {"de": "Roadster", "en": "Roadster"},
        "base_price": 3000000, "production_line": "body", "base_days": 5, "shipping_days": 2,
        "attributes": [
          {"id": "interior", "label": {"de": "Interieur", "en": "Interior"}, "kind": "choice",
           "options": [
             {"id": "cloth", "label": {"de": "Stoff", "en": "Cloth"}},
             {"id": "leather", "label": {"de": "Leder", "en": "Leather"}, "days": 3,
              "components": [{"component": "hide", "qty": 2}]}]},
          {"id": "extras", "label": {"de": "Extras", "en": "Extras"}, "kind": "multi",
           "options": [
             {"id": "hitch", "label": {"de": "Anhängerkupplung", "en": "Tow hitch"}, "days": 1,
              "components": [{"component": "hitch"}]},
             {"id": "mats", "label": {"de": "Fußmatten", "en": "Floor mats"},
              "components": [{"component": "hide"}]}]},
          {"id": "engraving", "label": {"de": "Gravur", "en": "Engraving"}, "kind": "text",
           "max_len": 20, "days": 2}
        ]
      }"#,
    )
    .expect("fixture parses")
}

fn sel(pairs: &[(&str, &str)]) -> Selection {
    let mut s = Selection::new();
    for (k, v) in pairs {
        let value = match *k {
            "engraving" => Value::Text {
                text: v.to_string(),
                font: "serif".into(),
            },
            "extras" => Value::Multi(v.split(',').map(String::from).collect()),
            _ => Value::Choice(v.to_string()),
        };
        s.set(*k, value);
    }
    s
}

fn christmas() -> Vec<Date> {
    vec![
        date(2026, 12, 24),
        date(2026, 12, 25),
        date(2026, 12, 31),
        date(2027, 1, 1),
    ]
}

const FRI: Date = date(2026, 12, 4);

#[test]
fn plain_order_over_a_weekend() {
    let e = estimate(
        &car(),
        &sel(&[("interior", "cloth")]),
        1,
        &LineCalendar::new(10),
        &Stock::default(),
        FRI,
    )
    .unwrap();
    assert_eq!(e.start, date(2026, 12, 7), "placed Friday, starts Monday");
    assert_eq!(e.production_days, 5);
    assert_eq!(
        e.ship,
        date(2026, 12, 14),
        "Mon-Fri production, shipped the next Monday"
    );
    assert_eq!(e.earliest, date(2026, 12, 16));
    assert_eq!(e.latest, date(2026, 12, 18));
    assert_eq!(
        e.reasons,
        vec![Reason::BaseDays { days: 5 }, Reason::Shipping { days: 2 }]
    );
    assert_eq!(e.window(Lang::De), "16.–18. Dez. 2026");
    assert_eq!(e.window(Lang::En), "16–18 Dec 2026");
}

#[test]
fn one_production_day_from_monday_ships_tuesday() {
    let mut p = car();
    p.base_days = 1;
    let e = estimate(
        &p,
        &Selection::new(),
        1,
        &LineCalendar::new(10),
        &Stock::default(),
        FRI,
    )
    .unwrap();
    assert_eq!((e.start, e.ship), (date(2026, 12, 7), date(2026, 12, 8)));
    p.base_days = 0;
    let e = estimate(
        &p,
        &Selection::new(),
        1,
        &LineCalendar::new(10),
        &Stock::default(),
        FRI,
    )
    .unwrap();
    assert_eq!(
        (e.start, e.ship),
        (date(2026, 12, 7), date(2026, 12, 7)),
        "no production: ships on the start day"
    );
    assert_eq!(e.earliest, date(2026, 12, 9));
}

#[test]
fn saturday_line_ships_on_the_shipping_calendar() {
    let mut p = car();
    p.base_days = 1;
    let mut line = LineCalendar::new(10);
    line.working_days = [true, true, true, true, true, true, false];
    let e = estimate(&p, &Selection::new(), 1, &line, &Stock::default(), FRI).unwrap();
    assert_eq!(e.start, date(2026, 12, 5), "the line works Saturday");
    assert_eq!(e.ship, date(2026, 12, 7), "dispatch waits for Monday");
}

#[test]
fn christmas_holidays_push_production_and_shipping() {
    let mut line = LineCalendar::new(10);
    line.holidays = christmas();
    let today = date(2026, 12, 18);
    let e = estimate(
        &car(),
        &sel(&[("interior", "cloth"), ("engraving", "Anna")]),
        1,
        &line,
        &Stock::default(),
        today,
    )
    .unwrap();
    assert_eq!(e.production_days, 7);
    assert_eq!(e.start, date(2026, 12, 21));
    // 21 22 23 | 28 29 30 | 4 Jan: the 7th working day
    assert_eq!(e.ship, date(2027, 1, 5));
    assert_eq!(e.earliest, date(2027, 1, 7));
    assert_eq!(e.latest, date(2027, 1, 11));
    let holidays: Vec<Date> = e
        .reasons
        .iter()
        .filter_map(|r| match r {
            Reason::Holiday { date } => Some(*date),
            _ => None,
        })
        .collect();
    assert_eq!(holidays, christmas());
    let p = car();
    let texts: Vec<String> = e.reasons.iter().map(|r| r.message(&p, Lang::De)).collect();
    assert!(
        texts.contains(&"Gravur: +2 Werktage".to_string()),
        "{texts:?}"
    );
    assert!(
        texts.contains(&"Feiertag am 25. Dez. 2026".to_string()),
        "{texts:?}"
    );
    let texts: Vec<String> = e.reasons.iter().map(|r| r.message(&p, Lang::En)).collect();
    assert!(
        texts.contains(&"Engraving adds 2 working days".to_string()),
        "{texts:?}"
    );
    assert_eq!(
        format_window(e.earliest, e.latest, Lang::De),
        "7.–11. Jan. 2027"
    );
}

#[test]
fn an_expected_delivery_that_covers_the_need_brings_the_start_forward() {
    let leather = sel(&[("interior", "leather"), ("extras", "mats")]);
    let line = LineCalendar::new(10);
    let incoming = |deliveries: &[(Date, i64)]| {
        let mut stock = Stock::default();
        stock.components.insert(
            "hide".into(),
            ComponentStock {
                available: 7,
                replenish_days: 4,
                incoming: deliveries
                    .iter()
                    .map(|&(on, units)| Incoming { on, units })
                    .collect(),
            },
        );
        estimate(&car(), &leather, 3, &line, &stock, FRI)
            .unwrap()
            .start
    };
    // 9 hides needed, 7 available; replenishment arrives Thursday 10 Dec.
    assert_eq!(incoming(&[]), date(2026, 12, 10));
    // 1 on Tuesday is not enough, 1 more on Wednesday is: start Wednesday.
    assert_eq!(
        incoming(&[(date(2026, 12, 9), 1), (date(2026, 12, 8), 1)]),
        date(2026, 12, 9)
    );
    // Deliveries that do not cover the need, are due today (not yet
    // received), or come after the replenishment change nothing.
    assert_eq!(incoming(&[(date(2026, 12, 8), 1)]), date(2026, 12, 10));
    assert_eq!(incoming(&[(FRI, 50)]), date(2026, 12, 10));
    assert_eq!(incoming(&[(date(2026, 12, 14), 50)]), date(2026, 12, 10));
}

#[test]
fn short_component_delays_the_start_until_it_arrives() {
    let mut stock = Stock::default();
    stock.components.insert(
        "hide".into(),
        ComponentStock {
            available: 7,
            replenish_days: 4,
            incoming: Vec::new(),
        },
    );
    let line = LineCalendar::new(10);
    let leather = sel(&[("interior", "leather"), ("extras", "mats")]);
    // 3 units x (2 hides + 1 for the mats) = 9 > 7
    let e = estimate(&car(), &leather, 3, &line, &stock, FRI).unwrap();
    assert_eq!(e.start, date(2026, 12, 10), "Fri + 4 working days = Thu");
    assert_eq!(e.production_days, 8);
    assert_eq!(e.ship, date(2026, 12, 22));
    assert_eq!(e.earliest, date(2026, 12, 24));
    let short = Reason::ComponentShort {
        component: "hide".into(),
        arrives: date(2026, 12, 10),
        used_by: vec![
            OptionRef {
                attribute: "interior".into(),
                option: "leather".into(),
            },
            OptionRef {
                attribute: "extras".into(),
                option: "mats".into(),
            },
        ],
    };
    assert!(e.reasons.contains(&short), "{:?}", e.reasons);
    assert_eq!(
        e.components.get("hide"),
        Some(&ComponentUse {
            units: 9,
            from_stock: false
        }),
        "the order waits for new hides instead of taking the 7 on hand"
    );
    let p = car();
    assert_eq!(
        short.message(&p, Lang::De),
        "Leder (Interieur), Fußmatten (Extras): wieder vorrätig am 10. Dez. 2026"
    );
    assert_eq!(
        short.message(&p, Lang::En),
        "Leather (Interior), Floor mats (Extras): restocked on 10 Dec 2026"
    );
    assert_eq!(
        Reason::OptionDays {
            attribute: "interior".into(),
            option: "leather".into(),
            days: 3
        }
        .message(&p, Lang::De),
        "Leder (Interieur): +3 Werktage"
    );
    // Exactly enough: not short.
    let e = estimate(&car(), &leather, 2, &line, &stock, FRI).unwrap();
    assert_eq!(e.start, date(2026, 12, 7));
    assert_eq!(
        e.components.get("hide"),
        Some(&ComponentUse {
            units: 6,
            from_stock: true
        })
    );
    assert!(!e
        .reasons
        .iter()
        .any(|r| matches!(r, Reason::ComponentShort { .. })));
    // Untracked components (the hitch) are never short.
    let e = estimate(
        &car(),
        &sel(&[("extras", "hitch")]),
        50,
        &LineCalendar::new(100),
        &stock,
        FRI,
    )
    .unwrap();
    assert_eq!(e.start, date(2026, 12, 7));
    assert!(e.components.is_empty(), "{:?}", e.components);
}

#[test]
fn busy_days_are_skipped() {
    let mut line = LineCalendar::new(10);
    line.booked.insert(date(2026, 12, 7), 10);
    line.booked.insert(date(2026, 12, 8), 8);
    let cloth = sel(&[("interior", "cloth")]);
    let e = estimate(&car(), &cloth, 3, &line, &Stock::default(), FRI).unwrap();
    assert_eq!(e.start, date(2026, 12, 9));
    assert!(e.reasons.contains(&Reason::LineBusy {
        first_free: date(2026, 12, 9)
    }));
    let e = estimate(&car(), &cloth, 2, &line, &Stock::default(), FRI).unwrap();
    assert_eq!(e.start, date(2026, 12, 8), "2 more fit exactly");
    assert_eq!(
        Reason::LineBusy {
            first_free: date(2026, 12, 9)
        }
        .message(&car(), Lang::De),
        "Fertigung ausgelastet, nächster freier Tag: 9. Dez. 2026"
    );
}

#[test]
fn order_above_daily_capacity_needs_an_empty_day() {
    let mut line = LineCalendar::new(10);
    line.booked.insert(date(2026, 12, 7), 1);
    let e = estimate(&car(), &Selection::new(), 25, &line, &Stock::default(), FRI).unwrap();
    assert_eq!(e.start, date(2026, 12, 8));
    assert!(e.reasons.contains(&Reason::OverCapacity {
        quantity: 25,
        capacity: 10
    }));
}

#[test]
fn impossible_estimates_are_errors() {
    let car = car();
    let none = Selection::new();
    let stock = Stock::default();
    assert_eq!(
        estimate(&car, &none, 0, &LineCalendar::new(10), &stock, FRI),
        Err(DeliveryError::ZeroQuantity)
    );
    assert!(matches!(
        estimate(
            &car,
            &sel(&[("interior", "vinyl")]),
            1,
            &LineCalendar::new(10),
            &stock,
            FRI
        ),
        Err(DeliveryError::UnknownOption { .. })
    ));
    assert!(matches!(
        estimate(&car, &none, 1, &LineCalendar::new(0), &stock, FRI),
        Err(DeliveryError::NoCapacity { .. })
    ));
    let mut full = LineCalendar::new(1);
    let mut day = FRI;
    for _ in 0..1200 {
        full.booked.insert(day, 1);
        day = day.tomorrow().unwrap();
    }
    assert!(matches!(
        estimate(&car, &none, 1, &full, &stock, FRI),
        Err(DeliveryError::NoCapacity { .. })
    ));
    let mut closed = LineCalendar::new(10);
    closed.working_days = [false; 7];
    assert!(estimate(&car, &none, 1, &closed, &stock, FRI).is_err());
    let mut slow = car.clone();
    slow.base_days = u32::MAX;
    assert!(matches!(
        estimate(&slow, &none, 1, &LineCalendar::new(10), &stock, FRI),
        Err(DeliveryError::BeyondHorizon { .. })
    ));
    assert!(estimate(&car, &none, 1, &LineCalendar::new(10), &stock, Date::MAX).is_err());
    let msg = DeliveryError::NoCapacity {
        until: date(2029, 12, 6),
    }
    .message(Lang::En);
    assert_eq!(msg, "No production slot is free until 6 Dec 2029.");
}

#[test]
fn calendar_and_estimate_round_trip_through_json() {
    let mut line = LineCalendar::new(10);
    line.holidays = christmas();
    line.booked.insert(date(2026, 12, 7), 3);
    let json = serde_json::to_string(&line).unwrap();
    assert_eq!(serde_json::from_str::<LineCalendar>(&json).unwrap(), line);
    let minimal: LineCalendar = serde_json::from_str(r#"{"daily_capacity": 4}"#).unwrap();
    assert_eq!(minimal, LineCalendar::new(4));
    let e = estimate(&car(), &Selection::new(), 1, &line, &Stock::default(), FRI).unwrap();
    let json = serde_json::to_string(&e).unwrap();
    assert_eq!(
        serde_json::from_str::<engine::delivery::Estimate>(&json).unwrap(),
        e
    );
}

#[test]
fn working_day_after_skips_weekends_and_holidays() {
    use engine::delivery::LineCalendar;
    let mut line = LineCalendar::new(4);
    line.holidays.push(jiff::civil::date(2026, 12, 25));
    // Wednesday 23 Dec 2026: Thursday 24, then Monday 28 (Friday 25 is a holiday).
    let wed = jiff::civil::date(2026, 12, 23);
    assert_eq!(line.working_day_after(wed, 0), Some(wed));
    assert_eq!(
        line.working_day_after(wed, 1),
        Some(jiff::civil::date(2026, 12, 24))
    );
    assert_eq!(
        line.working_day_after(wed, 2),
        Some(jiff::civil::date(2026, 12, 28))
    );
    line.working_days = [false; 7];
    assert_eq!(line.working_day_after(wed, 1), None);
}

#[test]
fn lead_days_add_the_chosen_options_texts_and_shipping() {
    let car = car();
    let plain = sel(&[("interior", "cloth")]);
    assert_eq!(engine::delivery::lead_days(&car, &plain), Ok(5 + 2));
    let everything = sel(&[
        ("interior", "leather"),
        ("extras", "hitch,mats"),
        ("engraving", "K 1"),
    ]);
    assert_eq!(
        engine::delivery::lead_days(&car, &everything),
        Ok(5 + 3 + 1 + 2 + 2)
    );
    assert_eq!(
        engine::delivery::production_days(&car, &everything),
        Ok(5 + 3 + 1 + 2)
    );
}

use super::*;
use jiff::civil::date;

fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn a_line_form_reads_capacity_days_and_holidays() {
    let posted = form(&[
        ("daily_capacity", " 6 "),
        ("day", "mon"),
        ("day", "sat"),
        ("holidays", "2026-12-26\n\n 2026-12-25\r\n2026-12-25"),
    ]);
    let settings = LineSettings::from_form(&posted).unwrap();
    assert_eq!(settings.daily_capacity, 6);
    assert_eq!(settings.working_days_text(), "mon,sat");
    assert_eq!(
        settings.holidays,
        vec![date(2026, 12, 25), date(2026, 12, 26)]
    );
    let before = LineSettings {
        daily_capacity: 4,
        working_days: [true, false, false, false, false, true, false],
        holidays: vec![date(2026, 12, 25)],
    };
    assert_eq!(
        settings.changes_from(&before),
        vec![
            ("daily_capacity", "4".into(), "6".into()),
            (
                "holidays",
                "2026-12-25".into(),
                "2026-12-25, 2026-12-26".into()
            ),
        ]
    );
    assert!(settings.changes_from(&settings).is_empty());
}

#[test]
fn a_wrong_line_form_says_every_problem() {
    let posted = form(&[
        ("daily_capacity", "-1"),
        ("day", "someday"),
        ("holidays", "2026-02-30\n25.12.2026"),
    ]);
    let problems = LineSettings::from_form(&posted).unwrap_err();
    assert_eq!(problems.len(), 4, "{problems:?}");
    assert!(problems[0].en.contains("Daily capacity"));
    assert!(problems[1].en.contains("someday"));
    assert!(problems[3].de.contains("25.12.2026"));
    let huge = form(&[("daily_capacity", "100001")]);
    assert!(LineSettings::from_form(&huge).is_err());
    let many: String = (0..401)
        .map(|i| {
            format!(
                "{}\n",
                date(2027, 1, 1)
                    .checked_add(jiff::Span::new().days(i))
                    .unwrap()
            )
        })
        .collect();
    let too_many = form(&[("daily_capacity", "1"), ("holidays", &many)]);
    assert!(LineSettings::from_form(&too_many).unwrap_err()[0]
        .en
        .contains("At most 400"));
}

#[test]
fn a_component_form_is_checked_and_compared() {
    let posted = form(&[
        ("on_hand", "12"),
        ("replenish_days", "5"),
        ("reorder_level", "3"),
    ]);
    let settings = ComponentSettings::from_form(&posted).unwrap();
    let before = ComponentSettings {
        on_hand: 10,
        replenish_days: 5,
        reorder_level: 0,
    };
    assert_eq!(
        settings.changes_from(&before),
        vec![
            ("on_hand", "10".into(), "12".into()),
            ("reorder_level", "0".into(), "3".into()),
        ]
    );
    let wrong = form(&[
        ("on_hand", "1.5"),
        ("replenish_days", "366"),
        ("reorder_level", ""),
    ]);
    assert_eq!(ComponentSettings::from_form(&wrong).unwrap_err().len(), 3);
}

#[test]
fn a_delivery_is_expected_today_or_later_with_units() {
    let today = date(2026, 12, 2);
    let ok = form(&[("expected_on", "2026-12-02"), ("quantity", "40")]);
    assert_eq!(
        NewDelivery::from_form(&ok, today).unwrap(),
        NewDelivery {
            expected_on: today,
            quantity: 40
        }
    );
    for (day, quantity) in [
        ("2026-12-01", "4"),
        ("tomorrow", "4"),
        ("2026-12-09", "0"),
        ("2026-12-09", "x"),
    ] {
        let posted = form(&[("expected_on", day), ("quantity", quantity)]);
        assert!(
            NewDelivery::from_form(&posted, today).is_err(),
            "{day} {quantity}"
        );
    }
}

#[test]
fn day_loads_show_capacity_only_on_worked_days() {
    let mut line = LineCalendar::new(4);
    line.holidays = vec![date(2026, 12, 25)];
    line.booked.insert(date(2026, 12, 24), 3);
    // Thursday 24 Dec to Monday 28 Dec.
    let loads = day_loads(&line, date(2026, 12, 24), 5);
    let capacity: Vec<u32> = loads.iter().map(|d| d.capacity).collect();
    assert_eq!(capacity, vec![4, 0, 0, 0, 4]);
    assert_eq!(loads[0].booked, 3);
    assert_eq!(loads[4].day, date(2026, 12, 28));
}

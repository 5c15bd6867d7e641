use super::*;

fn demo() -> Catalog {
    Catalog::from_json(include_str!("../../../../catalog/catalog.json")).unwrap()
}

fn form(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn ring(catalog: &Catalog) -> &Product {
    catalog.products.iter().find(|p| p.id == "ring").unwrap()
}

#[test]
fn amounts_read_as_typed_in_either_language() {
    assert_eq!(parse_amount("1250,50", "EUR"), Some(125_050));
    assert_eq!(parse_amount("€ 12.5", "EUR"), Some(1250));
    assert_eq!(parse_amount("-20", "EUR"), Some(-2000));
    assert_eq!(parse_amount("1.234,50", "EUR"), Some(123_450));
    assert_eq!(parse_amount("1,234.50", "EUR"), Some(123_450));
    assert_eq!(parse_amount("1.234.5,6", "EUR"), Some(1_234_560));
    assert_eq!(parse_amount("12,5,0", "EUR"), None);
    assert_eq!(parse_amount("lots", "EUR"), None);
    assert_eq!(parse_amount("0.001", "EUR"), None);
    assert_eq!(parse_amount("500", "JPY"), Some(500));
    assert_eq!(amount_text(125_050, "EUR"), "1250.50");
    assert_eq!(amount_text(-5, "EUR"), "-0.05");
    assert_eq!(amount_text(500, "JPY"), "500");
    assert_eq!(parse_percent("7,5"), Some(750));
    assert_eq!(parse_percent("101"), None);
    assert_eq!(percent_text(1900), "19");
}

#[test]
fn fields_change_what_they_name_and_leave_the_rest() {
    let mut catalog = demo();
    let before = catalog.clone();
    let metal = ring(&catalog)
        .attributes
        .iter()
        .position(|a| a.id == "metal")
        .unwrap();
    let price = format!("a{metal}.o1.price");
    let label = format!("a{metal}.o1.label.en");
    let posted = form(&[
        ("base_price", "89,00"),
        ("name.en", "  The ring "),
        (&price, "150"),
        (&label, "Yellow gold 750"),
        ("action", "save"),
    ]);
    apply(&mut catalog, "ring", &posted).unwrap();
    let after = ring(&catalog);
    assert_eq!(after.base_price, 8900);
    assert_eq!(after.name.en, "The ring");
    assert_eq!(after.name.de, ring(&before).name.de);
    let AttributeKind::Choice { options, .. } = &after.attributes[metal].kind else {
        panic!("metal is a choice")
    };
    assert_eq!(options[1].price, 15_000);
    assert_eq!(options[1].label.en, "Yellow gold 750");
    let changes = engine::diff::diff(&before, &catalog);
    assert_eq!(changes.len(), 4, "{changes:?}");
}

#[test]
fn a_bad_field_names_itself() {
    // `apply` may have changed fields before the bad one: callers apply to a
    // copy and keep it only on success (the server tests check nothing is saved).
    let mut catalog = demo();
    let err = apply(
        &mut catalog,
        "ring",
        &form(&[("name.en", "Changed"), ("base_days", "soon")]),
    )
    .unwrap_err();
    assert_eq!(err.field, "base_days");
    assert!(err.message.en.contains("'soon'"), "{err:?}");
    let err = apply(&mut catalog, "ring", &form(&[("q0.discount", "150")])).unwrap_err();
    assert_eq!(err.field, "q0.discount");
    assert!(err.message.en.contains("from 0 to 100"), "{err:?}");
    let err = apply(
        &mut catalog,
        "ring",
        &form(&[("a0.o0.components", "silver-925:0")]),
    )
    .unwrap_err();
    assert_eq!(err.field, "a0.o0.components");
}

#[test]
fn buttons_add_remove_and_move() {
    let mut catalog = demo();
    let posted = form(&[
        ("action", "add-attribute"),
        ("new_attribute.id", "box"),
        ("new_attribute.kind", "choice"),
        ("new_attribute.label", "Gift box"),
    ]);
    apply(&mut catalog, "ring", &posted).unwrap();
    let i = ring(&catalog).attributes.len() - 1;
    assert_eq!(ring(&catalog).attributes[i].label.de, "Gift box");
    let add = format!("add-option:{i}");
    let field = format!("a{i}.new_option.id");
    apply(
        &mut catalog,
        "ring",
        &form(&[("action", &add), (&field, "velvet")]),
    )
    .unwrap();
    let again = apply(
        &mut catalog,
        "ring",
        &form(&[("action", &add), (&field, "velvet")]),
    );
    assert_eq!(again.unwrap_err().field, field);
    let bad = apply(
        &mut catalog,
        "ring",
        &form(&[("action", &add), (&field, "Velvet Box")]),
    );
    assert!(bad.is_err());
    let up = format!("up-attribute:{i}");
    apply(&mut catalog, "ring", &form(&[("action", &up)])).unwrap();
    assert_eq!(ring(&catalog).attributes[i - 1].id, "box");
    let delete = format!("delete-attribute:{}", i - 1);
    apply(&mut catalog, "ring", &form(&[("action", &delete)])).unwrap();
    assert!(ring(&catalog).attributes.iter().all(|a| a.id != "box"));
    let stale = apply(&mut catalog, "ring", &form(&[("action", "delete-rule:99")]));
    assert_eq!(stale.unwrap_err().field, "action");
}

#[test]
fn a_table_reads_from_csv_and_refuses_ragged_rows() {
    let mut catalog = demo();
    apply(
        &mut catalog,
        "ring",
        &form(&[("action", "add-table"), ("new_table.id", "stones")]),
    )
    .unwrap();
    let k = ring(&catalog).tables.len() - 1;
    let csv = format!("t{k}.csv");
    apply(
        &mut catalog,
        "ring",
        &form(&[(&csv, "metal;stone\nplatinum;diamond\n*;-\n")]),
    )
    .unwrap();
    assert_eq!(ring(&catalog).tables[k].attributes, ["metal", "stone"]);
    assert_eq!(ring(&catalog).tables[k].rows.len(), 2);
    let err = apply(
        &mut catalog,
        "ring",
        &form(&[(&csv, "metal,stone\nplatinum\n")]),
    )
    .unwrap_err();
    assert_eq!(err.field, csv);
    assert!(err.message.en.contains("line 2"), "{err:?}");
}

#[test]
fn check_paths_point_at_the_editor_fields() {
    let catalog = demo();
    let car = &catalog.products[0];
    assert_eq!(
        anchor(car, "products[car].attributes[engine].options[2].swatch").as_deref(),
        Some("a1.o2")
    );
    assert_eq!(anchor(car, "products[car].rules[3]").as_deref(), Some("r3"));
    assert_eq!(
        anchor(car, "products[car].price_rules[1].when").as_deref(),
        Some("p1")
    );
    assert_eq!(
        anchor(
            car,
            "products[car].tables[engine-transmission].attributes[0]"
        )
        .as_deref(),
        Some("t0")
    );
    assert_eq!(
        anchor(car, "products[car].base_price").as_deref(),
        Some("basics")
    );
    assert_eq!(anchor(car, "products[ring].base_price"), None);
}

#[test]
fn new_products_need_a_free_id_and_a_line() {
    let mut catalog = demo();
    let id = add_product(
        &mut catalog,
        &form(&[
            ("new_product.id", "cufflinks"),
            ("new_product.line", "goldsmith"),
        ]),
    )
    .unwrap();
    assert_eq!(id, "cufflinks");
    let taken = add_product(
        &mut catalog,
        &form(&[
            ("new_product.id", "ring"),
            ("new_product.line", "goldsmith"),
        ]),
    );
    assert!(taken.is_err());
    let no_line = add_product(&mut catalog, &form(&[("new_product.id", "belt")]));
    assert_eq!(no_line.unwrap_err().field, "new_product.line");
}

#[test]
fn drawing_roles_are_set_and_cleared_in_the_form() {
    let mut catalog = demo();
    let finish = ring(&catalog)
        .attributes
        .iter()
        .position(|a| a.id == "finish")
        .unwrap();
    let role = format!("a{finish}.drawing");
    let option = format!("a{finish}.o0.drawing");
    let posted = form(&[
        ("drawing", "ring"),
        (&role, " finish "),
        (&option, "matte"),
        ("action", "save"),
    ]);
    apply(&mut catalog, "ring", &posted).unwrap();
    let after = ring(&catalog);
    assert_eq!(after.drawing, None, "its own id is the default");
    assert_eq!(after.attributes[finish].drawing.as_deref(), Some("finish"));
    let first = &after.attributes[finish].kind.options()[0];
    assert_eq!(first.drawing.as_deref(), Some("matte"));

    let posted = form(&[("drawing", "tile"), (&option, ""), ("action", "save")]);
    apply(&mut catalog, "ring", &posted).unwrap();
    let after = ring(&catalog);
    assert_eq!(after.drawing.as_deref(), Some("tile"));
    assert_eq!(after.attributes[finish].kind.options()[0].drawing, None);
}

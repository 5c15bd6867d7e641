//! Checks of a table of allowed combinations.

use super::Problems;
use crate::model::{AttributeKind, Product, Table};

pub(super) fn check_table(out: &mut Problems, product: &Product, table: &Table, path: &str) {
    if table.attributes.is_empty() {
        out.push(
            format!("{path}.attributes"),
            "a table needs at least one attribute",
        );
    }
    // The kind of each column: Some((options, required)) for a usable choice attribute.
    let mut columns = Vec::with_capacity(table.attributes.len());
    for (index, id) in table.attributes.iter().enumerate() {
        let column_path = format!("{path}.attributes[{index}]");
        if table.attributes[..index].contains(id) {
            out.push(
                &column_path,
                format!("attribute '{id}' appears twice in the table"),
            );
        }
        match product.attribute(id).map(|a| &a.kind) {
            Some(AttributeKind::Choice { options, required }) => {
                columns.push(Some((options, *required)))
            }
            Some(_) => {
                out.push(
                    &column_path,
                    format!("'{id}' is not a choice attribute; tables can only combine choice attributes"),
                );
                columns.push(None);
            }
            None => {
                out.push(&column_path, format!("attribute '{id}' does not exist"));
                columns.push(None);
            }
        }
    }
    if table.rows.is_empty() {
        out.push(
            format!("{path}.rows"),
            "the table has no rows, so no configuration satisfies it",
        );
    }
    for (row_index, row) in table.rows.iter().enumerate() {
        let row_path = format!("{path}.rows[{row_index}]");
        if row.len() != table.attributes.len() {
            out.push(
                &row_path,
                format!(
                    "the row has {} but the table has {}",
                    count(row.len(), "cell", "cells"),
                    count(table.attributes.len(), "attribute", "attributes")
                ),
            );
            continue;
        }
        for (column, cell) in row.iter().enumerate() {
            let Some(Some((options, required))) = columns.get(column) else {
                continue;
            };
            let attribute = &table.attributes[column];
            let cell_path = format!("{row_path}[{column}]");
            match cell.as_str() {
                "*" => {}
                "-" if !*required => {}
                "-" => out.push(
                    cell_path,
                    format!("'-' (no value) is only possible for an optional choice, and '{attribute}' is required"),
                ),
                _ if options.iter().any(|o| o.id == *cell) => {}
                _ => out.push(
                    cell_path,
                    format!("option '{cell}' does not exist in attribute '{attribute}'"),
                ),
            }
        }
    }
}

/// `1 cell`, `3 cells`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

//! Import of the Renault Mégane configuration benchmark (CLib) into a
//! [`Catalog`]: one product whose choice attributes are the benchmark's
//! variables and whose tables are its allowed-combination files.
//!
//! Pure: the caller reads `domains.txt` and the `rules/*.pm` files and passes
//! their contents in.

mod parse;

use crate::model::{
    AttrOption, Attribute, AttributeKind, Catalog, Product, ProductionLine, Table, Text,
    SCHEMA_VERSION,
};
use parse::{parse_domains, parse_rule_file, Domain, NumberedRow};
use std::collections::{HashMap, HashSet};

/// Id of the imported product.
pub const PRODUCT_ID: &str = "renault-megane";
/// Id of the production line the imported product is made on.
pub const PRODUCTION_LINE_ID: &str = "renault";

/// Why the benchmark could not be imported.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// `domains.txt` is malformed at this line (1-based).
    #[error("domains.txt, line {line}: {message}")]
    Domains { line: usize, message: String },
    /// A rule file is malformed, or names an unknown variable or value, at
    /// this line (1-based).
    #[error("{file}, line {line}: {message}")]
    Rule {
        file: String,
        line: usize,
        message: String,
    },
    /// Two rule files have the same stem.
    #[error("two rule files are named {0}")]
    DuplicateTable(String),
    /// `domains.txt` declares no variable.
    #[error("domains.txt declares no variable")]
    NoVariables,
}

/// Imports the benchmark from the text of `domains.txt` and the rule files
/// as `(file name, contents)` pairs (the name may include a directory; the
/// table id is its stem, e.g. `renault_rule001`). Tables are built in file
/// name order; identical rows are kept once.
pub fn import(domains: &str, rule_files: &[(String, String)]) -> Result<Catalog, String> {
    import_detailed(domains, rule_files).map_err(|e| e.to_string())
}

/// [`import`] with a structured error.
pub fn import_detailed(
    domains: &str,
    rule_files: &[(String, String)],
) -> Result<Catalog, ImportError> {
    let domains = parse_domains(domains)?;
    if domains.is_empty() {
        return Err(ImportError::NoVariables);
    }
    let known: HashMap<&str, HashSet<&str>> = domains
        .iter()
        .map(|d| {
            (
                d.name.as_str(),
                d.values.iter().map(String::as_str).collect(),
            )
        })
        .collect();

    let mut files: Vec<&(String, String)> = rule_files.iter().collect();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut tables: Vec<Table> = Vec::with_capacity(files.len());
    for (name, text) in files {
        let id = file_stem(name);
        if tables.iter().any(|t| t.id == id) {
            return Err(ImportError::DuplicateTable(id.to_owned()));
        }
        let rows = parse_rule_file(name, text)?;
        tables.push(build_table(id, name, rows, &known)?);
    }

    Ok(Catalog {
        schema: SCHEMA_VERSION,
        currency: "EUR".to_owned(),
        vat_rate_bp: 1900,
        production_lines: vec![ProductionLine {
            id: PRODUCTION_LINE_ID.to_owned(),
            name: same_text("Renault"),
        }],
        components: Vec::new(),
        products: vec![Product {
            id: PRODUCT_ID.to_owned(),
            name: same_text("Renault Mégane"),
            description: Text {
                de: "Reales Produktmodell von Renault (Konfigurations-Benchmark CLib).".to_owned(),
                en: "Real product model published by Renault (CLib configuration benchmark)."
                    .to_owned(),
            },
            image: None,
            drawing: None,
            base_price: 0,
            production_line: PRODUCTION_LINE_ID.to_owned(),
            base_days: 10,
            shipping_days: 2,
            groups: Vec::new(),
            attributes: domains.into_iter().map(attribute).collect(),
            rules: Vec::new(),
            tables,
            price_rules: Vec::new(),
            quantity_tiers: Vec::new(),
        }],
    })
}

/// Builds one table: attributes in order of first appearance, one row per
/// distinct combination (`*` for a variable a line does not name).
fn build_table(
    id: &str,
    file: &str,
    rows: Vec<NumberedRow>,
    known: &HashMap<&str, HashSet<&str>>,
) -> Result<Table, ImportError> {
    let mut attributes: Vec<String> = Vec::new();
    for (var, _) in rows.iter().flat_map(|(_, row)| row) {
        if !attributes.contains(var) {
            attributes.push(var.clone());
        }
    }
    for (line, var, value) in rows
        .iter()
        .flat_map(|(line, row)| row.iter().map(move |(var, value)| (*line, var, value)))
    {
        let message = match known.get(var.as_str()) {
            None => format!("unknown variable {var}"),
            Some(values) if !values.contains(value.as_str()) => {
                format!("{value} is not a value of {var}")
            }
            Some(_) => continue,
        };
        return Err(ImportError::Rule {
            file: file.to_owned(),
            line,
            message,
        });
    }
    let position: HashMap<&str, usize> = attributes
        .iter()
        .enumerate()
        .map(|(i, a)| (a.as_str(), i))
        .collect();
    let mut seen: HashSet<Vec<String>> = HashSet::with_capacity(rows.len());
    let mut table_rows = Vec::with_capacity(rows.len());
    for (_, row) in rows {
        let mut cells = vec!["*".to_owned(); attributes.len()];
        for (var, value) in row {
            if let Some(&i) = position.get(var.as_str()) {
                cells[i] = value;
            }
        }
        if seen.insert(cells.clone()) {
            table_rows.push(cells);
        }
    }
    Ok(Table {
        id: id.to_owned(),
        attributes,
        rows: table_rows,
        message: Text {
            de: "Diese Kombination ist nicht lieferbar.".to_owned(),
            en: "This combination is not available.".to_owned(),
        },
    })
}

fn attribute(domain: Domain) -> Attribute {
    Attribute {
        label: same_text(&domain.name),
        id: domain.name,
        help: Text::default(),
        group: None,
        drawing: None,
        kind: AttributeKind::Choice {
            required: true,
            options: domain
                .values
                .into_iter()
                .map(|value| AttrOption::plain(value.clone(), same_text(&value)))
                .collect(),
        },
    }
}

fn same_text(s: &str) -> Text {
    Text {
        de: s.to_owned(),
        en: s.to_owned(),
    }
}

/// `rules/renault_rule001.pm` -> `renault_rule001`.
fn file_stem(name: &str) -> &str {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.rfind('.') {
        Some(dot) if dot > 0 => &base[..dot],
        _ => base,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOMAINS: &str = "Var1 : A, B, C\nVar3 : X, Y\nVar10 : P, Q\n";

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn imports_small_sample() {
        let rules = files(&[
            (
                "rules/t2.pm",
                "or(\nVar10 = P and Var1 = A\nor(\nVar10 = Q  and Var1 = B\nor)\nVar10 = P and Var1 = A\nor)\n",
            ),
            ("rules/t1.pm", "or(\nVar3 = X and Var1 = C\nor)"),
        ]);
        let catalog = import(DOMAINS, &rules).unwrap();
        assert_eq!(catalog.schema, SCHEMA_VERSION);
        assert_eq!(catalog.production_lines[0].id, PRODUCTION_LINE_ID);
        let product = catalog.product(PRODUCT_ID).unwrap();
        assert_eq!(product.name.de, "Renault Mégane");
        assert_eq!(product.production_line, PRODUCTION_LINE_ID);
        let ids: Vec<&str> = product.attributes.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["Var1", "Var3", "Var10"]);
        match &product.attributes[0].kind {
            AttributeKind::Choice { required, options } => {
                assert!(required);
                let opts: Vec<&str> = options.iter().map(|o| o.id.as_str()).collect();
                assert_eq!(opts, ["A", "B", "C"]);
                assert_eq!(options[0].label.en, "A");
            }
            other => panic!("not a choice: {other:?}"),
        }
        assert_eq!(product.tables.len(), 2);
        assert_eq!(product.tables[0].id, "t1");
        let t2 = &product.tables[1];
        assert_eq!(t2.id, "t2");
        assert_eq!(t2.attributes, ["Var10", "Var1"]);
        assert_eq!(t2.rows, [["P", "A"], ["Q", "B"]]);
        assert_eq!(t2.message.en, "This combination is not available.");
    }

    #[test]
    fn lines_naming_fewer_variables_get_wildcards() {
        let rules = files(&[("t.pm", "or(\nVar1 = A\nVar3 = X and Var1 = B\nor)")]);
        let catalog = import(DOMAINS, &rules).unwrap();
        let table = &catalog.products[0].tables[0];
        assert_eq!(table.attributes, ["Var1", "Var3"]);
        assert_eq!(table.rows, [["A", "*"], ["B", "X"]]);
    }

    #[test]
    fn reports_unknown_names_with_file_and_line() {
        let rules = files(&[("r/t.pm", "or(\nVar1 = A\nVar1 = Z\nor)")]);
        let err = import(DOMAINS, &rules).unwrap_err();
        assert_eq!(err, "r/t.pm, line 3: Z is not a value of Var1");
        let rules = files(&[("t.pm", "or(\n  Var2 =  A\nor)")]);
        let err = import(DOMAINS, &rules).unwrap_err();
        assert_eq!(err, "t.pm, line 2: unknown variable Var2");
    }

    #[test]
    fn rejects_duplicate_stems_and_empty_domains() {
        let rules = files(&[
            ("a/t.pm", "or(\nVar1 = A\nor)"),
            ("b/t.pm", "or(\nVar1 = A\nor)"),
        ]);
        assert!(import(DOMAINS, &rules).is_err());
        assert!(import("\n", &[]).is_err());
    }

    #[test]
    fn stems() {
        assert_eq!(file_stem("rules/renault_rule001.pm"), "renault_rule001");
        assert_eq!(file_stem("x"), "x");
        assert_eq!(file_stem(".pm"), ".pm");
    }
}

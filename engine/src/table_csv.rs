//! Tables of allowed combinations as CSV, for marketing's spreadsheets.
//!
//! The header row holds the attribute ids, then one row per allowed
//! combination; a cell is an option id, `*` (any value) or `-` (no value).
//! Cells are trimmed. Commas separate cells; a header with semicolons and no
//! commas (a German spreadsheet export) switches to semicolons.

use crate::model::{Lang, Table, Text};
use serde::{Deserialize, Serialize};

/// Why a CSV text is not a table. Lines are 1-based lines of the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum CsvError {
    /// No header row, or a header without any attribute id.
    #[error("the CSV has no header row with attribute ids")]
    EmptyHeader,
    /// A header cell is empty.
    #[error("line {line}: column {column} of the header has no attribute id")]
    EmptyColumnName { line: u64, column: usize },
    /// A row with a different number of cells than the header.
    #[error("line {line}: the row has {found} cells but the header has {expected}")]
    RaggedRow {
        line: u64,
        expected: usize,
        found: usize,
    },
    /// An empty cell (write `-` for "no value", `*` for "any value").
    #[error("line {line}: cell {column} is empty (write '-' for no value or '*' for any value)")]
    EmptyCell { line: u64, column: usize },
    /// The CSV itself does not parse.
    #[error("line {line}: {message}")]
    Syntax { line: u64, message: String },
}

impl CsvError {
    /// The error in words, for the catalog editor.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (_, Lang::En) => self.to_string(),
            (CsvError::EmptyHeader, Lang::De) => {
                "Die CSV-Datei hat keine Kopfzeile mit Attribut-IDs.".to_owned()
            }
            (CsvError::EmptyColumnName { line, column }, Lang::De) => {
                format!("Zeile {line}: Spalte {column} der Kopfzeile hat keine Attribut-ID.")
            }
            (
                CsvError::RaggedRow {
                    line,
                    expected,
                    found,
                },
                Lang::De,
            ) => format!(
                "Zeile {line}: Die Zeile hat {found} Zellen, die Kopfzeile aber {expected}."
            ),
            (CsvError::EmptyCell { line, column }, Lang::De) => format!(
                "Zeile {line}: Zelle {column} ist leer (‚-‘ für keinen Wert, ‚*‘ für jeden Wert)."
            ),
            (CsvError::Syntax { line, message }, Lang::De) => format!("Zeile {line}: {message}"),
        }
    }
}

/// The cell separator: `;` when the first line has semicolons but no commas.
fn delimiter(csv_text: &str) -> u8 {
    let header = csv_text.lines().next().unwrap_or("");
    if header.contains(';') && !header.contains(',') {
        b';'
    } else {
        b','
    }
}

/// Reads a table from CSV text: the header row names the attributes, each
/// further row is one allowed combination.
pub fn table_from_csv(id: &str, csv_text: &str, message: Text) -> Result<Table, CsvError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .delimiter(delimiter(csv_text))
        .from_reader(csv_text.as_bytes());
    let mut attributes: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| CsvError::Syntax {
            line: e.position().map_or(0, csv::Position::line),
            message: e.to_string(),
        })?;
        let line = record.position().map_or(0, csv::Position::line);
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        match &attributes {
            None => {
                if cells.iter().all(String::is_empty) {
                    return Err(CsvError::EmptyHeader);
                }
                if let Some(index) = cells.iter().position(String::is_empty) {
                    return Err(CsvError::EmptyColumnName {
                        line,
                        column: index + 1,
                    });
                }
                attributes = Some(cells);
            }
            Some(header) => {
                if cells.len() != header.len() {
                    return Err(CsvError::RaggedRow {
                        line,
                        expected: header.len(),
                        found: cells.len(),
                    });
                }
                if let Some(index) = cells.iter().position(String::is_empty) {
                    return Err(CsvError::EmptyCell {
                        line,
                        column: index + 1,
                    });
                }
                rows.push(cells);
            }
        }
    }
    let attributes = attributes.ok_or(CsvError::EmptyHeader)?;
    Ok(Table {
        id: id.to_owned(),
        attributes,
        rows,
        message,
    })
}

/// Writes a table as CSV (comma-separated, quoted where needed, one line
/// per row, `\n` line ends).
pub fn table_to_csv(table: &Table) -> String {
    let mut writer = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let mut ok = writer.write_record(&table.attributes).is_ok();
    for row in &table.rows {
        ok = ok && writer.write_record(row).is_ok();
    }
    // Writing to memory cannot fail; an empty string signals it if it did.
    let bytes = match writer.into_inner() {
        Ok(bytes) if ok => bytes,
        _ => Vec::new(),
    };
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn message() -> Text {
        Text {
            de: "Nicht kombinierbar".into(),
            en: "Not available together".into(),
        }
    }

    #[test]
    fn reads_header_and_rows() {
        let csv = "metal, size ,stone\ngold,54,*\n\"white-gold\" , 56 , -\n\n";
        let table = table_from_csv("sizes", csv, message()).expect("parses");
        assert_eq!(table.id, "sizes");
        assert_eq!(table.attributes, ["metal", "size", "stone"]);
        assert_eq!(
            table.rows,
            vec![vec!["gold", "54", "*"], vec!["white-gold", "56", "-"]]
        );
        assert_eq!(table.message, message());
        assert_eq!(
            table_to_csv(&table),
            "metal,size,stone\ngold,54,*\nwhite-gold,56,-\n"
        );
    }

    #[test]
    fn semicolons_from_german_spreadsheets() {
        let table = table_from_csv("t", "metal;size\r\ngold;54\r\n", message()).expect("parses");
        assert_eq!(table.rows, vec![vec!["gold", "54"]]);
    }

    #[test]
    fn errors_name_the_line() {
        assert_eq!(
            table_from_csv("t", "", message()),
            Err(CsvError::EmptyHeader)
        );
        assert_eq!(
            table_from_csv("t", " , ,\n", message()),
            Err(CsvError::EmptyHeader)
        );
        assert_eq!(
            table_from_csv("t", "a,,b\n", message()),
            Err(CsvError::EmptyColumnName { line: 1, column: 2 })
        );
        let e = table_from_csv("t", "a,b\nx,y\nx,y,z\n", message()).expect_err("ragged");
        assert_eq!(
            e,
            CsvError::RaggedRow {
                line: 3,
                expected: 2,
                found: 3
            }
        );
        assert_eq!(
            e.to_string(),
            "line 3: the row has 3 cells but the header has 2"
        );
        assert_eq!(
            e.message(Lang::De),
            "Zeile 3: Die Zeile hat 3 Zellen, die Kopfzeile aber 2."
        );
        assert_eq!(
            table_from_csv("t", "a,b\nx, \n", message()),
            Err(CsvError::EmptyCell { line: 2, column: 2 })
        );
    }

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("*".to_string()),
            Just("-".to_string()),
            "[a-z0-9][a-z0-9._-]{0,6}",
            "[^\\s][^\\r\\n]{0,5}[^\\s]".prop_filter("no blank", |s| s.trim() == s),
        ]
    }

    fn table() -> impl Strategy<Value = Table> {
        (1usize..5).prop_flat_map(|width| {
            (
                proptest::collection::vec("[a-z][a-z0-9_.-]{0,6}", width),
                proptest::collection::vec(proptest::collection::vec(cell(), width), 0..6),
            )
                .prop_map(|(attributes, rows)| Table {
                    id: "t".into(),
                    attributes,
                    rows,
                    message: Text::default(),
                })
        })
    }

    proptest! {
        #[test]
        fn csv_round_trip(t in table()) {
            let csv = table_to_csv(&t);
            prop_assert_eq!(table_from_csv("t", &csv, Text::default()), Ok(t), "{}", csv);
        }

        #[test]
        fn any_text_is_read_without_panicking(text in "\\PC{0,80}") {
            let _ = table_from_csv("t", &text, Text::default());
        }
    }
}

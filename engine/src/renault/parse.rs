//! Parsing of the Renault benchmark's text formats: `domains.txt` and the
//! `or(` ... `or)` table files.

use super::ImportError;

/// One variable of `domains.txt` with its values in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Domain {
    pub name: String,
    pub values: Vec<String>,
}

/// One allowed combination: `(variable, value)` pairs in line order.
pub(crate) type Conjunction = Vec<(String, String)>;

/// A combination with the 1-based line it was read from.
pub(crate) type NumberedRow = (usize, Conjunction);

/// Parses `domains.txt`: one `VarN : A, B, ...` a line, blank lines ignored.
pub(crate) fn parse_domains(text: &str) -> Result<Vec<Domain>, ImportError> {
    let mut domains: Vec<Domain> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let err = |message: String| ImportError::Domains {
            line: line_no,
            message,
        };
        let (name, values) = line.split_once(':').ok_or_else(|| {
            err(format!(
                "expected 'VARIABLE : VALUE, ...' but found '{line}'"
            ))
        })?;
        let name = name.trim();
        if !is_word(name) {
            return Err(err(format!("'{name}' is not a variable name")));
        }
        if domains.iter().any(|d| d.name == name) {
            return Err(err(format!("variable {name} is declared twice")));
        }
        let mut parsed: Vec<String> = Vec::new();
        for value in values.split(',').map(str::trim).filter(|v| !v.is_empty()) {
            if !is_word(value) {
                return Err(err(format!("'{value}' is not a value name")));
            }
            if parsed.iter().any(|v| v == value) {
                return Err(err(format!("value {value} of {name} is listed twice")));
            }
            parsed.push(value.to_owned());
        }
        if parsed.is_empty() {
            return Err(err(format!("variable {name} has no values")));
        }
        domains.push(Domain {
            name: name.to_owned(),
            values: parsed,
        });
    }
    Ok(domains)
}

/// Parses one table file into its conjunctions (one per non-bracket line,
/// with its line number).
/// `or(` and `or)` may nest; they must balance.
pub(crate) fn parse_rule_file(file: &str, text: &str) -> Result<Vec<NumberedRow>, ImportError> {
    let mut rows = Vec::new();
    let mut depth = 0usize;
    let mut last_line = 0;
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        last_line = line_no;
        let err = |message: String| ImportError::Rule {
            file: file.to_owned(),
            line: line_no,
            message,
        };
        let line: String = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        match line.as_str() {
            "" => continue,
            "or(" | "or (" => {
                depth += 1;
                continue;
            }
            "or)" | "or )" => {
                depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| err("'or)' without a matching 'or('".to_owned()))?;
                continue;
            }
            _ => {}
        }
        if depth == 0 {
            return Err(err(format!(
                "combination outside an 'or(' ... 'or)' group: '{line}'"
            )));
        }
        rows.push((line_no, parse_conjunction(&line).map_err(err)?));
    }
    if depth != 0 {
        return Err(ImportError::Rule {
            file: file.to_owned(),
            line: last_line,
            message: format!("{depth} 'or(' group(s) not closed at the end of the file"),
        });
    }
    Ok(rows)
}

/// Parses `VarA = X and VarB = Y ...` (whitespace already normalised).
fn parse_conjunction(line: &str) -> Result<Conjunction, String> {
    let mut pairs: Conjunction = Vec::new();
    for part in line.split(" and ") {
        let (var, value) = part
            .split_once('=')
            .ok_or_else(|| format!("expected 'VARIABLE = VALUE' but found '{}'", part.trim()))?;
        let (var, value) = (var.trim(), value.trim());
        if !is_word(var) {
            return Err(format!(
                "'{var}' is not a variable name (in '{}')",
                part.trim()
            ));
        }
        if !is_word(value) {
            return Err(format!(
                "'{value}' is not a value name (in '{}')",
                part.trim()
            ));
        }
        if pairs.iter().any(|(v, _)| v == var) {
            return Err(format!("variable {var} is named twice in one combination"));
        }
        pairs.push((var.to_owned(), value.to_owned()));
    }
    Ok(pairs)
}

/// A variable or value name: letters, digits, `_`, `-`, `.`.
fn is_word(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_domains_with_irregular_spacing() {
        let d = parse_domains("Var1 : A, B ,C\n\n  Var3:X,\nVar7 :  Y\n").unwrap();
        assert_eq!(d.len(), 3);
        assert_eq!(d[0].values, ["A", "B", "C"]);
        assert_eq!(d[1].name, "Var3");
        assert_eq!(d[1].values, ["X"]);
        assert_eq!(d[2].values, ["Y"]);
    }

    #[test]
    fn rejects_bad_domains() {
        assert!(matches!(
            parse_domains("Var1 : A\nVar2 A, B\n"),
            Err(ImportError::Domains { line: 2, .. })
        ));
        assert!(parse_domains("Var1 : A, A").is_err());
        assert!(parse_domains("Var1 : A\nVar1 : B").is_err());
        assert!(parse_domains("Var1 : ,").is_err());
    }

    #[test]
    fn parses_nested_groups_and_spacing() {
        let text =
            "or(\nV1 = A  and V2 = B\n or( \n\tV1=C and  V2 =D\nor)\n\nV1 = A and V2 = B\nor)";
        let rows = parse_rule_file("t.pm", text).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[1].0, 4);
        assert_eq!(
            rows[1].1,
            vec![("V1".into(), "C".into()), ("V2".into(), "D".into())]
        );
    }

    #[test]
    fn reports_file_and_line() {
        let err = parse_rule_file("t.pm", "or(\nV1 = A\nV1 = and V2 = B\nor)").unwrap_err();
        match err {
            ImportError::Rule { file, line, .. } => assert_eq!((file.as_str(), line), ("t.pm", 3)),
            other => panic!("unexpected {other:?}"),
        }
        assert!(parse_rule_file("t.pm", "or(\nV1 = A\n").is_err());
        assert!(parse_rule_file("t.pm", "V1 = A\n").is_err());
        assert!(parse_rule_file("t.pm", "or(\nor)\nor)").is_err());
        assert!(parse_rule_file("t.pm", "or(\nV1 = A and V1 = B\nor)").is_err());
    }
}

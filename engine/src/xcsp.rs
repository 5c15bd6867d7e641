//! Import of a CSP in the XCSP 2.1 format (extensional constraints only)
//! into a [`Catalog`] with one product: each variable becomes a required
//! choice attribute whose options are its values (ids: the integers as
//! written, e.g. `-1`), each constraint an allowed-combination table over
//! its scope. `supports` relations keep their tuples (those naming a value
//! outside a domain can never match and are dropped); `conflicts`
//! relations become the complement of their tuples, exactly, when the scope
//! has at most [`MAX_CONFLICT_COMBINATIONS`] combinations.
//!
//! Pure: the caller reads the file (decompressed) and passes its text in.

mod xml;

use crate::model::{
    AttrOption, Attribute, AttributeKind, Catalog, Product, ProductionLine, Table, Text,
    SCHEMA_VERSION,
};
use std::collections::{HashMap, HashSet};
use xml::Element;

/// Largest scope (product of domain sizes) a `conflicts` relation may have.
pub const MAX_CONFLICT_COMBINATIONS: u64 = 1_000_000;
/// Id of the production line of the imported product.
pub const PRODUCTION_LINE_ID: &str = "xcsp";

/// Why a document could not be imported, with the line it concerns.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct XcspError {
    /// 1-based line of the document.
    pub line: usize,
    pub message: String,
}

fn err(el: &Element, message: impl Into<String>) -> XcspError {
    XcspError {
        line: el.line,
        message: message.into(),
    }
}

/// Imports a document as a catalog whose one product has the id
/// `product_id` (its name: the instance's `name`, else the id).
pub fn import(text: &str, product_id: &str) -> Result<Catalog, XcspError> {
    let root = xml::parse(text)?;
    if root.name != "instance" {
        return Err(err(&root, "the root element is not <instance>"));
    }
    let section = |name: &str| {
        root.child(name)
            .ok_or_else(|| err(&root, format!("no <{name}> section")))
    };
    let mut domains: HashMap<&str, Vec<i64>> = HashMap::new();
    for d in section("domains")?.children_named("domain") {
        let name = d
            .attr("name")
            .ok_or_else(|| err(d, "domain without name"))?;
        let values = parse_domain(d)?;
        if domains.insert(name, values).is_some() {
            return Err(err(d, format!("two domains are named {name}")));
        }
    }
    let mut variables: Vec<(String, &[i64])> = Vec::new();
    let mut var_index: HashMap<String, usize> = HashMap::new();
    for v in section("variables")?.children_named("variable") {
        let name = v
            .attr("name")
            .ok_or_else(|| err(v, "variable without name"))?;
        check_id(v, name)?;
        let dom = v
            .attr("domain")
            .ok_or_else(|| err(v, format!("variable {name} has no domain")))?;
        let values = domains
            .get(dom)
            .ok_or_else(|| err(v, format!("unknown domain {dom}")))?;
        if var_index.insert(name.to_owned(), variables.len()).is_some() {
            return Err(err(v, format!("two variables are named {name}")));
        }
        variables.push((name.to_owned(), values));
    }
    if variables.is_empty() {
        return Err(err(&root, "the document declares no variable"));
    }
    let relations: HashMap<&str, &Element> = match root.child("relations") {
        Some(r) => r
            .children_named("relation")
            .filter_map(|e| e.attr("name").map(|n| (n, e)))
            .collect(),
        None => HashMap::new(),
    };
    let mut tables = Vec::new();
    let mut table_ids: HashSet<String> = HashSet::new();
    if let Some(cs) = root.child("constraints") {
        for c in cs.children_named("constraint") {
            let id = c
                .attr("name")
                .map(str::to_owned)
                .unwrap_or_else(|| format!("c{}", tables.len()));
            check_id(c, &id)?;
            if !table_ids.insert(id.clone()) {
                return Err(err(c, format!("two constraints are named {id}")));
            }
            let scope: Vec<usize> = c
                .attr("scope")
                .unwrap_or("")
                .split_whitespace()
                .map(|n| {
                    var_index
                        .get(n)
                        .copied()
                        .ok_or_else(|| err(c, format!("unknown variable {n}")))
                })
                .collect::<Result<_, _>>()?;
            if scope.iter().collect::<HashSet<_>>().len() != scope.len() {
                return Err(err(c, "a variable appears twice in the scope"));
            }
            let reference = c
                .attr("reference")
                .ok_or_else(|| err(c, format!("constraint {id} has no reference")))?;
            let rel = relations.get(reference).ok_or_else(|| {
                err(
                    c,
                    format!("unknown relation {reference} (only extensional relations are read)"),
                )
            })?;
            let doms: Vec<&[i64]> = scope.iter().map(|&v| variables[v].1).collect();
            let rows = relation_rows(rel, &doms)?;
            tables.push(Table {
                id,
                attributes: scope.iter().map(|&v| variables[v].0.clone()).collect(),
                rows,
                message: Text {
                    de: "Diese Kombination ist nicht zulässig.".to_owned(),
                    en: "This combination is not allowed.".to_owned(),
                },
            });
        }
    }
    let name = root
        .child("presentation")
        .and_then(|p| p.attr("name"))
        .unwrap_or(product_id);
    Ok(catalog(product_id, name, &variables, tables))
}

fn check_id(el: &Element, id: &str) -> Result<(), XcspError> {
    match crate::validate::id_problem(id) {
        Some(problem) => Err(err(el, problem)),
        None => Ok(()),
    }
}

/// Values of a domain: integers and ranges `a..b`, distinct.
fn parse_domain(d: &Element) -> Result<Vec<i64>, XcspError> {
    let mut values = Vec::new();
    for token in d.text.split_whitespace() {
        let bad = || err(d, format!("bad value '{token}'"));
        match token.split_once("..") {
            Some((a, b)) => {
                let (a, b): (i64, i64) =
                    (a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?);
                if b < a || b - a > 100_000 {
                    return Err(bad());
                }
                values.extend(a..=b);
            }
            None => values.push(token.parse().map_err(|_| bad())?),
        }
    }
    let distinct: HashSet<i64> = values.iter().copied().collect();
    if distinct.len() != values.len() {
        return Err(err(d, "a value appears twice"));
    }
    if let Some(n) = d.attr("nbValues") {
        if n.trim().parse::<usize>().ok() != Some(values.len()) {
            return Err(err(
                d,
                format!("nbValues is {n} but {} are listed", values.len()),
            ));
        }
    }
    Ok(values)
}

/// The allowed rows of a relation over a scope with these domains.
fn relation_rows(rel: &Element, doms: &[&[i64]]) -> Result<Vec<Vec<String>>, XcspError> {
    let arity = doms.len();
    if rel.attr("arity").and_then(|a| a.trim().parse().ok()) != Some(arity) {
        return Err(err(rel, format!("the relation's arity is not {arity}")));
    }
    let mut tuples: Vec<Vec<i64>> = Vec::new();
    for t in rel.text.split('|') {
        if t.trim().is_empty() {
            continue;
        }
        let tuple: Vec<i64> = t
            .split_whitespace()
            .map(|x| x.parse().map_err(|_| err(rel, format!("bad value '{x}'"))))
            .collect::<Result<_, _>>()?;
        if tuple.len() != arity {
            return Err(err(
                rel,
                format!("a tuple has {} values, not {arity}", tuple.len()),
            ));
        }
        tuples.push(tuple);
    }
    if let Some(n) = rel.attr("nbTuples") {
        if n.trim().parse::<usize>().ok() != Some(tuples.len()) {
            return Err(err(
                rel,
                format!("nbTuples is {n} but {} are listed", tuples.len()),
            ));
        }
    }
    let in_domains = |t: &Vec<i64>| t.iter().zip(doms).all(|(x, d)| d.contains(x));
    let row = |t: &[i64]| t.iter().map(i64::to_string).collect::<Vec<String>>();
    match rel.attr("semantics") {
        Some("supports") => {
            let mut seen = HashSet::new();
            Ok(tuples
                .iter()
                .filter(|t| in_domains(t) && seen.insert(*t))
                .map(|t| row(t))
                .collect())
        }
        Some("conflicts") => {
            let combinations = doms
                .iter()
                .try_fold(1u64, |acc, d| acc.checked_mul(d.len() as u64));
            if combinations.is_none_or(|c| c > MAX_CONFLICT_COMBINATIONS) {
                return Err(err(
                    rel,
                    format!(
                        "a conflicts relation over more than {MAX_CONFLICT_COMBINATIONS} combinations"
                    ),
                ));
            }
            let forbidden: HashSet<&[i64]> = tuples.iter().map(Vec::as_slice).collect();
            let mut rows = Vec::new();
            let mut idx = vec![0usize; arity];
            let mut current = Vec::with_capacity(arity);
            if doms.iter().any(|d| d.is_empty()) {
                return Ok(rows);
            }
            loop {
                current.clear();
                current.extend(idx.iter().zip(doms).map(|(&i, d)| d[i]));
                if !forbidden.contains(current.as_slice()) {
                    rows.push(row(&current));
                }
                let mut k = arity;
                loop {
                    if k == 0 {
                        return Ok(rows);
                    }
                    k -= 1;
                    idx[k] += 1;
                    if idx[k] < doms[k].len() {
                        break;
                    }
                    idx[k] = 0;
                }
            }
        }
        other => Err(err(
            rel,
            format!("unsupported semantics {other:?} (supports or conflicts)"),
        )),
    }
}

fn text(s: &str) -> Text {
    Text {
        de: s.to_owned(),
        en: s.to_owned(),
    }
}

fn catalog(id: &str, name: &str, variables: &[(String, &[i64])], tables: Vec<Table>) -> Catalog {
    let attributes = variables
        .iter()
        .map(|(var, values)| Attribute {
            id: var.clone(),
            label: text(var),
            help: Text::default(),
            group: None,
            drawing: None,
            kind: AttributeKind::Choice {
                required: true,
                options: values
                    .iter()
                    .map(|v| AttrOption::plain(v.to_string(), text(&v.to_string())))
                    .collect(),
            },
        })
        .collect();
    Catalog {
        schema: SCHEMA_VERSION,
        currency: "EUR".to_owned(),
        vat_rate_bp: 1900,
        production_lines: vec![ProductionLine {
            id: PRODUCTION_LINE_ID.to_owned(),
            name: text("XCSP"),
        }],
        components: Vec::new(),
        products: vec![Product {
            id: id.to_owned(),
            name: text(name),
            description: text("Imported from an XCSP 2.1 document."),
            image: None,
            drawing: None,
            base_price: 0,
            production_line: PRODUCTION_LINE_ID.to_owned(),
            base_days: 10,
            shipping_days: 2,
            groups: Vec::new(),
            attributes,
            rules: Vec::new(),
            tables,
            price_rules: Vec::new(),
            quantity_tiers: Vec::new(),
        }],
    }
}

#[cfg(test)]
mod tests;

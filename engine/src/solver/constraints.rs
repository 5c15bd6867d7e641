//! The constraints of a product (rules, visibility, required-ness, multi
//! cardinality, tables) and their compilation into diagrams.

use super::mdd::{Builder, Cell, Overflow, FALSE};
use super::semantics::{compare, expr_attributes};
use super::types::{CompileProblem, ConstraintRef};
use super::vars::{VarKind, VarMap};
use crate::model::{AttributeKind, Milli, Product};
use crate::rules::ast::{Cond, Statement};

/// Largest number of value combinations a comparison is enumerated over.
pub const MAX_COMPARE_COMBINATIONS: u64 = 2_000_000;

/// What a constraint says.
#[derive(Clone, Debug)]
pub(crate) enum Body {
    /// Requires, excludes or always: the rule at this index.
    Rule(usize),
    /// A visible-if rule at this index: while its condition fails the
    /// attribute has no value.
    Hidden(usize),
    /// The attribute (index) has a value while visible.
    Required(usize),
    /// The multi-choice attribute (index) has between min and max options
    /// while visible.
    Cardinality(usize),
    /// The table at this index.
    Table(usize),
}

/// One constraint and the variables it mentions.
#[derive(Clone, Debug)]
pub(crate) struct ConstraintDef {
    pub kind: ConstraintRef,
    pub body: Body,
    /// Variables mentioned, increasing.
    pub scope: Vec<u32>,
}

/// The product, its parsed rules and variables, and the level order.
pub(crate) struct Ctx<'a> {
    pub product: &'a Product,
    pub statements: &'a [Statement],
    pub vars: &'a VarMap,
    /// Level of each variable.
    pub level_of: Vec<u32>,
    pub budget: usize,
}

fn too_large(budget: usize) -> impl Fn(Overflow) -> CompileProblem {
    move |_| CompileProblem::TooLarge { nodes: budget }
}

impl Ctx<'_> {
    fn attr(&self, id: &str) -> Option<usize> {
        self.product.attributes.iter().position(|a| a.id == id)
    }

    fn bad(path: &str, name: &str) -> CompileProblem {
        CompileProblem::BadReference {
            path: path.to_owned(),
            name: name.to_owned(),
        }
    }

    /// The variables a condition mentions, checking its references.
    pub(crate) fn cond_scope(
        &self,
        cond: &Cond,
        path: &str,
        out: &mut Vec<u32>,
    ) -> Result<(), CompileProblem> {
        match cond {
            Cond::True => {}
            Cond::And(cs) | Cond::Or(cs) => {
                for c in cs {
                    self.cond_scope(c, path, out)?;
                }
            }
            Cond::Not(c) => self.cond_scope(c, path, out)?,
            Cond::In { attribute, options } => {
                let a = self
                    .attr(attribute)
                    .ok_or_else(|| Self::bad(path, attribute))?;
                let AttributeKind::Choice { options: opts, .. } = &self.product.attributes[a].kind
                else {
                    return Err(Self::bad(path, attribute));
                };
                if let Some(o) = options.iter().find(|o| !opts.iter().any(|x| &x.id == *o)) {
                    return Err(Self::bad(path, &format!("{attribute}.{o}")));
                }
                out.extend(&self.vars.by_attribute[a]);
            }
            Cond::Has { attribute, option } => {
                let a = self
                    .attr(attribute)
                    .ok_or_else(|| Self::bad(path, attribute))?;
                let AttributeKind::Multi { options, .. } = &self.product.attributes[a].kind else {
                    return Err(Self::bad(path, attribute));
                };
                let o = options
                    .iter()
                    .position(|x| &x.id == option)
                    .ok_or_else(|| Self::bad(path, &format!("{attribute}.{option}")))?;
                out.push(self.vars.by_attribute[a][o]);
            }
            Cond::IsSet { attribute } => {
                let a = self
                    .attr(attribute)
                    .ok_or_else(|| Self::bad(path, attribute))?;
                out.extend(&self.vars.by_attribute[a]);
            }
            Cond::Compare { left, right, .. } => {
                let mut names = Vec::new();
                expr_attributes(left, &mut names);
                expr_attributes(right, &mut names);
                for name in names {
                    let a = self.attr(name).ok_or_else(|| Self::bad(path, name))?;
                    if !matches!(self.product.attributes[a].kind, AttributeKind::Number(_)) {
                        return Err(Self::bad(path, name));
                    }
                    out.extend(&self.vars.by_attribute[a]);
                }
            }
        }
        Ok(())
    }

    /// The visibility conditions of an attribute (rule indices).
    pub(crate) fn visibility_rules(&self, attribute: usize) -> Vec<usize> {
        let id = &self.product.attributes[attribute].id;
        self.statements
            .iter()
            .enumerate()
            .filter(|(_, s)| matches!(s, Statement::VisibleIf { attribute, .. } if attribute == id))
            .map(|(i, _)| i)
            .collect()
    }

    /// Every constraint of the product with its scope.
    pub(crate) fn collect(&self) -> Result<Vec<ConstraintDef>, Vec<CompileProblem>> {
        let mut defs = Vec::new();
        let mut problems = Vec::new();
        let mut push = |kind, body, scope: Result<Vec<u32>, CompileProblem>| match scope {
            Ok(mut scope) => {
                scope.sort_unstable();
                scope.dedup();
                defs.push(ConstraintDef { kind, body, scope });
            }
            Err(p) => problems.push(p),
        };
        for (i, s) in self.statements.iter().enumerate() {
            let path = format!("rules[{i}]");
            let mut scope = Vec::new();
            let r = match s {
                Statement::Requires(a, b) | Statement::Excludes(a, b) => self
                    .cond_scope(a, &path, &mut scope)
                    .and_then(|_| self.cond_scope(b, &path, &mut scope)),
                Statement::Always(c) => self.cond_scope(c, &path, &mut scope),
                Statement::VisibleIf { attribute, cond } => match self.attr(attribute) {
                    Some(a) => {
                        scope.extend(&self.vars.by_attribute[a]);
                        self.cond_scope(cond, &path, &mut scope)
                    }
                    None => Err(Self::bad(&path, attribute)),
                },
                Statement::Default {
                    attribute, cond, ..
                } => {
                    let r = match cond {
                        Some(c) => self.cond_scope(c, &path, &mut scope),
                        None => Ok(()),
                    };
                    let r = r.and(
                        self.attr(attribute)
                            .map(|_| ())
                            .ok_or_else(|| Self::bad(&path, attribute)),
                    );
                    if let Err(p) = r {
                        push(ConstraintRef::Rule { index: i }, Body::Rule(i), Err(p));
                    }
                    continue;
                }
            };
            let body = if matches!(s, Statement::VisibleIf { .. }) {
                Body::Hidden(i)
            } else {
                Body::Rule(i)
            };
            push(ConstraintRef::Rule { index: i }, body, r.map(|_| scope));
        }
        for (a, attr) in self.product.attributes.iter().enumerate() {
            let vis = self.visibility_rules(a);
            let mut scope: Vec<u32> = self.vars.by_attribute[a].clone();
            let vis_scope = vis.iter().try_for_each(|&i| match &self.statements[i] {
                Statement::VisibleIf { cond, .. } => self.cond_scope(cond, "", &mut scope),
                _ => Ok(()),
            });
            if vis_scope.is_err() {
                continue; // reported with the rule itself
            }
            let kind = |a: &str| ConstraintRef::Required {
                attribute: a.to_owned(),
            };
            match &attr.kind {
                AttributeKind::Choice { required: true, .. } if !vis.is_empty() => {
                    push(kind(&attr.id), Body::Required(a), Ok(scope))
                }
                AttributeKind::Number(spec) if spec.required && !vis.is_empty() => {
                    push(kind(&attr.id), Body::Required(a), Ok(scope))
                }
                AttributeKind::Text(spec) if spec.required => {
                    push(kind(&attr.id), Body::Required(a), Ok(scope))
                }
                AttributeKind::Multi { min, max, options } => {
                    let n = options.len() as u32;
                    if *min > 0 || max.is_some_and(|m| m < n) {
                        push(
                            ConstraintRef::Cardinality {
                                attribute: attr.id.clone(),
                            },
                            Body::Cardinality(a),
                            Ok(scope),
                        );
                    }
                }
                _ => {}
            }
        }
        for (t, table) in self.product.tables.iter().enumerate() {
            let path = format!("tables[{}]", table.id);
            let scope: Result<Vec<u32>, CompileProblem> = table
                .attributes
                .iter()
                .map(|id| {
                    let a = self.attr(id).ok_or_else(|| Self::bad(&path, id))?;
                    match self.product.attributes[a].kind {
                        AttributeKind::Choice { .. } | AttributeKind::Number(_) => {
                            Ok(self.vars.by_attribute[a][0])
                        }
                        _ => Err(Self::bad(&path, id)),
                    }
                })
                .collect();
            let scope = scope.and_then(|s| {
                let mut d = s.clone();
                d.sort_unstable();
                d.dedup();
                if d.len() == s.len() {
                    Ok(s)
                } else {
                    Err(Self::bad(&path, "duplicate attribute"))
                }
            });
            push(
                ConstraintRef::Table {
                    id: table.id.clone(),
                },
                Body::Table(t),
                scope,
            );
        }
        if problems.is_empty() {
            Ok(defs)
        } else {
            Err(problems)
        }
    }

    fn level(&self, var: u32) -> usize {
        self.level_of[var as usize] as usize
    }

    /// The function "variable takes one of these values".
    fn unary(
        &self,
        b: &mut Builder,
        var: u32,
        values: impl IntoIterator<Item = u32>,
    ) -> Result<u32, Overflow> {
        let rows: Vec<Vec<Cell>> = values.into_iter().map(|v| vec![Cell::Val(v)]).collect();
        b.rows(&[self.level(var)], &rows)
    }

    /// The function "the attribute has no value".
    fn unset(&self, b: &mut Builder, attribute: usize) -> Result<u32, Overflow> {
        let mut acc = b.tautology(0);
        for &v in &self.vars.by_attribute[attribute] {
            let u = match self.vars.vars[v as usize].none_value() {
                Some(none) => self.unary(b, v, [none])?,
                None => FALSE,
            };
            acc = b.and(acc, u)?;
        }
        Ok(acc)
    }

    /// The conjunction of an attribute's visibility conditions.
    fn visible(&self, b: &mut Builder, attribute: usize) -> Result<u32, CompileProblem> {
        let mut acc = b.tautology(0);
        for i in self.visibility_rules(attribute) {
            if let Statement::VisibleIf { cond, .. } = &self.statements[i] {
                let c = self.cond(b, cond, i)?;
                acc = b.and(acc, c).map_err(too_large(self.budget))?;
            }
        }
        Ok(acc)
    }

    /// Compiles a condition (rooted on level 0).
    pub(crate) fn cond(
        &self,
        b: &mut Builder,
        cond: &Cond,
        rule: usize,
    ) -> Result<u32, CompileProblem> {
        let big = too_large(self.budget);
        let path = format!("rules[{rule}]");
        match cond {
            Cond::True => Ok(b.tautology(0)),
            Cond::And(cs) => {
                let mut acc = b.tautology(0);
                for c in cs {
                    let x = self.cond(b, c, rule)?;
                    acc = b.and(acc, x).map_err(&big)?;
                }
                Ok(acc)
            }
            Cond::Or(cs) => {
                let mut acc = FALSE;
                for c in cs {
                    let x = self.cond(b, c, rule)?;
                    acc = b.or(acc, x).map_err(&big)?;
                }
                Ok(acc)
            }
            Cond::Not(c) => {
                let x = self.cond(b, c, rule)?;
                b.not(x, 0).map_err(big)
            }
            Cond::In { attribute, options } => {
                let a = self
                    .attr(attribute)
                    .ok_or_else(|| Self::bad(&path, attribute))?;
                let opts = self.product.attributes[a].kind.options();
                let values = opts
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| options.contains(&o.id))
                    .map(|(i, _)| i as u32);
                self.unary(b, self.vars.by_attribute[a][0], values)
                    .map_err(big)
            }
            Cond::Has { attribute, option } => {
                let a = self
                    .attr(attribute)
                    .ok_or_else(|| Self::bad(&path, attribute))?;
                let o = self.product.attributes[a]
                    .kind
                    .options()
                    .iter()
                    .position(|x| &x.id == option);
                let o = o.ok_or_else(|| Self::bad(&path, option))?;
                self.unary(b, self.vars.by_attribute[a][o], [1])
                    .map_err(big)
            }
            Cond::IsSet { attribute } => {
                let a = self
                    .attr(attribute)
                    .ok_or_else(|| Self::bad(&path, attribute))?;
                let unset = self.unset(b, a).map_err(&big)?;
                b.not(unset, 0).map_err(big)
            }
            Cond::Compare { left, op, right } => {
                let mut names = Vec::new();
                expr_attributes(left, &mut names);
                expr_attributes(right, &mut names);
                let mut cols: Vec<(u32, &str)> = Vec::new();
                for name in names {
                    let a = self.attr(name).ok_or_else(|| Self::bad(&path, name))?;
                    cols.push((self.vars.by_attribute[a][0], name));
                }
                cols.sort_by_key(|(v, _)| self.level(*v));
                let doms: Vec<u32> = cols
                    .iter()
                    .map(|(v, _)| self.vars.vars[*v as usize].domain())
                    .collect();
                let combinations = doms.iter().map(|&d| u64::from(d)).product::<u64>();
                if combinations > MAX_COMPARE_COMBINATIONS {
                    return Err(CompileProblem::CompareTooLarge { rule, combinations });
                }
                let mut rows = Vec::new();
                let mut idx = vec![0u32; cols.len()];
                'outer: loop {
                    let get = |name: &str| -> Option<Milli> {
                        let k = cols.iter().position(|(_, n)| *n == name)?;
                        self.vars.vars[cols[k].0 as usize].number(idx[k])
                    };
                    if compare(left, *op, right, &get) {
                        rows.push(idx.iter().map(|&x| Cell::Val(x)).collect());
                    }
                    for k in (0..idx.len()).rev() {
                        idx[k] += 1;
                        if idx[k] < doms[k] {
                            continue 'outer;
                        }
                        idx[k] = 0;
                    }
                    break;
                }
                let scope: Vec<usize> = cols.iter().map(|(v, _)| self.level(*v)).collect();
                b.rows(&scope, &rows).map_err(big)
            }
        }
    }

    /// Compiles one constraint (rooted on level 0).
    pub(crate) fn build(
        &self,
        b: &mut Builder,
        def: &ConstraintDef,
    ) -> Result<u32, CompileProblem> {
        let big = too_large(self.budget);
        match def.body {
            Body::Rule(i) => match &self.statements[i] {
                Statement::Requires(x, y) => {
                    let (x, y) = (self.cond(b, x, i)?, self.cond(b, y, i)?);
                    b.implies(x, y).map_err(big)
                }
                Statement::Excludes(x, y) => {
                    let (x, y) = (self.cond(b, x, i)?, self.cond(b, y, i)?);
                    let both = b.and(x, y).map_err(&big)?;
                    b.not(both, 0).map_err(big)
                }
                Statement::Always(c) => self.cond(b, c, i),
                _ => Ok(b.tautology(0)),
            },
            Body::Hidden(i) => {
                let Statement::VisibleIf { attribute, cond } = &self.statements[i] else {
                    return Ok(b.tautology(0));
                };
                let a = self
                    .attr(attribute)
                    .ok_or_else(|| Self::bad(&format!("rules[{i}]"), attribute))?;
                let c = self.cond(b, cond, i)?;
                let unset = self.unset(b, a).map_err(&big)?;
                b.or(c, unset).map_err(big)
            }
            Body::Required(a) => {
                let vis = self.visible(b, a)?;
                let unset = self.unset(b, a).map_err(&big)?;
                let set = b.not(unset, 0).map_err(&big)?;
                b.implies(vis, set).map_err(big)
            }
            Body::Cardinality(a) => {
                let AttributeKind::Multi { min, max, options } = &self.product.attributes[a].kind
                else {
                    return Ok(b.tautology(0));
                };
                let vis = self.visible(b, a)?;
                let mut levels: Vec<usize> = self.vars.by_attribute[a]
                    .iter()
                    .map(|&v| self.level(v))
                    .collect();
                levels.sort_unstable();
                let count = b
                    .count_between(&levels, *min, max.unwrap_or(options.len() as u32))
                    .map_err(&big)?;
                b.implies(vis, count).map_err(big)
            }
            Body::Table(t) => self.table(b, t),
        }
    }

    fn table(&self, b: &mut Builder, t: usize) -> Result<u32, CompileProblem> {
        let table = &self.product.tables[t];
        let bad_row = |row: usize| CompileProblem::BadRow {
            table: table.id.clone(),
            row,
        };
        let mut cols: Vec<(usize, u32)> = Vec::new(); // (column, var)
        for (k, id) in table.attributes.iter().enumerate() {
            let a = self
                .attr(id)
                .ok_or_else(|| Self::bad(&format!("tables[{}]", table.id), id))?;
            cols.push((k, self.vars.by_attribute[a][0]));
        }
        cols.sort_by_key(|(_, v)| self.level(*v));
        // Option index by id, per column (tables can have many rows).
        let option_index: Vec<std::collections::HashMap<&str, u32>> = cols
            .iter()
            .map(|&(_, v)| {
                let attr = &self.product.attributes[self.vars.vars[v as usize].attribute as usize];
                let mut index = std::collections::HashMap::new();
                for (i, o) in attr.kind.options().iter().enumerate() {
                    index.entry(o.id.as_str()).or_insert(i as u32); // the first, as before
                }
                index
            })
            .collect();
        let mut rows = Vec::with_capacity(table.rows.len());
        'rows: for (r, row) in table.rows.iter().enumerate() {
            if row.len() != cols.len() {
                return Err(bad_row(r));
            }
            let mut cells = Vec::with_capacity(cols.len());
            for (c, &(k, v)) in cols.iter().enumerate() {
                let var = &self.vars.vars[v as usize];
                let cell = row[k].trim();
                let value = match (cell, &var.kind) {
                    ("*", _) => Cell::Any,
                    ("-", _) => match var.none_value() {
                        Some(none) => Cell::Val(none),
                        None => continue 'rows, // can never match
                    },
                    (id, VarKind::Choice { .. }) => {
                        let o = option_index[c].get(id).ok_or_else(|| bad_row(r))?;
                        Cell::Val(*o)
                    }
                    (
                        text,
                        VarKind::Number {
                            min, step, count, ..
                        },
                    ) => {
                        let m = Milli::parse(text).map_err(|_| bad_row(r))?;
                        let off =
                            m.0.checked_sub(min.0)
                                .filter(|d| *d >= 0 && d % step.0 == 0);
                        match off.map(|d| d / step.0) {
                            Some(i) if i < i64::from(*count) => Cell::Val(i as u32),
                            _ => continue 'rows, // off the grid: never matches
                        }
                    }
                    _ => return Err(bad_row(r)),
                };
                cells.push(value);
            }
            rows.push(cells);
        }
        let scope: Vec<usize> = cols.iter().map(|(_, v)| self.level(*v)).collect();
        b.rows(&scope, &rows).map_err(too_large(self.budget))
    }
}

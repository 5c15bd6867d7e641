//! Evaluating a selection: possible values, forced values, the effective
//! selection (defaults and "no value" picks) and completeness.

use super::types::{AttributeState, Evaluation, Fixes, PossibleValues, SolveError, FREE};
use super::vars::VarKind;
use super::CompiledProduct;
use crate::model::{AttributeKind, Milli};
use crate::rules::ast::{Literal, Statement};
use crate::rules::{holds, literal_option};
use crate::selection::{Selection, Value};
use std::collections::BTreeSet;

impl CompiledProduct {
    /// The index of an attribute id.
    pub fn attribute_index(&self, id: &str) -> Option<usize> {
        self.index
            .binary_search_by(|(k, _)| k.as_str().cmp(id))
            .ok()
            .map(|i| self.index[i].1 as usize)
    }

    /// The fixed value of each variable ([`FREE`] when free).
    pub(crate) fn fixes(&self, sel: &Selection) -> Result<Fixes, SolveError> {
        let mut fix = vec![FREE; self.vars.vars.len()];
        for (id, value) in &sel.0 {
            let a = self
                .attribute_index(id)
                .ok_or_else(|| SolveError::UnknownAttribute {
                    attribute: id.clone(),
                })?;
            for (var, v) in self.vars.fix(&self.product, a, value)? {
                fix[var as usize] = v;
            }
        }
        Ok(fix)
    }

    /// Offset of each variable's values in a flat per-value array, and the
    /// array's length.
    pub(crate) fn value_offsets(&self) -> (Vec<usize>, usize) {
        let mut off = Vec::with_capacity(self.vars.vars.len());
        let mut total = 0;
        for v in &self.vars.vars {
            off.push(total);
            total += v.domain() as usize;
        }
        (off, total)
    }

    /// Whether the fixed values extend to a valid configuration, and the
    /// possible values (per [`Self::value_offsets`]).
    pub(crate) fn possible_bits(
        &self,
        fix: &[u32],
        offsets: &[usize],
        len: usize,
    ) -> (bool, Vec<bool>) {
        let mut bits = vec![false; len];
        if self.diagram.vars.is_empty() {
            return (self.diagram.satisfiable, bits);
        }
        let alive = self.diagram.alive(fix);
        self.diagram.mark_possible(fix, &alive, offsets, &mut bits);
        (alive[0], bits)
    }

    /// Everything the configurator shows after the customer's choices.
    pub fn evaluate(&self, sel: &Selection) -> Result<Evaluation, SolveError> {
        let fix = self.fixes(sel)?;
        let (offsets, len) = self.value_offsets();
        let (consistent, bits) = self.possible_bits(&fix, &offsets, len);
        let (repair, used, fix, bits) = if consistent {
            (None, sel.clone(), fix, bits)
        } else {
            let repair = self.repair_fixed(sel, &fix);
            let used = repair.selection.clone().unwrap_or_default();
            let fix = self.fixes(&used)?;
            let (_, bits) = self.possible_bits(&fix, &offsets, len);
            (Some(repair), used, fix, bits)
        };
        let (effective, complete) = self.effective(&used, fix, bits.clone(), &offsets, len);
        let attributes = (0..self.product.attributes.len())
            .map(|a| self.attribute_state(a, &bits, &offsets, &effective))
            .collect();
        Ok(Evaluation {
            consistent,
            repair,
            attributes,
            effective,
            complete,
        })
    }

    fn attribute_state(
        &self,
        a: usize,
        bits: &[bool],
        offsets: &[usize],
        effective: &Selection,
    ) -> AttributeState {
        let attr = &self.product.attributes[a];
        let vars = &self.vars.by_attribute[a];
        let slice = |var: u32| {
            let v = &self.vars.vars[var as usize];
            &bits[offsets[var as usize]..offsets[var as usize] + v.domain() as usize]
        };
        let single = |s: &[bool]| {
            let mut it = s.iter().enumerate().filter(|(_, b)| **b);
            match (it.next(), it.next()) {
                (Some((i, _)), None) => Some(i as u32),
                _ => None,
            }
        };
        let (possible, forced) = match (&attr.kind, vars.first()) {
            (AttributeKind::Choice { options, .. }, Some(&var)) => {
                let s = slice(var);
                let n = options.len();
                let forced = single(s)
                    .filter(|&i| (i as usize) < n)
                    .map(|i| Value::Choice(options[i as usize].id.clone()));
                (
                    PossibleValues::Choice {
                        options: s[..n].to_vec(),
                        none: s.get(n).copied().unwrap_or(false),
                    },
                    forced,
                )
            }
            (AttributeKind::Multi { options, .. }, _) => {
                let include: Vec<bool> = vars.iter().map(|&v| slice(v)[1]).collect();
                let exclude: Vec<bool> = vars.iter().map(|&v| slice(v)[0]).collect();
                let decided = include.iter().zip(&exclude).all(|(i, e)| i != e);
                let set: BTreeSet<String> = options
                    .iter()
                    .zip(&include)
                    .filter(|(_, i)| **i)
                    .map(|(o, _)| o.id.clone())
                    .collect();
                let forced = (decided && !set.is_empty()).then_some(Value::Multi(set));
                (PossibleValues::Multi { include, exclude }, forced)
            }
            (AttributeKind::Text(_), Some(&var)) => {
                let s = slice(var);
                (
                    PossibleValues::Text {
                        set: s[1],
                        empty: s[0],
                    },
                    None,
                )
            }
            (AttributeKind::Number(_), Some(&var)) => {
                let v = &self.vars.vars[var as usize];
                let s = slice(var);
                let VarKind::Number { count, none, .. } = v.kind else {
                    return self.empty_state(a);
                };
                let mut ranges: Vec<(Milli, Milli)> = Vec::new();
                let mut i = 0;
                while i < count {
                    if s[i as usize] {
                        let start = i;
                        while i + 1 < count && s[i as usize + 1] {
                            i += 1;
                        }
                        ranges.push((
                            v.number(start).unwrap_or_default_milli(),
                            v.number(i).unwrap_or_default_milli(),
                        ));
                    }
                    i += 1;
                }
                let forced = single(s)
                    .filter(|&i| i < count)
                    .and_then(|i| v.number(i))
                    .map(Value::Number);
                (
                    PossibleValues::Number {
                        ranges,
                        none: none && s[count as usize],
                    },
                    forced,
                )
            }
            _ => return self.empty_state(a),
        };
        AttributeState {
            id: attr.id.clone(),
            possible,
            forced,
            visible: self.visible(a, effective),
        }
    }

    fn empty_state(&self, a: usize) -> AttributeState {
        let attr = &self.product.attributes[a];
        AttributeState {
            id: attr.id.clone(),
            possible: PossibleValues::Choice {
                options: vec![],
                none: false,
            },
            forced: None,
            visible: true,
        }
    }

    /// Whether an attribute's visibility conditions hold on a selection.
    pub fn visible(&self, a: usize, sel: &Selection) -> bool {
        let id = &self.product.attributes[a].id;
        self.rules.iter().all(|s| match s {
            Statement::VisibleIf { attribute, cond } if attribute == id => {
                holds(cond, &self.product, sel)
            }
            _ => true,
        })
    }

    /// Fixes every free variable that has a single possible value.
    fn absorb_forced(&self, fix: &mut [u32], bits: &[bool], offsets: &[usize]) {
        for (var, v) in self.vars.vars.iter().enumerate() {
            if fix[var] != FREE {
                continue;
            }
            let s = &bits[offsets[var]..offsets[var] + v.domain() as usize];
            let mut it = s.iter().enumerate().filter(|(_, b)| **b);
            if let (Some((i, _)), None) = (it.next(), it.next()) {
                fix[var] = i as u32;
            }
        }
    }

    /// The selection that `fix` describes, keeping the texts of `base`.
    fn selection_of(&self, base: &Selection, fix: &[u32]) -> Selection {
        let mut out = Selection::new();
        for (a, attr) in self.product.attributes.iter().enumerate() {
            let vars = &self.vars.by_attribute[a];
            let value = match &attr.kind {
                AttributeKind::Choice { options, .. } => vars
                    .first()
                    .and_then(|&v| options.get(fix[v as usize] as usize))
                    .map(|o| Value::Choice(o.id.clone())),
                AttributeKind::Multi { options, .. } => {
                    let set: BTreeSet<String> = options
                        .iter()
                        .zip(vars)
                        .filter(|(_, &v)| fix[v as usize] == 1)
                        .map(|(o, _)| o.id.clone())
                        .collect();
                    (!set.is_empty()).then_some(Value::Multi(set))
                }
                AttributeKind::Text(_) => base
                    .get(&attr.id)
                    .filter(|_| vars.first().is_some_and(|&v| fix[v as usize] == 1))
                    .cloned(),
                AttributeKind::Number(_) => vars
                    .first()
                    .and_then(|&v| self.vars.vars[v as usize].number(fix[v as usize]))
                    .map(Value::Number),
            };
            if let Some(value) = value {
                out.set(attr.id.clone(), value);
            }
        }
        out
    }

    /// The value a default statement proposes for a variable, if one holds.
    fn default_value(
        &self,
        a: usize,
        var: u32,
        sel: &Selection,
        possible: &dyn Fn(u32) -> bool,
    ) -> Option<u32> {
        let attr = &self.product.attributes[a];
        self.rules.iter().find_map(|s| {
            let Statement::Default {
                attribute,
                value,
                cond,
            } = s
            else {
                return None;
            };
            if attribute != &attr.id || !cond.as_ref().is_none_or(|c| holds(c, &self.product, sel))
            {
                return None;
            }
            let v = &self.vars.vars[var as usize];
            match (&v.kind, value) {
                (VarKind::Choice { .. }, literal) => {
                    let options = attr.kind.options();
                    let o = literal_option(options, literal)?;
                    options.iter().position(|x| x.id == o.id).map(|i| i as u32)
                }
                (VarKind::MultiOption { option }, Literal::Id(id)) => (attr
                    .kind
                    .options()
                    .get(*option as usize)
                    .is_some_and(|o| &o.id == id))
                .then_some(1),
                (VarKind::Number { .. }, Literal::Number(m)) => self
                    .vars
                    .fix(&self.product, a, &Value::Number(*m))
                    .ok()
                    .and_then(|f| f.first().map(|p| p.1)),
                _ => None,
            }
            .filter(|&x| possible(x))
        })
    }

    /// The effective selection and whether it is complete.
    fn effective(
        &self,
        used: &Selection,
        mut fix: Vec<u32>,
        mut bits: Vec<bool>,
        offsets: &[usize],
        len: usize,
    ) -> (Selection, bool) {
        self.absorb_forced(&mut fix, &bits, offsets);
        let mut eff = self.selection_of(used, &fix);
        for a in 0..self.product.attributes.len() {
            for &var in &self.vars.by_attribute[a] {
                if fix[var as usize] != FREE {
                    continue;
                }
                let possible = |x: u32| bits[offsets[var as usize] + x as usize];
                let pick = self.default_value(a, var, &eff, &possible).or_else(|| {
                    self.vars.vars[var as usize]
                        .none_value()
                        .filter(|&x| possible(x))
                });
                if let Some(x) = pick {
                    fix[var as usize] = x;
                    bits = self.possible_bits(&fix, offsets, len).1;
                    self.absorb_forced(&mut fix, &bits, offsets);
                    eff = self.selection_of(used, &fix);
                }
            }
        }
        let complete = self.diagram.accepts_some(&fix)
            && self.vars.vars.iter().enumerate().all(|(var, v)| {
                fix[var] != FREE
                    && (!matches!(v.kind, VarKind::Text) || fix[var] == 0 || {
                        let id = &self.product.attributes[v.attribute as usize].id;
                        used.get(id).is_some()
                    })
            });
        (eff, complete)
    }
}

trait OrZero {
    fn unwrap_or_default_milli(self) -> Milli;
}

impl OrZero for Option<Milli> {
    fn unwrap_or_default_milli(self) -> Milli {
        self.unwrap_or(Milli(0))
    }
}

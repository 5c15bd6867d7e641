//! Minimal explanations and repairs: shortest paths over the diagram where
//! leaving a fixed choice costs 1, and the constraints behind a conflict.

use super::flat::INF;
use super::types::ConstraintRef;
use super::types::{
    value_target, Conflict, Explanation, Fixes, Reason, Repair, RuleRef, SolveError, Target, FREE,
};
use super::vars::VarKind;
use super::CompiledProduct;
use crate::model::{AttributeKind, Text};
use crate::selection::{Selection, Value};

impl CompiledProduct {
    /// The conflict a fixed variable stands for.
    fn conflict(&self, var: u32) -> Conflict {
        let v = &self.vars.vars[var as usize];
        let attr = &self.product.attributes[v.attribute as usize];
        let option = match v.kind {
            VarKind::MultiOption { option } => attr
                .kind
                .options()
                .get(option as usize)
                .map(|o| o.id.clone()),
            _ => None,
        };
        Conflict {
            attribute: attr.id.clone(),
            option,
        }
    }

    /// `sel` without the dropped fixed variables (and with `extra` set).
    fn without(&self, sel: &Selection, dropped: &[u32]) -> Selection {
        let mut out = sel.clone();
        for &var in dropped {
            let c = self.conflict(var);
            match (&c.option, out.0.get_mut(&c.attribute)) {
                (Some(o), Some(Value::Multi(set))) => {
                    set.remove(o);
                    if set.is_empty() {
                        out.unset(&c.attribute);
                    }
                }
                _ => out.unset(&c.attribute),
            }
        }
        out
    }

    /// The values of a full path (one per level) as per-variable values.
    fn by_var(&self, path: &[u32]) -> Vec<u32> {
        let mut out = vec![FREE; self.vars.vars.len()];
        for (level, &value) in path.iter().enumerate() {
            if let Some(&var) = self.diagram.vars.get(level) {
                out[var as usize] = value;
            }
        }
        out
    }

    /// Fixed variables that a full assignment leaves.
    fn deviations(&self, soft: &[u32], values: &[u32]) -> Vec<u32> {
        (0..soft.len())
            .filter(|&v| soft[v] != FREE && values[v] != soft[v])
            .map(|v| v as u32)
            .collect()
    }

    fn rule_ref(&self, kind: &ConstraintRef) -> RuleRef {
        let message = match kind {
            ConstraintRef::Rule { index } => {
                self.product.rules.get(*index).map(|r| r.message.clone())
            }
            ConstraintRef::Table { id } => self
                .product
                .tables
                .iter()
                .find(|t| &t.id == id)
                .map(|t| t.message.clone()),
            ConstraintRef::Cardinality { attribute } => Some(self.cardinality_text(attribute)),
            ConstraintRef::Required { attribute } => {
                let label = self
                    .product
                    .attribute(attribute)
                    .map(|a| a.label.clone())
                    .unwrap_or_default();
                Some(Text {
                    de: format!(
                        "{} muss angegeben werden.",
                        label.get(crate::model::Lang::De)
                    ),
                    en: format!("{} is required.", label.get(crate::model::Lang::En)),
                })
            }
        };
        RuleRef {
            constraint: kind.clone(),
            message: message.unwrap_or_default(),
        }
    }

    fn cardinality_text(&self, attribute: &str) -> Text {
        let Some(attr) = self.product.attribute(attribute) else {
            return Text::default();
        };
        let AttributeKind::Multi { min, max, options } = &attr.kind else {
            return Text::default();
        };
        let max = max.unwrap_or(options.len() as u32);
        let (de_l, en_l) = (
            attr.label.get(crate::model::Lang::De),
            attr.label.get(crate::model::Lang::En),
        );
        Text {
            de: format!("{de_l}: zwischen {min} und {max} Optionen wählen."),
            en: format!("{en_l}: choose between {min} and {max} options."),
        }
    }

    /// The constraints behind a conflict: those that the fixed values `fix`
    /// violate on their own (among those touching `focus`); when none does,
    /// those that `path` (a valid complete assignment that leaves the
    /// `dropped` fixed values) violates once the dropped values are put
    /// back. Minimality of the path makes that set non-empty.
    fn rules_for(&self, fix: &[u32], focus: &[u32], path: &[u32], dropped: &[u32]) -> Vec<RuleRef> {
        let touches = |scope: &[u32]| focus.iter().any(|v| scope.binary_search(v).is_ok());
        let violated: Vec<RuleRef> = self
            .constraints
            .iter()
            .filter(|c| touches(&c.scope) && !c.diagram.accepts_some(fix))
            .map(|c| self.rule_ref(&c.constraint))
            .collect();
        if !violated.is_empty() || path.is_empty() {
            return violated;
        }
        let mut restored = path.to_vec();
        for &d in dropped {
            restored[d as usize] = fix[d as usize];
        }
        self.constraints
            .iter()
            .filter(|c| {
                dropped.iter().any(|d| c.scope.binary_search(d).is_ok())
                    && !c.diagram.accepts_some(&restored)
            })
            .map(|c| self.rule_ref(&c.constraint))
            .collect()
    }

    /// The repair of fixed choices `fix` taken from `sel`.
    pub(crate) fn repair_fixed(&self, sel: &Selection, fix: &Fixes) -> Repair {
        let hard = vec![FREE; fix.len()];
        let (dist, best) = self.diagram.cost_down(fix, &hard);
        let reachable = if self.diagram.vars.is_empty() {
            self.diagram.satisfiable
        } else {
            dist[0] < INF
        };
        if !reachable {
            return Repair {
                dropped: vec![],
                selection: None,
                rules: vec![],
            };
        }
        let values = self.by_var(&self.diagram.path_down(0, &best));
        let dropped = self.deviations(fix, &values);
        let rules = self.rules_for(fix, &dropped, &values, &dropped);
        let selection = Some(self.without(sel, &dropped));
        Repair {
            dropped: dropped.iter().map(|&v| self.conflict(v)).collect(),
            selection,
            rules,
        }
    }

    /// `None` when the fixed choices are consistent; otherwise the fewest
    /// fixed choices to drop, the repaired selection and the rules involved.
    pub fn repair(&self, sel: &Selection) -> Result<Option<Repair>, SolveError> {
        let fix = self.fixes(sel)?;
        if self.diagram.accepts_some(&fix) {
            return Ok(None);
        }
        Ok(Some(self.repair_fixed(sel, &fix)))
    }

    /// The variables and values a target sets on an attribute.
    fn target_fixes(
        &self,
        a: usize,
        target: &Target,
    ) -> Result<Vec<(u32, Option<u32>)>, SolveError> {
        let attr = &self.product.attributes[a];
        let vars = &self.vars.by_attribute[a];
        match target {
            Target::Value { value } => Ok(self
                .vars
                .fix(&self.product, a, value)?
                .into_iter()
                .map(|(v, x)| (v, Some(x)))
                .collect()),
            Target::NoValue => Ok(vars
                .iter()
                .map(|&v| (v, self.vars.vars[v as usize].none_value()))
                .collect()),
            Target::Excluded { option } => {
                let o = attr.kind.options().iter().position(|o| &o.id == option);
                match (o, &attr.kind) {
                    (Some(o), AttributeKind::Multi { .. }) => Ok(vec![(vars[o], Some(0))]),
                    (None, AttributeKind::Multi { .. }) => Err(SolveError::UnknownOption {
                        attribute: attr.id.clone(),
                        option: option.clone(),
                    }),
                    _ => Err(SolveError::WrongKind {
                        attribute: attr.id.clone(),
                    }),
                }
            }
        }
    }

    /// `None` when `value` is possible for `attribute`; otherwise the fewest
    /// fixed choices to give up for it, a consistent proposal and the rules.
    pub fn explain(
        &self,
        sel: &Selection,
        attribute: &str,
        value: &Value,
    ) -> Result<Option<Explanation>, SolveError> {
        self.explain_target(sel, attribute, &value_target(value))
    }

    /// [`Self::explain`] for any [`Target`] ("no value", an excluded option).
    pub fn explain_target(
        &self,
        sel: &Selection,
        attribute: &str,
        target: &Target,
    ) -> Result<Option<Explanation>, SolveError> {
        let a = self
            .attribute_index(attribute)
            .ok_or_else(|| SolveError::UnknownAttribute {
                attribute: attribute.to_owned(),
            })?;
        let mut soft = self.fixes(sel)?;
        let targets = self.target_fixes(a, target)?;
        let mut hard = vec![FREE; soft.len()];
        let mut never = false;
        for &(v, x) in &targets {
            match x {
                Some(x) => hard[v as usize] = x,
                None => never = true,
            }
        }
        let mut with_target = soft.clone();
        for &(v, x) in &targets {
            with_target[v as usize] = x.unwrap_or(FREE);
        }
        if !never && self.diagram.accepts_some(&with_target) {
            return Ok(None);
        }
        // The target's own variables may change freely.
        let focus: Vec<u32> = targets.iter().map(|t| t.0).collect();
        if never {
            return Ok(Some(Explanation {
                conflicts: vec![],
                proposal: None,
                rules: vec![],
            }));
        }
        for &v in &focus {
            soft[v as usize] = FREE;
        }
        let (dist, best) = self.diagram.cost_down(&soft, &hard);
        let reachable = if self.diagram.vars.is_empty() {
            self.diagram.satisfiable
        } else {
            dist[0] < INF
        };
        if !reachable {
            let rules = self.rules_for(&hard, &focus, &[], &[]);
            return Ok(Some(Explanation {
                conflicts: vec![],
                proposal: None,
                rules,
            }));
        }
        let values = self.by_var(&self.diagram.path_down(0, &best));
        let dropped = self.deviations(&soft, &values);
        let mut proposal = self.without(sel, &dropped);
        self.apply_target(&mut proposal, a, target);
        let rules = self.rules_for(&with_target, &focus, &values, &dropped);
        Ok(Some(Explanation {
            conflicts: dropped.iter().map(|&v| self.conflict(v)).collect(),
            proposal: Some(proposal),
            rules,
        }))
    }

    /// Sets a target in a selection.
    fn apply_target(&self, sel: &mut Selection, a: usize, target: &Target) {
        let id = self.product.attributes[a].id.clone();
        match (target, sel.0.get_mut(&id)) {
            (
                Target::Value {
                    value: Value::Multi(add),
                },
                Some(Value::Multi(set)),
            ) => set.extend(add.iter().cloned()),
            (Target::Value { value }, _) => sel.set(id, value.clone()),
            (Target::NoValue, _) => sel.unset(&id),
            (Target::Excluded { option }, Some(Value::Multi(set))) => {
                set.remove(option);
                if set.is_empty() {
                    sel.unset(&id);
                }
            }
            (Target::Excluded { .. }, _) => {}
        }
    }

    /// A short reason for every value the customer cannot pick without
    /// giving up another choice: two shortest-path passes over the diagram
    /// (every value at once), plus one pass over each constraint per
    /// variable with such values to name the rule. Values that can be
    /// picked freely (possible, or another value of a fixed attribute that
    /// fits the other choices) are not listed. An inconsistent selection is
    /// repaired first, as [`Self::evaluate`] does.
    pub fn reasons(&self, sel: &Selection) -> Result<Vec<Reason>, SolveError> {
        let mut soft = self.fixes(sel)?;
        if !self.diagram.accepts_some(&soft) {
            let repaired = self.repair_fixed(sel, &soft).selection.unwrap_or_default();
            soft = self.fixes(&repaired)?;
        }
        let hard = vec![FREE; soft.len()];
        let (offsets, len) = self.value_offsets();
        let (up, up_best) = self.diagram.cost_up(&soft, &hard);
        let (down, down_best) = self.diagram.cost_down(&soft, &hard);
        let mut cost = vec![INF; len];
        let mut edge = vec![u32::MAX; len];
        if !self.diagram.vars.is_empty() {
            self.diagram
                .cheapest_per_value(&up, &down, &offsets, &mut cost, &mut edge);
        } else if self.diagram.satisfiable {
            cost.iter_mut().for_each(|c| *c = 0);
        }
        let mut out = Vec::new();
        for (var, v) in self.vars.vars.iter().enumerate() {
            let blocked: Vec<u32> = (0..v.domain())
                .filter(|&x| cost[offsets[var] + x as usize] > 0)
                .collect();
            if blocked.is_empty() {
                continue;
            }
            let mut others = soft.clone();
            others[var] = FREE;
            // The first constraint that forbids each value on its own.
            let mut forbidding: Vec<Option<usize>> = vec![None; v.domain() as usize];
            for (ci, c) in self.constraints.iter().enumerate() {
                if c.scope.binary_search(&(var as u32)).is_err() {
                    continue;
                }
                let mut bits = vec![false; len];
                let alive = c.diagram.alive(&others);
                c.diagram
                    .mark_possible(&others, &alive, &offsets, &mut bits);
                for &x in &blocked {
                    if !bits[offsets[var] + x as usize] && forbidding[x as usize].is_none() {
                        forbidding[x as usize] = Some(ci);
                    }
                }
            }
            for &x in &blocked {
                let slot = offsets[var] + x as usize;
                let (conflicts, values) = if cost[slot] >= INF {
                    (vec![], vec![])
                } else {
                    let e = edge[slot];
                    let mut path = self.diagram.path_up(self.diagram.edge_source(e), &up_best);
                    path.push(x);
                    let down = self.diagram.targets[e as usize] as usize;
                    path.extend(self.diagram.path_down(down, &down_best));
                    let values = self.by_var(&path);
                    (self.deviations(&others, &values), values)
                };
                let rule = match forbidding[x as usize] {
                    Some(ci) => Some(self.rule_ref(&self.constraints[ci].constraint)),
                    None => {
                        let mut fix = others.clone();
                        fix[var] = x;
                        self.rules_for(&fix, &[], &values, &conflicts)
                            .into_iter()
                            .next()
                    }
                };
                if let Some(target) = self.target_of(var as u32, x) {
                    out.push(Reason {
                        attribute: self.product.attributes[v.attribute as usize].id.clone(),
                        target,
                        conflicts: conflicts.iter().map(|&d| self.conflict(d)).collect(),
                        rule,
                    });
                }
            }
        }
        Ok(out)
    }

    /// The target a variable value stands for.
    fn target_of(&self, var: u32, x: u32) -> Option<Target> {
        let v = &self.vars.vars[var as usize];
        let attr = &self.product.attributes[v.attribute as usize];
        Some(match v.kind {
            VarKind::Choice { options, .. } if x < options => Target::Value {
                value: Value::Choice(attr.kind.options().get(x as usize)?.id.clone()),
            },
            VarKind::MultiOption { option } => {
                let id = attr.kind.options().get(option as usize)?.id.clone();
                if x == 1 {
                    Target::Value {
                        value: Value::Multi([id].into_iter().collect()),
                    }
                } else {
                    Target::Excluded { option: id }
                }
            }
            VarKind::Text if x == 1 => Target::Value {
                value: Value::Text {
                    text: String::new(),
                    font: String::new(),
                },
            },
            VarKind::Number { count, .. } if x < count => Target::Value {
                value: Value::Number(v.number(x)?),
            },
            _ => Target::NoValue,
        })
    }
}

//! The solver against brute force: random small catalogs (every attribute
//! kind, random rules, visibility, tables, comparisons), every complete
//! configuration enumerated and checked straight from the contract's
//! semantics (with `engine::rules::holds`, never the diagram).

use engine::model::*;
use engine::rules::ast::{CmpOp, Cond, Literal, NumExpr, Statement};
use engine::rules::holds;
use engine::solver::{compile_parsed, CompileOptions, CompiledProduct, PossibleValues, Target};
use engine::{Selection, Value};
use proptest::prelude::*;
use std::collections::BTreeSet;

/// A small xorshift generator: the catalogs come from one proptest seed.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn text(s: &str) -> Text {
    Text {
        de: s.into(),
        en: s.into(),
    }
}

fn option(id: String) -> AttrOption {
    AttrOption::plain(id, text("o"))
}

fn random_attribute(g: &mut Gen, i: usize) -> Attribute {
    let opts = |g: &mut Gen| {
        (0..1 + g.below(3))
            .map(|k| option(format!("o{k}")))
            .collect::<Vec<_>>()
    };
    let kind = match g.below(4) {
        0 => AttributeKind::Choice {
            required: g.chance(60),
            options: opts(g),
        },
        1 => {
            let options = opts(g);
            let n = options.len() as u32;
            let min = g.below(2) as u32;
            let max = if g.chance(50) {
                None
            } else {
                Some(min.max(1) + g.below(n as usize) as u32)
            };
            AttributeKind::Multi { min, max, options }
        }
        2 => AttributeKind::Text(TextSpec {
            required: g.chance(40),
            max_len: 10,
            allowed: None,
            fonts: vec![],
            price_per_char: 0,
            surcharge: 0,
            days: 0,
        }),
        _ => {
            let step = if g.chance(50) { 1000 } else { 500 };
            let min = if g.chance(50) { 0 } else { 1500 };
            AttributeKind::Number(NumberSpec {
                required: g.chance(60),
                unit: "cm".into(),
                min: Milli(min),
                max: Milli(min + step * g.below(4) as i64),
                step: Milli(step),
            })
        }
    };
    Attribute {
        id: format!("a{i}"),
        label: text("a"),
        help: Text::default(),
        group: None,
        drawing: None,
        kind,
    }
}

fn numbers(p: &Product) -> Vec<(String, NumberSpec)> {
    p.attributes
        .iter()
        .filter_map(|a| match &a.kind {
            AttributeKind::Number(s) => Some((a.id.clone(), s.clone())),
            _ => None,
        })
        .collect()
}

fn random_atom(g: &mut Gen, p: &Product, avoid: Option<&str>) -> Cond {
    let candidates: Vec<&Attribute> = p
        .attributes
        .iter()
        .filter(|a| Some(a.id.as_str()) != avoid)
        .collect();
    let Some(a) = candidates.get(g.below(candidates.len())) else {
        return Cond::True;
    };
    let nums: Vec<_> = numbers(p)
        .into_iter()
        .filter(|(id, _)| Some(id.as_str()) != avoid)
        .collect();
    match &a.kind {
        _ if g.chance(20) => Cond::IsSet {
            attribute: a.id.clone(),
        },
        AttributeKind::Choice { options, .. } => {
            let picked: Vec<String> = options
                .iter()
                .filter(|_| g.chance(50))
                .map(|o| o.id.clone())
                .collect();
            let picked = if picked.is_empty() {
                vec![options[0].id.clone()]
            } else {
                picked
            };
            Cond::In {
                attribute: a.id.clone(),
                options: picked,
            }
        }
        AttributeKind::Multi { options, .. } => Cond::Has {
            attribute: a.id.clone(),
            option: options[g.below(options.len())].id.clone(),
        },
        AttributeKind::Number(_) if !nums.is_empty() => {
            let ops = [
                CmpOp::Lt,
                CmpOp::Le,
                CmpOp::Gt,
                CmpOp::Ge,
                CmpOp::Eq,
                CmpOp::Ne,
            ];
            let op = ops[g.below(ops.len())];
            let (id, spec) = &nums[g.below(nums.len())];
            let c = Milli(spec.min.0 + 500 * g.below(6) as i64);
            let attr = |s: &str| Box::new(NumExpr::Attr(s.to_owned()));
            let left = match g.below(3) {
                0 => NumExpr::Attr(id.clone()),
                1 => {
                    let (other, _) = &nums[g.below(nums.len())];
                    NumExpr::Sub(attr(id), attr(other))
                }
                _ => NumExpr::Mul(attr(id), Box::new(NumExpr::Const(Milli(1500)))),
            };
            let right = if g.chance(30) {
                let (other, _) = &nums[g.below(nums.len())];
                NumExpr::Attr(other.clone())
            } else {
                NumExpr::Const(c)
            };
            Cond::Compare { left, op, right }
        }
        _ => Cond::IsSet {
            attribute: a.id.clone(),
        },
    }
}

fn random_cond(g: &mut Gen, p: &Product, depth: u32, avoid: Option<&str>) -> Cond {
    if depth == 0 || g.chance(55) {
        return random_atom(g, p, avoid);
    }
    match g.below(3) {
        0 => Cond::Not(Box::new(random_cond(g, p, depth - 1, avoid))),
        1 => Cond::And(vec![
            random_cond(g, p, depth - 1, avoid),
            random_cond(g, p, depth - 1, avoid),
        ]),
        _ => Cond::Or(vec![
            random_cond(g, p, depth - 1, avoid),
            random_cond(g, p, depth - 1, avoid),
        ]),
    }
}

fn random_statement(g: &mut Gen, p: &Product, visible_taken: &mut BTreeSet<String>) -> Statement {
    match g.below(6) {
        0 | 1 => Statement::Requires(random_cond(g, p, 1, None), random_cond(g, p, 1, None)),
        2 => Statement::Excludes(random_cond(g, p, 1, None), random_cond(g, p, 1, None)),
        3 => Statement::Always(random_cond(g, p, 2, None)),
        4 => {
            let a = &p.attributes[g.below(p.attributes.len())];
            if visible_taken.insert(a.id.clone()) {
                Statement::VisibleIf {
                    attribute: a.id.clone(),
                    cond: random_cond(g, p, 1, Some(&a.id)),
                }
            } else {
                Statement::Always(Cond::True)
            }
        }
        _ => {
            let a = &p.attributes[g.below(p.attributes.len())];
            let value = match &a.kind {
                AttributeKind::Number(s) => Literal::Number(s.min),
                k if !k.options().is_empty() => {
                    Literal::Id(k.options()[g.below(k.options().len())].id.clone())
                }
                _ => return Statement::Always(Cond::True),
            };
            let cond = g.chance(50).then(|| random_cond(g, p, 1, None));
            Statement::Default {
                attribute: a.id.clone(),
                value,
                cond,
            }
        }
    }
}

fn random_table(g: &mut Gen, p: &Product, k: usize) -> Option<Table> {
    let eligible: Vec<&Attribute> = p
        .attributes
        .iter()
        .filter(|a| {
            matches!(
                a.kind,
                AttributeKind::Choice { .. } | AttributeKind::Number(_)
            )
        })
        .collect();
    if eligible.is_empty() {
        return None;
    }
    let first = g.below(eligible.len());
    let mut cols = vec![eligible[first]];
    if eligible.len() > 1 && g.chance(60) {
        let second = (first + 1 + g.below(eligible.len() - 1)) % eligible.len();
        cols.push(eligible[second]);
    }
    let cell = |g: &mut Gen, a: &Attribute| match &a.kind {
        _ if g.chance(15) => "*".to_owned(),
        _ if g.chance(15) => "-".to_owned(),
        AttributeKind::Choice { options, .. } => options[g.below(options.len())].id.clone(),
        AttributeKind::Number(s) => Milli(s.min.0 + s.step.0 * g.below(3) as i64).to_string(),
        _ => "*".to_owned(),
    };
    let rows = (0..1 + g.below(4))
        .map(|_| cols.iter().map(|a| cell(g, a)).collect())
        .collect();
    Some(Table {
        id: format!("t{k}"),
        attributes: cols.iter().map(|a| a.id.clone()).collect(),
        rows,
        message: text("table"),
    })
}

fn random_product(g: &mut Gen) -> (Product, Vec<Statement>) {
    let attributes = (0..2 + g.below(4))
        .map(|i| random_attribute(g, i))
        .collect();
    let mut p = Product {
        id: "p".into(),
        name: text("p"),
        description: Text::default(),
        image: None,
        drawing: None,
        base_price: 0,
        production_line: "l".into(),
        base_days: 1,
        shipping_days: 1,
        groups: vec![],
        attributes,
        rules: vec![],
        tables: vec![],
        price_rules: vec![],
        quantity_tiers: vec![],
    };
    let mut taken = BTreeSet::new();
    let statements: Vec<Statement> = (0..g.below(5))
        .map(|_| random_statement(g, &p, &mut taken))
        .collect();
    p.rules = statements
        .iter()
        .map(|_| Rule {
            rule: "(ast)".into(),
            message: text("rule"),
        })
        .collect();
    for k in 0..g.below(2) {
        if let Some(t) = random_table(g, &p, k) {
            p.tables.push(t);
        }
    }
    (p, statements)
}

fn catalog(p: &Product) -> Catalog {
    Catalog {
        schema: SCHEMA_VERSION,
        currency: "EUR".into(),
        vat_rate_bp: 1900,
        production_lines: vec![],
        components: vec![],
        products: vec![p.clone()],
    }
}

/// Every value an attribute can take in a complete configuration (`None`
/// = no value).
fn raw_values(a: &Attribute) -> Vec<Option<Value>> {
    let mut out = vec![None];
    match &a.kind {
        AttributeKind::Choice { options, .. } => {
            out.extend(options.iter().map(|o| Some(Value::Choice(o.id.clone()))))
        }
        AttributeKind::Multi { options, .. } => {
            for mask in 1u32..(1 << options.len()) {
                let set = options
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| mask & (1 << i) != 0)
                    .map(|(_, o)| o.id.clone());
                out.push(Some(Value::Multi(set.collect())));
            }
        }
        AttributeKind::Text(_) => out.push(Some(Value::Text {
            text: "x".into(),
            font: String::new(),
        })),
        AttributeKind::Number(s) => {
            let mut v = s.min.0;
            while v <= s.max.0 {
                out.push(Some(Value::Number(Milli(v))));
                v += s.step.0;
            }
        }
    }
    out
}

/// The contract's validity of a complete configuration.
fn valid(p: &Product, st: &[Statement], c: &Selection) -> bool {
    for a in &p.attributes {
        let visible = st.iter().all(|s| match s {
            Statement::VisibleIf { attribute, cond } if attribute == &a.id => holds(cond, p, c),
            _ => true,
        });
        let value = c.get(&a.id);
        if !visible && value.is_some() {
            return false;
        }
        if visible {
            let ok = match (&a.kind, value) {
                (AttributeKind::Choice { required, .. }, None) => !required,
                (AttributeKind::Text(t), None) => !t.required,
                (AttributeKind::Number(n), None) => !n.required,
                (AttributeKind::Multi { min, max, options }, v) => {
                    let n = match v {
                        Some(Value::Multi(s)) => s.len() as u32,
                        _ => 0,
                    };
                    *min <= n && n <= max.unwrap_or(options.len() as u32)
                }
                _ => true,
            };
            if !ok {
                return false;
            }
        }
    }
    let rules_ok = st.iter().all(|s| match s {
        Statement::Requires(a, b) => !holds(a, p, c) || holds(b, p, c),
        Statement::Excludes(a, b) => !(holds(a, p, c) && holds(b, p, c)),
        Statement::Always(x) => holds(x, p, c),
        _ => true,
    });
    rules_ok
        && p.tables.iter().all(|t| {
            t.rows.iter().any(|row| {
                t.attributes
                    .iter()
                    .zip(row)
                    .all(|(id, cell)| match (cell.as_str(), c.get(id)) {
                        ("*", _) => true,
                        ("-", v) => v.is_none(),
                        (x, Some(Value::Choice(o))) => x == o,
                        (x, Some(Value::Number(m))) => Milli::parse(x).ok() == Some(*m),
                        _ => false,
                    })
            })
        })
}

fn all_valid(p: &Product, st: &[Statement]) -> Vec<Selection> {
    let domains: Vec<Vec<Option<Value>>> = p.attributes.iter().map(raw_values).collect();
    let mut out = Vec::new();
    let mut idx = vec![0usize; domains.len()];
    loop {
        let mut sel = Selection::new();
        for (a, &i) in idx.iter().enumerate() {
            if let Some(v) = &domains[a][i] {
                sel.set(p.attributes[a].id.clone(), v.clone());
            }
        }
        if valid(p, st, &sel) {
            out.push(sel);
        }
        let mut k = 0;
        loop {
            if k == idx.len() {
                return out;
            }
            idx[k] += 1;
            if idx[k] < domains[k].len() {
                break;
            }
            idx[k] = 0;
            k += 1;
        }
    }
}

/// One fixed choice: a whole attribute, or one included multi option.
#[derive(Clone, Debug, PartialEq)]
enum Item {
    Whole(String, Value),
    Option(String, String),
}

fn items(sel: &Selection) -> Vec<Item> {
    sel.0
        .iter()
        .flat_map(|(a, v)| match v {
            Value::Multi(set) => set
                .iter()
                .map(|o| Item::Option(a.clone(), o.clone()))
                .collect(),
            v => vec![Item::Whole(a.clone(), v.clone())],
        })
        .collect()
}

fn item_matches(item: &Item, c: &Selection) -> bool {
    match item {
        Item::Whole(a, Value::Text { text, .. }) => {
            let set = matches!(c.get(a), Some(Value::Text { text, .. }) if !text.is_empty());
            set != text.is_empty()
        }
        Item::Whole(a, v) => c.get(a) == Some(v),
        Item::Option(a, o) => matches!(c.get(a), Some(Value::Multi(s)) if s.contains(o)),
    }
}

fn extends(items: &[Item], c: &Selection) -> bool {
    items.iter().all(|i| item_matches(i, c))
}

/// Fewest items to drop from `soft` so that `hard` plus the rest extend to a
/// valid configuration (None: never).
fn min_drop(
    valid: &[Selection],
    soft: &[Item],
    hard: &dyn Fn(&Selection) -> bool,
) -> Option<usize> {
    valid
        .iter()
        .filter(|c| hard(c))
        .map(|c| soft.iter().filter(|i| !item_matches(i, c)).count())
        .min()
}

fn random_selection(g: &mut Gen, p: &Product) -> Selection {
    let mut sel = Selection::new();
    for a in &p.attributes {
        if g.chance(40) {
            let vals = raw_values(a);
            if let Some(Some(v)) = vals.get(1 + g.below(vals.len() - 1)) {
                sel.set(a.id.clone(), v.clone());
            }
        }
    }
    sel
}

/// The set of (attribute, target) pairs a brute force finds possible.
fn possible_targets(
    p: &Product,
    valid: &[Selection],
    fixed: &[Item],
) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for c in valid.iter().filter(|c| extends(fixed, c)) {
        for a in &p.attributes {
            for t in targets_in(a, c.get(&a.id)) {
                out.insert((a.id.clone(), t));
            }
        }
    }
    out
}

/// Names of the facts a value makes true: `=o`, `none`, `+o`/`-o`, `set`, `#v`.
fn targets_in(a: &Attribute, v: Option<&Value>) -> Vec<String> {
    match (&a.kind, v) {
        (AttributeKind::Multi { options, .. }, v) => {
            let set = match v {
                Some(Value::Multi(s)) => s.clone(),
                _ => BTreeSet::new(),
            };
            options
                .iter()
                .map(|o| {
                    if set.contains(&o.id) {
                        format!("+{}", o.id)
                    } else {
                        format!("-{}", o.id)
                    }
                })
                .collect()
        }
        (_, None) => vec!["none".into()],
        (_, Some(Value::Choice(o))) => vec![format!("={o}")],
        (_, Some(Value::Text { .. })) => vec!["set".into()],
        (_, Some(Value::Number(m))) => vec![format!("#{}", m.0)],
        _ => vec![],
    }
}

/// The same facts from the solver's answer.
fn solver_targets(
    c: &CompiledProduct,
    state: &engine::solver::AttributeState,
) -> BTreeSet<(String, String)> {
    let a = c.product.attribute(&state.id).unwrap();
    let id = state.id.clone();
    let mut out = BTreeSet::new();
    match &state.possible {
        PossibleValues::Choice { options, none } => {
            for (o, &ok) in a.kind.options().iter().zip(options) {
                if ok {
                    out.insert((id.clone(), format!("={}", o.id)));
                }
            }
            if *none {
                out.insert((id, "none".into()));
            }
        }
        PossibleValues::Multi { include, exclude } => {
            for (k, o) in a.kind.options().iter().enumerate() {
                if include[k] {
                    out.insert((id.clone(), format!("+{}", o.id)));
                }
                if exclude[k] {
                    out.insert((id.clone(), format!("-{}", o.id)));
                }
            }
        }
        PossibleValues::Text { set, empty } => {
            if *set {
                out.insert((id.clone(), "set".into()));
            }
            if *empty {
                out.insert((id, "none".into()));
            }
        }
        PossibleValues::Number { ranges, none } => {
            let AttributeKind::Number(s) = &a.kind else {
                unreachable!()
            };
            for (lo, hi) in ranges {
                let mut v = lo.0;
                while v <= hi.0 {
                    out.insert((id.clone(), format!("#{v}")));
                    v += s.step.0;
                }
            }
            if *none {
                out.insert((id, "none".into()));
            }
        }
    }
    out
}

/// The brute-force predicate "configuration has this target".
fn target_pred(a: &Attribute, t: &Target) -> impl Fn(&Selection) -> bool {
    let (id, t) = (a.id.clone(), t.clone());
    move |c: &Selection| match &t {
        Target::Value {
            value: Value::Multi(s),
        } => {
            matches!(c.get(&id), Some(Value::Multi(x)) if s.is_subset(x))
        }
        Target::Value {
            value: Value::Text { .. },
        } => c.get(&id).is_some(),
        Target::Value { value } => c.get(&id) == Some(value),
        Target::NoValue => c.get(&id).is_none(),
        Target::Excluded { option } => {
            !matches!(c.get(&id), Some(Value::Multi(x)) if x.contains(option))
        }
    }
}

/// The fixed items a target frees (its own variables).
fn freed_by(item: &Item, a: &Attribute, t: &Target) -> bool {
    match (item, t) {
        (Item::Whole(x, _), _) => x == &a.id,
        (Item::Option(x, _), Target::NoValue) => x == &a.id,
        (
            Item::Option(x, o),
            Target::Value {
                value: Value::Multi(s),
            },
        ) => x == &a.id && s.contains(o),
        (Item::Option(x, o), Target::Excluded { option }) => x == &a.id && o == option,
        _ => false,
    }
}

fn random_target(g: &mut Gen, a: &Attribute) -> Target {
    let vals = raw_values(a);
    match &a.kind {
        AttributeKind::Multi { options, .. } if g.chance(30) => Target::Excluded {
            option: options[g.below(options.len())].id.clone(),
        },
        AttributeKind::Multi { options, .. } => Target::Value {
            value: Value::Multi(
                [options[g.below(options.len())].id.clone()]
                    .into_iter()
                    .collect(),
            ),
        },
        _ => match &vals[g.below(vals.len())] {
            None => Target::NoValue,
            Some(v) => Target::Value { value: v.clone() },
        },
    }
}

fn check_case(seed: u64, options: CompileOptions) -> Result<(), TestCaseError> {
    let mut g = Gen(seed | 1);
    let (p, st) = random_product(&mut g);
    let cat = catalog(&p);
    let compiled = match compile_parsed(&cat, &p, st.clone(), options) {
        Ok(c) => c,
        Err(e) => {
            return Err(TestCaseError::fail(format!(
                "compile: {e:?}\n{p:#?}\n{st:#?}"
            )))
        }
    };
    let valid = all_valid(&p, &st);
    let ctx = || format!("\nproduct {:#?}\nrules {st:#?}", p.attributes);
    for _ in 0..4 {
        let sel = random_selection(&mut g, &p);
        let fixed = items(&sel);
        let eval = compiled
            .evaluate(&sel)
            .map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let consistent = valid.iter().any(|c| extends(&fixed, c));
        prop_assert_eq!(
            eval.consistent,
            consistent,
            "consistency of {:?}{}",
            sel,
            ctx()
        );
        let used = match &eval.repair {
            None => sel.clone(),
            Some(r) => {
                let best = min_drop(&valid, &fixed, &|_| true);
                let Some(repaired) = &r.selection else {
                    prop_assert!(valid.is_empty());
                    continue;
                };
                prop_assert_eq!(
                    Some(r.dropped.len()),
                    best,
                    "repair size {:?}{}",
                    sel,
                    ctx()
                );
                prop_assert!(
                    valid.iter().any(|c| extends(&items(repaired), c)),
                    "repaired selection consistent"
                );
                let again = compiled.repair(&sel).unwrap();
                prop_assert_eq!(again.as_ref(), Some(r));
                repaired.clone()
            }
        };
        if eval.consistent {
            prop_assert_eq!(compiled.repair(&sel).unwrap(), None);
        }
        let used_items = items(&used);
        let expected = possible_targets(&p, &valid, &used_items);
        let got: BTreeSet<_> = eval
            .attributes
            .iter()
            .flat_map(|s| solver_targets(&compiled, s))
            .collect();
        prop_assert_eq!(&got, &expected, "possible values for {:?}{}", used, ctx());
        // Forced values and visibility.
        for (state, a) in eval.attributes.iter().zip(&p.attributes) {
            let mine: Vec<_> = expected.iter().filter(|(id, _)| id == &a.id).collect();
            if let Some(Value::Choice(o)) = &state.forced {
                let want = (a.id.clone(), format!("={o}"));
                prop_assert_eq!(mine.clone(), vec![&want]);
            }
            let visible = st.iter().all(|s| match s {
                Statement::VisibleIf { attribute, cond } if attribute == &a.id => {
                    holds(cond, &p, &eval.effective)
                }
                _ => true,
            });
            prop_assert_eq!(state.visible, visible);
        }
        // The effective selection extends the fixed choices and stays consistent.
        if !valid.is_empty() {
            let eff = items(&eval.effective);
            prop_assert!(
                extends(&used_items, &eval.effective)
                    || used_items
                        .iter()
                        .any(|i| matches!(i, Item::Whole(_, Value::Text { .. }))),
                "effective {:?} drops fixed {:?}",
                eval.effective,
                used
            );
            prop_assert!(
                valid.iter().any(|c| extends(&eff, c)),
                "effective {:?} inconsistent{}",
                eval.effective,
                ctx()
            );
            if eval.complete {
                prop_assert!(
                    valid.contains(&eval.effective),
                    "complete but invalid: {:?}{}",
                    eval.effective,
                    ctx()
                );
            }
        }
        // No dead ends: fixing any possible value keeps the selection consistent.
        if let Some((id, t)) = expected.iter().nth(g.below(expected.len().max(1))) {
            let a = p.attribute(id).unwrap();
            let mut next = used.clone();
            let value = match (t.as_bytes()[0], &a.kind) {
                (b'=', _) => Some(Value::Choice(t[1..].into())),
                (b'+', _) => {
                    let mut s = match next.get(id) {
                        Some(Value::Multi(s)) => s.clone(),
                        _ => BTreeSet::new(),
                    };
                    s.insert(t[1..].into());
                    Some(Value::Multi(s))
                }
                (b's', _) => Some(Value::Text {
                    text: "y".into(),
                    font: String::new(),
                }),
                (b'#', _) => Some(Value::Number(Milli(t[1..].parse().unwrap()))),
                _ => None,
            };
            if let Some(v) = value {
                next.set(id.clone(), v);
                prop_assert!(
                    compiled.evaluate(&next).unwrap().consistent,
                    "dead end after {:?}{}",
                    next,
                    ctx()
                );
            }
        }
        // Explanations are minimal.
        let a = &p.attributes[g.below(p.attributes.len())];
        let target = random_target(&mut g, a);
        let explanation = compiled
            .explain_target(&used, &a.id, &target)
            .map_err(|e| TestCaseError::fail(format!("{e}")))?;
        let pred = target_pred(a, &target);
        let soft: Vec<Item> = used_items
            .iter()
            .filter(|i| !freed_by(i, a, &target))
            .cloned()
            .collect();
        let best = min_drop(&valid, &soft, &pred);
        match (&explanation, best) {
            (None, Some(0)) => {}
            (Some(e), Some(n)) if n > 0 => {
                prop_assert_eq!(
                    e.conflicts.len(),
                    n,
                    "explanation size for {:?} {:?} at {:?}{}",
                    a.id,
                    target,
                    used,
                    ctx()
                );
                prop_assert!(!e.rules.is_empty(), "explanation names no rule");
                let proposal = e.proposal.as_ref().unwrap();
                let prop_items = items(proposal);
                prop_assert!(
                    valid.iter().any(|c| extends(&prop_items, c) && pred(c)),
                    "proposal {:?} inconsistent",
                    proposal
                );
            }
            (Some(e), None) => prop_assert!(e.proposal.is_none() && e.conflicts.is_empty()),
            (e, b) => prop_assert!(
                false,
                "explain {:?} vs brute force {:?} for {} {:?} at {:?}{}",
                e,
                b,
                a.id,
                target,
                used,
                ctx()
            ),
        }
        // Every disabled value's reason has the minimal conflict count.
        for r in compiled.reasons(&used).unwrap() {
            let a = p.attribute(&r.attribute).unwrap();
            let pred = target_pred(a, &r.target);
            let soft: Vec<Item> = used_items
                .iter()
                .filter(|i| !freed_by(i, a, &r.target))
                .cloned()
                .collect();
            let best = min_drop(&valid, &soft, &pred);
            prop_assert_eq!(
                Some(r.conflicts.len()).filter(|_| best.is_some()),
                best.filter(|&n| n > 0),
                "reason {:?} at {:?}{}",
                r,
                used,
                ctx()
            );
        }
    }
    // Adding a constraint never adds a possible value (a visibility rule can:
    // it lets a required attribute stay empty).
    let extra = match g.below(3) {
        0 => Statement::Requires(
            random_cond(&mut g, &p, 1, None),
            random_cond(&mut g, &p, 1, None),
        ),
        1 => Statement::Excludes(
            random_cond(&mut g, &p, 1, None),
            random_cond(&mut g, &p, 1, None),
        ),
        _ => Statement::Always(random_cond(&mut g, &p, 2, None)),
    };
    let mut p2 = p.clone();
    p2.rules.push(Rule {
        rule: "(ast)".into(),
        message: text("extra"),
    });
    let mut st2 = st.clone();
    st2.push(extra);
    let compiled2 = compile_parsed(&catalog(&p2), &p2, st2, options).unwrap();
    let sel = random_selection(&mut g, &p);
    let (e1, e2) = (
        compiled.evaluate(&sel).unwrap(),
        compiled2.evaluate(&sel).unwrap(),
    );
    if e1.consistent && e2.consistent {
        let t1: BTreeSet<_> = e1
            .attributes
            .iter()
            .flat_map(|s| solver_targets(&compiled, s))
            .collect();
        let t2: BTreeSet<_> = e2
            .attributes
            .iter()
            .flat_map(|s| solver_targets(&compiled2, s))
            .collect();
        prop_assert!(t2.is_subset(&t1), "a rule added possible values");
    }
    prop_assert!(!e2.consistent || e1.consistent);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]
    #[test]
    fn solver_matches_brute_force(seed in any::<u64>()) {
        check_case(seed, CompileOptions::default())?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]
    /// The same with the conjunction sifted and rebuilt in a fresh builder
    /// during the conjunction (after its first step, then whenever the
    /// builder doubles).
    #[test]
    fn solver_reordering_while_building_matches_brute_force(seed in any::<u64>()) {
        check_case(seed, CompileOptions { reorder_at: 0, ..CompileOptions::default() })?;
    }
}

//! The no-dead-end solver: a product compiled into one multi-valued
//! decision diagram (MDD), and the queries answered by linear passes over it.
//!
//! [`compile`] turns every attribute into variables ([`vars`]), every
//! constraint of the contract (rules, visibility, required-ness, multi-choice
//! cardinality, tables, comparisons) into a small diagram, and conjoins them
//! into one reduced, ordered, layered diagram ([`Flat`]) under a variable
//! order chosen by the FORCE heuristic. The [`CompiledProduct`] is plain data
//! (serde): the browser downloads it and never parses a rule.
//!
//! Queries ([`CompiledProduct::evaluate`], [`CompiledProduct::explain`],
//! [`CompiledProduct::repair`], [`CompiledProduct::reasons`]) each take one
//! to a few passes over the diagram: possible values are the values on some
//! accepted path that agrees with the fixed choices; minimal explanations
//! and repairs are shortest paths where leaving a fixed choice costs 1.

mod cache;
mod compact;
mod constraints;
mod explain;
mod flat;
mod fx;
mod mdd;
mod order;
mod query;
mod schedule;
mod semantics;
mod sift;
mod types;
mod vars;

pub use compact::{DecodeError, MAGIC as COMPACT_MAGIC, VERSION as COMPACT_VERSION};
pub use flat::Flat;
pub use order::OrderStrategy;
pub use types::{
    AttributeState, CompileError, CompileProblem, Conflict, ConstraintRef, Evaluation, Explanation,
    PossibleValues, Reason, Repair, RuleRef, SolveError, Target,
};
pub use vars::{Var, VarKind, VarMap, MAX_GRID};

use crate::model::{Catalog, Product};
use crate::rules::ast::{Cond, Statement};
use constraints::{ConstraintDef, Ctx};
use mdd::Builder;
use serde::{Deserialize, Serialize};

/// Default node budget of the compiler.
pub const DEFAULT_NODE_BUDGET: usize = 20_000_000;

/// Default work budget of each sifting, in path visits: a bound for
/// products that would sift for long (BR4CP's whole compile uses about
/// 10^8; Mégane's 10^7).
pub const DEFAULT_SIFT_BUDGET: u64 = 1_000_000_000;

/// Default builder size that first triggers a reordering during the
/// conjunction (see [`CompileOptions::reorder_at`]; BR4CP reorders 4
/// times, Mégane's builder never gets there).
pub const DEFAULT_REORDER_AT: usize = 400_000;

/// A product ready for interactive configuration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompiledProduct {
    pub product: Product,
    pub vat_rate_bp: u32,
    pub currency: String,
    /// The parsed rules, index for index with `product.rules`.
    pub rules: Vec<Statement>,
    /// The parsed `when` of each price rule, index for index with
    /// `product.price_rules`.
    pub price_conditions: Vec<Cond>,
    pub vars: VarMap,
    /// All constraints conjoined.
    pub diagram: Flat,
    /// Each constraint on its own (for explanations).
    pub constraints: Vec<CompiledConstraint>,
    /// Attribute ids, sorted, with their index in `product.attributes`.
    pub index: Vec<(String, u32)>,
}

impl CompiledProduct {
    /// The price of `quantity` units of the effective configuration, with
    /// the catalog's VAT rate and currency.
    pub fn price(
        &self,
        effective: &crate::Selection,
        quantity: u32,
    ) -> Result<crate::pricing::PriceBreakdown, crate::pricing::PriceError> {
        crate::pricing::price_parsed(
            &self.product,
            &self.price_conditions,
            self.vat_rate_bp,
            &self.currency,
            effective,
            quantity,
        )
    }

    /// The number of assignments of the solver's variables that satisfy
    /// every constraint, if it fits in a `u128`. For a product of required
    /// choices without rules (an imported CSP) this is the number of valid
    /// configurations.
    pub fn model_count(&self) -> Option<u128> {
        self.diagram.path_count()
    }

    /// The same product without what no query reads, the form to send to
    /// the browser: the rows of its tables (the diagrams encode them;
    /// Renault: from about 6 MB of JSON to well under 1 MB) and the source
    /// texts of rules and price rules (parsed already).
    pub fn for_browser(&self) -> CompiledProduct {
        let mut slim = self.clone();
        for table in &mut slim.product.tables {
            table.rows.clear();
        }
        for rule in &mut slim.product.rules {
            rule.rule.clear();
        }
        for price_rule in &mut slim.product.price_rules {
            price_rule.when.clear();
        }
        slim
    }
}

/// One constraint compiled over its own variables.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CompiledConstraint {
    pub constraint: ConstraintRef,
    /// Variables mentioned, increasing.
    pub scope: Vec<u32>,
    pub diagram: Flat,
}

/// Knobs of the compiler (for experiments and benchmarks).
#[derive(Clone, Copy, Debug)]
pub struct CompileOptions {
    pub order: OrderStrategy,
    /// Largest number of working nodes before giving up.
    pub node_budget: usize,
    /// Work budget of each sifting, in path visits (0: keep the static
    /// order). Deterministic: no clock.
    pub sift_budget: u64,
    /// Builder size (nodes, the constraints' own included) past which the
    /// conjunction in progress is sifted and carried on under the order
    /// found; then past twice the builder's size after each reordering
    /// (0: reorder after the first conjunction step).
    pub reorder_at: usize,
}

impl Default for CompileOptions {
    fn default() -> Self {
        CompileOptions {
            order: OrderStrategy::Force,
            node_budget: DEFAULT_NODE_BUDGET,
            sift_budget: DEFAULT_SIFT_BUDGET,
            reorder_at: DEFAULT_REORDER_AT,
        }
    }
}

/// Compiles a product of a catalog.
pub fn compile(catalog: &Catalog, product_id: &str) -> Result<CompiledProduct, CompileError> {
    let product = catalog.product(product_id).ok_or_else(|| {
        CompileError::one(CompileProblem::UnknownProduct {
            product: product_id.to_owned(),
        })
    })?;
    check_valid(catalog, product_id)?;
    let statements = parse_rules(product)?;
    compile_parsed(catalog, product, statements, CompileOptions::default())
}

/// Refuses a catalog whose validation finds problems at the catalog level
/// or in this product.
fn check_valid(catalog: &Catalog, product_id: &str) -> Result<(), CompileError> {
    let own = format!("products[{product_id}]");
    let problems: Vec<CompileProblem> = crate::validate::validate(catalog)
        .into_iter()
        .filter(|p| !p.path.starts_with("products[") || p.path.starts_with(&own))
        .map(|p| CompileProblem::Invalid {
            path: p.path,
            message: p.message,
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(CompileError { problems })
    }
}

/// Parses a product's rules.
fn parse_rules(product: &Product) -> Result<Vec<Statement>, CompileError> {
    parse_all(&product.rules, |i, rule| {
        crate::rules::parse_rule(&rule.rule).map_err(|e| CompileProblem::Parse {
            rule: i,
            line: e.line as usize,
            column: e.column as usize,
            message: e.message,
        })
    })
}

/// Parses the `when` of a product's price rules.
fn parse_price_conditions(product: &Product) -> Result<Vec<Cond>, CompileError> {
    parse_all(&product.price_rules, |i, rule| {
        crate::rules::parse_condition(&rule.when).map_err(|e| CompileProblem::Invalid {
            path: format!("price_rules[{i}].when"),
            message: e.to_string(),
        })
    })
}

/// Parses every item, reporting every one that does not parse.
fn parse_all<I, T>(
    items: &[I],
    parse: impl Fn(usize, &I) -> Result<T, CompileProblem>,
) -> Result<Vec<T>, CompileError> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match parse(i, item) {
            Ok(parsed) => out.push(parsed),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(CompileError { problems })
    }
}

/// Compiles a product whose rules are already parsed (`statements` index
/// for index with `product.rules`), with explicit options.
pub fn compile_parsed(
    catalog: &Catalog,
    product: &Product,
    statements: Vec<Statement>,
    options: CompileOptions,
) -> Result<CompiledProduct, CompileError> {
    compile_inner(catalog, product, statements, options, false).map(|(c, _)| c)
}

/// Facts about the rules of a product, for the catalog check.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct RuleFacts {
    /// Rules whose condition (the left side of requires/excludes, the
    /// visibility condition, the default's condition) holds in no valid
    /// configuration.
    pub never_holds: Vec<usize>,
    /// `always` rules that the other constraints already imply.
    pub implied: Vec<usize>,
}

/// Compiles a product and analyses its rules (see [`RuleFacts`]).
pub(crate) fn compile_and_analyse(
    catalog: &Catalog,
    product: &Product,
) -> Result<(CompiledProduct, RuleFacts), CompileError> {
    let statements = parse_rules(product)?;
    let (c, facts) = compile_inner(
        catalog,
        product,
        statements,
        CompileOptions::default(),
        true,
    )?;
    Ok((c, facts.unwrap_or_default()))
}

fn compile_inner(
    catalog: &Catalog,
    product: &Product,
    statements: Vec<Statement>,
    options: CompileOptions,
    analyse: bool,
) -> Result<(CompiledProduct, Option<RuleFacts>), CompileError> {
    let vars = VarMap::new(product, &statements).map_err(|e| match e {
        vars::VarError::BadGrid { attribute } => {
            CompileError::one(CompileProblem::BadGrid { attribute })
        }
    })?;
    let price_conditions = parse_price_conditions(product)?;
    let nvars = vars.vars.len();
    let mut ctx = Ctx {
        product,
        statements: &statements,
        vars: &vars,
        level_of: (0..nvars as u32).collect(),
        budget: options.node_budget,
    };
    let defs = ctx
        .collect()
        .map_err(|problems| CompileError { problems })?;
    let scopes: Vec<Vec<u32>> = defs.iter().map(|d| d.scope.clone()).collect();
    ctx.level_of = order::order(nvars, &scopes, options.order);
    let schedule::Built {
        mut builder,
        roots,
        root,
        locals,
    } = schedule::build(&mut ctx, &defs, &options)?;
    let level_var = schedule::level_var(&ctx);
    let facts = if analyse && root != mdd::FALSE {
        Some(analyse_rules(&mut builder, &ctx, &defs, &roots, root)?)
    } else {
        None
    };
    let all_levels: Vec<usize> = (0..nvars).collect();
    let mut diagram = Flat::extract(&builder, root, &all_levels, &level_var);
    let mut constraints: Vec<CompiledConstraint> = defs
        .iter()
        .zip(locals)
        .map(|(def, diagram)| CompiledConstraint {
            constraint: def.kind.clone(),
            scope: def.scope.clone(),
            diagram,
        })
        .collect();
    drop(builder);
    if options.sift_budget > 0 {
        let level_of = sift::sift(&mut diagram, nvars, options.sift_budget, usize::MAX);
        for c in &mut constraints {
            c.diagram = sift::follow(&c.diagram, &level_of);
        }
    }
    let mut index: Vec<(String, u32)> = product
        .attributes
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.clone(), i as u32))
        .collect();
    index.sort();
    let compiled = CompiledProduct {
        product: product.clone(),
        vat_rate_bp: catalog.vat_rate_bp,
        currency: catalog.currency.clone(),
        rules: statements,
        price_conditions,
        vars,
        diagram,
        constraints,
        index,
    };
    Ok((compiled, facts))
}

fn analyse_rules(
    b: &mut Builder,
    ctx: &Ctx,
    defs: &[ConstraintDef],
    roots: &[u32],
    root: u32,
) -> Result<RuleFacts, CompileError> {
    let big = |_| CompileError::one(CompileProblem::TooLarge { nodes: ctx.budget });
    let mut facts = RuleFacts::default();
    for (i, s) in ctx.statements.iter().enumerate() {
        let cond = match s {
            Statement::Requires(a, _) | Statement::Excludes(a, _) => Some(a),
            Statement::VisibleIf { cond, .. } => Some(cond),
            Statement::Default { cond: Some(c), .. } => Some(c),
            _ => None,
        };
        if let Some(c) = cond {
            let m = ctx.cond(b, c, i).map_err(CompileError::one)?;
            if b.and(root, m).map_err(big)? == mdd::FALSE {
                facts.never_holds.push(i);
            }
        }
        if let Statement::Always(c) = s {
            let mut rest = b.tautology(0);
            for (def, &r) in defs.iter().zip(roots) {
                if !matches!(def.kind, ConstraintRef::Rule { index } if index == i) {
                    rest = b.and(rest, r).map_err(big)?;
                }
            }
            let m = ctx.cond(b, c, i).map_err(CompileError::one)?;
            let not_m = b.not(m, 0).map_err(big)?;
            if b.and(rest, not_m).map_err(big)? == mdd::FALSE {
                facts.implied.push(i);
            }
        }
    }
    Ok(facts)
}

//! The compact binary form of a compiled product, what the browser
//! downloads: no per-node JSON objects, the diagrams as varint arrays.
//!
//! Layout: the magic `ATCP`, a version byte, a varint length and the JSON
//! of everything but the diagrams (product, rules, variables, index, each
//! constraint's reference and scope), then the product's diagram and each
//! constraint's diagram in order, then nothing. A diagram: its level count
//! and the variable of each level, a satisfiable byte, each level's node
//! count, each node's edge count, and per edge its value (the gap after the
//! previous value of the node, minus one) and, above the last level, its
//! target as an index into the next level (the last level's edges all go
//! to the accepting terminal). Every number is an unsigned LEB128 varint.
//!
//! Decoding is total: the JSON is read in place from the input (no second
//! copy of the bytes), every count is bounded by the bytes left, and every
//! index the queries follow (variables, values, targets, attribute
//! indices) is checked; damaged input gives a [`DecodeError`], never a
//! panic.

mod check;
mod varint;

use super::flat::Flat;
use super::types::ConstraintRef;
use super::vars::VarMap;
use super::{CompiledConstraint, CompiledProduct};
use crate::model::Product;
use crate::rules::ast::{Cond, Statement};
use serde::{Deserialize, Serialize};
use varint::{put, Reader};

/// The first bytes of the compact form.
pub const MAGIC: [u8; 4] = *b"ATCP";
/// The version of the layout.
pub const VERSION: u8 = 1;

/// Why bytes are not a compact compiled product.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("compiled product, byte {offset}: {message}")]
pub struct DecodeError {
    /// Where the problem was found.
    pub offset: usize,
    pub message: String,
}

#[derive(Serialize)]
struct HeaderOut<'a> {
    product: &'a Product,
    vat_rate_bp: u32,
    currency: &'a str,
    rules: &'a [Statement],
    price_conditions: &'a [Cond],
    vars: &'a VarMap,
    index: &'a [(String, u32)],
    constraints: Vec<(&'a ConstraintRef, &'a [u32])>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeaderIn {
    product: Product,
    vat_rate_bp: u32,
    currency: String,
    rules: Vec<Statement>,
    price_conditions: Vec<Cond>,
    vars: VarMap,
    index: Vec<(String, u32)>,
    constraints: Vec<(ConstraintRef, Vec<u32>)>,
}

impl CompiledProduct {
    /// The compact binary form (see the module doc). For the browser,
    /// encode [`Self::for_browser`].
    pub fn to_compact(&self) -> Vec<u8> {
        let header = HeaderOut {
            product: &self.product,
            vat_rate_bp: self.vat_rate_bp,
            currency: &self.currency,
            rules: &self.rules,
            price_conditions: &self.price_conditions,
            vars: &self.vars,
            index: &self.index,
            constraints: self
                .constraints
                .iter()
                .map(|c| (&c.constraint, c.scope.as_slice()))
                .collect(),
        };
        // Serialising plain data to a Vec cannot fail.
        let json = serde_json::to_vec(&header).unwrap_or_default();
        let mut out = Vec::with_capacity(json.len() + 8 * self.diagram.edge_count());
        out.extend_from_slice(&MAGIC);
        out.push(VERSION);
        put(&mut out, json.len() as u64);
        out.extend_from_slice(&json);
        encode_flat(&mut out, &self.diagram);
        for c in &self.constraints {
            encode_flat(&mut out, &c.diagram);
        }
        out
    }

    /// Decodes the compact form, checking it (see the module doc).
    pub fn from_compact(bytes: &[u8]) -> Result<CompiledProduct, DecodeError> {
        let mut r = Reader::new(bytes);
        if r.take(4)? != MAGIC {
            return Err(r.fail("not a compact compiled product (bad magic)"));
        }
        let version = r.take(1)?[0];
        if version != VERSION {
            return Err(r.fail(format!("version {version}, expected {VERSION}")));
        }
        let len = r.count()?;
        let at = r.offset();
        let header: HeaderIn = serde_json::from_slice(r.take(len)?).map_err(|e| DecodeError {
            offset: at,
            message: format!("header: {e}"),
        })?;
        let domain: Vec<u32> = header.vars.vars.iter().map(|v| v.domain()).collect();
        let diagram = decode_flat(&mut r, &domain)?;
        let mut constraints = Vec::with_capacity(header.constraints.len().min(bytes.len()));
        for (constraint, scope) in header.constraints {
            let diagram = decode_flat(&mut r, &domain)?;
            constraints.push(CompiledConstraint {
                constraint,
                scope,
                diagram,
            });
        }
        if r.offset() != bytes.len() {
            return Err(r.fail("trailing bytes"));
        }
        let compiled = CompiledProduct {
            product: header.product,
            vat_rate_bp: header.vat_rate_bp,
            currency: header.currency,
            rules: header.rules,
            price_conditions: header.price_conditions,
            vars: header.vars,
            diagram,
            constraints,
            index: header.index,
        };
        check::shape(&compiled).map_err(|message| DecodeError {
            offset: bytes.len(),
            message,
        })?;
        Ok(compiled)
    }
}

fn encode_flat(out: &mut Vec<u8>, flat: &Flat) {
    let levels = flat.vars.len();
    put(out, levels as u64);
    for &v in &flat.vars {
        put(out, u64::from(v));
    }
    out.push(u8::from(flat.satisfiable));
    for w in flat.level_start.windows(2) {
        put(out, u64::from(w[1] - w[0]));
    }
    for w in flat.node_start.windows(2) {
        put(out, u64::from(w[1] - w[0]));
    }
    for level in 0..levels {
        let next = flat.level_start[level + 1];
        let nodes = flat.level_start[level] as usize..next as usize;
        for node in nodes {
            let mut prev: Option<u16> = None;
            for e in flat.node_start[node] as usize..flat.node_start[node + 1] as usize {
                let v = flat.values[e];
                put(out, u64::from(prev.map_or(v, |p| v - p - 1)));
                prev = Some(v);
                if level + 1 < levels {
                    put(out, u64::from(flat.targets[e] - next));
                }
            }
        }
    }
}

fn decode_flat(r: &mut Reader, domain: &[u32]) -> Result<Flat, DecodeError> {
    let levels = r.count()?;
    if levels > domain.len() {
        return Err(r.fail("more levels than variables"));
    }
    let mut vars = Vec::with_capacity(levels);
    let mut seen = vec![false; domain.len()];
    for _ in 0..levels {
        let v = r.count()?;
        if v >= domain.len() || seen[v] {
            return Err(r.fail(format!("variable {v} unknown or repeated")));
        }
        seen[v] = true;
        vars.push(v as u32);
    }
    let satisfiable = match r.take(1)?[0] {
        0 => false,
        1 => true,
        b => return Err(r.fail(format!("satisfiable byte {b}"))),
    };
    let mut level_start = Vec::with_capacity(levels + 1);
    level_start.push(0u32);
    let mut total = 0usize;
    for level in 0..levels {
        let width = r.count()?;
        if satisfiable && (width == 0 || (level == 0 && width != 1)) {
            return Err(r.fail("a level of a satisfiable diagram has no node, or two roots"));
        }
        total += width;
        if total > r.left() {
            return Err(r.fail("more nodes than bytes"));
        }
        level_start.push(total as u32);
    }
    if !satisfiable && total != 0 {
        return Err(r.fail("an unsatisfiable diagram with nodes"));
    }
    let mut node_start = Vec::with_capacity(total + 1);
    node_start.push(0u32);
    let mut edges = 0usize;
    for _ in 0..total {
        let degree = r.count()?;
        if degree == 0 {
            return Err(r.fail("a node without edges"));
        }
        edges += degree;
        if edges > r.left() {
            return Err(r.fail("more edges than bytes"));
        }
        node_start.push(edges as u32);
    }
    let mut values = Vec::with_capacity(edges);
    let mut targets = Vec::with_capacity(edges);
    for level in 0..levels {
        let dom = u64::from(domain[vars[level] as usize]);
        let next = level_start[level + 1];
        let next_width = if level + 1 < levels {
            u64::from(level_start[level + 2] - next)
        } else {
            0
        };
        for node in level_start[level] as usize..next as usize {
            let mut prev: Option<u64> = None;
            for _ in node_start[node]..node_start[node + 1] {
                let gap = r.varint()?;
                let v = match prev {
                    None => Some(gap),
                    Some(p) => p.checked_add(gap).and_then(|x| x.checked_add(1)),
                };
                let v = v
                    .filter(|&v| v < dom)
                    .ok_or_else(|| r.fail(format!("a value past the domain ({dom})")))?;
                prev = Some(v);
                values.push(v as u16);
                if level + 1 < levels {
                    let t = r.varint()?;
                    if t >= next_width {
                        return Err(r.fail("an edge to no node"));
                    }
                    targets.push(next + t as u32);
                } else {
                    targets.push(total as u32);
                }
            }
        }
    }
    Ok(Flat {
        vars,
        level_start,
        node_start,
        values,
        targets,
        satisfiable,
    })
}

#[cfg(test)]
mod tests;

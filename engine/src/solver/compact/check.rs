//! The structure the queries index by, checked after decoding: variables
//! and attributes agree, indices are in range, constraint diagrams stay in
//! their scopes.

use crate::model::AttributeKind;
use crate::solver::vars::VarKind;
use crate::solver::CompiledProduct;

/// `Err` with what is inconsistent.
pub(super) fn shape(c: &CompiledProduct) -> Result<(), String> {
    let attrs = &c.product.attributes;
    let nvars = c.vars.vars.len();
    if c.vars.by_attribute.len() != attrs.len() {
        return Err("variables and attributes differ in number".into());
    }
    if c.rules.len() != c.product.rules.len()
        || c.price_conditions.len() != c.product.price_rules.len()
    {
        return Err("parsed rules and rules differ in number".into());
    }
    for (a, (attr, vars)) in attrs.iter().zip(&c.vars.by_attribute).enumerate() {
        let options = attr.kind.options().len() as u32;
        for (k, &v) in vars.iter().enumerate() {
            let var = c
                .vars
                .vars
                .get(v as usize)
                .ok_or_else(|| format!("attribute {a}: unknown variable {v}"))?;
            let fits = var.attribute as usize == a
                && match (&attr.kind, &var.kind) {
                    (AttributeKind::Choice { .. }, VarKind::Choice { options: n, .. }) => {
                        *n == options && vars.len() == 1
                    }
                    (AttributeKind::Multi { .. }, VarKind::MultiOption { option }) => {
                        *option == k as u32 && vars.len() == options as usize
                    }
                    (AttributeKind::Text(_), VarKind::Text) => vars.len() == 1,
                    (AttributeKind::Number(_), VarKind::Number { .. }) => vars.len() == 1,
                    _ => false,
                };
            if !fits {
                return Err(format!("attribute {a}: variable {v} does not fit it"));
            }
        }
    }
    if c.vars.vars.iter().any(|v| v.domain() > u32::from(u16::MAX)) {
        return Err("a variable's domain is too large".into());
    }
    if c.index.len() != attrs.len()
        || c.index
            .iter()
            .any(|(id, a)| attrs.get(*a as usize).is_none_or(|x| &x.id != id))
        || c.index.windows(2).any(|w| w[0].0 > w[1].0)
    {
        return Err("the attribute index does not match the attributes".into());
    }
    for (i, k) in c.constraints.iter().enumerate() {
        if k.scope.iter().any(|&v| v as usize >= nvars)
            || k.diagram.vars.iter().any(|v| !k.scope.contains(v))
        {
            return Err(format!("constraint {i}: diagram outside its scope"));
        }
    }
    Ok(())
}

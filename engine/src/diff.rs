//! The difference between two catalog versions in business terms, for the
//! version history ("what changed between version 3 and 5"): each addition,
//! removal and change named by its path in the catalog check's style, e.g.
//! `products[ring].attributes[metal].options[platinum].price`.
//!
//! Products, groups, attributes, options, fonts, tables, production lines and
//! components are matched by id and named by it; rules by their text, price
//! rules by their condition, table rows by their cells and quantity tiers by
//! their minimum quantity, and those are named by index: in the new catalog,
//! or in the old one for a removed item.

use crate::model::{
    AttrOption, Attribute, AttributeKind, Catalog, Component, ComponentUse, Font, Group, Minor,
    NumberSpec, PriceRule, Product, ProductionLine, QuantityTier, Rule, Table, Text, TextSpec,
};
use crate::pricing::format_money;
use crate::{Lang, Milli};
use serde::{Deserialize, Serialize};
use std::fmt;

/// One difference, named by where it is (the same path style as the catalog
/// check) and what it was and is: short English renderings, `None` where
/// there was nothing (an added or removed item or optional field).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub path: String,
    pub kind: ChangeKind,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl fmt::Display for Change {
    /// `path: added X`, `path: removed X` or `path: before -> after`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (path, before) = (&self.path, self.before.as_deref().unwrap_or_default());
        let after = self.after.as_deref().unwrap_or_default();
        match self.kind {
            ChangeKind::Added => write!(f, "{path}: added {after}"),
            ChangeKind::Removed => write!(f, "{path}: removed {before}"),
            ChangeKind::Changed => write!(f, "{path}: {before} -> {after}"),
        }
    }
}

/// Whether something appeared, disappeared or took another value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChangeKind {
    Added,
    Removed,
    Changed,
}

/// Every difference from `old` to `new`, in catalog order (products, then
/// within a product: fields, attributes/options, rules, tables, price rules,
/// tiers), then catalog-wide fields (currency, VAT, production lines,
/// components). Identical catalogs give none.
pub fn diff(old: &Catalog, new: &Catalog) -> Vec<Change> {
    let (o, n) = (old, new);
    let mut d = Diff {
        out: Vec::new(),
        old_currency: &o.currency,
        new_currency: &n.currency,
    };
    d.list("", "products", &o.products, &n.products, Diff::product);
    d.field("", "currency", &o.currency, &n.currency);
    d.render("", "vat_rate_bp", o.vat_rate_bp, n.vat_rate_bp, percent);
    let lines = (&o.production_lines, &n.production_lines);
    d.list("", "production_lines", lines.0, lines.1, Diff::name);
    d.list("", "components", &o.components, &n.components, Diff::name);
    d.out
}

/// Collects changes; amounts render in the currency of their own version.
struct Diff<'c> {
    out: Vec<Change>,
    old_currency: &'c str,
    new_currency: &'c str,
}

impl Diff<'_> {
    /// Records `before -> after` at `path` unless they are equal.
    fn set(&mut self, path: String, before: Option<String>, after: Option<String>) {
        let kind = match (&before, &after) {
            (b, a) if b == a => return,
            (None, _) => ChangeKind::Added,
            (_, None) => ChangeKind::Removed,
            _ => ChangeKind::Changed,
        };
        let change = Change {
            path,
            kind,
            before,
            after,
        };
        self.out.push(change);
    }

    fn field(&mut self, at: &str, name: &str, before: impl ToString, after: impl ToString) {
        let (before, after) = (before.to_string(), after.to_string());
        self.set(join(at, name), Some(before), Some(after));
    }

    /// A field whose values `show` renders.
    fn render<T, S: ToString>(&mut self, at: &str, name: &str, o: T, n: T, show: impl Fn(T) -> S) {
        self.field(at, name, show(o), show(n));
    }

    fn text(&mut self, at: &str, name: &str, before: &Text, after: &Text) {
        self.field(at, &format!("{name}.de"), &before.de, &after.de);
        self.field(at, &format!("{name}.en"), &before.en, &after.en);
    }

    /// An amount; a new currency alone does not change it.
    fn money(&mut self, at: &str, name: &str, before: Minor, after: Minor) {
        if before == after {
            return;
        }
        let before = format_money(before, self.old_currency, Lang::En);
        let after = format_money(after, self.new_currency, Lang::En);
        self.field(at, name, before, after);
    }

    /// Pairs the items of a list by key: added and removed ones are recorded
    /// whole, `both` compares the ones in both versions.
    fn list<T: Item>(
        &mut self,
        at: &str,
        name: &str,
        old: &[T],
        new: &[T],
        mut both: impl FnMut(&mut Self, &str, &T, &T),
    ) {
        let path = |index: usize, item: &T| match item.key() {
            Key::Id(id) => format!("{}[{id}]", join(at, name)),
            _ => format!("{}[{index}]", join(at, name)),
        };
        for pair in pair(old, new) {
            match pair {
                Pair::Removed(i, o) => self.set(path(i, o), Some(o.show(self.old_currency)), None),
                Pair::Added(i, n) => self.set(path(i, n), None, Some(n.show(self.new_currency))),
                Pair::Both(_, i, o, n) => both(self, &path(i, n), o, n),
            }
        }
    }

    fn product(&mut self, at: &str, o: &Product, n: &Product) {
        self.text(at, "name", &o.name, &n.name);
        self.text(at, "description", &o.description, &n.description);
        self.set(join(at, "image"), o.image.clone(), n.image.clone());
        self.set(join(at, "drawing"), o.drawing.clone(), n.drawing.clone());
        self.money(at, "base_price", o.base_price, n.base_price);
        let line = (&o.production_line, &n.production_line);
        self.field(at, "production_line", line.0, line.1);
        self.render(at, "base_days", o.base_days, n.base_days, days);
        self.render(at, "shipping_days", o.shipping_days, n.shipping_days, days);
        self.list(at, "groups", &o.groups, &n.groups, Diff::name);
        let attributes = (&o.attributes, &n.attributes);
        self.list(
            at,
            "attributes",
            attributes.0,
            attributes.1,
            Diff::attribute,
        );
        self.list(at, "rules", &o.rules, &n.rules, |d, at, o, n| {
            d.text(at, "message", &o.message, &n.message)
        });
        self.list(at, "tables", &o.tables, &n.tables, Diff::table);
        let rules = (&o.price_rules, &n.price_rules);
        self.list(at, "price_rules", rules.0, rules.1, |d, at, o, n| {
            d.money(at, "amount", o.amount, n.amount);
            d.text(at, "label", &o.label, &n.label);
        });
        let tiers = (&o.quantity_tiers, &n.quantity_tiers);
        self.list(at, "quantity_tiers", tiers.0, tiers.1, |d, at, o, n| {
            d.render(at, "discount_bp", o.discount_bp, n.discount_bp, percent)
        });
    }

    /// Compares the names (or labels) of groups, fonts, lines and components.
    fn name<T: Named>(&mut self, at: &str, o: &T, n: &T) {
        let ((field, before), (_, after)) = (o.name(), n.name());
        self.text(at, field, before, after);
    }

    fn attribute(&mut self, at: &str, o: &Attribute, n: &Attribute) {
        use AttributeKind as K;
        self.text(at, "label", &o.label, &n.label);
        self.text(at, "help", &o.help, &n.help);
        self.set(join(at, "group"), o.group.clone(), n.group.clone());
        self.set(join(at, "drawing"), o.drawing.clone(), n.drawing.clone());
        self.render(at, "kind", &o.kind, &n.kind, kind_word);
        match (&o.kind, &n.kind) {
            (K::Choice { required: a, .. }, K::Choice { required: b, .. }) => {
                self.render(at, "required", *a, *b, required)
            }
            (K::Multi { min, max, .. }, K::Multi { min: b, max: y, .. }) => {
                self.field(at, "min", min, b);
                self.render(at, "max", *max, *y, up_to);
            }
            (K::Text(a), K::Text(b)) => self.text_spec(at, a, b),
            (K::Number(a), K::Number(b)) => self.number_spec(at, a, b),
            _ => {}
        }
        let options = (o.kind.options(), n.kind.options());
        self.list(at, "options", options.0, options.1, Diff::option);
    }

    fn option(&mut self, at: &str, o: &AttrOption, n: &AttrOption) {
        self.text(at, "label", &o.label, &n.label);
        self.text(at, "description", &o.description, &n.description);
        self.money(at, "price", o.price, n.price);
        self.render(at, "days", o.days, n.days, days);
        self.set(join(at, "swatch"), o.swatch.clone(), n.swatch.clone());
        self.set(join(at, "image"), o.image.clone(), n.image.clone());
        self.set(join(at, "drawing"), o.drawing.clone(), n.drawing.clone());
        let uses = (uses(&o.components), uses(&n.components));
        self.field(at, "components", uses.0, uses.1);
    }

    fn text_spec(&mut self, at: &str, o: &TextSpec, n: &TextSpec) {
        self.field(at, "max_len", o.max_len, n.max_len);
        self.render(at, "allowed", &o.allowed, &n.allowed, allowed);
        self.list(at, "fonts", &o.fonts, &n.fonts, Diff::name);
        self.money(at, "price_per_char", o.price_per_char, n.price_per_char);
        self.money(at, "surcharge", o.surcharge, n.surcharge);
        self.render(at, "days", o.days, n.days, days);
        self.render(at, "required", o.required, n.required, required);
    }

    fn number_spec(&mut self, at: &str, o: &NumberSpec, n: &NumberSpec) {
        self.field(at, "min", o.min, n.min);
        self.field(at, "max", o.max, n.max);
        self.field(at, "step", o.step, n.step);
        self.field(at, "unit", &o.unit, &n.unit);
        self.render(at, "required", o.required, n.required, required);
    }

    fn table(&mut self, at: &str, o: &Table, n: &Table) {
        let attributes = (cells(&o.attributes), cells(&n.attributes));
        self.field(at, "attributes", attributes.0, attributes.1);
        self.list(at, "rows", &o.rows, &n.rows, |_, _, _, _| {});
        self.text(at, "message", &o.message, &n.message);
    }
}

/// What matches an item of a list across versions. An id also names the
/// item in paths; the others leave it named by index.
#[derive(PartialEq)]
enum Key<'a> {
    Id(&'a str),
    Text(&'a str),
    Cells(&'a [String]),
    Quantity(u32),
}

/// An item of a list: how it is matched and how it reads when added or removed.
trait Item {
    fn key(&self) -> Key<'_>;
    /// The item in a few words; amounts in `currency`.
    fn show(&self, currency: &str) -> String;
}

/// Something with a name in both languages: the field and its text.
trait Named {
    fn name(&self) -> (&'static str, &Text);
}

/// `Item` for each `Type, item, currency => key, show;`.
macro_rules! items {
    ($($ty:ty, $it:ident, $cur:pat => $key:expr, $show:expr;)*) => {$(
        impl Item for $ty {
            fn key(&self) -> Key<'_> {
                let $it = self;
                $key
            }
            fn show(&self, $cur: &str) -> String {
                let $it = self;
                $show
            }
        }
    )*};
}

/// Items matched and named by id and shown by their English name or label.
macro_rules! by_id {
    ($($ty:ty => $name:ident),*) => {
        $(impl Named for $ty {
            fn name(&self) -> (&'static str, &Text) {
                (stringify!($name), &self.$name)
            }
        })*
        items! { $($ty, it, _ => Key::Id(&it.id), it.$name.get(Lang::En).to_owned();)* }
    };
}

by_id! {
    Product => name, Group => label, Attribute => label, AttrOption => label,
    Font => label, ProductionLine => name, Component => name
}

items! {
    Table, t, _ => Key::Id(&t.id),
        format!("{}: {}", cells(&t.attributes), count(t.rows.len(), "row"));
    Rule, r, _ => Key::Text(&r.rule), r.rule.clone();
    Vec<String>, row, _ => Key::Cells(row), cells(row);
    PriceRule, p, currency => Key::Text(&p.when), {
        let amount = format_money(p.amount, currency, Lang::En);
        format!("{amount} if {} ({})", p.when, p.label.get(Lang::En))
    };
    QuantityTier, t, _ => Key::Quantity(t.min_quantity),
        format!("{} off from {}", percent(t.discount_bp), count(t.min_quantity, "unit"));
}

/// An item only in the old list, only in the new one or in both, with its
/// index in the list it is in (both indexes when in both).
enum Pair<'a, T> {
    Removed(usize, &'a T),
    Added(usize, &'a T),
    Both(usize, usize, &'a T, &'a T),
}

/// Matches each new item to the first unmatched old item with its key, in
/// the new order; each removed item goes right after the old item before it.
fn pair<'a, T: Item>(old: &'a [T], new: &'a [T]) -> Vec<Pair<'a, T>> {
    let mut used = vec![false; old.len()];
    let mut pairs: Vec<Pair<T>> = Vec::with_capacity(new.len());
    for (i, n) in new.iter().enumerate() {
        let matching = |(j, o): &(usize, &T)| !used[*j] && o.key() == n.key();
        match old.iter().enumerate().find(matching) {
            Some((j, o)) => {
                used[j] = true;
                pairs.push(Pair::Both(j, i, o, n));
            }
            None => pairs.push(Pair::Added(i, n)),
        }
    }
    for (k, o) in old.iter().enumerate().filter(|(k, _)| !used[*k]) {
        let earlier = |p: &Pair<T>| matches!(p, Pair::Both(j, ..) | Pair::Removed(j, _) if *j < k);
        let at = pairs.iter().rposition(earlier).map_or(0, |at| at + 1);
        pairs.insert(at, Pair::Removed(k, o));
    }
    pairs
}

/// `field` below `path` (the catalog itself when empty).
fn join(path: &str, field: &str) -> String {
    match path {
        "" => field.to_owned(),
        _ => format!("{path}.{field}"),
    }
}

/// `1 unit`, `2 units`.
fn count(n: impl TryInto<u64>, what: &str) -> String {
    let n = n.try_into().unwrap_or(u64::MAX);
    format!("{n} {what}{}", if n == 1 { "" } else { "s" })
}

/// Basis points as a percentage: `19 %`, `7.5 %`.
fn percent(bp: u32) -> String {
    format!("{} %", Milli(i64::from(bp) * 10))
}

fn days(n: u32) -> String {
    count(n, "working day")
}

fn required(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

fn up_to(max: Option<u32>) -> String {
    max.map_or_else(|| "all".to_owned(), |m| m.to_string())
}

fn allowed(allowed: &Option<String>) -> &str {
    allowed
        .as_deref()
        .unwrap_or("letters, digits, spaces and punctuation")
}

fn kind_word(kind: &AttributeKind) -> &'static str {
    match kind {
        AttributeKind::Choice { .. } => "choice",
        AttributeKind::Multi { .. } => "multi",
        AttributeKind::Text(_) => "text",
        AttributeKind::Number(_) => "number",
    }
}

/// Ids or row cells joined with `, `; `none` for none.
fn cells(cells: &[String]) -> String {
    match cells {
        [] => "none".to_owned(),
        _ => cells.join(", "),
    }
}

/// A bill of materials: `1 × gold-585, 2 × diamond-010`.
fn uses(uses: &[ComponentUse]) -> String {
    let uses: Vec<String> = uses
        .iter()
        .map(|u| format!("{} × {}", u.qty, u.component))
        .collect();
    cells(&uses)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn demo() -> Catalog {
        Catalog::from_json(include_str!("../../catalog/catalog.json")).expect("demo decodes")
    }

    fn product<'c>(catalog: &'c mut Catalog, id: &str) -> &'c mut Product {
        catalog
            .products
            .iter_mut()
            .find(|p| p.id == id)
            .expect("product")
    }

    fn options<'c>(catalog: &'c mut Catalog, id: &str, attr: &str) -> &'c mut Vec<AttrOption> {
        let attribute = product(catalog, id)
            .attributes
            .iter_mut()
            .find(|a| a.id == attr);
        match attribute.map(|a| &mut a.kind) {
            Some(AttributeKind::Choice { options, .. }) => options,
            _ => panic!("choice attribute {attr}"),
        }
    }

    fn lines(old: &Catalog, new: &Catalog) -> Vec<String> {
        diff(old, new).iter().map(Change::to_string).collect()
    }

    #[test]
    fn identical_catalogs_have_no_changes() {
        assert_eq!(diff(&demo(), &demo()), vec![]);
    }

    #[test]
    fn price_changes_are_amounts_in_the_currency() {
        let old = demo();
        let mut new = old.clone();
        product(&mut new, "ring").base_price = 8500;
        let platinum = &mut options(&mut new, "ring", "metal")[4];
        platinum.price = 125_000;
        platinum.swatch = None;
        let metal = "products[ring].attributes[metal].options[platinum]";
        assert_eq!(
            lines(&old, &new),
            [
                "products[ring].base_price: €79.00 -> €85.00".to_owned(),
                format!("{metal}.price: €1,190.00 -> €1,250.00"),
                format!("{metal}.swatch: removed #e5e4e2"),
            ]
        );
    }

    #[test]
    fn an_added_option_with_its_rule_and_a_changed_message() {
        let old = demo();
        let mut new = old.clone();
        let mut titanium = options(&mut new, "ring", "metal")[0].clone();
        (titanium.id, titanium.label.en) = ("titanium".into(), "Titanium".into());
        options(&mut new, "ring", "metal").push(titanium);
        let ring = product(&mut new, "ring");
        let message = std::mem::replace(&mut ring.rules[1].message.en, "No ruby.".into());
        let rule = "metal = titanium excludes stone = diamond";
        ring.rules.push(Rule {
            rule: rule.into(),
            message: Text::default(),
        });
        assert_eq!(
            lines(&old, &new),
            [
                "products[ring].attributes[metal].options[titanium]: added Titanium".to_owned(),
                format!("products[ring].rules[1].message.en: {message} -> No ruby."),
                format!("products[ring].rules[9]: added {rule}"),
            ]
        );
    }

    #[test]
    fn a_removed_product_is_one_change() {
        let old = demo();
        let mut new = old.clone();
        new.products.retain(|p| p.id != "shirt");
        let removed = Change {
            path: "products[shirt]".into(),
            kind: ChangeKind::Removed,
            before: Some("Made-to-measure shirt".into()),
            after: None,
        };
        assert_eq!(diff(&old, &new), [removed]);
    }

    #[test]
    fn table_rows_added_and_removed() {
        let old = demo();
        let mut new = old.clone();
        let rows = &mut product(&mut new, "car").tables[0].rows;
        rows.remove(2);
        rows.push(vec!["v6".into(), "manual6".into()]);
        let rows = "products[car].tables[engine-transmission].rows";
        assert_eq!(
            lines(&old, &new),
            [
                format!("{rows}[2]: removed d150, manual6"),
                format!("{rows}[5]: added v6, manual6"),
            ]
        );
    }

    #[test]
    fn vat_and_tiers_are_percentages_after_the_products() {
        let old = demo();
        let mut new = old.clone();
        new.vat_rate_bp = 700;
        new.production_lines[2].name.en = "Tailor".into();
        product(&mut new, "shirt").quantity_tiers[1].discount_bp = 750;
        assert_eq!(
            lines(&old, &new),
            [
                "products[shirt].quantity_tiers[1].discount_bp: 10 % -> 7.5 %",
                "vat_rate_bp: 19 % -> 7 %",
                "production_lines[tailor].name.en: Tailoring workshop -> Tailor",
            ]
        );
    }
}

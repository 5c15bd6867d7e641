//! Properties of pricing: order independence and exact arithmetic.

use engine::model::QuantityTier;
use engine::pricing::price;
use engine::{Product, Selection, Value};
use proptest::prelude::*;
use std::collections::BTreeSet;

fn product(tiers: Vec<QuantityTier>) -> Product {
    let mut p: Product = serde_json::from_str(
        r#"{
        "id": "shirt", "name": {"de": "Hemd", "en": "Shirt"},
        "base_price": 8990, "production_line": "sew", "base_days": 4,
        "attributes": [
          {"id": "fabric", "label": {"de": "Stoff", "en": "Fabric"}, "kind": "choice",
           "options": [
             {"id": "cotton", "label": {"de": "Baumwolle", "en": "Cotton"}},
             {"id": "linen", "label": {"de": "Leinen", "en": "Linen"}, "price": 2495},
             {"id": "silk", "label": {"de": "Seide", "en": "Silk"}, "price": 7333}]},
          {"id": "extras", "label": {"de": "Extras", "en": "Extras"}, "kind": "multi",
           "options": [
             {"id": "pocket", "label": {"de": "Tasche", "en": "Pocket"}, "price": 995},
             {"id": "cufflinks", "label": {"de": "Manschettenknöpfe", "en": "Cufflinks"}, "price": 1999},
             {"id": "coupon", "label": {"de": "Gutschein", "en": "Coupon"}, "price": -500},
             {"id": "box", "label": {"de": "Box", "en": "Box"}, "price": 333}]},
          {"id": "monogram", "label": {"de": "Monogramm", "en": "Monogram"}, "kind": "text",
           "max_len": 3, "surcharge": 777, "price_per_char": 111}
        ],
        "price_rules": [
          {"when": "extras has pocket and fabric = silk", "amount": -701,
           "label": {"de": "Seidenrabatt", "en": "Silk discount"}},
          {"when": "monogram is set or extras has box", "amount": 249,
           "label": {"de": "Verpackung", "en": "Packaging"}}
        ]
      }"#,
    )
    .expect("fixture parses");
    p.quantity_tiers = tiers;
    p
}

const FABRICS: [&str; 3] = ["cotton", "linen", "silk"];
const EXTRAS: [&str; 4] = ["pocket", "cufflinks", "coupon", "box"];

/// One attribute assignment; a configuration is a list of them.
fn entries() -> impl Strategy<Value = Vec<(String, Value)>> {
    (
        proptest::option::of(0..3usize),
        proptest::sample::subsequence(EXTRAS.to_vec(), 0..=4),
        proptest::option::of("[A-Z ]{0,3}"),
    )
        .prop_map(|(fabric, extras, monogram)| {
            let mut out = Vec::new();
            if let Some(f) = fabric {
                out.push(("fabric".to_string(), Value::Choice(FABRICS[f].into())));
            }
            if !extras.is_empty() {
                let set: BTreeSet<String> = extras.iter().map(|e| e.to_string()).collect();
                out.push(("extras".to_string(), Value::Multi(set)));
            }
            if let Some(text) = monogram {
                out.push((
                    "monogram".to_string(),
                    Value::Text {
                        text,
                        font: "serif".into(),
                    },
                ));
            }
            out
        })
}

fn tiers() -> impl Strategy<Value = Vec<QuantityTier>> {
    proptest::collection::vec(
        (1..100u32, 0..=10_000u32).prop_map(|(min_quantity, discount_bp)| QuantityTier {
            min_quantity,
            discount_bp,
        }),
        0..4,
    )
}

fn build(entries: &[(String, Value)]) -> Selection {
    let mut s = Selection::new();
    for (k, v) in entries {
        s.set(k.clone(), v.clone());
    }
    s
}

proptest! {
    #[test]
    fn price_does_not_depend_on_insertion_order(
        entries in entries(),
        order in any::<proptest::sample::Index>(),
        quantity in 1..500u32,
        tiers in tiers(),
    ) {
        let product = product(tiers);
        let forward = build(&entries);
        let mut rotated = entries.clone();
        if !rotated.is_empty() {
            let k = order.index(rotated.len());
            rotated.rotate_left(k);
        }
        let mut reversed = entries.clone();
        reversed.reverse();
        // Multi options inserted in reverse order too.
        let reversed: Vec<_> = reversed.into_iter().map(|(k, v)| match v {
            Value::Multi(set) => {
                let mut s = BTreeSet::new();
                for o in set.into_iter().rev() { s.insert(o); }
                (k, Value::Multi(s))
            }
            v => (k, v),
        }).collect();
        let a = price(&product, 1900, "EUR", &forward, quantity);
        prop_assert_eq!(&a, &price(&product, 1900, "EUR", &build(&rotated), quantity));
        prop_assert_eq!(&a, &price(&product, 1900, "EUR", &build(&reversed), quantity));
    }

    #[test]
    fn arithmetic_is_exact(
        entries in entries(),
        quantity in 1..10_000u32,
        vat_rate_bp in 0..5_000u32,
        tiers in tiers(),
    ) {
        let product = product(tiers.clone());
        let p = price(&product, vat_rate_bp, "EUR", &build(&entries), quantity).unwrap();
        prop_assert_eq!(p.unit_price, p.lines.iter().map(|l| l.amount).sum::<i64>());
        prop_assert_eq!(p.total, (p.unit_price - p.tier_discount_per_unit) * i64::from(quantity));
        prop_assert_eq!(p.vat + p.net, p.total);
        // VAT within half a minor unit of total * r / (10000 + r).
        let (total, r) = (i128::from(p.total), i128::from(vat_rate_bp));
        let err2 = (2 * (i128::from(p.vat) * (10_000 + r) - total * r)).abs();
        prop_assert!(err2 <= 10_000 + r, "vat {} total {} rate {}", p.vat, p.total, r);
        // Tier discount within half a minor unit of the exact rate.
        let bp = tiers.iter().filter(|t| t.min_quantity <= quantity)
            .max_by_key(|t| t.min_quantity).map_or(0, |t| {
                // the first tier among equal min_quantity applies
                tiers.iter().find(|u| u.min_quantity == t.min_quantity).unwrap().discount_bp
            });
        let d2 = (2 * (i128::from(p.tier_discount_per_unit) * 10_000
            - i128::from(p.unit_price) * i128::from(bp))).abs();
        prop_assert!(d2 <= 10_000);
        prop_assert!(p.tier_discount_per_unit >= 0 && p.tier_discount_per_unit <= p.unit_price);
    }
}

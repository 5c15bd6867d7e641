use super::*;
use crate::solver::compile;
use crate::Catalog;

fn demo() -> Vec<CompiledProduct> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../catalog/catalog.json");
    let catalog = Catalog::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
    catalog
        .products
        .iter()
        .map(|p| compile(&catalog, &p.id).unwrap())
        .collect()
}

#[test]
fn round_trips_every_demo_product() {
    for c in demo() {
        for form in [c.clone(), c.for_browser()] {
            let bytes = form.to_compact();
            assert_eq!(&bytes[..4], b"ATCP");
            let back = CompiledProduct::from_compact(&bytes).unwrap();
            assert_eq!(back, form);
        }
    }
}

#[test]
fn refuses_every_truncation_and_trailing_bytes() {
    let c = demo().remove(0).for_browser();
    let bytes = c.to_compact();
    for len in 0..bytes.len() {
        assert!(
            CompiledProduct::from_compact(&bytes[..len]).is_err(),
            "{len}"
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    let e = CompiledProduct::from_compact(&longer).unwrap_err();
    assert!(e.message.contains("trailing"), "{e}");
}

#[test]
fn damaged_bytes_are_refused_or_decode_to_a_checked_product() {
    let c = demo().remove(0).for_browser();
    let bytes = c.to_compact();
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..3000 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let mut damaged = bytes.clone();
        let at = (seed % damaged.len() as u64) as usize;
        damaged[at] ^= 1 << ((seed >> 60) % 8);
        if let Ok(d) = CompiledProduct::from_compact(&damaged) {
            // Whatever decodes answers queries without panicking.
            let _ = d.evaluate(&crate::Selection::new());
        }
    }
}

#[test]
fn refuses_bad_magic_version_and_out_of_range_edges() {
    let c = demo().remove(0).for_browser();
    let bytes = c.to_compact();
    let mut bad = bytes.clone();
    bad[0] = b'X';
    assert!(CompiledProduct::from_compact(&bad)
        .unwrap_err()
        .message
        .contains("magic"));
    let mut bad = bytes.clone();
    bad[4] = 99;
    assert!(CompiledProduct::from_compact(&bad)
        .unwrap_err()
        .message
        .contains("version"));
    // A diagram whose one edge points past the next level.
    let domain = [2u32, 2];
    let mut out = Vec::new();
    for x in [2u64, 0, 1, 1, 1, 1, 1, 1, 0, 5, 0] {
        put(&mut out, x);
    }
    let e = decode_flat(&mut Reader::new(&out), &domain).unwrap_err();
    assert!(e.message.contains("no node"), "{e}");
}

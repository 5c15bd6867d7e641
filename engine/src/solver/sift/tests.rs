use super::*;
use crate::solver::mdd::{Builder, Cell};
use crate::solver::types::FREE;

struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// A random conjunction of small tables over `dom` (variable = index),
/// compiled with the variables on levels `order` (order[l] = variable).
fn build(dom: &[u32], tables: &Tables, order: &[u32]) -> Flat {
    let mut level_of = vec![0usize; dom.len()];
    for (l, &v) in order.iter().enumerate() {
        level_of[v as usize] = l;
    }
    let ldom: Vec<u32> = order.iter().map(|&v| dom[v as usize]).collect();
    let mut b = Builder::new(ldom, 1_000_000).unwrap();
    let mut acc = b.tautology(0);
    for (scope, rows) in tables {
        let mut cols: Vec<(usize, usize)> = scope
            .iter()
            .enumerate()
            .map(|(k, &v)| (level_of[v as usize], k))
            .collect();
        cols.sort_unstable();
        let levels: Vec<usize> = cols.iter().map(|c| c.0).collect();
        let cells: Vec<Vec<Cell>> = rows
            .iter()
            .map(|r| cols.iter().map(|&(_, k)| Cell::Val(r[k])).collect())
            .collect();
        let t = b.rows(&levels, &cells).unwrap();
        acc = b.and(acc, t).unwrap();
    }
    let all: Vec<usize> = (0..dom.len()).collect();
    Flat::extract(&b, acc, &all, order)
}

/// A table: its scope and its rows.
type Tables = Vec<(Vec<u32>, Vec<Vec<u32>>)>;

fn random_model(rng: &mut Rng) -> (Vec<u32>, Tables) {
    let n = 2 + rng.below(5) as usize;
    let dom: Vec<u32> = (0..n).map(|_| 1 + rng.below(3) as u32).collect();
    let mut tables = Vec::new();
    for _ in 0..1 + rng.below(4) {
        let a = rng.below(n as u64) as u32;
        let b = (a + 1 + rng.below(n as u64 - 1) as u32) % n as u32;
        let rows = (0..1 + rng.below(6))
            .map(|_| {
                vec![
                    rng.below(u64::from(dom[a as usize])) as u32,
                    rng.below(u64::from(dom[b as usize])) as u32,
                ]
            })
            .collect();
        tables.push((vec![a, b], rows));
    }
    (dom, tables)
}

fn accepted(flat: &Flat, dom: &[u32]) -> Vec<Vec<u32>> {
    let mut out = Vec::new();
    let mut a = vec![0u32; dom.len()];
    'all: loop {
        if flat.accepts_some(&a) {
            out.push(a.clone());
        }
        for k in (0..a.len()).rev() {
            a[k] += 1;
            if a[k] < dom[k] {
                continue 'all;
            }
            a[k] = 0;
        }
        break;
    }
    assert!(!out.iter().any(|x| x.contains(&FREE)));
    out
}

#[test]
fn swaps_keep_the_function_and_stay_canonical() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for _ in 0..300 {
        let (dom, tables) = random_model(&mut rng);
        let n = dom.len();
        let natural: Vec<u32> = (0..n as u32).collect();
        let flat = build(&dom, &tables, &natural);
        let expected = accepted(&flat, &dom);
        let mut layered = Layered::from_flat(&flat);
        assert_eq!(layered.to_flat(), flat);
        for _ in 0..4 {
            layered.swap(rng.below(n as u64 - 1) as usize);
            let swapped = layered.to_flat();
            assert_eq!(accepted(&swapped, &dom), expected);
            let direct = build(&dom, &tables, layered.vars());
            assert_eq!(swapped.node_count(), direct.node_count());
            assert_eq!(swapped.path_count(), flat.path_count());
        }
        let mut rank = vec![0u32; n];
        for (i, r) in rank.iter_mut().enumerate() {
            *r = (n - i) as u32;
        }
        layered.sort_by_rank(&rank);
        let reversed: Vec<u32> = (0..n as u32).rev().collect();
        assert_eq!(layered.vars(), reversed.as_slice());
        layered.sift(u64::MAX, 2.0, usize::MAX);
        let sifted = layered.to_flat();
        assert_eq!(accepted(&sifted, &dom), expected);
        assert!(
            sifted.node_count()
                <= flat
                    .node_count()
                    .max(build(&dom, &tables, &reversed).node_count())
        );
    }
}

//! Variable ordering. The size of a decision diagram depends heavily on the
//! order of its levels: variables that constrain each other should sit close
//! together. FORCE (Aloul, Markov, Sakallah 2003) moves each variable to the
//! mean "centre of gravity" of the constraints it appears in, repeatedly,
//! and keeps the order with the smallest total constraint span.

/// Heuristics the compiler can use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderStrategy {
    /// Product order (multi options in catalog order).
    Natural,
    /// FORCE from the product order.
    Force,
    /// FORCE from the product order and from a few fixed pseudo-random
    /// orders, keeping the smallest total span.
    ForceRestarts,
}

/// Total span (last minus first level) of all scopes under `pos`.
pub(crate) fn total_span(scopes: &[Vec<u32>], pos: &[u32]) -> u64 {
    scopes
        .iter()
        .map(|s| {
            let (mut lo, mut hi) = (u32::MAX, 0);
            for &v in s {
                lo = lo.min(pos[v as usize]);
                hi = hi.max(pos[v as usize]);
            }
            u64::from(hi.saturating_sub(lo))
        })
        .sum()
}

/// The level of each variable. `scopes` lists the variables of each
/// constraint.
pub(crate) fn order(nvars: usize, scopes: &[Vec<u32>], strategy: OrderStrategy) -> Vec<u32> {
    let natural: Vec<u32> = (0..nvars as u32).collect();
    match strategy {
        OrderStrategy::Natural => natural,
        OrderStrategy::Force => force(nvars, scopes, natural),
        OrderStrategy::ForceRestarts => {
            let mut best = force(nvars, scopes, natural.clone());
            let mut best_span = total_span(scopes, &best);
            let mut seed = 0x9e37_79b9_7f4a_7c15u64;
            for _ in 0..16 {
                let mut start = natural.clone();
                for i in (1..start.len()).rev() {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    start.swap(i, (seed % (i as u64 + 1)) as usize);
                }
                let candidate = force(nvars, scopes, start);
                let span = total_span(scopes, &candidate);
                if span < best_span {
                    best_span = span;
                    best = candidate;
                }
            }
            best
        }
    }
}

fn force(nvars: usize, scopes: &[Vec<u32>], start: Vec<u32>) -> Vec<u32> {
    let mut pos = start;
    let mut best = pos.clone();
    let mut best_span = total_span(scopes, &pos);
    let mut sum = vec![0f64; nvars];
    let mut cnt = vec![0u32; nvars];
    for _ in 0..200 {
        sum.iter_mut().for_each(|s| *s = 0.0);
        cnt.iter_mut().for_each(|c| *c = 0);
        for s in scopes.iter().filter(|s| s.len() > 1) {
            let cog = s.iter().map(|&v| f64::from(pos[v as usize])).sum::<f64>() / s.len() as f64;
            for &v in s {
                sum[v as usize] += cog;
                cnt[v as usize] += 1;
            }
        }
        let mut keyed: Vec<(f64, u32, u32)> = (0..nvars as u32)
            .map(|v| {
                let i = v as usize;
                let key = if cnt[i] == 0 {
                    f64::from(pos[i])
                } else {
                    sum[i] / f64::from(cnt[i])
                };
                (key, pos[i], v)
            })
            .collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut next = vec![0u32; nvars];
        for (level, &(_, _, v)) in keyed.iter().enumerate() {
            next[v as usize] = level as u32;
        }
        if next == pos {
            break;
        }
        pos = next;
        let span = total_span(scopes, &pos);
        if span < best_span {
            best_span = span;
            best = pos.clone();
        }
    }
    best
}

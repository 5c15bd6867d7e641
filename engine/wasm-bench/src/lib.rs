//! Per-choice latency of the engine in the browser.
//!
//! [`ChoiceSequence`] replays a fixed-seed random customer: each step picks an
//! unfixed attribute that still has a possible value, picks one of its
//! possible values, fixes it and evaluates the selection (one
//! [`CompiledProduct::evaluate`] per step). When the configuration is
//! complete, or no attribute is left to choose, the next step starts again
//! from the empty selection. The native `export` binary and the wasm build
//! run the same code, so their figures compare directly.
//!
//! The wasm exports (module `browser`) take the compiled product as JSON,
//! as the browser downloads it in production, and only deserialise it.

use engine::solver::{CompiledProduct, Evaluation, PossibleValues, SolveError};
use engine::{Selection, Value};

#[cfg(target_arch = "wasm32")]
mod browser;

/// The seed every benchmark run starts from.
pub const DEFAULT_SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// A fixed-seed xorshift64 generator (no rand crate, same on every target).
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced by [`DEFAULT_SEED`]).
    pub fn new(seed: u64) -> Rng {
        Rng(if seed == 0 { DEFAULT_SEED } else { seed })
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// A random customer working through one product, choice by choice.
pub struct ChoiceSequence {
    product: CompiledProduct,
    rng: Rng,
    selection: Selection,
    /// The evaluation of the empty selection (where every sequence starts).
    initial: Evaluation,
    /// The evaluation after the last step.
    last: Evaluation,
    /// Sequences completed so far.
    restarts: u32,
}

/// What one step did (small, so nothing heavy crosses to JavaScript).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepOutcome {
    /// A value was fixed; the selection now has this many attributes.
    Fixed { fixed: u32 },
    /// The previous sequence was over (complete or nothing left to choose);
    /// this step started a new one with its first choice.
    Restarted { fixed: u32 },
    /// Even the empty selection has nothing to choose.
    NothingToChoose,
}

impl ChoiceSequence {
    /// Starts a sequence (evaluates the empty selection once).
    pub fn new(product: CompiledProduct, seed: u64) -> Result<ChoiceSequence, SolveError> {
        let initial = product.evaluate(&Selection::new())?;
        Ok(ChoiceSequence {
            product,
            rng: Rng::new(seed),
            selection: Selection::new(),
            last: initial.clone(),
            initial,
            restarts: 0,
        })
    }

    /// The compiled product.
    pub fn product(&self) -> &CompiledProduct {
        &self.product
    }

    /// Sequences completed so far.
    pub fn restarts(&self) -> u32 {
        self.restarts
    }

    /// One customer choice: pick, fix, evaluate.
    pub fn step(&mut self) -> Result<StepOutcome, SolveError> {
        let mut restarted = false;
        let mut choice = if self.last.complete {
            None
        } else {
            self.pick()
        };
        if choice.is_none() {
            self.selection = Selection::new();
            self.last = self.initial.clone();
            self.restarts += 1;
            restarted = true;
            choice = self.pick();
        }
        let Some((attribute, value)) = choice else {
            return Ok(StepOutcome::NothingToChoose);
        };
        self.selection.set(attribute, value);
        self.last = self.product.evaluate(&self.selection)?;
        let fixed = self.selection.0.len() as u32;
        Ok(if restarted {
            StepOutcome::Restarted { fixed }
        } else {
            StepOutcome::Fixed { fixed }
        })
    }

    /// A random possible value of a random unfixed attribute that has one.
    fn pick(&mut self) -> Option<(String, Value)> {
        let candidates: Vec<usize> = (0..self.last.attributes.len())
            .filter(|&i| {
                let state = &self.last.attributes[i];
                self.selection.get(&state.id).is_none() && has_value(&state.possible)
            })
            .collect();
        let index = *candidates.get(self.rng.below(candidates.len()))?;
        let state = &self.last.attributes[index];
        let attribute = self.product.product.attributes.get(index)?;
        let options = attribute.kind.options();
        let value = match &state.possible {
            PossibleValues::Choice {
                options: possible, ..
            } => {
                let i = nth_true(possible, &mut self.rng)?;
                Value::Choice(options.get(i)?.id.clone())
            }
            PossibleValues::Multi { include, .. } => {
                let i = nth_true(include, &mut self.rng)?;
                Value::Multi([options.get(i)?.id.clone()].into_iter().collect())
            }
            PossibleValues::Number { ranges, .. } => {
                let &(low, high) = ranges.get(self.rng.below(ranges.len()))?;
                Value::Number(if self.rng.below(2) == 0 { low } else { high })
            }
            PossibleValues::Text { set: true, .. } => Value::Text {
                text: "A".into(),
                font: String::new(),
            },
            PossibleValues::Text { .. } => return None,
        };
        Some((state.id.clone(), value))
    }
}

/// Whether an attribute can take some value (not just "empty").
fn has_value(possible: &PossibleValues) -> bool {
    match possible {
        PossibleValues::Choice { options, .. } => options.contains(&true),
        PossibleValues::Multi { include, .. } => include.contains(&true),
        PossibleValues::Number { ranges, .. } => !ranges.is_empty(),
        PossibleValues::Text { set, .. } => *set,
    }
}

/// The index of a random `true` entry.
fn nth_true(flags: &[bool], rng: &mut Rng) -> Option<usize> {
    let count = flags.iter().filter(|&&f| f).count();
    let n = rng.below(count);
    flags
        .iter()
        .enumerate()
        .filter(|(_, &f)| f)
        .nth(n)
        .map(|(i, _)| i)
}

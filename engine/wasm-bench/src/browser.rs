//! The wasm-bindgen exports the benchmark page calls.

use crate::{ChoiceSequence, StepOutcome};
use engine::solver::CompiledProduct;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The page's clock (`performance.now()`, milliseconds).
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// One compiled product loaded in the browser, with its random customer.
#[wasm_bindgen]
pub struct Bench {
    sequence: ChoiceSequence,
    deserialize_ms: f64,
    first_evaluate_ms: f64,
}

#[wasm_bindgen]
impl Bench {
    /// Deserialises a compiled product (the JSON the server would send) and
    /// starts a random choice sequence with `seed` (0: the default seed).
    pub fn load(json: &str, seed: u32) -> Result<Bench, JsError> {
        let start = performance_now();
        let product: CompiledProduct = serde_json::from_str(json)
            .map_err(|e| JsError::new(&format!("compiled product: {e}")))?;
        let deserialized = performance_now();
        let seed = if seed == 0 {
            crate::DEFAULT_SEED
        } else {
            u64::from(seed)
        };
        let sequence =
            ChoiceSequence::new(product, seed).map_err(|e| JsError::new(&e.to_string()))?;
        let evaluated = performance_now();
        Ok(Bench {
            sequence,
            deserialize_ms: deserialized - start,
            first_evaluate_ms: evaluated - deserialized,
        })
    }

    /// Decodes a compiled product in the compact binary form (what
    /// `atelier-engine compile` writes) straight from the downloaded bytes
    /// and starts a random choice sequence with `seed` (0: the default).
    pub fn load_compact(bytes: &[u8], seed: u32) -> Result<Bench, JsError> {
        let start = performance_now();
        let product = CompiledProduct::from_compact(bytes)
            .map_err(|e| JsError::new(&e.to_string()))?;
        let decoded = performance_now();
        let seed = if seed == 0 {
            crate::DEFAULT_SEED
        } else {
            u64::from(seed)
        };
        let sequence =
            ChoiceSequence::new(product, seed).map_err(|e| JsError::new(&e.to_string()))?;
        let evaluated = performance_now();
        Ok(Bench {
            sequence,
            deserialize_ms: decoded - start,
            first_evaluate_ms: evaluated - decoded,
        })
    }

    /// One customer choice (pick, fix, evaluate). Returns how many
    /// attributes are fixed afterwards (0: nothing to choose).
    pub fn step(&mut self) -> Result<u32, JsError> {
        match self
            .sequence
            .step()
            .map_err(|e| JsError::new(&e.to_string()))?
        {
            StepOutcome::Fixed { fixed } | StepOutcome::Restarted { fixed } => Ok(fixed),
            StepOutcome::NothingToChoose => Ok(0),
        }
    }

    /// Milliseconds `load` spent in `serde_json::from_str` (`load_compact`:
    /// in `CompiledProduct::from_compact`).
    pub fn deserialize_ms(&self) -> f64 {
        self.deserialize_ms
    }

    /// Milliseconds `load` spent evaluating the empty selection.
    pub fn first_evaluate_ms(&self) -> f64 {
        self.first_evaluate_ms
    }

    /// Sequences completed so far.
    pub fn restarts(&self) -> u32 {
        self.sequence.restarts()
    }
}

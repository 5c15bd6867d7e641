//! How many pieces of one configuration are ordered: parsed once, at the
//! edge, wherever a quantity comes in (a link's `qty`, the checkout form, a
//! cart line), so the rule and its wording exist once.

use super::{Field, Problem};
use serde::{Deserialize, Serialize};

/// A quantity from 1 to [`Quantity::MAX`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct Quantity(u32);

/// Why a text is not a quantity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuantityError {
    /// Not a whole number, or outside 1 to [`Quantity::MAX`].
    OutOfRange,
    /// More than the production line makes in a day (`capacity`).
    OverCapacity { capacity: u32 },
}

impl Quantity {
    /// The largest quantity of one configuration in an order or a cart line.
    pub const MAX: u32 = 99;
    /// One piece.
    pub const ONE: Quantity = Quantity(1);

    /// Reads a quantity as typed: a whole number from 1 to [`Self::MAX`],
    /// spaces around it allowed.
    pub fn parse(raw: &str) -> Result<Quantity, QuantityError> {
        match raw.trim().parse::<u32>() {
            Ok(q) => Quantity::new(q),
            Err(_) => Err(QuantityError::OutOfRange),
        }
    }

    /// `n` as a quantity.
    pub fn new(n: u32) -> Result<Quantity, QuantityError> {
        if (1..=Self::MAX).contains(&n) {
            Ok(Quantity(n))
        } else {
            Err(QuantityError::OutOfRange)
        }
    }

    /// The number of pieces.
    pub fn get(self) -> u32 {
        self.0
    }

    /// This quantity, if the production line can start it on one day
    /// (orders online stay within a day's capacity).
    pub fn within(self, daily_capacity: u32) -> Result<Quantity, QuantityError> {
        if self.0 <= daily_capacity {
            Ok(self)
        } else {
            Err(QuantityError::OverCapacity {
                capacity: daily_capacity,
            })
        }
    }

    /// `self + more`, if that is still a quantity.
    pub fn plus(self, more: Quantity) -> Result<Quantity, QuantityError> {
        Quantity::new(self.0.saturating_add(more.0))
    }
}

impl TryFrom<u32> for Quantity {
    type Error = &'static str;

    fn try_from(n: u32) -> Result<Self, Self::Error> {
        Quantity::new(n).map_err(|_| "a quantity from 1 to 99")
    }
}

impl From<Quantity> for u32 {
    fn from(q: Quantity) -> u32 {
        q.0
    }
}

impl std::fmt::Display for Quantity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl QuantityError {
    /// The error as a problem on the quantity field, in both languages.
    pub fn problem(self) -> Problem {
        match self {
            QuantityError::OutOfRange => Problem::new(
                Field::Quantity,
                format!("Bitte eine Menge von 1 bis {} angeben.", Quantity::MAX),
                format!("Please enter a quantity from 1 to {}.", Quantity::MAX),
            ),
            QuantityError::OverCapacity { capacity } => Problem::new(
                Field::Quantity,
                format!("Online bestellen Sie bis zu {capacity} Stück; für größere Mengen sprechen Sie uns bitte an."),
                format!("Online orders take up to {capacity} pieces; for larger quantities please contact us."),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_from_one_to_the_maximum_are_quantities() {
        assert_eq!(Quantity::parse(" 3 ").map(Quantity::get), Ok(3));
        assert_eq!(Quantity::parse("99").map(Quantity::get), Ok(99));
        for bad in [
            "0",
            "100",
            "-1",
            "1.5",
            "",
            "zwei",
            "4294967296",
            "1e2",
            "+",
        ] {
            assert_eq!(
                Quantity::parse(bad),
                Err(QuantityError::OutOfRange),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_day_of_capacity_bounds_an_order() {
        let five = Quantity::new(5).unwrap();
        assert_eq!(five.within(5), Ok(five));
        assert_eq!(
            five.within(4),
            Err(QuantityError::OverCapacity { capacity: 4 })
        );
        assert_eq!(
            QuantityError::OverCapacity { capacity: 4 }
                .problem()
                .message
                .en,
            "Online orders take up to 4 pieces; for larger quantities please contact us."
        );
    }

    #[test]
    fn adding_stays_within_the_maximum() {
        let q = Quantity::new(60).unwrap();
        assert_eq!(
            q.plus(Quantity::new(39).unwrap()).map(Quantity::get),
            Ok(99)
        );
        assert_eq!(q.plus(q), Err(QuantityError::OutOfRange));
    }

    #[test]
    fn it_travels_as_a_plain_number_and_is_checked_when_read() {
        assert_eq!(
            serde_json::to_string(&Quantity::new(7).unwrap()).unwrap(),
            "7"
        );
        assert!(serde_json::from_str::<Quantity>("0").is_err());
    }
}

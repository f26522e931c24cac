//! Exact decimal numbers for money and percentage values: `3.5 مليار` must print as
//! `3500000000`, which floating point does not promise.

use std::fmt;

/// `mantissa / 10^scale`, kept exact; every operation returns `None` on overflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Decimal {
    mantissa: u128,
    scale: u32,
}

/// More digits than any amount in news; keeps every product below `u128::MAX`.
const MAX_DIGITS: usize = 24;

impl Decimal {
    pub(super) fn integer(n: u64) -> Decimal {
        Decimal { mantissa: u128::from(n), scale: 0 }
    }

    /// Parses normalized digits with `.` and `,` separators: `1,500,000` and `1.500.000` group
    /// thousands, a single `.` (or a single `,` not followed by exactly three digits) is the
    /// decimal point.
    pub(super) fn parse(text: &str) -> Option<Decimal> {
        let dots = text.bytes().filter(|&b| b == b'.').count();
        let commas = text.bytes().filter(|&b| b == b',').count();
        let groups_of_three = |sep: u8| text.split(sep as char).skip(1).all(|group| group.len() == 3 && !group.contains(['.', ',']));
        let (thousands, point) = match (dots, commas) {
            (0, 0) => (None, None),
            (1, 0) => (None, Some(b'.')),
            (_, 0) if groups_of_three(b'.') => (Some(b'.'), None),
            (0, 1) if !groups_of_three(b',') => (None, Some(b',')),
            (0, _) if groups_of_three(b',') => (Some(b','), None),
            (1, _) => {
                let (int, _) = text.split_once('.')?;
                if int.contains(',') && int.split(',').skip(1).all(|g| g.len() == 3) {
                    (Some(b','), Some(b'.'))
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        let mut mantissa: u128 = 0;
        let mut scale = 0u32;
        let mut after_point = false;
        let mut digits = 0;
        for b in text.bytes() {
            if b.is_ascii_digit() {
                digits += 1;
                if digits > MAX_DIGITS {
                    return None;
                }
                mantissa = mantissa * 10 + u128::from(b - b'0');
                if after_point {
                    scale += 1;
                }
            } else if Some(b) == point && !after_point {
                after_point = true;
            } else if Some(b) != thousands {
                return None;
            }
        }
        if digits == 0 {
            return None;
        }
        Some(Decimal { mantissa, scale }.trimmed())
    }

    pub(super) fn times(self, factor: u64) -> Option<Decimal> {
        let mantissa = self.mantissa.checked_mul(u128::from(factor))?;
        Some(Decimal { mantissa, scale: self.scale }.trimmed())
    }

    pub(super) fn plus(self, other: Decimal) -> Option<Decimal> {
        let scale = self.scale.max(other.scale);
        let a = self.mantissa.checked_mul(10u128.checked_pow(scale - self.scale)?)?;
        let b = other.mantissa.checked_mul(10u128.checked_pow(scale - other.scale)?)?;
        Some(Decimal { mantissa: a.checked_add(b)?, scale }.trimmed())
    }

    fn trimmed(mut self) -> Decimal {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.mantissa.to_string();
        let scale = self.scale as usize;
        if scale == 0 {
            return f.write_str(&digits);
        }
        if digits.len() <= scale {
            write!(f, "0.{}{}", "0".repeat(scale - digits.len()), digits)
        } else {
            let (int, frac) = digits.split_at(digits.len() - scale);
            write!(f, "{int}.{frac}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Decimal;

    fn show(text: &str) -> Option<String> {
        Decimal::parse(text).map(|d| d.to_string())
    }

    #[test]
    fn parses_separators() {
        assert_eq!(show("12"), Some("12".into()));
        assert_eq!(show("12.5"), Some("12.5".into()));
        assert_eq!(show("12,5"), Some("12.5".into()));
        assert_eq!(show("1,500,000"), Some("1500000".into()));
        assert_eq!(show("1.500.000"), Some("1500000".into()));
        assert_eq!(show("1,500.25"), Some("1500.25".into()));
        assert_eq!(show("0.05"), Some("0.05".into()));
        assert_eq!(show("28.7.2021"), None);
        assert_eq!(show("1,50,0"), None);
        assert_eq!(show(&"9".repeat(40)), None);
    }

    #[test]
    fn scales_exactly() {
        let d = Decimal::parse("3.5").unwrap().times(1_000_000_000).unwrap();
        assert_eq!(d.to_string(), "3500000000");
        let d = Decimal::parse("0.25").unwrap().times(1_000).unwrap();
        assert_eq!(d.to_string(), "250");
        let sum = Decimal::integer(1_000_000_000).plus(Decimal::integer(500_000_000)).unwrap();
        assert_eq!(sum.to_string(), "1500000000");
    }
}

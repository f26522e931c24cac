//! Money and percentage rules: a quantity (digits or number words, with scale words) followed
//! by a currency or a percent phrase, or a currency symbol followed by a quantity.

use super::lexicon::{currency_adjective, ScaleForm, Sense};
use super::number::Decimal;
use super::scan::{Found, Scanner};
use crate::entity::Label;

/// A number spelled in words at `i`: خمسة, خمسة وعشرون, ثلاث مائة, مائة وخمسون, أحد عشر.
pub(super) fn word_number(s: &Scanner, i: usize) -> Option<(usize, u64)> {
    let cardinal = |k: usize| {
        s.sense(k, |x| match x {
            Sense::Cardinal(n) => Some(u64::from(n)),
            _ => None,
        })
    };
    let (mut next, mut value) = if s.text(i) == "احد" && s.has(i + 1, Sense::Teen) { (i + 2, 11) } else { (i + 1, cardinal(i)?) };
    if value < 10 && s.bare(next) {
        if s.has(next, Sense::Teen) {
            value += 10;
            next += 1;
        } else if cardinal(next) == Some(100) {
            value *= 100;
            next += 1;
        }
    }
    // Up to two more parts joined by و: مائة وخمسة وعشرون.
    for _ in 0..2 {
        if !s.wa_clitic(next) {
            break;
        }
        let Some(part) = cardinal(next) else { break };
        value += part;
        next += 1;
    }
    Some((next, value))
}

/// One group of a quantity: `[number] [scale]`, at least one of them.
/// Returns `(next, value, scale used)`.
fn group(s: &Scanner, i: usize, below: u64) -> Option<(usize, Decimal, Option<u64>)> {
    let (k, number) = if s.is_number(i) {
        if s.glued_before_separator(i) {
            return None;
        }
        (i + 1, Some(Decimal::parse(s.text(i))?))
    } else if let Some((k, n)) = word_number(s, i) {
        // أربعمائة (400) ألف: the number in digits after its words counts once.
        let repeated =
            s.is_punct(k, '(') && s.is_punct(k + 2, ')') && Decimal::parse(s.text(k + 1)).is_some_and(|d| d == Decimal::integer(n));
        (if repeated { k + 3 } else { k }, Some(Decimal::integer(n)))
    } else {
        (i, None)
    };
    let scale = s.sense(k, |x| match x {
        Sense::Scale { value, form } => Some((value, form)),
        _ => None,
    });
    // A scale may carry the و of the next group (ومليون); only the first word of a group may.
    let scale = scale.filter(|_| k == i || s.bare(k));
    // 3,650 ملايين: the plural counts three to ten, so the comma is a decimal comma.
    let number = match (number, scale) {
        (Some(_), Some((_, ScaleForm::Plural))) if k == i + 1 && s.text(i).matches(',').count() == 1 && !s.text(i).contains('.') => {
            Decimal::parse(&s.text(i).replace(',', ".")).or(number)
        }
        _ => number,
    };
    match (number, scale) {
        (number, Some((value, form))) if value < below => {
            let count = match (number, form) {
                (Some(n), _) => n,
                (None, ScaleForm::Plain) => Decimal::integer(1),
                (None, ScaleForm::Dual | ScaleForm::DualOrAccusative) => Decimal::integer(2),
                (None, ScaleForm::Plural) => return None,
            };
            Some((k + 1, count.times(value)?, Some(value)))
        }
        (Some(n), _) => Some((k, n, None)),
        (None, _) => None,
    }
}

/// A quantity: groups joined by و with falling scales (مليار و500 مليون, 3.5 مليار, خمسة
/// ملايين, مليونا). Returns `(next, value)`.
pub(super) fn quantity(s: &Scanner, i: usize) -> Option<(usize, Decimal)> {
    let (mut next, mut total, mut scale) = group(s, i, u64::MAX)?;
    while let Some(below) = scale {
        let Some(o) = s.after_and(next) else { break };
        let Some((n, value, sc)) = group(s, o, below) else { break };
        total = total.plus(value)?;
        next = n;
        scale = sc;
    }
    Some((next, total))
}

fn symbol(s: &Scanner, i: usize) -> Option<&'static str> {
    let codes = [('$', "USD"), ('€', "EUR"), ('£', "GBP"), ('¥', "JPY"), ('₪', "ILS"), ('₹', "INR")];
    codes.iter().find(|&&(c, _)| s.is_punct(i, c)).map(|&(_, code)| code)
}

/// A currency name at `i` with its optional adjective: `(next, ISO code if known)`.
fn currency(s: &Scanner, i: usize) -> Option<(usize, Option<&'static str>)> {
    let base = s.sense(i, |x| match x {
        Sense::Currency(c) => Some(c),
        _ => None,
    })?;
    if let Some(code) = currency_adjective(base, s.text(i + 1)).filter(|_| s.is_word(i + 1)) {
        return Some((i + 2, Some(code)));
    }
    Some((i + 1, base.default_code()))
}

fn money_value(amount: Decimal, code: Option<&str>) -> String {
    match code {
        Some(code) => format!("{amount} {code}"),
        None => amount.to_string(),
    }
}

/// Money: 3.5 مليار دولار, خمسة ملايين دولار أمريكي, مليونا دولار, 100$, US$ 100, €50,
/// ملايين الدولارات (no value).
pub(super) fn money(s: &Scanner, i: usize) -> Option<Found> {
    let prefix = if s.has(i, Sense::UsPrefix) && s.glued(i) && s.is_punct(i + 1, '$') {
        Some((i + 2, "USD"))
    } else {
        symbol(s, i).map(|code| (i + 1, code))
    };
    if let Some((j, code)) = prefix {
        let (next, amount) = quantity(s, j)?;
        return Some(Found::new(i, next, Label::Money, 0.95, Some(money_value(amount, Some(code)))));
    }
    if let Some((k, amount)) = quantity(s, i) {
        if let Some(code) = symbol(s, k) {
            return Some(Found::new(i, k + 1, Label::Money, 0.95, Some(money_value(amount, Some(code)))));
        }
        let c = if s.has(k, Sense::From) && s.definite(k + 1) { k + 1 } else { k };
        if let Some((next, code)) = currency(s, c) {
            return Some(Found::new(i, next, Label::Money, 0.95, Some(money_value(amount, code))));
        }
        return None;
    }
    vague_money(s, i)
}

/// ملايين الدولارات, عشرات الملايين من الدولارات: money with no computable amount.
fn vague_money(s: &Scanner, i: usize) -> Option<Found> {
    let vague = |k: usize| {
        s.has(k, Sense::Vague) || s.sense(k, |x| matches!(x, Sense::Scale { form: ScaleForm::Plural, .. }).then_some(())).is_some()
    };
    if !vague(i) {
        return None;
    }
    let mut k = i + 1;
    if vague(k) {
        k += 1;
    }
    if s.has(k, Sense::From) {
        k += 1;
    }
    if !s.definite(k) {
        return None;
    }
    let (next, _) = currency(s, k)?;
    Some(Found::new(i, next, Label::Money, 0.8, None))
}

/// Percentages: 5%, ٥٪, %5, 5 في المائة, 5 بالمئة, خمسة في المائة, 12.5%.
pub(super) fn percent(s: &Scanner, i: usize) -> Option<Found> {
    if s.is_punct(i, '%') && s.glued(i) && s.is_number(i + 1) {
        let after_number = i.checked_sub(1).is_some_and(|p| s.glued(p) && s.is_number(p));
        if !after_number {
            let value = Decimal::parse(s.text(i + 1))?;
            return Some(Found::new(i, i + 2, Label::Percent, 0.9, Some(value.to_string())));
        }
        return None;
    }
    let (k, value) = if s.is_number(i) {
        if s.glued_before_separator(i) {
            return None;
        }
        (i + 1, Decimal::parse(s.text(i))?)
    } else {
        let (k, n) = word_number(s, i)?;
        (k, Decimal::integer(n))
    };
    let next = if s.is_punct(k, '%') {
        k + 1
    } else if s.text(k) == "في" && s.has(k + 1, Sense::Hundredth) && s.bare(k + 1) {
        k + 2
    } else if s.has(k, Sense::Hundredth) && s.text(k).starts_with('ب') {
        k + 1
    } else {
        return None;
    };
    Some(Found::new(i, next, Label::Percent, 0.95, Some(value.to_string())))
}

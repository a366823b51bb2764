//! Arithmetic on numbers as Tera 1.x does it: integers while both sides are integers of one
//! kind (an overflow is an error), floats otherwise; a division is an integer when it comes out
//! whole; `None` is Tera's NaN.

use serde_json::Number;
use tera::ast::MathOperator;

use super::render::Fail;

/// `op` on two integers of one kind, checked (`None` on overflow or a modulo by zero).
macro_rules! checked {
    ($op:expr, $a:expr, $b:expr) => {
        match $op {
            Mul => $a.checked_mul($b),
            Add => $a.checked_add($b),
            Sub => $a.checked_sub($b),
            Modulo => $a.checked_rem($b),
            Div => unreachable!("divisions are done in floats"),
        }
    };
}

pub fn apply(op: MathOperator, l: &Number, r: &Number) -> Result<Option<Number>, Fail> {
    use MathOperator::*;
    if op == Div {
        let res = l.as_f64().ok_or(Fail::Bail)? / r.as_f64().ok_or(Fail::Bail)?;
        return Ok(if res.is_nan() {
            None
        } else if res.round() == res && res.is_finite() {
            Some(Number::from(res as i64))
        } else {
            Number::from_f64(res)
        });
    }
    if let (true, Some(a), Some(b)) = (l.is_i64() && r.is_i64(), l.as_i64(), r.as_i64()) {
        return checked!(op, a, b)
            .map(|n| Some(Number::from(n)))
            .ok_or(Fail::Error);
    }
    if let (true, Some(a), Some(b)) = (l.is_u64() && r.is_u64(), l.as_u64(), r.as_u64()) {
        return checked!(op, a, b)
            .map(|n| Some(Number::from(n)))
            .ok_or(Fail::Error);
    }
    let (a, b) = (l.as_f64().ok_or(Fail::Bail)?, r.as_f64().ok_or(Fail::Bail)?);
    match op {
        Mul => Ok(Number::from_f64(a * b)),
        Modulo => Ok(Number::from_f64(a % b)),
        // Tera unwraps these two: an infinite sum panics there, so it is left to Tera.
        Add => Number::from_f64(a + b).map(Some).ok_or(Fail::Bail),
        Sub => Number::from_f64(a - b).map(Some).ok_or(Fail::Bail),
        Div => unreachable!("handled above"),
    }
}

//! Expressions, evaluated as Tera 1.x's `Processor` evaluates them (which values are escaped,
//! where a missing variable is an error and where it is only false), with Tera's own filters,
//! functions and tests.

use std::borrow::Cow;
use std::collections::HashMap;

use serde_json::{Number, Value};
use tera::ast::{Expr, ExprVal, FunctionCall, In, LogicExpr, LogicOperator, StringConcat, Test};

use super::render::{Fail, Render, R};
use super::stack::Val;
use super::{filters, math};

impl<'a> Render<'a> {
    /// An expression's value, escaped where Tera escapes it.
    pub fn eval(&mut self, expr: &'a Expr) -> R<Val<'a>> {
        let (res, escape) = self.eval_unescaped(expr)?;
        if let (true, Value::String(s)) = (escape, &*res) {
            return Ok(Cow::Owned(Value::String((self.tera.get_escape_fn())(s))));
        }
        Ok(res)
    }

    /// An expression's value before escaping, and whether Tera escapes it (a string, where
    /// escaping is on, that no filter or function marked safe).
    pub fn eval_unescaped(&mut self, expr: &'a Expr) -> R<(Val<'a>, bool)> {
        let mut needs_escape = false;
        let mut res: Val<'a> = match &expr.val {
            ExprVal::Array(items) => {
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    values.push(self.eval(item)?.into_owned());
                }
                Cow::Owned(Value::Array(values))
            }
            ExprVal::In(cond) => Cow::Owned(Value::Bool(self.eval_in(cond)?)),
            ExprVal::String(s) => {
                needs_escape = true;
                Cow::Owned(Value::String(s.clone()))
            }
            ExprVal::StringConcat(c) => self.concat(c, &mut needs_escape)?,
            ExprVal::Int(i) => Cow::Owned(Value::Number((*i).into())),
            ExprVal::Float(f) => Cow::Owned(Value::Number(Number::from_f64(*f).ok_or(Fail::Bail)?)),
            ExprVal::Bool(b) => Cow::Owned(Value::Bool(*b)),
            ExprVal::Ident(ident) => {
                needs_escape = true;
                match self.lookup_ident(ident) {
                    Ok(v) if v.is_null() && expr.has_default_filter() => {
                        self.default_value(expr)?
                    }
                    Ok(v) => v,
                    Err(Fail::Bail) => return Err(Fail::Bail),
                    Err(Fail::Error) if expr.has_default_filter() => self.default_value(expr)?,
                    Err(Fail::Error) if expr.negated => {
                        return Ok((Cow::Owned(Value::Bool(true)), false))
                    }
                    Err(e) => return Err(e),
                }
            }
            ExprVal::FunctionCall(call) => self.call_fn(call, &mut needs_escape)?,
            ExprVal::MacroCall(call) => {
                let mut buf = Vec::new();
                self.macro_call(call, &mut buf)?;
                Cow::Owned(Value::String(
                    String::from_utf8(buf).map_err(|_| Fail::Error)?,
                ))
            }
            ExprVal::Test(test) => Cow::Owned(Value::Bool(self.eval_test(test)?)),
            ExprVal::Logic(_) => Cow::Owned(Value::Bool(self.eval_bool(expr)?)),
            ExprVal::Math(_) => Cow::Owned(match self.number(&expr.val)? {
                Some(n) => Value::Number(n),
                None => Value::String("NaN".to_string()),
            }),
        };
        for filter in &expr.filters {
            if filter.name == "safe" || filter.name == "default" {
                continue;
            }
            res = Cow::Owned(self.filter(&res, filter, &mut needs_escape)?);
        }
        if expr.negated {
            return Ok((Cow::Owned(Value::Bool(!truthy(&res))), false));
        }
        let escape = self.escape && needs_escape && !expr.is_marked_safe() && res.is_string();
        Ok((res, escape))
    }

    /// An expression's value, never escaped (arguments, conditions' operands, `set`).
    pub fn safe_eval(&mut self, expr: &'a Expr) -> R<Val<'a>> {
        let escape = std::mem::replace(&mut self.escape, false);
        let res = self.eval(expr);
        self.escape = escape;
        res
    }

    fn default_value(&mut self, expr: &'a Expr) -> R<Val<'a>> {
        match expr.filters[0].args.get("value") {
            Some(e) => self.eval(e),
            None => Err(Fail::Error),
        }
    }

    fn concat(&mut self, c: &'a StringConcat, needs_escape: &mut bool) -> R<Val<'a>> {
        let mut res = String::new();
        for part in &c.values {
            let v = match part {
                ExprVal::String(s) => {
                    res.push_str(s);
                    continue;
                }
                ExprVal::Int(i) => {
                    res.push_str(&i.to_string());
                    continue;
                }
                ExprVal::Float(f) => {
                    res.push_str(&f.to_string());
                    continue;
                }
                ExprVal::Ident(i) => self.lookup_ident(i)?,
                ExprVal::FunctionCall(call) => self.call_fn(call, needs_escape)?,
                _ => return Err(Fail::Bail),
            };
            match &*v {
                Value::String(s) => res.push_str(s),
                Value::Number(n) => res.push_str(&n.to_string()),
                _ => return Err(Fail::Error),
            }
        }
        Ok(Cow::Owned(Value::String(res)))
    }

    /// A variable by name; a name with `[...]` has what is inside the brackets looked up first.
    pub fn lookup_ident(&self, key: &str) -> R<Val<'a>> {
        if key == "__tera_context" {
            return Err(Fail::Bail);
        }
        if !key.contains('[') {
            return self.stack.lookup(key).ok_or(Fail::Error);
        }
        let full = self.bracket_path(key)?;
        self.stack.lookup(&full).ok_or(Fail::Error)
    }

    /// `a[b].c` as Tera's `evaluate_sub_variables` rewrites it: `a."value of b".c`.
    fn bracket_path(&self, key: &str) -> R<String> {
        let mut new_key = key.to_string();
        for sub in square_bracket_names(key) {
            let value = self.lookup_ident(&sub)?;
            let as_key = match &*value {
                Value::String(s) => format!("\"{s}\""),
                Value::Number(n) => n.to_string(),
                _ => return Err(Fail::Error),
            };
            let divider = format!("[{sub}]");
            let mut parts = new_key.splitn(2, divider.as_str());
            let head = parts.next().unwrap_or_default();
            new_key = format!("{head}.{as_key}{}", parts.next().unwrap_or(""));
        }
        Ok(new_key
            .replace('/', "~1")
            .replace("['", ".\"")
            .replace("[\"", ".\"")
            .replace('[', ".")
            .replace("']", "\"")
            .replace("\"]", "\"")
            .replace(']', ""))
    }

    pub fn eval_bool(&mut self, expr: &'a Expr) -> R<bool> {
        let res = match &expr.val {
            // Tera answers false outright when it compares a number with a non-number, even
            // under a `not`.
            ExprVal::Logic(logic) => match self.logic(logic)? {
                Some(b) => b,
                None => return Ok(false),
            },
            ExprVal::Ident(_) => {
                let res = match self.eval(expr) {
                    Ok(v) => truthy(&v),
                    Err(Fail::Bail) => return Err(Fail::Bail),
                    Err(Fail::Error) => false,
                };
                res != expr.negated
            }
            ExprVal::Math(_) | ExprVal::Int(_) | ExprVal::Float(_) => {
                match self.number(&expr.val)? {
                    Some(n) => n.as_f64().ok_or(Fail::Bail)? != 0.0,
                    None => false,
                }
            }
            ExprVal::In(cond) => self.eval_in(cond)?,
            ExprVal::Test(test) => self.eval_test(test)?,
            ExprVal::Bool(b) => *b,
            ExprVal::String(s) => !s.is_empty(),
            ExprVal::FunctionCall(call) => {
                let v = self.call_fn(call, &mut false)?;
                v.as_bool().ok_or(Fail::Error)?
            }
            ExprVal::StringConcat(_) => {
                let v = self.eval(expr)?;
                !v.as_str().ok_or(Fail::Bail)?.is_empty()
            }
            ExprVal::MacroCall(call) => {
                let mut buf = Vec::new();
                self.macro_call(call, &mut buf)?;
                !buf.is_empty()
            }
            ExprVal::Array(_) => return Err(Fail::Bail),
        };
        Ok(res != expr.negated)
    }

    /// A comparison or `and`/`or`; `None` where Tera returns false whatever the negation.
    fn logic(&mut self, logic: &'a LogicExpr) -> R<Option<bool>> {
        use LogicOperator::*;
        let LogicExpr { lhs, rhs, operator } = logic;
        Ok(Some(match operator {
            Or => self.eval_bool(lhs)? || self.eval_bool(rhs)?,
            And => self.eval_bool(lhs)? && self.eval_bool(rhs)?,
            Gt | Gte | Lt | Lte => {
                let (l, r) = match (self.expr_number(lhs)?, self.expr_number(rhs)?) {
                    (Some(l), Some(r)) => (l, r),
                    _ => return Err(Fail::Error),
                };
                let (l, r) = (l.as_f64().ok_or(Fail::Bail)?, r.as_f64().ok_or(Fail::Bail)?);
                match operator {
                    Gte => l >= r,
                    Gt => l > r,
                    Lte => l <= r,
                    _ => l < r,
                }
            }
            Eq | NotEq => {
                let l = self.eval(lhs)?;
                let r = self.eval(rhs)?;
                let equal = if l.is_number() || r.is_number() {
                    match (l.as_f64(), r.as_f64()) {
                        (Some(a), Some(b)) => {
                            Number::from_f64(a).ok_or(Fail::Bail)?
                                == Number::from_f64(b).ok_or(Fail::Bail)?
                        }
                        // Tera compares no number with anything else.
                        _ => return Ok(None),
                    }
                } else {
                    *l == *r
                };
                (*operator == Eq) == equal
            }
        }))
    }

    fn eval_in(&mut self, cond: &'a In) -> R<bool> {
        let lhs = self.safe_eval(&cond.lhs)?;
        let rhs = self.safe_eval(&cond.rhs)?;
        let present = match (&*rhs, &*lhs) {
            (Value::Array(v), l) => v.contains(l),
            (Value::String(s), Value::String(l)) => s.contains(l.as_str()),
            (Value::Object(m), Value::String(l)) => m.contains_key(l),
            _ => return Err(Fail::Error),
        };
        Ok(present != cond.negated)
    }

    fn eval_test(&mut self, test: &'a Test) -> R<bool> {
        let tester = self.macros.testers.get(&test.name).ok_or(Fail::Error)?;
        let mut args = Vec::with_capacity(test.args.len());
        for arg in &test.args {
            args.push(self.safe_eval(arg)?.into_owned());
        }
        let found = match self.lookup_ident(&test.ident) {
            Ok(v) => Some(v),
            Err(Fail::Bail) => return Err(Fail::Bail),
            Err(Fail::Error) => None,
        };
        let result = tester
            .test(found.as_deref(), &args)
            .map_err(|_| Fail::Error)?;
        Ok(result != test.negated)
    }

    pub fn call_fn(&mut self, call: &'a FunctionCall, needs_escape: &mut bool) -> R<Val<'a>> {
        let function = self.macros.functions.get(&call.name).ok_or(Fail::Error)?;
        *needs_escape = !function.is_safe();
        let args = self.args(call)?;
        Ok(Cow::Owned(function.call(&args).map_err(|_| Fail::Error)?))
    }

    pub fn filter(
        &mut self,
        value: &Value,
        call: &'a FunctionCall,
        needs_escape: &mut bool,
    ) -> R<Value> {
        let filter = self.macros.filters.get(&call.name).ok_or(Fail::Error)?;
        *needs_escape = !filter.is_safe();
        let args = self.args(call)?;
        if let Some(res) = filters::builtin(&call.name, value, &args) {
            return res;
        }
        filter.filter(value, &args).map_err(|_| Fail::Error)
    }

    fn args(&mut self, call: &'a FunctionCall) -> R<HashMap<String, Value>> {
        let mut args = HashMap::with_capacity(call.args.len());
        for (name, e) in &call.args {
            args.insert(name.clone(), self.safe_eval(e)?.into_owned());
        }
        Ok(args)
    }

    /// An operand of a comparison or of arithmetic: filtered, it must come out a number.
    fn expr_number(&mut self, expr: &'a Expr) -> R<Option<Number>> {
        if expr.filters.is_empty() {
            return self.number(&expr.val);
        }
        match &*self.eval(expr)? {
            Value::Number(n) => Ok(Some(n.clone())),
            _ => Err(Fail::Error),
        }
    }

    fn number(&mut self, val: &'a ExprVal) -> R<Option<Number>> {
        Ok(match val {
            ExprVal::Ident(ident) => Some(as_number(&*self.lookup_ident(ident)?)?),
            ExprVal::Int(i) => Some(Number::from(*i)),
            ExprVal::Float(f) => Some(Number::from_f64(*f).ok_or(Fail::Bail)?),
            ExprVal::Math(m) => match (self.expr_number(&m.lhs)?, self.expr_number(&m.rhs)?) {
                (Some(l), Some(r)) => math::apply(m.operator, &l, &r)?,
                _ => None,
            },
            ExprVal::FunctionCall(call) => Some(as_number(&*self.call_fn(call, &mut false)?)?),
            ExprVal::String(_) | ExprVal::Bool(_) | ExprVal::StringConcat(_) | ExprVal::Test(_) => {
                return Err(Fail::Error)
            }
            _ => return Err(Fail::Bail),
        })
    }
}

/// A number as Tera takes one into arithmetic (a float made again from its `f64`).
fn as_number(v: &Value) -> R<Number> {
    match v {
        Value::Number(n) if n.is_i64() || n.is_u64() => Ok(n.clone()),
        Value::Number(n) => Number::from_f64(n.as_f64().ok_or(Fail::Bail)?).ok_or(Fail::Bail),
        _ => Err(Fail::Error),
    }
}

/// Whether Tera takes a value as true.
pub fn truthy(v: &Value) -> bool {
    match v {
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i != 0,
            (None, Some(u)) => u != 0,
            _ => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        },
        Value::Bool(b) => *b,
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// The names inside `[...]` of a variable's name that are variables themselves (not quoted
/// strings, not numbers), as Tera's `pull_out_square_bracket` finds them.
pub(super) fn square_bracket_names(s: &str) -> Vec<String> {
    let mut chars = s.chars();
    let mut found = vec![];
    while let Some(c) = chars.next() {
        if c != '[' {
            continue;
        }
        let Some(first) = chars.next() else { break };
        if first == '"' || first == '\'' {
            continue;
        }
        let mut inside = String::from(first);
        let mut depth = 1;
        for c in chars.by_ref() {
            match c {
                ']' => depth -= 1,
                '[' => depth += 1,
                _ => {}
            }
            if depth == 0 {
                if inside.parse::<usize>().is_err() {
                    found.push(inside);
                }
                break;
            }
            inside.push(c);
        }
    }
    found
}

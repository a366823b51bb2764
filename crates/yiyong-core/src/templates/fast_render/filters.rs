//! Tera's built-in array filters without their first step: each of Tera 1.x's copies the whole
//! array and reads it back through serde (`from_value::<Vec<Value>>(value.clone())`) before
//! looking at it, which on a paginator's pages cost more than the rest of the page. These read
//! the array in place and copy only what they return; each gives what Tera's gives, and fails
//! where Tera's fails (Tera then renders the page, to report the error). The core registers no
//! filter of these names, so the name is Tera's built-in.

use std::collections::HashMap;

use serde_json::Value;

use super::render::{write_value, Fail, R};
use super::stack::pointer;

/// The filter `name` applied to `value`, where it is one of these; `None` for any other.
pub fn builtin(name: &str, value: &Value, args: &HashMap<String, Value>) -> Option<R<Value>> {
    let f: fn(&[Value], &HashMap<String, Value>) -> R<Value> = match name {
        "first" => |a, _| Ok(a.first().cloned().unwrap_or_else(empty_string)),
        "last" => |a, _| Ok(a.last().cloned().unwrap_or_else(empty_string)),
        "join" => join,
        "map" => map,
        "filter" => filter,
        "slice" => slice,
        "concat" => concat,
        _ => return None,
    };
    Some(match value {
        Value::Array(a) => f(a, args),
        _ => Err(Fail::Error),
    })
}

fn empty_string() -> Value {
    Value::String(String::new())
}

fn string_arg<'v>(args: &'v HashMap<String, Value>, name: &str) -> R<Option<&'v str>> {
    match args.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Fail::Error),
    }
}

fn join(a: &[Value], args: &HashMap<String, Value>) -> R<Value> {
    // Tera reads `\n` and `\t` written out in the separator as the characters.
    let sep = string_arg(args, "sep")?
        .map(|s| s.replace("\\n", "\n").replace("\\t", "\t"))
        .unwrap_or_default();
    let mut out = Vec::new();
    for (i, v) in a.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(sep.as_bytes());
        }
        write_value(v, &mut out);
    }
    String::from_utf8(out)
        .map(Value::String)
        .map_err(|_| Fail::Bail)
}

fn map(a: &[Value], args: &HashMap<String, Value>) -> R<Value> {
    if a.is_empty() {
        return Ok(Value::Array(vec![]));
    }
    let attribute = string_arg(args, "attribute")?.ok_or(Fail::Error)?;
    Ok(Value::Array(
        a.iter()
            .filter_map(|v| pointer(v, attribute).filter(|x| !x.is_null()).cloned())
            .collect(),
    ))
}

fn filter(a: &[Value], args: &HashMap<String, Value>) -> R<Value> {
    if a.is_empty() {
        return Ok(Value::Array(vec![]));
    }
    let key = string_arg(args, "attribute")?.ok_or(Fail::Error)?;
    let wanted = args.get("value").unwrap_or(&Value::Null);
    let keep = |v: &&Value| match pointer(v, key).unwrap_or(&Value::Null) {
        found if wanted.is_null() => !found.is_null(),
        found => found == wanted,
    };
    Ok(Value::Array(a.iter().filter(keep).cloned().collect()))
}

fn slice(a: &[Value], args: &HashMap<String, Value>) -> R<Value> {
    if a.is_empty() {
        return Ok(Value::Array(vec![]));
    }
    // An index from the end when negative, as Tera's `get_index`.
    let index = |name: &str| -> R<Option<usize>> {
        let Some(v) = args.get(name) else {
            return Ok(None);
        };
        let i = v.as_f64().ok_or(Fail::Error)?;
        Ok(Some(if i >= 0.0 {
            i as usize
        } else {
            (a.len() as f64 + i) as usize
        }))
    };
    let start = index("start")?.unwrap_or(0);
    let end = index("end")?.unwrap_or(a.len()).min(a.len());
    if start >= end {
        return Ok(Value::Array(vec![]));
    }
    Ok(Value::Array(a[start..end].to_vec()))
}

fn concat(a: &[Value], args: &HashMap<String, Value>) -> R<Value> {
    let with = args.get("with").ok_or(Fail::Error)?;
    let mut out = Vec::with_capacity(a.len() + 1);
    out.extend_from_slice(a);
    match with {
        Value::Array(more) => out.extend_from_slice(more),
        other => out.push(other.clone()),
    }
    Ok(Value::Array(out))
}

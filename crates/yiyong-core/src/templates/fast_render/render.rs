//! The nodes of a template, rendered as Tera 1.x's `Processor` renders them: blocks and
//! `super()`, includes, loops, conditions, `set`, filter sections, macro calls.

use std::borrow::Cow;
use std::io::Write;

use serde_json::Value;
use tera::ast::{Block, Expr, ExprVal, Forloop, If, MacroCall, Node};
use tera::{Template, Tera};
use typed_arena::Arena;

use super::macros::MacroTable;
use super::memo::{self, Memo};
use super::stack::{Frame, Items, Kind, Loop, LoopState, Stack, Val};

/// Why a render stopped. Tera is run again in either case: for an `Error` to report what it
/// says, for a `Bail` because this renderer does not do what the template asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fail {
    /// Where Tera fails too, or swallows the failure where this renderer does.
    Error,
    /// Not done here (iterating a string, `__tera_context`, a panic of Tera's, a deep stack).
    Bail,
}

pub type R<T> = Result<T, Fail>;

/// What the memo had of a macro call (`Render::kept`).
enum Kept<'a> {
    /// Not a call the memo keeps.
    No,
    /// Its text was kept, and is now written.
    Written,
    /// To be drawn, and its text kept under this key.
    Keep(&'a Memo, std::sync::Arc<memo::Macro>, u128),
}

/// Stack left when a macro or an include is entered, below which the render is left to Tera
/// (whose own guard then reports the recursion).
const STACK_LEFT: usize = 1 << 20;

/// Items (values, and the elements of arrays and objects) the arena may keep in one render:
/// a page with lists of some thousands of heroes keeps tens of thousands.
const KEPT_LIMIT: usize = 1_000_000;

pub struct Render<'a> {
    pub tera: &'a Tera,
    pub arena: &'a Arena<Value>,
    pub macros: &'a MacroTable,
    /// Where pure macros' text is kept for the rest of the site's render (`memo`).
    pub memo: Option<&'a Memo>,
    pub stack: Stack<'a>,
    /// Whether strings are HTML-escaped (Tera's autoescape, by the template's suffix).
    pub escape: bool,
    /// The template asked for, and the root of its inheritance chain, whose nodes are rendered.
    pub template: &'a Template,
    pub root: &'a Template,
    /// The blocks entered: (block, template it was found in, level in the chain).
    pub blocks: Vec<(&'a str, &'a str, usize)>,
    /// Items of the values kept so far (see `keep`).
    pub kept: usize,
}

impl<'a> Render<'a> {
    /// A value kept for the rest of the render (a `set`, a loop's container, a macro argument).
    /// Tera drops a variable's old value when it is set again; the arena keeps every one, so a
    /// template growing a list in a loop (`set_global all = all | concat(with=p)`) would keep
    /// every step of it: past `KEPT_LIMIT` items the render is left to Tera.
    pub fn keep(&mut self, v: Val<'a>) -> R<&'a Value> {
        match v {
            Cow::Borrowed(r) => Ok(r),
            Cow::Owned(v) => {
                self.kept += match &v {
                    Value::Array(a) => 1 + a.len(),
                    Value::Object(o) => 1 + o.len(),
                    _ => 1,
                };
                if self.kept > KEPT_LIMIT {
                    return Err(Fail::Bail);
                }
                Ok(self.arena.alloc(v))
            }
        }
    }

    pub fn body(&mut self, body: &'a [Node], out: &mut Vec<u8>) -> R<()> {
        for n in body {
            self.node(n, out)?;
            if matches!(&self.stack.top().for_loop, Some(l) if l.state != LoopState::Normal) {
                break;
            }
        }
        Ok(())
    }

    pub fn node(&mut self, node: &'a Node, out: &mut Vec<u8>) -> R<()> {
        match node {
            Node::Comment(..) | Node::ImportMacro(..) | Node::MacroDefinition(..) => {}
            Node::Text(s) | Node::Raw(_, s, _) => out.extend_from_slice(s.as_bytes()),
            // A macro's text goes straight to the page (as `eval` would give it: unescaped),
            // not into a string of its own first, checked and copied.
            Node::VariableBlock(
                _,
                Expr {
                    val: ExprVal::MacroCall(call),
                    negated: false,
                    filters,
                },
            ) if filters.is_empty() => self.macro_call(call, out)?,
            Node::VariableBlock(_, e) => {
                // Escaped straight into the output (`tera::Tera::set_escape_fn` is always
                // given `templates::escape_html`, see `templates::load`): a string per
                // escaped value was 1.9% of a 10,000-hero build's instructions.
                let (v, escape) = self.eval_unescaped(e)?;
                match (&*v, escape) {
                    (Value::String(s), true) => crate::templates::escape_html_into_bytes(out, s),
                    _ => write_value(&v, out),
                }
            }
            Node::Set(_, set) => {
                let v = self.safe_eval(&set.value)?;
                let v = self.keep(v)?;
                match set.global {
                    true => self.stack.global_mut().set(&set.key, v),
                    false => self.stack.top_mut().set(&set.key, v),
                }
            }
            Node::FilterSection(_, section, _) => {
                let mut buf = Vec::new();
                self.body(&section.body, &mut buf)?;
                let body = String::from_utf8(buf).map_err(|_| Fail::Error)?;
                if section.filter.name == "safe" {
                    out.extend_from_slice(body.as_bytes());
                } else {
                    let v = self.filter(&Value::String(body), &section.filter, &mut false)?;
                    write_value(&v, out);
                }
            }
            Node::If(i, _) => self.if_node(i, out)?,
            Node::Forloop(_, f, _) => self.for_loop(f, out)?,
            Node::Break(_) => self.loop_state(LoopState::Break)?,
            Node::Continue(_) => self.loop_state(LoopState::Continue)?,
            Node::Block(_, b, _) => self.block(b, 0, out)?,
            Node::Super => self.do_super(out)?,
            Node::Include(_, names, ignore_missing) => self.include(names, *ignore_missing, out)?,
            Node::Extends(..) => return Err(Fail::Error),
        }
        Ok(())
    }

    fn loop_state(&mut self, state: LoopState) -> R<()> {
        match &mut self.stack.top_mut().for_loop {
            Some(l) => {
                l.state = state;
                Ok(())
            }
            None => Err(Fail::Error),
        }
    }

    fn if_node(&mut self, i: &'a If, out: &mut Vec<u8>) -> R<()> {
        for (_, cond, body) in &i.conditions {
            if self.eval_bool(cond)? {
                return self.body(body, out);
            }
        }
        match &i.otherwise {
            Some((_, body)) => self.body(body, out),
            None => Ok(()),
        }
    }

    fn for_loop(&mut self, f: &'a Forloop, out: &mut Vec<u8>) -> R<()> {
        use tera::ast::ExprVal;
        if !matches!(
            f.container.val,
            ExprVal::Ident(_) | ExprVal::FunctionCall(_) | ExprVal::Array(_)
        ) {
            return Err(Fail::Error);
        }
        let container = self.safe_eval(&f.container)?;
        let container = self.keep(container)?;
        let items = match (container, &f.key) {
            (Value::Array(a), None) => Items::Array(a),
            (Value::Object(m), Some(_)) => {
                Items::Object(m.iter().map(|(k, v)| (k.as_str(), v)).collect())
            }
            // A string is walked by grapheme clusters: left to Tera.
            (Value::String(_), None) => return Err(Fail::Bail),
            _ => return Err(Fail::Error),
        };
        let l = Loop {
            key_name: f.key.as_deref(),
            value_name: &f.value,
            items,
            current: 0,
            state: LoopState::Normal,
        };
        let len = l.len();
        if len == 0 {
            return match &f.empty_body {
                Some(body) => self.body(body, out),
                None => Ok(()),
            };
        }
        let mut frame = Frame::new(Kind::ForLoop, self.stack.active_template());
        frame.for_loop = Some(l);
        self.stack.frames.push(frame);
        for _ in 0..len {
            self.body(&f.body, out)?;
            let frame = self.stack.top_mut();
            let l = frame.for_loop.as_mut().expect("the loop's frame");
            if l.state == LoopState::Break {
                break;
            }
            l.current += 1;
            l.state = LoopState::Normal;
            frame.clear_vars();
        }
        self.stack.frames.pop();
        Ok(())
    }

    /// A block: its lowest definition in the chain from the active template up, else its body.
    fn block(&mut self, b: &'a Block, level: usize, out: &mut Vec<u8>) -> R<()> {
        let active = self.stack.active_template();
        let level_template = match level {
            0 => active,
            _ => self.template_named(&active.parents[level - 1])?,
        };
        if let Some(defs) = level_template.blocks_definitions.get(&b.name) {
            let (_, Block { body, .. }) = &defs[0];
            self.blocks.push((&b.name, &level_template.name, level));
            return self.body(body, out);
        }
        if level < active.parents.len() {
            return self.block(b, level + 1, out);
        }
        self.body(&b.body, out)
    }

    fn do_super(&mut self, out: &mut Vec<u8>) -> R<()> {
        let &(name, _, level) = self.blocks.last().ok_or(Fail::Bail)?;
        let parents = &self.template.parents;
        for next in level + 1..=parents.len() {
            let parent = self.template_named(&parents[next - 1])?;
            if let Some(defs) = parent.blocks_definitions.get(name) {
                let (tpl_name, Block { body, .. }) = &defs[0];
                self.blocks.push((name, tpl_name, next));
                self.body(body, out)?;
                self.blocks.pop();
                if next >= parents.len() {
                    self.blocks.pop();
                }
                return Ok(());
            }
        }
        Err(Fail::Error)
    }

    fn include(&mut self, names: &'a [String], ignore_missing: bool, out: &mut Vec<u8>) -> R<()> {
        let Some(template) = names.iter().find_map(|n| self.tera.templates.get(n)) else {
            return if ignore_missing {
                Ok(())
            } else {
                Err(Fail::Error)
            };
        };
        check_stack()?;
        self.stack.frames.push(Frame::new(Kind::Include, template));
        self.body(&template.ast, out)?;
        self.stack.frames.pop();
        Ok(())
    }

    pub fn macro_call(&mut self, call: &'a MacroCall, out: &mut Vec<u8>) -> R<()> {
        let active: &str = match self.blocks.last() {
            Some(b) => b.1,
            None if self.template.name != self.root.name => &self.root.name,
            None => &self.stack.active_template().name,
        };
        let file = self
            .macros
            .lookup(active, &call.namespace)
            .ok_or(Fail::Error)?;
        let template = self.template_named(file)?;
        let def = template.macros.get(&call.name).ok_or(Fail::Error)?;
        let mut vars = Vec::with_capacity(def.args.len());
        for (name, default) in &def.args {
            // The call's few arguments are compared, not hashed (SipHash, in Tera's map).
            let given = call.args.iter().find(|(k, _)| *k == name).map(|(_, e)| e);
            let v = match (given, default) {
                (Some(e), _) | (None, Some(e)) => self.safe_eval(e)?,
                (None, None) => return Err(Fail::Error),
            };
            vars.push((name.as_str(), self.keep(v)?));
        }
        let kept = match self.memo {
            Some(m) => self.kept(m, file, def, &vars, out),
            None => Kept::No,
        };
        if let Kept::Written = kept {
            return Ok(());
        }
        check_stack()?;
        let frame = Frame::new(Kind::Macro, template).with_vars(vars);
        self.stack.frames.push(frame);
        let start = out.len();
        match kept {
            Kept::Keep(m, macro_at, key) => {
                let mark = self.stack.watch_context();
                let (res, read) = crate::templates::deps::watch(|| self.body(&def.body, out));
                let absent = self.stack.context_since(mark);
                crate::templates::deps::record(&read);
                res?;
                // `None`: a lookup went past the macro's frames and found something of the
                // page, so its text may be the page's own (`purity` cannot see a field missing
                // from an argument, which Tera then looks for in the context).
                match absent {
                    Some(absent) => m.put(key, &out[start..], read, &absent),
                    None => macro_at.stop(),
                }
            }
            _ => self.body(&def.body, out)?,
        }
        self.stack.frames.pop();
        Ok(())
    }

    /// A pure macro's call looked up in the memo (`memo.rs`).
    fn kept(
        &mut self,
        memo: &'a Memo,
        file: &str,
        def: &'a tera::ast::MacroDefinition,
        vars: &[(&str, &Value)],
        out: &mut Vec<u8>,
    ) -> Kept<'a> {
        // Where its own calls to macros are looked up (as `macro_call` looks them up).
        let fixed = match self.blocks.last() {
            Some(b) => Some(b.1),
            None if self.template.name != self.root.name => Some(self.root.name.as_str()),
            None => None,
        };
        let fixed_id = fixed.map_or(0, |f| f.as_ptr() as usize);
        let def_id = def as *const _ as usize;
        let (tera, macros) = (self.tera, self.macros);
        let m = memo.macro_at(fixed_id, def_id, || {
            super::purity::is_pure(tera, macros, fixed, file, &def.name)
        });
        let in_loop = self.stack.in_loop();
        if !m.worth_it(in_loop) {
            return Kept::No;
        }
        let Some(key) = memo::key(&m, (fixed_id, def_id), self.escape, vars) else {
            return Kept::No;
        };
        match memo.get(key, &m, in_loop) {
            // Kept from a page whose context lacked a name that this one has: drawn again.
            Some(hit) if hit.absent.iter().any(|r| self.stack.in_context(r)) => Kept::No,
            Some(hit) => {
                out.extend_from_slice(&hit.text);
                crate::templates::deps::record(&hit.deps);
                hit.absent.iter().for_each(|r| self.stack.note_absent(r));
                Kept::Written
            }
            None => Kept::Keep(memo, m, key),
        }
    }

    fn template_named(&self, name: &str) -> R<&'a Template> {
        self.tera.templates.get(name).ok_or(Fail::Bail)
    }
}

fn check_stack() -> R<()> {
    match stacker::remaining_stack() {
        Some(left) if left < STACK_LEFT => Err(Fail::Bail),
        _ => Ok(()),
    }
}

/// A value as Tera writes it: strings as they are, null as nothing, arrays bracketed.
pub fn write_value(v: &Value, out: &mut Vec<u8>) {
    match v {
        Value::String(s) => out.extend_from_slice(s.as_bytes()),
        Value::Number(n) => {
            let _ = match (n.as_i64(), n.as_u64(), n.as_f64()) {
                (Some(i), _, _) => write!(out, "{i}"),
                (None, Some(u), _) => write!(out, "{u}"),
                (None, None, Some(f)) => write!(out, "{f}"),
                _ => Ok(()),
            };
        }
        Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Value::Null => {}
        Value::Array(a) => {
            out.push(b'[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.extend_from_slice(b", ");
                }
                write_value(item, out);
            }
            out.push(b']');
        }
        Value::Object(_) => out.extend_from_slice(b"[object]"),
    }
}

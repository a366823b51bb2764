//! The render's variables: a stack of frames (the template, each `for`, macro and include)
//! over the page's context, looked up as Tera 1.x's `CallStack` looks them up, in the same
//! order, but holding references: a value a template computed lives in the render's arena and
//! is borrowed, where Tera copies it each time it is named.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};

use serde_json::Value;
use tera::{Context, Template};

pub type Val<'a> = Cow<'a, Value>;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Origin,
    Macro,
    ForLoop,
    Include,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LoopState {
    Normal,
    Break,
    Continue,
}

/// What a `for` walks: an array's items, or an object's entries in the map's order.
pub enum Items<'a> {
    Array(&'a [Value]),
    Object(Vec<(&'a str, &'a Value)>),
}

pub struct Loop<'a> {
    /// Set for `for key, value in object`.
    pub key_name: Option<&'a str>,
    pub value_name: &'a str,
    pub items: Items<'a>,
    pub current: usize,
    pub state: LoopState,
}

impl<'a> Loop<'a> {
    pub fn len(&self) -> usize {
        match &self.items {
            Items::Array(a) => a.len(),
            Items::Object(o) => o.len(),
        }
    }

    fn value(&self) -> &'a Value {
        match &self.items {
            Items::Array(a) => &a[self.current],
            Items::Object(o) => o[self.current].1,
        }
    }

    fn key(&self) -> Option<&'a str> {
        match &self.items {
            Items::Array(_) => None,
            Items::Object(o) => Some(o[self.current].0),
        }
    }
}

pub struct Frame<'a> {
    pub kind: Kind,
    /// `set` variables, the latest last (a later `set` of a name hides an earlier one).
    vars: Vec<(&'a str, &'a Value)>,
    pub template: &'a Template,
    pub for_loop: Option<Loop<'a>>,
}

impl<'a> Frame<'a> {
    pub fn new(kind: Kind, template: &'a Template) -> Frame<'a> {
        Frame {
            kind,
            vars: Vec::new(),
            template,
            for_loop: None,
        }
    }

    pub fn with_vars(mut self, vars: Vec<(&'a str, &'a Value)>) -> Frame<'a> {
        self.vars = vars;
        self
    }

    pub fn set(&mut self, key: &'a str, value: &'a Value) {
        self.vars.push((key, value));
    }

    /// A new turn of a loop forgets the last turn's `set`s, as Tera's does.
    pub fn clear_vars(&mut self) {
        self.vars.clear();
    }

    /// `key` (`root` and the `rest` after its first dot) in this frame, as Tera's
    /// `StackFrame::find_value`: the frame's variables first, then its loop's.
    fn find(&self, key: &str, root: &str, rest: Option<&str>) -> Option<Val<'a>> {
        if let Some(&(_, v)) = self.vars.iter().rev().find(|(k, _)| *k == root) {
            if let Some(found) = pointer(v, rest.unwrap_or("")) {
                return Some(Cow::Borrowed(found));
            }
        }
        let l = self.for_loop.as_ref()?;
        if l.key_name == Some(key) {
            return l.key().map(|k| Cow::Owned(Value::String(k.to_string())));
        }
        let tail = rest.unwrap_or("");
        if root == "loop" {
            return Some(Cow::Owned(match tail {
                "index" => Value::from(l.current + 1),
                "index0" => Value::from(l.current),
                "first" => Value::Bool(l.current == 0),
                "last" => Value::Bool(l.current + 1 == l.len()),
                _ => return None,
            }));
        }
        if key == l.value_name {
            return Some(Cow::Borrowed(l.value()));
        }
        if root == l.value_name && !tail.is_empty() {
            return pointer(l.value(), tail).map(Cow::Borrowed);
        }
        None
    }
}

/// Where `Stack::watch_context` started.
pub struct ContextMark {
    reads: usize,
    from: usize,
    outer_from: usize,
}

/// The frames of one render over its context.
pub struct Stack<'a> {
    pub frames: Vec<Frame<'a>>,
    context: &'a Context,
    /// Lookups made from a macro's body that went on to find a name in the page's context: a
    /// name the macro does not bind, or a field its own variable lacks (`page.title` when its
    /// argument `page` has no `title`). The memo keeps no text of a call during which this grew.
    context_reads: Cell<usize>,
    /// The names such lookups did not find in the context (`h` of `h.hero.photo` when a hero
    /// has no photo): the same text holds for another page only if its context lacks them
    /// too. Each once from `absent_from` on (where the innermost call being kept started).
    absent: RefCell<Vec<Box<str>>>,
    absent_from: Cell<usize>,
}

impl<'a> Stack<'a> {
    pub fn new(context: &'a Context, template: &'a Template) -> Stack<'a> {
        Stack {
            frames: vec![Frame::new(Kind::Origin, template)],
            context,
            context_reads: Default::default(),
            absent: Default::default(),
            absent_from: Default::default(),
        }
    }

    pub fn top(&self) -> &Frame<'a> {
        self.frames.last().expect("the origin frame")
    }

    pub fn top_mut(&mut self) -> &mut Frame<'a> {
        self.frames.last_mut().expect("the origin frame")
    }

    pub fn active_template(&self) -> &'a Template {
        self.top().template
    }

    /// Whether the innermost template or macro being rendered is inside one of its loops.
    pub fn in_loop(&self) -> bool {
        let mut frames = self.frames.iter().rev();
        frames
            .find(|f| f.kind != Kind::Include)
            .is_some_and(|f| f.kind == Kind::ForLoop)
    }

    /// Notes that a macro's lookup did not find `root` in the context (see `absent`).
    pub fn note_absent(&self, root: &str) {
        let mut absent = self.absent.borrow_mut();
        if !absent[self.absent_from.get()..]
            .iter()
            .any(|a| &**a == root)
        {
            absent.push(root.into());
        }
    }

    /// Starts watching what the lookups of a macro call read of the context (calls nest).
    pub fn watch_context(&self) -> ContextMark {
        let from = self.absent.borrow().len();
        ContextMark {
            reads: self.context_reads.get(),
            from,
            outer_from: self.absent_from.replace(from),
        }
    }

    /// Since `mark`: `None` if a lookup found a name in the context, else the names lookups
    /// did not find there.
    pub fn context_since(&self, mark: ContextMark) -> Option<Vec<Box<str>>> {
        self.absent_from.set(mark.outer_from);
        (self.context_reads.get() == mark.reads).then(|| self.absent.borrow()[mark.from..].to_vec())
    }

    /// Whether the context holds a variable named `root`.
    pub fn in_context(&self, root: &str) -> bool {
        self.context.get(root).is_some()
    }

    /// Where `set_global` writes: the nearest frame that is not a loop's.
    pub fn global_mut(&mut self) -> &mut Frame<'a> {
        let i = self
            .frames
            .iter()
            .rposition(|f| f.kind != Kind::ForLoop)
            .unwrap_or(0);
        &mut self.frames[i]
    }

    /// A variable by its dotted name, as Tera's `CallStack::lookup`: the frames from the
    /// innermost out to the first macro or the template's own frame, then the context.
    pub fn lookup(&self, key: &str) -> Option<Val<'a>> {
        let (root, rest) = split_first_dot(key);
        for frame in self.frames.iter().rev() {
            if let Some(found) = frame.find(key, root, rest) {
                return Some(found);
            }
            if frame.kind == Kind::Macro {
                let found = self.context.get(root);
                match found {
                    Some(_) => self.context_reads.set(self.context_reads.get() + 1),
                    None => self.note_absent(root),
                }
                // (Looked up once: the context's map compares names byte by byte.)
                return pointer(found?, rest.unwrap_or("")).map(Cow::Borrowed);
            }
            if frame.kind == Kind::Origin {
                break;
            }
        }
        let value = self.context.get(root)?;
        pointer(value, rest.unwrap_or("")).map(Cow::Borrowed)
    }
}

/// `path` (dot-separated keys and array indexes) inside `value`, as `tera::dotted_pointer`
/// finds it. Plain names are split here without the two `str::replace` calls per key that
/// Tera's pointer makes; anything quoted, escaped or not ASCII is left to Tera's.
pub fn pointer<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    if path.is_empty() {
        return Some(value);
    }
    if path
        .bytes()
        .any(|b| matches!(b, b'"' | b'\'' | b'~' | b'\\' | b'[' | b']') || b >= 0x80)
    {
        return tera::dotted_pointer(value, path);
    }
    let mut v = value;
    let mut rest = path;
    loop {
        let (key, next) = split_first_dot(rest);
        if !key.is_empty() {
            v = match v {
                Value::Object(map) => map.get(key)?,
                Value::Array(list) => list.get(index(key)?)?,
                _ => return None,
            };
        }
        match next {
            Some(n) => rest = n,
            None => return Some(v),
        }
    }
}

/// `name` before its first dot, and what follows the dot. A byte search: names are a few
/// bytes long, too short for `str::find`'s searcher to pay for its setup (it was 1.4% of a
/// build's instructions).
fn split_first_dot(name: &str) -> (&str, Option<&str>) {
    match name.bytes().position(|b| b == b'.') {
        Some(dot) => (&name[..dot], Some(&name[dot + 1..])),
        None => (name, None),
    }
}

/// An array index as serde_json's pointer reads one: no sign, no leading zero.
fn index(s: &str) -> Option<usize> {
    if s.starts_with('+') || (s.starts_with('0') && s.len() != 1) {
        return None;
    }
    s.parse().ok()
}

//! A JSON printer laid out as iperf3's cJSON prints `-J` output: tab indentation, `"key":\t`
//! and arrays of objects as `[{ ... }, { ... }]`.

use std::fmt::Write;

#[derive(Debug, Clone)]
pub enum J {
    Obj(Vec<(&'static str, J)>),
    Arr(Vec<J>),
    Int(i64),
    Num(f64),
    Str(String),
    Bool(bool),
}

pub fn print(v: &J) -> String {
    let mut out = String::new();
    write(&mut out, v, 0);
    out.push('\n');
    out
}

fn write(out: &mut String, v: &J, depth: usize) {
    match v {
        J::Obj(items) => {
            out.push_str("{\n");
            let d = depth + 1;
            let n = items.len();
            for (i, (k, val)) in items.iter().enumerate() {
                tabs(out, d);
                let _ = write!(out, "\"{k}\":\t");
                write(out, val, d);
                out.push_str(if i + 1 < n { ",\n" } else { "\n" });
            }
            tabs(out, depth);
            out.push('}');
        }
        J::Arr(items) => {
            out.push('[');
            for (i, val) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write(out, val, depth + 1);
            }
            out.push(']');
        }
        J::Int(i) => {
            let _ = write!(out, "{i}");
        }
        J::Num(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                let _ = write!(out, "{}", *f as i64);
            } else {
                let _ = write!(out, "{f}");
            }
        }
        J::Str(s) => {
            let _ = write!(out, "\"{s}\"");
        }
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
    }
}

fn tabs(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push('\t');
    }
}

//! The parts of an iperf3 `-J` object that llreport reads, as small typed values: the
//! `intervals` array (most of a long run's bytes) read straight from the text without
//! building a generic JSON tree, and `start`, `end` and `error` kept as [`Value`]s.
//!
//! The typed reader is strict: an object, interval or stream that is not a JSON object, or
//! an `intervals`/`streams` that is not an array, is an error, and the caller then reads the
//! file again as [`Value`]s and converts them with [`Object::from_value`], which reads such
//! shapes the way `Value::get` does (a missing key, or a key of a non-object, gives nothing).
//! Both ways give the same [`Object`] for the same text, and [`Scalar`] gives a field the
//! meaning `Value::as_u64`/`as_f64`/`as_bool` give it.

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use std::fmt;

/// A JSON value reduced to what the readers use: a number, a boolean, or anything else.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) enum Scalar {
    /// A non-negative integer.
    Uint(u64),
    /// A negative integer.
    Neg(i64),
    Float(f64),
    Bool(bool),
    /// Missing, `null`, a string, an array or an object.
    #[default]
    Other,
}

impl Scalar {
    /// The value of `key` in `v` when `v` is an object.
    pub(super) fn of(v: &Value, key: &str) -> Scalar {
        match v.get(key) {
            Some(Value::Number(n)) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => Scalar::Uint(u),
                (None, Some(i), _) => Scalar::Neg(i),
                (None, None, Some(f)) => Scalar::Float(f),
                (None, None, None) => Scalar::Other,
            },
            Some(Value::Bool(b)) => Scalar::Bool(*b),
            _ => Scalar::Other,
        }
    }

    /// As `Value::as_f64`.
    pub(super) fn num(self) -> Option<f64> {
        match self {
            Scalar::Uint(u) => Some(u as f64),
            Scalar::Neg(i) => Some(i as f64),
            Scalar::Float(f) => Some(f),
            Scalar::Bool(_) | Scalar::Other => None,
        }
    }

    /// A count: an integer, or a non-negative float rounded.
    pub(super) fn count(self) -> Option<u64> {
        match self {
            Scalar::Uint(u) => Some(u),
            Scalar::Float(f) if f >= 0.0 => Some(f.round() as u64),
            _ => None,
        }
    }

    /// A flag: a boolean, or an integer where 0 is false.
    pub(super) fn flag(self) -> Option<bool> {
        match self {
            Scalar::Bool(b) => Some(b),
            Scalar::Uint(u) => Some(u != 0),
            _ => None,
        }
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_bool<E>(self, b: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(b))
            }
            fn visit_u64<E>(self, u: u64) -> Result<Scalar, E> {
                Ok(Scalar::Uint(u))
            }
            fn visit_i64<E>(self, i: i64) -> Result<Scalar, E> {
                Ok(u64::try_from(i).map_or(Scalar::Neg(i), Scalar::Uint))
            }
            fn visit_f64<E>(self, f: f64) -> Result<Scalar, E> {
                // serde_json's Value keeps no NaN or infinity either.
                Ok(if f.is_finite() {
                    Scalar::Float(f)
                } else {
                    Scalar::Other
                })
            }
            fn visit_str<E>(self, _: &str) -> Result<Scalar, E> {
                Ok(Scalar::Other)
            }
            fn visit_unit<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::Other)
            }
            fn visit_none<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::Other)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
                Scalar::deserialize(d)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut a: A) -> Result<Scalar, A::Error> {
                while a.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Scalar, A::Error> {
                while m.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Scalar::Other)
            }
        }
        d.deserialize_any(V)
    }
}

/// A key of an object, as its index in a list of the names the reader wants.
struct KeyIn(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeyIn {
    type Value = Option<usize>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for KeyIn {
    type Value = Option<usize>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object key")
    }
    fn visit_str<E>(self, s: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|k| *k == s))
    }
}

/// A type read from a JSON object only (an array, which a derived `Deserialize` would also
/// take, is an error): the keys it wants, and how to read the value of each.
trait FromObject: Default {
    const WHAT: &'static str;
    const KEYS: &'static [&'static str];
    /// Reads the value of `KEYS[i]`; for duplicate keys the last wins, as in a `Value`.
    fn field<'de, A: MapAccess<'de>>(&mut self, i: usize, map: &mut A) -> Result<(), A::Error>;
}

struct ObjectVisitor<T>(std::marker::PhantomData<T>);

impl<'de, T: FromObject> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(T::WHAT)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::default();
        while let Some(key) = map.next_key_seed(KeyIn(T::KEYS))? {
            match key {
                Some(i) => out.field(i, &mut map)?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
}

fn from_object<'de, T: FromObject, D: Deserializer<'de>>(d: D) -> Result<T, D::Error> {
    d.deserialize_map(ObjectVisitor(std::marker::PhantomData))
}

/// One entry of an interval's `streams`, or its `sum` / `sum_bidir_reverse`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Stream {
    pub socket: Scalar,
    pub start: Scalar,
    pub end: Scalar,
    pub bytes: Scalar,
    pub bits_per_second: Scalar,
    pub retransmits: Scalar,
    pub omitted: Scalar,
    pub sender: Scalar,
    pub packets: Scalar,
    pub lost_packets: Scalar,
    pub jitter_ms: Scalar,
}

const STREAM_KEYS: &[&str] = &[
    "socket",
    "start",
    "end",
    "bytes",
    "bits_per_second",
    "retransmits",
    "omitted",
    "sender",
    "packets",
    "lost_packets",
    "jitter_ms",
];

impl Stream {
    fn slot(&mut self, i: usize) -> Option<&mut Scalar> {
        Some(match i {
            0 => &mut self.socket,
            1 => &mut self.start,
            2 => &mut self.end,
            3 => &mut self.bytes,
            4 => &mut self.bits_per_second,
            5 => &mut self.retransmits,
            6 => &mut self.omitted,
            7 => &mut self.sender,
            8 => &mut self.packets,
            9 => &mut self.lost_packets,
            10 => &mut self.jitter_ms,
            _ => return None,
        })
    }

    fn from_value(v: &Value) -> Stream {
        let mut s = Stream::default();
        for (i, key) in STREAM_KEYS.iter().enumerate() {
            if let Some(slot) = s.slot(i) {
                *slot = Scalar::of(v, key);
            }
        }
        s
    }
}

impl FromObject for Stream {
    const WHAT: &'static str = "an iperf3 stream object";
    const KEYS: &'static [&'static str] = STREAM_KEYS;
    fn field<'de, A: MapAccess<'de>>(&mut self, i: usize, map: &mut A) -> Result<(), A::Error> {
        let v = map.next_value::<Scalar>()?;
        if let Some(slot) = self.slot(i) {
            *slot = v;
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Stream {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        from_object(d)
    }
}

/// One element of `intervals`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct IntervalObj {
    pub streams: Vec<Stream>,
    /// Present (even as `null`) or not.
    pub sum: Option<Stream>,
    pub sum_bidir_reverse: Option<Stream>,
}

impl IntervalObj {
    fn from_value(v: &Value) -> IntervalObj {
        IntervalObj {
            streams: v
                .get("streams")
                .and_then(Value::as_array)
                .map_or_else(Vec::new, |a| a.iter().map(Stream::from_value).collect()),
            sum: v.get("sum").map(Stream::from_value),
            sum_bidir_reverse: v.get("sum_bidir_reverse").map(Stream::from_value),
        }
    }
}

impl FromObject for IntervalObj {
    const WHAT: &'static str = "an iperf3 interval object";
    const KEYS: &'static [&'static str] = &["streams", "sum", "sum_bidir_reverse"];
    fn field<'de, A: MapAccess<'de>>(&mut self, i: usize, map: &mut A) -> Result<(), A::Error> {
        match i {
            0 => self.streams = map.next_value()?,
            1 => self.sum = Some(map.next_value()?),
            _ => self.sum_bidir_reverse = Some(map.next_value()?),
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for IntervalObj {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        from_object(d)
    }
}

/// One top-level iperf3 object: `Value::Null` for a missing `start`, `end` or `error`.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Object {
    pub start: Value,
    pub end: Value,
    pub error: Value,
    /// Empty when missing or not an array.
    pub intervals: Vec<IntervalObj>,
}

impl Object {
    /// The object `v` as the typed reader reads it, or `None` if `v` is not an object.
    pub(super) fn from_value(v: &Value) -> Option<Object> {
        v.is_object().then(|| Object {
            start: v.get("start").cloned().unwrap_or(Value::Null),
            end: v.get("end").cloned().unwrap_or(Value::Null),
            error: v.get("error").cloned().unwrap_or(Value::Null),
            intervals: v
                .get("intervals")
                .and_then(Value::as_array)
                .map_or_else(Vec::new, |a| {
                    a.iter().map(IntervalObj::from_value).collect()
                }),
        })
    }
}

impl FromObject for Object {
    const WHAT: &'static str = "an iperf3 JSON object";
    const KEYS: &'static [&'static str] = &["start", "end", "error", "intervals"];
    fn field<'de, A: MapAccess<'de>>(&mut self, i: usize, map: &mut A) -> Result<(), A::Error> {
        match i {
            0 => self.start = map.next_value()?,
            1 => self.end = map.next_value()?,
            2 => self.error = map.next_value()?,
            _ => self.intervals = map.next_value()?,
        }
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Object {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        from_object(d)
    }
}

/// Reads every top-level object of `text` with the typed reader: each with its start and
/// end byte offsets. `None` on any error, including a non-object value or a cut object;
/// the caller then reads the text as [`Value`]s, which says what is wrong.
pub(super) fn read_all(text: &str) -> Option<Vec<(usize, usize, Object)>> {
    read_stream(text)
}

/// The values of the JSON stream `text` as `T`, each with its start and end byte offsets;
/// `None` on the first error.
fn read_stream<'de, T: Deserialize<'de>>(text: &'de str) -> Option<Vec<(usize, usize, T)>> {
    let mut out = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<T>();
    loop {
        let start = stream.byte_offset();
        match stream.next() {
            None => return Some(out),
            Some(Ok(v)) => out.push((start, stream.byte_offset(), v)),
            Some(Err(_)) => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::iperf3::test_support::fixture;

    const FIXTURES: [&str; 5] = [
        "iperf3/i3_ns_tcp_J_client.json",
        "iperf3/i3_lo_udp_J_bidir.json",
        "iperf3/i3_ns_udp_l16_b100m_J_client.json",
        "iperf3/i3s_vpc_p5202_server_json.log",
        "iperf3/i3_ns_error_refused_J.json",
    ];

    /// The objects of `text` read as generic values and converted, or `None` where the text
    /// is not a stream of JSON objects.
    fn through_values(text: &str) -> Option<Vec<(usize, usize, Object)>> {
        read_stream::<Value>(text)?
            .into_iter()
            .map(|(start, end, v)| Some((start, end, Object::from_value(&v)?)))
            .collect()
    }

    #[test]
    fn typed_and_generic_readers_agree_on_the_fixtures() {
        for rel in FIXTURES {
            let text = fixture(rel);
            let typed = read_all(&text).unwrap_or_else(|| panic!("{rel}: typed reader refused"));
            assert!(!typed.is_empty(), "{rel}");
            assert_eq!(Some(typed), through_values(&text), "{rel}");
        }
        let text = fixture("iperf3/i3_ns_tcp_J_client.json");
        let typed = read_all(&text).unwrap_or_default();
        let streams: usize = typed
            .iter()
            .flat_map(|o| &o.2.intervals)
            .map(|i| i.streams.len())
            .sum();
        assert!(streams > 0);
    }

    #[test]
    fn scalars_read_as_values_do() {
        let v: Value = serde_json::from_str(
            r#"{"a": 3, "b": -2, "c": 2.5, "d": -0.5, "e": true, "f": "7", "g": null,
                "h": [1], "i": {"x": 1}, "j": 0, "k": 1e3, "l": 18446744073709551615,
                "m": -0.0}"#,
        )
        .unwrap_or_default();
        for key in [
            "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "zz",
        ] {
            let s = Scalar::of(&v, key);
            let x = v.get(key);
            assert_eq!(s.num(), x.and_then(Value::as_f64), "{key}");
            let count = x.and_then(|x| {
                x.as_u64()
                    .or_else(|| x.as_f64().filter(|f| *f >= 0.0).map(|f| f.round() as u64))
            });
            assert_eq!(s.count(), count, "{key}");
            let flag = x.and_then(|x| x.as_bool().or_else(|| x.as_u64().map(|n| n != 0)));
            assert_eq!(s.flag(), flag, "{key}");
            let text = format!(
                "{{\"socket\": {}}}",
                x.map_or("null".into(), Value::to_string)
            );
            let typed: Stream = serde_json::from_str(&text).unwrap_or_default();
            assert_eq!(typed.socket, s, "{key}: {text}");
        }
    }

    #[test]
    fn odd_shapes_fall_back_to_the_generic_reader() {
        for text in [
            "[1, 2]",
            r#"{"intervals": {"streams": []}}"#,
            r#"{"intervals": [[]]}"#,
            r#"{"intervals": [{"streams": [3]}]}"#,
            r#"{"intervals": [{"sum": null}]}"#,
            r#"{"intervals": [{"streams": [{"socket": 5}]}]} {"#,
        ] {
            assert_eq!(read_all(text), None, "{text}");
        }
        let o = through_values(r#"{"intervals": [{"sum": null, "streams": 1}, 7], "error": 3}"#);
        let o = o.and_then(|v| v.into_iter().next()).map(|x| x.2);
        let sum = Some(Stream::default());
        assert_eq!(
            o.map(|o| (o.intervals, o.error)),
            Some((
                vec![
                    IntervalObj {
                        streams: vec![],
                        sum,
                        sum_bidir_reverse: None
                    },
                    IntervalObj::default()
                ],
                Value::from(3)
            ))
        );
    }

    #[test]
    fn edited_objects_read_the_same_both_ways() {
        let base = r#"{"start": {"x": 1}, "intervals": [{"streams": [{"socket": 5, "start": 0, "end": 1.0, "bytes": 12, "bits_per_second": 96.5, "retransmits": 0, "omitted": false, "sender": true, "packets": 3, "lost_packets": 1, "jitter_ms": 0.25, "seconds": 1}], "sum": {"start": 0, "end": 1, "bytes": 12}, "sum_bidir_reverse": {"sender": 0}}], "end": {}, "error": "x"} {"intervals": []}"#;
        let accepted = crate::parse::edits::edited_lines(
            &[base],
            br#"{}[]",:0123456789.-+eE truensl\"#,
            0x2545_F491_4F6C_DD1D,
            40_000,
            |t| {
                let Some(typed) = read_all(t) else {
                    return false;
                };
                assert_eq!(Some(typed), through_values(t), "{t}");
                true
            },
        );
        assert!(accepted > 2000, "{accepted}");
    }
}

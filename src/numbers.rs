//! Numbers in prose, normalised so that a figure in a brief can be looked up
//! in a source's text, and derivations (`{92 − 29 − 37 = 26}`) worked out.
//!
//! Invariant: two spellings of one figure give the same [`Key`] — `2,700`
//! and `2700`; `25%`, `25 per cent` and `25 percent`; `$1.5bn` and
//! `1.5 billion`; `twenty-nine` and `29`; `27 February` and `February 27th`
//! — and a key says what kind of figure it is, so a percentage never matches
//! a count. Everything here is pure text processing; which sentences are
//! checked against which sources is `crate::claims`'s business.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

/// A number as compared: its kind and value. Values are kept in
/// thousandths, so that `1.5` and `1.50` are one key and no float is
/// compared for equality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// A count or an amount of money, scaled: `$1.5bn` is 1.5e9.
    Amount(i64),
    /// A percentage: `25 per cent` is 25.
    Percent(i64),
    /// A day of a month, with or without its year: `27 February`.
    Day { month: u8, day: u8 },
    /// A year standing alone (four digits, 1800 to 2100, no separator).
    Year(i32),
}

impl Key {
    /// The key of a plain amount.
    pub fn amount(value: f64) -> Key {
        Key::Amount(thousandths(value))
    }

    /// The value, for arithmetic and for ranking the closest numbers.
    pub fn value(self) -> f64 {
        match self {
            Key::Amount(v) | Key::Percent(v) => v as f64 / 1000.0,
            Key::Day { month, day } => f64::from(month) * 31.0 + f64::from(day),
            Key::Year(y) => f64::from(y),
        }
    }
}

/// `value` in thousandths; `as` saturates, so an absurd number written in a
/// brief cannot overflow.
fn thousandths(value: f64) -> i64 {
    (value * 1000.0).round() as i64
}

/// A number found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    /// Byte range in the text, currency and unit included.
    pub start: usize,
    pub end: usize,
    pub key: Key,
    /// Not a figure the prose states: part of a name, a code or a measure
    /// glued to it (`MS-13`, `#2125256`, `A320`, `163kg`, `1980s`), or the
    /// word `one` alone ("one report says"), or an ordinal word (`third`).
    /// A source's set keeps these (a brief may well say "163 kg"); a claim
    /// does not check them.
    pub incidental: bool,
}

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec";
const ONES: &str = "one|two|three|four|five|six|seven|eight|nine";
const TEENS: &str =
    "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|zero";
/// Ordinal words, `first` to `twentieth`: a source's "the third
/// handover" supports a brief's "three handovers"; in a brief they are
/// words, not figures (see [`Number::incidental`]).
const ORDINALS: &str = "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth";
const TENS: &str = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety";

/// One pattern for every kind of number, tried left to right; at one place
/// the earlier alternative wins, so `27 February` is a day before `27` can
/// be a count, and an ISO date or a URL is passed over whole.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    let pattern = format!(
        r"(?x)
        (?P<skip> https?://\S+ | www\.\S+ | \b\d{{4}}-\d{{2}}(?:-\d{{2}})?\b | \b\d{{1,2}}:\d{{2}}\b )
        | (?P<dmy> \b(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<m1>{MONTHS})\b )
        | (?P<mdy> \b(?P<m2>{MONTHS})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b )
        | (?P<fig>
            (?:(?P<cur>US\$|MX\$|\$|€|£)\s?)?
            (?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)
            (?P<scale>\s?(?i:thousand|million|billion|trillion)\b|(?i:bn|mn|m|k|tn)\b)?
            (?P<pct>\s?%|\s?(?i:per\s?cent|percent)\b)?
          )
        | (?P<ord> \b(?i:{ORDINALS})\b )
        | (?P<word> \b(?i:(?P<tens>{TENS})(?:[-‐\s](?P<unit>{ONES}))?|(?P<teen>{TEENS})|(?P<one>{ONES}))\b
            (?P<wscale>\s(?i:hundred|thousand|million|billion)\b)?
            (?P<wpct>\s(?i:per\s?cent|percent)\b)? )"
    );
    // Word boundaries are ASCII ones: the regex crate's fast engine (the
    // lazy DFA) gives up on Unicode `\b` as soon as the text has a byte
    // outside ASCII (any dash or curly quote), and the slow one then took a
    // fifth of a whole build. Digits and the words above are ASCII, so only
    // a number glued to a non-ASCII letter reads differently.
    let pattern = pattern.replace(r"\b", r"(?-u:\b)");
    Regex::new(&pattern).expect("the number pattern compiles")
});

/// [`NUMBER`]'s named groups, by number: a group found by its name hashed
/// the name, eleven times for each number in a text.
#[derive(Clone, Copy)]
enum G {
    Skip,
    D1,
    M1,
    D2,
    M2,
    Ord,
    Num,
    Cur,
    Scale,
    Pct,
    Tens,
    Unit,
    Teen,
    One,
    Wscale,
    Wpct,
}

/// The groups' names, in the order of [`G`].
const GROUP_NAMES: [&str; 16] = [
    "skip", "d1", "m1", "d2", "m2", "ord", "num", "cur", "scale", "pct", "tens", "unit", "teen",
    "one", "wscale", "wpct",
];

/// Each of [`G`]'s groups' number in [`NUMBER`].
static GROUP: LazyLock<[usize; 16]> = LazyLock::new(|| {
    GROUP_NAMES.map(|name| {
        NUMBER
            .capture_names()
            .position(|n| n == Some(name))
            .expect("a group of the number pattern")
    })
});

/// Group `g` of a match of [`NUMBER`].
fn group<'h>(caps: &regex::Captures<'h>, g: G) -> Option<regex::Match<'h>> {
    caps.get(GROUP[g as usize])
}

/// Every number in `text`, in order.
pub fn find_numbers(text: &str) -> Vec<Number> {
    let mut found: Vec<Number> = Vec::new();
    for caps in NUMBER.captures_iter(text) {
        let whole = caps.get(0).expect("a match");
        let (start, end) = (whole.start(), whole.end());
        if group(&caps, G::Skip).is_some() {
            continue;
        }
        let day_month = match (
            group(&caps, G::D1),
            group(&caps, G::M1),
            group(&caps, G::D2),
            group(&caps, G::M2),
        ) {
            (Some(d), Some(m), _, _) | (_, _, Some(d), Some(m)) => Some((d.as_str(), m.as_str())),
            _ => None,
        };
        if let Some((d, m)) = day_month {
            let day: u8 = d.parse().unwrap_or(0);
            let month = month_number(m);
            if (1..=31).contains(&day) {
                found.push(Number {
                    start,
                    end,
                    key: Key::Day { month, day },
                    incidental: false,
                });
            }
            continue;
        }
        if let Some(ordinal) = group(&caps, G::Ord) {
            let lower = ordinal.as_str().to_ascii_lowercase();
            let position = ORDINALS.split('|').position(|o| o == lower);
            found.push(Number {
                start,
                end,
                key: Key::amount(position.map_or(0.0, |i| i as f64 + 1.0)),
                incidental: true,
            });
            continue;
        }
        let key = if let Some(num) = group(&caps, G::Num) {
            figure_key(
                num.as_str(),
                group(&caps, G::Cur).is_some(),
                group(&caps, G::Scale).map(|s| s.as_str()),
                group(&caps, G::Pct).is_some(),
            )
        } else {
            let Some(value) = word_value(&caps) else {
                continue;
            };
            if group(&caps, G::Wpct).is_some() {
                Key::Percent(thousandths(value))
            } else {
                Key::amount(value)
            }
        };
        let bare_one = group(&caps, G::One).is_some_and(|o| o.as_str().eq_ignore_ascii_case("one"))
            && group(&caps, G::Wscale).is_none()
            && group(&caps, G::Wpct).is_none();
        let incidental = bare_one || glued(text, start, end);
        found.push(Number {
            start,
            end,
            key,
            incidental,
        });
    }
    share_range_percent(text, &mut found);
    found
}

/// The key of a figure written in digits.
fn figure_key(num: &str, currency: bool, scale: Option<&str>, percent: bool) -> Key {
    let digits: String = num.chars().filter(|&c| c != ',').collect();
    let value: f64 = digits.parse().unwrap_or(0.0);
    let factor = scale.map_or(1.0, |s| match s.trim().to_ascii_lowercase().as_str() {
        "thousand" | "k" => 1e3,
        "million" | "m" | "mn" => 1e6,
        "billion" | "bn" => 1e9,
        _ => 1e12,
    });
    if percent {
        return Key::Percent(thousandths(value * factor));
    }
    let plain = !currency && scale.is_none() && digits.len() == 4 && !num.contains(['.', ',']);
    match digits.parse::<i32>() {
        Ok(year) if plain && (1800..=2100).contains(&year) => Key::Year(year),
        _ => Key::amount(value * factor),
    }
}

/// The value of a number written in words: `twenty-nine`, `three million`.
fn word_value(caps: &regex::Captures) -> Option<f64> {
    let word = |g: G| group(caps, g).map(|m| m.as_str().to_ascii_lowercase());
    let ones = |w: &str| ONES.split('|').position(|o| o == w).map(|i| i as f64 + 1.0);
    let mut value = if let Some(t) = word(G::Tens) {
        let tens = TENS.split('|').position(|x| x == t)? as f64 * 10.0 + 20.0;
        tens + word(G::Unit).as_deref().and_then(ones).unwrap_or(0.0)
    } else if let Some(t) = word(G::Teen) {
        match TEENS.split('|').position(|x| x == t)? {
            10 => 0.0,
            i => i as f64 + 10.0,
        }
    } else {
        ones(&word(G::One)?)?
    };
    if let Some(s) = word(G::Wscale) {
        value *= match s.trim() {
            "hundred" => 100.0,
            "thousand" => 1e3,
            "million" => 1e6,
            _ => 1e9,
        };
    }
    Some(value)
}

fn month_number(name: &str) -> u8 {
    let prefix: String = name.chars().take(3).collect();
    let order = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    order
        .iter()
        .position(|m| *m == prefix)
        .map_or(0, |i| i as u8 + 1)
}

/// Whether the number at `start..end` is glued to a name, a code or a unit:
/// a letter, `#` or `_` before it (or a letter and a hyphen: `MS-13`), a
/// letter right after it (`3rd`, `1980s`, `163kg`), or a slash on either
/// side (`9/11`, `20/01/2026`).
fn glued(text: &str, start: usize, end: usize) -> bool {
    let mut before = text[..start].chars().rev();
    let prev = before.next();
    let prev2 = before.next();
    let mut after = text[end..].chars();
    let next = after.next();
    let next2 = after.next();
    let letter = |c: Option<char>| c.is_some_and(char::is_alphabetic);
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    prev.is_some_and(|c| c.is_alphanumeric() || c == '#' || c == '_')
        || (matches!(prev, Some('-' | '‐' | '‑')) && letter(prev2))
        || letter(next)
        || (prev == Some('/') && digit(prev2))
        || (next == Some('/') && digit(next2))
}

/// `20–25%`: the first number of a range shares the second's percent sign.
fn share_range_percent(text: &str, found: &mut [Number]) {
    for i in 1..found.len() {
        let (a, b) = (&found[i - 1], &found[i]);
        if let (Key::Amount(v), Key::Percent(_)) = (a.key, b.key) {
            let between = text[a.end..b.start].trim();
            if matches!(between, "-" | "–" | "—" | "to") {
                found[i - 1].key = Key::Percent(v);
            }
        }
    }
}

/// The numbers of one source's text, each with the first way the text
/// writes it (shown in hints).
#[derive(Debug, Default)]
pub struct NumberSet {
    written: BTreeMap<Key, String>,
}

impl NumberSet {
    pub fn of_text(text: &str) -> NumberSet {
        let mut written = BTreeMap::new();
        for n in find_numbers(text) {
            written.entry(n.key).or_insert_with(|| {
                text[n.start..n.end]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            });
        }
        NumberSet { written }
    }

    pub fn is_empty(&self) -> bool {
        self.written.is_empty()
    }

    /// Whether the text holds this number. A whole amount and a year of the
    /// same value are one number (`2000 troops` reads like a year).
    pub fn contains(&self, key: Key) -> bool {
        let twin = match key {
            Key::Amount(v) if v % 1000 == 0 => i32::try_from(v / 1000).ok().map(Key::Year),
            Key::Year(y) => Some(Key::Amount(i64::from(y) * 1000)),
            _ => None,
        };
        self.written.contains_key(&key) || twin.is_some_and(|t| self.written.contains_key(&t))
    }

    /// Up to `n` numbers of the same kind nearest to `key`, as written.
    pub fn closest(&self, key: Key, n: usize) -> Vec<&str> {
        let same_kind = |k: &Key| {
            matches!(
                (key, k),
                (Key::Percent(_), Key::Percent(_))
                    | (Key::Day { .. }, Key::Day { .. })
                    | (Key::Amount(_) | Key::Year(_), Key::Amount(_) | Key::Year(_))
            )
        };
        let target = key.value();
        let mut near: Vec<(f64, &str)> = self
            .written
            .iter()
            .filter(|(k, _)| same_kind(k))
            .map(|(k, w)| {
                let v = k.value();
                (
                    (v - target).abs() / v.abs().max(target.abs()).max(1.0),
                    w.as_str(),
                )
            })
            .collect();
        near.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(b.1)));
        let mut out: Vec<&str> = Vec::new();
        for (_, w) in near {
            if !out.contains(&w) {
                out.push(w);
            }
            if out.len() == n {
                break;
            }
        }
        out
    }
}

/// Arithmetic written in the prose: `{92 − 29 − 37 = 26}` (braces: shown
/// to readers as its result, `26`) or a bare `92 − 29 − 37 = 26` (in a
/// footnote saying how a number was derived).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derivation {
    /// The whole of it, braces included.
    pub start: usize,
    pub end: usize,
    pub braced: bool,
    /// The expression and the result, as byte ranges in the text.
    pub expr: (usize, usize),
    pub result: (usize, usize),
}

impl Derivation {
    pub fn expr_text<'t>(&self, text: &'t str) -> &'t str {
        text[self.expr.0..self.expr.1].trim()
    }

    pub fn result_text<'t>(&self, text: &'t str) -> &'t str {
        text[self.result.0..self.result.1].trim()
    }
}

/// Characters an expression may hold: digits, separators, operators,
/// parentheses, `%`, spaces.
const EXPR_CHARS: &str = "0123456789.,%()+-−–—×x*/÷ ";

static BRACED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{(?P<expr>[0-9.,%()+\-−–—×x*/÷\s]*[0-9][0-9.,%()+\-−–—×x*/÷\s]*)=(?P<result>\s*[0-9][0-9.,]*%?\s*)\}")
        .expect("the derivation pattern compiles")
});

static BARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?P<expr>\(*\s*\d[\d.,]*%?(?:\s*\)*\s*[+\-−–—×x*/÷]\s*\(*\s*\d[\d.,]*%?\s*\)*)+)\s*=\s*(?P<result>\d[\d,]*(?:\.\d+)?%?)")
        .expect("the equation pattern compiles")
});

/// The derivations in `text`: braced ones anywhere, bare equations outside
/// them.
pub fn find_derivations(text: &str) -> Vec<Derivation> {
    let mut out: Vec<Derivation> = BRACED
        .captures_iter(text)
        .map(|c| {
            let whole = c.get(0).expect("a match");
            let (e, r) = (
                c.name("expr").expect("expr"),
                c.name("result").expect("result"),
            );
            Derivation {
                start: whole.start(),
                end: whole.end(),
                braced: true,
                expr: (e.start(), e.end()),
                result: (r.start(), r.end()),
            }
        })
        .collect();
    let braced: Vec<(usize, usize)> = out.iter().map(|d| (d.start, d.end)).collect();
    for c in BARE.captures_iter(text) {
        let whole = c.get(0).expect("a match");
        if braced
            .iter()
            .any(|&(s, e)| whole.start() < e && s < whole.end())
        {
            continue;
        }
        let (e, r) = (
            c.name("expr").expect("expr"),
            c.name("result").expect("result"),
        );
        out.push(Derivation {
            start: whole.start(),
            end: whole.end(),
            braced: false,
            expr: (e.start(), e.end()),
            result: (r.start(), r.end()),
        });
    }
    out.sort_by_key(|d| d.start);
    out
}

/// Only the braced derivations, for rendering.
pub fn find_braced_derivations(text: &str) -> Vec<Derivation> {
    find_derivations(text)
        .into_iter()
        .filter(|d| d.braced)
        .collect()
}

/// An operand of a derivation: where it is in the expression and its key.
#[derive(Debug, Clone, PartialEq)]
pub struct Operand {
    pub start: usize,
    pub end: usize,
    pub key: Key,
}

/// Works out `expr` (`+ - − – × x * / ÷`, parentheses, the usual
/// precedence) without recursion, so content cannot choose a depth. Returns
/// the value and the operands (offsets within `expr`).
pub fn evaluate(expr: &str) -> Result<(f64, Vec<Operand>), String> {
    debug_assert!(
        expr.chars()
            .all(|c| EXPR_CHARS.contains(c) || c.is_whitespace())
    );
    #[derive(Clone, Copy, PartialEq)]
    enum Tok {
        Num(f64),
        Op(char),
        Open,
        Close,
    }
    let mut tokens = Vec::new();
    let mut operands = Vec::new();
    let bytes = expr.as_bytes();
    let mut i = 0;
    while i < expr.len() {
        let c = expr[i..].chars().next().expect("in bounds");
        if c.is_ascii_digit() {
            let mut j = i;
            while j < expr.len()
                && (bytes[j].is_ascii_digit() || bytes[j] == b'.' || bytes[j] == b',')
            {
                j += 1;
            }
            let written = expr[i..j].trim_end_matches([',', '.']);
            let j2 = i + written.len();
            let percent = expr[j2..].trim_start().starts_with('%');
            let key = figure_key(written, false, None, percent);
            let value: f64 = written
                .replace(',', "")
                .parse()
                .map_err(|_| format!("`{written}` is not a number"))?;
            operands.push(Operand {
                start: i,
                end: j2,
                key,
            });
            tokens.push(Tok::Num(value));
            i = j2;
            continue;
        }
        match c {
            '+' => tokens.push(Tok::Op('+')),
            '-' | '−' | '–' | '—' => tokens.push(Tok::Op('-')),
            '×' | 'x' | '*' => tokens.push(Tok::Op('*')),
            '/' | '÷' => tokens.push(Tok::Op('/')),
            '(' => tokens.push(Tok::Open),
            ')' => tokens.push(Tok::Close),
            '%' => {}
            c if c.is_whitespace() => {}
            c => return Err(format!("`{c}` is not an operator")),
        }
        i += c.len_utf8();
    }
    // Shunting-yard into reverse Polish, then a stack machine.
    let prec = |op: char| if matches!(op, '+' | '-') { 1 } else { 2 };
    let mut output = Vec::new();
    let mut ops: Vec<Tok> = Vec::new();
    let mut expect_operand = true;
    for t in tokens {
        match t {
            Tok::Num(_) if expect_operand => {
                output.push(t);
                expect_operand = false;
            }
            Tok::Open if expect_operand => ops.push(t),
            Tok::Op(o) if !expect_operand => {
                while let Some(&Tok::Op(top)) = ops.last() {
                    if prec(top) < prec(o) {
                        break;
                    }
                    output.push(ops.pop().expect("non-empty"));
                }
                ops.push(t);
                expect_operand = true;
            }
            Tok::Close if !expect_operand => loop {
                match ops.pop() {
                    Some(Tok::Open) => break,
                    Some(op) => output.push(op),
                    None => return Err("a `)` has no `(`".into()),
                }
            },
            _ => return Err("an operator or a number is missing".into()),
        }
    }
    if expect_operand {
        return Err("it ends without a number".into());
    }
    while let Some(op) = ops.pop() {
        if op == Tok::Open {
            return Err("a `(` is not closed".into());
        }
        output.push(op);
    }
    let mut stack: Vec<f64> = Vec::new();
    for t in output {
        match t {
            Tok::Num(v) => stack.push(v),
            Tok::Op(o) => {
                let (Some(b), Some(a)) = (stack.pop(), stack.pop()) else {
                    return Err("an operator or a number is missing".into());
                };
                stack.push(match o {
                    '+' => a + b,
                    '-' => a - b,
                    '*' => a * b,
                    _ if b == 0.0 => return Err("it divides by zero".into()),
                    _ => a / b,
                });
            }
            _ => return Err("the parentheses do not match".into()),
        }
    }
    match stack.as_slice() {
        [v] => Ok((*v, operands)),
        _ => Err("an operator is missing".into()),
    }
}

/// Whether `value` is `result` as written, to the precision written:
/// `31.5` is any value from 31.45 to 31.55.
pub fn agrees(value: f64, result: &str) -> bool {
    let digits = result.trim().trim_end_matches('%').replace(',', "");
    let Ok(written) = digits.parse::<f64>() else {
        return false;
    };
    let decimals = digits.split_once('.').map_or(0, |(_, d)| d.len());
    let half_step = 0.5 * 10f64.powi(-(decimals as i32));
    (value - written).abs() <= half_step + 1e-9 * written.abs().max(1.0)
}

/// A value for a message: whole numbers plainly, others to two decimals.
pub fn show_value(value: f64) -> String {
    if (value - value.round()).abs() < 1e-9 {
        format!("{}", value.round() as i64)
    } else {
        format!("{value:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<Key> {
        find_numbers(text)
            .into_iter()
            .filter(|n| !n.incidental)
            .map(|n| n.key)
            .collect()
    }

    fn amount(v: f64) -> Key {
        Key::amount(v)
    }

    #[test]
    fn thousands_separators_and_decimals_are_one_number() {
        assert_eq!(keys("Over 2,700 people"), keys("over 2700 people"));
        assert_eq!(keys("seized 1.4 tonnes"), [amount(1.4)]);
        assert_eq!(keys("1,297 and 14,102"), [amount(1297.0), amount(14102.0)]);
    }

    #[test]
    fn numbers_beside_dashes_and_curly_quotes_are_found() {
        // Text outside ASCII around them, as the sources have it.
        assert_eq!(
            keys("México’s “twenty” troops—on 27 February—and 2,700 more"),
            [amount(20.0), Key::Day { month: 2, day: 27 }, amount(2700.0)]
        );
        assert_eq!(keys("sixteenth-century “seventh”"), Vec::<Key>::new());
    }

    #[test]
    fn percentages_are_one_kind_however_written() {
        let want = [Key::Percent(25_000)];
        assert_eq!(keys("a 25 per cent tariff"), want);
        assert_eq!(keys("a 25% tariff"), want);
        assert_eq!(keys("a 25 percent tariff"), want);
        assert_eq!(keys("a 25percent tariff"), want);
        assert_eq!(keys("twenty-five per cent"), want);
        assert_ne!(keys("25 tariffs"), want);
        assert_eq!(keys("20–25%"), [Key::Percent(20_000), Key::Percent(25_000)]);
    }

    #[test]
    fn money_and_scale_words_multiply() {
        let want = [amount(1.5e9)];
        assert_eq!(keys("$1.5bn"), want);
        assert_eq!(keys("1.5 billion dollars"), want);
        assert_eq!(keys("US$ 1.5 billion"), want);
        assert_eq!(keys("$1,500 million"), want);
        assert_eq!(keys("three million"), [amount(3e6)]);
        assert_eq!(keys("$5m and 20k"), [amount(5e6), amount(2e4)]);
    }

    #[test]
    fn words_up_to_ninety_nine_read_as_digits() {
        assert_eq!(keys("twenty-nine prisoners"), [amount(29.0)]);
        assert_eq!(keys("Twenty nine"), [amount(29.0)]);
        assert_eq!(
            keys("seventeen, twelve and zero"),
            [amount(17.0), amount(12.0), amount(0.0)]
        );
        assert_eq!(keys("five sources"), [amount(5.0)]);
        assert_eq!(keys("seventy"), [amount(70.0)]);
        assert!(keys("someone, stone, often").is_empty());
    }

    #[test]
    fn ordinal_words_count_in_a_source_but_are_not_figures_of_a_brief() {
        assert!(keys("the third handover").is_empty());
        let set = NumberSet::of_text("the third such flight and the twelfth");
        assert!(set.contains(amount(3.0)));
        assert!(set.contains(amount(12.0)));
        assert!(!set.contains(amount(4.0)), "`fourth` is not `four`");
    }

    #[test]
    fn one_alone_is_a_word_not_a_figure() {
        assert!(keys("one report says").is_empty());
        assert_eq!(keys("one million"), [amount(1e6)]);
        assert_eq!(keys("twenty-one"), [amount(21.0)]);
    }

    #[test]
    fn days_with_months_read_in_both_orders() {
        let want = [Key::Day { month: 2, day: 27 }];
        assert_eq!(keys("on 27 February"), want);
        assert_eq!(keys("on February 27"), want);
        assert_eq!(keys("on February 27th"), want);
        assert_eq!(keys("on the 27th of February"), want);
        assert_eq!(keys("on 27th of February"), want);
        assert_eq!(keys("March 4th,"), [Key::Day { month: 3, day: 4 }]);
        assert_eq!(
            keys("27 February 2025"),
            [Key::Day { month: 2, day: 27 }, Key::Year(2025)]
        );
        assert_eq!(keys("February 2025"), [Key::Year(2025)]);
        assert_eq!(
            keys("may 5 people"),
            [amount(5.0)],
            "months are capitalised"
        );
    }

    #[test]
    fn years_stand_alone_and_other_four_digit_numbers_do_not() {
        assert_eq!(keys("in 2025"), [Key::Year(2025)]);
        assert_eq!(keys("in 1848"), [Key::Year(1848)]);
        assert_eq!(keys("2,025 people"), [amount(2025.0)]);
        assert_eq!(keys("3000 people"), [amount(3000.0)]);
        assert_eq!(keys("$2025"), [amount(2025.0)]);
    }

    #[test]
    fn ranges_give_both_ends() {
        assert_eq!(keys("29–37 prisoners"), [amount(29.0), amount(37.0)]);
    }

    #[test]
    fn codes_ids_urls_and_iso_dates_are_not_figures() {
        assert!(keys("the MS-13 gang").is_empty());
        assert!(keys("Document #2125256").is_empty());
        assert!(keys("an A320 and 163kg and the 1980s and the 3rd").is_empty());
        assert!(keys("see https://example.com/a/2025/27 and www.x.org/5").is_empty());
        assert!(keys("dated 2025-02-27 or 2025-02").is_empty());
        assert!(keys("on 9/11 or 20/01/2026 at 10:30").is_empty());
        assert_eq!(
            keys("a 72-year-old and a 10,000-troop force"),
            [amount(72.0), amount(1e4)]
        );
    }

    #[test]
    fn a_source_set_finds_numbers_however_written_and_suggests_the_nearest() {
        let set = NumberSet::of_text(
            "Mexico sent twenty-nine, then 37, for 92 in all; a 25 per cent tariff; 2000 troops; on 27 February.",
        );
        assert!(set.contains(amount(29.0)));
        assert!(set.contains(Key::Percent(25_000)));
        assert!(!set.contains(Key::Percent(29_000)));
        assert!(
            set.contains(amount(2000.0)),
            "the year-like 2000 is also a count"
        );
        assert!(set.contains(Key::Day { month: 2, day: 27 }));
        assert_eq!(set.closest(amount(93.0), 3), ["92", "37", "twenty-nine"]);
        assert_eq!(set.closest(Key::Percent(24_000), 3), ["25 per cent"]);
    }

    #[test]
    fn derivations_are_found_braced_or_bare() {
        let text = "total {92 − 29 − 37 = 26} people; note: 92 - 29 - 37 = 26. Not {a = 3} or {x}.";
        let found = find_derivations(text);
        assert_eq!(found.len(), 2);
        assert!(found[0].braced);
        assert_eq!(found[0].expr_text(text), "92 − 29 − 37");
        assert_eq!(found[0].result_text(text), "26");
        assert!(!found[1].braced);
        assert_eq!(found[1].expr_text(text), "92 - 29 - 37");
        assert_eq!(find_braced_derivations(text).len(), 1);
    }

    #[test]
    fn arithmetic_follows_precedence_and_parentheses() {
        let (v, ops) = evaluate("92 − 29 − 37").unwrap();
        assert_eq!(v, 26.0);
        assert_eq!(
            ops.iter().map(|o| o.key).collect::<Vec<_>>(),
            [amount(92.0), amount(29.0), amount(37.0)]
        );
        assert_eq!(evaluate("2 + 3 × 4").unwrap().0, 14.0);
        assert_eq!(evaluate("(2 + 3) x 4").unwrap().0, 20.0);
        assert_eq!(evaluate("2,700 / 3").unwrap().0, 900.0);
        assert!((evaluate("29 / 92 * 100").unwrap().0 - 31.5217).abs() < 1e-3);
        assert_eq!(evaluate("25% + 5%").unwrap().1[0].key, Key::Percent(25_000));
        assert!(evaluate("1 / 0").is_err());
        assert!(evaluate("1 +").is_err());
        assert!(evaluate("(1 + 2").is_err());
        assert!(evaluate("1 + 2)").is_err());
        assert!(evaluate("1 2").is_err());
        assert!(
            evaluate(&"(".repeat(100_000)).is_err(),
            "no recursion, no overflow"
        );
    }

    #[test]
    fn results_agree_to_the_precision_written() {
        assert!(agrees(26.0, "26"));
        assert!(!agrees(26.0, "25"));
        assert!(agrees(2900.0 / 92.0, "31.5"));
        assert!(!agrees(2900.0 / 92.0, "31.6"));
        assert!(agrees(31.52, "32"));
        assert!(agrees(2700.0, "2,700"));
        assert!(agrees(25.0, "25%"));
    }
}

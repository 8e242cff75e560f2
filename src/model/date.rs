//! Dates with the precision the source gives: a day, a month, a year, or a
//! range between two of those.

use std::cmp::Ordering;
use std::fmt;

use serde::{Serialize, Serializer};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A year, a month of a year, or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: i16,
    pub month: Option<i8>,
    pub day: Option<i8>,
}

/// How precise a [`PartialDate`] is, coarsest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A date or a range of dates, as an editor wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DateSpec {
    pub start: PartialDate,
    pub end: Option<PartialDate>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, refusing dates that do not
    /// exist (`2025-02-30`).
    pub fn parse(s: &str) -> Result<PartialDate, String> {
        let parts: Vec<&str> = s.split('-').collect();
        let number = |p: &str, width: usize, what: &str| -> Result<i32, String> {
            if p.len() != width || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "`{s}` is not a date: the {what} must be {width} digits"
                ));
            }
            Ok(p.parse().expect("digits"))
        };
        if parts.len() > 3 {
            return Err(format!("`{s}` is not a date"));
        }
        let year = number(parts[0], 4, "year")?;
        let month = parts.get(1).map(|m| number(m, 2, "month")).transpose()?;
        let day = parts.get(2).map(|d| number(d, 2, "day")).transpose()?;
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(format!("`{s}` has no month {m}"));
            }
            if let Some(d) = day {
                let date = jiff::civil::Date::new(year as i16, m as i8, d as i8);
                if date.is_err() {
                    return Err(format!(
                        "{} {year} has no day {d}",
                        MONTHS[(m - 1) as usize]
                    ));
                }
            }
        }
        Ok(PartialDate {
            year: year as i16,
            month: month.map(|m| m as i8),
            day: day.map(|d| d as i8),
        })
    }

    fn key(&self) -> (i16, i8, i8) {
        (self.year, self.month.unwrap_or(0), self.day.unwrap_or(0))
    }

    /// `2025-02-27`, `2025-02` or `2025`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// The first day the date covers: a month's first, a year's 1 January.
    /// A brief is due for review from this day on.
    pub fn first_day(&self) -> jiff::civil::Date {
        jiff::civil::Date::new(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .expect("parsed dates exist")
    }

    /// How precise the date is: a year, a month or a day.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    pub fn month_name(&self) -> Option<&'static str> {
        self.month.map(|m| MONTHS[(m - 1) as usize])
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month_name(), self.day) {
            (Some(m), Some(d)) => write!(f, "{d} {m} {}", self.year),
            (Some(m), None) => write!(f, "{m} {}", self.year),
            _ => write!(f, "{}", self.year),
        }
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl DateSpec {
    /// Parses a date or a range `START..END`.
    pub fn parse(s: &str) -> Result<DateSpec, String> {
        let s = s.trim();
        match s.split_once("..") {
            Some((a, b)) => {
                let start = PartialDate::parse(a.trim())?;
                let end = PartialDate::parse(b.trim())?;
                if end < start {
                    return Err(format!("the range `{s}` ends before it starts"));
                }
                Ok(DateSpec {
                    start,
                    end: Some(end),
                })
            }
            None => Ok(DateSpec {
                start: PartialDate::parse(s)?,
                end: None,
            }),
        }
    }

    /// The ISO form, `a..b` for ranges.
    pub fn iso(&self) -> String {
        match &self.end {
            Some(end) => format!("{}..{}", self.start.iso(), end.iso()),
            None => self.start.iso(),
        }
    }

    /// The value of an HTML `datetime` attribute. A range has no valid
    /// `datetime` form (`a..b` fails the Nu Html Checker), so it gives its
    /// start; the text of the `<time>` element still shows the whole range.
    pub fn datetime_attr(&self) -> String {
        self.start.iso()
    }

    /// A fractional year, for placing the date on a chart axis.
    pub fn as_year_fraction(&self) -> f64 {
        let d = self.start;
        let month = d.month.unwrap_or(1) as f64 - 1.0;
        let day = d.day.unwrap_or(1) as f64 - 1.0;
        d.year as f64 + (month + day / 31.0) / 12.0
    }
}

impl fmt::Display for DateSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.end {
            None => write!(f, "{}", self.start),
            Some(end) => {
                let s = self.start;
                if s.year == end.year
                    && s.month == end.month
                    && s.day.is_some()
                    && end.day.is_some()
                {
                    write!(
                        f,
                        "{}–{} {} {}",
                        s.day.unwrap_or(0),
                        end.day.unwrap_or(0),
                        s.month_name().unwrap_or(""),
                        s.year
                    )
                } else {
                    write!(f, "{s} – {end}")
                }
            }
        }
    }
}

impl Ord for DateSpec {
    fn cmp(&self, other: &Self) -> Ordering {
        self.start
            .cmp(&other.start)
            .then_with(|| self.end.cmp(&other.end))
    }
}

impl PartialOrd for DateSpec {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for DateSpec {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision() {
        assert_eq!(
            DateSpec::parse("2025-02-27").unwrap().to_string(),
            "27 February 2025"
        );
        assert_eq!(
            DateSpec::parse("2025-02").unwrap().to_string(),
            "February 2025"
        );
        assert_eq!(DateSpec::parse("2025").unwrap().to_string(), "2025");
        assert_eq!(
            DateSpec::parse("2025-03-04..2025-03-06")
                .unwrap()
                .to_string(),
            "4–6 March 2025"
        );
        assert_eq!(
            DateSpec::parse("2025-02..2025-03").unwrap().to_string(),
            "February 2025 – March 2025"
        );
    }

    #[test]
    fn a_range_gives_its_start_as_html_datetime() {
        let range = DateSpec::parse("2025-04..2026-01").unwrap();
        assert_eq!(range.datetime_attr(), "2025-04");
        assert_eq!(range.iso(), "2025-04..2026-01");
        assert_eq!(
            DateSpec::parse("2025-02-27").unwrap().datetime_attr(),
            "2025-02-27"
        );
    }

    #[test]
    fn refuses_impossible_dates() {
        assert_eq!(
            DateSpec::parse("2025-02-30").unwrap_err(),
            "February 2025 has no day 30"
        );
        assert_eq!(DateSpec::parse("2024-02-29").unwrap().start.day, Some(29));
        assert_eq!(
            DateSpec::parse("2025-13").unwrap_err(),
            "`2025-13` has no month 13"
        );
        assert!(DateSpec::parse("25-01-01").is_err());
        assert!(DateSpec::parse("2025-03..2025-01").is_err());
    }

    #[test]
    fn orders_coarser_dates_first() {
        let month = DateSpec::parse("2025-02").unwrap();
        let day = DateSpec::parse("2025-02-01").unwrap();
        assert!(month < day);
    }
}

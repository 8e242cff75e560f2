//! How current each brief is: its age relative to the edition's date, and
//! whether it is due for review (`review_by`).
//!
//! Two questions, kept apart. What the pages say is decided against the
//! edition's date ([`crate::model::SiteData::edition_date`]), never the
//! clock, so two builds of the same input stay byte-identical. Only the
//! terminal warning (BB043 review-overdue) asks what day it is today: the
//! clock, or `BRIEFBOOK_TODAY` for tests and for checking ahead.

use std::fmt;
use std::path::Path;

use jiff::civil::Date;
use jiff::{Unit, Zoned};

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::{DateSpec, Entry, Meta, PartialDate, Precision};

/// The variable that sets today's date for the overdue warning.
pub const TODAY_VAR: &str = "BRIEFBOOK_TODAY";

/// Today's date for the overdue warning: `BRIEFBOOK_TODAY` (`YYYY-MM-DD`)
/// when set, else the system clock's date in the local time zone. A value
/// that is not a day is an error, not silently the clock: a test or a CI job
/// that sets it means it.
pub fn today() -> Result<Date, Diagnostic> {
    match std::env::var(TODAY_VAR) {
        Ok(value) if !value.trim().is_empty() => match PartialDate::parse(value.trim()) {
            Ok(d) if d.precision() == Precision::Day => Ok(d.first_day()),
            _ => Err(Diagnostic::file(
                Severity::Error,
                Path::new(TODAY_VAR),
                format!("{TODAY_VAR} is set to `{value}`, which is not a day"),
            )
            .with_hint(format!(
                "write a day such as `{TODAY_VAR}=2026-06-01`, or unset it to use today's date"
            ))),
        },
        _ => Ok(Zoned::now().date()),
    }
}

/// Whether `a` is before `b` at the coarser of their two precisions:
/// `2026-01` is not before `2026-01-20`, `2025-12` is.
pub fn before(a: PartialDate, b: PartialDate) -> bool {
    let precision = a.precision().min(b.precision());
    truncate(a, precision) < truncate(b, precision)
}

fn truncate(d: PartialDate, precision: Precision) -> PartialDate {
    PartialDate {
        year: d.year,
        month: (precision >= Precision::Month).then_some(d.month).flatten(),
        day: (precision == Precision::Day).then_some(d.day).flatten(),
    }
}

/// Whether a brief with `review_by` is due on `day`: from the first day
/// `review_by` covers on (a month from its first, a year from 1 January).
pub fn is_due(review_by: PartialDate, day: Date) -> bool {
    review_by.first_day() <= day
}

/// The edition's date as one day, for [`is_due`]: its first day, as the
/// feed and `review_by` count a month or a year.
pub fn edition_day(edition: PartialDate) -> Date {
    edition.first_day()
}

/// BB043 for a brief whose `review_by` has come by `today`; `None` for
/// anything else.
pub fn overdue_warning(e: &Entry, today: Date) -> Option<Diagnostic> {
    let Meta::Brief {
        review_by: Some(review),
        ..
    } = &e.parsed.meta
    else {
        return None;
    };
    if !is_due(review.date, today) {
        return None;
    }
    let today = PartialDate {
        year: today.year(),
        month: Some(today.month()),
        day: Some(today.day()),
    };
    Some(
        e.file
            .warning(
                review.offset,
                review.len,
                format!(
                    "this brief is due for review: its `review_by` is {} (today is {today})",
                    review.date
                ),
            )
            .with_hint("check the brief against newer sources, then update `as_of` and set a later `review_by` (or remove it)")
            .with_code(Code::ReviewOverdue),
    )
}

/// How old a brief's information is at the edition's date, in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Age {
    /// As of the edition's date or later.
    Current,
    /// Older, by so many units.
    Before(u32, AgeUnit),
    /// In the same month (or year) as the edition, when one of the two
    /// dates gives no finer precision.
    SameMonth,
    SameYear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeUnit {
    Day,
    Week,
    Month,
    Year,
}

/// The age of information as of `as_of` (a range counts by its end) at the
/// edition's date, rounded down so that it reads at a glance and is the
/// same in every build: under 14 days in days, under 9 weeks in weeks,
/// under 24 months in months, else in years. Between dates of different
/// precision it is counted at the coarser one: a brief as of January 2026
/// in an edition of 15 March 2026 is 2 months old.
pub fn age(as_of: &DateSpec, edition: PartialDate) -> Age {
    let current_to = as_of.end.unwrap_or(as_of.start);
    let precision = current_to.precision().min(edition.precision());
    let (from, to) = (
        truncate(current_to, precision),
        truncate(edition, precision),
    );
    // Equal at a coarser precision than one of them gives is not "current":
    // a brief as of March 2026 may be a fortnight older than 15 March.
    let same_precision = current_to.precision() == edition.precision();
    if from > to || (from == to && same_precision) {
        return Age::Current;
    }
    match precision {
        Precision::Day => {
            let (a, b) = (from.first_day(), to.first_day());
            let days = a.until((Unit::Day, b)).map_or(0, |s| s.get_days()) as u32;
            if days < 14 {
                Age::Before(days, AgeUnit::Day)
            } else if days < 63 {
                Age::Before(days / 7, AgeUnit::Week)
            } else {
                let months = a.until((Unit::Month, b)).map_or(0, |s| s.get_months()) as u32;
                in_months(months)
            }
        }
        Precision::Month => {
            let months = (i32::from(to.year) * 12 + i32::from(to.month.unwrap_or(1)))
                - (i32::from(from.year) * 12 + i32::from(from.month.unwrap_or(1)));
            if months == 0 {
                Age::SameMonth
            } else {
                in_months(months as u32)
            }
        }
        Precision::Year => match u32::from(to.year.abs_diff(from.year)) {
            0 => Age::SameYear,
            years => Age::Before(years, AgeUnit::Year),
        },
    }
}

fn in_months(months: u32) -> Age {
    if months < 24 {
        Age::Before(months, AgeUnit::Month)
    } else {
        Age::Before(months / 12, AgeUnit::Year)
    }
}

impl fmt::Display for Age {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Age::Current => f.write_str("current to this edition"),
            Age::SameMonth => f.write_str("from the month of this edition"),
            Age::SameYear => f.write_str("from the year of this edition"),
            Age::Before(n, unit) => {
                let name = match unit {
                    AgeUnit::Day => "day",
                    AgeUnit::Week => "week",
                    AgeUnit::Month => "month",
                    AgeUnit::Year => "year",
                };
                let s = if *n == 1 { "" } else { "s" };
                write!(f, "{n} {name}{s} before this edition")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    fn age_of(as_of: &str, edition: &str) -> String {
        age(&DateSpec::parse(as_of).unwrap(), d(edition)).to_string()
    }

    #[test]
    fn age_counts_days_then_weeks_then_months_then_years() {
        assert_eq!(
            age_of("2026-02-15", "2026-02-15"),
            "current to this edition"
        );
        assert_eq!(
            age_of("2026-02-20", "2026-02-15"),
            "current to this edition"
        );
        assert_eq!(
            age_of("2026-02-14", "2026-02-15"),
            "1 day before this edition"
        );
        assert_eq!(
            age_of("2026-02-02", "2026-02-15"),
            "13 days before this edition"
        );
        assert_eq!(
            age_of("2026-02-01", "2026-02-15"),
            "2 weeks before this edition"
        );
        assert_eq!(
            age_of("2026-01-03", "2026-02-15"),
            "6 weeks before this edition"
        );
        // 62 days: still weeks; 63: months.
        assert_eq!(
            age_of("2025-12-15", "2026-02-15"),
            "8 weeks before this edition"
        );
        assert_eq!(
            age_of("2025-12-14", "2026-02-15"),
            "2 months before this edition"
        );
        assert_eq!(
            age_of("2025-02-16", "2026-02-15"),
            "11 months before this edition"
        );
        assert_eq!(
            age_of("2024-02-16", "2026-02-15"),
            "23 months before this edition"
        );
        assert_eq!(
            age_of("2024-02-15", "2026-02-15"),
            "2 years before this edition"
        );
    }

    #[test]
    fn age_of_partial_dates_is_counted_at_the_coarser_precision() {
        assert_eq!(
            age_of("2026-01", "2026-03-15"),
            "2 months before this edition"
        );
        assert_eq!(
            age_of("2026-03", "2026-03-15"),
            "from the month of this edition"
        );
        assert_eq!(
            age_of("2026-03-02", "2026-03"),
            "from the month of this edition"
        );
        assert_eq!(
            age_of("2026", "2026-03-15"),
            "from the year of this edition"
        );
        assert_eq!(age_of("2024", "2026-03-15"), "2 years before this edition");
        assert_eq!(age_of("2025", "2026-03-15"), "1 year before this edition");
        // A range counts by its end.
        assert_eq!(
            age_of("2026-01-01..2026-02-14", "2026-02-15"),
            "1 day before this edition"
        );
    }

    #[test]
    fn review_is_due_from_the_first_day_review_by_covers() {
        let day = |s: &str| d(s).first_day();
        assert!(!is_due(d("2026-03-01"), day("2026-02-28")));
        assert!(is_due(d("2026-03-01"), day("2026-03-01")));
        assert!(is_due(d("2026-03"), day("2026-03-01")));
        assert!(!is_due(d("2026-03"), day("2026-02-28")));
        assert!(is_due(d("2026"), day("2026-01-01")));
    }

    #[test]
    fn before_compares_at_the_coarser_precision() {
        assert!(!before(d("2026-01"), d("2026-01-20")));
        assert!(before(d("2025-12"), d("2026-01-20")));
        assert!(before(d("2026-01-19"), d("2026-01-20")));
        assert!(!before(d("2026-01-20"), d("2026-01-20")));
        assert!(!before(d("2026"), d("2026-12-31")));
    }
}

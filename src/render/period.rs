//! The fiscal period a column heading names, for the data package:
//! `2024`, `Budget 2026`, `2024/25`, `2024-25`, `FY2025`, `FY 2025-26`,
//! `2024 to 2025`, read with the book's `fiscal-year-start`.
//!
//! A single year names the fiscal year that ends in it, as US and UK budgets
//! number theirs: with a year from 1 April, `FY2025` is 2024-04-01 to
//! 2025-03-31; with a year from 1 January it is simply the calendar year.
//! Two years name the fiscal years from the one that starts in the first to
//! the one that ends in the second: `2024/25` from 1 April is 2024-04-01 to
//! 2025-03-31, and from 1 January a two-year plan, 2024-01-01 to 2025-12-31.

/// A fiscal period, both days included, as `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Period {
    pub start: String,
    pub end: String,
    /// The fiscal year, named by the year it ends in, when the period is
    /// exactly one fiscal year; `None` for a span of several.
    pub fiscal_year: Option<u32>,
}

/// How far apart the two years of a heading may be: a span longer than a
/// plan period is more likely a date (`2024-12-31`) than a period.
const LONGEST_SPAN: u32 = 10;

/// The period a heading names, with the fiscal year starting on `start`
/// (month, day); `None` when it names no year.
pub fn of_heading(heading: &str, start: (u32, u32)) -> Option<Period> {
    let (first, rest) = first_year(heading)?;
    let (from, to) = match second_year(rest, first) {
        Some(last) => (first, last),
        // The fiscal year ending in `first` starts in the year before,
        // unless it starts on 1 January.
        None if start == (1, 1) => (first, first),
        None => (first - 1, first),
    };
    let one_year = if start == (1, 1) {
        from == to
    } else {
        to == from + 1
    };
    Some(Period {
        start: date(from, start),
        end: last_day(to, start),
        fiscal_year: one_year.then_some(to),
    })
}

/// The first run of four digits that reads as a year (19xx or 20xx), and
/// the text after it.
fn first_year(heading: &str) -> Option<(u32, &str)> {
    let mut rest = heading;
    while let Some(begin) = rest.find(|c: char| c.is_ascii_digit()) {
        let digits = digits_at(&rest[begin..]);
        let after = &rest[begin + digits.len()..];
        if digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20")) {
            return digits.parse().ok().map(|year| (year, after));
        }
        rest = after;
    }
    None
}

/// The year after `first` that closes a span: `/25`, `-25`, `–2025`,
/// ` to 2025`, with two digits read in `first`'s century (or the next).
fn second_year(rest: &str, first: u32) -> Option<u32> {
    let rest = rest.trim_start();
    let rest = rest
        .strip_prefix(['/', '-', '\u{2013}'])
        .or_else(|| rest.strip_prefix("to "))?
        .trim_start();
    let digits = digits_at(rest);
    let written: u32 = digits.parse().ok()?;
    let year = match digits.len() {
        4 => written,
        2 => {
            let in_century = first - first % 100 + written;
            if in_century <= first {
                in_century + 100
            } else {
                in_century
            }
        }
        _ => return None,
    };
    (first < year && year - first <= LONGEST_SPAN).then_some(year)
}

fn digits_at(text: &str) -> &str {
    let end = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    &text[..end]
}

fn date(year: u32, (month, day): (u32, u32)) -> String {
    format!("{year:04}-{month:02}-{day:02}")
}

/// The last day of the fiscal year that ends in `year`: the day before the
/// next one starts.
fn last_day(year: u32, start: (u32, u32)) -> String {
    match start {
        (1, 1) => date(year, (12, 31)),
        (month, 1) => date(year, (month - 1, days_in(month - 1, year))),
        (month, day) => date(year, (month, day - 1)),
    }
}

fn days_in(month: u32, year: u32) -> u32 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn period(heading: &str, start: (u32, u32)) -> Option<(String, String)> {
        of_heading(heading, start).map(|p| (p.start, p.end))
    }

    fn days(start: &str, end: &str) -> Option<(String, String)> {
        Some((start.to_string(), end.to_string()))
    }

    #[test]
    fn calendar_years() {
        let january = (1, 1);
        assert_eq!(period("2024", january), days("2024-01-01", "2024-12-31"));
        assert_eq!(
            period("Budget 2026", january),
            days("2026-01-01", "2026-12-31")
        );
        assert_eq!(
            period("Plan 2027", january),
            days("2027-01-01", "2027-12-31")
        );
        assert_eq!(period("FY2025", january), days("2025-01-01", "2025-12-31"));
        // Two calendar years: a two-year plan.
        for heading in [
            "2024/25",
            "2024-25",
            "2024–25",
            "2024 to 2025",
            "FY 2024-25",
            "FY2024/25",
        ] {
            assert_eq!(
                period(heading, january),
                days("2024-01-01", "2025-12-31"),
                "{heading}"
            );
        }
    }

    #[test]
    fn financial_years_from_april() {
        let april = (4, 1);
        let fy_2025 = days("2024-04-01", "2025-03-31");
        for heading in [
            "2024/25",
            "2024-25",
            "2024/2025",
            "2024 to 2025",
            "FY2025",
            "FY 2025",
            "2025",
            "Budget 2025",
        ] {
            assert_eq!(period(heading, april), fy_2025, "{heading}");
        }
        for heading in ["FY 2025-26", "FY2025/26", "Plan 2026", "2025–26"] {
            assert_eq!(
                period(heading, april),
                days("2025-04-01", "2026-03-31"),
                "{heading}"
            );
        }
        assert_eq!(period("1999/00", april), days("1999-04-01", "2000-03-31"));
        // A biennium: two fiscal years.
        assert_eq!(period("2023-25", april), days("2023-04-01", "2025-03-31"));
    }

    #[test]
    fn other_first_days() {
        assert_eq!(period("FY2025", (10, 1)), days("2024-10-01", "2025-09-30"));
        assert_eq!(period("2024/25", (7, 1)), days("2024-07-01", "2025-06-30"));
        assert_eq!(period("2023/24", (3, 1)), days("2023-03-01", "2024-02-29"));
        assert_eq!(period("2024/25", (3, 1)), days("2024-03-01", "2025-02-28"));
        assert_eq!(period("2024/25", (4, 6)), days("2024-04-06", "2025-04-05"));
    }

    #[test]
    fn one_fiscal_year_is_named_by_the_year_it_ends_in() {
        let year = |heading: &str, start| of_heading(heading, start).and_then(|p| p.fiscal_year);
        assert_eq!(year("Budget 2026", (1, 1)), Some(2026));
        assert_eq!(year("2024/25", (4, 1)), Some(2025));
        assert_eq!(year("FY2025", (4, 1)), Some(2025));
        assert_eq!(year("FY2025", (10, 1)), Some(2025));
        assert_eq!(year("2024/25", (1, 1)), None, "two calendar years");
        assert_eq!(year("2023-25", (4, 1)), None, "a biennium");
    }

    #[test]
    fn headings_without_a_year_name_no_period() {
        for heading in ["Per år", "Change", "", "Q1", "123", "3000", "FY25", "1850"] {
            assert_eq!(period(heading, (1, 1)), None, "{heading}");
            assert_eq!(period(heading, (4, 1)), None, "{heading}");
        }
    }

    #[test]
    fn a_date_or_a_far_year_is_not_a_span() {
        assert_eq!(
            period("2024-12-31", (1, 1)),
            days("2024-01-01", "2024-12-31")
        );
        assert_eq!(
            period("2024 vs 2023", (1, 1)),
            days("2024-01-01", "2024-12-31")
        );
        assert_eq!(
            period("2024-2040", (1, 1)),
            days("2024-01-01", "2024-12-31")
        );
        assert_eq!(period("2024/24", (4, 1)), days("2023-04-01", "2024-03-31"));
        assert_eq!(
            period("12024", (1, 1)),
            None,
            "a run of five digits is not a year"
        );
    }
}

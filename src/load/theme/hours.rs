//! `[clinic] opening_hours`, read.
//!
//! site.toml keeps schema.org's `openingHours` syntax (`"Mo-Fr 08:00-18:00"`), because that is
//! what the home page's JSON-LD must carry and it is short to write. [`parse`] reads it into
//! [`Hours`], which the render stage puts in words in each page's language
//! (`render::hours`: "Monday to Friday: 8 AM to 6 PM", "Lunes a viernes: de 8 a.m. a 6 p.m.").
//! A value that is not in that syntax is an error at site.toml's line, so the structured data
//! can never carry something search engines reject.

/// schema.org's day codes, Monday first.
const DAYS: [&str; 7] = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];

/// What a valid value looks like, for error messages.
pub const EXPECTED: &str = "opening hours like \"Mo-Fr 08:00-18:00\" or \"Sa 09:00-12:00,13:00-16:00\" (days Mo Tu We Th Fr Sa Su, 24-hour times)";

/// One `opening_hours` entry: on these days, open at these times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hours {
    /// The days, as written: single days and ranges.
    pub days: Vec<Days>,
    /// Opening and closing times, in order.
    pub times: Vec<(Clock, Clock)>,
}

/// A day (`Mo`) or a range of days (`Mo-Fr`); 0 is Monday.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Days {
    One(u8),
    Range(u8, u8),
}

/// A time of day; `24:00` (the end of a day in schema.org's syntax) is read as `00:00`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    pub hour: u8,
    pub minute: u8,
}

/// `"Mo-Fr 08:00-18:00"` read; `None` when it is not schema.org's syntax.
pub fn parse(value: &str) -> Option<Hours> {
    let (days, times) = value.trim().split_once(' ')?;
    let day = |code: &str| DAYS.iter().position(|c| *c == code).map(|i| i as u8);
    let days = days
        .split(',')
        .map(|part| match part.split_once('-') {
            Some((from, to)) => Some(Days::Range(day(from)?, day(to)?)),
            None => day(part).map(Days::One),
        })
        .collect::<Option<Vec<_>>>()?;
    let times = times
        .trim()
        .split(',')
        .map(|range| {
            let (open, close) = range.trim().split_once('-')?;
            Some((clock(open)?, clock(close)?))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Hours { days, times })
}

/// `08:30` read; `None` unless it is `HH:MM` on a 24-hour clock (`24:00` allowed).
fn clock(time: &str) -> Option<Clock> {
    let (hours, minutes) = time.split_once(':')?;
    if hours.len() != 2 || minutes.len() != 2 {
        return None;
    }
    let hour: u8 = hours.parse().ok()?;
    let minute: u8 = minutes.parse().ok()?;
    // 24:00 is how schema.org writes midnight at the end of a day.
    if hour > 24 || minute > 59 || (hour == 24 && minute != 0) {
        return None;
    }
    Some(Clock {
        hour: hour % 24,
        minute,
    })
}

/// Whether the clinic's country writes times on a 12-hour clock.
pub fn twelve_hour_country(country: &str) -> bool {
    matches!(
        country.to_ascii_uppercase().as_str(),
        "US" | "CA" | "AU" | "NZ" | "PH" | "IN"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_days_and_times() {
        let clock = |hour, minute| Clock { hour, minute };
        assert_eq!(
            parse("Mo-Fr 08:00-18:00").unwrap(),
            Hours {
                days: vec![Days::Range(0, 4)],
                times: vec![(clock(8, 0), clock(18, 0))],
            }
        );
        assert_eq!(
            parse("Mo,We,Sa 09:30-12:00,13:00-24:00").unwrap(),
            Hours {
                days: vec![Days::One(0), Days::One(2), Days::One(5)],
                times: vec![(clock(9, 30), clock(12, 0)), (clock(13, 0), clock(0, 0))],
            }
        );
    }

    #[test]
    fn refuses_other_syntax() {
        for bad in [
            "Mon-Fri 8-6",
            "Monday to Friday",
            "Mo-Fr 8:00-18:00",
            "Mo-Fr",
            "Xx 08:00-09:00",
            "Mo 25:00-26:00",
            "Mo 24:30-24:40",
        ] {
            assert!(parse(bad).is_none(), "{bad}");
        }
    }
}

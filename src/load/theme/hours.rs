//! `[clinic] opening_hours` in words.
//!
//! site.toml keeps schema.org's `openingHours` syntax (`"Mo-Fr 08:00-18:00"`), because that is
//! what the home page's JSON-LD must carry and it is short to write; pages show it in words
//! ("Monday to Friday: 8 am to 6 pm"). A value that is not in that syntax is an error at
//! site.toml's line, so the structured data can never carry something search engines reject.

const DAYS: [(&str, &str); 7] = [
    ("Mo", "Monday"),
    ("Tu", "Tuesday"),
    ("We", "Wednesday"),
    ("Th", "Thursday"),
    ("Fr", "Friday"),
    ("Sa", "Saturday"),
    ("Su", "Sunday"),
];

/// What a valid value looks like, for error messages.
pub const EXPECTED: &str = "opening hours like \"Mo-Fr 08:00-18:00\" or \"Sa 09:00-12:00,13:00-16:00\" (days Mo Tu We Th Fr Sa Su, 24-hour times)";

/// `"Mo-Fr 08:00-18:00"` → `"Monday to Friday: 8 am to 6 pm"` (`twelve_hour`) or
/// `"Monday to Friday: 08:00 to 18:00"`; `None` when it is not schema.org's syntax.
pub fn in_words(value: &str, twelve_hour: bool) -> Option<String> {
    let (days, times) = value.trim().split_once(' ')?;
    let days = days_in_words(days)?;
    let times = times
        .trim()
        .split(',')
        .map(|range| {
            let (open, close) = range.trim().split_once('-')?;
            Some(format!(
                "{} to {}",
                time_in_words(open, twelve_hour)?,
                time_in_words(close, twelve_hour)?
            ))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(format!("{days}: {}", join_words(&times)))
}

/// `Mo-Fr` → `Monday to Friday`; `Mo,We,Fr` → `Monday, Wednesday and Friday`.
fn days_in_words(spec: &str) -> Option<String> {
    let day = |code: &str| DAYS.iter().find(|(c, _)| *c == code).map(|(_, name)| *name);
    let parts = spec
        .split(',')
        .map(|part| match part.split_once('-') {
            Some((from, to)) => Some(format!("{} to {}", day(from)?, day(to)?)),
            None => day(part).map(str::to_string),
        })
        .collect::<Option<Vec<_>>>()?;
    Some(join_words(&parts))
}

/// `08:30` → `8:30 am` (12-hour) or `08:30`.
fn time_in_words(time: &str, twelve_hour: bool) -> Option<String> {
    let (hours, minutes) = time.split_once(':')?;
    if hours.len() != 2 || minutes.len() != 2 {
        return None;
    }
    let hours: u32 = hours.parse().ok()?;
    let minutes: u32 = minutes.parse().ok()?;
    // 24:00 is how schema.org writes midnight at the end of a day.
    if hours > 24 || minutes > 59 || (hours == 24 && minutes != 0) {
        return None;
    }
    if !twelve_hour {
        return Some(format!("{hours:02}:{minutes:02}"));
    }
    match (hours, minutes) {
        (0 | 24, 0) => return Some("midnight".to_string()),
        (12, 0) => return Some("noon".to_string()),
        _ => {}
    }
    let suffix = if hours < 12 || hours == 24 {
        "am"
    } else {
        "pm"
    };
    let hour = match hours % 12 {
        0 => 12,
        h => h,
    };
    Some(match minutes {
        0 => format!("{hour} {suffix}"),
        m => format!("{hour}:{m:02} {suffix}"),
    })
}

/// `a`, `a and b`, `a, b and c`.
fn join_words(parts: &[String]) -> String {
    match parts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
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
    fn writes_hours_in_words() {
        assert_eq!(
            in_words("Mo-Fr 08:00-18:00", true).unwrap(),
            "Monday to Friday: 8 am to 6 pm"
        );
        assert_eq!(
            in_words("Sa 09:30-12:00,13:00-16:00", true).unwrap(),
            "Saturday: 9:30 am to noon and 1 pm to 4 pm"
        );
        assert_eq!(
            in_words("Mo,We,Fr 08:00-18:00", false).unwrap(),
            "Monday, Wednesday and Friday: 08:00 to 18:00"
        );
        assert_eq!(
            in_words("Su 00:00-24:00", true).unwrap(),
            "Sunday: midnight to midnight"
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
        ] {
            assert!(in_words(bad, true).is_none(), "{bad}");
        }
    }
}

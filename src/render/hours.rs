//! `[clinic] opening_hours` in words, in a page's language: "Monday to Friday: 8 AM to 6 PM"
//! on an English page, "Lunes a viernes: de 8 a.m. a 6 p.m." on a Spanish one.
//!
//! The words that join the parts come from the theme's strings (`hours-days`, `hours-times`,
//! `hours-line`), so a theme or a site can reword them; day names, times and lists ("a, b and
//! c", "a, b y c") come from CLDR data through ICU4X, in the page's language with the clinic's
//! country as its region (`en-US`, `es-US`). The clock is the country's: 12-hour in the
//! countries of [`twelve_hour_country`], where a time on the hour drops its minutes ("8 AM");
//! 24-hour elsewhere, written as CLDR writes it for the language and country ("08:00").

use fluent_bundle::FluentArgs;
use icu_datetime::fieldsets::{E, T};
use icu_datetime::input::{Date, Time};
use icu_datetime::options::TimePrecision;
use icu_datetime::preferences::HourCycle;
use icu_datetime::{DateTimeFormatter, DateTimeFormatterPreferences, NoCalendarFormatter};
use icu_list::ListFormatter;
use icu_list::options::{ListFormatterOptions, ListLength};
use icu_locale_core::Locale;

use crate::load::theme::hours::{Clock, Days, Hours, parse, twelve_hour_country};
use crate::render::strings::Strings;

/// Each of `opening_hours` (schema.org's syntax) in words; a value that does not parse (the
/// load stage has already reported it) or a language ICU4X has no data for is shown as written.
pub fn in_words(opening_hours: &[String], country: &str, strings: &Strings) -> Vec<String> {
    let formatters = Formatters::new(strings.language(), country);
    opening_hours
        .iter()
        .map(|value| {
            formatters
                .as_ref()
                .zip(parse(value))
                .and_then(|(formatters, hours)| formatters.line(&hours, strings))
                .unwrap_or_else(|| value.clone())
        })
        .collect()
}

/// The CLDR formatters of one language and region.
struct Formatters {
    weekday: DateTimeFormatter<E>,
    time: NoCalendarFormatter<T>,
    and_list: ListFormatter,
}

impl Formatters {
    fn new(language: &str, country: &str) -> Option<Formatters> {
        let locale = Locale::try_from_str(&format!("{language}-{}", country.to_uppercase()))
            .or_else(|_| Locale::try_from_str(language))
            .ok()?;
        let mut preferences = DateTimeFormatterPreferences::from(&locale);
        let twelve_hour = twelve_hour_country(country);
        // A 24-hour clock keeps the pattern CLDR gives the language and country.
        if twelve_hour {
            preferences.hour_cycle = Some(HourCycle::Clock12);
        }
        let precision = if twelve_hour {
            TimePrecision::MinuteOptional
        } else {
            TimePrecision::Minute
        };
        Some(Formatters {
            weekday: DateTimeFormatter::try_new(preferences, E::long()).ok()?,
            time: NoCalendarFormatter::try_new(preferences, T::hm().with_time_precision(precision))
                .ok()?,
            and_list: ListFormatter::try_new_and(
                (&locale).into(),
                ListFormatterOptions::default().with_length(ListLength::Wide),
            )
            .ok()?,
        })
    }

    /// One entry: "Monday to Friday: 8 AM to 6 PM", its first letter a capital.
    fn line(&self, hours: &Hours, strings: &Strings) -> Option<String> {
        let days = hours
            .days
            .iter()
            .map(|days| match *days {
                Days::One(day) => self.weekday(day),
                Days::Range(from, to) => range(
                    strings,
                    "hours-days",
                    self.weekday(from)?,
                    self.weekday(to)?,
                ),
            })
            .collect::<Option<Vec<_>>>()?;
        let times = hours
            .times
            .iter()
            .map(|(open, close)| range(strings, "hours-times", self.time(open)?, self.time(close)?))
            .collect::<Option<Vec<_>>>()?;
        let mut args = FluentArgs::new();
        args.set("days", self.and_list.format(days.iter()).to_string());
        args.set("times", self.and_list.format(times.iter()).to_string());
        let line = strings.format("hours-line", Some(&args))?;
        let mut chars = line.chars();
        let first = chars.next()?;
        Some(first.to_uppercase().chain(chars).collect())
    }

    /// Day 0 (Monday) to 6 (Sunday) by name: "Monday", "lunes".
    fn weekday(&self, day: u8) -> Option<String> {
        // 1 January 2024 was a Monday.
        let date = Date::try_new_iso(2024, 1, 1 + day).ok()?;
        Some(self.weekday.format(&date).to_string())
    }

    fn time(&self, clock: &Clock) -> Option<String> {
        let time = Time::try_new(clock.hour, clock.minute, 0, 0).ok()?;
        Some(self.time.format(&time).to_string())
    }
}

/// The theme string `key` with `$from` and `$to`: "Monday to Friday", "de 8 a. m. a 6 p. m.".
fn range(strings: &Strings, key: &str, from: String, to: String) -> Option<String> {
    let mut args = FluentArgs::new();
    args.set("from", from);
    args.set("to", to);
    strings.format(key, Some(&args))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(language: &str, country: &str, values: &[&str]) -> Vec<String> {
        let strings = Strings::builtin(language);
        let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        in_words(&values, country, &strings)
    }

    // CLDR puts a narrow no-break space (U+202F) between a time and AM or PM, so a line never
    // breaks inside "8 AM".
    #[test]
    fn english_on_a_twelve_hour_clock() {
        assert_eq!(
            words(
                "en",
                "US",
                &[
                    "Mo-Fr 08:00-18:00",
                    "Sa 09:30-12:00,13:00-16:00",
                    "Su 00:00-24:00"
                ]
            ),
            [
                "Monday to Friday: 8\u{202f}AM to 6\u{202f}PM",
                "Saturday: 9:30\u{202f}AM to 12\u{202f}PM and 1\u{202f}PM to 4\u{202f}PM",
                "Sunday: 12\u{202f}AM to 12\u{202f}AM",
            ]
        );
    }

    #[test]
    fn english_on_a_twenty_four_hour_clock() {
        assert_eq!(
            words("en", "GB", &["Mo,We,Fr 08:00-18:00"]),
            ["Monday, Wednesday and Friday: 08:00 to 18:00"]
        );
    }

    #[test]
    fn spanish_in_the_united_states_and_in_spain() {
        assert_eq!(
            words("es", "US", &["Mo-Fr 08:00-18:00", "Sa 09:00-13:00"]),
            [
                "Lunes a viernes: de 8\u{202f}a.m. a 6\u{202f}p.m.",
                "Sábado: de 9\u{202f}a.m. a 1\u{202f}p.m."
            ]
        );
        assert_eq!(
            words("es", "ES", &["Mo,Th,Fr 09:00-14:00,16:00-20:00"]),
            ["Lunes, jueves y viernes: de 09:00 a 14:00 y de 16:00 a 20:00"]
        );
    }

    #[test]
    fn shows_a_value_it_cannot_read_as_written() {
        assert_eq!(words("en", "US", &["Mon-Fri 8-6"]), ["Mon-Fri 8-6"]);
    }
}

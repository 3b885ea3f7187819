//! Phone numbers: written any common way by a clinic, dialled as E.164, shown in national form.

use std::str::FromStr;

use phonenumber::{Mode, country};
use serde::Serialize;

/// A validated phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phone {
    /// E.164, for `tel:` links and structured data: `+13105550142`.
    pub e164: String,
    /// How a local reader writes it: `(310) 555-0142`.
    pub display: String,
    /// International form: `+1 310-555-0142`.
    pub international: String,
}

/// Parses `input` as a number in `country` (a two-letter ISO code such as `US`) unless it
/// starts with `+`. The error is a reason fit for a message.
pub fn parse(input: &str, country: &str) -> Result<Phone, String> {
    let region = parse_country(country)?;
    let number = phonenumber::parse(Some(region), input).map_err(|e| e.to_string())?;
    if !phonenumber::is_valid(&number) {
        return Err(format!(
            "not a valid number for {}",
            number
                .country()
                .id()
                .map_or("its country code".to_string(), |id| { format!("{id:?}") })
        ));
    }
    let national_region = number.country().id() == Some(region);
    let display_mode = if national_region {
        Mode::National
    } else {
        Mode::International
    };
    Ok(Phone {
        e164: number.format().mode(Mode::E164).to_string(),
        display: number.format().mode(display_mode).to_string(),
        international: number.format().mode(Mode::International).to_string(),
    })
}

/// Parses a two-letter ISO 3166 country code.
pub fn parse_country(country: &str) -> Result<country::Id, String> {
    country::Id::from_str(&country.trim().to_ascii_uppercase())
        .map_err(|_| format!("unknown country code \"{country}\"; expected two letters like US"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_common_us_formats() {
        for input in [
            "(310) 828-7757",
            "310.828.7757",
            "310-828-7757",
            "+1 310 828 7757",
            "1-310-828-7757",
            "3108287757",
        ] {
            let phone = parse(input, "US").unwrap();
            assert_eq!(phone.e164, "+13108287757", "{input}");
            assert_eq!(phone.display, "(310) 828-7757", "{input}");
        }
    }

    #[test]
    fn normalises_other_countries() {
        assert_eq!(parse("020 7946 0958", "GB").unwrap().e164, "+442079460958");
        assert_eq!(parse("030 901820", "DE").unwrap().e164, "+4930901820");
        assert_eq!(parse("01 23 45 67 89", "FR").unwrap().e164, "+33123456789");
        let foreign = parse("+44 20 7946 0958", "US").unwrap();
        assert_eq!(foreign.display, "+44 20 7946 0958");
    }

    #[test]
    fn rejects_nonsense() {
        assert!(parse("call us", "US").is_err());
        assert!(parse("123", "US").is_err());
        assert!(parse("(310) 828-7757", "XX").is_err());
    }
}

//! Phone numbers: written any common way by a clinic, dialled as E.164, shown in national form.
//!
//! Numbers are read by the `phonenumber` crate, with libphonenumber's metadata. The crate's own
//! database compiles the patterns of all 254 regions on first use: about 650 million
//! instructions, a fifth of a second of every `build`, `check` and `serve` of a site with one
//! phone number. Here a number is first read with a database of only the regions it can belong
//! to: those sharing the calling code of the site's country, and of the code after a leading
//! `+`. It is built from the same metadata, kept in `phone/PhoneNumberMetadata.xml`. Country
//! codes are prefix-free, so such a database finds the calling code the full one would, and
//! holds every region of it. What it cannot read is read again with the full database, which
//! also words the error.

use std::borrow::Cow;
use std::str::FromStr;
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

use phonenumber::metadata::{DATABASE, Database, Format, Metadata, loader};
use phonenumber::{Mode, PhoneNumber, country};
use rustc_hash::FxHashMap;
use serde::Serialize;

/// libphonenumber's metadata, the version the `phonenumber` crate of Cargo.lock embeds
/// (9.0.33; a test checks that they agree). Licensed under the Apache License 2.0, as its
/// header says.
const METADATA: &str = include_str!("phone/PhoneNumberMetadata.xml");

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
    if let Some(database) = regional_database(input, region)
        && let Ok(phone) = parse_with(&database, region, input)
    {
        return Ok(phone);
    }
    parse_with(&DATABASE, region, input)
}

/// Parses a two-letter ISO 3166 country code.
pub fn parse_country(country: &str) -> Result<country::Id, String> {
    country::Id::from_str(&country.trim().to_ascii_uppercase())
        .map_err(|_| format!("unknown country code \"{country}\"; expected two letters like US"))
}

/// [`parse`] with the metadata of `database`.
fn parse_with(database: &Database, region: country::Id, input: &str) -> Result<Phone, String> {
    let number =
        phonenumber::parse_with(database, Some(region), input).map_err(|e| e.to_string())?;
    let number_region = number
        .metadata(database)
        .and_then(|meta| country::Id::from_str(meta.id()).ok());
    if !phonenumber::is_valid_with(database, &number) {
        return Err(format!(
            "not a valid number for {}",
            number_region.map_or("its country code".to_string(), |id| format!("{id:?}"))
        ));
    }
    let display_mode = if number_region == Some(region) {
        Mode::National
    } else {
        Mode::International
    };
    let format =
        |mode| write(database, &number, mode).ok_or("has no calling code it can be written with");
    Ok(Phone {
        e164: format(Mode::E164)?,
        display: format(display_mode)?,
        international: format(Mode::International)?,
    })
}

/// `number` written in `mode` (E.164, national or international) with the formats of
/// `database`, as the crate's `Formatter` writes it. That one builds the crate's full database
/// even when it is given another (`unwrap_or(&DATABASE)`), which is the cost this module avoids.
fn write(database: &Database, number: &PhoneNumber, mode: Mode) -> Option<String> {
    let code = number.code().value();
    // The formats of the calling code's main region, as the crate takes them.
    let meta = database.by_code(&code)?.into_iter().next()?;
    let national = number.national().to_string();
    if mode == Mode::E164 {
        return Some(format!("+{code}{national}"));
    }
    let formats = if meta.international_formats().is_empty() || mode == Mode::National {
        meta.formats()
    } else {
        meta.international_formats()
    };
    let mut written = match mode {
        Mode::International => format!("+{code} "),
        _ => String::new(),
    };
    match formats.iter().find(|format| fits(format, &national)) {
        Some(format) => {
            // Nationally, the carrier code or the national prefix joins the first group.
            let rule = match mode {
                Mode::National => (number.carrier())
                    .and_then(|carrier| Some((format.domestic_carrier()?, Some(&**carrier))))
                    .or_else(|| Some((format.national_prefix()?, None))),
                _ => None,
            };
            written.push_str(&apply(format, meta, &national, rule));
        }
        None => written.push_str(&national),
    }
    if let Some(extension) = number.extension() {
        written.push_str(meta.preferred_extension_prefix().unwrap_or(" ext. "));
        written.push_str(extension);
    }
    Some(written)
}

/// Whether `format` is the one for `national`: no leading digits, or its last leading-digits
/// pattern matches the start and its pattern the whole number (the crate's precedence).
fn fits(format: &Format, national: &str) -> bool {
    format.leading_digits().last().is_none_or(|leading| {
        leading.find(national).is_some_and(|m| m.start() == 0)
            && (format.pattern().find(national))
                .is_some_and(|m| m.start() == 0 && m.end() == national.len())
    })
}

/// `national` written in `format`; with a `rule` (a national-prefix or carrier-code rule and
/// the carrier), the rule replaces the format's first group (`$1`), with `$NP` the national
/// prefix, `$FG` the group and `$CC` the carrier in it.
fn apply(
    format: &Format,
    meta: &Metadata,
    national: &str,
    rule: Option<(&str, Option<&str>)>,
) -> String {
    let pattern = format.format();
    let group = pattern
        .as_bytes()
        .windows(2)
        .position(|w| w[0] == b'$' && w[1].is_ascii_digit());
    let template = match (rule, group) {
        (Some((rule, carrier)), Some(at)) => {
            let first = &pattern[at..at + 2];
            let rule = rule
                .replace("$NP", meta.national_prefix().unwrap_or(""))
                .replace("$FG", first)
                .replace("$CC", carrier.unwrap_or(""));
            Cow::Owned(format!("{}{rule}{}", &pattern[..at], &pattern[at + 2..]))
        }
        _ => Cow::Borrowed(pattern),
    };
    format.pattern().replace(national, &*template).into_owned()
}

/// One region's `<territory>` element of [`METADATA`].
struct Territory {
    /// Its region: `US`, or `001` for a calling code of no country.
    id: &'static str,
    /// Its calling code: `1`.
    code: u16,
    /// The element, start tag to end tag.
    xml: &'static str,
}

/// Every region of [`METADATA`], in its order.
static TERRITORIES: LazyLock<Vec<Territory>> = LazyLock::new(|| {
    const END: &str = "</territory>";
    let mut territories = Vec::new();
    let mut from = 0;
    while let Some(start) = METADATA[from..].find("<territory ").map(|at| from + at) {
        let Some(end) = METADATA[start..].find(END).map(|at| start + at + END.len()) else {
            break;
        };
        let xml = &METADATA[start..end];
        let start_tag = &xml[..xml.find('>').unwrap_or(xml.len())];
        let code = attribute(start_tag, "countryCode").and_then(|code| code.parse().ok());
        if let (Some(id), Some(code)) = (attribute(start_tag, "id"), code) {
            territories.push(Territory { id, code, xml });
        }
        from = end;
    }
    territories
});

/// The value of the attribute `name` in `start_tag`.
fn attribute<'a>(start_tag: &'a str, name: &str) -> Option<&'a str> {
    let at = start_tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let length = start_tag[at..].find('"')?;
    Some(&start_tag[at..at + length])
}

/// The databases made so far, by the calling codes they hold: a page's own CTA number asks
/// for the site's again.
type Databases = FxHashMap<(u16, Option<u16>), Arc<Database>>;

/// A database of the regions `input` can belong to when written in `region`: those of the
/// region's calling code, and of the code after a leading `+`. None when the metadata has no
/// such region or does not load.
fn regional_database(input: &str, region: country::Id) -> Option<Arc<Database>> {
    static DATABASES: LazyLock<Mutex<Databases>> = LazyLock::new(Mutex::default);
    let territories = &*TERRITORIES;
    let own = territories.iter().find(|t| t.id == region.as_ref())?.code;
    let dialled = dialled_code(input, territories);
    let mut databases = DATABASES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(database) = databases.get(&(own, dialled)) {
        return Some(database.clone());
    }
    let mut xml = String::from("<phoneNumberMetadata><territories>");
    for territory in territories {
        if territory.code == own || Some(territory.code) == dialled {
            xml.push_str(territory.xml);
        }
    }
    xml.push_str("</territories></phoneNumberMetadata>");
    let metadata = loader::load(xml.as_bytes()).ok()?;
    let database = Arc::new(Database::from(metadata).ok()?);
    databases.insert((own, dialled), database.clone());
    Some(database)
}

/// The calling code after a leading `+`, found as the crate finds it: the first of the one to
/// three digits that follow which is some region's code.
fn dialled_code(input: &str, territories: &[Territory]) -> Option<u16> {
    let digits: String = (input.trim_start().strip_prefix('+')?.chars())
        .filter(char::is_ascii_digit)
        .take(3)
        .collect();
    (1..=digits.len())
        .filter_map(|length| digits[..length].parse().ok())
        .find(|code| territories.iter().any(|t| t.code == *code))
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

    #[test]
    fn the_kept_metadata_is_the_one_the_crate_embeds() {
        let kept: Vec<_> = loader::load(METADATA.as_bytes()).unwrap();
        let kept: std::collections::BTreeSet<_> = kept
            .iter()
            .map(|meta| {
                let example = meta.fixed_line.as_ref().and_then(|d| d.example.clone());
                let formats = meta
                    .formats
                    .iter()
                    .map(|f| f.format.clone().unwrap_or_default());
                (
                    meta.id.clone().unwrap(),
                    meta.country_code.unwrap(),
                    example,
                    formats.collect(),
                )
            })
            .collect();
        // The crate's regions by calling code: by region, the codes of no country ("001")
        // would be one.
        let codes: std::collections::BTreeSet<u16> = kept.iter().map(|k| k.1).collect();
        let embedded: std::collections::BTreeSet<(String, u16, Option<String>, Vec<String>)> =
            (codes
                .iter()
                .flat_map(|code| DATABASE.by_code(code).unwrap()))
            .map(|meta| {
                let descriptors = meta.descriptors();
                let example = descriptors.fixed_line().and_then(|d| d.example());
                let formats = meta.formats().iter().map(|f| f.format().to_string());
                let example = example.map(str::to_string);
                (
                    meta.id().to_string(),
                    meta.country_code(),
                    example,
                    formats.collect(),
                )
            })
            .collect();
        assert_eq!(kept.len(), TERRITORIES.len());
        assert_eq!(
            kept, embedded,
            "update src/load/phone/PhoneNumberMetadata.xml"
        );
    }

    /// What the crate's own functions make of `input` written in `region`, with its full
    /// database and its `Formatter`: what this module did before it had regional databases.
    fn as_the_crate_reads(region: country::Id, input: &str) -> Option<Phone> {
        let number = phonenumber::parse(Some(region), input).ok()?;
        if !phonenumber::is_valid(&number) {
            return None;
        }
        let display_mode = if number.country().id() == Some(region) {
            Mode::National
        } else {
            Mode::International
        };
        Some(Phone {
            e164: number.format().mode(Mode::E164).to_string(),
            display: number.format().mode(display_mode).to_string(),
            international: number.format().mode(Mode::International).to_string(),
        })
    }

    /// Every region's example numbers, written nationally in the region (with an extension,
    /// too) and internationally in others, read as the crate reads them; what the crate
    /// reads, a regional database reads too.
    #[test]
    fn a_regional_database_reads_numbers_as_the_full_one_does() {
        let mut read = 0;
        for meta in loader::load(METADATA.as_bytes()).unwrap() {
            let code = meta.country_code.unwrap();
            let own = country::Id::from_str(meta.id.as_deref().unwrap()).ok();
            let descriptors = [&meta.fixed_line, &meta.toll_free];
            for example in descriptors
                .into_iter()
                .flatten()
                .filter_map(|d| d.example.clone())
            {
                let mut cases = vec![
                    (country::Id::US, format!("+{code} {example}")),
                    (country::Id::DE, format!("+{code}{example}")),
                ];
                if let Some(own) = own {
                    cases.push((own, example.clone()));
                    cases.push((own, format!("+{code} ({example})")));
                    cases.push((own, format!("{example} ext. 27")));
                }
                for (region, input) in cases {
                    let database = regional_database(&input, region).unwrap();
                    if let Some(expected) = as_the_crate_reads(region, &input) {
                        let regional = parse_with(&database, region, &input);
                        assert_eq!(regional, Ok(expected), "{input} written in {region:?}");
                        read += 1;
                    }
                }
            }
        }
        assert!(read > 2000, "{read} numbers read");
    }
}

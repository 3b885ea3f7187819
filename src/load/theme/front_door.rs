//! What the home page and every footer say about the clinic beyond site.toml's raw values:
//! the address on one line and a link to directions (the opening hours are put in words in
//! each page's language by `render::hours`).

use crate::load::config::ClinicConfig;

/// The address on one line: `1200 Harbor Boulevard, Santa Monica, CA 90401`; empty without a
/// street address.
pub fn address_line(clinic: &ClinicConfig) -> String {
    let Some(street) = non_empty(&clinic.street_address) else {
        return String::new();
    };
    let region_postal = [non_empty(&clinic.region), non_empty(&clinic.postal_code)]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    [
        Some(street),
        non_empty(&clinic.locality),
        Some(region_postal.as_str()),
    ]
    .into_iter()
    .flatten()
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join(", ")
}

/// A maps search for the clinic, opened by the reader's own maps app or site: a plain link,
/// no embedded map and nothing loaded from another host. Empty without a street address.
pub fn directions_url(name: &str, clinic: &ClinicConfig) -> String {
    let address = address_line(clinic);
    if address.is_empty() {
        return String::new();
    }
    // Google's documented cross-platform Maps URL; phones open it in their maps app.
    let query: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("api", "1")
        .append_pair("query", &format!("{name}, {address}"))
        .finish();
    format!("https://www.google.com/maps/search/?{query}")
}

fn non_empty(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_the_address_and_a_maps_search() {
        let clinic = ClinicConfig {
            street_address: Some("1200 Harbor Boulevard, Suite 300".into()),
            locality: Some("Santa Monica".into()),
            region: Some("CA".into()),
            postal_code: Some("90401".into()),
            ..ClinicConfig::default()
        };
        assert_eq!(
            address_line(&clinic),
            "1200 Harbor Boulevard, Suite 300, Santa Monica, CA 90401"
        );
        assert_eq!(
            directions_url("Harbor Spine & Physio", &clinic),
            "https://www.google.com/maps/search/?api=1&query=Harbor+Spine+%26+Physio%2C+1200+Harbor+Boulevard%2C+Suite+300%2C+Santa+Monica%2C+CA+90401"
        );
        assert_eq!(directions_url("x", &ClinicConfig::default()), "");
    }
}

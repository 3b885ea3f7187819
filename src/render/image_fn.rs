//! The `image` template function: a static or content image measured and resized like a
//! Markdown image (`image(path="/images/team.jpg")` → `src`, `width`, `height`, `srcset`,
//! `webp_srcset`, `sizes`). The copies it asks for are collected here and written with the
//! other output files.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use tera::{Kwargs, State, Tera, TeraResult, Value};

use crate::load::media::Images;
use crate::markdown::images::{ImageSource, SIZES};

/// The images templates asked for during a build.
#[derive(Debug)]
pub struct TemplateImages {
    images: Images,
    /// Output path → the cache folder with the file of that name. Templates render in
    /// parallel, hence the lock; it is held only to add a few paths.
    files: Mutex<BTreeMap<String, Arc<Path>>>,
}

impl TemplateImages {
    /// For the site `images` belongs to.
    pub fn new(images: Images) -> TemplateImages {
        TemplateImages {
            images,
            files: Mutex::new(BTreeMap::new()),
        }
    }

    /// Every copy asked for so far: (output path, the cache folder with the file of that name).
    pub fn files(&self) -> Vec<(String, Arc<Path>)> {
        self.files
            .lock()
            .map(|files| files.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    }

    /// How many copies the function encoded.
    pub fn encoded(&self) -> usize {
        self.images.encoded()
    }
}

#[derive(Serialize)]
struct ImageValue<'a> {
    src: &'a str,
    width: u32,
    height: u32,
    srcset: &'a str,
    webp_srcset: &'a str,
    sizes: &'a str,
}

/// Registers `image(path=…)` over `images`; returns them, to collect the files it used.
pub fn register(tera: &mut Tera, images: crate::load::media::Images) -> Arc<TemplateImages> {
    let images = Arc::new(TemplateImages::new(images));
    let registered = Arc::clone(&images);
    tera.register_function(
        "image",
        move |kwargs: Kwargs, _: &State| -> TeraResult<Value> {
            let path = kwargs.must_get::<&str>("path")?;
            let local = images
                .images
                .local_image(path, "")
                .map_err(|problem| tera::Error::message(problem.to_string()))?
                .ok_or_else(|| {
                    tera::Error::message(format!(
                        "image(path=\"{path}\"): only files of the site can be measured"
                    ))
                })?;
            if let Ok(mut files) = images.files.lock() {
                files.extend(local.files.iter().cloned());
            }
            let sizes = if local.srcset.is_empty() && local.webp_srcset.is_empty() {
                ""
            } else {
                SIZES
            };
            Ok(Value::from_serializable(&ImageValue {
                src: &local.src,
                width: local.width,
                height: local.height,
                srcset: &local.srcset,
                webp_srcset: &local.webp_srcset,
                sizes,
            }))
        },
    );
    registered
}

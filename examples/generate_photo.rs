//! Draws the example site's photograph-sized image (a harbor walkway at sunrise, painted
//! procedurally) and writes it as a JPEG: `cargo run --release --example generate_photo --
//! OUT.jpg [WIDTH] [SEED]`. The benchmark (`bench/images.py`) uses it to make one distinct
//! photo per article; the example site's copy lives in
//! content/articles/walking-for-back-pain/harbor-walk.jpg.

use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, ImageEncoder, RgbImage};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: generate_photo OUT.jpg [WIDTH] [SEED]");
        std::process::exit(2);
    };
    let width: u32 = args.next().and_then(|w| w.parse().ok()).unwrap_or(2000);
    let seed: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(7);
    let height = width * 2 / 3;
    let image = paint(width, height, seed);
    let mut bytes = Vec::new();
    if let Err(e) = JpegEncoder::new_with_quality(&mut bytes, 72).write_image(
        image.as_raw(),
        width,
        height,
        ExtendedColorType::Rgb8,
    ) {
        eprintln!("cannot encode: {e}");
        std::process::exit(1);
    }
    if let Err(e) = std::fs::write(&out, &bytes) {
        eprintln!("cannot write {out}: {e}");
        std::process::exit(1);
    }
}

/// A small deterministic hash, for grain and ripples.
fn noise(x: u32, y: u32, seed: u32) -> f32 {
    let mut h = x
        .wrapping_mul(374_761_393)
        .wrapping_add(y.wrapping_mul(668_265_263))
        .wrapping_add(seed.wrapping_mul(2_147_483_647));
    h = (h ^ (h >> 13)).wrapping_mul(1_274_126_177);
    (h ^ (h >> 16)) as f32 / u32::MAX as f32
}

fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    let t = t.clamp(0.0, 1.0);
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

fn paint(width: u32, height: u32, seed: u32) -> RgbImage {
    let w = width as f32;
    let h = height as f32;
    let horizon = h * 0.55;
    let sun = (w * (0.3 + 0.4 * noise(seed, 1, 3)), horizon - h * 0.08);
    // Phases for the hills' waves; 6.28 (not TAU) keeps the committed photo reproducible.
    #[allow(clippy::approx_constant)]
    let hills: Vec<f32> = (0..8).map(|i| noise(i, seed, 11) * 6.28).collect();
    RgbImage::from_fn(width, height, |x, y| {
        let (fx, fy) = (x as f32, y as f32);
        let ridge = horizon
            - h * 0.06
            - hills
                .iter()
                .enumerate()
                .map(|(i, phase)| (fx / w * (i as f32 + 1.5) * 3.0 + phase).sin() * h * 0.012)
                .sum::<f32>();
        let mut colour = if fy < ridge {
            // Sky: deep blue above, warm near the horizon, a glow around the sun.
            let t = fy / ridge;
            let sky = mix([46.0, 84.0, 140.0], [250.0, 190.0, 140.0], t.powf(1.6));
            let d = ((fx - sun.0).powi(2) + (fy - sun.1).powi(2)).sqrt() / h;
            mix(sky, [255.0, 236.0, 200.0], (0.22 - d).max(0.0) * 6.0)
        } else if fy < horizon {
            // Hills across the water, hazy.
            mix(
                [70.0, 88.0, 96.0],
                [120.0, 122.0, 128.0],
                (horizon - fy) / (h * 0.1),
            )
        } else {
            // Water: the sky's colours reflected, broken by ripples.
            let t = (fy - horizon) / (h - horizon);
            let ripple = ((fy * 0.9 + (fx * 0.02).sin() * 8.0).sin() * 0.5 + 0.5) * (1.0 - t);
            let water = mix([200.0, 150.0, 120.0], [30.0, 60.0, 90.0], t.powf(0.6));
            let glint = if (fx - sun.0).abs() < w * 0.05 * (1.0 + t * 2.0) {
                ripple * 0.5
            } else {
                0.0
            };
            mix(water, [255.0, 230.0, 190.0], glint)
        };
        // A boardwalk along the bottom, in perspective.
        let walk_top = h * 0.82;
        if fy > walk_top {
            let depth = (fy - walk_top) / (h - walk_top);
            let plank = ((fx - w * 0.5) / (0.2 + depth) * 0.02).sin().abs();
            colour = mix(
                [92.0, 70.0, 52.0],
                [150.0, 118.0, 88.0],
                plank * 0.6 + depth * 0.3,
            );
        }
        let grain = (noise(x, y, seed) - 0.5) * 10.0;
        image::Rgb([
            (colour[0] + grain).clamp(0.0, 255.0) as u8,
            (colour[1] + grain).clamp(0.0, 255.0) as u8,
            (colour[2] + grain).clamp(0.0, 255.0) as u8,
        ])
    })
}

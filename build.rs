//! Cargo build script (not the build stage, which is src/build.rs).
//!
//! `vertebra new` embeds themes/default with `include_dir!`, which tracks the files that exist
//! when it compiles but not files added to or removed from the folder later. Asking Cargo to
//! watch the folder rebuilds the binary whenever anything in the theme changes.

fn main() {
    println!("cargo::rerun-if-changed=themes/default");
}

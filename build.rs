//! Cargo build script (not the build stage, which is src/build.rs).
//!
//! The built-in theme (src/theme/default) is embedded with `include_dir!`, which tracks the files that exist
//! when it compiles but not files added to or removed from the folder later. Asking Cargo to
//! watch the folder rebuilds the binary whenever anything in the theme changes.

fn main() {
    println!("cargo::rerun-if-changed=src/theme/default");
}

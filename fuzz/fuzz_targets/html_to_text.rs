//! HTML to terminal text: any article HTML through the document model and the layout at a
//! few widths, as `griot show` and the reader do. Nothing may panic, no laid-out line may
//! be wider than asked, and no terminal control may survive (`checks::render`).

#![no_main]

#[path = "../checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = checks::render(&String::from_utf8_lossy(data));
});

//! HTML to terminal text: any article HTML through the document model and the layout at a
//! few widths, as `griot show` and the reader do. Nothing may panic, no laid-out line may
//! be wider than asked, and no terminal control may survive.

#![no_main]

use griot::render::{layout, lines_plain, sanitize, Document, LayoutOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let doc = Document::from_html(&html, Some("http://example.org/a/b.html"));
    for (width, measure) in [(1u16, 0u16), (12, 0), (40, 0), (80, 72), (200, 100)] {
        let laid = layout(&doc, &LayoutOptions { width, measure, link_list: true });
        for line in &laid.lines {
            assert!(line.width() <= usize::from(width), "{} > {width}: {line:?}", line.width());
        }
        let text = lines_plain(&laid.lines);
        assert!(sanitize::is_clean(&text), "a control survived: {text:?}");
    }
    let _ = griot::store::html_to_text(&html);
});

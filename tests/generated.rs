use dispatch_desk::template::Template;
#[test]
fn smoke() { let _ = Template::bundled(); let _ = rust_xlsxwriter::Workbook::new(); }

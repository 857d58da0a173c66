//! A table's column header that sorts by its column.

use eframe::egui::Ui;

/// The header button of `key`'s column, marked ▲/▼ while it sorts the table. A second click
/// reverses the order; another column starts descending when `first_descending` says so.
pub fn header<K: PartialEq + Copy>(
    ui: &mut Ui,
    label: &str,
    key: K,
    (sort, descending): (&mut K, &mut bool),
    first_descending: bool,
) {
    let mark = match (*sort == key, *descending) {
        (true, true) => " ▼",
        (true, false) => " ▲",
        _ => "",
    };
    if ui
        .button(format!("{label}{mark}"))
        .on_hover_text("点击排序")
        .clicked()
    {
        if *sort == key {
            *descending = !*descending;
        } else {
            *sort = key;
            *descending = first_descending;
        }
    }
}

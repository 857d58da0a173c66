//! Where the presenter is: the slide, the black screen, the slide index (G) and a slide number
//! being typed (number + Enter), moved by the keys presentation software and clickers use.

use eframe::egui;

/// A presenter's key, whatever sent it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Next,
    Previous,
    First,
    Last,
    Digit(u8),
    Enter,
    Back,
    /// G: the slide index.
    Index,
    /// B or `.`: the black screen.
    Black,
    Escape,
}

impl Key {
    /// The presenter's meaning of a key: → ↓ PageDown Space N next, ← ↑ PageUp P back (what
    /// clickers send), Home/End, digits, Enter, Backspace, G, B or `.`, Esc.
    pub fn of(key: egui::Key) -> Option<Key> {
        use egui::Key as K;
        Some(match key {
            K::ArrowRight | K::ArrowDown | K::PageDown | K::Space | K::N => Key::Next,
            K::ArrowLeft | K::ArrowUp | K::PageUp | K::P => Key::Previous,
            K::Home => Key::First,
            K::End => Key::Last,
            K::Enter => Key::Enter,
            K::Backspace => Key::Back,
            K::G => Key::Index,
            K::B | K::Period => Key::Black,
            K::Escape => Key::Escape,
            K::Num0 => Key::Digit(0),
            K::Num1 => Key::Digit(1),
            K::Num2 => Key::Digit(2),
            K::Num3 => Key::Digit(3),
            K::Num4 => Key::Digit(4),
            K::Num5 => Key::Digit(5),
            K::Num6 => Key::Digit(6),
            K::Num7 => Key::Digit(7),
            K::Num8 => Key::Digit(8),
            K::Num9 => Key::Digit(9),
            _ => return None,
        })
    }
}

/// The presenter's keys pressed this frame, in order (with Ctrl or Alt they are the window's).
pub fn pressed(ctx: &egui::Context) -> Vec<Key> {
    ctx.input(|i| {
        i.events
            .iter()
            .filter_map(|e| match e {
                egui::Event::Key {
                    key,
                    pressed: true,
                    modifiers,
                    ..
                } if !modifiers.ctrl && !modifiers.alt && !modifiers.command => Key::of(*key),
                _ => None,
            })
            .collect()
    })
}

/// What a key asks of the app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Stay,
    Leave,
}

/// The state of 演示模式.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Show {
    /// The slide on the screen (0-based).
    pub index: usize,
    /// The screen is black (B), as presentation software does while the room talks.
    pub black: bool,
    /// The slide index (G) is open, with the slide it points at.
    pub picking: Option<usize>,
    /// A slide number being typed, gone to with Enter.
    pub typed: String,
    /// The next frame is drawn for a picture of the slide (no controls).
    pub capturing: bool,
}

impl Show {
    /// Acts on a key in a deck of `count` slides.
    pub fn key(&mut self, key: Key, count: usize) -> Flow {
        let last = count.saturating_sub(1);
        // Any key brings the picture back; it does nothing else.
        if self.black {
            self.black = false;
            return Flow::Stay;
        }
        if let Some(at) = self.picking {
            self.picking = match key {
                Key::Next => Some((at + 1).min(last)),
                Key::Previous => Some(at.saturating_sub(1)),
                Key::First => Some(0),
                Key::Last => Some(last),
                Key::Digit(d) => {
                    self.push(d);
                    Some(at)
                }
                Key::Back => {
                    self.typed.pop();
                    Some(at)
                }
                Key::Enter => {
                    self.index = self.take_typed(count).unwrap_or(at);
                    None
                }
                Key::Index | Key::Escape => {
                    self.typed.clear();
                    None
                }
                Key::Black => {
                    self.black = true;
                    None
                }
            };
            return Flow::Stay;
        }
        match key {
            Key::Next => self.index = (self.index + 1).min(last),
            Key::Previous => self.index = self.index.saturating_sub(1),
            Key::First => self.index = 0,
            Key::Last => self.index = last,
            Key::Digit(d) => self.push(d),
            // Enter alone moves on, as in presentation software; a number out of range does nothing.
            Key::Enter if self.typed.is_empty() => self.index = (self.index + 1).min(last),
            Key::Enter => {
                if let Some(i) = self.take_typed(count) {
                    self.index = i;
                }
            }
            Key::Back => {
                if self.typed.pop().is_none() {
                    self.index = self.index.saturating_sub(1);
                }
            }
            Key::Index => self.picking = Some(self.index),
            Key::Black => self.black = true,
            Key::Escape => {
                if self.typed.is_empty() {
                    return Flow::Leave;
                }
                self.typed.clear();
            }
        }
        Flow::Stay
    }

    /// Goes to a slide from the index or the controls.
    pub fn go(&mut self, index: usize, count: usize) {
        self.index = index.min(count.saturating_sub(1));
        self.picking = None;
        self.typed.clear();
    }

    fn push(&mut self, d: u8) {
        // Three digits are more slides than any meeting has.
        if self.typed.len() < 3 {
            self.typed.push(char::from(b'0' + d));
        }
    }

    /// The typed slide number as an index, if it names a slide; the typing is cleared.
    fn take_typed(&mut self, count: usize) -> Option<usize> {
        let n: usize = std::mem::take(&mut self.typed).parse().ok()?;
        (1..=count).contains(&n).then(|| n - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(show: &mut Show, keys: &[Key], count: usize) -> Flow {
        let mut flow = Flow::Stay;
        for k in keys {
            flow = show.key(*k, count);
        }
        flow
    }

    #[test]
    fn clicker_keys_move_within_the_deck() {
        let mut s = Show::default();
        keys(&mut s, &[Key::Previous, Key::Next, Key::Next], 3);
        assert_eq!(s.index, 2);
        keys(&mut s, &[Key::Next], 3);
        assert_eq!(s.index, 2, "stays on the last slide");
        keys(&mut s, &[Key::First], 3);
        assert_eq!(s.index, 0);
        keys(&mut s, &[Key::Last], 3);
        assert_eq!(s.index, 2);
        assert_eq!(s.key(Key::Escape, 3), Flow::Leave);
    }

    #[test]
    fn a_number_and_enter_go_to_that_slide() {
        let mut s = Show::default();
        keys(&mut s, &[Key::Digit(1), Key::Digit(2), Key::Enter], 14);
        assert_eq!(s.index, 11);
        assert!(s.typed.is_empty());
        // Out of range: nothing moves; a digit taken back with Backspace.
        keys(&mut s, &[Key::Digit(9), Key::Digit(9), Key::Enter], 14);
        assert_eq!(s.index, 11);
        keys(
            &mut s,
            &[Key::Digit(3), Key::Digit(4), Key::Back, Key::Enter],
            14,
        );
        assert_eq!(s.index, 2);
        // Esc first forgets a number being typed, then leaves.
        keys(&mut s, &[Key::Digit(5)], 14);
        assert_eq!(s.key(Key::Escape, 14), Flow::Stay);
        assert_eq!(s.index, 2);
        assert_eq!(s.key(Key::Escape, 14), Flow::Leave);
    }

    #[test]
    fn black_screen_comes_back_on_any_key_without_moving() {
        let mut s = Show {
            index: 4,
            ..Show::default()
        };
        s.key(Key::Black, 9);
        assert!(s.black);
        assert_eq!(s.key(Key::Next, 9), Flow::Stay);
        assert!(!s.black);
        assert_eq!(s.index, 4);
        s.key(Key::Black, 9);
        assert_eq!(
            s.key(Key::Escape, 9),
            Flow::Stay,
            "Esc leaves the black only"
        );
        assert!(!s.black);
    }

    #[test]
    fn the_index_picks_a_slide_by_arrows_or_number() {
        let mut s = Show::default();
        keys(&mut s, &[Key::Index, Key::Next, Key::Next], 8);
        assert_eq!(s.picking, Some(2));
        assert_eq!(s.index, 0, "the slide changes only on Enter");
        keys(&mut s, &[Key::Enter], 8);
        assert_eq!((s.index, s.picking), (2, None));
        keys(&mut s, &[Key::Index, Key::Digit(7), Key::Enter], 8);
        assert_eq!((s.index, s.picking), (6, None));
        keys(&mut s, &[Key::Index, Key::Last, Key::Escape], 8);
        assert_eq!((s.index, s.picking), (6, None));
    }
}

//! The reader process (`dispatch-desk __reader`): caps its own memory and CPU time, then
//! reads files from stdin one after another and answers each on stdout with its sheets
//! (or a refusal), as `isolation` expects. Panics are caught and print nothing; anything
//! worse ends this process, never the app.

use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

use super::isolation::{MAGIC, quietly};
use super::{limits, source, wire};

/// The exit code of a reader that could not cap itself (it reads nothing then).
pub(super) const NO_LIMITS: i32 = 3;

/// Serves until stdin closes. Exit 0 then; [`NO_LIMITS`] if the limits could not be set.
pub fn serve(memory: u64, cpu_seconds: u64) -> ExitCode {
    // Every panic here is a damaged file's: caught below and answered as a refusal.
    std::panic::set_hook(Box::new(|_| {}));
    if let Err(e) = limits::apply(memory, cpu_seconds) {
        eprintln!("{e}");
        return ExitCode::from(NO_LIMITS as u8);
    }
    let mut input = io::stdin().lock();
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    if out.write_all(MAGIC).and_then(|()| out.flush()).is_err() {
        return ExitCode::from(1);
    }
    while let Some((ext, bytes)) = request(&mut input) {
        let result = quietly(|| source::read(&bytes, &ext))
            .unwrap_or_else(|| Err(super::isolation::PANIC_REFUSAL.into()));
        drop(bytes);
        let written = match result {
            Ok(sheets) => frame(&mut out, 0, wire::encoded_len(&sheets), |w| {
                wire::encode(&sheets, w)
            }),
            Err(message) => frame(&mut out, 1, message.len() as u64, |w| {
                w.write_all(message.as_bytes())
            }),
        };
        if written.is_err() {
            // The app is gone or gave up on us.
            return ExitCode::from(1);
        }
    }
    ExitCode::SUCCESS
}

fn request(input: &mut impl Read) -> Option<(String, Vec<u8>)> {
    let mut n = [0u8; 4];
    input.read_exact(&mut n).ok()?;
    let mut ext = String::new();
    input
        .by_ref()
        .take(u64::from(u32::from_le_bytes(n)))
        .read_to_string(&mut ext)
        .ok()?;
    let mut len = [0u8; 8];
    input.read_exact(&mut len).ok()?;
    let len = u64::from_le_bytes(len);
    let mut bytes = Vec::with_capacity(usize::try_from(len).ok()?);
    input.by_ref().take(len).read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 == len).then_some((ext, bytes))
}

fn frame<W: Write>(
    out: &mut W,
    status: u8,
    len: u64,
    body: impl FnOnce(&mut W) -> io::Result<()>,
) -> io::Result<()> {
    out.write_all(&[status])?;
    out.write_all(&len.to_le_bytes())?;
    body(out)?;
    out.flush()
}

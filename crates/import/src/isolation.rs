//! Untrusted workbooks are read in a child process: this program re-run with the hidden
//! `__reader` subcommand (see `worker`), capped in memory and CPU before it reads a byte,
//! killed at the wall-clock limit or on cancel. Files go to it over its stdin; sheets come
//! back over its stdout in the compact form of `wire`. One reader serves a whole drop, file
//! after file; when it dies on a file, that file is refused with the reason and a new reader
//! takes the rest. Nothing it prints reaches the user.

use std::io::{BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex, Once};
use std::time::{Duration, Instant};

use super::grid::Sheet;
use super::source::{self, ReadError};
use super::{wire, worker};

/// The first bytes a reader writes, so that a program that is not one is noticed.
pub(super) const MAGIC: &[u8] = b"dispatch-desk reader 1\n";
const OK: u8 = 0;
const REFUSED: u8 = 1;
/// How often a waiting import looks at its cancel flag.
const POLL: Duration = Duration::from_millis(20);

/// How much memory and time reading one file may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadLimits {
    pub memory: u64,
    pub time: Duration,
}

impl Default for ReadLimits {
    fn default() -> ReadLimits {
        ReadLimits {
            memory: 1 << 30,
            time: Duration::from_secs(30),
        }
    }
}

impl ReadLimits {
    fn memory_text(&self) -> String {
        let (gib, mib) = (1u64 << 30, 1u64 << 20);
        if self.memory >= gib && self.memory.is_multiple_of(gib) {
            format!("{} GB", self.memory / gib)
        } else {
            format!("{} MB", self.memory.div_ceil(mib))
        }
    }

    fn time_text(&self) -> String {
        let ms = self.time.as_millis();
        if ms < 1000 {
            format!("{ms}毫秒")
        } else if ms.is_multiple_of(1000) {
            format!("{}秒", ms / 1000)
        } else {
            format!("{:.1}秒", self.time.as_secs_f64())
        }
    }

    pub(super) fn over_memory(&self) -> ReadError {
        format!("文件异常：读取时内存超过{}，已拒收", self.memory_text())
    }

    pub(super) fn over_time(&self) -> ReadError {
        format!("文件异常：读取时间超过{}，已拒收", self.time_text())
    }

    pub(super) fn too_large(&self) -> ReadError {
        format!("文件异常：文件大小超过{}，已拒收", self.memory_text())
    }

    /// Whether a file is small enough to be read at all.
    fn admits(&self, job: &Job) -> bool {
        job.bytes.len() as u64 <= self.memory
    }

    /// The CPU seconds a reader may use: past the wall-clock limit, for a reader whose app
    /// is gone and no longer kills it.
    fn cpu_seconds(&self) -> u64 {
        self.time.as_secs() + 5
    }
}

struct Config {
    program: Option<PathBuf>,
    limits: ReadLimits,
}

static CONFIG: Mutex<Config> = Mutex::new(Config {
    program: None,
    limits: ReadLimits {
        memory: 1 << 30,
        time: Duration::from_secs(30),
    },
});

fn config<T>(f: impl FnOnce(&mut Config) -> T) -> T {
    let mut c = CONFIG.lock().unwrap_or_else(|e| e.into_inner());
    f(&mut c)
}

/// The program run as the reader: the dispatch-desk binary. The binary names itself at
/// start; tests and benchmarks, whose own executable is a harness, name
/// `env!("CARGO_BIN_EXE_dispatch-desk")`. With no program named, files are read in this
/// process (panics caught, no memory cap): for library use only.
pub fn set_reader_program(path: impl Into<PathBuf>) {
    let path = path.into();
    config(|c| c.program = Some(path));
}

/// Called by the binary: its own executable serves the `__reader` subcommand.
pub fn this_program_reads() {
    if let Ok(exe) = std::env::current_exe() {
        config(|c| {
            if c.program.is_none() {
                c.program = Some(exe);
            }
        });
    }
}

/// Limits for every file read from now on (default 1 GB and 30 s).
pub fn set_read_limits(limits: ReadLimits) {
    config(|c| c.limits = limits);
}

pub fn read_limits() -> ReadLimits {
    config(|c| c.limits)
}

fn program() -> Option<PathBuf> {
    config(|c| c.program.clone())
}

/// A flag that stops an import in progress: the reader is killed at once, nothing is kept.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn new() -> Cancel {
        Cancel::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// Clears the flag for the next import.
    pub fn reset(&self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

/// The import was cancelled; nothing of it was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("已取消导入，工作区没有改动")]
pub struct Cancelled;

/// One file for the reader: its lower-case extension and its bytes.
#[derive(Debug)]
pub(super) struct Job {
    pub ext: String,
    pub bytes: Vec<u8>,
}

/// What the reader made of one file.
pub(super) type Outcome = Result<Vec<Sheet>, ReadError>;

enum Frame {
    Result(Outcome, Instant),
    /// The reader's stdout ended: it exited or died.
    Closed,
}

struct Process {
    child: Child,
    frames: Receiver<Frame>,
    stderr: Option<std::thread::JoinHandle<Vec<u8>>>,
    /// When the reader began on the file it is reading now.
    since: Instant,
}

impl Process {
    fn stop(mut self) -> (Option<std::process::ExitStatus>, Vec<u8>) {
        let _ = self.child.kill();
        let status = self.child.wait().ok();
        let stderr = self
            .stderr
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default();
        (status, stderr)
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Files being read in order, by the reader process (or in this process when no reader
/// program is set). Each [`Reading::next`] gives the next file's sheets or refusal.
pub(super) struct Reading {
    jobs: Arc<Vec<Job>>,
    next: usize,
    limits: ReadLimits,
    program: Option<PathBuf>,
    process: Option<Process>,
}

impl Reading {
    /// Starts reading at once, in the background: the caller can load the template meanwhile.
    pub fn start(jobs: Vec<Job>) -> Reading {
        let mut r = Reading {
            jobs: Arc::new(jobs),
            next: 0,
            limits: read_limits(),
            program: program(),
            process: None,
        };
        r.spawn();
        r
    }

    /// The bytes of file `i`, as given.
    pub fn bytes(&self, i: usize) -> &[u8] {
        self.jobs.get(i).map_or(&[], |j| &j.bytes)
    }

    /// The next file's result, in order; None when all are read.
    pub fn next(&mut self, cancel: &Cancel) -> Option<Result<(usize, Outcome), Cancelled>> {
        let i = self.next;
        let job = self.jobs.get(i)?;
        if cancel.is_cancelled() {
            self.process = None;
            return Some(Err(Cancelled));
        }
        if !self.limits.admits(job) {
            // Never sent to the reader (see `send`).
            self.next += 1;
            return Some(Ok((i, Err(self.limits.too_large()))));
        }
        let Some(program) = self.program.clone() else {
            self.next += 1;
            return Some(Ok((i, read_here(&job.bytes, &job.ext))));
        };
        if self.process.is_none() {
            self.spawn();
        }
        let Some(process) = self.process.as_mut() else {
            self.next += 1;
            return Some(Ok((
                i,
                Err(format!(
                    "无法启动读取进程（{}），文件未读取",
                    program.display()
                )),
            )));
        };
        let outcome = loop {
            let deadline = process.since + self.limits.time;
            let now = Instant::now();
            match process
                .frames
                .recv_timeout(deadline.saturating_duration_since(now).min(POLL))
            {
                Ok(Frame::Result(outcome, at)) => {
                    process.since = at;
                    break outcome;
                }
                Ok(Frame::Closed) | Err(RecvTimeoutError::Disconnected) => {
                    let (status, stderr) = self.process.take().map(Process::stop).unzip();
                    break Err(died(
                        status.flatten(),
                        &stderr.unwrap_or_default(),
                        &self.limits,
                    ));
                }
                Err(RecvTimeoutError::Timeout) => {
                    if cancel.is_cancelled() {
                        self.process = None;
                        return Some(Err(Cancelled));
                    }
                    if Instant::now() >= deadline {
                        self.process = None;
                        break Err(self.limits.over_time());
                    }
                }
            }
        };
        self.next += 1;
        Some(Ok((i, outcome)))
    }

    fn spawn(&mut self) {
        let Some(program) = &self.program else {
            return;
        };
        if self.next >= self.jobs.len() {
            return;
        }
        self.process = spawn(program, &self.jobs, self.next, &self.limits).ok();
    }
}

fn spawn(
    program: &PathBuf,
    jobs: &Arc<Vec<Job>>,
    first: usize,
    limits: &ReadLimits,
) -> std::io::Result<Process> {
    let mut command = Command::new(program);
    command
        .arg("__reader")
        .arg("--memory")
        .arg(limits.memory.to_string())
        .arg("--cpu")
        .arg(limits.cpu_seconds().to_string())
        // An abort is reported in one line, not with a slow symbolised backtrace.
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        const CREATE_NO_WINDOW: u32 = 0x0800_0000;
        command.creation_flags(CREATE_NO_WINDOW);
    }
    let mut child = command.spawn()?;
    let since = Instant::now();
    let (stdin, stdout, stderr) =
        match (child.stdin.take(), child.stdout.take(), child.stderr.take()) {
            (Some(i), Some(o), Some(e)) => (i, o, e),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(std::io::Error::other("no pipes"));
            }
        };
    let spawn_thread = |name: &str| std::thread::Builder::new().name(name.into());
    let jobs = Arc::clone(jobs);
    let limits = *limits;
    spawn_thread("reader-in").spawn(move || send(stdin, &jobs[first..], &limits))?;
    let (tx, frames) = channel();
    let cap = limits.memory;
    spawn_thread("reader-out").spawn(move || {
        let mut out = BufReader::with_capacity(1 << 16, stdout);
        let mut magic = vec![0u8; MAGIC.len()];
        if out.read_exact(&mut magic).is_ok() && magic == MAGIC {
            while let Some(outcome) = receive(&mut out, cap) {
                if tx.send(Frame::Result(outcome, Instant::now())).is_err() {
                    return;
                }
            }
        }
        let _ = tx.send(Frame::Closed);
    })?;
    let stderr = spawn_thread("reader-err").spawn(move || {
        // Kept for telling why a reader died; the rest is drained so it never blocks.
        let mut head = Vec::new();
        let mut err = stderr;
        let _ = err.by_ref().take(1 << 16).read_to_end(&mut head);
        let _ = std::io::copy(&mut err, &mut std::io::sink());
        head
    })?;
    Ok(Process {
        child,
        frames,
        stderr: Some(stderr),
        since,
    })
}

/// Writes each job as `u32 ext length, ext, u64 length, bytes`, skipping files larger than
/// the memory cap; closing stdin afterwards tells the reader there is nothing more.
fn send(stdin: ChildStdin, jobs: &[Job], limits: &ReadLimits) {
    let mut w = std::io::BufWriter::with_capacity(1 << 16, stdin);
    for job in jobs.iter().filter(|j| limits.admits(j)) {
        let ok = w
            .write_all(&(job.ext.len() as u32).to_le_bytes())
            .and_then(|()| w.write_all(job.ext.as_bytes()))
            .and_then(|()| w.write_all(&(job.bytes.len() as u64).to_le_bytes()))
            .and_then(|()| w.write_all(&job.bytes))
            .and_then(|()| w.flush());
        if ok.is_err() {
            return;
        }
    }
}

/// One result frame: `u8 status, u64 length, payload`; None at the end of the stream or
/// on a frame that cannot be one (a reader that says more than its memory cap held).
fn receive(out: &mut impl Read, cap: u64) -> Option<Outcome> {
    let mut head = [0u8; 9];
    out.read_exact(&mut head).ok()?;
    let len = u64::from_le_bytes(head[1..].try_into().ok()?);
    if len > cap {
        return None;
    }
    let mut payload = Vec::new();
    out.take(len).read_to_end(&mut payload).ok()?;
    if payload.len() as u64 != len {
        return None;
    }
    match head[0] {
        OK => Some(
            wire::decode(&payload).ok_or_else(|| "文件已损坏，无法读取（读取结果不完整）".into()),
        ),
        REFUSED => Some(Err(String::from_utf8_lossy(&payload).into_owned())),
        _ => None,
    }
}

/// Why a reader ended before it answered, for the file it was reading.
fn died(status: Option<std::process::ExitStatus>, stderr: &[u8], limits: &ReadLimits) -> ReadError {
    let text = String::from_utf8_lossy(stderr);
    if status.and_then(|s| s.code()) == Some(worker::NO_LIMITS) {
        return format!(
            "无法为读取进程设置内存和时间上限（{}），为安全起见文件未读取",
            dd_core::text::clip(text.trim(), 60)
        );
    }
    if text.contains("memory allocation of") || text.contains("out of memory") {
        return limits.over_memory();
    }
    #[cfg(unix)]
    if let Some(signal) = status.and_then(|s| std::os::unix::process::ExitStatusExt::signal(&s)) {
        match signal {
            libc::SIGXCPU => return limits.over_time(),
            // Killed from outside, as the kernel does when memory runs out.
            libc::SIGKILL => return limits.over_memory(),
            _ => {}
        }
    }
    let _ = status;
    "文件已损坏，无法读取（读取时程序异常退出）".into()
}

/// Reads in this process, for library use without a reader program: panics become a
/// refusal and print nothing.
fn read_here(bytes: &[u8], ext: &str) -> Outcome {
    quietly(|| source::read(bytes, ext)).unwrap_or_else(|| Err(PANIC_REFUSAL.into()))
}

/// The refusal of a file whose reading panicked: a bug of ours met by that file, said apart
/// from the damage the readers name, so tests can tell the two (no file may cause it).
pub const PANIC_REFUSAL: &str = "文件已损坏，无法读取（读取程序内部出错，已记入日志）";

thread_local! {
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic into None; the panic goes to the log, not the terminal (other
/// threads' panics still print as before).
pub(super) fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.with(std::cell::Cell::get) {
                log::error!("读取文件时程序出错：{info}");
            } else {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).ok();
    QUIET.with(|q| q.set(false));
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_as_the_clerk_reads_them() {
        let d = ReadLimits::default();
        assert_eq!(d.over_memory(), "文件异常：读取时内存超过1 GB，已拒收");
        assert_eq!(d.over_time(), "文件异常：读取时间超过30秒，已拒收");
        let small = ReadLimits {
            memory: 64 << 20,
            time: Duration::from_millis(1500),
        };
        assert_eq!(small.over_memory(), "文件异常：读取时内存超过64 MB，已拒收");
        assert_eq!(small.over_time(), "文件异常：读取时间超过1.5秒，已拒收");
    }

    #[test]
    fn panics_while_reading_here_print_nothing_and_refuse() {
        assert_eq!(quietly(|| -> u8 { panic!("boom") }), None);
        assert_eq!(quietly(|| 7), Some(7));
    }
}

//! The reader process caps itself before it reads a byte of any file: address space and CPU
//! time with `setrlimit` on Unix, a Job Object's process memory and time limits on Windows.
//! The cap is what reading may add to what the process holds when it starts (the program's
//! own mappings differ between debug and release builds). An allocation past the cap fails
//! (Rust aborts the process, which the app sees and reports); CPU time past the limit ends
//! it. The app also kills it at the wall-clock limit: the CPU limit only stops a reader
//! whose app has gone.
//!
//! The program's allocator ([`Capped`]) holds the same memory cap itself, so the cap holds
//! where the system does not enforce its own (Wine's Job Objects ignore memory limits) and
//! the refusal names memory on every system.

use std::alloc::{GlobalAlloc, Layout, System};
use std::io;
use std::sync::atomic::{AtomicI64, Ordering};

/// Caps this process at `memory` bytes and `cpu_seconds` of CPU time.
pub fn apply(memory: u64, cpu_seconds: u64) -> io::Result<()> {
    CAP.store(i64::try_from(memory).unwrap_or(i64::MAX), Ordering::Relaxed);
    imp::apply(memory, cpu_seconds)
}

/// Bytes the allocator may hand out from the cap on (0: no cap, nothing counted).
static CAP: AtomicI64 = AtomicI64::new(0);
/// Bytes handed out since the cap (frees of older blocks make it smaller: a looser cap).
static HELD: AtomicI64 = AtomicI64::new(0);

/// The system allocator, refusing an allocation that would take the process past the cap
/// [`apply`] set (Rust then says "memory allocation of … failed" and aborts, which the app
/// reports as the file's refusal). Without a cap it only passes through.
pub struct Capped;

fn take(n: usize) -> bool {
    let cap = CAP.load(Ordering::Relaxed);
    if cap == 0 {
        return true;
    }
    let n = i64::try_from(n).unwrap_or(i64::MAX);
    if HELD.fetch_add(n, Ordering::Relaxed).saturating_add(n) > cap {
        HELD.fetch_sub(n, Ordering::Relaxed);
        return false;
    }
    true
}

fn give(n: usize) {
    if CAP.load(Ordering::Relaxed) != 0 {
        HELD.fetch_sub(i64::try_from(n).unwrap_or(i64::MAX), Ordering::Relaxed);
    }
}

/// `n` bytes taken from the cap, then `alloc`'s block; given back when it fails.
fn counted(n: usize, alloc: impl FnOnce() -> *mut u8) -> *mut u8 {
    if !take(n) {
        return std::ptr::null_mut();
    }
    let p = alloc();
    if p.is_null() {
        give(n);
    }
    p
}

// SAFETY: every call is passed on to the system allocator with the caller's arguments; a
// refused allocation returns null, as GlobalAlloc allows.
unsafe impl GlobalAlloc for Capped {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's layout, as GlobalAlloc::alloc requires.
        counted(layout.size(), || unsafe { System.alloc(layout) })
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as in alloc.
        counted(layout.size(), || unsafe { System.alloc_zeroed(layout) })
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: ptr came from this allocator with this layout.
        unsafe { System.dealloc(ptr, layout) };
        give(layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = layout.size();
        if new_size > old && !take(new_size - old) {
            return std::ptr::null_mut();
        }
        // SAFETY: ptr came from this allocator with this layout; new_size is the caller's.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        match (p.is_null(), new_size > old) {
            (true, true) => give(new_size - old),
            (false, false) => give(old - new_size),
            _ => {}
        }
        p
    }
}

#[cfg(unix)]
mod imp {
    use std::io;

    #[allow(clippy::unnecessary_cast)] // rlim_t is u64 on Linux, not everywhere.
    pub fn apply(memory: u64, cpu_seconds: u64) -> io::Result<()> {
        let memory = memory.saturating_add(address_space());
        let limit = |v: u64| libc::rlimit {
            rlim_cur: v as libc::rlim_t,
            rlim_max: v as libc::rlim_t,
        };
        // SAFETY: setrlimit reads the struct we pass and nothing else.
        let failed = unsafe {
            libc::setrlimit(libc::RLIMIT_AS, &limit(memory)) != 0
                || libc::setrlimit(libc::RLIMIT_CPU, &limit(cpu_seconds)) != 0
        };
        if failed {
            Err(io::Error::last_os_error())
        } else {
            Ok(())
        }
    }

    /// The address space the process holds now (Linux; elsewhere 0, a stricter cap).
    fn address_space() -> u64 {
        #[cfg(target_os = "linux")]
        if let Some(pages) = std::fs::read_to_string("/proc/self/statm")
            .ok()
            .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        {
            // SAFETY: sysconf has no preconditions.
            let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
            return pages.saturating_mul(u64::try_from(page).unwrap_or(4096));
        }
        0
    }
}

#[cfg(windows)]
mod imp {
    use std::io;

    use windows_sys::Win32::System::JobObjects::{
        AssignProcessToJobObject, CreateJobObjectW, JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION,
        JOB_OBJECT_LIMIT_PROCESS_MEMORY, JOB_OBJECT_LIMIT_PROCESS_TIME,
        JOBOBJECT_EXTENDED_LIMIT_INFORMATION, JobObjectExtendedLimitInformation,
        SetInformationJobObject,
    };
    use windows_sys::Win32::System::Threading::GetCurrentProcess;

    pub fn apply(memory: u64, cpu_seconds: u64) -> io::Result<()> {
        // SAFETY: plain Win32 calls on a job handle we own and a zeroed plain-data struct;
        // the handle stays open for the life of the process, which keeps the job.
        unsafe {
            let job = CreateJobObjectW(std::ptr::null(), std::ptr::null());
            if job.is_null() {
                return Err(io::Error::last_os_error());
            }
            let mut info: JOBOBJECT_EXTENDED_LIMIT_INFORMATION = std::mem::zeroed();
            info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_PROCESS_MEMORY
                | JOB_OBJECT_LIMIT_PROCESS_TIME
                | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION;
            // The limit counts committed private memory; the program's start-up needs little
            // of it beside the allowance.
            info.ProcessMemoryLimit =
                usize::try_from(memory.saturating_add(32 << 20)).unwrap_or(usize::MAX);
            // In 100-nanosecond ticks.
            info.BasicLimitInformation.PerProcessUserTimeLimit =
                i64::try_from(cpu_seconds.saturating_mul(10_000_000)).unwrap_or(i64::MAX);
            let ok = SetInformationJobObject(
                job,
                JobObjectExtendedLimitInformation,
                (&raw const info).cast(),
                std::mem::size_of::<JOBOBJECT_EXTENDED_LIMIT_INFORMATION>() as u32,
            );
            if ok == 0 || AssignProcessToJobObject(job, GetCurrentProcess()) == 0 {
                return Err(io::Error::last_os_error());
            }
        }
        Ok(())
    }
}

#[cfg(not(any(unix, windows)))]
mod imp {
    pub fn apply(_: u64, _: u64) -> std::io::Result<()> {
        Err(std::io::Error::other("no memory limit on this platform"))
    }
}

//! A legacy .xls is a Compound File (CFB) container. calamine trusts the container's header
//! counts and sector chains (its issues 684 and 714: a damaged header or a looping chain
//! makes it allocate without bound), so the container is first walked with the `cfb`
//! crate, which checks them against the file. An extra layer: the reader process's memory
//! cap and time limit are the guarantee.

use std::io::{Cursor, Read};

use super::source::ReadError;

/// Ok when the container is sound and holds a workbook stream calamine can read whole.
pub fn check(bytes: &[u8]) -> Result<(), ReadError> {
    let broken = |e: std::io::Error| format!("文件已损坏：xls 文件的内部结构有误（{}）", clip(&e));
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(broken)?;
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n))
        .ok_or("文件已损坏：xls 文件中没有工作簿数据（Workbook 流）")?;
    let mut stream = file.open_stream(name).map_err(broken)?;
    if stream.len() > bytes.len() as u64 {
        return Err("文件已损坏：xls 文件声明的工作簿数据比文件本身还大".into());
    }
    // Reading the stream follows its whole sector chain, which `cfb` checks for loops.
    std::io::copy(
        &mut stream.by_ref().take(bytes.len() as u64),
        &mut std::io::sink(),
    )
    .map_err(broken)?;
    Ok(())
}

fn clip(e: &std::io::Error) -> String {
    dd_core::text::clip(&e.to_string(), 60)
}

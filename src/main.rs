/// mimalloc: loading a province's plans makes and frees a few hundred
/// thousand small strings, and glibc's allocator spent a third of a
/// summary's time on them (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    taizhang::cli::run()
}
